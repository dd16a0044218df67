#pragma once
// Kafka Connect and Debezium connector configs, in and out.
//
// Import turns the JSON users send to Kafka Connect's REST API ({"name",
// "config"} or a bare config map) into a pipeline: source connectors become a
// source node feeding a topic node, sink connectors a topic node feeding a sink
// node, and their single message transforms (SMTs) become transform nodes in
// between. Connectors that name the same topic share its node.
//
// Export goes the other way for the nodes that have a Kafka Connect
// equivalent. Neither direction drops a setting silently: everything without
// an equivalent, and everything approximated, is listed as a Note with the reason.
//
// Secrets: a password in an imported config is never copied into the pipeline;
// it becomes a ${env:NAME} reference, which is also the syntax of Kafka
// Connect's EnvVarConfigProvider, so exported configs keep the reference.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/result.h"
#include "core/model/pipeline.h"

namespace tributary::model::connect {

// One connector as Kafka Connect's REST API takes it. Values are kept as
// given; Connect itself accepts strings, numbers and booleans alike.
struct ConnectorConfig {
  std::string name;
  nlohmann::json config = nlohmann::json::object();
};

// A setting that was not carried over as it was, and why.
struct Note {
  std::string connector;  // connector name (import) or node id (export)
  std::string key;        // the config key or node involved; empty for the whole connector
  std::string message;
};

// Parses one file's text: {"name": ..., "config": {...}}, a bare config
// object (its name is then `fallbackName`), or an array of either. Errors name
// the file position (malformed JSON) or the JSON path (wrong shape).
Result<std::vector<ConnectorConfig>> parseConnectorJson(std::string_view text, std::string_view fallbackName);

struct ImportResult {
  Pipeline pipeline;
  std::vector<Note> notes;
};

// Maps the connectors into one pipeline named `pipelineName` on the embedded
// cluster. Fails only when nothing at all could be mapped; a connector of an
// unknown class is left out with a Note.
Result<ImportResult> importConnectors(const std::vector<ConnectorConfig>& connectors, std::string pipelineName);

struct ExportResult {
  std::vector<ConnectorConfig> connectors;
  std::vector<Note> notes;  // nodes without an equivalent, settings approximated
};

ExportResult exportConnectors(const Pipeline& pipeline);

// "SINK_MYSQL: connection.password: ..." lines, one per note.
std::string formatNotes(const std::vector<Note>& notes);

}  // namespace tributary::model::connect
