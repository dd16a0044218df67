#pragma once
// Avro binary encoding and decoding of record Values, built on Avro C
// (libavro) for the wire format, with what Avro C leaves out done here:
//   - logical types: decimal (bytes/fixed, two's complement, up to 38 digits)
//     <-> Value::decimal("12.50"); date <-> "2024-03-01";
//     time-millis/-micros <-> "12:34:56.789"; timestamp-millis/-micros and
//     local-timestamp-* <-> Value timestamps; uuid <-> string;
//   - reader schemas: decode(bytes, &reader) resolves the writer's data
//     against the reader by Avro's rules (fields by name or alias, reader
//     defaults filled in from the reader schema's JSON, promotions, enum
//     defaults, union branches);
//   - defaults on encode: a record field missing from the Value takes the
//     schema's default (Avro C drops defaults, so they come from our model).
// The schema given to Avro C is the original JSON text.
//
// Mapping (decode): null, boolean, int/long -> Int, float/double -> Double,
// string and enum -> String, bytes and fixed -> Bytes, array -> Array,
// map and record -> Object (record fields in schema order), union -> the
// branch's value.
//
// A Codec keeps one Avro C value to fill and read, so it is used by one
// thread at a time (one per task); create() may be called on any thread.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/avro/schema.h"
#include "core/base/result.h"
#include "core/record/value.h"

namespace tributary::avro {

class Codec {
 public:
  static Result<std::unique_ptr<Codec>> create(std::shared_ptr<const Schema> schema);
  ~Codec();
  Codec(const Codec&) = delete;
  Codec& operator=(const Codec&) = delete;

  const Schema& schema() const { return *m_schema; }

  // Appends the Avro binary of `value` to `out`. Errors name the field path
  // ("items[2].price: expected a decimal ...").
  Status encode(const record::Value& value, std::string& out);
  // Decodes one datum written with this codec's schema that fills `bytes`
  // exactly; with `reader`, resolves it against that schema.
  Result<record::Value> decode(std::string_view bytes, const Schema* reader = nullptr);

  struct Impl;

 private:
  explicit Codec(std::unique_ptr<Impl> impl, std::shared_ptr<const Schema> schema);
  std::unique_ptr<Impl> m_impl;
  std::shared_ptr<const Schema> m_schema;
};

// The Value a schema default (JSON, as written in the schema) stands for at
// node `index`, with logical types applied as decode() would.
Result<record::Value> defaultValue(const Schema& schema, int index, const nlohmann::json& json);

// Confluent's wire format: magic byte 0, the schema id as 4 big-endian bytes, the Avro binary.
inline constexpr std::size_t kConfluentHeaderSize = 5;
void appendConfluentHeader(std::int32_t schemaId, std::string& out);
// The schema id and the Avro payload, or nullopt when `message` is not in that framing.
std::optional<std::pair<std::int32_t, std::string_view>> parseConfluentFrame(std::string_view message);

}  // namespace tributary::avro
