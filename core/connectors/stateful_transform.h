#pragma once
// The runtime glue shared by the stateful transforms (aggregate, join): a
// transform around state machines `Machine` (stream::Aggregator,
// stream::Joiner) whose state stream::StateKeepers make durable when the
// engine attaches a store (runtime::StateHook). The subclass supplies how
// records reach a machine (absorb), its timer and end-of-input work, and its
// metrics (publish). `Machine` provides create(config), trackChanges(),
// saveChanges(), stateMeta(), restore() and lateRecords() (see aggregator.h).
//
// Tasks. When the node's state is durable and its inputs are topics with
// N > 1 partitions (a join's two inputs co-partitioned), the node runs one
// task per input partition, as Kafka Streams does: records of partition p (of
// every input port) go to task p, with its own machine (its own stream time),
// its own store DIR/p<p> and changelog partition p (stream::ChangelogPartition),
// so the changelog partition p holds only state of input partition p. A task
// is opened — and restored from its store and changelog partition — when the
// first record of its partition arrives. When the feeding source no longer
// owns p (a rebalance moved it to another runner), task p is flushed if it
// absorbed anything since its last flush (the source waits for that before it
// lets p go: Source::drainOnRevoke) and dropped; its store folder stays, and
// is brought up to date from the changelog if p comes back. Otherwise (inputs
// that are not topics, one partition, counts that differ, state in memory)
// there is one task, 0, for every record, with the store DIR itself and the
// whole changelog (keys spread by hash), as before.
//
// exactly_once. A node in the stage after an exactly_once topic
// (joinTransaction, before attach) writes its changelog in the stage's
// transactions: it flushes only when the source asks (the commit is due, or
// partitions are revoked), into the open transaction, and releases its held
// tickets with that flush, so the commit — which waits for every ticket —
// always carries the node's state for exactly the records it commits. The
// local store gets a flush only after its transaction committed; there is no
// outbox. Results a timer emits (tick) carry the node's held tickets, so they
// are written in the transaction that also holds the state change behind
// them; a task that holds none (nothing absorbed since its last flush) does
// not run its timer until it absorbs again.
// Thread: the task running the node (attach, prepare: the engine's thread).

#include <atomic>
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <spdlog/spdlog.h>

#include "core/connectors/changelog_topic.h"
#include "core/connectors/spec_field.h"
#include "core/connectors/topic_transaction.h"
#include "core/metrics/registry.h"
#include "core/runtime/ack_tracker.h"
#include "core/runtime/members.h"
#include "core/runtime/node.h"
#include "core/stream/state_keeper.h"

namespace tributary::connectors {

template <class Machine>
class StatefulTransform : public runtime::Transform, public runtime::StateHook, public TransactionalState {
 public:
  StatefulTransform(Machine machine, const runtime::NodeContext& context, metrics::Gauge* stateBytes)
      : m_context(context), m_fingerprint(context.config.dump()), m_stateBytes(stateBytes) {
    m_tasks.emplace(0, std::make_unique<Task>(std::move(machine)));
    if (auto prototype = Machine::create(context.config)) m_prototype.emplace(std::move(prototype).value());
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
  Status joinTransaction(std::shared_ptr<StageTransaction> txn, const runtime::AckTracker* tracker) override {
    if (m_txn && m_txn != txn)
      return makeError(ErrorCode::Invalid,
                       "exactly_once: the stateful node `" + runtime::userNodeId(m_context.nodeId) +
                           "` is fed by two exactly_once topics (`" + m_txn->sourceNode() + "` and `" +
                           txn->sourceNode() + "`); its state can commit with the offsets of only one",
                       "exactly_once");
    m_txn = std::move(txn);
    m_txnTracker = tracker;
    return {};
  }
  Status open(runtime::ErrorReporter&) override {
    if (m_txn && m_directory.empty())
      return makeError(ErrorCode::Invalid,
                       "exactly_once: the stateful node `" + runtime::userNodeId(m_context.nodeId) +
                           "` keeps its state in memory only (no state folder, or it is fed by another stateful "
                           "node), so a crash would lose state the committed offsets already passed; give the run a "
                           "state folder and put a topic between two stateful nodes",
                       "exactly_once");
    return {};
  }
  // The store is opened by prepare(), when the run starts (after a --reset removed it).
  Status attach(const std::filesystem::path& directory, std::vector<const runtime::AckTracker*> inputs,
                std::int64_t flushIntervalMs) override {
    m_directory = directory;
    m_inputs = std::move(inputs);
    m_flushIntervalMs = flushIntervalMs;
    return {};
  }
  // Once the inputs' partition counts are known: the changelog topic (on a
  // Kafka cluster), and the stores: task 0's now (restored from the changelog
  // when needed), or, per input partition, each when its first record comes.
  Status prepare(const std::vector<int>& partitions, const std::vector<const runtime::Source*>& sources) override {
    if (m_directory.empty()) return {};
    int count = 1;
    for (int p : partitions) count = std::max(count, p);
    m_partitioned = count > 1 && std::all_of(partitions.begin(), partitions.end(), [&](int p) { return p == count; });
    if (m_partitioned) m_sources = sources;
    if (m_txn) {
      if (!changelogAvailable(m_context))
        return makeError(ErrorCode::Invalid,
                         "exactly_once: the stateful node `" + runtime::userNodeId(m_context.nodeId) +
                             "` has no cluster to keep its changelog on; its state commits with the stage's "
                             "transactions through the changelog",
                         "exactly_once");
      for (std::size_t port = 0; port < m_inputs.size(); ++port)
        if (m_inputs[port] != m_txnTracker)
          return makeError(ErrorCode::Invalid,
                           "exactly_once: input " + std::to_string(port + 1) + " of the stateful node `" +
                               runtime::userNodeId(m_context.nodeId) + "` does not come from topic `" + m_txn->sourceNode() +
                               "`; every input of a stateful node in an exactly_once stage must be read from that "
                               "one topic (through filters and maps), whose offsets its state commits with",
                           "exactly_once");
    }
    if (changelogAvailable(m_context)) {
      auto changelog = openChangelogTopic(m_context, count, m_txn);
      if (!changelog) return changelog.error();
      m_changelog = std::move(changelog).value();
    }
    if (m_partitioned) {
      m_tasks.clear();  // opened per partition as records arrive
      spdlog::info("node {}: state kept per input partition ({} partitions; stores in {}/p<N>)", m_context.nodeId,
                   count, m_directory.string());
      return {};
    }
    return openTask(*m_tasks.at(0), m_directory, m_changelog.get());
  }
  std::pair<std::uint64_t, std::uint64_t> restoreProgress() const override {
    return {m_restoreDone.load(), m_restoreAll.load()};
  }
  // Kept for processFrom(), which gives them to every task the batch reaches (each holds its own reference).
  void hold(const std::vector<runtime::Ticket*>& tickets) override { m_pendingTickets = tickets; }

  void process(record::Batch& batch, runtime::ErrorReporter& errors) override { processFrom(0, batch, errors); }
  void processFrom(std::uint16_t port, record::Batch& batch, runtime::ErrorReporter& errors) override {
    std::vector<runtime::Ticket*> tickets = std::move(m_pendingTickets);
    m_pendingTickets.clear();
    if (!m_partitioned) {
      Task& task = *m_tasks.at(0);
      task.keeper.hold(tickets);
      absorbInto(task, port, batch, errors);
    } else {
      // Split by source partition, keeping the order within each.
      std::map<std::int32_t, record::Batch> parts;
      for (record::Record& r : batch) parts[std::max<std::int32_t>(0, r.position.partition)].push_back(std::move(r));
      batch.clear();
      for (auto& [partition, part] : parts) {
        Task* task = taskFor(partition, errors);
        if (!task) {
          // The partition's store cannot be opened: its records change nothing and their positions are never
          // committed (the tickets stay held), as after a failed flush; a restart tries again.
          for (runtime::Ticket* t : tickets) t->addRef();
          continue;
        }
        task->keeper.hold(tickets);
        absorbInto(*task, port, part, errors);
        batch.insert(batch.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
      }
      letGo();
    }
    publish();
  }
  std::int64_t tickIntervalMs() const override {
    std::int64_t own = m_prototype ? machineTickMs(*m_prototype) : 0;
    if (m_directory.empty()) return own;
    // exactly_once: a commit waits for this node's flush, which it sees at its next tick.
    std::int64_t flushEvery = m_txn ? std::min<std::int64_t>(m_flushIntervalMs, kCommitPollMs) : m_flushIntervalMs;
    return own > 0 ? std::min(own, flushEvery) : flushEvery;
  }
  void tick(record::Batch& out, runtime::ErrorReporter& errors) override {
    letGo();
    if (m_txn) {
      for (auto& [partition, task] : m_tasks) {
        writeCommitted(*task);
        if (task->keeper.holding()) {
          std::size_t from = out.size();
          tickMachine(task->machine, out, errors);
          if (out.size() > from) task->keeper.shareHeld(m_emittedTickets);
        }
        if (m_txn->flushRequested() && task->keeper.holding()) flush(*task);
      }
      publish();
      return;
    }
    for (auto& [partition, task] : m_tasks) {
      if (!owned(partition)) continue;  // revoked since letGo() checked: the next letGo() drops it
      task->keeper.takeRestored(out);
      std::size_t from = out.size();
      tickMachine(task->machine, out, errors);
      task->keeper.keep(out, from, false);
      if (task->keeper.flushDue()) flushOwned(partition, *task);
    }
    publish();
  }
  void finish(record::Batch& out, runtime::ErrorReporter& errors) override {
    for (auto& [partition, task] : m_tasks) {
      task->keeper.takeRestored(out);
      std::size_t from = out.size();
      finishMachine(task->machine, out, errors);
      task->keeper.keep(out, from, false);
      if (m_txn && out.size() > from) task->keeper.shareHeld(m_emittedTickets);
      flush(*task);
    }
    publish();
  }
  void ticketsForEmitted(std::vector<runtime::Ticket*>& tickets) override {
    tickets.insert(tickets.end(), m_emittedTickets.begin(), m_emittedTickets.end());
    m_emittedTickets.clear();
  }
  // Normal stop, end or failure alike: what was absorbed is written with its
  // offsets (results still in flight stay in the stored outbox). Tasks of
  // partitions revoked since the last batch or tick are let go first, not
  // flushed as if still owned.
  void close() override {
    letGo();
    for (auto& [partition, task] : m_tasks) flushOwned(partition, *task);
  }
  void allDelivered() override {
    if (m_txn) {
      // The stage committed its last transaction on the way out: its flushes go to the local stores now
      // (a flush here would open a transaction nobody commits).
      for (auto& [partition, task] : m_tasks) writeCommitted(*task);
      return;
    }
    for (auto& [partition, task] : m_tasks) {
      task->keeper.markAllDelivered();
      flush(*task);
    }
  }

 protected:
  virtual void absorb(Machine& machine, std::uint16_t port, record::Batch& batch, runtime::ErrorReporter& errors) = 0;
  virtual std::int64_t machineTickMs(const Machine& /*machine*/) const { return 0; }
  virtual void tickMachine(Machine& /*machine*/, record::Batch& /*out*/, runtime::ErrorReporter& /*errors*/) {}
  virtual void finishMachine(Machine& machine, record::Batch& out, runtime::ErrorReporter& errors) = 0;
  // Metrics after each batch, tick and finish; forEachMachine() visits every open task.
  virtual void publish() = 0;
  template <class F>
  void forEachMachine(F&& f) const {
    for (const auto& [partition, task] : m_tasks) f(task->machine);
  }
  // Late records of every task, dropped ones included (a counter never goes back).
  std::uint64_t lateRecords() const {
    std::uint64_t late = m_retiredLate;
    forEachMachine([&](const Machine& m) { late += m.lateRecords(); });
    return late;
  }

 private:
  struct Task {
    explicit Task(Machine m) : machine(std::move(m)) {}
    Machine machine;
    stream::StateKeeper keeper;
    std::unique_ptr<stream::Changelog> view;  // this partition of the node's changelog (partitioned tasks)
    bool absorbed = false;                   // records absorbed since the last flush
  };

  Status openTask(Task& task, const std::filesystem::path& directory, stream::Changelog* changelog) {
    auto progress = [this](std::uint64_t done, std::uint64_t total) {
      m_restoreDone = done;
      m_restoreAll = total;
      if (m_restored) m_restored->set(static_cast<double>(done));
      if (m_restoreTotal) m_restoreTotal->set(static_cast<double>(total));
    };
    // Per-partition stores say so in their fingerprint: a store or changelog
    // written by one task over all partitions (keys spread by hash) is not read as one partition's.
    std::string fingerprint = m_partitioned ? m_fingerprint + "#partition" : m_fingerprint;
    if (Status s = task.keeper.attach(directory, m_inputs, m_flushIntervalMs, fingerprint, changelog, progress); !s)
      return s;
    if (Status s = task.machine.restore(*task.keeper.store(), task.keeper.restoredMeta()); !s)
      return makeError(s.error().code, s.error().message + " in " + directory.string());
    task.machine.trackChanges();
    return {};
  }

  // Task `partition`, opened (and restored) when needed; null when it cannot be opened (the error is logged once).
  Task* taskFor(std::int32_t partition, runtime::ErrorReporter& errors) {
    if (auto it = m_tasks.find(partition); it != m_tasks.end()) return it->second.get();
    auto machine = Machine::create(m_context.config);
    if (!machine) return failTask(machine.error(), errors);
    auto task = std::make_unique<Task>(std::move(machine).value());
    if (m_changelog) task->view = std::make_unique<stream::ChangelogPartition>(*m_changelog, partition);
    std::filesystem::path dir = m_directory / ("p" + std::to_string(partition));
    if (Status s = openTask(*task, dir, task->view.get()); !s) return failTask(s.error(), errors);
    if (m_letGo.count(partition) && !owned(partition)) {
      // Records still in flight after this run let the partition go: the stored results were emitted by this run
      // before that and are on their way ahead of these records. They stay in the outbox, not emitted twice.
      record::Batch inFlight;
      task->keeper.takeRestored(inFlight);
    }
    spdlog::info("node {}: input partition {} opened (stream time {})", m_context.nodeId, partition,
                 task->keeper.restoredMeta().dump());
    return m_tasks.emplace(partition, std::move(task)).first->second.get();
  }
  Task* failTask(const Error& e, runtime::ErrorReporter&) {
    if (!m_reported) spdlog::error("node {}: {}", m_context.nodeId, e.toString());
    m_reported = true;
    return nullptr;
  }

  void absorbInto(Task& task, std::uint16_t port, record::Batch& batch, runtime::ErrorReporter& errors) {
    if (m_partitioned)  // a result whose proof lies before where the source resumed was delivered by the last owner
      task.keeper.dropDelivered([this](std::uint16_t proofPort, const record::SourcePosition& p) {
        const runtime::Source* source = proofPort < m_sources.size() ? m_sources[proofPort] : nullptr;
        std::optional<std::int64_t> first = source ? source->firstReadOffset(p.partition) : std::nullopt;
        return first && *first > p.offset;
      });
    record::Batch again;  // results of the last run that may not have reached the sinks
    task.keeper.takeRestored(again);
    task.keeper.admit(port, batch);
    if (!batch.empty()) task.absorbed = true;
    absorb(task.machine, port, batch, errors);  // replaces the batch with the results due now
    task.keeper.keep(batch, 0, true);
    if (!again.empty())
      batch.insert(batch.begin(), std::make_move_iterator(again.begin()), std::make_move_iterator(again.end()));
    if (m_txn) {
      // The batch's results travel with its tickets: they are in the transaction this flush goes into.
      writeCommitted(task);
      if (m_txn->flushRequested()) flush(task);
    } else if (task.keeper.flushDue()) {
      flush(task);
    }
  }

  void writeCommitted(Task& task) {
    if (Status s = task.keeper.writeCommitted(); !s && !m_reported) {
      spdlog::error("{}", s.error().toString());
      m_reported = true;
    }
  }

  // Tasks of partitions the sources no longer own: flushed when they absorbed
  // records since their last flush (the revoking source waits for that), then
  // dropped without any further write to their changelog partition, which
  // belongs to the next owner now.
  bool owned(std::int32_t partition) const {
    if (!m_partitioned) return true;
    for (const runtime::Source* s : m_sources) {
      std::vector<std::int32_t> own = s ? s->partitions() : std::vector<std::int32_t>{};
      if (std::find(own.begin(), own.end(), partition) == own.end()) return false;
    }
    return true;
  }
  void letGo() {
    if (!m_partitioned) return;
    for (auto it = m_tasks.begin(); it != m_tasks.end();) {
      if (owned(it->first)) {
        ++it;
        continue;
      }
      // A failed flush keeps its tickets: the positions stay behind the durable state, the revoke times out.
      if (it->second->absorbed) flush(*it->second);
      m_retiredLate += it->second->machine.lateRecords();
      spdlog::info("node {}: input partition {} was revoked: its state is flushed and let go", m_context.nodeId,
                   it->first);
      m_letGo.insert(it->first);
      it = m_tasks.erase(it);
    }
  }

  // A flush without held tickets, which no revoke waits for: the source's
  // rebalance callback can let the partition go at any moment (its thread),
  // so ownership is checked right before the write, not earlier.
  void flushOwned(std::int32_t partition, Task& task) {
    if (owned(partition)) flush(task);
  }
  void flush(Task& task) {
    if (!task.keeper.durable()) return;
    Status s = task.keeper.flush([&](stream::StateStore::Batch& b) { task.machine.saveChanges(b); },
                                 task.machine.stateMeta());
    if (s) task.absorbed = false;
    if (!s && !m_reported) {
      spdlog::error("{}", s.error().toString());
      m_reported = true;
    }
    if (m_stateBytes) {
      std::uint64_t bytes = 0;
      for (const auto& [partition, t] : m_tasks) bytes += t->machine.storedBytes();
      m_stateBytes->set(static_cast<double>(bytes));
    }
  }

  runtime::NodeContext m_context;
  std::string m_fingerprint;
  std::map<std::int32_t, std::unique_ptr<Task>> m_tasks;  // by input partition (0 only, unless partitioned)
  bool m_partitioned = false;
  std::vector<const runtime::Source*> m_sources;  // per input port (partitioned: whose partitions() say what is ours)
  std::vector<runtime::Ticket*> m_pendingTickets;  // of the batch about to be processed
  std::uint64_t m_retiredLate = 0;
  std::set<std::int32_t> m_letGo;  // partitions whose task this run has let go
  std::optional<Machine> m_prototype;  // for its configuration (tick interval) when no task is open
  std::unique_ptr<stream::Changelog> m_changelog;  // null: no Kafka cluster to keep one on
  metrics::Gauge* m_restored = nullptr;
  metrics::Gauge* m_restoreTotal = nullptr;
  std::atomic<std::uint64_t> m_restoreDone{0}, m_restoreAll{0};
  std::filesystem::path m_directory;  // empty: state in memory only
  std::vector<const runtime::AckTracker*> m_inputs;
  std::int64_t m_flushIntervalMs = 1000;
  metrics::Gauge* m_stateBytes;
  bool m_reported = false;  // a failed flush was logged
  static constexpr std::int64_t kCommitPollMs = 10;
  std::shared_ptr<StageTransaction> m_txn;  // exactly_once: the stage's transactions
  const runtime::AckTracker* m_txnTracker = nullptr;  // the tracker of the stage's topic
  std::vector<runtime::Ticket*> m_emittedTickets;  // shared held tickets for what tick()/finish() emitted
};

// `co_partitioned` of aggregates and joins (core/runtime/repartition.h reads it).
inline model::FieldSpec coPartitionedField() {
  model::FieldSpec f = specField(
      "co_partitioned", model::FieldType::Bool,
      "The input topics are already partitioned so that records with equal keys share a partition number (for "
      "example written by your own producer with its own partitioner): no repartition topic is inserted, and each "
      "input partition's task keeps its own state. Wrong here, equal keys are counted or joined in parts.",
      false);
  f.advanced = true;
  return f;
}

// The gauge of a stateful node's store size (null without a registry).
inline metrics::Gauge* stateBytesGauge(const runtime::NodeContext& ctx) {
  if (!ctx.metrics) return nullptr;
  return &ctx.metrics->gauge("tributary_node_state_bytes",
                             "Bytes of a stateful node's live state in its store (keys + values as last written).",
                             {{"pipeline", ctx.pipeline}, {"node", ctx.nodeId}, {"type", ctx.type}});
}

}  // namespace tributary::connectors
