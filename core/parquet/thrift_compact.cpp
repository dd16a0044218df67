#include "core/parquet/thrift_compact.h"

#include <cstring>

namespace tributary::parquet::thrift {

namespace {
constexpr int kMaxDepth = 32;  // nesting of structs and lists; Parquet needs fewer than 8
}

void Reader::fail(std::string message) {
  if (m_error.empty()) m_error = std::move(message) + " at byte " + std::to_string(m_pos) + " of the header";
}

std::uint8_t Reader::byte() {
  if (m_pos >= m_size) {
    fail("the Thrift data ends early");
    return 0;
  }
  return m_data[m_pos++];
}

std::uint64_t Reader::varint() {
  std::uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    std::uint8_t b = byte();
    if (!ok()) return 0;
    v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
  fail("a varint is longer than 10 bytes");
  return 0;
}

std::int64_t Reader::readI64() {
  std::uint64_t u = varint();
  return static_cast<std::int64_t>((u >> 1) ^ (~(u & 1) + 1));
}

std::int32_t Reader::readI32() {
  std::int64_t v = readI64();
  if (v < INT32_MIN || v > INT32_MAX) {
    fail("an i32 is out of range");
    return 0;
  }
  return static_cast<std::int32_t>(v);
}

double Reader::readDouble() {
  if (m_size - m_pos < 8 || m_pos > m_size) {
    fail("the Thrift data ends early");
    return 0;
  }
  double d;
  std::memcpy(&d, m_data + m_pos, 8);
  m_pos += 8;
  return d;
}

std::string_view Reader::readBinary() {
  std::uint64_t n = varint();
  if (!ok()) return {};
  if (n > m_size - m_pos) {
    fail("a string of " + std::to_string(n) + " bytes runs past the end");
    return {};
  }
  std::string_view v(reinterpret_cast<const char*>(m_data + m_pos), n);
  m_pos += n;
  return v;
}

void Reader::beginStruct() {
  if (m_lastField.size() >= kMaxDepth) {
    fail("structs are nested too deeply");
    return;
  }
  m_lastField.push_back(0);
}

bool Reader::nextField(std::int16_t& id, Type& type) {
  if (!ok() || m_lastField.empty()) return false;
  std::uint8_t b = byte();
  if (!ok()) return false;
  if (b == kStop) {
    m_lastField.pop_back();
    return false;
  }
  type = static_cast<Type>(b & 0x0f);
  std::uint8_t delta = b >> 4;
  if (delta) {
    id = static_cast<std::int16_t>(m_lastField.back() + delta);
  } else {
    std::int64_t v = readI64();
    if (v < INT16_MIN || v > INT16_MAX) fail("a field id is out of range");
    id = static_cast<std::int16_t>(v);
  }
  if (type > kStruct) fail("unknown Thrift type " + std::to_string(type));
  m_lastField.back() = id;
  return ok();
}

std::size_t Reader::readListHeader(Type& element) {
  std::uint8_t b = byte();
  element = static_cast<Type>(b & 0x0f);
  std::uint64_t size = b >> 4;
  if (size == 15) size = varint();
  if (!ok()) return 0;
  // Each element takes at least one byte, so a larger count is corrupt.
  if (size > m_size - m_pos) {
    fail("a list of " + std::to_string(size) + " elements runs past the end");
    return 0;
  }
  if (element > kStruct || element == kStop) fail("unknown Thrift list element type " + std::to_string(element));
  return ok() ? size : 0;
}

void Reader::skip(Type type, int depth) {
  if (depth > kMaxDepth) {
    fail("values are nested too deeply");
    return;
  }
  switch (type) {
    case kTrue:
    case kFalse:
      return;  // the value is in the field header
    case kByte:
      byte();
      return;
    case kI16:
    case kI32:
    case kI64:
      varint();
      return;
    case kDouble:
      readDouble();
      return;
    case kBinary:
      readBinary();
      return;
    case kList:
    case kSet: {
      Type element;
      std::size_t n = readListHeader(element);
      for (std::size_t i = 0; i < n && ok(); ++i) {
        if (element == kTrue || element == kFalse)
          byte();  // in lists a bool is a byte
        else
          skip(element, depth + 1);
      }
      return;
    }
    case kMap: {
      std::uint64_t n = varint();
      if (n == 0 || !ok()) return;
      std::uint8_t types = byte();
      if (n > m_size - m_pos) {
        fail("a map runs past the end");
        return;
      }
      for (std::uint64_t i = 0; i < n && ok(); ++i) {
        skip(static_cast<Type>(types >> 4), depth + 1);
        skip(static_cast<Type>(types & 0x0f), depth + 1);
      }
      return;
    }
    case kStruct: {
      beginStruct();
      std::int16_t id;
      Type t;
      while (nextField(id, t)) skip(t, depth + 1);
      return;
    }
    default:
      fail("unknown Thrift type " + std::to_string(type));
  }
}

}  // namespace tributary::parquet::thrift
