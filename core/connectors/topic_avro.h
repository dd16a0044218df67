#pragma once
// Internal: how a producing topic node writes one side of its messages (the
// value, or the key) as Confluent-framed Avro.
//
//   - With a schema given in the config, that schema is registered under the
//     side's subject (the registry checks the subject's compatibility).
//   - Without one, the schema is inferred from the records (avro::SchemaInference;
//     keys that are not objects get a primitive schema) and registered. It
//     starts from the subject's latest version when inference can widen it.
//     A record that does not fit widens the schema, and the wider schema is
//     registered as a new version if the subject's compatibility allows;
//     otherwise the record is refused with the registry's reason (409 ...),
//     and the schema stays as it was.
//
// Subjects (Confluent's strategies): topic_name "<topic>-value"/"<topic>-key",
// record_name the record's full name, topic_record_name
// "<topic>-<full name>"; a given subject overrides the strategy.
//
// Used by one task thread (the topic sink's).

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/avro/infer.h"
#include "core/base/result.h"
#include "core/record/value.h"
#include "core/registry/registry_client.h"

namespace tributary::connectors {

enum class SubjectStrategy { TopicName, RecordName, TopicRecordName };

Result<SubjectStrategy> subjectStrategyFromText(const std::string& text);  // "topic_name", ...

// The subject for `side` ("key" or "value") of `topic` whose record has `fullName`.
std::string subjectFor(SubjectStrategy strategy, const std::string& topic, const std::string& side,
                       const std::string& fullName);

class TopicAvroWriter {
 public:
  struct Settings {
    std::string topic;
    bool key = false;     // the key side
    std::string schema;   // given schema text; empty: inferred
    std::string subject;  // given subject; empty: from the strategy
    SubjectStrategy strategy = SubjectStrategy::TopicName;
  };

  // Checks the settings (a given schema must parse; record_name needs a named
  // schema) and, for inference, reads the subject's latest version.
  static Result<std::unique_ptr<TopicAvroWriter>> create(Settings settings, std::unique_ptr<registry::AvroSerde> serde);

  // Appends the framed Avro of `value`. Errors: Invalid for a record that
  // cannot be written (the error policy's business), Unavailable when the
  // registry cannot be reached (worth retrying).
  Status encode(const record::Value& value, std::string& out);

  const std::string& subject() const { return m_subject; }
  const std::string& schemaText() const { return m_text; }  // current; empty before the first inferred record

 private:
  TopicAvroWriter(Settings settings, std::unique_ptr<registry::AvroSerde> serde);
  Status widenFor(const record::Value& value);
  Status registerWider(const std::string& text);

  Settings m_settings;
  std::unique_ptr<registry::AvroSerde> m_serde;
  std::string m_subject;
  std::string m_text;  // the schema written with
  // Inference (no given schema): records, or a primitive key.
  std::optional<avro::SchemaInference> m_inference, m_registered;
  std::map<std::string, Error> m_refused;  // wider schemas the registry refused, with its reason
};

}  // namespace tributary::connectors
