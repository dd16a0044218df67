#include "core/parquet/rle.h"

#include <algorithm>

namespace tributary::parquet {

namespace {
void putVarint(std::uint64_t v, std::string& out) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

template <typename T>
void encodeRuns(const std::vector<T>& values, int bitWidth, std::string& out) {
  if (values.empty()) return;
  int byteWidth = (bitWidth + 7) / 8;
  bool same = true;
  for (const T& v : values) same = same && v == values.front();
  if (same) {  // one RLE run
    putVarint(static_cast<std::uint64_t>(values.size()) << 1, out);
    std::uint32_t v = values.front();
    for (int i = 0; i < byteWidth; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    return;
  }
  // One bit-packed run of groups of 8 (the last group padded with zeros).
  std::size_t groups = (values.size() + 7) / 8;
  putVarint((static_cast<std::uint64_t>(groups) << 1) | 1, out);
  std::uint64_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < groups * 8; ++i) {
    std::uint64_t v = i < values.size() ? static_cast<std::uint64_t>(values[i]) : 0;
    acc |= v << bits;
    bits += bitWidth;
    while (bits >= 8) {
      out.push_back(static_cast<char>(acc & 0xff));
      acc >>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) out.push_back(static_cast<char>(acc & 0xff));
}

}  // namespace

void encodeRle(const std::vector<std::uint8_t>& values, int bitWidth, std::string& out) {
  encodeRuns(values, bitWidth, out);
}
void encodeRle(const std::vector<std::uint32_t>& values, int bitWidth, std::string& out) {
  encodeRuns(values, bitWidth, out);
}

Status decodeRle(std::string_view data, int bitWidth, std::size_t count, std::uint32_t maxValue,
                 std::vector<std::uint32_t>& out) {
  out.clear();
  if (bitWidth < 0 || bitWidth > 32)
    return makeError(ErrorCode::Invalid, "bit width " + std::to_string(bitWidth) + " is out of range");
  out.reserve(count);
  const auto* p = reinterpret_cast<const std::uint8_t*>(data.data());
  std::size_t size = data.size(), pos = 0;
  int byteWidth = (bitWidth + 7) / 8;
  while (out.size() < count) {
    std::uint64_t header = 0;
    int shift = 0;
    while (true) {
      if (pos >= size)
        return makeError(ErrorCode::Invalid, "RLE data ends after " + std::to_string(out.size()) + " of " +
                                                 std::to_string(count) + " values");
      std::uint8_t b = p[pos++];
      if (shift < 64) header |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80)) break;
      if (shift > 63) return makeError(ErrorCode::Invalid, "an RLE run header is too long");
    }
    if (header & 1) {  // bit-packed: (header >> 1) groups of 8 values
      std::uint64_t groups = header >> 1;
      std::uint64_t values = groups * 8;
      if (groups == 0 || groups > (size_t{1} << 40)) return makeError(ErrorCode::Invalid, "a corrupt bit-packed run");
      std::uint64_t bytesNeeded = groups * static_cast<std::uint64_t>(bitWidth);  // groups*8 values * width / 8
      if (bytesNeeded > size - pos) {
        // The last run may be cut short when it ends the data; take what is there.
        bytesNeeded = size - pos;
        values = bitWidth ? bytesNeeded * 8 / static_cast<std::uint64_t>(bitWidth) : values;
      }
      std::uint64_t acc = 0;
      int bits = 0;
      std::size_t at = pos;
      std::uint32_t mask = bitWidth == 32 ? 0xffffffffu : ((1u << bitWidth) - 1);
      for (std::uint64_t i = 0; i < values && out.size() < count; ++i) {
        while (bits < bitWidth) {
          acc |= static_cast<std::uint64_t>(p[at++]) << bits;
          bits += 8;
        }
        std::uint32_t v = static_cast<std::uint32_t>(acc & mask);
        acc >>= bitWidth;
        bits -= bitWidth;
        if (v > maxValue)
          return makeError(ErrorCode::Invalid, "value " + std::to_string(v) + " exceeds " + std::to_string(maxValue));
        out.push_back(v);
      }
      pos += bytesNeeded;
      if (out.size() < count && values < groups * 8)
        return makeError(ErrorCode::Invalid, "RLE data ends after " + std::to_string(out.size()) + " of " +
                                                 std::to_string(count) + " values");
    } else {
      std::uint64_t run = header >> 1;
      if (static_cast<std::size_t>(byteWidth) > size - pos)
        return makeError(ErrorCode::Invalid, "an RLE run ends early");
      std::uint32_t v = 0;
      for (int i = 0; i < byteWidth; ++i) v |= static_cast<std::uint32_t>(p[pos + i]) << (8 * i);
      pos += byteWidth;
      if (v > maxValue)
        return makeError(ErrorCode::Invalid, "value " + std::to_string(v) + " exceeds " + std::to_string(maxValue));
      if (run == 0) return makeError(ErrorCode::Invalid, "an empty RLE run");
      std::uint64_t take = std::min<std::uint64_t>(run, count - out.size());
      out.insert(out.end(), take, v);
    }
  }
  return {};
}

}  // namespace tributary::parquet
