#pragma once
// Secret references in config values: "${env:NAME}" and "${file:/path}", alone
// or inside a longer string ("postgres://app:${env:PGPASS}@db/shop"). "$${"
// writes a literal "${". References stay in the pipeline file; they are resolved
// only when a pipeline is deployed, and every resolved value is registered with
// the log redactor so it never appears in a log line.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/model/pipeline.h"

namespace tributary::model {

struct SecretRef {
  enum class Kind { Env, File };
  Kind kind = Kind::Env;
  std::string name;  // variable name or file path
  bool operator==(const SecretRef&) const = default;
};

// Where secrets come from. The default reads the process environment and files;
// tests substitute their own.
struct SecretSource {
  std::function<std::optional<std::string>(const std::string& name)> env;
  std::function<Result<std::string>(const std::string& path)> file;

  static SecretSource system();
};

// The references in `text`, or an error for a malformed one ("${env:}", "${vault:x}", unclosed).
Result<std::vector<SecretRef>> findSecretRefs(std::string_view text);

// `text` with every reference replaced by its value. Files lose one trailing newline.
Result<std::string> resolveSecretsIn(std::string_view text, const SecretSource& source);

// A node whose config has "enabled_if_env": "NAME" runs only when the
// environment variable NAME is set and not empty (an optional branch, such as
// seed 002's Elasticsearch sinks). The reason it is left out ("SEED002_ES_URL
// is not set"), or nullopt when it runs.
inline constexpr const char* kEnabledIfEnv = "enabled_if_env";
std::optional<std::string> disabledByEnv(const Node& node, const SecretSource& source);

// A copy of the pipeline with every reference in node configs and cluster
// properties resolved. Errors name the JSON path. Resolved values are
// registered with log::registerSecret. Nodes disabledByEnv are left out with
// their edges, each with a log line saying why; the others lose the
// "enabled_if_env" field.
Result<Pipeline> resolveSecrets(const Pipeline& pipeline, const SecretSource& source);

}  // namespace tributary::model
