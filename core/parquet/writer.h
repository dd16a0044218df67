#pragma once
// ParquetWriter: turns records' values (flat objects) into a Parquet file in
// memory. Flat schemas only: each column is BOOLEAN, INT64, DOUBLE,
// BYTE_ARRAY (UTF8 string, JSON text, or raw bytes) or INT64 TIMESTAMP(MICROS,
// UTC), required or optional (definition levels). Text columns are
// dictionary encoded while a row group's dictionary stays under 1 MiB, other
// values PLAIN, in data pages v1 compressed with the chosen codec; a row
// group ends when its pages reach WriterOptions::rowGroupBytes. Every column chunk carries
// min/max/null-count statistics. The same rows and options always give the
// same bytes. Not thread-safe; one writer per file.

#include <cstdint>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/parquet/metadata.h"
#include "core/record/value.h"

namespace tributary::parquet {

enum class ColumnType { Bool, Int64, Double, String, Json, Bytes, Timestamp };
std::string toString(ColumnType type);

struct Column {
  std::string name;
  ColumnType type = ColumnType::String;
  bool nullable = true;
};
using Schema = std::vector<Column>;

// A schema that holds every row: columns in order of first appearance;
// Int and Double mix to Double; Decimal is a String; objects, arrays and
// values of mixed types become Json text; a column missing or null in some
// row is nullable. `base` (e.g. the previous file's schema) is kept and
// widened: its columns come first, in its order.
Schema inferSchema(const std::vector<record::Value>& rows, const Schema& base = {});

struct WriterOptions {
  Codec codec = Codec::Snappy;  // Uncompressed, Snappy, Zstd or Gzip
  std::size_t rowGroupBytes = 64 << 20;
  std::size_t pageBytes = 1 << 20;
  std::string createdBy = "tributary";
};

class ParquetWriter {
 public:
  // Fails when the schema is empty, has duplicate names or the codec cannot be written.
  static Result<ParquetWriter> make(Schema schema, WriterOptions options = {});

  // Adds one row. `row` must be an object; its fields are matched to columns by
  // name (others are an error, as are values of another type, see inferSchema,
  // and nulls in required columns). The file is unchanged when this fails.
  Status append(const record::Value& row);
  std::int64_t rows() const { return m_rows; }
  // The file's size so far, counting the pages not yet compressed.
  std::size_t bytes() const;
  // The complete file; the writer is spent afterwards.
  Result<std::string> finish();

 private:
  struct ColumnState;
  ParquetWriter(Schema schema, WriterOptions options);
  Status flushPage(std::size_t column);
  Status flushRowGroup();

  Schema m_schema;
  WriterOptions m_options;
  std::vector<ColumnState> m_columns;
  std::string m_out;
  FileMetaData m_meta;
  std::int64_t m_rows = 0;
  std::int64_t m_groupRows = 0;
  std::string m_scratch;
  bool m_finished = false;

 public:
  ~ParquetWriter();
  ParquetWriter(ParquetWriter&&) noexcept;
  ParquetWriter& operator=(ParquetWriter&&) noexcept;
};

}  // namespace tributary::parquet
