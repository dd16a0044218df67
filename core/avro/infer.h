#pragma once
// Avro schema inference: the record schema that holds a stream of JSON-like
// records (record::Value objects), widened as records arrive.
//
//   - The top-level record is named after a given name (a topic, a file):
//     avroNameFor("orders.v1") == "orders_v1"; fields in first-seen order.
//   - Types: null, boolean, long (integers), double, string, bytes,
//     bytes/decimal (precision, scale), long/timestamp-micros, array, and for
//     nested objects a record named "<parent full name>.<field>" (array items
//     "<field>_item", map values "<field>_value"), or a map when the object's
//     keys are not all Avro names (then all its values must share one type).
//   - Widening: long -> double; a field missing from some records, or null in
//     some, becomes ["null", T] with default null; a field seen only as null
//     is "null" (default null) until a value shows its type; a decimal's
//     precision grows. Every widening keeps data written with the narrower
//     schema readable by the wider one (BACKWARD compatible).
//   - Refusals, with the field's path ("/address/zip: ..."): incompatible
//     types in one field (string and long, boolean and double, decimal and
//     double, array and object, ...), a decimal whose scale changes, top-level
//     field names that are not Avro names, a top-level value that is not an
//     object.
//
// A SchemaInference is a value used by one thread at a time.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/avro/schema.h"
#include "core/base/result.h"
#include "core/record/value.h"

namespace tributary::avro {

// A valid Avro name for `name`: characters outside [A-Za-z0-9_] become '_',
// a leading digit gets a '_' in front; "" becomes "record".
std::string avroNameFor(std::string_view name);

class SchemaInference {
 public:
  // `name` names the top-level record (through avroNameFor); `nameSpace`, when
  // given, must be a valid Avro namespace.
  explicit SchemaInference(std::string_view name, std::string nameSpace = {});
  ~SchemaInference();
  SchemaInference(const SchemaInference& other);
  SchemaInference& operator=(const SchemaInference& other);
  SchemaInference(SchemaInference&&) noexcept;
  SchemaInference& operator=(SchemaInference&&) noexcept;

  // Starts from an existing schema (a subject's latest version) so that new
  // records widen it instead of starting over; record names are kept. Fails
  // (and changes nothing) for shapes inference does not make: enums, fixed,
  // unions other than null plus one type, logical types other than decimal
  // and timestamp-micros, a top level that is not a record.
  Status seed(const Schema& schema);

  // Widens the inferred schema so that it holds `record`. Returns true when
  // the schema changed (a new field, a wider type), false when `record`
  // already fits. On error nothing changes and the error names the field
  // path ("/items/0/price: ...").
  Result<bool> add(const record::Value& record);

  // Records added so far (seed() counts as one).
  std::size_t records() const { return m_records; }
  // The schema as JSON text; before any record, a record without fields.
  std::string schemaText() const;
  Result<Schema> schema() const;

  struct Shape;

 private:
  std::unique_ptr<Shape> m_root;
  std::string m_fullName;
  std::size_t m_records = 0;
};

// The schema of `records` (see SchemaInference), as JSON text.
Result<std::string> inferSchema(const std::vector<record::Value>& records, std::string_view name,
                                std::string nameSpace = {});

}  // namespace tributary::avro
