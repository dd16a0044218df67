#pragma once
// The node types this build knows: their specs (for validation, forms, docs).
// Each connector file registers its own spec next to its implementation.

#include "core/model/spec_registry.h"
#include "core/model/validate.h"

namespace tributary::connectors {

// Every built-in node type. Built on first use; read-only afterwards (thread-safe).
const model::SpecRegistry& builtinSpecs();

// Validation options wired to the real expression checker and, when
// `checkSecrets` is set, to the process environment and files.
model::ValidationOptions defaultValidationOptions(bool checkSecrets);

}  // namespace tributary::connectors
