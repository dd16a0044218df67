#pragma once
// The runtime glue shared by the stateful transforms (aggregate, join): a
// transform around a state machine `Machine` (stream::Aggregator,
// stream::Joiner) whose state a stream::StateKeeper makes durable when the
// engine attaches a store (runtime::StateHook). The subclass supplies how
// records reach the machine (absorb), its timer and end-of-input work, and
// its metrics (publish). `Machine` provides trackChanges(), saveChanges(),
// stateMeta() and restore() (see aggregator.h).
// Thread: the task running the node (attach: the engine's thread).

#include <atomic>

#include <spdlog/spdlog.h>

#include "core/connectors/changelog_topic.h"
#include "core/metrics/registry.h"
#include "core/runtime/node.h"
#include "core/stream/state_keeper.h"

namespace tributary::connectors {

template <class Machine>
class StatefulTransform : public runtime::Transform, public runtime::StateHook {
 public:
  StatefulTransform(Machine machine, const runtime::NodeContext& context, metrics::Gauge* stateBytes)
      : m_machine(std::move(machine)), m_context(context), m_fingerprint(context.config.dump()),
        m_stateBytes(stateBytes) {
    if (context.metrics) {
      metrics::Labels labels = {{"pipeline", context.pipeline}, {"node", context.nodeId}, {"type", context.type}};
      m_restored = &context.metrics->gauge("tributary_state_restore_records",
                                           "Changelog records a stateful node has applied while restoring its store.",
                                           labels);
      m_restoreTotal = &context.metrics->gauge(
          "tributary_state_restore_records_total",
          "Changelog records a stateful node restores its store from (0: no restore).", labels);
    }
  }

  runtime::StateHook* stateHook() override { return this; }
  // The store is opened by prepare(), when the run starts (after a --reset removed it).
  Status attach(const std::filesystem::path& directory, std::vector<const runtime::AckTracker*> inputs,
                std::int64_t flushIntervalMs) override {
    m_directory = directory;
    m_inputs = std::move(inputs);
    m_flushIntervalMs = flushIntervalMs;
    return {};
  }
  // Once the inputs' partition counts are known: the changelog topic (on a
  // Kafka cluster), the store, and a restore from the changelog when needed.
  Status prepare(const std::vector<int>& partitions) override {
    if (m_directory.empty()) return {};
    if (changelogAvailable(m_context)) {
      int count = 1;
      for (int p : partitions) count = std::max(count, p);
      auto changelog = openChangelogTopic(m_context, count);
      if (!changelog) return changelog.error();
      m_changelog = std::move(changelog).value();
    }
    auto progress = [this](std::uint64_t done, std::uint64_t total) {
      m_restoreDone = done;
      m_restoreAll = total;
      if (m_restored) m_restored->set(static_cast<double>(done));
      if (m_restoreTotal) m_restoreTotal->set(static_cast<double>(total));
    };
    if (Status s = m_keeper.attach(m_directory, m_inputs, m_flushIntervalMs, m_fingerprint, m_changelog.get(), progress);
        !s)
      return s;
    if (Status s = m_machine.restore(*m_keeper.store(), m_keeper.restoredMeta()); !s)
      return makeError(s.error().code, s.error().message + " in " + m_directory.string());
    m_machine.trackChanges();
    publish();
    return {};
  }
  std::pair<std::uint64_t, std::uint64_t> restoreProgress() const override {
    return {m_restoreDone.load(), m_restoreAll.load()};
  }
  void hold(const std::vector<runtime::Ticket*>& tickets) override { m_keeper.hold(tickets); }

  void process(record::Batch& batch, runtime::ErrorReporter& errors) override { processFrom(0, batch, errors); }
  void processFrom(std::uint16_t port, record::Batch& batch, runtime::ErrorReporter& errors) override {
    record::Batch again;  // results of the last run that may not have reached the sinks
    m_keeper.takeRestored(again);
    m_keeper.admit(port, batch);
    absorb(port, batch, errors);  // replaces the batch with the results due now
    m_keeper.keep(batch, 0, true);
    if (!again.empty())
      batch.insert(batch.begin(), std::make_move_iterator(again.begin()), std::make_move_iterator(again.end()));
    if (m_keeper.flushDue()) flush();
    publish();
  }
  std::int64_t tickIntervalMs() const override {
    std::int64_t own = machineTickMs();
    if (!m_keeper.durable()) return own;
    return own > 0 ? std::min(own, m_keeper.flushIntervalMs()) : m_keeper.flushIntervalMs();
  }
  void tick(record::Batch& out, runtime::ErrorReporter& errors) override {
    m_keeper.takeRestored(out);
    std::size_t from = out.size();
    tickMachine(out, errors);
    m_keeper.keep(out, from, false);
    if (m_keeper.flushDue()) flush();
    publish();
  }
  void finish(record::Batch& out, runtime::ErrorReporter& errors) override {
    m_keeper.takeRestored(out);
    std::size_t from = out.size();
    finishMachine(out, errors);
    m_keeper.keep(out, from, false);
    flush();
    publish();
  }
  // Normal stop, end or failure alike: what was absorbed is written with its
  // offsets (results still in flight stay in the stored outbox).
  void close() override { flush(); }
  void allDelivered() override {
    m_keeper.markAllDelivered();
    flush();
  }

 protected:
  virtual void absorb(std::uint16_t port, record::Batch& batch, runtime::ErrorReporter& errors) = 0;
  virtual std::int64_t machineTickMs() const { return 0; }
  virtual void tickMachine(record::Batch& /*out*/, runtime::ErrorReporter& /*errors*/) {}
  virtual void finishMachine(record::Batch& out, runtime::ErrorReporter& errors) = 0;
  virtual void publish() = 0;

  Machine m_machine;

 private:
  void flush() {
    if (!m_keeper.durable()) return;
    Status s =
        m_keeper.flush([this](stream::StateStore::Batch& b) { m_machine.saveChanges(b); }, m_machine.stateMeta());
    if (!s && !m_reported) {
      spdlog::error("{}", s.error().toString());
      m_reported = true;
    }
    if (m_stateBytes) m_stateBytes->set(static_cast<double>(m_keeper.storedBytes()));
  }

  runtime::NodeContext m_context;
  std::string m_fingerprint;
  std::unique_ptr<stream::Changelog> m_changelog;  // null: no Kafka cluster to keep one on
  metrics::Gauge* m_restored = nullptr;
  metrics::Gauge* m_restoreTotal = nullptr;
  std::atomic<std::uint64_t> m_restoreDone{0}, m_restoreAll{0};
  std::filesystem::path m_directory;  // empty: state in memory only
  std::vector<const runtime::AckTracker*> m_inputs;
  std::int64_t m_flushIntervalMs = 1000;
  stream::StateKeeper m_keeper;
  metrics::Gauge* m_stateBytes;
  bool m_reported = false;  // a failed flush was logged
};

// The gauge of a stateful node's store size (null without a registry).
inline metrics::Gauge* stateBytesGauge(const runtime::NodeContext& ctx) {
  if (!ctx.metrics) return nullptr;
  return &ctx.metrics->gauge("tributary_node_state_bytes",
                             "Bytes of a stateful node's durable state store (estimated live data).",
                             {{"pipeline", ctx.pipeline}, {"node", ctx.nodeId}, {"type", ctx.type}});
}

}  // namespace tributary::connectors
