#include "core/parquet/metadata.h"

#include "core/parquet/thrift_compact.h"

namespace tributary::parquet {

using thrift::Reader;
using thrift::Type;
using thrift::Writer;

std::string toString(PhysicalType type) {
  switch (type) {
    case PhysicalType::Boolean:
      return "BOOLEAN";
    case PhysicalType::Int32:
      return "INT32";
    case PhysicalType::Int64:
      return "INT64";
    case PhysicalType::Int96:
      return "INT96";
    case PhysicalType::Float:
      return "FLOAT";
    case PhysicalType::Double:
      return "DOUBLE";
    case PhysicalType::ByteArray:
      return "BYTE_ARRAY";
    case PhysicalType::FixedLenByteArray:
      return "FIXED_LEN_BYTE_ARRAY";
  }
  return "type " + std::to_string(static_cast<int>(type));
}

std::string toString(Codec codec) {
  switch (codec) {
    case Codec::Uncompressed:
      return "UNCOMPRESSED";
    case Codec::Snappy:
      return "SNAPPY";
    case Codec::Gzip:
      return "GZIP";
    case Codec::Lzo:
      return "LZO";
    case Codec::Brotli:
      return "BROTLI";
    case Codec::Lz4:
      return "LZ4";
    case Codec::Zstd:
      return "ZSTD";
    case Codec::Lz4Raw:
      return "LZ4_RAW";
  }
  return "codec " + std::to_string(static_cast<int>(codec));
}

std::string toString(Encoding encoding) {
  switch (encoding) {
    case Encoding::Plain:
      return "PLAIN";
    case Encoding::PlainDictionary:
      return "PLAIN_DICTIONARY";
    case Encoding::Rle:
      return "RLE";
    case Encoding::BitPacked:
      return "BIT_PACKED";
    case Encoding::DeltaBinaryPacked:
      return "DELTA_BINARY_PACKED";
    case Encoding::DeltaLengthByteArray:
      return "DELTA_LENGTH_BYTE_ARRAY";
    case Encoding::DeltaByteArray:
      return "DELTA_BYTE_ARRAY";
    case Encoding::RleDictionary:
      return "RLE_DICTIONARY";
    case Encoding::ByteStreamSplit:
      return "BYTE_STREAM_SPLIT";
  }
  return "encoding " + std::to_string(static_cast<int>(encoding));
}

// ---- writing ----

namespace {

void writeStatistics(Writer& w, const Statistics& s) {
  w.beginStruct();
  if (s.nullCount) w.fieldI64(3, *s.nullCount);
  if (s.max) w.fieldBinary(5, *s.max);
  if (s.min) w.fieldBinary(6, *s.min);
  w.endStruct();
}

void writeLogicalType(Writer& w, const LogicalType& t) {
  w.beginStruct();
  auto empty = [&](std::int16_t id) {
    w.fieldStruct(id);
    w.beginStruct();
    w.endStruct();
  };
  switch (t.kind) {
    case LogicalType::String:
      empty(1);
      break;
    case LogicalType::Enum:
      empty(4);
      break;
    case LogicalType::Date:
      empty(6);
      break;
    case LogicalType::Json:
      empty(12);
      break;
    case LogicalType::Uuid:
      empty(14);
      break;
    case LogicalType::Decimal:
      w.fieldStruct(5);
      w.beginStruct();
      w.fieldI32(1, t.scale);
      w.fieldI32(2, t.precision);
      w.endStruct();
      break;
    case LogicalType::Timestamp:
      w.fieldStruct(8);
      w.beginStruct();
      w.fieldBool(1, t.adjustedToUtc);
      w.fieldStruct(2);
      w.beginStruct();
      empty(t.unit == TimeUnit::Millis ? 1 : t.unit == TimeUnit::Micros ? 2 : 3);
      w.endStruct();
      w.endStruct();
      break;
    default:
      break;
  }
  w.endStruct();
}

}  // namespace

void serialize(const FileMetaData& meta, std::string& out) {
  Writer w(out);
  w.beginStruct();
  w.fieldI32(1, meta.version);
  w.fieldList(2, thrift::kStruct, meta.schema.size());
  for (const SchemaElement& e : meta.schema) {
    w.beginStruct();
    if (e.type) w.fieldI32(1, static_cast<std::int32_t>(*e.type));
    if (e.type == PhysicalType::FixedLenByteArray) w.fieldI32(2, e.typeLength);
    if (e.repetition) w.fieldI32(3, static_cast<std::int32_t>(*e.repetition));
    w.fieldBinary(4, e.name);
    if (!e.type) w.fieldI32(5, e.numChildren);
    if (e.convertedType) w.fieldI32(6, *e.convertedType);
    if (e.logicalType.kind == LogicalType::Decimal) {
      w.fieldI32(7, e.scale);
      w.fieldI32(8, e.precision);
    }
    if (e.logicalType.kind != LogicalType::None) {
      w.fieldStruct(10);
      writeLogicalType(w, e.logicalType);
    }
    w.endStruct();
  }
  w.fieldI64(3, meta.numRows);
  w.fieldList(4, thrift::kStruct, meta.rowGroups.size());
  for (const RowGroup& rg : meta.rowGroups) {
    w.beginStruct();
    w.fieldList(1, thrift::kStruct, rg.columns.size());
    std::int64_t compressed = 0;
    for (const ColumnChunk& c : rg.columns) {
      w.beginStruct();
      w.fieldI64(2, c.fileOffset);
      if (c.metaData) {
        const ColumnMetaData& m = *c.metaData;
        compressed += m.totalCompressedSize;
        w.fieldStruct(3);
        w.beginStruct();
        w.fieldI32(1, static_cast<std::int32_t>(m.type));
        w.fieldList(2, thrift::kI32, m.encodings.size());
        for (Encoding e : m.encodings) w.elementI32(static_cast<std::int32_t>(e));
        w.fieldList(3, thrift::kBinary, m.path.size());
        for (const std::string& p : m.path) w.elementBinary(p);
        w.fieldI32(4, static_cast<std::int32_t>(m.codec));
        w.fieldI64(5, m.numValues);
        w.fieldI64(6, m.totalUncompressedSize);
        w.fieldI64(7, m.totalCompressedSize);
        w.fieldI64(9, m.dataPageOffset);
        if (m.dictionaryPageOffset) w.fieldI64(11, *m.dictionaryPageOffset);
        w.fieldStruct(12);
        writeStatistics(w, m.statistics);
        w.endStruct();
      }
      w.endStruct();
    }
    w.fieldI64(2, rg.totalByteSize);
    w.fieldI64(3, rg.numRows);
    if (!rg.columns.empty()) w.fieldI64(5, rg.columns.front().fileOffset);
    w.fieldI64(6, compressed);
    w.endStruct();
  }
  if (!meta.keyValueMetadata.empty()) {
    w.fieldList(5, thrift::kStruct, meta.keyValueMetadata.size());
    for (const KeyValue& kv : meta.keyValueMetadata) {
      w.beginStruct();
      w.fieldBinary(1, kv.key);
      w.fieldBinary(2, kv.value);
      w.endStruct();
    }
  }
  if (!meta.createdBy.empty()) w.fieldBinary(6, meta.createdBy);
  // column_orders: TYPE_ORDER for every leaf, which makes min_value/max_value meaningful.
  std::size_t leaves = 0;
  for (const SchemaElement& e : meta.schema) leaves += e.type ? 1 : 0;
  w.fieldList(7, thrift::kStruct, leaves);
  for (std::size_t i = 0; i < leaves; ++i) {
    w.beginStruct();
    w.fieldStruct(1);
    w.beginStruct();
    w.endStruct();
    w.endStruct();
  }
  w.endStruct();
}

void serialize(const PageHeader& h, std::string& out) {
  Writer w(out);
  w.beginStruct();
  w.fieldI32(1, static_cast<std::int32_t>(h.type));
  w.fieldI32(2, h.uncompressedPageSize);
  w.fieldI32(3, h.compressedPageSize);
  if (h.dataPage) {
    w.fieldStruct(5);
    w.beginStruct();
    w.fieldI32(1, h.dataPage->numValues);
    w.fieldI32(2, static_cast<std::int32_t>(h.dataPage->encoding));
    w.fieldI32(3, static_cast<std::int32_t>(h.dataPage->definitionLevelEncoding));
    w.fieldI32(4, static_cast<std::int32_t>(h.dataPage->repetitionLevelEncoding));
    w.endStruct();
  }
  if (h.dictionaryPage) {
    w.fieldStruct(7);
    w.beginStruct();
    w.fieldI32(1, h.dictionaryPage->numValues);
    w.fieldI32(2, static_cast<std::int32_t>(h.dictionaryPage->encoding));
    w.endStruct();
  }
  if (h.dataPageV2) {
    const DataPageHeaderV2& v = *h.dataPageV2;
    w.fieldStruct(8);
    w.beginStruct();
    w.fieldI32(1, v.numValues);
    w.fieldI32(2, v.numNulls);
    w.fieldI32(3, v.numRows);
    w.fieldI32(4, static_cast<std::int32_t>(v.encoding));
    w.fieldI32(5, v.definitionLevelsByteLength);
    w.fieldI32(6, v.repetitionLevelsByteLength);
    w.fieldBool(7, v.isCompressed);
    w.endStruct();
  }
  w.endStruct();
}

// ---- reading ----

namespace {

// Reads a struct whose fields are handled by `onField(id, type)`; the
// handler returns false for fields it does not know (they are skipped).
template <typename F>
void readStruct(Reader& r, F&& onField) {
  r.beginStruct();
  std::int16_t id;
  Type type;
  while (r.nextField(id, type)) {
    if (!onField(id, type)) r.skip(type);
  }
}

template <typename F>
void readList(Reader& r, Type expected, F&& onElement) {
  Type element;
  std::size_t n = r.readListHeader(element);
  if (!r.ok()) return;
  if (element != expected) {
    r.fail("a list holds Thrift type " + std::to_string(element) + " where " + std::to_string(expected) +
           " was expected");
    return;
  }
  for (std::size_t i = 0; i < n && r.ok(); ++i) onElement();
}

void readStatistics(Reader& r, Statistics& s) {
  std::optional<std::string> oldMin, oldMax;
  readStruct(r, [&](std::int16_t id, Type t) {
    if (id == 1 && t == thrift::kBinary)
      oldMax = std::string(r.readBinary());
    else if (id == 2 && t == thrift::kBinary)
      oldMin = std::string(r.readBinary());
    else if (id == 3 && t == thrift::kI64)
      s.nullCount = r.readI64();
    else if (id == 5 && t == thrift::kBinary)
      s.max = std::string(r.readBinary());
    else if (id == 6 && t == thrift::kBinary)
      s.min = std::string(r.readBinary());
    else
      return false;
    return true;
  });
  (void)oldMin;  // the deprecated min/max have ill-defined ordering: not used
  (void)oldMax;
}

TimeUnit readTimeUnit(Reader& r) {
  TimeUnit unit = TimeUnit::None;
  readStruct(r, [&](std::int16_t id, Type t) {
    if (t != thrift::kStruct) return false;
    unit = id == 1 ? TimeUnit::Millis : id == 2 ? TimeUnit::Micros : id == 3 ? TimeUnit::Nanos : TimeUnit::None;
    return false;  // the unit struct is empty: skip it
  });
  return unit;
}

void readLogicalType(Reader& r, LogicalType& lt) {
  readStruct(r, [&](std::int16_t id, Type t) {
    if (t != thrift::kStruct) return false;
    switch (id) {
      case 1:
        lt.kind = LogicalType::String;
        return false;
      case 2:
        lt.kind = LogicalType::Map;
        return false;
      case 3:
        lt.kind = LogicalType::List;
        return false;
      case 4:
        lt.kind = LogicalType::Enum;
        return false;
      case 6:
        lt.kind = LogicalType::Date;
        return false;
      case 12:
        lt.kind = LogicalType::Json;
        return false;
      case 13:
        lt.kind = LogicalType::Bson;
        return false;
      case 14:
        lt.kind = LogicalType::Uuid;
        return false;
      case 10:
        lt.kind = LogicalType::Integer;
        return false;
      case 5:
        lt.kind = LogicalType::Decimal;
        readStruct(r, [&](std::int16_t f, Type ft) {
          if (f == 1 && ft == thrift::kI32)
            lt.scale = r.readI32();
          else if (f == 2 && ft == thrift::kI32)
            lt.precision = r.readI32();
          else
            return false;
          return true;
        });
        return true;
      case 7:
      case 8:
        lt.kind = id == 7 ? LogicalType::Time : LogicalType::Timestamp;
        readStruct(r, [&](std::int16_t f, Type ft) {
          if (f == 1 && (ft == thrift::kTrue || ft == thrift::kFalse))
            lt.adjustedToUtc = ft == thrift::kTrue;
          else if (f == 2 && ft == thrift::kStruct)
            lt.unit = readTimeUnit(r);
          else
            return false;
          return true;
        });
        return true;
      default:
        lt.kind = LogicalType::Other;
        return false;
    }
  });
}

void readSchemaElement(Reader& r, SchemaElement& e) {
  readStruct(r, [&](std::int16_t id, Type t) {
    if (id == 1 && t == thrift::kI32)
      e.type = static_cast<PhysicalType>(r.readI32());
    else if (id == 2 && t == thrift::kI32)
      e.typeLength = r.readI32();
    else if (id == 3 && t == thrift::kI32)
      e.repetition = static_cast<Repetition>(r.readI32());
    else if (id == 4 && t == thrift::kBinary)
      e.name = std::string(r.readBinary());
    else if (id == 5 && t == thrift::kI32)
      e.numChildren = r.readI32();
    else if (id == 6 && t == thrift::kI32)
      e.convertedType = r.readI32();
    else if (id == 7 && t == thrift::kI32)
      e.scale = r.readI32();
    else if (id == 8 && t == thrift::kI32)
      e.precision = r.readI32();
    else if (id == 10 && t == thrift::kStruct)
      readLogicalType(r, e.logicalType);
    else
      return false;
    return true;
  });
}

void readColumnMetaData(Reader& r, ColumnMetaData& m) {
  readStruct(r, [&](std::int16_t id, Type t) {
    if (id == 1 && t == thrift::kI32)
      m.type = static_cast<PhysicalType>(r.readI32());
    else if (id == 2 && t == thrift::kList)
      readList(r, thrift::kI32, [&] { m.encodings.push_back(static_cast<Encoding>(r.readI32())); });
    else if (id == 3 && t == thrift::kList)
      readList(r, thrift::kBinary, [&] { m.path.emplace_back(r.readBinary()); });
    else if (id == 4 && t == thrift::kI32)
      m.codec = static_cast<Codec>(r.readI32());
    else if (id == 5 && t == thrift::kI64)
      m.numValues = r.readI64();
    else if (id == 6 && t == thrift::kI64)
      m.totalUncompressedSize = r.readI64();
    else if (id == 7 && t == thrift::kI64)
      m.totalCompressedSize = r.readI64();
    else if (id == 9 && t == thrift::kI64)
      m.dataPageOffset = r.readI64();
    else if (id == 11 && t == thrift::kI64)
      m.dictionaryPageOffset = r.readI64();
    else if (id == 12 && t == thrift::kStruct)
      readStatistics(r, m.statistics);
    else
      return false;
    return true;
  });
}

void readRowGroup(Reader& r, RowGroup& rg) {
  readStruct(r, [&](std::int16_t id, Type t) {
    if (id == 1 && t == thrift::kList) {
      readList(r, thrift::kStruct, [&] {
        ColumnChunk& c = rg.columns.emplace_back();
        readStruct(r, [&](std::int16_t f, Type ft) {
          if (f == 1 && ft == thrift::kBinary)
            c.filePath = std::string(r.readBinary());
          else if (f == 2 && ft == thrift::kI64)
            c.fileOffset = r.readI64();
          else if (f == 3 && ft == thrift::kStruct)
            readColumnMetaData(r, c.metaData.emplace());
          else
            return false;
          return true;
        });
      });
    } else if (id == 2 && t == thrift::kI64)
      rg.totalByteSize = r.readI64();
    else if (id == 3 && t == thrift::kI64)
      rg.numRows = r.readI64();
    else
      return false;
    return true;
  });
}

}  // namespace

Result<FileMetaData> parseFileMetaData(std::string_view data) {
  Reader r(data.data(), data.size());
  FileMetaData meta;
  readStruct(r, [&](std::int16_t id, Type t) {
    if (id == 1 && t == thrift::kI32)
      meta.version = r.readI32();
    else if (id == 2 && t == thrift::kList)
      readList(r, thrift::kStruct, [&] { readSchemaElement(r, meta.schema.emplace_back()); });
    else if (id == 3 && t == thrift::kI64)
      meta.numRows = r.readI64();
    else if (id == 4 && t == thrift::kList)
      readList(r, thrift::kStruct, [&] { readRowGroup(r, meta.rowGroups.emplace_back()); });
    else if (id == 5 && t == thrift::kList)
      readList(r, thrift::kStruct, [&] {
        KeyValue& kv = meta.keyValueMetadata.emplace_back();
        readStruct(r, [&](std::int16_t f, Type ft) {
          if (f == 1 && ft == thrift::kBinary)
            kv.key = std::string(r.readBinary());
          else if (f == 2 && ft == thrift::kBinary)
            kv.value = std::string(r.readBinary());
          else
            return false;
          return true;
        });
      });
    else if (id == 6 && t == thrift::kBinary)
      meta.createdBy = std::string(r.readBinary());
    else
      return false;
    return true;
  });
  if (!r.ok()) return makeError(ErrorCode::Invalid, "corrupt footer (FileMetaData): " + r.error());
  if (meta.schema.empty()) return makeError(ErrorCode::Invalid, "corrupt footer: the schema is empty");
  return meta;
}

Result<PageHeader> parsePageHeader(std::string_view data, std::size_t& consumed) {
  Reader r(data.data(), data.size());
  PageHeader h;
  bool haveType = false;
  readStruct(r, [&](std::int16_t id, Type t) {
    if (id == 1 && t == thrift::kI32) {
      h.type = static_cast<PageType>(r.readI32());
      haveType = true;
    } else if (id == 2 && t == thrift::kI32)
      h.uncompressedPageSize = r.readI32();
    else if (id == 3 && t == thrift::kI32)
      h.compressedPageSize = r.readI32();
    else if (id == 5 && t == thrift::kStruct) {
      DataPageHeader& d = h.dataPage.emplace();
      readStruct(r, [&](std::int16_t f, Type ft) {
        if (ft != thrift::kI32) return false;
        if (f == 1)
          d.numValues = r.readI32();
        else if (f == 2)
          d.encoding = static_cast<Encoding>(r.readI32());
        else if (f == 3)
          d.definitionLevelEncoding = static_cast<Encoding>(r.readI32());
        else if (f == 4)
          d.repetitionLevelEncoding = static_cast<Encoding>(r.readI32());
        else
          return false;
        return true;
      });
    } else if (id == 7 && t == thrift::kStruct) {
      DictionaryPageHeader& d = h.dictionaryPage.emplace();
      readStruct(r, [&](std::int16_t f, Type ft) {
        if (ft != thrift::kI32) return false;
        if (f == 1)
          d.numValues = r.readI32();
        else if (f == 2)
          d.encoding = static_cast<Encoding>(r.readI32());
        else
          return false;
        return true;
      });
    } else if (id == 8 && t == thrift::kStruct) {
      DataPageHeaderV2& d = h.dataPageV2.emplace();
      readStruct(r, [&](std::int16_t f, Type ft) {
        if (f == 7 && (ft == thrift::kTrue || ft == thrift::kFalse)) {
          d.isCompressed = ft == thrift::kTrue;
          return true;
        }
        if (ft != thrift::kI32) return false;
        if (f == 1)
          d.numValues = r.readI32();
        else if (f == 2)
          d.numNulls = r.readI32();
        else if (f == 3)
          d.numRows = r.readI32();
        else if (f == 4)
          d.encoding = static_cast<Encoding>(r.readI32());
        else if (f == 5)
          d.definitionLevelsByteLength = r.readI32();
        else if (f == 6)
          d.repetitionLevelsByteLength = r.readI32();
        else
          return false;
        return true;
      });
    } else
      return false;
    return true;
  });
  if (!r.ok()) return makeError(ErrorCode::Invalid, "corrupt page header: " + r.error());
  if (!haveType) return makeError(ErrorCode::Invalid, "corrupt page header: no page type");
  if (h.compressedPageSize < 0 || h.uncompressedPageSize < 0)
    return makeError(ErrorCode::Invalid, "corrupt page header: a negative page size");
  consumed = r.position();
  return h;
}

}  // namespace tributary::parquet
