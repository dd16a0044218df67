#pragma once
// The node types this build knows: their specs (for validation, forms, docs)
// and their factories (for the engine). Each connector file registers its own
// spec and factory next to its implementation (see registration.h).

#include "core/model/spec_registry.h"
#include "core/model/validate.h"
#include "core/runtime/factory.h"

namespace tributary::connectors {

// Every built-in node type with its factory. Built on first use; read-only
// afterwards (thread-safe).
const runtime::FactoryRegistry& builtinFactories();

// Every built-in node type's spec (the same specs as builtinFactories()).
const model::SpecRegistry& builtinSpecs();

// Validation options wired to the real expression checker, the
// co-partitioning check (coPartitioning, with the partition counts the
// pipeline declares) and, when `checkSecrets` is set, to the process
// environment and files.
model::ValidationOptions defaultValidationOptions(bool checkSecrets);

// What validation says about co-partitioning: the repartition topics a run
// would insert, and — when `lookup` (or the pipeline's declared partition
// counts) tells both — a join whose topic inputs have different counts, as an
// error with the same sentence as the refusal at run start. A lookup that
// fails is a warning, not an error: not knowing is not a problem.
struct CoPartitioning {
  std::vector<runtime::Repartition> repartitions;
  std::vector<model::Diagnostic> problems;
};
CoPartitioning checkCoPartitioning(const model::Pipeline& pipeline, const runtime::PartitionLookup& lookup = {});

}  // namespace tributary::connectors
