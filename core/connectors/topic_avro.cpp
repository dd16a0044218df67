#include "core/connectors/topic_avro.h"

#include <utility>

#include <spdlog/spdlog.h>

namespace tributary::connectors {

namespace {

// The schema of a value that is not an object (keys such as 42 or "A-17").
std::string primitiveSchemaFor(const record::Value& v) {
  switch (v.type()) {
    case record::ValueType::Bool: return "\"boolean\"";
    case record::ValueType::Int: return "\"long\"";
    case record::ValueType::Double: return "\"double\"";
    case record::ValueType::Bytes: return "\"bytes\"";
    case record::ValueType::Timestamp: return R"({"type":"long","logicalType":"timestamp-micros"})";
    case record::ValueType::Array: return {};  // inferred through a record only
    default: return "\"string\"";              // strings, and decimals as their text
  }
}

}  // namespace

Result<SubjectStrategy> subjectStrategyFromText(const std::string& text) {
  if (text.empty() || text == "topic_name") return SubjectStrategy::TopicName;
  if (text == "record_name") return SubjectStrategy::RecordName;
  if (text == "topic_record_name") return SubjectStrategy::TopicRecordName;
  return makeError(ErrorCode::Invalid,
                   "unknown subject strategy \"" + text + "\" (topic_name, record_name or topic_record_name)",
                   "subject_strategy");
}

std::string subjectFor(SubjectStrategy strategy, const std::string& topic, const std::string& side,
                       const std::string& fullName) {
  switch (strategy) {
    case SubjectStrategy::TopicName: return topic + "-" + side;
    case SubjectStrategy::RecordName: return fullName;
    case SubjectStrategy::TopicRecordName: return topic + "-" + fullName;
  }
  return topic + "-" + side;
}

TopicAvroWriter::TopicAvroWriter(Settings settings, std::unique_ptr<registry::AvroSerde> serde)
    : m_settings(std::move(settings)), m_serde(std::move(serde)) {}

Result<std::unique_ptr<TopicAvroWriter>> TopicAvroWriter::create(Settings settings,
                                                                 std::unique_ptr<registry::AvroSerde> serde) {
  const std::string side = settings.key ? "key" : "value";
  const std::string schemaField = settings.key ? "key_schema" : "schema";
  std::unique_ptr<TopicAvroWriter> w(new TopicAvroWriter(std::move(settings), std::move(serde)));
  const Settings& s = w->m_settings;
  if (!s.schema.empty()) {
    auto parsed = avro::Schema::parse(s.schema);
    if (!parsed)
      return makeError(ErrorCode::Invalid, "the Avro schema is not valid: " + parsed.error().toString(), schemaField);
    const avro::Node& root = parsed->root();
    if (s.subject.empty() && s.strategy != SubjectStrategy::TopicName && !avro::isNamed(root.type))
      return makeError(ErrorCode::Invalid,
                       "subject_strategy " + std::string(s.strategy == SubjectStrategy::RecordName ? "record_name"
                                                                                                   : "topic_record_name") +
                           " names the subject after the record, but this " + side + " schema is a " +
                           std::string(avro::toString(root.type)) + "; give a record schema or a " +
                           (s.key ? "key_subject" : "subject"),
                       schemaField);
    w->m_subject = s.subject.empty() ? subjectFor(s.strategy, s.topic, side, root.fullName) : s.subject;
    w->m_text = s.schema;
    return w;
  }
  // Inferred: the record is named after the topic (and "_key" for keys).
  avro::SchemaInference inference(s.key ? s.topic + "_key" : s.topic);
  std::string fullName = avro::avroNameFor(s.key ? s.topic + "_key" : s.topic);
  w->m_subject = s.subject.empty() ? subjectFor(s.strategy, s.topic, side, fullName) : s.subject;
  auto latest = w->m_serde->client()->version(w->m_subject, "latest");
  if (latest) {
    auto parsed = avro::Schema::parse(latest->schema);
    if (parsed && parsed->root().type == avro::Type::Record) {
      if (Status seeded = inference.seed(*parsed); seeded) {
        w->m_text = latest->schema;
      } else {
        spdlog::info("topic {}: inference starts afresh instead of widening version {} of {}: {}", s.topic,
                     latest->version, w->m_subject, seeded.error().toString());
      }
    } else if (parsed) {
      w->m_text = latest->schema;  // a primitive key or value
    }
  } else if (latest.error().code != ErrorCode::NotFound) {
    return latest.error();
  }
  w->m_inference = inference;
  w->m_registered = std::move(inference);
  return w;
}

Status TopicAvroWriter::registerWider(const std::string& text) {
  if (auto it = m_refused.find(text); it != m_refused.end()) return it->second;
  auto id = m_serde->client()->registerSchema(m_subject, text);
  if (!id) {
    if (id.error().code == ErrorCode::Unavailable) return id.error();
    Error refused = makeError(ErrorCode::Invalid,
                              "the record needs a wider schema than version in use under subject " + m_subject +
                                  " and the registry refused it (" + id.error().message + "); schema: " + text,
                              id.error().where);
    m_refused.emplace(text, refused);
    return refused;
  }
  spdlog::info("topic {}: registered the {} schema inferred from its records under {} (id {})", m_settings.topic,
               m_settings.key ? "key" : "value", m_subject, *id);
  m_text = text;
  return {};
}

Status TopicAvroWriter::widenFor(const record::Value& value) {
  if (value.type() != record::ValueType::Object) {
    std::string text = primitiveSchemaFor(value);
    if (text.empty())
      return makeError(ErrorCode::Invalid, std::string(m_settings.key ? "a key" : "a value") +
                                               " that is an array cannot get an inferred Avro schema; make it an "
                                               "object or give " + (m_settings.key ? "key_schema" : "schema"));
    if (text == m_text || (text == "\"long\"" && m_text == "\"double\"")) return {};
    return registerWider(text);
  }
  auto changed = m_inference->add(value);
  if (!changed)
    return makeError(ErrorCode::Invalid,
                     "no Avro schema can hold this " + std::string(m_settings.key ? "key" : "record") + ": " +
                         changed.error().message,
                     changed.error().where);
  if (!*changed && !m_text.empty()) return {};
  std::string text = m_inference->schemaText();
  if (Status s = registerWider(text); !s) {
    *m_inference = *m_registered;  // stay with the schema in use
    return s;
  }
  *m_registered = *m_inference;
  return {};
}

Status TopicAvroWriter::encode(const record::Value& value, std::string& out) {
  if (m_settings.schema.empty())
    if (Status s = widenFor(value); !s) return s;
  return m_serde->encode(m_subject, m_text, value, out);
}

}  // namespace tributary::connectors
