#pragma once
// The embedded broker's own Schema Registry: served on a free loopback port
// next to the process's embedded broker (kafka/embedded.h), with its state in
// that broker's `_schemas` topic, and what kafka::resolveSchemaRegistry
// ("embedded") points at. Started on first use; stopped with the broker.
// Thread-safe.

#include <string>

#include "core/base/result.h"
#include "core/model/pipeline.h"

namespace tributary::registry {

// True when the pipeline's cluster, or one of its topic nodes, names the
// "embedded" schema registry.
bool needsEmbeddedRegistry(const model::Pipeline& pipeline);

// Starts the registry on the running embedded broker unless it already runs;
// returns its URL ("http://127.0.0.1:PORT"). An error when the embedded
// broker is not running.
Result<std::string> ensureEmbeddedRegistry();

// Stops it, if it runs (kafka::stopEmbeddedBroker does this too).
void stopEmbeddedRegistry();

}  // namespace tributary::registry
