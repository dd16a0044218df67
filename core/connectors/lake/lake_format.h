#pragma once
// File formats of the lake writer (sink.lake, sink.s3). A LakeFormat starts
// one LakeFileEncoder per file; the encoder gathers the file's bytes in
// memory (columnar formats such as Parquet and Avro container files need the
// whole file before its footer/blocks can be written, so the interface hands
// back the complete file) and finish() returns them. The same records always
// give the same bytes, so a replay rewrites a file identically.
//
// Adding a format: implement both classes and return it from
// makeLakeFormat(); countRecords() is what recovery needs to know how many
// records an existing file holds. A format that needs I/O before the first
// file (the Avro format fetching its schema from a registry) does it in
// prepare(), which the writer calls at open().

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/avro/schema.h"
#include "core/base/result.h"
#include "core/record/record.h"
#include "core/registry/registry_client.h"

namespace tributary::connectors::lake {

class LakeFileEncoder {
 public:
  virtual ~LakeFileEncoder() = default;
  // Adds one record. An error means this record cannot be encoded (the
  // file is unchanged).
  virtual Status append(const record::Record& record) = 0;
  // The file's size so far (compressed, where the format compresses as it goes).
  virtual std::size_t bytes() const = 0;
  // The complete file. Call once; the encoder is spent afterwards.
  virtual Result<std::string> finish() = 0;
};

class LakeFormat {
 public:
  virtual ~LakeFormat() = default;
  virtual Status prepare() { return {}; }
  // ".json", ".json.gz", ...
  virtual std::string extension() const = 0;
  virtual std::unique_ptr<LakeFileEncoder> start() const = 0;
  // How many records a complete file of this format holds.
  virtual Result<std::size_t> countRecords(std::string_view file) const = 0;
};

// Where the Avro format's schema comes from: the schema's JSON text, else the
// latest version of `subject` in `registry` (fetched at prepare()), else it is
// inferred per file from the file's records, the top-level record named
// after `inferName` (the lake's topic).
struct AvroSchemaSource {
  std::string text;
  std::shared_ptr<registry::RegistryClient> registry;
  std::string subject;
  std::string inferName;
};

// `format`: "json" (JSON lines: each record's value on one line), "parquet"
// or "avro" (object container files, Confluent's AvroFormat).
// `compression`: json: "none" or "gzip"; parquet: "none", "snappy", "gzip" or
// "zstd"; avro: "none" (avro.codec null), "deflate" or "snappy".
Result<std::unique_ptr<LakeFormat>> makeLakeFormat(const std::string& format, const std::string& compression,
                                                   AvroSchemaSource avroSchema = {});

// gzip of `data` in one piece / back (used by the JSON format and tests).
Result<std::string> gunzip(std::string_view data);

}  // namespace tributary::connectors::lake
