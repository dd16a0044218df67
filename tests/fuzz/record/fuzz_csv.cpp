// libFuzzer target: the CSV reader must accept or reject any bytes cleanly,
// and rows it reads must survive a write/read round trip.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/record/csv.h"
#include "core/record/json.h"

using namespace tributary;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto rows = record::parseCsv(text);
  if (!rows.ok() || rows->empty()) return 0;
  record::CsvWriter writer;
  std::string out;
  for (const auto& row : *rows) writer.writeRow(row, out);
  auto again = record::parseCsv(out);
  if (!again.ok() || again->size() != rows->size()) std::abort();
  for (std::size_t i = 0; i < rows->size(); ++i) {
    if (record::toJson((*again)[i]) != record::toJson((*rows)[i])) std::abort();
  }
  return 0;
}
