#pragma once
// Big-endian readers and writers for the Kafka wire protocol. A Reader never
// reads past its buffer: on a short or inconsistent input it latches a failure,
// returns zeros from then on, and the caller checks ok() once at the end.
// Used by the network thread only; no shared state.

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace tributary::broker::wire {

class Reader {
 public:
  Reader() = default;
  Reader(const char* data, std::size_t size) : m_p(data), m_end(data + size) {}
  explicit Reader(std::string_view s) : Reader(s.data(), s.size()) {}

  bool ok() const { return m_ok; }
  void fail() {
    m_ok = false;
    m_p = m_end;
  }
  std::size_t remaining() const { return static_cast<std::size_t>(m_end - m_p); }
  const char* position() const { return m_p; }

  int8_t i8() { return static_cast<int8_t>(fixed<uint8_t>()); }
  bool boolean() { return i8() != 0; }
  int16_t i16() { return static_cast<int16_t>(fixed<uint16_t>()); }
  int32_t i32() { return static_cast<int32_t>(fixed<uint32_t>()); }
  uint32_t u32() { return fixed<uint32_t>(); }
  int64_t i64() { return static_cast<int64_t>(fixed<uint64_t>()); }

  // STRING: i16 length; a null (-1) is read as an empty string.
  std::string string() {
    auto s = nullableString();
    return s ? std::move(*s) : std::string();
  }
  std::optional<std::string> nullableString() {
    int16_t n = i16();
    if (n < 0) {
      if (n != -1) fail();
      return std::nullopt;
    }
    std::string_view v = raw(static_cast<std::size_t>(n));
    return std::string(v);
  }
  // BYTES: i32 length; null (-1) -> nullopt. The view points into the input.
  std::optional<std::string_view> bytes() {
    int32_t n = i32();
    if (n < 0) {
      if (n != -1) fail();
      return std::nullopt;
    }
    return raw(static_cast<std::size_t>(n));
  }
  // ARRAY length: -1 is null (returned as -1). A count that could not possibly
  // fit in what is left (each element needs at least `minElementSize` bytes)
  // fails the reader, so a forged count never makes us allocate.
  int32_t arrayLength(std::size_t minElementSize) {
    int32_t n = i32();
    if (!m_ok) return 0;
    if (n < -1 || (n > 0 && static_cast<std::size_t>(n) > remaining() / (minElementSize ? minElementSize : 1))) {
      fail();
      return 0;
    }
    return n;
  }
  std::string_view raw(std::size_t n) {
    if (!m_ok || remaining() < n) {
      fail();
      return {};
    }
    std::string_view v(m_p, n);
    m_p += n;
    return v;
  }
  void skip(std::size_t n) { raw(n); }

  // Zig-zag varints as used inside record batches.
  uint64_t uvarint() {
    uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      uint8_t b = fixed<uint8_t>();
      if (!m_ok) return 0;
      value |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return value;
    }
    fail();
    return 0;
  }
  int64_t varint() {
    uint64_t u = uvarint();
    return static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
  }

  // Flexible versions (KIP-482). COMPACT_STRING: unsigned varint length + 1
  // (0 is null, read as an empty string).
  std::string compactString() {
    uint64_t n = uvarint();
    if (n == 0) return {};
    return std::string(raw(static_cast<std::size_t>(n - 1)));
  }
  // COMPACT_ARRAY length (unsigned varint count + 1; 0 is null, read as -1),
  // bounded like arrayLength().
  int32_t compactArrayLength(std::size_t minElementSize) {
    uint64_t n = uvarint();
    if (!m_ok) return 0;
    if (n == 0) return -1;
    if (n - 1 > remaining() / (minElementSize ? minElementSize : 1)) {
      fail();
      return 0;
    }
    return static_cast<int32_t>(n - 1);
  }
  // A tagged-fields section: none is understood, all are skipped.
  void skipTaggedFields() {
    uint64_t count = uvarint();
    for (uint64_t i = 0; i < count && m_ok; ++i) {
      uvarint();  // tag
      skip(static_cast<std::size_t>(uvarint()));
    }
  }

 private:
  template <typename T>
  T fixed() {
    if (!m_ok || remaining() < sizeof(T)) {
      fail();
      return 0;
    }
    T v = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) v = static_cast<T>((v << 8) | static_cast<uint8_t>(m_p[i]));
    m_p += sizeof(T);
    return v;
  }

  const char* m_p = nullptr;
  const char* m_end = nullptr;
  bool m_ok = true;
};

// Appends big-endian values to a string. Sizes of arrays that are not known in
// advance are written with placeholder() and patched with patchI32().
class Writer {
 public:
  explicit Writer(std::string& out) : m_out(out) {}

  void i8(int8_t v) { m_out.push_back(static_cast<char>(v)); }
  void boolean(bool v) { i8(v ? 1 : 0); }
  void i16(int16_t v) { fixed(static_cast<uint16_t>(v)); }
  void i32(int32_t v) { fixed(static_cast<uint32_t>(v)); }
  void u32(uint32_t v) { fixed(v); }
  void i64(int64_t v) { fixed(static_cast<uint64_t>(v)); }
  void string(std::string_view s) {
    i16(static_cast<int16_t>(s.size()));
    m_out.append(s);
  }
  void nullableString(const std::optional<std::string>& s) {
    if (!s)
      i16(-1);
    else
      string(*s);
  }
  void nullString() { i16(-1); }
  void bytes(std::string_view s) {
    i32(static_cast<int32_t>(s.size()));
    m_out.append(s);
  }
  void nullBytes() { i32(-1); }
  void array(std::size_t n) { i32(static_cast<int32_t>(n)); }
  // Flexible versions: unsigned varints, COMPACT_STRING / COMPACT_ARRAY
  // lengths (+ 1) and an empty tagged-fields section.
  void uvarint(uint64_t v) {
    while (v >= 0x80) {
      m_out.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    m_out.push_back(static_cast<char>(v));
  }
  void compactString(std::string_view s) {
    uvarint(s.size() + 1);
    m_out.append(s);
  }
  void compactArray(std::size_t n) { uvarint(n + 1); }
  void noTaggedFields() { uvarint(0); }
  void raw(std::string_view s) { m_out.append(s); }

  std::size_t placeholder() {
    std::size_t at = m_out.size();
    i32(0);
    return at;
  }
  void patchI32(std::size_t at, int32_t v) {
    auto u = static_cast<uint32_t>(v);
    for (int i = 0; i < 4; ++i) m_out[at + static_cast<std::size_t>(i)] = static_cast<char>(u >> (24 - 8 * i));
  }
  std::size_t size() const { return m_out.size(); }

 private:
  template <typename T>
  void fixed(T v) {
    char buf[sizeof(T)];
    for (std::size_t i = 0; i < sizeof(T); ++i) buf[i] = static_cast<char>(v >> (8 * (sizeof(T) - 1 - i)));
    m_out.append(buf, sizeof(T));
  }
  std::string& m_out;
};

inline int32_t loadI32(const char* p) {
  return static_cast<int32_t>((static_cast<uint32_t>(static_cast<uint8_t>(p[0])) << 24) |
                              (static_cast<uint32_t>(static_cast<uint8_t>(p[1])) << 16) |
                              (static_cast<uint32_t>(static_cast<uint8_t>(p[2])) << 8) |
                              static_cast<uint32_t>(static_cast<uint8_t>(p[3])));
}
inline int64_t loadI64(const char* p) {
  return static_cast<int64_t>((static_cast<uint64_t>(static_cast<uint32_t>(loadI32(p))) << 32) |
                              static_cast<uint32_t>(loadI32(p + 4)));
}
inline int16_t loadI16(const char* p) {
  return static_cast<int16_t>((static_cast<uint16_t>(static_cast<uint8_t>(p[0])) << 8) | static_cast<uint8_t>(p[1]));
}
inline void storeI64(char* p, int64_t v) {
  auto u = static_cast<uint64_t>(v);
  for (int i = 0; i < 8; ++i) p[i] = static_cast<char>(u >> (56 - 8 * i));
}
inline void storeI32(char* p, int32_t v) {
  auto u = static_cast<uint32_t>(v);
  for (int i = 0; i < 4; ++i) p[i] = static_cast<char>(u >> (24 - 8 * i));
}

}  // namespace tributary::broker::wire
