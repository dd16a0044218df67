#pragma once
// A client of Confluent's Schema Registry REST API (libcurl), for any
// compatible registry: Confluent's, Redpanda's, Karapace, Apicurio's
// compatible API, or the embedded broker's own. Schemas fetched by id are
// cached for the client's life (an id never changes its schema), and so are
// the ids of schemas registered or looked up per subject.
//
// AvroSerde builds on it: Confluent-framed Avro (magic 0, 4-byte id, Avro
// binary) to and from record Values, with one codec per schema id.
//
// Thread-safe: RegistryClient's calls may come from any thread (caches under
// a mutex, one curl handle per call). An AvroSerde is used by one thread at a
// time (its codecs hold scratch values); make one per task.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/avro/codec.h"
#include "core/avro/schema.h"
#include "core/base/result.h"
#include "core/record/value.h"

namespace tributary::registry {

struct RegistryClientConfig {
  std::string url;  // "http://127.0.0.1:8081"
  std::string user;  // basic auth when not empty
  std::string password;
  std::chrono::milliseconds timeout{10000};
};

struct RegisteredSchema {
  std::string subject;
  int id = 0;
  int version = 0;
  std::string schema;
};

class RegistryClient {
 public:
  explicit RegistryClient(RegistryClientConfig config);

  // POST /subjects/{subject}/versions: the schema's id (registers it when new).
  // A refusal keeps the registry's reason: "409 Schema being registered is incompatible ...".
  Result<int> registerSchema(const std::string& subject, const std::string& schemaText);
  // POST /subjects/{subject}: the registered schema matching `schemaText`.
  Result<RegisteredSchema> lookup(const std::string& subject, const std::string& schemaText);
  // GET /subjects/{subject}/versions/{version} ("latest" or a number).
  Result<RegisteredSchema> version(const std::string& subject, const std::string& version = "latest");
  // GET /schemas/ids/{id}, parsed; cached.
  Result<std::shared_ptr<const avro::Schema>> schemaById(int id);
  // GET /schemas/ids/{id}/versions: the subjects and versions that use the schema.
  Result<std::vector<std::pair<std::string, int>>> subjectVersionsOf(int id);

  // Any call of the REST API (`path` as sent, names already percent-encoded):
  // the HTTP status and body; an error only when the registry cannot be reached.
  // For tools that show the registry's own answers (the topic browser's registry view).
  struct Response {
    long status = 0;
    std::string body;
  };
  Result<Response> request(const std::string& method, const std::string& path, const std::string& body);

  const RegistryClientConfig& config() const { return m_config; }
  int requestCount() const { return m_requests; }  // HTTP requests made (tests check the caching)

 private:
  Error registryError(const Response& response, const std::string& what) const;

  RegistryClientConfig m_config;
  std::mutex m_mutex;
  std::map<int, std::shared_ptr<const avro::Schema>> m_byId;
  std::map<std::pair<std::string, std::string>, int> m_idBySubjectSchema;
  int m_requests = 0;
};

class AvroSerde {
 public:
  explicit AvroSerde(std::shared_ptr<RegistryClient> client);

  // Registers (or finds) `schemaText` under `subject` and encodes `value` in Confluent's framing.
  Status encode(const std::string& subject, const std::string& schemaText, const record::Value& value,
                std::string& out);
  struct Decoded {
    std::int32_t schemaId = 0;
    record::Value value;
  };
  // Decodes a Confluent-framed message with the writer's schema (fetched by id,
  // cached); with `reader`, resolves it against that schema.
  Result<Decoded> decode(std::string_view message, const avro::Schema* reader = nullptr);

  const std::shared_ptr<RegistryClient>& client() const { return m_client; }

 private:
  Result<avro::Codec*> codecFor(int id);
  std::shared_ptr<RegistryClient> m_client;
  std::map<int, std::unique_ptr<avro::Codec>> m_codecs;
  std::map<std::pair<std::string, std::string>, int> m_ids;
};

}  // namespace tributary::registry
