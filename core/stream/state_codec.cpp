#include "core/stream/state_codec.h"

#include <cstring>

namespace tributary::stream {

using record::Value;
using record::ValueType;

void StateWriter::u64(std::uint64_t v) {
  while (v >= 0x80) {
    m_out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  m_out.push_back(static_cast<char>(v));
}

void StateWriter::i64(std::int64_t v) {
  u64((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
}

void StateWriter::f64(double v) {
  char bytes[sizeof v];
  std::memcpy(bytes, &v, sizeof v);
  m_out.append(bytes, sizeof v);
}

void StateWriter::text(std::string_view s) {
  u64(s.size());
  m_out.append(s);
}

void StateWriter::value(const Value& v) {
  m_out.push_back(static_cast<char>(v.type()));
  switch (v.type()) {
    case ValueType::Null:
      break;
    case ValueType::Bool:
      m_out.push_back(v.asBool() ? 1 : 0);
      break;
    case ValueType::Int:
      i64(v.asInt());
      break;
    case ValueType::Double:
      f64(v.asDouble());
      break;
    case ValueType::Decimal:
    case ValueType::String:
    case ValueType::Bytes:
      text(v.asString());
      break;
    case ValueType::Timestamp:
      i64(v.asTimestampMicros());
      break;
    case ValueType::Array:
      u64(v.asArray().size());
      for (const Value& item : v.asArray()) value(item);
      break;
    case ValueType::Object:
      u64(v.asObject().size());
      for (const auto& [name, item] : v.asObject()) {
        text(name);
        value(item);
      }
      break;
  }
}

void StateWriter::record(const record::Record& r) {
  value(r.key);
  value(r.value);
  i64(r.timestampMs);
  i64(r.position.partition);
  i64(r.position.offset);
  u64(r.headers.size());
  for (const record::Header& h : r.headers) {
    text(h.key);
    text(h.value);
  }
}

bool StateReader::u64(std::uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (m_in.empty()) return false;
    auto byte = static_cast<unsigned char>(m_in.front());
    m_in.remove_prefix(1);
    v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return true;
  }
  return false;
}

bool StateReader::i64(std::int64_t& v) {
  std::uint64_t u = 0;
  if (!u64(u)) return false;
  v = static_cast<std::int64_t>((u >> 1) ^ (~(u & 1) + 1));
  return true;
}

bool StateReader::f64(double& v) {
  if (m_in.size() < sizeof v) return false;
  std::memcpy(&v, m_in.data(), sizeof v);
  m_in.remove_prefix(sizeof v);
  return true;
}

bool StateReader::text(std::string& s) {
  std::uint64_t n = 0;
  if (!u64(n) || n > m_in.size()) return false;
  s.assign(m_in.substr(0, n));
  m_in.remove_prefix(n);
  return true;
}

bool StateReader::value(Value& v) {
  if (m_in.empty()) return false;
  auto type = static_cast<ValueType>(m_in.front());
  m_in.remove_prefix(1);
  std::int64_t i = 0;
  std::string s;
  switch (type) {
    case ValueType::Null:
      v = Value();
      return true;
    case ValueType::Bool:
      if (m_in.empty()) return false;
      v = Value(m_in.front() != 0);
      m_in.remove_prefix(1);
      return true;
    case ValueType::Int:
      if (!i64(i)) return false;
      v = Value(i);
      return true;
    case ValueType::Double: {
      double d = 0;
      if (!f64(d)) return false;
      v = Value(d);
      return true;
    }
    case ValueType::Decimal:
      if (!text(s)) return false;
      v = Value::decimal(std::move(s));
      return true;
    case ValueType::String:
      if (!text(s)) return false;
      v = Value(std::move(s));
      return true;
    case ValueType::Bytes:
      if (!text(s)) return false;
      v = Value::bytes(std::move(s));
      return true;
    case ValueType::Timestamp:
      if (!i64(i)) return false;
      v = Value::timestampMicros(i);
      return true;
    case ValueType::Array: {
      std::uint64_t n = 0;
      if (!u64(n) || n > m_in.size()) return false;
      Value a = Value::makeArray(n);
      for (std::uint64_t k = 0; k < n; ++k) {
        Value item;
        if (!value(item)) return false;
        a.asArray().push_back(std::move(item));
      }
      v = std::move(a);
      return true;
    }
    case ValueType::Object: {
      std::uint64_t n = 0;
      if (!u64(n) || n > m_in.size()) return false;
      Value o = Value::makeObject(n);
      for (std::uint64_t k = 0; k < n; ++k) {
        std::string name;
        Value item;
        if (!text(name) || !value(item)) return false;
        o.append(std::move(name), std::move(item));
      }
      v = std::move(o);
      return true;
    }
  }
  return false;
}

bool StateReader::record(record::Record& r) {
  std::int64_t partition = 0;
  std::uint64_t headers = 0;
  if (!value(r.key) || !value(r.value) || !i64(r.timestampMs) || !i64(partition) || !i64(r.position.offset) ||
      !u64(headers) || headers > m_in.size())
    return false;
  r.position.partition = static_cast<std::int32_t>(partition);
  r.headers.resize(headers);
  for (record::Header& h : r.headers)
    if (!text(h.key) || !text(h.value)) return false;
  return true;
}

}  // namespace tributary::stream
