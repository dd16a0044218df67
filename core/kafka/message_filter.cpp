#include "core/kafka/message_filter.h"

#include "core/record/json.h"

namespace tributary::kafka {
namespace {

record::Value textValue(const std::optional<std::string>& bytes) {
  return bytes ? record::Value(std::string_view(*bytes)) : record::Value();
}

record::Value parsedValue(const std::optional<std::string>& bytes) {
  if (!bytes) return {};
  // Only text that starts like a JSON document is worth a parse attempt: most
  // non-JSON payloads are rejected by their first byte.
  auto first = bytes->find_first_not_of(" \t\r\n");
  if (first != std::string::npos) {
    char c = (*bytes)[first];
    if (c == '{' || c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n') {
      auto parsed = record::parseJson(*bytes);
      if (parsed) return std::move(*parsed);
    }
  }
  return record::Value(std::string_view(*bytes));
}

}  // namespace

Result<MessageFilter> MessageFilter::compile(std::string_view text) {
  auto compiled = expr::Expression::compile(text);
  if (!compiled) return compiled.error();
  return MessageFilter(std::move(*compiled));
}

record::Record MessageFilter::toRecord(const Message& message) {
  record::Record r;
  r.key = textValue(message.key);
  r.timestampMs = message.timestampMs;
  r.position = record::SourcePosition{message.partition, message.offset};
  record::Object headers;
  for (const auto& [name, value] : message.headers) {
    headers.emplace_back(name, textValue(value));
    r.headers.push_back(record::Header{name, value.value_or(std::string())});
  }
  record::Object fields;
  fields.reserve(6);
  fields.emplace_back("key", r.key);
  fields.emplace_back("value", parsedValue(message.value));
  fields.emplace_back("headers", record::Value(std::move(headers)));
  fields.emplace_back("partition", record::Value(static_cast<std::int64_t>(message.partition)));
  fields.emplace_back("offset", record::Value(message.offset));
  fields.emplace_back("timestamp", record::Value::timestampMicros(message.timestampMs * 1000));
  r.value = record::Value(std::move(fields));
  return r;
}

bool MessageFilter::matches(const Message& message) const {
  return m_expression.evaluatePredicate(toRecord(message));
}

std::function<bool(const Message&)> MessageFilter::matcher() const {
  return [filter = *this](const Message& message) { return filter.matches(message); };
}

}  // namespace tributary::kafka
