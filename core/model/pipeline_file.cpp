#include "core/model/pipeline_file.h"

#include "core/base/files.h"

#include <cmath>
#include <set>

namespace tributary::model {
namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

Error invalid(std::string message, std::string where) {
  return makeError(ErrorCode::Invalid, std::move(message), std::move(where));
}

std::string describeType(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::string: return "a string";
    case Json::value_t::array: return "an array";
    case Json::value_t::object: return "an object";
    case Json::value_t::binary: return "binary data";
    case Json::value_t::discarded: return "nothing";
    default: return "a number";
  }
}

std::pair<std::size_t, std::size_t> lineAndColumn(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

// Rejects what would make the parser or the writer work too hard before parsing:
// NUL bytes (a binary file) and nesting deeper than kMaxNestingDepth.
Status precheck(std::string_view text) {
  if (auto nul = text.find('\0'); nul != std::string_view::npos) {
    auto [line, column] = lineAndColumn(text, nul);
    return invalid("this is not a text file (NUL byte at offset " + std::to_string(nul) +
                       "); a pipeline file is JSON text",
                   "line " + std::to_string(line) + ", column " + std::to_string(column));
  }
  int depth = 0;
  bool inString = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (inString) {
      if (c == '\\') ++i;
      else if (c == '"') inString = false;
      continue;
    }
    if (c == '"') {
      inString = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxNestingDepth) {
        auto [line, column] = lineAndColumn(text, i);
        return invalid("nested more than " + std::to_string(kMaxNestingDepth) + " levels deep",
                       "line " + std::to_string(line) + ", column " + std::to_string(column));
      }
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return {};
}

// Reads one object, refusing keys it does not know, so a typo ("nodse") is an
// error instead of a silently empty pipeline.
class ObjectReader {
 public:
  ObjectReader(const Json& object, std::string path) : m_object(object), m_path(std::move(path)) {}

  const Json* get(const std::string& key) {
    m_known.insert(key);
    auto it = m_object.find(key);
    return it == m_object.end() ? nullptr : &*it;
  }

  Result<std::string> string(const std::string& key, bool required) {
    const Json* value = get(key);
    if (!value) {
      if (required) return invalid("missing \"" + key + "\"", m_path);
      return std::string();
    }
    if (!value->is_string())
      return invalid("must be a string, not " + describeType(*value), m_path + "." + key);
    return value->get<std::string>();
  }

  Status finish() const {
    for (auto it = m_object.begin(); it != m_object.end(); ++it) {
      if (m_known.count(it.key())) continue;
      std::string expected;
      for (const std::string& k : m_known) expected += (expected.empty() ? "" : ", ") + k;
      return invalid("unknown key \"" + it.key() + "\" (expected: " + expected + ")", m_path);
    }
    return {};
  }

 private:
  const Json& m_object;
  std::string m_path;
  std::set<std::string> m_known;
};

Result<Position> readPosition(const Json& value, const std::string& path) {
  if (!value.is_object()) return invalid("must be an object like {\"x\": 10, \"y\": 20}", path);
  ObjectReader reader(value, path);
  Position position;
  for (auto [key, target] : {std::pair{"x", &position.x}, std::pair{"y", &position.y}}) {
    const Json* number = reader.get(key);
    if (!number) return invalid(std::string("missing \"") + key + "\"", path);
    if (!number->is_number() || !std::isfinite(number->get<double>()))
      return invalid("must be a number", path + "." + key);
    *target = number->get<double>();
  }
  if (auto status = reader.finish(); !status) return status.error();
  return position;
}

Result<Node> readNode(const Json& value, const std::string& path) {
  if (!value.is_object()) return invalid("a node must be an object, not " + describeType(value), path);
  ObjectReader reader(value, path);
  Node node;
  auto id = reader.string("id", true);
  if (!id) return id.error();
  node.id = *id;
  auto type = reader.string("type", true);
  if (!type) return type.error();
  node.type = *type;
  auto label = reader.string("label", false);
  if (!label) return label.error();
  node.label = *label;
  if (const Json* config = reader.get("config")) {
    if (!config->is_object()) return invalid("must be an object, not " + describeType(*config), path + ".config");
    node.config = *config;
  }
  if (const Json* ui = reader.get("ui")) {
    auto position = readPosition(*ui, path + ".ui");
    if (!position) return position.error();
    node.position = *position;
  }
  if (auto status = reader.finish(); !status) return status.error();
  return node;
}

Result<Edge> readEdge(const Json& value, const std::string& path) {
  if (!value.is_object()) return invalid("an edge must be an object, not " + describeType(value), path);
  ObjectReader reader(value, path);
  Edge edge;
  for (auto [key, target, required] : {std::tuple{"from", &edge.from, true}, std::tuple{"fromPort", &edge.fromPort, false},
                                       std::tuple{"to", &edge.to, true}, std::tuple{"toPort", &edge.toPort, false}}) {
    auto text = reader.string(key, required);
    if (!text) return text.error();
    *target = *text;
  }
  if (auto status = reader.finish(); !status) return status.error();
  return edge;
}

Result<ClusterRef> readCluster(const Json& value, const std::string& path) {
  if (!value.is_object()) return invalid("must be an object like {\"bootstrap\": \"embedded\"}", path);
  ObjectReader reader(value, path);
  ClusterRef cluster;
  auto bootstrap = reader.string("bootstrap", true);
  if (!bootstrap) return bootstrap.error();
  cluster.bootstrap = *bootstrap;
  if (const Json* properties = reader.get("properties")) {
    if (!properties->is_object()) return invalid("must be an object of strings", path + ".properties");
    for (auto it = properties->begin(); it != properties->end(); ++it) {
      if (!it->is_string())
        return invalid("must be a string (librdkafka properties are strings)", path + ".properties." + it.key());
      cluster.properties[it.key()] = it->get<std::string>();
    }
  }
  if (const Json* registry = reader.get("schema_registry")) {
    const std::string at = path + ".schema_registry";
    if (registry->is_string()) {
      cluster.schemaRegistry = registry->get<std::string>();
    } else if (registry->is_object()) {
      ObjectReader fields(*registry, at);
      auto url = fields.string("url", true);
      if (!url) return url.error();
      auto user = fields.string("user", false);
      if (!user) return user.error();
      auto password = fields.string("password", false);
      if (!password) return password.error();
      if (auto status = fields.finish(); !status) return status.error();
      cluster.schemaRegistry = *url;
      cluster.schemaRegistryUser = *user;
      cluster.schemaRegistryPassword = *password;
    } else {
      return invalid("must be a URL, \"embedded\" or an object like {\"url\": ..., \"user\": ..., \"password\": ...}",
                     at);
    }
    if (cluster.schemaRegistry.empty()) return invalid("must not be empty (leave it out instead)", at);
  }
  if (auto status = reader.finish(); !status) return status.error();
  return cluster;
}

// Whole numbers are written without a fraction so positions stay readable.
OrderedJson number(double value) {
  if (std::nearbyint(value) == value && std::fabs(value) < 1e15) return static_cast<long long>(value);
  return value;
}

}  // namespace

Result<Pipeline> parsePipeline(std::string_view text) {
  if (text.size() > kMaxPipelineFileBytes)
    return invalid("the text is " + std::to_string(text.size() / (1024 * 1024)) +
                       " MiB; pipeline files are limited to " + std::to_string(kMaxPipelineFileBytes / (1024 * 1024)) +
                       " MiB",
                   "");
  if (auto status = precheck(text); !status) return status.error();

  Json root;
  try {
    root = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    // e.what() is "[json.exception.parse_error.101] parse error at line L, column C: reason".
    std::string message = e.what();
    if (auto bracket = message.find("] "); bracket != std::string::npos) message.erase(0, bracket + 2);
    if (message.rfind("parse error at ", 0) == 0) message.erase(0, 15);
    std::string where;
    if (auto colon = message.find(": "); colon != std::string::npos && message.rfind("line ", 0) == 0) {
      where = message.substr(0, colon);
      message.erase(0, colon + 2);
    }
    return invalid("not valid JSON: " + message, where);
  } catch (const Json::exception& e) {
    // Numbers beyond the range of a double end up here (out_of_range.406).
    std::string message = e.what();
    if (auto bracket = message.find("] "); bracket != std::string::npos) message.erase(0, bracket + 2);
    if (message.size() > 120) message = message.substr(0, 120) + "…";
    return invalid("not valid JSON: " + message, "");
  }

  if (!root.is_object()) return invalid("a pipeline file must hold a JSON object, not " + describeType(root), "$");
  ObjectReader reader(root, "$");
  const Json* version = reader.get("tributary");
  if (!version)
    return invalid("missing \"tributary\": 1 — this does not look like a Tributary pipeline file", "$");
  if (!version->is_number_integer())
    return invalid("\"tributary\" must be the format version number, e.g. 1", "$.tributary");
  if (version->get<long long>() != kFormatVersion) {
    return makeError(ErrorCode::Unsupported,
                     "format version " + version->dump() + " is not supported; this build of Tributary reads version " +
                         std::to_string(kFormatVersion) +
                         (version->get<long long>() > kFormatVersion ? " (the file was written by a newer Tributary)"
                                                                     : ""),
                     "$.tributary");
  }

  Pipeline pipeline;
  auto name = reader.string("name", true);
  if (!name) return name.error();
  pipeline.name = *name;
  auto description = reader.string("description", false);
  if (!description) return description.error();
  pipeline.description = *description;
  if (const Json* cluster = reader.get("cluster")) {
    auto parsed = readCluster(*cluster, "$.cluster");
    if (!parsed) return parsed.error();
    pipeline.cluster = *parsed;
  }
  for (auto [key, isNodes] : {std::pair{"nodes", true}, std::pair{"edges", false}}) {
    const Json* list = reader.get(key);
    if (!list) continue;
    std::string path = std::string("$.") + key;
    if (!list->is_array()) return invalid("must be an array, not " + describeType(*list), path);
    for (std::size_t i = 0; i < list->size(); ++i) {
      std::string itemPath = path + "[" + std::to_string(i) + "]";
      if (isNodes) {
        auto node = readNode((*list)[i], itemPath);
        if (!node) return node.error();
        pipeline.nodes.push_back(std::move(*node));
      } else {
        auto edge = readEdge((*list)[i], itemPath);
        if (!edge) return edge.error();
        pipeline.edges.push_back(std::move(*edge));
      }
    }
  }
  if (const Json* dashboard = reader.get("dashboard")) {
    if (!dashboard->is_object()) return invalid("must be an object, not " + describeType(*dashboard), "$.dashboard");
    pipeline.dashboard = *dashboard;
  }
  if (auto status = reader.finish(); !status) return status.error();
  return pipeline;
}

Result<Pipeline> loadPipeline(const std::filesystem::path& path) {
  auto text = base::readFile(path, kMaxPipelineFileBytes);
  if (!text) {
    Error error = text.error();
    if (error.code == ErrorCode::Invalid)  // too large
      error.message = "the file is larger than " + std::to_string(kMaxPipelineFileBytes / (1024 * 1024)) +
                      " MiB, the limit for pipeline files";
    return error;
  }
  auto result = parsePipeline(*text);
  if (!result) {
    Error error = result.error();
    error.where = path.string() + (error.where.empty() ? "" : ": " + error.where);
    return error;
  }
  return result;
}

std::string serializePipeline(const Pipeline& pipeline) {
  OrderedJson root;
  root["tributary"] = kFormatVersion;
  root["name"] = pipeline.name;
  if (!pipeline.description.empty()) root["description"] = pipeline.description;
  OrderedJson cluster;
  cluster["bootstrap"] = pipeline.cluster.bootstrap;
  if (!pipeline.cluster.properties.empty()) cluster["properties"] = pipeline.cluster.properties;
  if (!pipeline.cluster.schemaRegistry.empty()) {
    if (pipeline.cluster.schemaRegistryUser.empty() && pipeline.cluster.schemaRegistryPassword.empty()) {
      cluster["schema_registry"] = pipeline.cluster.schemaRegistry;
    } else {
      OrderedJson registry;
      registry["url"] = pipeline.cluster.schemaRegistry;
      if (!pipeline.cluster.schemaRegistryUser.empty()) registry["user"] = pipeline.cluster.schemaRegistryUser;
      if (!pipeline.cluster.schemaRegistryPassword.empty())
        registry["password"] = pipeline.cluster.schemaRegistryPassword;
      cluster["schema_registry"] = std::move(registry);
    }
  }
  root["cluster"] = std::move(cluster);
  OrderedJson nodes = OrderedJson::array();
  for (const Node& node : pipeline.nodes) {
    OrderedJson item;
    item["id"] = node.id;
    item["type"] = node.type;
    if (!node.label.empty()) item["label"] = node.label;
    // nlohmann::json keeps object keys sorted, so config comes out in a stable order.
    item["config"] = OrderedJson::parse(node.config.is_object() ? node.config.dump() : "{}");
    if (node.position) item["ui"] = OrderedJson{{"x", number(node.position->x)}, {"y", number(node.position->y)}};
    nodes.push_back(std::move(item));
  }
  root["nodes"] = std::move(nodes);
  OrderedJson edges = OrderedJson::array();
  for (const Edge& edge : pipeline.edges) {
    OrderedJson item;
    item["from"] = edge.from;
    if (!edge.fromPort.empty()) item["fromPort"] = edge.fromPort;
    item["to"] = edge.to;
    if (!edge.toPort.empty()) item["toPort"] = edge.toPort;
    edges.push_back(std::move(item));
  }
  root["edges"] = std::move(edges);
  if (pipeline.dashboard.is_object()) root["dashboard"] = OrderedJson::parse(pipeline.dashboard.dump());
  return root.dump(2, ' ', false, OrderedJson::error_handler_t::replace) + "\n";
}

Status savePipeline(const Pipeline& pipeline, const std::filesystem::path& path) {
  return base::writeFileAtomically(path, serializePipeline(pipeline));
}

}  // namespace tributary::model
