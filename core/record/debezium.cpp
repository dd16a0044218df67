#include "core/record/debezium.h"

#include "core/record/json.h"

namespace tributary::record::debezium {

namespace {

const Value& nullValue() {
  static const Value kNull;
  return kNull;
}

std::vector<std::string> splitList(std::string_view text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view item = text.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) items.emplace_back(item);
    start = comma + 1;
  }
  return items;
}

bool isEnvelopeField(std::string_view name) {
  return name == "op" || name == "ts_ms" || name == "ts_us" || name == "ts_ns" || name == "transaction" ||
         name == "before" || name == "after" || name == "source";
}

// The value an add.fields / add.headers entry refers to (null when absent).
const Value& lookupMetadata(const EnvelopeView& env, std::string_view name) {
  if (name.substr(0, 7) == "source.") {
    const Value* v = env.source->find(name.substr(7));
    return v ? *v : nullValue();
  }
  if (isEnvelopeField(name)) {
    const Value* v = env.envelope->find(name);
    return v ? *v : nullValue();
  }
  const Value* v = env.source->find(name);
  return v ? *v : nullValue();
}

std::string metadataName(std::string_view prefix, std::string_view name) {
  std::string out(prefix);
  for (char c : name) out.push_back(c == '.' ? '_' : c);
  return out;
}

Result<std::vector<std::string>> readList(const Value& config, std::string_view key) {
  const Value* v = config.find(key);
  if (v == nullptr || v->isNull()) return std::vector<std::string>{};
  if (v->type() == ValueType::String) return splitList(v->asString());
  if (v->type() == ValueType::Array) {
    std::vector<std::string> items;
    for (const Value& item : v->asArray()) {
      if (item.type() != ValueType::String) {
        return makeError(ErrorCode::Invalid, std::string(key) + ": expected a list of field names", std::string(key));
      }
      items.emplace_back(item.asString());
    }
    return items;
  }
  return makeError(ErrorCode::Invalid, std::string(key) + ": expected a comma-separated list of field names",
                   std::string(key));
}

}  // namespace

std::optional<Op> parseOp(std::string_view code) {
  if (code.size() != 1) return std::nullopt;
  switch (code[0]) {
    case 'c':
      return Op::Create;
    case 'u':
      return Op::Update;
    case 'd':
      return Op::Delete;
    case 'r':
      return Op::Read;
    case 't':
      return Op::Truncate;
    default:
      return std::nullopt;
  }
}

std::string_view opCode(Op op) {
  switch (op) {
    case Op::Create:
      return "c";
    case Op::Update:
      return "u";
    case Op::Delete:
      return "d";
    case Op::Read:
      return "r";
    case Op::Truncate:
      return "t";
  }
  return "?";
}

Value makeSource(const SourceInfo& info) {
  Value source = Value::makeObject(10);
  source.append("version", Value(info.version));
  source.append("connector", Value(info.connector));
  source.append("name", Value(info.name));
  source.append("ts_ms", Value(info.tsMs));
  source.append("snapshot", Value(info.snapshot));
  source.append("db", Value(info.db));
  if (!info.schema.empty()) source.append("schema", Value(info.schema));
  source.append("table", Value(info.table));
  if (info.extra.type() == ValueType::Object) {
    for (const Field& field : info.extra.asObject()) source.set(field.first, field.second);
  }
  return source;
}

Value makeEnvelope(Op op, Value before, Value after, Value source, std::int64_t tsMs) {
  Value envelope = Value::makeObject(5);
  envelope.append("before", std::move(before));
  envelope.append("after", std::move(after));
  envelope.append("source", std::move(source));
  envelope.append("op", Value(opCode(op)));
  envelope.append("ts_ms", Value(tsMs));
  return envelope;
}

Result<EnvelopeView> readEnvelope(const Value& value) {
  if (value.type() != ValueType::Object) {
    return makeError(ErrorCode::Invalid, "not a Debezium change event: the value is " +
                                             std::string(toString(value.type())) +
                                             ", expected an object with before, after, source, op and ts_ms");
  }
  const Value* envelope = &value;
  if (value.find("op") == nullptr) {
    const Value* payload = value.find("payload");
    if (payload != nullptr && payload->type() == ValueType::Object) envelope = payload;
  }
  const Value* op = envelope->find("op");
  if (op == nullptr) return makeError(ErrorCode::Invalid, "not a Debezium change event: it has no 'op' field");
  std::optional<Op> parsed;
  if (op->type() == ValueType::String) parsed = parseOp(op->asString());
  if (!parsed) {
    return makeError(ErrorCode::Invalid,
                     "not a Debezium change event: 'op' is " + toJson(*op) + ", expected one of c, u, d, r, t");
  }
  EnvelopeView view;
  view.op = *parsed;
  view.envelope = envelope;
  const Value* before = envelope->find("before");
  const Value* after = envelope->find("after");
  const Value* source = envelope->find("source");
  view.before = before ? before : &nullValue();
  view.after = after ? after : &nullValue();
  view.source = source ? source : &nullValue();
  if (const Value* ts = envelope->find("ts_ms"); ts != nullptr && ts->type() == ValueType::Int) view.tsMs = ts->asInt();
  return view;
}

Result<UnwrapOptions> UnwrapOptions::fromConfig(const Value& config) {
  UnwrapOptions options;
  if (const Value* v = config.find("drop.tombstones"); v != nullptr && !v->isNull()) {
    if (v->type() == ValueType::Bool) {
      options.dropTombstones = v->asBool();
    } else if (v->type() == ValueType::String && (v->asString() == "true" || v->asString() == "false")) {
      options.dropTombstones = v->asString() == "true";
    } else {
      return makeError(ErrorCode::Invalid, "drop.tombstones: expected true or false, found " + toJson(*v),
                       "drop.tombstones");
    }
  }
  if (const Value* v = config.find("delete.handling.mode"); v != nullptr && !v->isNull()) {
    std::string_view mode = v->type() == ValueType::String ? v->asString() : std::string_view();
    if (mode == "drop") {
      options.deleteHandling = DeleteHandling::Drop;
    } else if (mode == "none" || mode == "tombstone") {
      options.deleteHandling = DeleteHandling::None;
    } else if (mode == "rewrite") {
      options.deleteHandling = DeleteHandling::Rewrite;
    } else {
      return makeError(ErrorCode::Invalid,
                       "delete.handling.mode: expected one of drop, none, rewrite, found " + toJson(*v),
                       "delete.handling.mode");
    }
  }
  auto fields = readList(config, "add.fields");
  if (!fields.ok()) return fields.error();
  options.addFields = std::move(fields).value();
  auto headers = readList(config, "add.headers");
  if (!headers.ok()) return headers.error();
  options.addHeaders = std::move(headers).value();
  if (const Value* v = config.find("add.fields.prefix"); v != nullptr && v->type() == ValueType::String) {
    options.addFieldsPrefix = std::string(v->asString());
  }
  if (const Value* v = config.find("add.headers.prefix"); v != nullptr && v->type() == ValueType::String) {
    options.addHeadersPrefix = std::string(v->asString());
  }
  return options;
}

Result<UnwrapResult> unwrap(Record& record, const UnwrapOptions& options) {
  if (record.value.isNull()) return options.dropTombstones ? UnwrapResult::Drop : UnwrapResult::Keep;
  auto view = readEnvelope(record.value);
  if (!view.ok()) return view.error();
  const EnvelopeView& env = view.value();
  if (env.op == Op::Truncate) return UnwrapResult::Drop;
  const bool isDelete = env.op == Op::Delete;
  if (isDelete && options.deleteHandling == DeleteHandling::Drop) return UnwrapResult::Drop;

  for (const std::string& name : options.addHeaders) {
    const Value& v = lookupMetadata(env, name);
    std::string text = v.type() == ValueType::String ? std::string(v.asString()) : (v.isNull() ? "" : toJson(v));
    record.headers.push_back(Header{metadataName(options.addHeadersPrefix, name), std::move(text)});
  }
  if (isDelete && options.deleteHandling == DeleteHandling::None) {
    record.value = Value();
    return UnwrapResult::Keep;
  }

  // Metadata first (it points into the envelope), then move the row out.
  std::vector<Field> added;
  added.reserve(options.addFields.size() + 1);
  for (const std::string& name : options.addFields) {
    added.emplace_back(metadataName(options.addFieldsPrefix, name), lookupMetadata(env, name));
  }
  Value* rowInEnvelope = const_cast<Value*>(isDelete ? env.before : env.after);
  if (rowInEnvelope->type() != ValueType::Object) {
    return makeError(ErrorCode::Invalid, std::string("Debezium change event with op '") + std::string(opCode(env.op)) +
                                             "' has no '" + (isDelete ? "before" : "after") + "' row");
  }
  Value row = std::move(*rowInEnvelope);
  for (Field& field : added) row.set(field.first, std::move(field.second));
  if (options.deleteHandling == DeleteHandling::Rewrite) row.set("__deleted", Value(isDelete ? "true" : "false"));
  record.value = std::move(row);
  return UnwrapResult::Keep;
}

}  // namespace tributary::record::debezium
