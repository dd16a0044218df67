#include "core/runtime/node_config.h"

#include "core/model/node_spec.h"

namespace tributary::runtime {

namespace {

std::string shown(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

void NodeConfig::fail(std::string_view name, const std::string& message) {
  if (!m_error) m_error = makeError(ErrorCode::Invalid, message, "config." + std::string(name));
}

const nlohmann::json* NodeConfig::field(std::string_view name, bool required) {
  auto it = m_config.is_object() ? m_config.find(name) : m_config.end();
  if (it == m_config.end() || it->is_null()) {
    // The spec has a default for this field, so only a config that skipped
    // FactoryRegistry (or a spec without the default) can get here.
    if (required) fail(name, "\"" + std::string(name) + "\" is missing");
    return nullptr;
  }
  return &*it;
}

std::string NodeConfig::text(std::string_view name) {
  const nlohmann::json* v = field(name, true);
  if (!v) return {};
  if (!v->is_string()) {
    fail(name, "\"" + std::string(name) + "\" must be text, not " + shown(*v));
    return {};
  }
  return v->get<std::string>();
}

std::string NodeConfig::optionalText(std::string_view name) {
  const nlohmann::json* v = field(name, false);
  if (!v) return {};
  if (!v->is_string()) {
    fail(name, "\"" + std::string(name) + "\" must be text, not " + shown(*v));
    return {};
  }
  return v->get<std::string>();
}

bool NodeConfig::boolean(std::string_view name) {
  const nlohmann::json* v = field(name, true);
  if (!v) return false;
  if (!v->is_boolean()) {
    fail(name, "\"" + std::string(name) + "\" must be true or false, not " + shown(*v));
    return false;
  }
  return v->get<bool>();
}

std::int64_t NodeConfig::integer(std::string_view name) {
  const nlohmann::json* v = field(name, true);
  if (!v) return 0;
  if (!v->is_number_integer()) {
    fail(name, "\"" + std::string(name) + "\" must be a whole number, not " + shown(*v));
    return 0;
  }
  return v->get<std::int64_t>();
}

std::optional<std::int64_t> NodeConfig::optionalInteger(std::string_view name) {
  const nlohmann::json* v = field(name, false);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) {
    fail(name, "\"" + std::string(name) + "\" must be a whole number, not " + shown(*v));
    return std::nullopt;
  }
  return v->get<std::int64_t>();
}

double NodeConfig::number(std::string_view name) {
  const nlohmann::json* v = field(name, true);
  if (!v) return 0;
  if (!v->is_number()) {
    fail(name, "\"" + std::string(name) + "\" must be a number, not " + shown(*v));
    return 0;
  }
  return v->get<double>();
}

std::int64_t NodeConfig::durationMs(std::string_view name) {
  const nlohmann::json* v = field(name, true);
  if (!v) return 0;
  auto ms = model::parseDurationMs(*v);
  if (!ms) {
    fail(name, "\"" + std::string(name) + "\" must be a duration such as \"500ms\" or \"10s\", not " + shown(*v));
    return 0;
  }
  return *ms;
}

std::int64_t NodeConfig::sizeBytes(std::string_view name) {
  const nlohmann::json* v = field(name, true);
  if (!v) return 0;
  auto bytes = model::parseSizeBytes(*v);
  if (!bytes) {
    fail(name, "\"" + std::string(name) + "\" must be a size such as \"64MiB\", not " + shown(*v));
    return 0;
  }
  return *bytes;
}

Status NodeConfig::status() const {
  if (m_error) return *m_error;
  return {};
}

}  // namespace tributary::runtime
