#include "core/connectors/lake/lake_format.h"

#include <openssl/evp.h>
#include <zlib.h>

#include <algorithm>
#include <optional>

#include "core/avro/codec.h"
#include "core/avro/container_file.h"
#include "core/avro/infer.h"
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
  // `sizeHint`: the size of the format's previous file, reserved up front so
  // that a file's bytes are not copied again and again as they grow.
  JsonEncoder(bool gzip, std::size_t* sizeHint) : m_sizeHint(sizeHint) {
    if (gzip) m_gzip = std::make_unique<Gzip>();
    m_out.reserve(*m_sizeHint + *m_sizeHint / 8);
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
    *m_sizeHint = m_out.size();
    return std::move(m_out);
  }

 private:
  std::size_t* m_sizeHint;
  std::unique_ptr<Gzip> m_gzip;
  std::string m_out, m_pending, m_line;
};

class JsonFormat final : public LakeFormat {
 public:
  explicit JsonFormat(bool gzip) : m_gzip(gzip) {}
  std::string extension() const override { return m_gzip ? ".json.gz" : ".json"; }
  // Encoders are used one at a time by the writer's thread, so they may share the size hint.
  std::unique_ptr<LakeFileEncoder> start() const override { return std::make_unique<JsonEncoder>(m_gzip, &m_sizeHint); }
  Result<std::size_t> countRecords(std::string_view file) const override {
    if (!m_gzip) return static_cast<std::size_t>(std::count(file.begin(), file.end(), '\n'));
    auto plain = gunzip(file);
    if (!plain) return plain.error();
    return static_cast<std::size_t>(std::count(plain->begin(), plain->end(), '\n'));
  }

 private:
  bool m_gzip;
  mutable std::size_t m_sizeHint = 0;
};

// A record's size before encoding, for formats that encode a file only at its end.
std::size_t estimatedSize(const record::Value& v) {
  switch (v.type()) {
    case record::ValueType::String:
    case record::ValueType::Bytes:
    case record::ValueType::Decimal: return v.asString().size() + 4;
    case record::ValueType::Object: {
      std::size_t n = 0;
      for (const auto& field : v.asObject()) n += estimatedSize(field.second);
      return n;
    }
    case record::ValueType::Array: {
      std::size_t n = 2;
      for (const auto& item : v.asArray()) n += estimatedSize(item) + 1;
      return n;
    }
    default: return 8;
  }
}

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
    m_bytes += estimatedSize(r.value);
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

// The sync marker only has to be unlikely inside the data; Java draws it at
// random. Ours is the start of SHA-256 over the schema and the file's first
// datum, so a replay writes the same bytes.
avro::SyncMarker avroSyncMarker(std::string_view schemaText, std::string_view firstDatum) {
  std::string seed(schemaText);
  seed.push_back('\0');
  seed.append(firstDatum);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(seed.data(), seed.size(), digest, &len, EVP_sha256(), nullptr);
  avro::SyncMarker marker{};
  std::copy_n(reinterpret_cast<const char*>(digest), marker.size(), marker.begin());
  return marker;
}

// Avro object container files (core/avro/container_file.h), one per rotation,
// with the schema's original JSON text in the header. A record that does not
// fit the schema is refused with the codec's reason (the field path) and goes
// to the node's error policy; the file is unchanged.
class AvroEncoder final : public LakeFileEncoder {
 public:
  AvroEncoder(avro::Codec& codec, avro::FileCodec fileCodec) : m_codec(codec), m_fileCodec(fileCodec) {}

  Status append(const record::Record& r) override {
    m_datum.clear();
    if (Status s = m_codec.encode(r.value, m_datum); !s)
      return makeError(ErrorCode::Invalid, "the record does not fit the Avro schema: " + s.error().toString());
    if (!m_writer) m_writer.emplace(m_codec.schema().text(), m_fileCodec, avroSyncMarker(m_codec.schema().text(), m_datum));
    return m_writer->append(m_datum);
  }

  std::size_t bytes() const override { return m_writer ? m_writer->bytes() : 0; }

  Result<std::string> finish() override {
    if (!m_writer) m_writer.emplace(m_codec.schema().text(), m_fileCodec, avroSyncMarker(m_codec.schema().text(), {}));
    return m_writer->finish();
  }

 private:
  avro::Codec& m_codec;
  avro::FileCodec m_fileCodec;
  std::optional<avro::ContainerWriter> m_writer;
  std::string m_datum;
};

// Without a schema: the schema is inferred from the file's own records
// (core/avro/infer.h), so it depends on nothing else and a replay writes the
// same bytes; the records are kept until the file is finished. A record the
// inference refuses (a field that was a number and is now text, ...) goes to
// the node's error policy with the field path; the file goes on without it.
class InferringAvroEncoder final : public LakeFileEncoder {
 public:
  InferringAvroEncoder(const std::string& name, avro::FileCodec fileCodec) : m_inference(name), m_fileCodec(fileCodec) {}

  Status append(const record::Record& r) override {
    auto changed = m_inference.add(r.value);
    if (!changed)
      return makeError(ErrorCode::Invalid, "the record does not fit the Avro schema inferred from the file's earlier "
                                           "records: " + changed.error().toString());
    m_bytes += estimatedSize(r.value);
    m_rows.push_back(r.value);
    return {};
  }

  std::size_t bytes() const override { return m_bytes; }

  Result<std::string> finish() override {
    std::string text = m_inference.schemaText();
    auto schema = avro::Schema::parse(text);
    if (!schema) return makeError(ErrorCode::Internal, "the inferred Avro schema does not parse: " + schema.error().toString());
    auto codec = avro::Codec::create(std::make_shared<const avro::Schema>(std::move(*schema)));
    if (!codec) return codec.error();
    std::optional<avro::ContainerWriter> writer;
    std::string datum;
    for (const record::Value& row : m_rows) {
      datum.clear();
      if (Status s = (*codec)->encode(row, datum); !s)
        return makeError(ErrorCode::Internal, "a record does not fit the schema inferred from it: " + s.error().toString());
      if (!writer) writer.emplace(text, m_fileCodec, avroSyncMarker(text, datum));
      if (Status s = writer->append(datum); !s) return s.error();
    }
    if (!writer) writer.emplace(text, m_fileCodec, avroSyncMarker(text, {}));
    m_rows.clear();
    return writer->finish();
  }

 private:
  avro::SchemaInference m_inference;
  avro::FileCodec m_fileCodec;
  std::vector<record::Value> m_rows;
  std::size_t m_bytes = 0;
};

class AvroFormat final : public LakeFormat {
 public:
  AvroFormat(avro::FileCodec codec, AvroSchemaSource source) : m_fileCodec(codec), m_source(std::move(source)) {}

  // The schema from the text, or the subject's latest version in the registry.
  Status prepare() override {
    if (m_codec || inferring()) return {};
    std::string text = m_source.text, where = "config.schema";
    if (text.empty()) {
      auto latest = m_source.registry->version(m_source.subject, "latest");
      if (!latest)
        return makeError(latest.error().code,
                         "cannot read the Avro schema of subject \"" + m_source.subject +
                             "\" from the schema registry: " + latest.error().message,
                         "config.subject");
      text = latest->schema;
      where = "config.subject";
    }
    auto codec = makeCodec(text, where);
    if (!codec) return codec.error();
    m_codec = std::move(*codec);
    return {};
  }

  static Result<std::unique_ptr<avro::Codec>> makeCodec(const std::string& text, const std::string& where) {
    auto schema = avro::Schema::parse(text);
    if (!schema) return makeError(ErrorCode::Invalid, "the Avro schema is not valid: " + schema.error().toString(), where);
    auto codec = avro::Codec::create(std::make_shared<const avro::Schema>(std::move(*schema)));
    if (!codec) return makeError(codec.error().code, "the Avro schema cannot be used: " + codec.error().toString(), where);
    return std::move(*codec);
  }

  std::string extension() const override { return ".avro"; }  // whatever the codec, as Confluent names them
  std::unique_ptr<LakeFileEncoder> start() const override {
    if (inferring()) return std::make_unique<InferringAvroEncoder>(m_source.inferName, m_fileCodec);
    return std::make_unique<AvroEncoder>(*m_codec, m_fileCodec);
  }
  Result<std::size_t> countRecords(std::string_view file) const override {
    auto info = avro::readContainerInfo(file);
    if (!info) return info.error();
    return static_cast<std::size_t>(info->records);
  }

 private:
  bool inferring() const { return m_source.text.empty() && !m_source.registry; }

  avro::FileCodec m_fileCodec;
  AvroSchemaSource m_source;
  std::unique_ptr<avro::Codec> m_codec;  // used by the writer's one thread
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

Result<std::unique_ptr<LakeFormat>> makeLakeFormat(const std::string& format, const std::string& compression,
                                                   AvroSchemaSource avroSchema) {
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
  if (format == "avro") {
    // Confluent's avro.codec names; "none" is the lake's word for no compression.
    auto codec = avro::parseFileCodec(compression == "none" ? "null" : compression);
    if (!codec || compression == "null")
      return makeError(ErrorCode::Invalid,
                       "compression \"" + compression + "\" does not go with the avro format (use none, deflate or snappy)",
                       "config.compression");
    if (avroSchema.registry && avroSchema.subject.empty())
      return makeError(ErrorCode::Invalid, "a schema registry needs a subject", "config.subject");
    bool haveText = !avroSchema.text.empty();
    auto out = std::make_unique<AvroFormat>(*codec, std::move(avroSchema));
    if (haveText)  // a bad schema fails the start, not the first record
      if (Status s = out->prepare(); !s) return s.error();
    return std::unique_ptr<LakeFormat>(std::move(out));
  }
  return makeError(ErrorCode::Invalid, "unknown format \"" + format + "\" (use json, parquet or avro)", "config.format");
}

}  // namespace tributary::connectors::lake
