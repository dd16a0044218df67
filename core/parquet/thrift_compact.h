#pragma once
// The Thrift compact protocol, as much of it as Parquet's footer and page
// headers use: structs, lists, i32/i64 (zigzag varints), binary/strings,
// booleans and doubles. The writer appends to a string; the reader walks a
// byte range and reports where it ran off the end or met a bad type, never
// reading past the range it was given. Not thread-safe; one per use.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tributary::parquet::thrift {

// Compact protocol type codes (in a field header's low nibble, a list header).
enum Type : std::uint8_t {
  kStop = 0,
  kTrue = 1,
  kFalse = 2,
  kByte = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
};

class Writer {
 public:
  explicit Writer(std::string& out) : m_out(out) {}

  void beginStruct() { m_lastField.push_back(0); }
  void endStruct() {
    m_out.push_back(0);
    m_lastField.pop_back();
  }
  void fieldI32(std::int16_t id, std::int32_t v) {
    fieldHeader(id, kI32);
    varint(zigzag(v));
  }
  void fieldI64(std::int16_t id, std::int64_t v) {
    fieldHeader(id, kI64);
    varint(zigzag(v));
  }
  void fieldBool(std::int16_t id, bool v) { fieldHeader(id, v ? kTrue : kFalse); }
  void fieldBinary(std::int16_t id, std::string_view v) {
    fieldHeader(id, kBinary);
    binary(v);
  }
  // A struct-valued field: call beginStruct() ... endStruct() after it.
  void fieldStruct(std::int16_t id) { fieldHeader(id, kStruct); }
  // A list-valued field; then write `size` elements with the element calls.
  void fieldList(std::int16_t id, Type element, std::size_t size) {
    fieldHeader(id, kList);
    listHeader(element, size);
  }
  void elementI32(std::int32_t v) { varint(zigzag(v)); }
  void elementBinary(std::string_view v) { binary(v); }

 private:
  static std::uint64_t zigzag(std::int64_t v) {
    return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
  }
  void varint(std::uint64_t v) {
    while (v >= 0x80) {
      m_out.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    m_out.push_back(static_cast<char>(v));
  }
  void binary(std::string_view v) {
    varint(v.size());
    m_out.append(v);
  }
  void fieldHeader(std::int16_t id, Type type) {
    std::int16_t& last = m_lastField.back();
    if (id > last && id - last <= 15) {
      m_out.push_back(static_cast<char>(((id - last) << 4) | type));
    } else {
      m_out.push_back(static_cast<char>(type));
      varint(zigzag(id));
    }
    last = id;
  }
  void listHeader(Type element, std::size_t size) {
    if (size < 15) {
      m_out.push_back(static_cast<char>((size << 4) | element));
    } else {
      m_out.push_back(static_cast<char>(0xf0 | element));
      varint(size);
    }
  }

  std::string& m_out;
  std::vector<std::int16_t> m_lastField;
};

// Reads from [data, data + size). Every call checks bounds; after the first
// failure ok() is false, error() says what, and further calls return zeros.
class Reader {
 public:
  Reader(const char* data, std::size_t size) : m_data(reinterpret_cast<const std::uint8_t*>(data)), m_size(size) {}

  bool ok() const { return m_error.empty(); }
  const std::string& error() const { return m_error; }
  std::size_t position() const { return m_pos; }

  // Struct walking: beginStruct(); while (nextField(id, type)) { ... read or skip(type) ... }
  void beginStruct();
  bool nextField(std::int16_t& id, Type& type);  // false at the struct's end (it is consumed) or on error
  bool boolValue(Type fieldType) { return fieldType == kTrue; }
  std::int32_t readI32();
  std::int64_t readI64();
  double readDouble();
  std::string_view readBinary();
  // A list header: element type and size.
  std::size_t readListHeader(Type& element);
  void skip(Type type, int depth = 0);
  void fail(std::string message);

 private:
  std::uint64_t varint();
  std::uint8_t byte();

  const std::uint8_t* m_data;
  std::size_t m_size;
  std::size_t m_pos = 0;
  std::vector<std::int16_t> m_lastField;
  std::string m_error;
};

}  // namespace tributary::parquet::thrift
