#include "core/avro/infer.h"

#include <algorithm>
#include <utility>

#include <nlohmann/json.hpp>

namespace tributary::avro {

using record::Value;
using record::ValueType;

// Not file-local: SchemaInference::Shape (external linkage) holds one.
enum class InferredKind { None, Boolean, Long, Double, Decimal, String, Bytes, Timestamp, Array, Record, Map };

namespace {

using Kind = InferredKind;

std::string_view kindName(Kind kind) {
  switch (kind) {
    case Kind::None: return "null";
    case Kind::Boolean: return "boolean";
    case Kind::Long: return "long";
    case Kind::Double: return "double";
    case Kind::Decimal: return "decimal";
    case Kind::String: return "string";
    case Kind::Bytes: return "bytes";
    case Kind::Timestamp: return "timestamp";
    case Kind::Array: return "array";
    case Kind::Record: return "record";
    case Kind::Map: return "map";
  }
  return "?";
}

std::string_view valueKindName(const Value& v) {
  switch (v.type()) {
    case ValueType::Null: return "null";
    case ValueType::Bool: return "boolean";
    case ValueType::Int: return "long";
    case ValueType::Double: return "double";
    case ValueType::Decimal: return "decimal";
    case ValueType::String: return "string";
    case ValueType::Bytes: return "bytes";
    case ValueType::Timestamp: return "timestamp";
    case ValueType::Array: return "array";
    case ValueType::Object: return "object";
  }
  return "?";
}

// Digits before and after the point of a decimal's text ("-012.50" -> 2, 2).
std::pair<int, int> decimalDigits(std::string_view text) {
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  std::size_t point = text.find('.');
  std::string_view whole = text.substr(0, point);
  while (whole.size() > 1 && whole.front() == '0') whole.remove_prefix(1);
  int intDigits = whole == "0" || whole.empty() ? 0 : static_cast<int>(whole.size());
  int scale = point == std::string_view::npos ? 0 : static_cast<int>(text.size() - point - 1);
  return {intDigits, scale};
}

int integerDigits(std::int64_t x) {
  int digits = 0;
  for (std::uint64_t u = x < 0 ? 0 - static_cast<std::uint64_t>(x) : static_cast<std::uint64_t>(x); u != 0; u /= 10)
    ++digits;
  return digits;
}

constexpr int kMaxDecimalPrecision = 38;  // what the codec encodes

std::string pathOf(const std::string& parent, std::string_view key) {
  return parent + "/" + std::string(key);
}

std::string childName(const std::string& parentFullName, std::string_view field, std::string_view suffix) {
  std::string name = std::string(field) + std::string(suffix);
  if (isPrimitiveTypeName(name)) name += "_record";
  return parentFullName + "." + name;
}

bool allKeysAreNames(const Value& object) {
  for (const auto& [key, value] : object.asObject())
    if (!isValidName(key)) return false;
  return true;
}

}  // namespace

struct ShapeField;

// What inference knows about one place in the records.
struct SchemaInference::Shape {
  Kind kind = Kind::None;
  bool nullable = false;
  int intDigits = 0;  // decimal: precision - scale
  int scale = 0;      // decimal
  std::string fullName;            // record
  std::vector<Shape> items;        // array items / map values: one element
  std::vector<ShapeField> fields;  // record, first-seen order

  Shape* field(std::string_view name);
  const Shape* field(std::string_view name) const { return const_cast<Shape*>(this)->field(name); }
};

struct ShapeField {
  std::string name;
  SchemaInference::Shape shape;
};

SchemaInference::Shape* SchemaInference::Shape::field(std::string_view name) {
  for (ShapeField& f : fields)
    if (f.name == name) return &f.shape;
  return nullptr;
}

namespace {

using Shape = SchemaInference::Shape;

Error conflict(const std::string& path, const Shape& shape, const Value& v) {
  return makeError(ErrorCode::Invalid,
                   std::string(kindName(shape.kind)) + " in earlier records, " + std::string(valueKindName(v)) +
                       " here: one Avro field cannot hold both (make the field one type, e.g. with a map transform)",
                   path.empty() ? "/" : path);
}

// Does `v` fit `shape` as it is (no widening needed)?
bool fits(const Shape& shape, const Value& v) {
  switch (v.type()) {
    case ValueType::Null: return shape.nullable || shape.kind == Kind::None;
    case ValueType::Bool: return shape.kind == Kind::Boolean;
    case ValueType::Int:
      return shape.kind == Kind::Long || shape.kind == Kind::Double ||
             (shape.kind == Kind::Decimal && integerDigits(v.asInt()) <= shape.intDigits);
    case ValueType::Double: return shape.kind == Kind::Double;
    case ValueType::Decimal: {
      if (shape.kind != Kind::Decimal) return false;
      auto [intDigits, scale] = decimalDigits(v.asString());
      return intDigits <= shape.intDigits && scale == shape.scale;
    }
    case ValueType::String: return shape.kind == Kind::String;
    case ValueType::Bytes: return shape.kind == Kind::Bytes;
    case ValueType::Timestamp: return shape.kind == Kind::Timestamp;
    case ValueType::Array: {
      if (shape.kind != Kind::Array) return false;
      for (const Value& item : v.asArray())
        if (!fits(shape.items.front(), item)) return false;
      return true;
    }
    case ValueType::Object: {
      if (shape.kind == Kind::Map) {
        for (const auto& [key, value] : v.asObject())
          if (!fits(shape.items.front(), value)) return false;
        return true;
      }
      if (shape.kind != Kind::Record) return false;
      std::size_t present = 0;
      for (const auto& [key, value] : v.asObject()) {
        const Shape* f = shape.field(key);
        if (!f || !fits(*f, value)) return false;
        ++present;
      }
      if (present == shape.fields.size()) return true;
      for (const ShapeField& f : shape.fields)  // a missing field needs a nullable one
        if (!f.shape.nullable && f.shape.kind != Kind::None && !v.find(f.name)) return false;
      return true;
    }
  }
  return false;
}

Status widen(Shape& shape, const Value& v, const std::string& path, const std::string& nameHint);

// Merges `from` (an inferred shape) into `into`: used when a record turns into a map.
Status mergeShapes(Shape& into, const Shape& from, const std::string& path) {
  into.nullable = into.nullable || from.nullable;
  if (from.kind == Kind::None) return {};
  if (into.kind == Kind::None) {
    bool nullable = into.nullable;
    into = from;
    into.nullable = nullable;
    return {};
  }
  auto fail = [&] {
    return makeError(ErrorCode::Invalid,
                     std::string(kindName(into.kind)) + " and " + std::string(kindName(from.kind)) +
                         " values in one map: one Avro map cannot hold both",
                     path.empty() ? "/" : path);
  };
  if (into.kind == from.kind) {
    switch (into.kind) {
      case Kind::Decimal:
        if (into.scale != from.scale) return fail();
        into.intDigits = std::max(into.intDigits, from.intDigits);
        return {};
      case Kind::Array:
      case Kind::Map: return mergeShapes(into.items.front(), from.items.front(), path + "/*");
      case Kind::Record:
        for (const ShapeField& f : from.fields) {
          Shape* mine = into.field(f.name);
          if (!mine) {
            into.fields.push_back(f);
            into.fields.back().shape.nullable = true;
          } else if (Status s = mergeShapes(*mine, f.shape, pathOf(path, f.name)); !s) {
            return s;
          }
        }
        for (ShapeField& f : into.fields)
          if (!std::any_of(from.fields.begin(), from.fields.end(), [&](const ShapeField& g) { return g.name == f.name; }))
            f.shape.nullable = true;
        return {};
      default: return {};
    }
  }
  if ((into.kind == Kind::Long && from.kind == Kind::Double) || (into.kind == Kind::Double && from.kind == Kind::Long)) {
    into.kind = Kind::Double;
    return {};
  }
  return fail();
}

// Turns a record shape into a map shape whose values hold every field's values.
Status recordToMap(Shape& shape, const std::string& path, const std::string& nameHint) {
  Shape values;
  values.kind = Kind::None;
  for (const ShapeField& f : shape.fields) {
    if (Status s = mergeShapes(values, f.shape, path + "/*"); !s) return s;
  }
  if (values.kind == Kind::Record) values.fullName = nameHint;
  shape.kind = Kind::Map;
  shape.fields.clear();
  shape.fullName.clear();
  shape.items.assign(1, std::move(values));
  return {};
}

Status widenObject(Shape& shape, const Value& v, const std::string& path, const std::string& nameHint,
                   bool topLevel) {
  if (shape.kind == Kind::None) {
    bool nullable = shape.nullable;
    shape = Shape{};
    shape.nullable = nullable;
    if (!topLevel && !allKeysAreNames(v)) {
      shape.kind = Kind::Map;
      shape.items.assign(1, Shape{});
    } else {
      shape.kind = Kind::Record;
      shape.fullName = nameHint;
      for (const auto& [key, value] : v.asObject()) {
        if (!isValidName(key))
          return makeError(ErrorCode::Invalid,
                           "'" + key + "' is not a valid Avro field name (letters, digits and '_', not starting "
                           "with a digit); rename it, e.g. with a map transform",
                           pathOf(path, key));
        shape.fields.push_back({key, Shape{}});
        if (Status s = widen(shape.fields.back().shape, value, pathOf(path, key), childName(nameHint, key, ""));
            !s)
          return s;
      }
      return {};
    }
  }
  if (shape.kind == Kind::Record && !allKeysAreNames(v)) {
    if (topLevel) {
      for (const auto& [key, value] : v.asObject())
        if (!isValidName(key))
          return makeError(ErrorCode::Invalid,
                           "'" + key + "' is not a valid Avro field name (letters, digits and '_', not starting "
                           "with a digit); rename it, e.g. with a map transform",
                           pathOf(path, key));
    }
    if (Status s = recordToMap(shape, path, nameHint + "_value"); !s) return s;
  }
  if (shape.kind == Kind::Map) {
    std::string valueName = nameHint + "_value";
    for (const auto& [key, value] : v.asObject())
      if (Status s = widen(shape.items.front(), value, pathOf(path, key), valueName); !s) return s;
    return {};
  }
  if (shape.kind != Kind::Record) return conflict(path, shape, v);
  for (const auto& [key, value] : v.asObject()) {
    Shape* f = shape.field(key);
    if (!f) {  // missing from the earlier records
      shape.fields.push_back({key, Shape{}});
      f = &shape.fields.back().shape;
      f->nullable = true;
    }
    if (Status s = widen(*f, value, pathOf(path, key), childName(shape.fullName, key, "")); !s) return s;
  }
  for (ShapeField& f : shape.fields)
    if (!v.find(f.name)) f.shape.nullable = true;
  return {};
}

Status widen(Shape& shape, const Value& v, const std::string& path, const std::string& nameHint) {
  switch (v.type()) {
    case ValueType::Null: shape.nullable = true; return {};
    case ValueType::Bool:
      if (shape.kind == Kind::None) shape.kind = Kind::Boolean;
      return shape.kind == Kind::Boolean ? Status{} : Status{conflict(path, shape, v)};
    case ValueType::Int:
      if (shape.kind == Kind::None) shape.kind = Kind::Long;
      if (shape.kind == Kind::Decimal) {
        int digits = integerDigits(v.asInt());
        if (digits + shape.scale > kMaxDecimalPrecision)
          return makeError(ErrorCode::Invalid, "the integer " + std::to_string(v.asInt()) +
                                                   " does not fit the decimal's 38 digits at scale " +
                                                   std::to_string(shape.scale), path);
        shape.intDigits = std::max(shape.intDigits, digits);
        return {};
      }
      return shape.kind == Kind::Long || shape.kind == Kind::Double ? Status{} : Status{conflict(path, shape, v)};
    case ValueType::Double:
      if (shape.kind == Kind::None || shape.kind == Kind::Long) shape.kind = Kind::Double;
      return shape.kind == Kind::Double ? Status{} : Status{conflict(path, shape, v)};
    case ValueType::Decimal: {
      auto [intDigits, scale] = decimalDigits(v.asString());
      if (shape.kind == Kind::None) {
        shape.kind = Kind::Decimal;
        shape.scale = scale;
      }
      if (shape.kind != Kind::Decimal) return conflict(path, shape, v);
      if (scale != shape.scale)
        return makeError(ErrorCode::Invalid,
                         "decimal with scale " + std::to_string(scale) + " here, scale " +
                             std::to_string(shape.scale) +
                             " in earlier records: Avro cannot read a decimal written at one scale with another",
                         path);
      if (intDigits + scale > kMaxDecimalPrecision)
        return makeError(ErrorCode::Invalid, "decimal '" + std::string(v.asString()) + "' has more than 38 digits",
                         path);
      shape.intDigits = std::max(shape.intDigits, intDigits);
      return {};
    }
    case ValueType::String:
      if (shape.kind == Kind::None) shape.kind = Kind::String;
      return shape.kind == Kind::String ? Status{} : Status{conflict(path, shape, v)};
    case ValueType::Bytes:
      if (shape.kind == Kind::None) shape.kind = Kind::Bytes;
      return shape.kind == Kind::Bytes ? Status{} : Status{conflict(path, shape, v)};
    case ValueType::Timestamp:
      if (shape.kind == Kind::None) shape.kind = Kind::Timestamp;
      return shape.kind == Kind::Timestamp ? Status{} : Status{conflict(path, shape, v)};
    case ValueType::Array: {
      if (shape.kind == Kind::None) {
        shape.kind = Kind::Array;
        shape.items.assign(1, Shape{});
      }
      if (shape.kind != Kind::Array) return conflict(path, shape, v);
      std::string itemName = nameHint + "_item";
      std::size_t i = 0;
      for (const Value& item : v.asArray())
        if (Status s = widen(shape.items.front(), item, pathOf(path, std::to_string(i++)), itemName); !s) return s;
      // Items of empty arrays are written as "null": later items must still read them.
      if (shape.items.front().kind == Kind::None) shape.items.front().nullable = true;
      return {};
    }
    case ValueType::Object: return widenObject(shape, v, path, nameHint, false);
  }
  return {};
}

using OJson = nlohmann::ordered_json;

void splitFullName(const std::string& fullName, OJson& out) {
  std::size_t dot = fullName.rfind('.');
  out["name"] = dot == std::string::npos ? fullName : fullName.substr(dot + 1);
  if (dot != std::string::npos) out["namespace"] = fullName.substr(0, dot);
}

OJson render(const Shape& shape, bool withNull) {
  OJson type;
  switch (shape.kind) {
    case Kind::None: return "null";
    case Kind::Boolean: type = "boolean"; break;
    case Kind::Long: type = "long"; break;
    case Kind::Double: type = "double"; break;
    case Kind::String: type = "string"; break;
    case Kind::Bytes: type = "bytes"; break;
    case Kind::Decimal:
      type = OJson::object();
      type["type"] = "bytes";
      type["logicalType"] = "decimal";
      type["precision"] = std::max(1, shape.intDigits + shape.scale);
      type["scale"] = shape.scale;
      break;
    case Kind::Timestamp:
      type = OJson::object();
      type["type"] = "long";
      type["logicalType"] = "timestamp-micros";
      break;
    case Kind::Array:
      type = OJson::object();
      type["type"] = "array";
      type["items"] = render(shape.items.front(), true);
      break;
    case Kind::Map:
      type = OJson::object();
      type["type"] = "map";
      type["values"] = render(shape.items.front(), true);
      break;
    case Kind::Record: {
      type = OJson::object();
      type["type"] = "record";
      splitFullName(shape.fullName, type);
      OJson fields = OJson::array();
      for (const ShapeField& f : shape.fields) {
        OJson field = OJson::object();
        field["name"] = f.name;
        field["type"] = render(f.shape, true);
        if (f.shape.nullable || f.shape.kind == Kind::None) field["default"] = nullptr;
        fields.push_back(std::move(field));
      }
      type["fields"] = std::move(fields);
      break;
    }
  }
  if (withNull && shape.nullable) return OJson::array({"null", std::move(type)});
  return type;
}

// The shape an existing schema's node stands for, or an error naming what inference does not make.
Status shapeOf(const Schema& schema, int index, Shape& out, const std::string& path) {
  const Node& n = schema.node(index);
  auto unsupported = [&](std::string what) {
    return makeError(ErrorCode::Unsupported, what + ": inference does not make this type, so it cannot widen it",
                     path.empty() ? "/" : path);
  };
  if (n.logical != LogicalType::None && n.logical != LogicalType::Decimal && n.logical != LogicalType::TimestampMicros &&
      n.logical != LogicalType::Uuid)
    return unsupported(std::string(toString(n.logical)));
  switch (n.type) {
    case Type::Null: out.kind = Kind::None; out.nullable = true; return {};
    case Type::Boolean: out.kind = Kind::Boolean; return {};
    case Type::Int: out.kind = Kind::Long; return {};
    case Type::Long: out.kind = n.logical == LogicalType::TimestampMicros ? Kind::Timestamp : Kind::Long; return {};
    case Type::Float:
    case Type::Double: out.kind = Kind::Double; return {};
    case Type::String: out.kind = Kind::String; return {};
    case Type::Bytes:
      if (n.logical == LogicalType::Decimal) {
        out.kind = Kind::Decimal;
        out.scale = n.scale;
        out.intDigits = n.precision - n.scale;
      } else {
        out.kind = Kind::Bytes;
      }
      return {};
    case Type::Array:
    case Type::Map:
      out.kind = n.type == Type::Array ? Kind::Array : Kind::Map;
      out.items.assign(1, Shape{});
      return shapeOf(schema, n.items, out.items.front(), path + "/*");
    case Type::Record:
      out.kind = Kind::Record;
      out.fullName = n.fullName;
      for (const Field& f : n.fields) {
        out.fields.push_back({f.name, Shape{}});
        if (Status s = shapeOf(schema, f.type, out.fields.back().shape, pathOf(path, f.name)); !s) return s;
      }
      return {};
    case Type::Union: {
      int nulls = 0;
      int other = -1;
      for (int b : n.branches) {
        if (schema.node(b).type == Type::Null)
          ++nulls;
        else
          other = other == -1 ? b : -2;
      }
      if (nulls != 1 || other == -2) return unsupported("a union other than null and one type");
      if (other >= 0)
        if (Status s = shapeOf(schema, other, out, path); !s) return s;
      out.nullable = true;
      return {};
    }
    case Type::Enum: return unsupported("enum " + n.fullName);
    case Type::Fixed: return unsupported("fixed " + n.fullName);
  }
  return {};
}

}  // namespace

std::string avroNameFor(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 1);
  for (char c : name) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    out.push_back(ok ? c : '_');
  }
  if (out.empty()) return "record";
  if (out.front() >= '0' && out.front() <= '9') out.insert(out.begin(), '_');
  if (isPrimitiveTypeName(out)) out += "_record";
  return out;
}

SchemaInference::SchemaInference(std::string_view name, std::string nameSpace)
    : m_root(std::make_unique<Shape>()),
      m_fullName(nameSpace.empty() ? avroNameFor(name) : nameSpace + "." + avroNameFor(name)) {
  m_root->kind = Kind::Record;
  m_root->fullName = m_fullName;
}

SchemaInference::~SchemaInference() = default;
SchemaInference::SchemaInference(SchemaInference&&) noexcept = default;
SchemaInference& SchemaInference::operator=(SchemaInference&&) noexcept = default;
SchemaInference::SchemaInference(const SchemaInference& other)
    : m_root(std::make_unique<Shape>(*other.m_root)), m_fullName(other.m_fullName), m_records(other.m_records) {}
SchemaInference& SchemaInference::operator=(const SchemaInference& other) {
  if (this != &other) *this = SchemaInference(other);
  return *this;
}

Status SchemaInference::seed(const Schema& schema) {
  if (schema.root().type != Type::Record)
    return makeError(ErrorCode::Unsupported,
                     "the schema is a " + std::string(toString(schema.root().type)) + ", not a record", "/");
  Shape root;
  if (Status s = shapeOf(schema, schema.rootIndex(), root, ""); !s) return s;
  *m_root = std::move(root);
  m_fullName = m_root->fullName;
  m_records = std::max<std::size_t>(m_records, 1);
  return {};
}

Result<bool> SchemaInference::add(const record::Value& record) {
  if (record.type() != ValueType::Object)
    return makeError(ErrorCode::Invalid,
                     "a record must be a JSON object to become an Avro record, not " +
                         std::string(valueKindName(record)),
                     "/");
  if (m_records > 0 && fits(*m_root, record)) {
    ++m_records;
    return false;
  }
  Shape wider = *m_root;
  if (m_records == 0) {  // the first record decides which fields are always there
    wider = Shape{};
    wider.fullName = m_fullName;
  }
  if (Status s = widenObject(wider, record, "", m_fullName, true); !s) return s.error();
  bool changed = m_records == 0 || render(wider, false) != render(*m_root, false);
  *m_root = std::move(wider);
  ++m_records;
  return changed;
}

std::string SchemaInference::schemaText() const {
  return render(*m_root, false).dump();
}

Result<Schema> SchemaInference::schema() const {
  return Schema::parse(schemaText());
}

Result<std::string> inferSchema(const std::vector<record::Value>& records, std::string_view name,
                                std::string nameSpace) {
  SchemaInference inference(name, std::move(nameSpace));
  for (std::size_t i = 0; i < records.size(); ++i) {
    auto added = inference.add(records[i]);
    if (!added) {
      Error e = added.error();
      e.where = "record " + std::to_string(i + 1) + (e.where == "/" ? "" : " " + e.where);
      return e;
    }
  }
  return inference.schemaText();
}

}  // namespace tributary::avro
