#pragma once
// A Confluent-compatible Schema Registry (Avro schemas): subjects with
// numbered versions, global schema ids, compatibility levels per subject and
// globally, soft and permanent deletes. Its REST API (Confluent's paths,
// bodies and error codes) is handle(): a request in, a response out, with no
// HTTP server attached, so the server (registry_server.h), tests and the fuzz
// target drive the same code.
//
// State is replayed from a SchemaLog at load() and every change is appended to
// it before the answer is given, so what a client was told survives a crash.
// Log records (JSON keys and values, close to Confluent's `_schemas` format):
//   {"keytype":"SCHEMA","subject":S,"version":V,"magic":1}
//       -> {"subject":S,"version":V,"id":ID,"schemaType":"AVRO","schema":TEXT,"deleted":false}
//   {"keytype":"CONFIG","subject":S|null,"magic":0} -> {"compatibilityLevel":"BACKWARD"}
//   a null value deletes the key (permanent deletes, config deletes).
//
// Thread-safe: handle() may be called from any thread (one mutex; writes are
// rare and each waits for the log).

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/avro/compatibility.h"
#include "core/avro/schema.h"
#include "core/base/result.h"
#include "core/registry/schema_log.h"

namespace tributary::registry {

inline constexpr const char* kContentType = "application/vnd.schemaregistry.v1+json";

struct RegistryRequest {
  std::string method;                        // GET, POST, PUT, DELETE
  std::string path;                          // decoded: "/subjects/orders-value/versions"
  std::map<std::string, std::string> query;  // decoded query parameters
  std::string body;
};

struct RegistryResponse {
  int status = 200;
  std::string body;  // JSON
};

class SchemaRegistry {
 public:
  explicit SchemaRegistry(std::unique_ptr<SchemaLog> log);
  ~SchemaRegistry();

  // Replays the log. Call once before handle().
  Status load();
  RegistryResponse handle(const RegistryRequest& request);

  // Direct calls for in-process users (the same rules as the REST API).
  Result<int> registerSchema(const std::string& subject, const std::string& schemaText);
  Result<std::string> schemaById(int id);
  std::size_t schemaCount();

 private:
  struct Stored {
    int id = 0;
    std::string text;        // as first registered
    std::string normalized;  // avro::Schema::normalizedForm()
    std::shared_ptr<const avro::Schema> schema;
  };
  struct Version {
    int version = 0;
    int id = 0;
    bool deleted = false;
  };
  struct Subject {
    std::vector<Version> versions;  // ascending
    std::optional<avro::CompatibilityLevel> level;
  };
  struct Failure {
    int code;  // Confluent error code: 40401, 42201, ...
    std::string message;
  };

  RegistryResponse route(const RegistryRequest& request);
  Status apply(const LogRecord& record);
  Status write(const LogRecord& record);  // append to the log, then apply
  Status writeVersion(const std::string& subject, const Version& version, const Stored& stored);

  // Operations (m_mutex held).
  std::variant<int, Failure> doRegister(const std::string& subject, const std::string& body, bool normalize);
  avro::CompatibilityLevel levelOf(const std::string& subject) const;
  std::vector<const Version*> liveVersions(const std::string& subject) const;
  std::optional<Failure> parseVersion(const std::string& subject, const std::string& text, bool includeDeleted,
                                      const Version*& out) const;

  std::unique_ptr<SchemaLog> m_log;
  std::mutex m_mutex;
  std::map<int, Stored> m_byId;
  std::map<std::string, int> m_idByNormalized;
  std::map<std::string, Subject> m_subjects;
  avro::CompatibilityLevel m_globalLevel = avro::CompatibilityLevel::Backward;
  int m_nextId = 1;
};

}  // namespace tributary::registry
