#pragma once
// Shows Confluent-framed Avro in the topic browser: decodes a browsed
// message's key and value by the schema id they carry (magic byte 0, 4-byte
// id, Avro binary) with the schemas of a registry, into JSON, and names the
// subjects and versions that use the schema. Payloads that are not framed
// Avro are left alone. Thread-safe (one serde under a mutex; schemas and
// subjects cached per id).

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <optional>

#include "core/registry/registry_client.h"

namespace tributary::registry {

// A payload in Confluent framing, as the browser shows it.
struct AvroPayload {
  std::int32_t schemaId = 0;
  std::string subjects;  // "orders-value v1, copy-value v3"; empty when the registry does not say
  std::string json;      // the decoded datum, pretty, fields in the schema's order; empty when it could not be decoded
  std::string error;     // why not
};

class AvroMessageDecoder {
 public:
  explicit AvroMessageDecoder(std::shared_ptr<RegistryClient> client);

  // One key or value: nullopt when it is not in Confluent framing; otherwise
  // the JSON, the schema id and its subjects, or the reason it could not be
  // decoded (unknown id, a value cut for the preview, bad data).
  std::optional<AvroPayload> decode(const std::string& bytes, bool truncated = false);

 private:
  std::string subjectsOf(int id);

  std::shared_ptr<RegistryClient> m_client;
  std::mutex m_mutex;
  AvroSerde m_serde;
  std::map<int, std::string> m_subjects;
};

}  // namespace tributary::registry
