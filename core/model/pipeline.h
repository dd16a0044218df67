#pragma once
// The pipeline graph as a plain value: what the canvas edits, what the file
// stores, what the planner reads. No behaviour beyond lookups; copying it is a
// deep copy of a few vectors (measured: see tests/bench/bench_model.cpp).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tributary::model {

// Version of the *.tributary.json format this build reads and writes.
inline constexpr int kFormatVersion = 1;

struct Position {
  double x = 0;
  double y = 0;
  bool operator==(const Position&) const = default;
};

struct Node {
  std::string id;     // stable, unique within the pipeline: [A-Za-z0-9_.-]+
  std::string type;   // a registered node type, e.g. "source.datagen"
  std::string label;  // optional display name; the id is shown when empty
  nlohmann::json config = nlohmann::json::object();
  std::optional<Position> position;  // canvas position, absent for hand-written files
  bool operator==(const Node&) const = default;
};

struct Edge {
  std::string from;
  std::string fromPort;  // empty: the node's only output
  std::string to;
  std::string toPort;  // empty: the node's only input
  bool operator==(const Edge&) const = default;
};

// Which Kafka cluster topic nodes use. "embedded" is the in-process broker.
struct ClusterRef {
  std::string bootstrap = "embedded";
  std::map<std::string, std::string> properties;  // passed to librdkafka unchanged
  // The Schema Registry of format "avro" topic nodes that name none: a URL,
  // "embedded" (the embedded broker's own), or empty. In the file either
  // "schema_registry": "URL" or {"url": ..., "user": ..., "password": ...}
  // (the password normally a ${secret:...} reference).
  std::string schemaRegistry;
  std::string schemaRegistryUser;
  std::string schemaRegistryPassword;
  bool operator==(const ClusterRef&) const = default;
};

struct Pipeline {
  std::string name;
  std::string description;
  ClusterRef cluster;
  std::vector<Node> nodes;
  std::vector<Edge> edges;
  // The pipeline's dashboard (panels, alert rules) as plain JSON; null when the
  // file has none. Read and written by the GUI's dashboard, opaque here.
  nlohmann::json dashboard;

  bool operator==(const Pipeline&) const = default;

  const Node* findNode(std::string_view id) const;
  Node* findNode(std::string_view id);
};

}  // namespace tributary::model
