#include "core/avro/container_file.h"

#include <snappy.h>
#include <zlib.h>

#include <cstring>

namespace tributary::avro {
namespace {

constexpr char kContainerMagic[4] = {'O', 'b', 'j', '\x01'};

// Avro's long: zig-zag, then base-128 little-endian groups.
void putContainerLong(std::int64_t v, std::string& out) {
  std::uint64_t z = (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
  while (z >= 0x80) {
    out.push_back(static_cast<char>((z & 0x7f) | 0x80));
    z >>= 7;
  }
  out.push_back(static_cast<char>(z));
}

void putContainerBytes(std::string_view bytes, std::string& out) {
  putContainerLong(static_cast<std::int64_t>(bytes.size()), out);
  out.append(bytes);
}

Status rawDeflate(std::string_view in, std::string& out) {
  z_stream z{};
  // Raw deflate (negative window bits: no zlib or gzip wrapper), as the specification asks.
  if (deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return makeError(ErrorCode::Internal, "cannot start deflate compression");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    char buf[65536];
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = deflate(&z, Z_FINISH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
      deflateEnd(&z);
      return makeError(ErrorCode::Internal, "deflate compression failed");
    }
    out.append(buf, sizeof buf - z.avail_out);
  }
  deflateEnd(&z);
  return {};
}

// Reads Avro longs and byte strings from a file, remembering where it is.
class ContainerCursor {
 public:
  explicit ContainerCursor(std::string_view data) : m_data(data) {}
  std::size_t at() const { return m_at; }
  bool atEnd() const { return m_at >= m_data.size(); }

  Result<std::int64_t> readLong(const char* what) {
    std::uint64_t z = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (m_at >= m_data.size()) return cut(what);
      auto b = static_cast<unsigned char>(m_data[m_at++]);
      z |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return static_cast<std::int64_t>((z >> 1) ^ (~(z & 1) + 1));
    }
    return makeError(ErrorCode::Invalid,
                     std::string("bad variable-length number (") + what + ") at byte " + std::to_string(m_at));
  }
  Result<std::string_view> readBytes(std::size_t n, const char* what) {
    if (m_data.size() - m_at < n) return cut(what);
    std::string_view v = m_data.substr(m_at, n);
    m_at += n;
    return v;
  }
  Result<std::string_view> readLengthPrefixed(const char* what) {
    auto n = readLong(what);
    if (!n) return n.error();
    if (*n < 0)
      return makeError(ErrorCode::Invalid,
                       std::string("negative length (") + what + ") before byte " + std::to_string(m_at));
    return readBytes(static_cast<std::size_t>(*n), what);
  }

 private:
  Error cut(const char* what) const {
    return makeError(ErrorCode::Invalid,
                     std::string("the Avro file is cut short in ") + what + " at byte " + std::to_string(m_at));
  }
  std::string_view m_data;
  std::size_t m_at = 0;
};

}  // namespace

std::string_view toString(FileCodec codec) {
  switch (codec) {
    case FileCodec::Deflate:
      return "deflate";
    case FileCodec::Snappy:
      return "snappy";
    default:
      return "null";
  }
}

Result<FileCodec> parseFileCodec(std::string_view name) {
  if (name == "null") return FileCodec::Null;
  if (name == "deflate") return FileCodec::Deflate;
  if (name == "snappy") return FileCodec::Snappy;
  return makeError(ErrorCode::Invalid,
                   "unknown Avro codec \"" + std::string(name) + "\" (null, deflate and snappy are supported)");
}

ContainerWriter::ContainerWriter(std::string_view schemaText, FileCodec codec, const SyncMarker& sync,
                                 std::size_t blockBytes)
    : m_codec(codec), m_sync(sync), m_blockBytes(blockBytes == 0 ? 1 : blockBytes) {
  m_out.append(kContainerMagic, sizeof kContainerMagic);
  putContainerLong(2, m_out);  // one block of two metadata entries
  putContainerBytes("avro.schema", m_out);
  putContainerBytes(schemaText, m_out);
  putContainerBytes("avro.codec", m_out);
  putContainerBytes(toString(codec), m_out);
  putContainerLong(0, m_out);
  m_out.append(m_sync.data(), m_sync.size());
}

Status ContainerWriter::append(std::string_view datum) {
  m_block.append(datum);
  ++m_blockCount;
  ++m_records;
  if (m_block.size() >= m_blockBytes) return closeBlock();
  return {};
}

Status ContainerWriter::closeBlock() {
  if (m_blockCount == 0) return {};
  std::string_view payload = m_block;
  if (m_codec == FileCodec::Deflate) {
    m_scratch.clear();
    if (Status s = rawDeflate(m_block, m_scratch); !s) return s;
    payload = m_scratch;
  } else if (m_codec == FileCodec::Snappy) {
    m_scratch.clear();
    snappy::Compress(m_block.data(), m_block.size(), &m_scratch);
    auto crc = static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(m_block.data()), static_cast<uInt>(m_block.size())));
    for (int shift = 24; shift >= 0; shift -= 8) m_scratch.push_back(static_cast<char>((crc >> shift) & 0xff));
    payload = m_scratch;
  }
  putContainerLong(static_cast<std::int64_t>(m_blockCount), m_out);
  putContainerBytes(payload, m_out);
  m_out.append(m_sync.data(), m_sync.size());
  m_block.clear();
  m_blockCount = 0;
  return {};
}

Result<std::string> ContainerWriter::finish() {
  if (Status s = closeBlock(); !s) return s.error();
  return std::move(m_out);
}

Result<ContainerInfo> readContainerInfo(std::string_view file) {
  ContainerCursor in(file);
  auto magic = in.readBytes(4, "the magic bytes");
  if (!magic) return magic.error();
  if (std::memcmp(magic->data(), kContainerMagic, 4) != 0)
    return makeError(ErrorCode::Invalid, "not an Avro object container file (it does not start with Obj\\x01)");
  ContainerInfo info;
  bool haveSchema = false;
  while (true) {
    auto count = in.readLong("the metadata");
    if (!count) return count.error();
    if (*count == 0) break;
    std::int64_t n = *count;
    if (n < 0) {  // a negative count is followed by the block's size in bytes
      n = -n;
      if (auto size = in.readLong("the metadata"); !size) return size.error();
    }
    for (std::int64_t i = 0; i < n; ++i) {
      auto key = in.readLengthPrefixed("a metadata key");
      if (!key) return key.error();
      auto value = in.readLengthPrefixed("a metadata value");
      if (!value) return value.error();
      if (*key == "avro.schema") {
        info.schemaText = std::string(*value);
        haveSchema = true;
      } else if (*key == "avro.codec") {
        auto codec = parseFileCodec(*value);
        if (!codec) return codec.error();
        info.codec = *codec;
      }
    }
  }
  if (!haveSchema) return makeError(ErrorCode::Invalid, "the Avro file's header has no avro.schema");
  auto sync = in.readBytes(16, "the header's sync marker");
  if (!sync) return sync.error();
  while (!in.atEnd()) {
    std::size_t blockAt = in.at();
    auto count = in.readLong("a block's record count");
    if (!count) return count.error();
    if (*count < 0)
      return makeError(ErrorCode::Invalid, "negative record count in the block at byte " + std::to_string(blockAt));
    auto data = in.readLengthPrefixed("a block");
    if (!data) return data.error();
    auto marker = in.readBytes(16, "a block's sync marker");
    if (!marker) return marker.error();
    if (*marker != *sync)
      return makeError(ErrorCode::Invalid,
                       "the block at byte " + std::to_string(blockAt) + " does not end with the file's sync marker");
    info.records += static_cast<std::uint64_t>(*count);
    ++info.blocks;
  }
  return info;
}

}  // namespace tributary::avro
