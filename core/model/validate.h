#pragma once
// Validation of a whole pipeline against the node specs. It returns every
// problem at once, each tied to a node, a JSON path and a config field, so the
// CLI can list them and the canvas can mark the node and the inspector the field.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/model/pipeline.h"
#include "core/model/secrets.h"
#include "core/model/spec_registry.h"

namespace tributary::model {

enum class Severity { Error, Warning };
std::string_view toString(Severity severity);

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string nodeId;   // empty for pipeline-wide problems
  std::string path;     // JSON path into the file: "$.nodes[2].config.rate", "$.edges[0].to"
  std::string field;    // config field name when the problem is in one
  std::string message;  // a sentence a user can act on
  bool operator==(const Diagnostic&) const = default;
};

struct ValidationOptions {
  // Checks an expression (FieldType::Expression); returns an error message or nothing.
  // Left empty, expressions are only checked for being strings.
  std::function<std::optional<std::string>(std::string_view expression)> checkExpression;
  // The same for select lists (FieldType::Projection).
  std::function<std::optional<std::string>(std::string_view selectList)> checkProjection;
  // When set, every ${env:...} / ${file:...} reference must resolve from this source.
  const SecretSource* secrets = nullptr;
  // Checks across nodes that need more than the specs (connectors: the
  // co-partitioning of joins); run only when nothing else is wrong.
  std::function<std::vector<Diagnostic>(const Pipeline& pipeline)> checkPipeline;
};

std::vector<Diagnostic> validate(const Pipeline& pipeline, const SpecRegistry& registry,
                                 const ValidationOptions& options = {});

bool hasErrors(const std::vector<Diagnostic>& diagnostics);

// "error: $.nodes[1].config.rate (node gen): must be at least 0"
std::string format(const Diagnostic& diagnostic);
nlohmann::json toJson(const Diagnostic& diagnostic);

// Ids are what edges, metrics and checkpoints refer to: letters, digits, '_', '-', '.'.
bool isValidNodeId(std::string_view id);

}  // namespace tributary::model
