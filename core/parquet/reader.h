#pragma once
// ParquetReader: reads a Parquet file row by row into record values (one
// object per row, columns in schema order, nulls kept as null fields).
// Supported: flat and nested schemas (groups as objects, LIST as arrays, MAP
// as objects keyed by the key's text, repeated fields as arrays, nulls at every
// level from the definition and repetition levels); BOOLEAN, INT32,
// INT64, INT96, FLOAT, DOUBLE, BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY with the
// string, enum, json, decimal, date, timestamp and uuid annotations; PLAIN,
// dictionary (PLAIN_DICTIONARY, RLE_DICTIONARY), RLE boolean, DELTA_BINARY_PACKED,
// DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY and BYTE_STREAM_SPLIT values; data
// pages v1 and v2; uncompressed, snappy, gzip and zstd pages. Anything else
// (other encodings and codecs, a corrupt footer or
// page) is refused with an error naming the file, the byte offset where
// possible, and what is wrong. One row group is decoded at a time.
// Not thread-safe; one reader per file.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/parquet/metadata.h"
#include "core/record/value.h"

namespace tributary::parquet {

struct SchemaNode;

class ParquetReader {
 public:
  static Result<ParquetReader> openFile(const std::string& path);
  // `name` is used in error messages.
  static Result<ParquetReader> openBuffer(std::string data, std::string name);

  ParquetReader(ParquetReader&&) noexcept;
  ParquetReader& operator=(ParquetReader&&) noexcept;
  ~ParquetReader();

  const FileMetaData& metadata() const { return m_meta; }
  std::int64_t rows() const { return m_meta.numRows; }
  const std::vector<std::string>& columnNames() const { return m_names; }
  // The index of the row next() returns next.
  std::int64_t position() const { return m_position; }
  // Continue at row `row` (0 = the first; rows() = the end).
  Status seek(std::int64_t row);
  // The next row into `row`; false after the last one.
  Result<bool> next(record::Value& row);

 private:
  struct Column;
  struct Source;
  ParquetReader();
  Status init();
  Status loadRowGroup(std::size_t index);
  // A column chunk's values (nulls included); for nested files also each
  // entry's repetition and definition level.
  Status readChunk(std::size_t group, std::size_t column, std::vector<record::Value>& out,
                   std::vector<std::uint32_t>& repetitions, std::vector<std::uint32_t>& definitions);
  Error error(std::string message, std::int64_t offset = -1) const;

  std::unique_ptr<Source> m_source;
  std::string m_name;
  FileMetaData m_meta;
  std::vector<Column> m_columns;
  std::vector<std::string> m_names;
  std::vector<std::int64_t> m_groupStart;            // first row of each row group
  std::size_t m_group = SIZE_MAX;                    // loaded row group
  std::vector<std::vector<record::Value>> m_values;  // per column, the loaded row group's values
  // Nested files: the top-level fields, and per leaf column the loaded row
  // group's levels and the entry where the next row starts.
  bool m_nested = false;
  std::vector<SchemaNode> m_fields;
  std::vector<std::vector<std::uint32_t>> m_reps, m_defs;
  std::vector<std::size_t> m_cursor;
  std::size_t m_cursorRow = 0;  // the row (in the loaded group) m_cursor is at
  std::int64_t m_position = 0;
};

}  // namespace tributary::parquet
