#pragma once
// Page compression: none, snappy (libsnappy), gzip (zlib) and zstd (libzstd).
// Decompression checks the result against the size the page header states.

#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/parquet/metadata.h"

namespace tributary::parquet {

// Codecs the writer can produce: Uncompressed, Snappy, Zstd, Gzip.
Status compress(Codec codec, std::string_view in, std::string& out);
// Appends exactly `uncompressedSize` bytes to `out`, or fails saying why.
Status decompress(Codec codec, std::string_view in, std::size_t uncompressedSize, std::string& out);

}  // namespace tributary::parquet
