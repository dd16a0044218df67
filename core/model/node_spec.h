#pragma once
// What a node type looks like from outside: its config fields and its ports.
// One spec per type is the single source for validation, the inspector's forms,
// `tributary-runner types` and the documentation.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tributary::model {

enum class FieldType {
  String,
  Int,
  Double,
  Bool,
  Enum,        // one of `allowed`
  Duration,    // "500ms", "10s", "5m", "1h", "2d", or an integer of milliseconds
  Size,        // "512KiB", "10MB", "1GiB", or an integer of bytes
  Secret,      // a string, normally a ${env:...} or ${file:...} reference; masked in the GUI
  List,        // a JSON array of `itemType`
  Map,         // a JSON object of string values
  Expression,  // an expression of the expression language
  Projection,  // a select list of expressions ("*, upper(a) AS b")
  Sql,         // SQL text sent to a database
};

std::string_view toString(FieldType type);
std::optional<FieldType> fieldTypeFromString(std::string_view text);

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::String;
  std::string label;  // shown in forms; the name when empty
  std::string help;   // one or two sentences for the form and the docs
  bool required = false;
  nlohmann::json defaultValue;       // null: no default
  std::vector<std::string> allowed;  // for Enum
  std::optional<double> min;         // for Int, Double, Duration (ms), Size (bytes)
  std::optional<double> max;
  FieldType itemType = FieldType::String;  // for List
  bool advanced = false;                   // folded away in forms
};

// What flows on a port. Compatible when equal, or when either side is Any.
enum class PortKind {
  Records,  // plain records (rows, JSON documents)
  Changes,  // Debezium change events: before/after/source/op/ts_ms
  Any,      // a topic carries whatever was written into it
};

std::string_view toString(PortKind kind);

struct PortSpec {
  std::string name;
  PortKind kind = PortKind::Records;
  // For inputs: which kinds it takes. Empty means just `kind`.
  std::vector<PortKind> accepts;
  bool required = true;  // an input that must be connected / an output that should be

  bool acceptsKind(PortKind produced) const;
};

// A problem with one field that shows only next to other fields (NodeSpec::check).
struct ConfigProblem {
  std::string field;
  std::string message;  // a sentence a user can act on
};

enum class NodeCategory { Source, Transform, Topic, Sink };
std::string_view toString(NodeCategory category);

struct NodeSpec {
  std::string type;  // "source.datagen"
  NodeCategory category = NodeCategory::Source;
  std::string title;  // "Data generator"
  std::string help;
  std::string icon;  // resource name, e.g. "datagen"
  std::vector<PortSpec> inputs;
  std::vector<PortSpec> outputs;
  std::vector<FieldSpec> fields;
  // Checks across fields that the field specs cannot express (settings that
  // contradict each other); validate() reports each problem as an error. May be empty.
  std::function<std::vector<ConfigProblem>(const nlohmann::json& config)> check;

  const FieldSpec* findField(std::string_view name) const;
  const PortSpec* findInput(std::string_view name) const;
  const PortSpec* findOutput(std::string_view name) const;

  // The config with every missing field that has a default filled in.
  nlohmann::json withDefaults(const nlohmann::json& config) const;
};

// The spec as JSON, for `tributary-runner types` and tools.
nlohmann::json toJson(const NodeSpec& spec);

}  // namespace tributary::model
