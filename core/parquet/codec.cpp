#include "core/parquet/codec.h"

#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

namespace tributary::parquet {

Status compress(Codec codec, std::string_view in, std::string& out) {
  switch (codec) {
    case Codec::Uncompressed:
      out.append(in);
      return {};
    case Codec::Snappy: {
      std::size_t old = out.size();
      std::size_t n = snappy_max_compressed_length(in.size());
      out.resize(old + n);
      if (snappy_compress(in.data(), in.size(), out.data() + old, &n) != SNAPPY_OK)
        return makeError(ErrorCode::Internal, "snappy compression failed");
      out.resize(old + n);
      return {};
    }
    case Codec::Zstd: {
      std::size_t old = out.size();
      std::size_t bound = ZSTD_compressBound(in.size());
      out.resize(old + bound);
      std::size_t n = ZSTD_compress(out.data() + old, bound, in.data(), in.size(), 3);
      if (ZSTD_isError(n)) return makeError(ErrorCode::Internal, std::string("zstd: ") + ZSTD_getErrorName(n));
      out.resize(old + n);
      return {};
    }
    case Codec::Gzip: {
      z_stream z{};
      if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return makeError(ErrorCode::Internal, "zlib deflateInit failed");
      std::size_t old = out.size();
      out.resize(old + deflateBound(&z, in.size()) + 32);
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
      z.avail_in = static_cast<uInt>(in.size());
      z.next_out = reinterpret_cast<Bytef*>(out.data() + old);
      z.avail_out = static_cast<uInt>(out.size() - old);
      int rc = deflate(&z, Z_FINISH);
      out.resize(old + z.total_out);
      deflateEnd(&z);
      if (rc != Z_STREAM_END) return makeError(ErrorCode::Internal, "gzip compression failed");
      return {};
    }
    default:
      return makeError(ErrorCode::Unsupported, "cannot write codec " + toString(codec));
  }
}

Status decompress(Codec codec, std::string_view in, std::size_t uncompressedSize, std::string& out) {
  std::size_t old = out.size();
  auto sizeError = [&](std::size_t got) {
    out.resize(old);
    return makeError(ErrorCode::Invalid, toString(codec) + " page decompresses to " + std::to_string(got) +
                                             " bytes, its header says " + std::to_string(uncompressedSize));
  };
  switch (codec) {
    case Codec::Uncompressed:
      if (in.size() != uncompressedSize) return sizeError(in.size());
      out.append(in);
      return {};
    case Codec::Snappy: {
      std::size_t n = 0;
      if (snappy_uncompressed_length(in.data(), in.size(), &n) != SNAPPY_OK)
        return makeError(ErrorCode::Invalid, "corrupt snappy data");
      if (n != uncompressedSize) return sizeError(n);
      out.resize(old + n);
      if (snappy_uncompress(in.data(), in.size(), out.data() + old, &n) != SNAPPY_OK || n != uncompressedSize) {
        out.resize(old);
        return makeError(ErrorCode::Invalid, "corrupt snappy data");
      }
      return {};
    }
    case Codec::Zstd: {
      out.resize(old + uncompressedSize);
      // A page may hold several frames; ZSTD_decompress handles them in sequence.
      std::size_t n = ZSTD_decompress(out.data() + old, uncompressedSize, in.data(), in.size());
      if (ZSTD_isError(n)) {
        out.resize(old);
        return makeError(ErrorCode::Invalid, std::string("corrupt zstd data: ") + ZSTD_getErrorName(n));
      }
      if (n != uncompressedSize) return sizeError(n);
      return {};
    }
    case Codec::Gzip: {
      z_stream z{};
      if (inflateInit2(&z, 15 + 32) != Z_OK) return makeError(ErrorCode::Internal, "zlib inflateInit failed");
      out.resize(old + uncompressedSize);
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
      z.avail_in = static_cast<uInt>(in.size());
      z.next_out = reinterpret_cast<Bytef*>(out.data() + old);
      z.avail_out = static_cast<uInt>(uncompressedSize);
      int rc = inflate(&z, Z_FINISH);
      std::size_t got = z.total_out;
      inflateEnd(&z);
      if (rc != Z_STREAM_END) {
        out.resize(old);
        if (rc == Z_BUF_ERROR && got == uncompressedSize) return sizeError(uncompressedSize + 1);
        return makeError(ErrorCode::Invalid, "corrupt gzip data");
      }
      if (got != uncompressedSize) return sizeError(got);
      return {};
    }
    default:
      return makeError(ErrorCode::Unsupported,
                       "compression codec " + toString(codec) + " is not supported (none, snappy, gzip, zstd are)");
  }
}

}  // namespace tributary::parquet
