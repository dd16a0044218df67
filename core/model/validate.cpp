#include "core/model/validate.h"
#include "core/base/units.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace tributary::model {
namespace {

using Json = nlohmann::json;

std::string jsonTypeName(const Json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number_integer() || v.is_number_unsigned()) return "an integer";
  if (v.is_number()) return "a number";
  if (v.is_string()) return "a string";
  if (v.is_array()) return "an array";
  return "an object";
}

std::string formatNumber(double v) {
  if (std::nearbyint(v) == v && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  std::string s = std::to_string(v);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

class Validator {
 public:
  Validator(const Pipeline& pipeline, const SpecRegistry& registry, const ValidationOptions& options)
      : m_pipeline(pipeline), m_registry(registry), m_options(options) {}

  std::vector<Diagnostic> run() {
    if (m_pipeline.name.empty()) add(Severity::Error, "", "$.name", "", "the pipeline needs a name");
    checkCluster();
    checkNodes();
    checkEdges();
    checkConnections();
    checkCycles();
    return std::move(m_out);
  }

 private:
  void add(Severity severity, std::string nodeId, std::string path, std::string field, std::string message) {
    m_out.push_back({severity, std::move(nodeId), std::move(path), std::move(field), std::move(message)});
  }

  std::string nodePath(std::size_t i) const { return "$.nodes[" + std::to_string(i) + "]"; }

  void checkSecrets(const std::string& text, const std::string& nodeId, const std::string& path,
                    const std::string& field) {
    if (text.find('$') == std::string::npos) return;
    auto refs = findSecretRefs(text);
    if (!refs) {
      add(Severity::Error, nodeId, path, field, refs.error().message);
      return;
    }
    if (!m_options.secrets || m_leftOut) return;  // a node left out needs no values
    auto resolved = resolveSecretsIn(text, *m_options.secrets);
    if (!resolved) add(Severity::Error, nodeId, path, field, resolved.error().message);
  }

  void checkCluster() {
    if (m_pipeline.cluster.bootstrap.empty())
      add(Severity::Error, "", "$.cluster.bootstrap", "",
          "name the Kafka bootstrap servers (host:port,...) or \"embedded\" for the built-in broker");
    for (const auto& [key, value] : m_pipeline.cluster.properties)
      checkSecrets(value, "", "$.cluster.properties." + key, "");
    checkSecrets(m_pipeline.cluster.schemaRegistryUser, "", "$.cluster.schema_registry.user", "");
    checkSecrets(m_pipeline.cluster.schemaRegistryPassword, "", "$.cluster.schema_registry.password", "");
  }

  void checkNodes() {
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < m_pipeline.nodes.size(); ++i) {
      const Node& node = m_pipeline.nodes[i];
      std::string path = nodePath(i);
      if (node.id.empty()) {
        add(Severity::Error, "", path + ".id", "", "every node needs an id");
      } else if (!isValidNodeId(node.id)) {
        add(Severity::Error, node.id, path + ".id", "",
            "id \"" + node.id + "\" may only contain letters, digits, '_', '-' and '.'");
      }
      if (!node.id.empty()) {
        auto [it, inserted] = seen.emplace(node.id, i);
        if (!inserted)
          add(Severity::Error, node.id, path + ".id", "",
              "duplicate id \"" + node.id + "\" (also used by node " + std::to_string(it->second) + ")");
      }
      const NodeSpec* spec = m_registry.find(node.type);
      if (!spec) {
        std::string message = node.type.empty() ? "the node has no type" : "unknown node type \"" + node.type + "\"";
        auto hints = m_registry.suggestions(node.type);
        if (!hints.empty()) {
          message += " (did you mean ";
          for (std::size_t h = 0; h < hints.size(); ++h) message += (h ? " or \"" : "\"") + hints[h] + "\"";
          message += "?)";
        }
        add(Severity::Error, node.id, path + ".type", "", message);
        continue;
      }
      checkEnabledIfEnv(node, path + ".config");
      checkConfig(node, *spec, path + ".config");
      m_leftOut = false;
    }
  }

  // "enabled_if_env": "NAME" names the variable that switches an optional node on.
  void checkEnabledIfEnv(const Node& node, const std::string& path) {
    auto it = node.config.find(kEnabledIfEnv);
    if (it == node.config.end()) return;
    const std::string fieldPath = path + "." + kEnabledIfEnv;
    if (!it->is_string() || it->get<std::string>().empty() ||
        it->get<std::string>().find_first_of("${}= ") != std::string::npos) {
      add(Severity::Error, node.id, fieldPath, kEnabledIfEnv,
          "must name an environment variable, e.g. \"SEED002_ES_URL\" (not a ${env:...} reference)");
      return;
    }
    // Without a secret source (the designer, while editing) the process
    // environment still tells whether the node will run: say so early.
    static const SecretSource system = SecretSource::system();
    if (auto reason = disabledByEnv(node, m_options.secrets ? *m_options.secrets : system)) {
      m_leftOut = true;
      add(Severity::Warning, node.id, fieldPath, kEnabledIfEnv,
          "left out when run: " + *reason + "; set it to run this node");
    }
  }

  void checkConfig(const Node& node, const NodeSpec& spec, const std::string& path) {
    for (const FieldSpec& field : spec.fields) {
      std::string fieldPath = path + "." + field.name;
      auto it = node.config.find(field.name);
      if (it == node.config.end() || it->is_null()) {
        if (field.required && field.defaultValue.is_null())
          add(Severity::Error, node.id, fieldPath, field.name, "\"" + field.name + "\" is required");
        continue;
      }
      checkValue(node, field, *it, fieldPath);
    }
    if (spec.check)
      for (const ConfigProblem& problem : spec.check(node.config))
        add(Severity::Error, node.id, path + "." + problem.field, problem.field, problem.message);
    for (auto it = node.config.begin(); it != node.config.end(); ++it) {
      if (spec.findField(it.key()) || it.key() == kEnabledIfEnv) continue;
      std::string message = "unknown field \"" + it.key() + "\" for " + spec.type + "; it is ignored";
      // A near miss is most likely a typo of a real field.
      std::vector<std::string> names;
      for (const FieldSpec& field : spec.fields) names.push_back(field.name);
      if (auto hints = closestNames(it.key(), names); !hints.empty())
        message = "unknown field \"" + it.key() + "\" (did you mean \"" + hints.front() + "\"?)";
      add(Severity::Warning, node.id, path + "." + it.key(), it.key(), message);
    }
  }

  void checkRange(const Node& node, const FieldSpec& field, double value, const std::string& path,
                  const std::string& unit) {
    if (field.min && value < *field.min)
      add(Severity::Error, node.id, path, field.name,
          "\"" + field.name + "\" must be at least " + formatNumber(*field.min) + unit);
    if (field.max && value > *field.max)
      add(Severity::Error, node.id, path, field.name,
          "\"" + field.name + "\" must be at most " + formatNumber(*field.max) + unit);
  }

  bool checkScalar(const Node& node, const FieldSpec& field, FieldType type, const Json& value,
                   const std::string& path) {
    auto wrongType = [&](const std::string& expected) {
      add(Severity::Error, node.id, path, field.name,
          "\"" + field.name + "\" must be " + expected + ", not " + jsonTypeName(value));
      return false;
    };
    switch (type) {
      case FieldType::String:
      case FieldType::Secret:
      case FieldType::Sql:
      case FieldType::Expression:
      case FieldType::Projection:
        if (!value.is_string()) return wrongType("a string");
        checkSecrets(value.get<std::string>(), node.id, path, field.name);
        if (type == FieldType::Expression && m_options.checkExpression) {
          if (auto problem = m_options.checkExpression(value.get<std::string>()))
            add(Severity::Error, node.id, path, field.name, *problem);
        }
        if (type == FieldType::Projection && m_options.checkProjection) {
          if (auto problem = m_options.checkProjection(value.get<std::string>()))
            add(Severity::Error, node.id, path, field.name, *problem);
        }
        if (type == FieldType::Secret && !value.get<std::string>().empty() &&
            value.get<std::string>().find("${") == std::string::npos)
          add(Severity::Warning, node.id, path, field.name,
              "\"" + field.name +
                  "\" is stored in the pipeline file as plain text; use ${env:NAME} or ${file:PATH} instead");
        if (field.required && value.get<std::string>().empty())
          add(Severity::Error, node.id, path, field.name, "\"" + field.name + "\" must not be empty");
        return true;
      case FieldType::Int:
        if (!value.is_number_integer() && !value.is_number_unsigned()) return wrongType("an integer");
        checkRange(node, field, value.get<double>(), path, "");
        return true;
      case FieldType::Double:
        if (!value.is_number()) return wrongType("a number");
        checkRange(node, field, value.get<double>(), path, "");
        return true;
      case FieldType::Bool:
        if (!value.is_boolean()) return wrongType("true or false");
        return true;
      case FieldType::Enum: {
        if (!value.is_string()) return wrongType("a string");
        const auto& text = value.get_ref<const std::string&>();
        if (std::find(field.allowed.begin(), field.allowed.end(), text) == field.allowed.end()) {
          std::string list;
          for (const auto& a : field.allowed) list += (list.empty() ? "" : ", ") + a;
          add(Severity::Error, node.id, path, field.name,
              "\"" + field.name + "\" must be one of " + list + ", not \"" + text + "\"");
        }
        return true;
      }
      case FieldType::Duration: {
        auto ms = base::parseDurationMs(value);
        if (!ms) {
          add(Severity::Error, node.id, path, field.name,
              "\"" + field.name + "\" must be a duration such as \"500ms\", \"10s\", \"5m\" or \"1h\"");
          return false;
        }
        checkRange(node, field, static_cast<double>(*ms), path, " ms");
        return true;
      }
      case FieldType::Size: {
        auto bytes = base::parseSizeBytes(value);
        if (!bytes) {
          add(Severity::Error, node.id, path, field.name,
              "\"" + field.name + "\" must be a size such as \"512KiB\", \"10MB\" or a number of bytes");
          return false;
        }
        checkRange(node, field, static_cast<double>(*bytes), path, " bytes");
        return true;
      }
      case FieldType::List:
      case FieldType::Map:
        return true;  // handled by checkValue
    }
    return true;
  }

  void checkValue(const Node& node, const FieldSpec& field, const Json& value, const std::string& path) {
    if (field.type == FieldType::List) {
      if (!value.is_array()) {
        add(Severity::Error, node.id, path, field.name,
            "\"" + field.name + "\" must be a list, not " + jsonTypeName(value));
        return;
      }
      for (std::size_t i = 0; i < value.size(); ++i)
        checkScalar(node, field, field.itemType, value[i], path + "[" + std::to_string(i) + "]");
      if (field.required && value.empty())
        add(Severity::Error, node.id, path, field.name, "\"" + field.name + "\" needs at least one entry");
      return;
    }
    if (field.type == FieldType::Map) {
      if (!value.is_object()) {
        add(Severity::Error, node.id, path, field.name,
            "\"" + field.name + "\" must be an object of names to values, not " + jsonTypeName(value));
        return;
      }
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (!it->is_string() && !it->is_number() && !it->is_boolean())
          add(Severity::Error, node.id, path + "." + it.key(), field.name,
              "entry \"" + it.key() + "\" of \"" + field.name + "\" must be a string, number or boolean");
        else if (it->is_string())
          checkSecrets(it->get<std::string>(), node.id, path + "." + it.key(), field.name);
      }
      return;
    }
    checkScalar(node, field, field.type, value, path);
  }

  // Resolves which port of `spec` an edge end names; reports misuse.
  const PortSpec* resolvePort(const NodeSpec& spec, const Node& node, const std::vector<PortSpec>& ports,
                              const std::string& portName, bool output, const std::string& path) {
    const char* side = output ? "output" : "input";
    if (ports.empty()) {
      std::string what = output ? "comes out of " + std::string(toString(spec.category)) + " \"" + node.id +
                                      "\", which has no output (a " + std::string(toString(spec.category)) +
                                      " ends a pipeline)"
                                : "goes into " + std::string(toString(spec.category)) + " \"" + node.id +
                                      "\", which has no input (a source starts a pipeline)";
      add(Severity::Error, node.id, path, "", "this edge " + what);
      return nullptr;
    }
    if (portName.empty()) {
      if (ports.size() == 1) return &ports.front();
      std::string names;
      for (const auto& p : ports) names += (names.empty() ? "" : ", ") + p.name;
      add(Severity::Error, node.id, path, "",
          "\"" + node.id + "\" has several " + side + "s (" + names + "); name one with \"" +
              (output ? "fromPort" : "toPort") + "\"");
      return nullptr;
    }
    for (const PortSpec& p : ports)
      if (p.name == portName) return &p;
    std::string names;
    for (const auto& p : ports) names += (names.empty() ? "" : ", ") + p.name;
    add(Severity::Error, node.id, path, "",
        "\"" + node.id + "\" has no " + side + " named \"" + portName + "\" (it has: " + names + ")");
    return nullptr;
  }

  void checkEdges() {
    std::set<std::tuple<std::string, std::string, std::string, std::string>> seen;
    for (std::size_t i = 0; i < m_pipeline.edges.size(); ++i) {
      const Edge& edge = m_pipeline.edges[i];
      std::string path = "$.edges[" + std::to_string(i) + "]";
      const Node* from = m_pipeline.findNode(edge.from);
      const Node* to = m_pipeline.findNode(edge.to);
      if (!from)
        add(Severity::Error, "", path + ".from", "",
            "this edge starts at \"" + edge.from + "\", but there is no node with that id");
      if (!to)
        add(Severity::Error, "", path + ".to", "", "this edge ends at \"" + edge.to + "\", but there is no node with that id");
      if (!from || !to) continue;
      if (edge.from == edge.to) {
        add(Severity::Error, edge.from, path, "", "\"" + edge.from + "\" is connected to itself");
        continue;
      }
      if (!seen.insert({edge.from, edge.fromPort, edge.to, edge.toPort}).second) {
        add(Severity::Warning, edge.to, path, "",
            "duplicate edge from \"" + edge.from + "\" to \"" + edge.to + "\"; records would be delivered twice");
        continue;
      }
      const NodeSpec* fromSpec = m_registry.find(from->type);
      const NodeSpec* toSpec = m_registry.find(to->type);
      if (!fromSpec || !toSpec) continue;  // already reported as unknown type
      const PortSpec* out = resolvePort(*fromSpec, *from, fromSpec->outputs, edge.fromPort, true, path + ".from");
      const PortSpec* in = resolvePort(*toSpec, *to, toSpec->inputs, edge.toPort, false, path + ".to");
      if (!out || !in) continue;
      m_connectedOut.insert({from->id, out->name});
      m_connectedIn.insert({to->id, in->name});
      if (!in->acceptsKind(out->kind)) {
        add(Severity::Error, to->id, path, "",
            "\"" + from->id + "\" emits " + std::string(toString(out->kind)) + ", but " + toSpec->type +
                " input \"" + in->name + "\" of \"" + to->id + "\" does not take them" +
                (in->acceptsKind(PortKind::Changes) ? " (it takes change events)" : ""));
      }
    }
  }

  void checkConnections() {
    for (std::size_t i = 0; i < m_pipeline.nodes.size(); ++i) {
      const Node& node = m_pipeline.nodes[i];
      const NodeSpec* spec = m_registry.find(node.type);
      if (!spec) continue;
      bool anyIn = false, anyOut = false;
      for (const PortSpec& p : spec->inputs) {
        bool connected = m_connectedIn.count({node.id, p.name}) > 0;
        anyIn |= connected;
        if (!connected && p.required)
          add(Severity::Error, node.id, nodePath(i), "",
              "input \"" + p.name + "\" of \"" + node.id + "\" is not connected");
      }
      for (const PortSpec& p : spec->outputs) {
        bool connected = m_connectedOut.count({node.id, p.name}) > 0;
        anyOut |= connected;
        if (!connected && p.required)
          add(Severity::Warning, node.id, nodePath(i), "",
              "output \"" + p.name + "\" of \"" + node.id + "\" goes nowhere; its records are dropped");
      }
      if (!anyIn && !anyOut && (!spec->inputs.empty() || !spec->outputs.empty()) && m_pipeline.nodes.size() > 1 &&
          std::none_of(spec->inputs.begin(), spec->inputs.end(), [](const PortSpec& p) { return p.required; }))
        add(Severity::Warning, node.id, nodePath(i), "", "\"" + node.id + "\" is not connected to anything");
    }
  }

  void checkCycles() {
    // Kahn's algorithm: whatever cannot be ordered lies on or behind a cycle.
    std::map<std::string, std::vector<std::string>> next;
    std::map<std::string, int> indegree;
    for (const Node& node : m_pipeline.nodes) indegree.emplace(node.id, 0);
    for (const Edge& edge : m_pipeline.edges) {
      if (!indegree.count(edge.from) || !indegree.count(edge.to) || edge.from == edge.to) continue;
      next[edge.from].push_back(edge.to);
      ++indegree[edge.to];
    }
    std::vector<std::string> ready;
    for (const auto& [id, degree] : indegree)
      if (degree == 0) ready.push_back(id);
    while (!ready.empty()) {
      std::string id = ready.back();
      ready.pop_back();
      indegree.erase(id);
      for (const std::string& to : next[id])
        if (auto it = indegree.find(to); it != indegree.end() && --it->second == 0) ready.push_back(to);
    }
    if (indegree.empty()) return;
    // Walk from a remaining node along remaining edges until a node repeats: that is a cycle.
    std::vector<std::string> walk{indegree.begin()->first};
    std::map<std::string, std::size_t> at{{walk.back(), 0}};
    while (true) {
      const std::string& current = walk.back();
      std::string step;
      for (const std::string& to : next[current])
        if (indegree.count(to)) {
          step = to;
          break;
        }
      if (step.empty()) return;  // cannot happen: every remaining node has a remaining predecessor
      if (auto it = at.find(step); it != at.end()) {
        std::string text;
        for (std::size_t k = it->second; k < walk.size(); ++k) text += walk[k] + " → ";
        text += step;
        const Node* node = m_pipeline.findNode(step);
        std::size_t index = static_cast<std::size_t>(node - m_pipeline.nodes.data());
        add(Severity::Error, step, nodePath(index), "",
            "the pipeline has a cycle: " + text + "; records must flow one way (use a topic to loop back)");
        return;
      }
      at[step] = walk.size();
      walk.push_back(step);
    }
  }

  const Pipeline& m_pipeline;
  const SpecRegistry& m_registry;
  const ValidationOptions& m_options;
  bool m_leftOut = false;  // the node being checked is disabledByEnv
  std::vector<Diagnostic> m_out;
  std::set<std::pair<std::string, std::string>> m_connectedIn, m_connectedOut;
};

}  // namespace

std::string_view toString(Severity severity) { return severity == Severity::Error ? "error" : "warning"; }

std::vector<Diagnostic> validate(const Pipeline& pipeline, const SpecRegistry& registry,
                                 const ValidationOptions& options) {
  std::vector<Diagnostic> out = Validator(pipeline, registry, options).run();
  // Checks across nodes beyond the specs (a join's co-partitioning) need a
  // pipeline whose nodes and edges are sound.
  if (options.checkPipeline && !hasErrors(out))
    for (Diagnostic& d : options.checkPipeline(pipeline)) out.push_back(std::move(d));
  return out;
}

bool hasErrors(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

std::string format(const Diagnostic& d) {
  std::string text = std::string(toString(d.severity)) + ": " + d.path;
  if (!d.nodeId.empty()) text += " (node " + d.nodeId + ")";
  return text + ": " + d.message;
}

nlohmann::json toJson(const Diagnostic& d) {
  return {{"severity", toString(d.severity)}, {"node", d.nodeId}, {"path", d.path}, {"field", d.field},
          {"message", d.message}};
}

bool isValidNodeId(std::string_view id) {
  return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
  });
}

}  // namespace tributary::model
