#pragma once
// Value: the structured data a record carries (null, bool, int64, double,
// decimal, string, bytes, timestamp, array, object). Records are created and
// read millions of times a second, so a Value is small, move-cheap and keeps
// object fields in insertion order in a flat vector (records have few fields;
// a linear scan beats hashing there). Copying is a deep copy.
// Thread-compatible: distinct Values may be used on distinct threads.
//
// This header is the contract between core/record, core/expr and core/runtime:
// extend it, but do not change the meaning of what is here.

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tributary::record {

enum class ValueType : std::uint8_t { Null, Bool, Int, Double, Decimal, String, Bytes, Timestamp, Array, Object };

std::string_view toString(ValueType type);

class Value;
using Array = std::vector<Value>;
using Field = std::pair<std::string, Value>;
using Object = std::vector<Field>;

class Value {
 public:
  Value() noexcept;  // null
  Value(std::nullptr_t) noexcept : Value() {}
  explicit Value(bool b) noexcept;
  Value(int v) noexcept : Value(static_cast<std::int64_t>(v)) {}
  Value(std::int64_t v) noexcept;
  Value(double v) noexcept;
  Value(std::string s);
  Value(std::string_view s);
  Value(const char* s);
  Value(Array a);
  Value(Object o);
  static Value decimal(std::string digits);  // exact decimal kept as text, e.g. "12.50"
  static Value bytes(std::string data);
  static Value timestampMicros(std::int64_t microsSinceEpoch);  // UTC

  Value(const Value& other);
  Value(Value&& other) noexcept;
  Value& operator=(const Value& other);
  Value& operator=(Value&& other) noexcept;
  ~Value();

  ValueType type() const noexcept;
  bool isNull() const noexcept { return type() == ValueType::Null; }
  bool isNumber() const noexcept;  // Int, Double or Decimal

  // Accessors assume the matching type (checked with assert).
  bool asBool() const;
  std::int64_t asInt() const;
  double asDouble() const;            // also converts Int and Decimal
  std::string_view asString() const;  // String, Decimal digits, Bytes data
  std::int64_t asTimestampMicros() const;
  const Array& asArray() const;
  Array& asArray();
  const Object& asObject() const;
  Object& asObject();

  // Object field access (nullptr when not an object or no such field).
  const Value* find(std::string_view name) const;
  Value* find(std::string_view name);
  // Sets a field, replacing an existing one of the same name; turns null into an object.
  void set(std::string_view name, Value value);
  bool erase(std::string_view name);

  // Deep equality; Int 1 == Double 1.0 is false here (use expr semantics for SQL comparisons).
  bool operator==(const Value& other) const;

  // Additions (not part of the original contract, safe to use):
  // Appends a field without checking for an existing one of the same name
  // (codecs and projections that know names are unique); turns null into an object.
  void append(std::string name, Value value);
  // Number of fields (Object), items (Array), or 0.
  std::size_t size() const noexcept;
  // Makes an empty object with room for `fields` fields.
  static Value makeObject(std::size_t reserve = 0);
  static Value makeArray(std::size_t reserve = 0);

 private:
  struct Heap;
  void destroy() noexcept;  // frees the heap block (types Decimal..Object except Timestamp)
  static Heap* makeText(std::string_view text);
  // Text of up to kInlineText bytes lives inside the Value itself (no
  // allocation): most field values (statuses, codes, names, ids) are short,
  // and allocating each one was the largest single cost of a pipeline.
  static constexpr std::size_t kInlineText = 14;
  void setText(std::string_view text);
  bool ownsHeap() const noexcept {
    return m_type >= ValueType::Decimal && m_type != ValueType::Timestamp && m_inlineSize == 0;
  }
  const char* inlineText() const noexcept { return reinterpret_cast<const char*>(this) + 2; }
  char* inlineText() noexcept { return reinterpret_cast<char*>(this) + 2; }
  void copyBits(const Value& other) noexcept {
    m_type = other.m_type;
    m_inlineSize = other.m_inlineSize;
    for (int i = 0; i < 6; ++i) m_inlinePrefix[i] = other.m_inlinePrefix[i];
    m_int = other.m_int;
  }

  // Layout (16 bytes): type, inline text size + 1 (0: not inline), then 14
  // bytes that hold inline text, or 6 unused bytes and the union below.
  ValueType m_type;
  std::uint8_t m_inlineSize = 0;
  char m_inlinePrefix[6] = {};
  union {
    bool m_bool;
    std::int64_t m_int;
    double m_double;
    Heap* m_heap;  // String, Decimal, Bytes, Array, Object
  };
};

// ---- inline definitions of the hot accessors (representation details) ----

// Heap blocks: strings, decimals and bytes are one allocation (size + chars);
// arrays and objects own a std::vector.
struct Value::Heap {
  struct Text {
    std::size_t size;
    const char* data() const noexcept { return reinterpret_cast<const char*>(this + 1); }
    char* data() noexcept { return reinterpret_cast<char*>(this + 1); }
  };
  struct Items {
    Array items;
  };
  struct Fields {
    Object fields;
  };
};

inline ValueType Value::type() const noexcept {
  return m_type;
}
inline bool Value::isNumber() const noexcept {
  return m_type == ValueType::Int || m_type == ValueType::Double || m_type == ValueType::Decimal;
}
inline bool Value::asBool() const {
  assert(m_type == ValueType::Bool);
  return m_bool;
}
inline std::int64_t Value::asInt() const {
  assert(m_type == ValueType::Int);
  return m_int;
}
inline std::int64_t Value::asTimestampMicros() const {
  assert(m_type == ValueType::Timestamp);
  return m_int;
}
inline std::string_view Value::asString() const {
  assert(m_type == ValueType::String || m_type == ValueType::Decimal || m_type == ValueType::Bytes);
  if (m_inlineSize) return {inlineText(), static_cast<std::size_t>(m_inlineSize - 1)};
  const auto* text = reinterpret_cast<const Heap::Text*>(m_heap);
  return {text->data(), text->size};
}
inline const Array& Value::asArray() const {
  assert(m_type == ValueType::Array);
  return reinterpret_cast<const Heap::Items*>(m_heap)->items;
}
inline Array& Value::asArray() {
  assert(m_type == ValueType::Array);
  return reinterpret_cast<Heap::Items*>(m_heap)->items;
}
inline const Object& Value::asObject() const {
  assert(m_type == ValueType::Object);
  return reinterpret_cast<const Heap::Fields*>(m_heap)->fields;
}
inline Object& Value::asObject() {
  assert(m_type == ValueType::Object);
  return reinterpret_cast<Heap::Fields*>(m_heap)->fields;
}
inline const Value* Value::find(std::string_view name) const {
  if (m_type != ValueType::Object) return nullptr;
  for (const Field& field : reinterpret_cast<const Heap::Fields*>(m_heap)->fields) {
    if (field.first.size() == name.size() && field.first == name) return &field.second;
  }
  return nullptr;
}
inline Value* Value::find(std::string_view name) {
  return const_cast<Value*>(static_cast<const Value*>(this)->find(name));
}
inline Value::Value(Value&& other) noexcept {
  copyBits(other);
  other.m_type = ValueType::Null;
  other.m_inlineSize = 0;
}

inline Value& Value::operator=(Value&& other) noexcept {
  if (this != &other) {
    if (ownsHeap()) destroy();
    copyBits(other);
    other.m_type = ValueType::Null;
    other.m_inlineSize = 0;
  }
  return *this;
}

inline Value::~Value() {
  if (ownsHeap()) destroy();
}

}  // namespace tributary::record
