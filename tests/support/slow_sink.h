#pragma once
// The built-in node types plus "test.slow_sink": a sink that takes each batch
// after sleeping the delay the test sets (read at every batch), for tests of
// back-pressure and consumer lag.
#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "core/connectors/builtin.h"

namespace tributary::testing {

class SlowSink final : public runtime::Sink {
 public:
  explicit SlowSink(const std::atomic<int>& delayMs) : m_delayMs(delayMs) {}
  Status open(runtime::ErrorReporter&) override { return {}; }
  Result<std::uint64_t> write(const record::Batch& batch, runtime::ErrorReporter&) override {
    if (int ms = m_delayMs.load()) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return static_cast<std::uint64_t>(batch.size());
  }
  bool blocking() const override { return true; }

 private:
  const std::atomic<int>& m_delayMs;
};

// `delayMs` must outlive every run made with the registry.
inline runtime::FactoryRegistry registryWithSlowSink(const std::atomic<int>& delayMs) {
  runtime::FactoryRegistry registry = connectors::builtinFactories();
  runtime::NodeFactory f;
  f.spec.type = "test.slow_sink";
  f.spec.category = model::NodeCategory::Sink;
  f.spec.title = "Slow sink";
  f.spec.inputs = {{"in", model::PortKind::Records, {model::PortKind::Records, model::PortKind::Any}, true}};
  f.sink = [&delayMs](const runtime::NodeContext&) -> Result<std::unique_ptr<runtime::Sink>> {
    return std::unique_ptr<runtime::Sink>(std::make_unique<SlowSink>(delayMs));
  };
  registry.add(std::move(f));
  return registry;
}

}  // namespace tributary::testing
