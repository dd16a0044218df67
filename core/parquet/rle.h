#pragma once
// The RLE / bit-packing hybrid encoding Parquet uses for definition and
// repetition levels and for dictionary indices.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace tributary::parquet {

// Appends `values` (each < 2^bitWidth) encoded, without a length prefix.
void encodeRle(const std::vector<std::uint8_t>& values, int bitWidth, std::string& out);
void encodeRle(const std::vector<std::uint32_t>& values, int bitWidth, std::string& out);

// Decodes exactly `count` values from `data` into `out` (replacing its content).
// Fails when the data ends early, a run is corrupt, or a value exceeds `maxValue`.
Status decodeRle(std::string_view data, int bitWidth, std::size_t count, std::uint32_t maxValue,
                 std::vector<std::uint32_t>& out);

// Bits needed for values up to maxValue.
inline int bitWidthFor(std::uint32_t maxValue) {
  int w = 0;
  while (maxValue >> w) ++w;
  return w;
}

}  // namespace tributary::parquet
