// libFuzzer target for the binlog decoder (core/connectors/binlog_decoder.h):
// any bytes must decode or fail with an error, never read out of bounds.
//
// Input: a stream of binlog events as in a binlog file after its magic (each
// event's own length field says where the next starts). The decoder first gets
// a MariaDB 10.11 format description with checksums off, so mutated events
// reach the table map and row decoding instead of failing the CRC check;
// tables get column information derived from their column count, so the
// unsigned / ENUM / SET / binary / latin1 paths run too. The corpus holds the
// events of tests/data/connectors/mariadb-10.11-rows.binlog without checksums.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/connectors/binlog_decoder.h"

using namespace tributary::connectors::binlog;

namespace {

// MariaDB 10.11's post-header lengths, by event type - 1.
const std::uint8_t kPostHeader[] = {
    56, 13, 0, 8, 0, 18, 0, 4, 4, 4, 4, 18, 0, 0, 228, 0, 4, 26, 8, 0, 0, 0, 8, 8, 8, 2, 0, 0, 0, 10, 10, 10, 0, 0,
    0,  0,  0, 0, 10, 10, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0,  0,  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0,  0,  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0,  0,  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 19, 4, 0, 13, 8, 8, 8, 10, 10, 10};

std::string formatDescription() {
  std::string body;
  body.append("\x04\x00", 2);            // binlog version 4
  std::string version = "10.11.0-MariaDB";
  version.resize(50, '\0');
  body += version;
  body.append(4, '\0');                  // create time
  body.push_back(static_cast<char>(kHeaderSize));
  body.append(reinterpret_cast<const char*>(kPostHeader), sizeof kPostHeader);
  body.push_back('\0');                  // checksum algorithm: off
  body.append(4, '\0');
  std::uint32_t len = static_cast<std::uint32_t>(kHeaderSize + body.size());
  std::string ev(kHeaderSize, '\0');
  ev[4] = static_cast<char>(kFormatDescriptionEvent);
  for (int i = 0; i < 4; ++i) ev[9 + i] = static_cast<char>((len >> (8 * i)) & 0xFF);
  return ev + body;
}

class FuzzSchema final : public SchemaLookup {
 public:
  const std::vector<ColumnInfo>* columns(const TableMap& table) override {
    if (table.types.size() % 3 == 0) return nullptr;  // unknown table: positional, signed
    m_columns.assign(table.types.size(), ColumnInfo{});
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
      m_columns[i].name = "c" + std::to_string(i);
      m_columns[i].isUnsigned = i % 2 == 1;
      m_columns[i].binary = i % 3 == 1;
      m_columns[i].latin1 = i % 5 == 2;
      if (i % 4 == 0) m_columns[i].elements = {"a", "b", "c"};
    }
    return &m_columns;
  }

 private:
  std::vector<ColumnInfo> m_columns;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string fde = formatDescription();
  std::string_view in(reinterpret_cast<const char*>(data), size);
  BinlogDecoder decoder;
  if (!decoder.decode(fde).ok()) std::abort();
  FuzzSchema schema;
  std::size_t pos = 0;
  while (pos + kHeaderSize <= in.size()) {
    std::uint32_t len = 0;
    for (int i = 0; i < 4; ++i) len |= static_cast<std::uint32_t>(static_cast<std::uint8_t>(in[pos + 9 + i])) << (8 * i);
    if (len < kHeaderSize || len > in.size() - pos) break;
    auto ev = decoder.decode(in.substr(pos, len), &schema);
    if (ev.ok() && ev->rows) {
      // Rows must have one value per column of their table map.
      for (const RowChange& c : ev->rows->rows) {
        std::size_t n = ev->rows->table->types.size();
        if ((!c.before.empty() && c.before.size() != n) || (!c.after.empty() && c.after.size() != n)) std::abort();
      }
    }
    pos += len;
  }
  // Also the value decoder alone: type, two metadata bytes, then the value.
  if (size >= 3) {
    std::size_t used = 0;
    auto v = decodeValue(data[0], static_cast<std::uint16_t>(data[1] | (data[2] << 8)), nullptr, in.substr(3), used);
    if (v.ok() && used > size - 3) std::abort();
  }
  return 0;
}
