#include "core/runtime/node_config.h"

#include "core/base/units.h"
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

const nlohmann::json* NodeConfig::typed(std::string_view name, bool required, bool (nlohmann::json::*is)() const noexcept,
                                        const char* what) {
  const nlohmann::json* v = field(name, required);
  if (v && !((*v).*is)()) {
    fail(name, "\"" + std::string(name) + "\" must be " + what + ", not " + shown(*v));
    return nullptr;
  }
  return v;
}

std::string NodeConfig::text(std::string_view name) {
  const nlohmann::json* v = typed(name, true, &nlohmann::json::is_string, "text");
  return v ? v->get<std::string>() : std::string();
}

std::string NodeConfig::optionalText(std::string_view name) {
  const nlohmann::json* v = typed(name, false, &nlohmann::json::is_string, "text");
  return v ? v->get<std::string>() : std::string();
}

bool NodeConfig::boolean(std::string_view name) {
  const nlohmann::json* v = typed(name, true, &nlohmann::json::is_boolean, "true or false");
  return v && v->get<bool>();
}

std::int64_t NodeConfig::integer(std::string_view name) {
  return optionalInteger(name, true).value_or(0);
}

std::optional<std::int64_t> NodeConfig::optionalInteger(std::string_view name, bool required) {
  const nlohmann::json* v = typed(name, required, &nlohmann::json::is_number_integer, "a whole number");
  if (!v) return std::nullopt;
  return v->get<std::int64_t>();
}

double NodeConfig::number(std::string_view name) {
  const nlohmann::json* v = typed(name, true, &nlohmann::json::is_number, "a number");
  return v ? v->get<double>() : 0;
}

std::int64_t NodeConfig::durationMs(std::string_view name) {
  const nlohmann::json* v = field(name, true);
  if (!v) return 0;
  auto ms = base::parseDurationMs(*v);
  if (!ms) {
    fail(name, "\"" + std::string(name) + "\" must be a duration such as \"500ms\" or \"10s\", not " + shown(*v));
    return 0;
  }
  return *ms;
}

std::int64_t NodeConfig::sizeBytes(std::string_view name) {
  const nlohmann::json* v = field(name, true);
  if (!v) return 0;
  auto bytes = base::parseSizeBytes(*v);
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
