#pragma once
// Avro object container files (Avro 1.11 specification, "Object Container
// Files"): the header (magic "Obj\x01", the metadata map with avro.schema and
// avro.codec, a 16-byte sync marker) and blocks of encoded datums (count,
// size, the block's bytes compressed by the codec, the sync marker).
//
// The header embeds the schema's original JSON text as given, not Avro C's
// re-serialisation, which drops default, doc and logicalType. The writer
// gathers the file in memory (the lake writer stores files whole) and gives
// the same bytes for the same datums, schema, codec and sync marker, so a
// caller that derives the marker from the content gets reproducible files.
//
// Used by one thread at a time.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace tributary::avro {

// avro.codec: "null", "deflate" (raw RFC 1951, zlib level 6) or "snappy"
// (each block snappy-compressed, followed by the big-endian CRC-32 of its
// uncompressed bytes).
enum class FileCodec : std::uint8_t { Null, Deflate, Snappy };

std::string_view toString(FileCodec codec);
// Error names the allowed codecs.
Result<FileCodec> parseFileCodec(std::string_view name);

using SyncMarker = std::array<char, 16>;

class ContainerWriter {
 public:
  // Blocks are cut once their uncompressed datums reach `blockBytes` (Java's
  // DataFileWriter default sync interval is 64000).
  ContainerWriter(std::string_view schemaText, FileCodec codec, const SyncMarker& sync, std::size_t blockBytes = 64000);

  // One datum, already in Avro binary (avro::Codec::encode).
  Status append(std::string_view datum);
  // The file's size so far (closed blocks compressed, the open one not).
  std::size_t bytes() const { return m_out.size() + m_block.size(); }
  std::uint64_t records() const { return m_records; }
  // The complete file. Call once.
  Result<std::string> finish();

 private:
  Status closeBlock();

  FileCodec m_codec;
  SyncMarker m_sync;
  std::size_t m_blockBytes;
  std::string m_out, m_block, m_scratch;
  std::uint64_t m_blockCount = 0, m_records = 0;
};

struct ContainerInfo {
  std::string schemaText;  // avro.schema
  FileCodec codec = FileCodec::Null;
  std::uint64_t records = 0;  // the sum of the blocks' counts
  std::uint64_t blocks = 0;
};

// Reads a complete container file's header and block headers (without
// decompressing): checks the magic, the metadata, every block's length and
// sync marker. Errors say what is wrong at which byte.
Result<ContainerInfo> readContainerInfo(std::string_view file);

}  // namespace tributary::avro
