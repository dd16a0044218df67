#pragma once
// Avro schemas as our own model: the JSON text of a schema (Avro 1.11
// specification) is parsed into a table of nodes. Named types are defined
// once and referenced by index, so recursive schemas (a record holding a list
// of itself) are plain cycles in the table. The original text is kept, because
// Avro C drops `default`, `doc` and `logicalType` when it writes a schema back.
//
// Two printed forms compare schemas:
//   - canonicalForm(): Avro's Parsing Canonical Form (only what the binary
//     encoding depends on; fingerprint64() hashes it with CRC-64-AVRO);
//   - normalizedForm(): everything the model holds (defaults, aliases, docs,
//     logical types, enum defaults, field order) with full names, fixed key
//     order and no whitespace, so two texts that differ only in layout, key
//     order or short-vs-full names print the same.
// A Schema is an immutable value once parsed; safe to share between threads.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/result.h"

namespace tributary::avro {

enum class Type : std::uint8_t {
  Null,
  Boolean,
  Int,
  Long,
  Float,
  Double,
  Bytes,
  String,
  Record,
  Enum,
  Array,
  Map,
  Union,
  Fixed
};

std::string_view toString(Type type);  // "null", "record", ...
bool isNamed(Type type);               // record, enum, fixed
// Avro's name rule [A-Za-z_][A-Za-z0-9_]* (one component of a full name).
bool isValidName(std::string_view name);
// "null", "int", ... : names a named type may not take.
bool isPrimitiveTypeName(std::string_view name);

// Logical types we recognise (an unknown or invalid one is ignored, as the
// specification asks, and the node reads as its underlying type).
enum class LogicalType : std::uint8_t {
  None,
  Decimal,          // bytes or fixed; precision, scale
  Date,             // int: days since 1970-01-01
  TimeMillis,       // int
  TimeMicros,       // long
  TimestampMillis,  // long, UTC
  TimestampMicros,  // long, UTC
  LocalTimestampMillis,
  LocalTimestampMicros,
  Uuid,      // string
  Duration,  // fixed(12)
};

std::string_view toString(LogicalType type);  // "decimal", "timestamp-millis", ... ("" for None)

enum class SortOrder : std::uint8_t { Ascending, Descending, Ignore };

struct Field {
  std::string name;
  std::vector<std::string> aliases;
  std::string doc;
  int type = -1;                        // node index
  std::optional<nlohmann::json> defaultValue;  // checked against the field's type
  SortOrder order = SortOrder::Ascending;
};

struct Node {
  Type type = Type::Null;
  LogicalType logical = LogicalType::None;
  int precision = 0;  // decimal
  int scale = 0;      // decimal
  // named types
  std::string fullName;              // "com.example.User"
  std::vector<std::string> aliases;  // full names
  std::string doc;
  // record
  std::vector<Field> fields;
  // enum
  std::vector<std::string> symbols;
  std::optional<std::string> enumDefault;
  // array items / map values
  int items = -1;
  // union
  std::vector<int> branches;
  // fixed
  int size = 0;
  // properties we do not interpret (kept in the normalised form)
  nlohmann::json extra = nlohmann::json::object();

  std::string_view name() const;       // unqualified name of a named type
  std::string_view nameSpace() const;  // namespace of a named type ("" when none)
};

class Schema {
 public:
  // Parses schema JSON text. Errors (ErrorCode::Invalid) name where in the
  // schema the problem is: "at /fields/2/type: unknown type 'strin'".
  static Result<Schema> parse(std::string_view json);
  // A schema for one primitive type (tests, inferred schemas).
  static Schema primitive(Type type);

  int rootIndex() const { return m_root; }
  const Node& root() const { return m_nodes[static_cast<std::size_t>(m_root)]; }
  const Node& node(int index) const { return m_nodes[static_cast<std::size_t>(index)]; }
  std::size_t nodeCount() const { return m_nodes.size(); }
  // The index of a named type by full name, or -1.
  int findNamed(std::string_view fullName) const;

  const std::string& text() const { return m_text; }  // as given to parse()
  std::string canonicalForm() const;
  std::string normalizedForm() const;
  std::uint64_t fingerprint64() const;  // CRC-64-AVRO (Rabin) of canonicalForm()

  // Checks that `json` is a valid value of node `index` as a default (record
  // fields' defaults, union defaults against the first branch). Returns an
  // empty string when it is, else why not.
  std::string checkDefault(int index, const nlohmann::json& json) const;

 private:
  friend class SchemaParser;
  std::vector<Node> m_nodes;
  int m_root = -1;
  std::string m_text;
};

std::uint64_t crc64Avro(std::string_view bytes);

}  // namespace tributary::avro
