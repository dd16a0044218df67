#include "core/connectors/lake/lake_format.h"

#include <zlib.h>

#include <algorithm>

#include "core/parquet/reader.h"
#include "core/parquet/writer.h"
#include "core/record/json.h"

namespace tributary::connectors::lake {
namespace {

// Streams deflate output (gzip wrapper) into a string as records arrive, so
// a file never needs its uncompressed form held whole.
class Gzip {
 public:
  Gzip() {
    // Level 6, 15-bit window + 16 = gzip header; memLevel 8. Fixed settings keep output identical on replay.
    m_ok = deflateInit2(&m_z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK;
  }
  ~Gzip() { deflateEnd(&m_z); }
  Gzip(const Gzip&) = delete;
  Gzip& operator=(const Gzip&) = delete;

  bool feed(std::string_view in, std::string& out, bool last) {
    if (!m_ok) return false;
    m_z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    m_z.avail_in = static_cast<uInt>(in.size());
    int flush = last ? Z_FINISH : Z_NO_FLUSH;
    while (true) {
      char buf[16384];
      m_z.next_out = reinterpret_cast<Bytef*>(buf);
      m_z.avail_out = sizeof buf;
      int rc = deflate(&m_z, flush);
      if (rc == Z_STREAM_ERROR) return false;
      out.append(buf, sizeof buf - m_z.avail_out);
      if (last ? rc == Z_STREAM_END : (m_z.avail_in == 0 && m_z.avail_out != 0)) return true;
    }
  }

 private:
  z_stream m_z{};
  bool m_ok = false;
};

class JsonEncoder final : public LakeFileEncoder {
 public:
  explicit JsonEncoder(bool gzip) {
    if (gzip) m_gzip = std::make_unique<Gzip>();
  }

  Status append(const record::Record& r) override {
    if (!m_gzip) {  // straight into the file's bytes
      record::appendJson(r.value, m_out);
      m_out.push_back('\n');
      return {};
    }
    m_line.clear();
    record::appendJson(r.value, m_line);
    m_line.push_back('\n');
    // Compress in chunks of ~64 KiB: one deflate call per record would be slow.
    m_pending += m_line;
    if (m_pending.size() >= 65536) {
      if (!m_gzip->feed(m_pending, m_out, false)) return makeError(ErrorCode::Internal, "gzip compression failed");
      m_pending.clear();
    }
    return {};
  }

  std::size_t bytes() const override { return m_out.size() + m_pending.size(); }

  Result<std::string> finish() override {
    if (m_gzip) {
      if (!m_gzip->feed(m_pending, m_out, true)) return makeError(ErrorCode::Internal, "gzip compression failed");
      m_pending.clear();
    }
    return std::move(m_out);
  }

 private:
  std::unique_ptr<Gzip> m_gzip;
  std::string m_out, m_pending, m_line;
};

class JsonFormat final : public LakeFormat {
 public:
  explicit JsonFormat(bool gzip) : m_gzip(gzip) {}
  std::string extension() const override { return m_gzip ? ".json.gz" : ".json"; }
  std::unique_ptr<LakeFileEncoder> start() const override { return std::make_unique<JsonEncoder>(m_gzip); }
  Result<std::size_t> countRecords(std::string_view file) const override {
    if (!m_gzip) return static_cast<std::size_t>(std::count(file.begin(), file.end(), '\n'));
    auto plain = gunzip(file);
    if (!plain) return plain.error();
    return static_cast<std::size_t>(std::count(plain->begin(), plain->end(), '\n'));
  }

 private:
  bool m_gzip;
};

// Parquet: the file's records are kept until it is finished, because its
// columns are inferred from all of them (parquet::inferSchema); the schema
// therefore depends only on the file's own records, and a replay writes the
// same bytes.
class ParquetEncoder final : public LakeFileEncoder {
 public:
  explicit ParquetEncoder(parquet::Codec codec) : m_codec(codec) {}

  Status append(const record::Record& r) override {
    if (r.value.type() != record::ValueType::Object)
      return makeError(ErrorCode::Invalid, "a Parquet row must be an object; this value is " +
                                               std::string(record::toString(r.value.type())));
    m_bytes += estimate(r.value);
    m_rows.push_back(r.value);
    return {};
  }

  // An estimate before compression: the file is only encoded at finish().
  std::size_t bytes() const override { return m_bytes; }

  Result<std::string> finish() override {
    parquet::WriterOptions options;
    options.codec = m_codec;
    parquet::Schema schema = parquet::inferSchema(m_rows);
    if (schema.empty()) schema.push_back({"value", parquet::ColumnType::Json, true});  // only empty objects
    auto writer = parquet::ParquetWriter::make(std::move(schema), options);
    if (!writer) return writer.error();
    for (const record::Value& row : m_rows)
      if (Status s = writer->append(row); !s) return s.error();
    m_rows.clear();
    return writer->finish();
  }

 private:
  static std::size_t estimate(const record::Value& v) {
    switch (v.type()) {
      case record::ValueType::String:
      case record::ValueType::Bytes:
      case record::ValueType::Decimal: return v.asString().size() + 4;
      case record::ValueType::Object: {
        std::size_t n = 0;
        for (const auto& field : v.asObject()) n += estimate(field.second);
        return n;
      }
      case record::ValueType::Array: {
        std::size_t n = 2;
        for (const auto& item : v.asArray()) n += estimate(item) + 1;
        return n;
      }
      default: return 8;
    }
  }

  parquet::Codec m_codec;
  std::vector<record::Value> m_rows;
  std::size_t m_bytes = 0;
};

class ParquetFormat final : public LakeFormat {
 public:
  explicit ParquetFormat(parquet::Codec codec) : m_codec(codec) {}
  std::string extension() const override {
    switch (m_codec) {
      case parquet::Codec::Snappy: return ".snappy.parquet";
      case parquet::Codec::Gzip: return ".gz.parquet";
      case parquet::Codec::Zstd: return ".zstd.parquet";
      default: return ".parquet";
    }
  }
  std::unique_ptr<LakeFileEncoder> start() const override { return std::make_unique<ParquetEncoder>(m_codec); }
  Result<std::size_t> countRecords(std::string_view file) const override {
    auto reader = parquet::ParquetReader::openBuffer(std::string(file), "stored Parquet file");
    if (!reader) return reader.error();
    return static_cast<std::size_t>(reader->rows());
  }

 private:
  parquet::Codec m_codec;
};

}  // namespace

Result<std::string> gunzip(std::string_view data) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return makeError(ErrorCode::Internal, "cannot start gzip decompression");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  std::string out;
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    char buf[65536];
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&z);
      return makeError(ErrorCode::Invalid, "not a complete gzip file");
    }
    out.append(buf, sizeof buf - z.avail_out);
    if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
      inflateEnd(&z);
      return makeError(ErrorCode::Invalid, "gzip file is cut short");
    }
  }
  inflateEnd(&z);
  return out;
}

Result<std::unique_ptr<LakeFormat>> makeLakeFormat(const std::string& format, const std::string& compression) {
  if (format == "json") {
    if (compression != "none" && compression != "gzip")
      return makeError(ErrorCode::Invalid,
                       "compression \"" + compression + "\" does not go with the json format (use none or gzip)",
                       "config.compression");
    return std::unique_ptr<LakeFormat>(std::make_unique<JsonFormat>(compression == "gzip"));
  }
  if (format == "parquet") {
    parquet::Codec codec;
    if (compression == "none") codec = parquet::Codec::Uncompressed;
    else if (compression == "snappy") codec = parquet::Codec::Snappy;
    else if (compression == "gzip") codec = parquet::Codec::Gzip;
    else if (compression == "zstd") codec = parquet::Codec::Zstd;
    else
      return makeError(ErrorCode::Invalid,
                       "unknown compression \"" + compression + "\" for parquet (use none, snappy, gzip or zstd)",
                       "config.compression");
    return std::unique_ptr<LakeFormat>(std::make_unique<ParquetFormat>(codec));
  }
  if (format == "avro")
    return makeError(ErrorCode::Unsupported, "the avro lake format is not built yet; use json or parquet",
                     "config.format");
  return makeError(ErrorCode::Invalid, "unknown format \"" + format + "\" (use json or parquet)", "config.format");
}

}  // namespace tributary::connectors::lake
