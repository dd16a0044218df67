#include "core/model/secrets.h"

#include <cstdlib>

#include <spdlog/spdlog.h>

#include "core/base/files.h"
#include "core/base/log.h"

namespace tributary::model {
namespace {

constexpr std::size_t kMaxSecretFileBytes = 64 * 1024;

// Walks `text`, calling onLiteral for plain text and onRef for each reference.
template <typename OnLiteral, typename OnRef>
Status scan(std::string_view text, OnLiteral onLiteral, OnRef onRef) {
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t dollar = text.find('$', i);
    if (dollar == std::string_view::npos) {
      onLiteral(text.substr(i));
      break;
    }
    onLiteral(text.substr(i, dollar - i));
    if (text.compare(dollar, 3, "$${") == 0) {  // escaped: a literal "${"
      onLiteral("${");
      i = dollar + 3;
      continue;
    }
    if (text.compare(dollar, 2, "${") != 0) {
      onLiteral("$");
      i = dollar + 1;
      continue;
    }
    std::size_t close = text.find('}', dollar);
    if (close == std::string_view::npos)
      return makeError(ErrorCode::Invalid, "unclosed reference \"" + std::string(text.substr(dollar)) +
                                               "\"; write ${env:NAME} or ${file:PATH}, or $${ for a literal ${");
    std::string_view body = text.substr(dollar + 2, close - dollar - 2);
    // source.http's request templates (${cursor.field}, ${page.token}, ${now})
    // are filled in by the source on every request, not here.
    if (body.rfind("cursor.", 0) == 0 || body.rfind("page.", 0) == 0 || body == "now" || body == "now_ms" ||
        body == "now_s") {
      onLiteral(text.substr(dollar, close - dollar + 1));
      i = close + 1;
      continue;
    }
    SecretRef ref;
    if (body.rfind("env:", 0) == 0) {
      ref.kind = SecretRef::Kind::Env;
      ref.name = std::string(body.substr(4));
    } else if (body.rfind("file:", 0) == 0) {
      ref.kind = SecretRef::Kind::File;
      ref.name = std::string(body.substr(5));
    } else {
      return makeError(ErrorCode::Invalid, "unknown reference \"${" + std::string(body) +
                                               "}\"; only ${env:NAME} and ${file:PATH} are supported");
    }
    if (ref.name.empty())
      return makeError(ErrorCode::Invalid, "reference \"${" + std::string(body) + "}\" names nothing");
    if (auto status = onRef(ref); !status) return status;
    i = close + 1;
  }
  return {};
}

Result<std::string> lookup(const SecretRef& ref, const SecretSource& source) {
  if (ref.kind == SecretRef::Kind::Env) {
    std::optional<std::string> value = source.env ? source.env(ref.name) : std::nullopt;
    if (!value)
      return makeError(ErrorCode::NotFound, "environment variable " + ref.name + " is not set (referenced as ${env:" +
                                                ref.name + "})");
    return *value;
  }
  if (!source.file) return makeError(ErrorCode::Unsupported, "secret files cannot be read here");
  auto content = source.file(ref.name);
  if (!content)
    return makeError(content.error().code, "secret file " + ref.name + ": " + content.error().message);
  std::string value = std::move(*content);
  if (!value.empty() && value.back() == '\n') value.pop_back();
  if (!value.empty() && value.back() == '\r') value.pop_back();
  return value;
}

Status resolveJson(nlohmann::json& value, const std::string& path, const SecretSource& source) {
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (text.find('$') == std::string::npos) return {};
    auto resolved = resolveSecretsIn(text, source);
    if (!resolved) return makeError(resolved.error().code, resolved.error().message, path);
    value = std::move(*resolved);
  } else if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it)
      if (auto status = resolveJson(it.value(), path + "." + it.key(), source); !status) return status;
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i)
      if (auto status = resolveJson(value[i], path + "[" + std::to_string(i) + "]", source); !status) return status;
  }
  return {};
}

}  // namespace

SecretSource SecretSource::system() {
  SecretSource source;
  source.env = [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (!value) return std::nullopt;
    return std::string(value);
  };
  source.file = [](const std::string& path) { return base::readFile(path, kMaxSecretFileBytes); };
  return source;
}

Result<std::vector<SecretRef>> findSecretRefs(std::string_view text) {
  std::vector<SecretRef> refs;
  auto status = scan(
      text, [](std::string_view) {},
      [&](const SecretRef& ref) {
        refs.push_back(ref);
        return Status{};
      });
  if (!status) return status.error();
  return refs;
}

Result<std::string> resolveSecretsIn(std::string_view text, const SecretSource& source) {
  std::string out;
  auto status = scan(
      text, [&](std::string_view literal) { out.append(literal); },
      [&](const SecretRef& ref) -> Status {
        auto value = lookup(ref, source);
        if (!value) return value.error();
        log::registerSecret(*value);
        out += *value;
        return {};
      });
  if (!status) return status.error();
  return out;
}

std::optional<std::string> disabledByEnv(const Node& node, const SecretSource& source) {
  auto it = node.config.find(kEnabledIfEnv);
  if (it == node.config.end() || !it->is_string() || !source.env) return std::nullopt;
  const std::string name = it->get<std::string>();
  auto value = source.env(name);
  if (value && !value->empty()) return std::nullopt;
  return name + " is not set";
}

Result<Pipeline> resolveSecrets(const Pipeline& pipeline, const SecretSource& source) {
  Pipeline resolved = pipeline;
  std::erase_if(resolved.nodes, [&](const Node& node) {
    auto reason = disabledByEnv(node, source);
    if (!reason) return false;
    spdlog::info("node {} is left out: {} ({} names it)", node.id, *reason, kEnabledIfEnv);
    std::erase_if(resolved.edges, [&](const Edge& e) { return e.from == node.id || e.to == node.id; });
    return true;
  });
  for (Node& node : resolved.nodes) node.config.erase(kEnabledIfEnv);
  for (std::size_t i = 0; i < resolved.nodes.size(); ++i) {
    std::string path = "$.nodes[" + std::to_string(i) + "].config";
    if (auto status = resolveJson(resolved.nodes[i].config, path, source); !status) return status.error();
  }
  for (auto& [key, value] : resolved.cluster.properties) {
    auto text = resolveSecretsIn(value, source);
    if (!text) return makeError(text.error().code, text.error().message, "$.cluster.properties." + key);
    value = std::move(*text);
  }
  for (auto [field, path] : {std::pair{&resolved.cluster.schemaRegistryUser, ".user"},
                             std::pair{&resolved.cluster.schemaRegistryPassword, ".password"}}) {
    auto text = resolveSecretsIn(*field, source);
    if (!text) return makeError(text.error().code, text.error().message, std::string("$.cluster.schema_registry") + path);
    *field = std::move(*text);
  }
  return resolved;
}

}  // namespace tributary::model
