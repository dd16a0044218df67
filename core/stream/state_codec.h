#pragma once
// A compact, lossless binary encoding of Values and Records for the state
// store (JSON would turn timestamps into text and decimals into doubles).
// Writer appends to a string; Reader reads a string_view and reports a
// truncated or corrupt input by returning false. Thread-compatible.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/record/record.h"

namespace tributary::stream {

class StateWriter {
 public:
  explicit StateWriter(std::string& out) : m_out(out) {}
  void u64(std::uint64_t v);  // varint
  void i64(std::int64_t v);   // zig-zag varint
  void f64(double v);
  void text(std::string_view s);
  void value(const record::Value& v);
  void record(const record::Record& r);
  // Bytes already written by a StateWriter (e.g. a record encoded earlier), as they are.
  void encoded(std::string_view bytes) { m_out.append(bytes); }

 private:
  std::string& m_out;
};

class StateReader {
 public:
  explicit StateReader(std::string_view in) : m_in(in) {}
  bool u64(std::uint64_t& v);
  bool i64(std::int64_t& v);
  bool f64(double& v);
  bool text(std::string& s);
  bool value(record::Value& v);
  bool record(record::Record& r);
  bool atEnd() const { return m_in.empty(); }

 private:
  std::string_view m_in;
};

}  // namespace tributary::stream
