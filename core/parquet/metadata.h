#pragma once
// Parquet's file metadata (the footer) and page headers: the parts of
// parquet.thrift (apache/parquet-format) this reader and writer use, with
// their encoding to and from the Thrift compact protocol. Fields not listed
// here are skipped when reading and not written.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace tributary::parquet {

enum class PhysicalType : std::int32_t {
  Boolean = 0,
  Int32 = 1,
  Int64 = 2,
  Int96 = 3,
  Float = 4,
  Double = 5,
  ByteArray = 6,
  FixedLenByteArray = 7,
};
std::string toString(PhysicalType type);

enum class Repetition : std::int32_t { Required = 0, Optional = 1, Repeated = 2 };

// ConvertedType values (the older annotations) that matter here.
enum ConvertedType : std::int32_t {
  kUtf8 = 0,
  kMap = 1,
  kMapKeyValue = 2,
  kList = 3,
  kEnum = 4,
  kDecimal = 5,
  kDate = 6,
  kTimeMillis = 7,
  kTimeMicros = 8,
  kTimestampMillis = 9,
  kTimestampMicros = 10,
  kJson = 19,
  kBson = 20,
};

enum class Codec : std::int32_t {
  Uncompressed = 0,
  Snappy = 1,
  Gzip = 2,
  Lzo = 3,
  Brotli = 4,
  Lz4 = 5,
  Zstd = 6,
  Lz4Raw = 7
};
std::string toString(Codec codec);

enum class Encoding : std::int32_t {
  Plain = 0,
  PlainDictionary = 2,
  Rle = 3,
  BitPacked = 4,
  DeltaBinaryPacked = 5,
  DeltaLengthByteArray = 6,
  DeltaByteArray = 7,
  RleDictionary = 8,
  ByteStreamSplit = 9,
};
std::string toString(Encoding encoding);

enum class PageType : std::int32_t { DataPage = 0, IndexPage = 1, DictionaryPage = 2, DataPageV2 = 3 };

enum class TimeUnit { None, Millis, Micros, Nanos };

// The logical type annotation, reduced to what decides how values are read.
struct LogicalType {
  enum Kind { None, String, Enum, Decimal, Date, Time, Timestamp, Json, Bson, Uuid, Integer, Map, List, Other } kind = None;
  TimeUnit unit = TimeUnit::None;  // Time, Timestamp
  bool adjustedToUtc = true;       // Timestamp
  std::int32_t scale = 0;          // Decimal
  std::int32_t precision = 0;      // Decimal
};

struct SchemaElement {
  std::optional<PhysicalType> type;  // absent for groups
  std::int32_t typeLength = 0;
  std::optional<Repetition> repetition;
  std::string name;
  std::int32_t numChildren = 0;
  std::optional<std::int32_t> convertedType;
  std::int32_t scale = 0;
  std::int32_t precision = 0;
  LogicalType logicalType;
};

struct Statistics {
  std::optional<std::string> min;  // min_value (PLAIN bytes of the value)
  std::optional<std::string> max;  // max_value
  std::optional<std::int64_t> nullCount;
};

struct ColumnMetaData {
  PhysicalType type = PhysicalType::Int32;
  std::vector<Encoding> encodings;
  std::vector<std::string> path;
  Codec codec = Codec::Uncompressed;
  std::int64_t numValues = 0;
  std::int64_t totalUncompressedSize = 0;
  std::int64_t totalCompressedSize = 0;
  std::int64_t dataPageOffset = 0;
  std::optional<std::int64_t> dictionaryPageOffset;
  Statistics statistics;
};

struct ColumnChunk {
  std::string filePath;  // set when the data lives in another file (refused)
  std::int64_t fileOffset = 0;
  std::optional<ColumnMetaData> metaData;
};

struct RowGroup {
  std::vector<ColumnChunk> columns;
  std::int64_t totalByteSize = 0;
  std::int64_t numRows = 0;
};

struct KeyValue {
  std::string key;
  std::string value;
};

struct FileMetaData {
  std::int32_t version = 1;
  std::vector<SchemaElement> schema;  // depth-first; element 0 is the root
  std::int64_t numRows = 0;
  std::vector<RowGroup> rowGroups;
  std::vector<KeyValue> keyValueMetadata;
  std::string createdBy;
};

struct DataPageHeader {
  std::int32_t numValues = 0;
  Encoding encoding = Encoding::Plain;
  Encoding definitionLevelEncoding = Encoding::Rle;
  Encoding repetitionLevelEncoding = Encoding::Rle;
};

struct DataPageHeaderV2 {
  std::int32_t numValues = 0;
  std::int32_t numNulls = 0;
  std::int32_t numRows = 0;
  Encoding encoding = Encoding::Plain;
  std::int32_t definitionLevelsByteLength = 0;
  std::int32_t repetitionLevelsByteLength = 0;
  bool isCompressed = true;
};

struct DictionaryPageHeader {
  std::int32_t numValues = 0;
  Encoding encoding = Encoding::Plain;
};

struct PageHeader {
  PageType type = PageType::DataPage;
  std::int32_t uncompressedPageSize = 0;
  std::int32_t compressedPageSize = 0;
  std::optional<DataPageHeader> dataPage;
  std::optional<DataPageHeaderV2> dataPageV2;
  std::optional<DictionaryPageHeader> dictionaryPage;
};

// Appends the compact-protocol encoding.
void serialize(const FileMetaData& meta, std::string& out);
void serialize(const PageHeader& header, std::string& out);

// Parses from the start of `data`; `consumed` is set to the header's length.
// The error says what is wrong and at which byte of the encoded header.
Result<FileMetaData> parseFileMetaData(std::string_view data);
Result<PageHeader> parsePageHeader(std::string_view data, std::size_t& consumed);

}  // namespace tributary::parquet
