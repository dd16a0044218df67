#pragma once
// NodeConfig: typed reads of a node's config for its factory. The config
// holds the spec's defaults (FactoryRegistry fills them in before a factory
// runs), so a default is written once, in the spec, and never again at the
// read. A field with a spec default must be present and of its type; a
// field without one is read with optionalText() and friends. The first
// problem is kept and returned by status(), naming the field, e.g.
// `config.rate: "rate" must be a number, not "fast"`.
//
// Threads: used by the one thread running a factory.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/base/result.h"

namespace tributary::runtime {

class NodeConfig {
 public:
  explicit NodeConfig(const nlohmann::json& config) : m_config(config) {}

  // Fields the spec gives a default (or marks required): missing is an error.
  std::string text(std::string_view name);
  bool boolean(std::string_view name);
  std::int64_t integer(std::string_view name);
  double number(std::string_view name);
  std::int64_t durationMs(std::string_view name);  // "10s", "500ms" or milliseconds
  std::int64_t sizeBytes(std::string_view name);   // "64MiB" or bytes

  // Fields without a default: empty / nullopt when missing or null.
  std::string optionalText(std::string_view name);
  std::optional<std::int64_t> optionalInteger(std::string_view name, bool required = false);

  // The first problem met so far, or success.
  Status status() const;

 private:
  const nlohmann::json* field(std::string_view name, bool required);
  // The field when present and `is` holds for it; records a problem otherwise.
  const nlohmann::json* typed(std::string_view name, bool required, bool (nlohmann::json::*is)() const noexcept,
                              const char* what);
  void fail(std::string_view name, const std::string& message);

  const nlohmann::json& m_config;
  std::optional<Error> m_error;
};

}  // namespace tributary::runtime
