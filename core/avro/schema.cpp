#include "core/avro/schema.h"

#include <array>
#include <cmath>
#include <set>
#include <unordered_map>

namespace tributary::avro {

namespace {

using json = nlohmann::json;

constexpr std::array<std::pair<std::string_view, Type>, 8> kPrimitives{{
    {"null", Type::Null},
    {"boolean", Type::Boolean},
    {"int", Type::Int},
    {"long", Type::Long},
    {"float", Type::Float},
    {"double", Type::Double},
    {"bytes", Type::Bytes},
    {"string", Type::String},
}};

std::optional<Type> primitiveType(std::string_view name) {
  for (const auto& [text, type] : kPrimitives)
    if (text == name) return type;
  return std::nullopt;
}

bool isPrimitive(Type type) {
  return type <= Type::String;
}

// [A-Za-z_][A-Za-z0-9_]*
bool validName(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

// A full name: dot-separated valid names.
bool validFullName(std::string_view name) {
  std::size_t start = 0;
  while (true) {
    std::size_t dot = name.find('.', start);
    if (!validName(name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start)))
      return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

std::string jsonQuoted(std::string_view text) {
  return json(std::string(text)).dump();
}

// Number of code points of a UTF-8 string if each is <= 255 (bytes in a JSON
// default are written as ISO-8859-1 code points), else nullopt.
std::optional<std::size_t> latin1Length(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++count) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
    } else if ((c & 0xE0) == 0xC0 && c <= 0xC3 && i + 1 < text.size()) {
      i += 2;
    } else {
      return std::nullopt;
    }
  }
  return count;
}

}  // namespace

std::string_view toString(Type type) {
  switch (type) {
    case Type::Null: return "null";
    case Type::Boolean: return "boolean";
    case Type::Int: return "int";
    case Type::Long: return "long";
    case Type::Float: return "float";
    case Type::Double: return "double";
    case Type::Bytes: return "bytes";
    case Type::String: return "string";
    case Type::Record: return "record";
    case Type::Enum: return "enum";
    case Type::Array: return "array";
    case Type::Map: return "map";
    case Type::Union: return "union";
    case Type::Fixed: return "fixed";
  }
  return "?";
}

bool isValidName(std::string_view name) {
  return validName(name);
}

bool isPrimitiveTypeName(std::string_view name) {
  return primitiveType(name).has_value();
}

bool isNamed(Type type) {
  return type == Type::Record || type == Type::Enum || type == Type::Fixed;
}

std::string_view toString(LogicalType type) {
  switch (type) {
    case LogicalType::None: return "";
    case LogicalType::Decimal: return "decimal";
    case LogicalType::Date: return "date";
    case LogicalType::TimeMillis: return "time-millis";
    case LogicalType::TimeMicros: return "time-micros";
    case LogicalType::TimestampMillis: return "timestamp-millis";
    case LogicalType::TimestampMicros: return "timestamp-micros";
    case LogicalType::LocalTimestampMillis: return "local-timestamp-millis";
    case LogicalType::LocalTimestampMicros: return "local-timestamp-micros";
    case LogicalType::Uuid: return "uuid";
    case LogicalType::Duration: return "duration";
  }
  return "";
}

std::string_view Node::name() const {
  auto dot = fullName.rfind('.');
  return dot == std::string::npos ? std::string_view(fullName) : std::string_view(fullName).substr(dot + 1);
}

std::string_view Node::nameSpace() const {
  auto dot = fullName.rfind('.');
  return dot == std::string::npos ? std::string_view() : std::string_view(fullName).substr(0, dot);
}

// Recursive-descent parser over nlohmann's JSON tree. The first error stops it.
class SchemaParser {
 public:
  Schema schema;
  std::unordered_map<std::string, int> named;
  std::optional<Error> error;

  int fail(const std::string& path, std::string message) {
    if (!error) error = makeError(ErrorCode::Invalid, std::move(message), path.empty() ? "/" : path);
    return -1;
  }

  int add(Node node) {
    schema.m_nodes.push_back(std::move(node));
    return static_cast<int>(schema.m_nodes.size() - 1);
  }

  std::string fullNameOf(const std::string& name, const std::string& ns) {
    if (name.find('.') != std::string::npos || ns.empty()) return name;
    return ns + "." + name;
  }

  int parse(const json& j, const std::string& ns, const std::string& path) {
    if (j.is_string()) return parseReference(j.get<std::string>(), ns, path);
    if (j.is_array()) return parseUnion(j, ns, path);
    if (!j.is_object()) return fail(path, "a schema must be a type name, an object or an array (union), not " +
                                              std::string(j.type_name()));
    auto typeIt = j.find("type");
    if (typeIt == j.end()) return fail(path, "a schema object needs a \"type\"");
    if (!typeIt->is_string())
      return fail(path + "/type", "\"type\" of a schema object must be a string, not " + std::string(typeIt->type_name()));
    const std::string type = typeIt->get<std::string>();
    if (auto primitive = primitiveType(type)) return parsePrimitiveObject(j, *primitive, path);
    if (type == "record" || type == "error") return parseRecord(j, ns, path);
    if (type == "enum") return parseEnum(j, ns, path);
    if (type == "fixed") return parseFixed(j, ns, path);
    if (type == "array" || type == "map") return parseContainer(j, type == "array", ns, path);
    // {"type": "com.example.Name"} refers to a named type as well.
    return parseReference(type, ns, path + "/type");
  }

  int parseReference(const std::string& name, const std::string& ns, const std::string& path) {
    if (auto primitive = primitiveType(name)) {
      Node node;
      node.type = *primitive;
      return add(std::move(node));
    }
    if (name == "record" || name == "enum" || name == "array" || name == "map" || name == "fixed" ||
        name == "error")
      return fail(path, "\"" + name + "\" needs the object form ({\"type\": \"" + name + "\", ...})");
    auto it = named.find(fullNameOf(name, ns));
    if (it == named.end() && name.find('.') == std::string::npos) it = named.find(name);
    if (it == named.end()) return fail(path, "unknown type '" + name + "' (not a primitive nor a type defined before)");
    return it->second;
  }

  void keepExtra(Node& node, const json& j, std::initializer_list<std::string_view> known) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      bool isKnown = it.key() == "type";
      for (auto k : known) isKnown = isKnown || it.key() == k;
      if (!isKnown) node.extra[it.key()] = it.value();
    }
  }

  void applyLogicalType(Node& node, const json& j) {
    auto it = j.find("logicalType");
    if (it == j.end() || !it->is_string()) return;
    const std::string name = it->get<std::string>();
    LogicalType logical = LogicalType::None;
    if (name == "decimal" && (node.type == Type::Bytes || node.type == Type::Fixed)) {
      auto p = j.find("precision");
      auto s = j.find("scale");
      if (p == j.end() || !p->is_number_integer()) return;
      long long precision = p->get<long long>();
      long long scale = (s != j.end() && s->is_number_integer()) ? s->get<long long>() : 0;
      if (s != j.end() && !s->is_number_integer()) return;
      if (precision <= 0 || scale < 0 || scale > precision) return;
      if (node.type == Type::Fixed) {
        // The largest precision a signed two's-complement number of `size` bytes holds.
        double maxPrecision = std::floor(std::log10(std::pow(2.0, 8.0 * node.size - 1) - 1));
        if (static_cast<double>(precision) > maxPrecision) return;
      }
      node.precision = static_cast<int>(precision);
      node.scale = static_cast<int>(scale);
      logical = LogicalType::Decimal;
    } else if (name == "date" && node.type == Type::Int) {
      logical = LogicalType::Date;
    } else if (name == "time-millis" && node.type == Type::Int) {
      logical = LogicalType::TimeMillis;
    } else if (name == "time-micros" && node.type == Type::Long) {
      logical = LogicalType::TimeMicros;
    } else if (name == "timestamp-millis" && node.type == Type::Long) {
      logical = LogicalType::TimestampMillis;
    } else if (name == "timestamp-micros" && node.type == Type::Long) {
      logical = LogicalType::TimestampMicros;
    } else if (name == "local-timestamp-millis" && node.type == Type::Long) {
      logical = LogicalType::LocalTimestampMillis;
    } else if (name == "local-timestamp-micros" && node.type == Type::Long) {
      logical = LogicalType::LocalTimestampMicros;
    } else if (name == "uuid" && node.type == Type::String) {
      logical = LogicalType::Uuid;
    } else if (name == "duration" && node.type == Type::Fixed && node.size == 12) {
      logical = LogicalType::Duration;
    }
    if (logical == LogicalType::None) return;  // invalid: ignored, stays in `extra`
    node.logical = logical;
    node.extra.erase("logicalType");
    if (logical == LogicalType::Decimal) {
      node.extra.erase("precision");
      node.extra.erase("scale");
    }
  }

  int parsePrimitiveObject(const json& j, Type type, const std::string&) {
    Node node;
    node.type = type;
    keepExtra(node, j, {});
    applyLogicalType(node, j);
    return add(std::move(node));
  }

  bool parseAliases(const json& j, const std::string& ns, const std::string& path, std::vector<std::string>& out,
                    bool qualify) {
    auto it = j.find("aliases");
    if (it == j.end()) return true;
    if (!it->is_array()) return fail(path + "/aliases", "\"aliases\" must be an array of names") != -1;
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& alias = (*it)[i];
      std::string where = path + "/aliases/" + std::to_string(i);
      if (!alias.is_string()) return fail(where, "an alias must be a string") != -1;
      std::string name = alias.get<std::string>();
      if (!(qualify ? validFullName(name) : validName(name)))
        return fail(where, "'" + name + "' is not a valid Avro name") != -1;
      out.push_back(qualify ? fullNameOf(name, ns) : name);
    }
    return true;
  }

  bool parseDoc(const json& j, const std::string& path, std::string& out) {
    auto it = j.find("doc");
    if (it == j.end()) return true;
    if (!it->is_string()) return fail(path + "/doc", "\"doc\" must be a string") != -1;
    out = it->get<std::string>();
    return true;
  }

  // Defines a named type; returns its node index or -1. `childNs` gets the
  // namespace its fields and symbols resolve names in.
  int defineNamed(Node node, const json& j, const std::string& ns, const std::string& path, std::string& childNs) {
    auto nameIt = j.find("name");
    if (nameIt == j.end() || !nameIt->is_string())
      return fail(path, "a " + std::string(toString(node.type)) + " needs a \"name\" (string)");
    std::string name = nameIt->get<std::string>();
    std::string space = ns;
    if (auto nsIt = j.find("namespace"); nsIt != j.end()) {
      if (!nsIt->is_string() && !nsIt->is_null()) return fail(path + "/namespace", "\"namespace\" must be a string");
      space = nsIt->is_null() ? std::string() : nsIt->get<std::string>();
      if (!space.empty() && !validFullName(space))
        return fail(path + "/namespace", "'" + space + "' is not a valid Avro namespace");
    }
    if (!validFullName(name)) return fail(path + "/name", "'" + name + "' is not a valid Avro name");
    node.fullName = fullNameOf(name, space);
    if (primitiveType(node.name()))
      return fail(path + "/name", "'" + name + "' is a primitive type name and cannot name a " +
                                      std::string(toString(node.type)));
    childNs = std::string(node.nameSpace());
    if (!parseDoc(j, path, node.doc)) return -1;
    if (!parseAliases(j, childNs, path, node.aliases, true)) return -1;
    if (named.count(node.fullName)) return fail(path + "/name", "'" + node.fullName + "' is defined twice");
    int index = add(std::move(node));
    named[schema.m_nodes[static_cast<std::size_t>(index)].fullName] = index;
    return index;
  }

  int parseRecord(const json& j, const std::string& ns, const std::string& path) {
    Node node;
    node.type = Type::Record;
    keepExtra(node, j, {"name", "namespace", "doc", "aliases", "fields"});
    std::string childNs;
    int index = defineNamed(std::move(node), j, ns, path, childNs);
    if (index < 0) return -1;
    auto fieldsIt = j.find("fields");
    if (fieldsIt == j.end() || !fieldsIt->is_array()) return fail(path, "a record needs \"fields\" (an array)");
    std::vector<Field> fields;
    std::set<std::string> names;
    for (std::size_t i = 0; i < fieldsIt->size(); ++i) {
      const json& f = (*fieldsIt)[i];
      std::string where = path + "/fields/" + std::to_string(i);
      if (!f.is_object()) return fail(where, "a field must be an object");
      Field field;
      auto nameIt = f.find("name");
      if (nameIt == f.end() || !nameIt->is_string()) return fail(where, "a field needs a \"name\" (string)");
      field.name = nameIt->get<std::string>();
      if (!validName(field.name)) return fail(where + "/name", "'" + field.name + "' is not a valid Avro name");
      if (!names.insert(field.name).second) return fail(where + "/name", "field '" + field.name + "' appears twice");
      auto typeIt = f.find("type");
      if (typeIt == f.end()) return fail(where, "field '" + field.name + "' needs a \"type\"");
      field.type = parse(*typeIt, childNs, where + "/type");
      if (field.type < 0) return -1;
      if (!parseDoc(f, where, field.doc)) return -1;
      if (!parseAliases(f, childNs, where, field.aliases, false)) return -1;
      if (auto orderIt = f.find("order"); orderIt != f.end()) {
        std::string order = orderIt->is_string() ? orderIt->get<std::string>() : "";
        if (order == "ascending") field.order = SortOrder::Ascending;
        else if (order == "descending") field.order = SortOrder::Descending;
        else if (order == "ignore") field.order = SortOrder::Ignore;
        else return fail(where + "/order", "\"order\" must be \"ascending\", \"descending\" or \"ignore\"");
      }
      if (auto defaultIt = f.find("default"); defaultIt != f.end()) {
        std::string why = schema.checkDefault(field.type, *defaultIt);
        if (!why.empty())
          return fail(where + "/default", "invalid default for field '" + field.name + "': " + why);
        field.defaultValue = *defaultIt;
      }
      fields.push_back(std::move(field));
    }
    schema.m_nodes[static_cast<std::size_t>(index)].fields = std::move(fields);
    return index;
  }

  int parseEnum(const json& j, const std::string& ns, const std::string& path) {
    Node node;
    node.type = Type::Enum;
    keepExtra(node, j, {"name", "namespace", "doc", "aliases", "symbols", "default"});
    auto symbolsIt = j.find("symbols");
    if (symbolsIt == j.end() || !symbolsIt->is_array()) return fail(path, "an enum needs \"symbols\" (an array)");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < symbolsIt->size(); ++i) {
      const json& s = (*symbolsIt)[i];
      std::string where = path + "/symbols/" + std::to_string(i);
      if (!s.is_string() || !validName(s.get<std::string>()))
        return fail(where, "an enum symbol must be a valid Avro name ([A-Za-z_][A-Za-z0-9_]*)");
      if (!seen.insert(s.get<std::string>()).second)
        return fail(where, "symbol '" + s.get<std::string>() + "' appears twice");
      node.symbols.push_back(s.get<std::string>());
    }
    if (auto d = j.find("default"); d != j.end()) {
      if (!d->is_string() || !seen.count(d->get<std::string>()))
        return fail(path + "/default", "the enum default must be one of its symbols");
      node.enumDefault = d->get<std::string>();
    }
    std::string childNs;
    return defineNamed(std::move(node), j, ns, path, childNs);
  }

  int parseFixed(const json& j, const std::string& ns, const std::string& path) {
    Node node;
    node.type = Type::Fixed;
    keepExtra(node, j, {"name", "namespace", "doc", "aliases", "size"});
    auto sizeIt = j.find("size");
    if (sizeIt == j.end() || !sizeIt->is_number_integer() || sizeIt->get<long long>() < 0 ||
        sizeIt->get<long long>() > (1LL << 30))
      return fail(path, "a fixed needs \"size\" (a non-negative integer)");
    node.size = static_cast<int>(sizeIt->get<long long>());
    applyLogicalType(node, j);
    std::string childNs;
    return defineNamed(std::move(node), j, ns, path, childNs);
  }

  int parseContainer(const json& j, bool isArray, const std::string& ns, const std::string& path) {
    const char* key = isArray ? "items" : "values";
    auto it = j.find(key);
    if (it == j.end())
      return fail(path, std::string(isArray ? "an array" : "a map") + " needs \"" + key + "\"");
    int inner = parse(*it, ns, path + "/" + key);
    if (inner < 0) return -1;
    Node node;
    node.type = isArray ? Type::Array : Type::Map;
    node.items = inner;
    keepExtra(node, j, {key});
    return add(std::move(node));
  }

  int parseUnion(const json& j, const std::string& ns, const std::string& path) {
    Node node;
    node.type = Type::Union;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < j.size(); ++i) {
      std::string where = path + "/" + std::to_string(i);
      int branch = parse(j[i], ns, where);
      if (branch < 0) return -1;
      const Node& b = schema.m_nodes[static_cast<std::size_t>(branch)];
      if (b.type == Type::Union) return fail(where, "a union cannot hold a union directly");
      std::string key = isNamed(b.type) ? b.fullName : std::string(toString(b.type));
      if (!seen.insert(key).second) return fail(where, "the union holds '" + key + "' twice");
      node.branches.push_back(branch);
    }
    return add(std::move(node));
  }
};

Result<Schema> Schema::parse(std::string_view text) {
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded()) return makeError(ErrorCode::Invalid, "the schema is not valid JSON");
  SchemaParser parser;
  int root = parser.parse(j, "", "");
  if (parser.error) return *parser.error;
  parser.schema.m_root = root;
  parser.schema.m_text = std::string(text);
  return std::move(parser.schema);
}

Schema Schema::primitive(Type type) {
  Schema schema;
  Node node;
  node.type = type;
  schema.m_nodes.push_back(std::move(node));
  schema.m_root = 0;
  schema.m_text = jsonQuoted(toString(type));
  return schema;
}

int Schema::findNamed(std::string_view fullName) const {
  for (std::size_t i = 0; i < m_nodes.size(); ++i)
    if (isNamed(m_nodes[i].type) && m_nodes[i].fullName == fullName) return static_cast<int>(i);
  return -1;
}

std::string Schema::checkDefault(int index, const json& j) const {
  const Node& n = node(index);
  switch (n.type) {
    case Type::Null: return j.is_null() ? "" : "expected null";
    case Type::Boolean: return j.is_boolean() ? "" : "expected true or false";
    case Type::Int:
      if (!j.is_number_integer()) return "expected an int";
      if (j.is_number_unsigned() ? j.get<std::uint64_t>() > 2147483647ULL
                                 : (j.get<std::int64_t>() < -2147483648LL || j.get<std::int64_t>() > 2147483647LL))
        return "the number does not fit an int";
      return "";
    case Type::Long:
      if (!j.is_number_integer()) return "expected a long";
      if (j.is_number_unsigned() && j.get<std::uint64_t>() > 9223372036854775807ULL) return "the number does not fit a long";
      return "";
    case Type::Float:
    case Type::Double: return j.is_number() ? "" : "expected a number";
    case Type::String: return j.is_string() ? "" : "expected a string";
    case Type::Bytes:
    case Type::Fixed: {
      if (!j.is_string()) return "expected a string (bytes as code points 0-255)";
      auto length = latin1Length(j.get_ref<const std::string&>());
      if (!length) return "bytes defaults hold code points 0-255 only";
      if (n.type == Type::Fixed && *length != static_cast<std::size_t>(n.size))
        return "expected " + std::to_string(n.size) + " bytes, got " + std::to_string(*length);
      return "";
    }
    case Type::Enum:
      if (!j.is_string()) return "expected one of the enum's symbols";
      for (const auto& s : n.symbols)
        if (s == j.get_ref<const std::string&>()) return "";
      return "'" + j.get<std::string>() + "' is not a symbol of " + n.fullName;
    case Type::Array:
      if (!j.is_array()) return "expected an array";
      for (std::size_t i = 0; i < j.size(); ++i)
        if (auto why = checkDefault(n.items, j[i]); !why.empty()) return "item " + std::to_string(i) + ": " + why;
      return "";
    case Type::Map:
      if (!j.is_object()) return "expected an object (map)";
      for (auto it = j.begin(); it != j.end(); ++it)
        if (auto why = checkDefault(n.items, it.value()); !why.empty()) return "key '" + it.key() + "': " + why;
      return "";
    case Type::Union:
      // The default of a union is a value of its first branch (Avro 1.11 specification).
      if (n.branches.empty()) return "an empty union has no values";
      if (auto why = checkDefault(n.branches.front(), j); !why.empty())
        return "a union's default must match its first branch (" +
               std::string(toString(node(n.branches.front()).type)) + "): " + why;
      return "";
    case Type::Record: {
      if (!j.is_object()) return "expected an object (record " + n.fullName + ")";
      for (const Field& f : n.fields) {
        auto it = j.find(f.name);
        if (it == j.end()) {
          if (!f.defaultValue) return "field '" + f.name + "' is missing and has no default";
          continue;
        }
        if (auto why = checkDefault(f.type, *it); !why.empty()) return "field '" + f.name + "': " + why;
      }
      return "";
    }
  }
  return "unknown type";
}

namespace {

void writeCanonical(const Schema& schema, int index, std::set<int>& defined, std::string& out) {
  const Node& n = schema.node(index);
  if (isPrimitive(n.type)) {
    out += jsonQuoted(toString(n.type));
    return;
  }
  if (isNamed(n.type)) {
    if (!defined.insert(index).second) {
      out += jsonQuoted(n.fullName);
      return;
    }
    out += "{\"name\":" + jsonQuoted(n.fullName) + ",\"type\":" + jsonQuoted(toString(n.type));
    if (n.type == Type::Record) {
      out += ",\"fields\":[";
      for (std::size_t i = 0; i < n.fields.size(); ++i) {
        if (i) out += ',';
        out += "{\"name\":" + jsonQuoted(n.fields[i].name) + ",\"type\":";
        writeCanonical(schema, n.fields[i].type, defined, out);
        out += '}';
      }
      out += ']';
    } else if (n.type == Type::Enum) {
      out += ",\"symbols\":[";
      for (std::size_t i = 0; i < n.symbols.size(); ++i) out += (i ? "," : "") + jsonQuoted(n.symbols[i]);
      out += ']';
    } else {
      out += ",\"size\":" + std::to_string(n.size);
    }
    out += '}';
    return;
  }
  if (n.type == Type::Union) {
    out += '[';
    for (std::size_t i = 0; i < n.branches.size(); ++i) {
      if (i) out += ',';
      writeCanonical(schema, n.branches[i], defined, out);
    }
    out += ']';
    return;
  }
  out += n.type == Type::Array ? "{\"type\":\"array\",\"items\":" : "{\"type\":\"map\",\"values\":";
  writeCanonical(schema, n.items, defined, out);
  out += '}';
}

void writeAliases(const std::vector<std::string>& aliases, std::string& out) {
  if (aliases.empty()) return;
  out += ",\"aliases\":[";
  for (std::size_t i = 0; i < aliases.size(); ++i) out += (i ? "," : "") + jsonQuoted(aliases[i]);
  out += ']';
}

void writeLogicalAndExtra(const Node& n, std::string& out) {
  if (n.logical != LogicalType::None) {
    out += ",\"logicalType\":" + jsonQuoted(toString(n.logical));
    if (n.logical == LogicalType::Decimal)
      out += ",\"precision\":" + std::to_string(n.precision) + ",\"scale\":" + std::to_string(n.scale);
  }
  for (auto it = n.extra.begin(); it != n.extra.end(); ++it)  // nlohmann objects iterate in key order
    out += "," + jsonQuoted(it.key()) + ":" + it.value().dump();
}

void writeNormalized(const Schema& schema, int index, std::set<int>& defined, std::string& out) {
  const Node& n = schema.node(index);
  if (isPrimitive(n.type)) {
    if (n.logical == LogicalType::None && n.extra.empty()) {
      out += jsonQuoted(toString(n.type));
      return;
    }
    out += "{\"type\":" + jsonQuoted(toString(n.type));
    writeLogicalAndExtra(n, out);
    out += '}';
    return;
  }
  if (isNamed(n.type)) {
    if (!defined.insert(index).second) {
      out += jsonQuoted(n.fullName);
      return;
    }
    out += "{\"name\":" + jsonQuoted(n.fullName) + ",\"type\":" + jsonQuoted(toString(n.type));
    if (!n.doc.empty()) out += ",\"doc\":" + jsonQuoted(n.doc);
    writeAliases(n.aliases, out);
    if (n.type == Type::Record) {
      out += ",\"fields\":[";
      for (std::size_t i = 0; i < n.fields.size(); ++i) {
        const Field& f = n.fields[i];
        if (i) out += ',';
        out += "{\"name\":" + jsonQuoted(f.name) + ",\"type\":";
        writeNormalized(schema, f.type, defined, out);
        if (!f.doc.empty()) out += ",\"doc\":" + jsonQuoted(f.doc);
        if (f.defaultValue) out += ",\"default\":" + f.defaultValue->dump();
        writeAliases(f.aliases, out);
        if (f.order == SortOrder::Descending) out += ",\"order\":\"descending\"";
        if (f.order == SortOrder::Ignore) out += ",\"order\":\"ignore\"";
        out += '}';
      }
      out += ']';
    } else if (n.type == Type::Enum) {
      out += ",\"symbols\":[";
      for (std::size_t i = 0; i < n.symbols.size(); ++i) out += (i ? "," : "") + jsonQuoted(n.symbols[i]);
      out += ']';
      if (n.enumDefault) out += ",\"default\":" + jsonQuoted(*n.enumDefault);
    } else {
      out += ",\"size\":" + std::to_string(n.size);
    }
    writeLogicalAndExtra(n, out);
    out += '}';
    return;
  }
  if (n.type == Type::Union) {
    out += '[';
    for (std::size_t i = 0; i < n.branches.size(); ++i) {
      if (i) out += ',';
      writeNormalized(schema, n.branches[i], defined, out);
    }
    out += ']';
    return;
  }
  out += n.type == Type::Array ? "{\"type\":\"array\",\"items\":" : "{\"type\":\"map\",\"values\":";
  writeNormalized(schema, n.items, defined, out);
  writeLogicalAndExtra(n, out);
  out += '}';
}

}  // namespace

std::string Schema::canonicalForm() const {
  std::string out;
  std::set<int> defined;
  writeCanonical(*this, m_root, defined, out);
  return out;
}

std::string Schema::normalizedForm() const {
  std::string out;
  std::set<int> defined;
  writeNormalized(*this, m_root, defined, out);
  return out;
}

std::uint64_t crc64Avro(std::string_view bytes) {
  constexpr std::uint64_t kEmpty = 0xc15d213aa4d7a795ULL;
  static const std::array<std::uint64_t, 256> table = [] {
    std::array<std::uint64_t, 256> t{};
    for (std::uint64_t i = 0; i < 256; ++i) {
      std::uint64_t fp = i;
      for (int j = 0; j < 8; ++j) fp = (fp >> 1) ^ (kEmpty & (0 - (fp & 1)));
      t[i] = fp;
    }
    return t;
  }();
  std::uint64_t fp = kEmpty;
  for (unsigned char b : bytes) fp = (fp >> 8) ^ table[(fp ^ b) & 0xff];
  return fp;
}

std::uint64_t Schema::fingerprint64() const {
  return crc64Avro(canonicalForm());
}

}  // namespace tributary::avro
