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

// Validation options wired to the real expression checker and, when
// `checkSecrets` is set, to the process environment and files.
model::ValidationOptions defaultValidationOptions(bool checkSecrets);

}  // namespace tributary::connectors
