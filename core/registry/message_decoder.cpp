#include "core/registry/message_decoder.h"

#include "core/avro/codec.h"
#include "core/record/json.h"

namespace tributary::registry {

AvroMessageDecoder::AvroMessageDecoder(std::shared_ptr<RegistryClient> client)
    : m_client(std::move(client)), m_serde(m_client) {}

std::optional<AvroPayload> AvroMessageDecoder::decode(const std::string& bytes, bool truncated) {
  // Confluent framing: magic byte 0 and a 4-byte big-endian schema id (ids start at 1).
  if (bytes.size() < 5 || bytes[0] != '\0') return std::nullopt;
  AvroPayload out;
  out.schemaId = (static_cast<std::int32_t>(static_cast<unsigned char>(bytes[1])) << 24) |
                 (static_cast<std::int32_t>(static_cast<unsigned char>(bytes[2])) << 16) |
                 (static_cast<std::int32_t>(static_cast<unsigned char>(bytes[3])) << 8) |
                 static_cast<std::int32_t>(static_cast<unsigned char>(bytes[4]));
  if (out.schemaId <= 0) return std::nullopt;
  std::lock_guard lock(m_mutex);
  if (truncated) {
    out.error = "the value is cut for the preview; load it whole to decode it";
  } else {
    auto decoded = m_serde.decode(bytes);
    if (decoded) {
      // In the schema's field order (nlohmann::json would sort the keys).
      auto ordered = nlohmann::ordered_json::parse(record::toJson(decoded->value), nullptr, false);
      out.json = ordered.is_discarded()
                     ? record::toNlohmann(decoded->value).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                     : ordered.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    } else {
      out.error = decoded.error().toString();  // with the field path when it has one
    }
  }
  out.subjects = subjectsOf(out.schemaId);
  return out;
}

std::string AvroMessageDecoder::subjectsOf(int id) {
  if (auto it = m_subjects.find(id); it != m_subjects.end()) return it->second;
  auto versions = m_client->subjectVersionsOf(id);
  if (!versions) return {};  // not cached: asked again next time
  std::string text;
  for (const auto& [subject, version] : *versions)
    text += (text.empty() ? "" : ", ") + subject + " v" + std::to_string(version);
  m_subjects[id] = text;
  return text;
}

}  // namespace tributary::registry
