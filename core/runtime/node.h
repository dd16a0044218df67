#pragma once
// The three kinds of node implementation the engine runs — Source, Transform,
// Sink — and what they are handed. Connectors (core/connectors) implement
// them; the engine (engine.h) owns the objects and calls them.
//
// Threads: each node object is used by one task at a time (a pool worker, or
// the task's own thread when blocking() is true), so its methods need no
// locking — except Source::checkpointState, which the engine's supervisor
// thread calls while the source runs.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/result.h"
#include "core/model/pipeline.h"
#include "core/record/record.h"

namespace tributary::metrics {
class Registry;
}

namespace tributary::runtime {

class AckTracker;
class DeadLetterSink;
class Ticket;

// What a node gets when it is created.
struct NodeContext {
  std::string pipeline;  // pipeline name
  std::string nodeId;
  std::string type;
  nlohmann::json config;          // with the spec's defaults filled in and secrets resolved
  std::filesystem::path workDir;  // relative paths in the config are relative to this
  model::ClusterRef cluster;      // the pipeline's Kafka cluster (secrets resolved), for topic nodes
  metrics::Registry* metrics = nullptr;  // the engine's registry, for metrics beyond the standard per-node ones
  std::int64_t checkpointIntervalMs = 1000;  // how often the engine commits acknowledged positions
  int member = 0;  // which member of a parallel stage this node runs in (members.h)
  bool stateChangelog = true;  // a stateful node's store may keep a changelog topic (EngineOptions::stateChangelogs)

  // `path` made absolute against workDir (unchanged when already absolute or empty).
  std::filesystem::path resolvePath(const std::string& path) const;
};

// Where a node reports a bad record. The engine applies the node's error
// policy: `skip` counts it, `dead-letter` also writes it with the error to the
// node's dead-letter file, `fail` fails the pipeline. The node drops the
// record either way. Called on the thread running the node.
class ErrorReporter {
 public:
  virtual ~ErrorReporter() = default;
  virtual void report(const record::Record& record, const Error& error) = 0;
  // For input that never became a record (an unparseable line): `raw` is kept as text.
  virtual void reportRaw(std::string_view raw, const Error& error, record::SourcePosition position) = 0;
  // True once the policy `fail` fired: stop working, the pipeline is failing.
  virtual bool failed() const = 0;
};

// Committed (acknowledged) resume positions of one source: partition -> offset.
using PositionMap = std::map<std::int32_t, std::int64_t>;

struct PollResult {
  // Where to resume, per partition, once every record of this batch (and all
  // earlier ones) is acknowledged. A partition not named keeps its position.
  std::vector<record::SourcePosition> resume;
  std::uint64_t bytes = 0;  // bytes read from outside for this batch
  // > 0: nothing more is available now; poll again after this many ms (or
  // sooner, when the engine wants to stop). 0: poll again when there is room.
  std::int64_t waitMs = 0;
  bool end = false;            // the source is exhausted (a finite file, a count reached)
  std::optional<Error> error;  // a failure of the source itself: the pipeline fails
};

class Sink;
class Source;
class StateHook;

// What a source's records reach inside this run (through transforms and
// channels, not through a topic), told to Source::linkSinks.
struct SourceReach {
  std::vector<std::pair<std::string, Sink*>> sinks;  // with their node ids
  // The dead-letter sink of each node the records pass (the source itself,
  // transforms, sinks) that has one, with that node's id.
  std::vector<std::pair<std::string, DeadLetterSink*>> deadLetters;
  // The stateful nodes (aggregates, joins) the records pass, with their hooks.
  std::vector<std::pair<std::string, StateHook*>> stateful;
  // The source's acknowledgements: positions whose records every path has
  // finished with (written, dropped or handled by the error policy).
  const AckTracker* tracker = nullptr;
  // When this source's records meet another source's in a stateful node with
  // several inputs (a join of two topics): every such source (this one
  // included, in the same order for each of them) and the id of the first
  // such node. Sources whose partitions move between group members must then
  // be read by one member, so that partition p of each goes to the same
  // runner (docs/stream-processing.md, "Co-partitioning"). Empty otherwise.
  std::vector<Source*> coPartitioned;
  std::string coPartitionedNode;
};

// The Kafka topic a source reads and its partition count (partitions 0: the
// source is not a topic); see Engine's co-partitioning check of joins.
struct SourceTopic {
  std::string topic;
  int partitions = 0;
};

class Source {
 public:
  virtual ~Source() = default;
  // What this source's records reach inside this run, told once after every
  // node was created and before open(). A source that must act together with
  // its sinks (a topic read exactly once: its offsets commit in the
  // transaction its sinks write in) checks them here; an error stops the
  // pipeline from being created. `reach.tracker` stays valid for the run.
  virtual Status linkSinks(const SourceReach& /*reach*/) { return {}; }
  // The partitions this source reads now, when it shares its input with
  // others (a consumer group member's assignment); empty otherwise. Any thread.
  virtual std::vector<std::int32_t> partitions() const { return {}; }
  // `checkpoint` is what checkpointState() returned in an earlier run, or null.
  virtual Status open(const nlohmann::json& checkpoint, ErrorReporter& errors) = 0;
  // Appends at most `maxRecords` records to `out` (which is empty). Must
  // return within ~100 ms so the engine can pause and stop it.
  virtual PollResult poll(record::Batch& out, std::size_t maxRecords, ErrorReporter& errors) = 0;
  // The JSON to store in the checkpoint for these committed positions. Called
  // on the supervisor thread, concurrently with poll(): must be thread-safe.
  virtual nlohmann::json checkpointState(const PositionMap& committed) const = 0;
  virtual void close() {}
  // True when poll() may block for long (a client library's poll loop): the
  // engine then gives the source a thread of its own instead of a pool worker.
  virtual bool blocking() const { return false; }
  // True when checkpointState() also confirms the committed positions to the
  // system the source reads (a PostgreSQL replication slot): the engine then
  // calls it whenever positions are committed, even without a checkpoint folder.
  virtual bool confirmsUpstream() const { return false; }
  // The topic this source reads, asked after open() and before the first
  // poll(); sources that are not Kafka topics keep the default (no topic).
  virtual Result<SourceTopic> topic() const { return SourceTopic{}; }
  // Told once, before open(), when a durable stateful node reads this source:
  // a source whose partitions can be taken away (a consumer group member)
  // then waits, before giving partitions up, until every record it handed
  // out from them is acknowledged (the node's state that covers them is
  // flushed), so the next owner restores that state and repeats nothing.
  virtual void drainOnRevoke() {}
  // The offset of the first record read from `partition` since it was last
  // assigned to this process (none when nothing was read from it yet, or the
  // source has no partitions that move). Everything before it is committed
  // upstream: a stateful node that takes a partition over uses it to tell
  // which of its stored results were delivered. Any thread.
  virtual std::optional<std::int64_t> firstReadOffset(std::int32_t /*partition*/) const { return std::nullopt; }
};

// Durable state of a stateful transform (aggregate, join); see "State" in
// docs/stream-processing.md. The engine attaches a store folder when the run
// has a state folder and every input port of the node is fed, through
// stateless transforms only, by exactly one source; otherwise the state stays
// in memory. The transform then holds a reference on the acknowledgement
// tickets of every batch it absorbed until the state that batch produced is
// written to its store, so a source position is never committed before the
// state it produced is durable.
class StateHook {
 public:
  virtual ~StateHook() = default;
  // Once, before open(), on the engine's thread. `inputs[port]`: the tracker
  // of the source feeding that input port (for its committed positions).
  virtual Status attach(const std::filesystem::path& directory, std::vector<const AckTracker*> inputs,
                        std::int64_t flushIntervalMs) = 0;
  // Once, after every source is open and before the first record, on the
  // engine's thread, for attached nodes only: `partitions[port]` is the
  // partition count of the topic feeding that input port (1 when it is not a
  // topic). The store is opened here, and restored from its changelog when it
  // is missing or behind (which may take long). `sources[port]` is the source
  // feeding that port: a node keeping state per input partition asks its
  // partitions() which partitions this process owns now (they move between
  // runners in a rebalance). The sources outlive the node's use of them.
  virtual Status prepare(const std::vector<int>& /*partitions*/, const std::vector<const Source*>& /*sources*/) {
    return {};
  }
  // How far such a restore is: records applied and to apply ({0, 0}: none). Any thread.
  virtual std::pair<std::uint64_t, std::uint64_t> restoreProgress() const { return {0, 0}; }
  // Before process() of a non-empty batch, on the task's thread: the tickets
  // the batch came with. Take a reference on each (Ticket::addRef) and
  // release it once the batch's effect on the state is durable.
  virtual void hold(const std::vector<Ticket*>& tickets) = 0;
  // After a clean stop (every task drained and every sink flushed), on the
  // engine's thread: every result emitted so far reached its sinks, so none
  // needs emitting again on the next start.
  virtual void allDelivered() {}
  // After tick() or finish() emitted records, on the task's thread: tickets
  // those records must carry (one reference each, appended to `tickets`, given
  // to the batch), so that the positions the tickets stand for are
  // acknowledged only once these records are written too. An exactly_once
  // stage needs this: a timer's results must be in the transaction that
  // commits the state change that produced them.
  virtual void ticketsForEmitted(std::vector<Ticket*>& /*tickets*/) {}
};

class Transform {
 public:
  // Non-null for transforms that keep state between records.
  virtual StateHook* stateHook() { return nullptr; }
  virtual ~Transform() = default;
  virtual Status open(ErrorReporter& /*errors*/) { return {}; }
  // Transforms `batch` in place: drop, change or add records. A record that
  // cannot be processed is reported and removed.
  virtual void process(record::Batch& batch, ErrorReporter& errors) = 0;
  // For transforms with several input ports (a join): `port` is the index of
  // the input in the spec's `inputs` the batch arrived on. Only the head of
  // a task sees other ports than 0.
  virtual void processFrom(std::uint16_t /*port*/, record::Batch& batch, ErrorReporter& errors) {
    process(batch, errors);
  }
  virtual void close() {}
  // Stateful transforms (windows) emit records without new input. tick() is
  // called about every tickIntervalMs() (0: never) and may append records to
  // `out`; they go through the rest of the chain like processed ones.
  virtual std::int64_t tickIntervalMs() const { return 0; }
  virtual void tick(record::Batch& /*out*/, ErrorReporter& /*errors*/) {}
  // The input ended for good (a finite source is exhausted, upstream tasks
  // finished) — not called when the pipeline is stopped: emit what is held.
  virtual void finish(record::Batch& /*out*/, ErrorReporter& /*errors*/) {}
};

class Sink {
 public:
  virtual ~Sink() = default;
  virtual Status open(ErrorReporter& errors) = 0;
  // Writes the batch; on success the records count as delivered and their
  // source positions may be committed, so the data must be as durable as the
  // sink promises by then. Returns the bytes written. A record the sink cannot
  // encode is reported and skipped; an error fails the whole batch, which the
  // engine retries (with back-off) — a sink must tolerate seeing a batch again.
  virtual Result<std::uint64_t> write(const record::Batch& batch, ErrorReporter& errors) = 0;
  // Called once after the last batch when the pipeline stops normally.
  virtual Status flush() { return {}; }
  virtual void close() {}
  // True when write() may block for long (a pipe, a remote server): the
  // engine then gives the sink a thread of its own.
  virtual bool blocking() const { return false; }

  // Deferred acknowledgement, for sinks that gather records into files and
  // promise only complete files (sink.lake, sink.s3). When defersAcks() is
  // true a successful write() no longer means delivered: the task numbers the
  // records of successful write() calls 1, 2, 3, ... from open() (skipped
  // records included) and holds each batch's acknowledgement until
  // durableRecords() — how many of them, from the first, are durable — has
  // reached the batch's last record. A successful flush() makes all of them
  // durable. Records still held when the pipeline fails or is killed are never
  // acknowledged, so they are read again after a restart.
  virtual bool defersAcks() const { return false; }
  virtual std::uint64_t durableRecords() const { return 0; }
  // Time-driven work of such a sink (closing a file on the wall clock): with
  // tickMs() > 0 the task calls tick() about that often, also while no input
  // arrives. An error is logged and the tick tried again later (the data
  // stays held, so nothing is acknowledged that is not durable).
  virtual std::int64_t tickMs() const { return 0; }
  virtual Status tick() { return {}; }
};

}  // namespace tributary::runtime
