// libFuzzer target: parseJson must accept or reject any bytes cleanly, and
// what it accepts must survive a write/read round trip unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/record/json.h"

using namespace tributary;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = record::parseJson(text);
  if (!parsed.ok()) return 0;
  std::string written = record::toJson(*parsed);
  auto again = record::parseJson(written);
  if (!again.ok()) std::abort();
  if (record::toJson(*again) != written) std::abort();
  return 0;
}
