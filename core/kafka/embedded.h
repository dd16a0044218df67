#pragma once
// The process's embedded broker: started on first use by whoever runs a
// pipeline whose cluster is "embedded" (the runner's `run`, the GUI), and
// pointed at by kafka::resolveBootstrap("embedded"). Thread-safe.

#include <filesystem>
#include <functional>
#include <string>

#include "core/base/result.h"
#include "core/model/pipeline.h"

namespace tributary::kafka {

// True when the pipeline has topic nodes and its cluster is the embedded broker.
bool needsEmbeddedBroker(const model::Pipeline& pipeline);

// Starts the broker with its log in `dataDir` unless it already runs; returns its address.
Result<std::string> ensureEmbeddedBroker(const std::filesystem::path& dataDir);

// Stops it (flushing its log), if it runs, after running the stops attached
// with onEmbeddedBrokerStop (newest first).
void stopEmbeddedBroker();

// Something that runs on the embedded broker (the embedded Schema Registry)
// and must stop before it; called once, by stopEmbeddedBroker.
void onEmbeddedBrokerStop(std::function<void()> stop);

}  // namespace tributary::kafka
