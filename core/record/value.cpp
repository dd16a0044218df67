#include "core/record/value.h"

#include <cstring>
#include <new>

namespace tributary::record {

std::string_view toString(ValueType type) {
  switch (type) {
    case ValueType::Null:
      return "null";
    case ValueType::Bool:
      return "boolean";
    case ValueType::Int:
      return "int";
    case ValueType::Double:
      return "double";
    case ValueType::Decimal:
      return "decimal";
    case ValueType::String:
      return "string";
    case ValueType::Bytes:
      return "bytes";
    case ValueType::Timestamp:
      return "timestamp";
    case ValueType::Array:
      return "array";
    case ValueType::Object:
      return "object";
  }
  return "unknown";
}

// Heap::Text blocks are one raw allocation (size + chars + a NUL so that C
// APIs such as strtod can read them) freed with ::operator delete;
// Items/Fields use new/delete.
Value::Heap* Value::makeText(std::string_view text) {
  void* memory = ::operator new(sizeof(Value::Heap::Text) + text.size() + 1);
  auto* block = new (memory) Value::Heap::Text{text.size()};
  if (!text.empty()) std::memcpy(block->data(), text.data(), text.size());
  block->data()[text.size()] = '\0';
  return reinterpret_cast<Value::Heap*>(block);
}

Value::Value() noexcept : m_type(ValueType::Null), m_int(0) {}
Value::Value(bool b) noexcept : m_type(ValueType::Bool), m_int(0) {
  m_bool = b;
}
Value::Value(std::int64_t v) noexcept : m_type(ValueType::Int), m_int(v) {}
Value::Value(double v) noexcept : m_type(ValueType::Double), m_double(v) {}
static_assert(sizeof(Value) == 16, "a Value is two words");

// Sets the text of a String/Decimal/Bytes value whose type is already set and
// which owns nothing yet.
void Value::setText(std::string_view text) {
  if (text.size() <= kInlineText) {
    m_inlineSize = static_cast<std::uint8_t>(text.size() + 1);
    if (!text.empty()) std::memcpy(inlineText(), text.data(), text.size());
  } else {
    m_inlineSize = 0;
    m_heap = makeText(text);
  }
}

Value::Value(std::string s) : m_type(ValueType::String) { setText(s); }
Value::Value(std::string_view s) : m_type(ValueType::String) { setText(s); }
Value::Value(const char* s) : m_type(ValueType::String) { setText(s ? std::string_view(s) : std::string_view()); }
Value::Value(Array a) : m_type(ValueType::Array), m_heap(reinterpret_cast<Heap*>(new Heap::Items{std::move(a)})) {}
Value::Value(Object o) : m_type(ValueType::Object), m_heap(reinterpret_cast<Heap*>(new Heap::Fields{std::move(o)})) {}

Value Value::decimal(std::string digits) {
  Value v;
  v.m_type = ValueType::Decimal;
  v.setText(digits);
  return v;
}

Value Value::bytes(std::string data) {
  Value v;
  v.m_type = ValueType::Bytes;
  v.setText(data);
  return v;
}

Value Value::timestampMicros(std::int64_t microsSinceEpoch) {
  Value v;
  v.m_int = microsSinceEpoch;
  v.m_type = ValueType::Timestamp;
  return v;
}

Value Value::makeObject(std::size_t reserve) {
  Object fields;
  fields.reserve(reserve);
  return Value(std::move(fields));
}

Value Value::makeArray(std::size_t reserve) {
  Array items;
  items.reserve(reserve);
  return Value(std::move(items));
}

void Value::destroy() noexcept {
  if (m_inlineSize) {
    m_inlineSize = 0;
    m_type = ValueType::Null;
    return;
  }
  switch (m_type) {
    case ValueType::Decimal:
    case ValueType::String:
    case ValueType::Bytes:
      ::operator delete(m_heap);
      break;
    case ValueType::Array:
      delete reinterpret_cast<Heap::Items*>(m_heap);
      break;
    case ValueType::Object:
      delete reinterpret_cast<Heap::Fields*>(m_heap);
      break;
    default:
      break;
  }
  m_type = ValueType::Null;
}

Value::Value(const Value& other) {
  copyBits(other);
  if (m_inlineSize) return;  // inline text was copied with the bits
  switch (m_type) {
    case ValueType::Decimal:
    case ValueType::String:
    case ValueType::Bytes:
      m_heap = makeText(other.asString());
      break;
    case ValueType::Array:
      m_heap = reinterpret_cast<Heap*>(new Heap::Items{other.asArray()});
      break;
    case ValueType::Object:
      m_heap = reinterpret_cast<Heap*>(new Heap::Fields{other.asObject()});
      break;
    default:
      break;
  }
}

Value& Value::operator=(const Value& other) {
  if (this != &other) {
    Value copy(other);
    *this = std::move(copy);
  }
  return *this;
}

double Value::asDouble() const {
  switch (m_type) {
    case ValueType::Double:
      return m_double;
    case ValueType::Int:
      return static_cast<double>(m_int);
    case ValueType::Decimal: {
      std::string_view digits = asString();
      std::string text(digits);
      return std::strtod(text.c_str(), nullptr);
    }
    default:
      assert(false && "asDouble on a non-number");
      return 0.0;
  }
}

void Value::set(std::string_view name, Value value) {
  if (m_type != ValueType::Object) {
    assert(m_type == ValueType::Null);
    *this = Value(Object{});
  }
  Object& fields = asObject();
  for (Field& field : fields) {
    if (field.first == name) {
      field.second = std::move(value);
      return;
    }
  }
  fields.emplace_back(std::string(name), std::move(value));
}

void Value::append(std::string name, Value value) {
  if (m_type != ValueType::Object) {
    assert(m_type == ValueType::Null);
    *this = Value(Object{});
  }
  asObject().emplace_back(std::move(name), std::move(value));
}

bool Value::erase(std::string_view name) {
  if (m_type != ValueType::Object) return false;
  Object& fields = asObject();
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    if (it->first == name) {
      fields.erase(it);
      return true;
    }
  }
  return false;
}

std::size_t Value::size() const noexcept {
  if (m_type == ValueType::Object) return asObject().size();
  if (m_type == ValueType::Array) return asArray().size();
  return 0;
}

bool Value::operator==(const Value& other) const {
  if (m_type != other.m_type) return false;
  switch (m_type) {
    case ValueType::Null:
      return true;
    case ValueType::Bool:
      return m_bool == other.m_bool;
    case ValueType::Int:
    case ValueType::Timestamp:
      return m_int == other.m_int;
    case ValueType::Double:
      return m_double == other.m_double;
    case ValueType::Decimal:
    case ValueType::String:
    case ValueType::Bytes:
      return asString() == other.asString();
    case ValueType::Array:
      return asArray() == other.asArray();
    case ValueType::Object:
      return asObject() == other.asObject();
  }
  return false;
}

}  // namespace tributary::record
