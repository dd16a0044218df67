#include "core/parquet/writer.h"

#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "core/parquet/codec.h"
#include "core/parquet/rle.h"
#include "core/record/json.h"

namespace tributary::parquet {

using record::Value;
using record::ValueType;

std::string toString(ColumnType type) {
  switch (type) {
    case ColumnType::Bool:
      return "boolean";
    case ColumnType::Int64:
      return "int64";
    case ColumnType::Double:
      return "double";
    case ColumnType::String:
      return "string";
    case ColumnType::Json:
      return "json";
    case ColumnType::Bytes:
      return "bytes";
    case ColumnType::Timestamp:
      return "timestamp";
  }
  return "?";
}

namespace {

std::optional<ColumnType> typeOf(const Value& v) {
  switch (v.type()) {
    case ValueType::Null:
      return std::nullopt;
    case ValueType::Bool:
      return ColumnType::Bool;
    case ValueType::Int:
      return ColumnType::Int64;
    case ValueType::Double:
      return ColumnType::Double;
    case ValueType::Decimal:
    case ValueType::String:
      return ColumnType::String;
    case ValueType::Bytes:
      return ColumnType::Bytes;
    case ValueType::Timestamp:
      return ColumnType::Timestamp;
    case ValueType::Array:
    case ValueType::Object:
      return ColumnType::Json;
  }
  return std::nullopt;
}

ColumnType widen(ColumnType a, ColumnType b) {
  if (a == b) return a;
  if ((a == ColumnType::Int64 && b == ColumnType::Double) || (a == ColumnType::Double && b == ColumnType::Int64))
    return ColumnType::Double;
  return ColumnType::Json;
}

constexpr std::size_t kMaxDictionaryBytes = 1 << 20;

bool isText(ColumnType t) {
  return t == ColumnType::String || t == ColumnType::Json || t == ColumnType::Bytes;
}

template <typename T>
void putLe(T v, std::string& out) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  out.append(b, sizeof(T));
}

}  // namespace

Schema inferSchema(const std::vector<Value>& rows, const Schema& base) {
  Schema schema = base;
  std::map<std::string, std::size_t, std::less<>> index;
  std::vector<std::optional<ColumnType>> seen(schema.size());
  for (std::size_t i = 0; i < schema.size(); ++i) {
    index.emplace(schema[i].name, i);
    seen[i] = schema[i].type;
  }
  std::vector<std::size_t> present(schema.size(), 0);
  for (const Value& row : rows) {
    if (row.type() != ValueType::Object) continue;
    for (const auto& [name, value] : row.asObject()) {
      auto it = index.find(name);
      if (it == index.end()) {
        it = index.emplace(name, schema.size()).first;
        schema.push_back({name, ColumnType::String, false});
        seen.emplace_back();
        present.push_back(0);
      }
      std::size_t c = it->second;
      if (value.isNull()) {
        schema[c].nullable = true;
        continue;
      }
      ++present[c];
      ColumnType t = *typeOf(value);
      seen[c] = seen[c] ? widen(*seen[c], t) : t;
    }
  }
  for (std::size_t c = 0; c < schema.size(); ++c) {
    if (seen[c]) schema[c].type = *seen[c];
    if (present[c] < rows.size() && c >= base.size()) schema[c].nullable = true;
    if (c < base.size() && present[c] < rows.size()) schema[c].nullable = true;
  }
  return schema;
}

// One column's pending page and finished pages of the current row group.
struct ParquetWriter::ColumnState {
  std::string values;                // PLAIN values of the current page
  std::vector<std::uint8_t> levels;  // definition levels of the current page (optional columns)
  std::uint8_t bitAcc = 0;           // booleans not yet a full byte
  int bitCount = 0;
  std::int32_t pageValues = 0;  // rows in the current page
  // Dictionary encoding (text columns): while the row group's dictionary
  // stays under kMaxDictionaryBytes, pages hold indices into it; past that,
  // the rest of the row group's pages are PLAIN.
  bool dictionary = false;
  bool pageIsDictionary = false;  // the current page holds indices
  std::unordered_map<std::string, std::uint32_t> dictIndex;
  std::string dictPlain;  // the dictionary's values, PLAIN encoded
  std::uint32_t dictCount = 0;
  std::vector<std::uint32_t> indices;  // of the current page
  std::string chunk;                   // finished pages (header + data) of this row group
  std::int64_t chunkValues = 0;
  std::int64_t chunkUncompressed = 0;
  // statistics of the row group's chunk
  std::int64_t nulls = 0;
  bool haveMinMax = false;
  std::int64_t minInt = 0, maxInt = 0;
  double minDouble = 0, maxDouble = 0;
  std::string minText, maxText;
};

ParquetWriter::ParquetWriter(Schema schema, WriterOptions options)
    : m_schema(std::move(schema)), m_options(std::move(options)), m_columns(m_schema.size()) {
  m_out = "PAR1";
  m_meta.version = 1;
  m_meta.createdBy = m_options.createdBy;
  SchemaElement root;
  root.name = "schema";
  root.numChildren = static_cast<std::int32_t>(m_schema.size());
  m_meta.schema.push_back(root);
  for (const Column& c : m_schema) {
    SchemaElement e;
    e.name = c.name;
    e.repetition = c.nullable ? Repetition::Optional : Repetition::Required;
    switch (c.type) {
      case ColumnType::Bool:
        e.type = PhysicalType::Boolean;
        break;
      case ColumnType::Int64:
        e.type = PhysicalType::Int64;
        break;
      case ColumnType::Double:
        e.type = PhysicalType::Double;
        break;
      case ColumnType::String:
        e.type = PhysicalType::ByteArray;
        e.convertedType = kUtf8;
        e.logicalType.kind = LogicalType::String;
        break;
      case ColumnType::Json:
        e.type = PhysicalType::ByteArray;
        e.convertedType = kJson;
        e.logicalType.kind = LogicalType::Json;
        break;
      case ColumnType::Bytes:
        e.type = PhysicalType::ByteArray;
        break;
      case ColumnType::Timestamp:
        e.type = PhysicalType::Int64;
        e.convertedType = kTimestampMicros;
        e.logicalType.kind = LogicalType::Timestamp;
        e.logicalType.unit = TimeUnit::Micros;
        e.logicalType.adjustedToUtc = true;
        break;
    }
    m_meta.schema.push_back(std::move(e));
  }
  for (std::size_t c = 0; c < m_schema.size(); ++c) m_columns[c].dictionary = isText(m_schema[c].type);
}

ParquetWriter::~ParquetWriter() = default;
ParquetWriter::ParquetWriter(ParquetWriter&&) noexcept = default;
ParquetWriter& ParquetWriter::operator=(ParquetWriter&&) noexcept = default;

Result<ParquetWriter> ParquetWriter::make(Schema schema, WriterOptions options) {
  if (schema.empty()) return makeError(ErrorCode::Invalid, "a Parquet file needs at least one column");
  std::set<std::string> names;
  for (const Column& c : schema) {
    if (c.name.empty()) return makeError(ErrorCode::Invalid, "a Parquet column needs a name");
    if (!names.insert(c.name).second)
      return makeError(ErrorCode::Invalid, "two Parquet columns are named \"" + c.name + "\"");
  }
  if (options.codec != Codec::Uncompressed && options.codec != Codec::Snappy && options.codec != Codec::Zstd &&
      options.codec != Codec::Gzip)
    return makeError(ErrorCode::Unsupported, "cannot write Parquet with codec " + toString(options.codec));
  if (options.pageBytes == 0) options.pageBytes = 1;
  return ParquetWriter(std::move(schema), std::move(options));
}

Status ParquetWriter::append(const Value& row) {
  if (m_finished) return makeError(ErrorCode::Internal, "the Parquet file is already finished");
  if (row.type() != ValueType::Object)
    return makeError(ErrorCode::Invalid,
                     "a Parquet row must be an object, not " + std::string(record::toString(row.type())));
  // Check everything first so that a bad row leaves the file unchanged.
  std::vector<const Value*> cells(m_schema.size(), nullptr);
  for (const auto& [name, value] : row.asObject()) {
    std::size_t c = 0;
    while (c < m_schema.size() && m_schema[c].name != name) ++c;
    if (c == m_schema.size()) return makeError(ErrorCode::Invalid, "the Parquet schema has no column \"" + name + "\"");
    cells[c] = &value;
  }
  for (std::size_t c = 0; c < m_schema.size(); ++c) {
    const Column& col = m_schema[c];
    const Value* v = cells[c];
    if (!v || v->isNull()) {
      if (!col.nullable)
        return makeError(ErrorCode::Invalid, "column \"" + col.name + "\" is required but the row has no value for it");
      continue;
    }
    ColumnType t = *typeOf(*v);
    bool fits =
        t == col.type || col.type == ColumnType::Json || (col.type == ColumnType::Double && t == ColumnType::Int64);
    if (!fits)
      return makeError(ErrorCode::Invalid, "column \"" + col.name + "\" holds " + toString(col.type) +
                                               ", the row has " + std::string(record::toString(v->type())));
  }
  for (std::size_t c = 0; c < m_schema.size(); ++c) {
    const Column& col = m_schema[c];
    ColumnState& s = m_columns[c];
    const Value* v = cells[c];
    bool present = v && !v->isNull();
    std::string_view text;
    if (present && isText(col.type)) {
      if (col.type == ColumnType::Json && v->type() != ValueType::String) {
        m_scratch.clear();
        record::appendJson(*v, m_scratch);
        text = m_scratch;
      } else {
        text = v->asString();
      }
      // A dictionary that grows too large: the row group continues with PLAIN pages.
      if (s.dictionary && s.dictPlain.size() + text.size() + 4 > kMaxDictionaryBytes &&
          !s.dictIndex.count(std::string(text))) {
        if (Status st = flushPage(c); !st) return st;
        s.dictionary = false;
      }
    }
    if (s.pageValues == 0) s.pageIsDictionary = s.dictionary;
    if (col.nullable) s.levels.push_back(present ? 1 : 0);
    ++s.pageValues;
    if (!present) {
      ++s.nulls;
      continue;
    }
    switch (col.type) {
      case ColumnType::Bool: {
        bool b = v->asBool();
        if (b) s.bitAcc |= static_cast<std::uint8_t>(1u << s.bitCount);
        if (++s.bitCount == 8) {
          s.values.push_back(static_cast<char>(s.bitAcc));
          s.bitAcc = 0;
          s.bitCount = 0;
        }
        std::int64_t i = b ? 1 : 0;
        if (!s.haveMinMax) s.minInt = s.maxInt = i;
        s.minInt = std::min(s.minInt, i);
        s.maxInt = std::max(s.maxInt, i);
        s.haveMinMax = true;
        break;
      }
      case ColumnType::Int64:
      case ColumnType::Timestamp: {
        std::int64_t i = col.type == ColumnType::Int64 ? v->asInt() : v->asTimestampMicros();
        putLe(i, s.values);
        if (!s.haveMinMax) s.minInt = s.maxInt = i;
        s.minInt = std::min(s.minInt, i);
        s.maxInt = std::max(s.maxInt, i);
        s.haveMinMax = true;
        break;
      }
      case ColumnType::Double: {
        double d = v->type() == ValueType::Int ? static_cast<double>(v->asInt()) : v->asDouble();
        putLe(d, s.values);
        if (!std::isnan(d)) {  // NaN has no place in min/max
          if (!s.haveMinMax) s.minDouble = s.maxDouble = d;
          s.minDouble = std::min(s.minDouble, d);
          s.maxDouble = std::max(s.maxDouble, d);
          s.haveMinMax = true;
        }
        break;
      }
      case ColumnType::String:
      case ColumnType::Json:
      case ColumnType::Bytes: {
        if (s.pageIsDictionary) {
          auto [it, added] = s.dictIndex.try_emplace(std::string(text), s.dictCount);
          if (added) {
            putLe(static_cast<std::uint32_t>(text.size()), s.dictPlain);
            s.dictPlain.append(text);
            ++s.dictCount;
          }
          s.indices.push_back(it->second);
        } else {
          putLe(static_cast<std::uint32_t>(text.size()), s.values);
          s.values.append(text);
        }
        // Byte-wise unsigned order (std::string compares like memcmp).
        if (!s.haveMinMax || text < s.minText) s.minText = text;
        if (!s.haveMinMax || text > s.maxText) s.maxText = text;
        s.haveMinMax = true;
        break;
      }
    }
  }
  ++m_rows;
  ++m_groupRows;
  for (std::size_t c = 0; c < m_columns.size(); ++c) {
    const ColumnState& s = m_columns[c];
    if (s.values.size() + s.indices.size() * 2 + s.levels.size() / 8 >= m_options.pageBytes) {
      if (Status s = flushPage(c); !s) return s;
    }
  }
  if (bytes() - m_out.size() >= m_options.rowGroupBytes) return flushRowGroup();
  return {};
}

std::size_t ParquetWriter::bytes() const {
  std::size_t n = m_out.size();
  for (const ColumnState& s : m_columns)
    n += s.chunk.size() + s.values.size() + s.indices.size() * 2 + s.levels.size() / 8 + s.dictPlain.size();
  return n;
}

Status ParquetWriter::flushPage(std::size_t c) {
  ColumnState& s = m_columns[c];
  if (s.pageValues == 0) return {};
  if (s.bitCount > 0) {
    s.values.push_back(static_cast<char>(s.bitAcc));
    s.bitAcc = 0;
    s.bitCount = 0;
  }
  std::string raw;
  if (m_schema[c].nullable) {
    std::string levels;
    encodeRle(s.levels, 1, levels);
    putLe(static_cast<std::uint32_t>(levels.size()), raw);
    raw += levels;
  }
  if (s.pageIsDictionary) {
    int width = std::max(1, bitWidthFor(s.dictCount > 0 ? s.dictCount - 1 : 0));
    raw.push_back(static_cast<char>(width));
    encodeRle(s.indices, width, raw);
  } else {
    raw += s.values;
  }
  std::string compressed;
  if (Status st = compress(m_options.codec, raw, compressed); !st) return st;
  if (raw.size() > INT32_MAX || compressed.size() > INT32_MAX)
    return makeError(ErrorCode::Invalid, "a Parquet page is larger than 2 GiB");
  PageHeader h;
  h.type = PageType::DataPage;
  h.uncompressedPageSize = static_cast<std::int32_t>(raw.size());
  h.compressedPageSize = static_cast<std::int32_t>(compressed.size());
  DataPageHeader& d = h.dataPage.emplace();
  d.numValues = s.pageValues;
  d.encoding = s.pageIsDictionary ? Encoding::RleDictionary : Encoding::Plain;
  d.definitionLevelEncoding = Encoding::Rle;
  d.repetitionLevelEncoding = Encoding::Rle;
  std::size_t before = s.chunk.size();
  serialize(h, s.chunk);
  s.chunkUncompressed += static_cast<std::int64_t>(s.chunk.size() - before + raw.size());
  s.chunk += compressed;
  s.chunkValues += s.pageValues;
  s.pageValues = 0;
  s.values.clear();
  s.indices.clear();
  s.levels.clear();
  return {};
}

Status ParquetWriter::flushRowGroup() {
  if (m_groupRows == 0) return {};
  for (std::size_t c = 0; c < m_columns.size(); ++c)
    if (Status s = flushPage(c); !s) return s;
  RowGroup rg;
  rg.numRows = m_groupRows;
  for (std::size_t c = 0; c < m_columns.size(); ++c) {
    ColumnState& s = m_columns[c];
    const SchemaElement& e = m_meta.schema[c + 1];
    ColumnChunk& chunk = rg.columns.emplace_back();
    chunk.fileOffset = static_cast<std::int64_t>(m_out.size());
    ColumnMetaData& m = chunk.metaData.emplace();
    m.type = *e.type;
    m.encodings = {Encoding::Plain, Encoding::Rle};
    m.path = {e.name};
    m.codec = m_options.codec;
    m.numValues = s.chunkValues;
    std::string dictionaryPage;
    if (s.dictCount > 0) {
      std::string compressed;
      if (Status st = compress(m_options.codec, s.dictPlain, compressed); !st) return st;
      PageHeader h;
      h.type = PageType::DictionaryPage;
      h.uncompressedPageSize = static_cast<std::int32_t>(s.dictPlain.size());
      h.compressedPageSize = static_cast<std::int32_t>(compressed.size());
      h.dictionaryPage = DictionaryPageHeader{static_cast<std::int32_t>(s.dictCount), Encoding::Plain};
      serialize(h, dictionaryPage);
      s.chunkUncompressed += static_cast<std::int64_t>(dictionaryPage.size() + s.dictPlain.size());
      dictionaryPage += compressed;
      m.encodings.push_back(Encoding::RleDictionary);
      m.dictionaryPageOffset = chunk.fileOffset;
    }
    m.totalUncompressedSize = s.chunkUncompressed;
    m.totalCompressedSize = static_cast<std::int64_t>(dictionaryPage.size() + s.chunk.size());
    m.dataPageOffset = chunk.fileOffset + static_cast<std::int64_t>(dictionaryPage.size());
    m.statistics.nullCount = s.nulls;
    if (s.haveMinMax) {
      std::string lo, hi;
      switch (m_schema[c].type) {
        case ColumnType::Bool:
          lo.push_back(static_cast<char>(s.minInt));
          hi.push_back(static_cast<char>(s.maxInt));
          break;
        case ColumnType::Int64:
        case ColumnType::Timestamp:
          putLe(s.minInt, lo);
          putLe(s.maxInt, hi);
          break;
        case ColumnType::Double:
          // -0.0 and +0.0 compare equal; write the bounds that cover both.
          putLe(s.minDouble == 0.0 ? -0.0 : s.minDouble, lo);
          putLe(s.maxDouble == 0.0 ? 0.0 : s.maxDouble, hi);
          break;
        default:
          lo = s.minText;
          hi = s.maxText;
      }
      m.statistics.min = std::move(lo);
      m.statistics.max = std::move(hi);
    }
    rg.totalByteSize += s.chunkUncompressed;
    m_out += dictionaryPage;
    m_out += s.chunk;
    s = ColumnState{};
    s.dictionary = isText(m_schema[c].type);
  }
  m_meta.rowGroups.push_back(std::move(rg));
  m_groupRows = 0;
  return {};
}

Result<std::string> ParquetWriter::finish() {
  if (m_finished) return makeError(ErrorCode::Internal, "the Parquet file is already finished");
  if (Status s = flushRowGroup(); !s) return s.error();
  m_finished = true;
  m_meta.numRows = m_rows;
  std::string footer;
  serialize(m_meta, footer);
  m_out += footer;
  putLe(static_cast<std::uint32_t>(footer.size()), m_out);
  m_out += "PAR1";
  return std::move(m_out);
}

}  // namespace tributary::parquet
