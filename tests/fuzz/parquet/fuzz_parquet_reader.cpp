// libFuzzer target: the Parquet reader must accept or refuse any bytes
// cleanly (no crash, no read out of bounds, no unbounded allocation), and
// a file it accepts must read to its end or stop with an error.
// Seeds: corpus/ (files from our writer and from hyparquet-writer).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/parquet/reader.h"

using namespace tributary;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto reader = parquet::ParquetReader::openBuffer(std::string(reinterpret_cast<const char*>(data), size), "fuzz");
  if (!reader.ok()) {
    if (reader.error().message.empty()) std::abort();  // every refusal says why
    return 0;
  }
  record::Value row;
  std::int64_t count = 0;
  while (count < 200000) {
    auto more = reader->next(row);
    if (!more.ok()) {
      if (more.error().message.empty()) std::abort();
      return 0;
    }
    if (!*more) break;
    if (row.size() != reader->columnNames().size()) std::abort();
    ++count;
  }
  if (count < 200000 && count != reader->rows()) std::abort();  // a clean end means every row was read
  return 0;
}
