#pragma once
// The engine runs one pipeline on embedded worker threads: it plans the graph
// (plan.h), creates the nodes through a FactoryRegistry, connects tasks with
// bounded channels, runs them on a WorkerPool sized to the machine (plus a
// thread of their own for nodes that block), tracks acknowledgements per
// source and partition, and writes checkpoints to a CheckpointStore.
//
// Lifecycle: Starting -> Running <-> Paused -> Stopping -> Stopped, or Failed
// (with the reason) from any of them. A pipeline whose sources all end (a
// count reached, a file read without `follow`) drains and stops by itself.
// Stopping drains: sources stop reading, every batch in flight reaches its
// sinks, the final checkpoint is written.
//
// Threads: every public method may be called from any thread. Listeners are
// called on the engine's supervisor thread, one event at a time, in order;
// they may call pause()/resume()/stop() but must not block on wait().
// A GUI turns them into queued signals.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/base/result.h"
#include "core/metrics/registry.h"
#include "core/model/pipeline.h"
#include "core/runtime/factory.h"
#include "core/runtime/plan.h"
#include "core/runtime/repartition.h"

namespace tributary::runtime {

enum class State { Starting, Running, Paused, Stopping, Stopped, Failed };
std::string_view toString(State state);
inline bool isFinal(State s) {
  return s == State::Stopped || s == State::Failed;
}

struct StateEvent {
  State state = State::Starting;
  std::string reason;  // Failed: why; Stopped: "stopped on request" or "all sources finished"
};

struct EngineOptions {
  std::filesystem::path workDir;    // relative paths in node configs; empty: the current directory
  std::filesystem::path stateDir;   // checkpoint folder; empty: no checkpoints (every run starts over)
  std::size_t workers = 0;          // pool threads; 0: one per hardware thread
  std::size_t batchSize = 1024;     // records per batch a source emits at most
  std::size_t channelCapacity = 8;  // batches a channel holds before producers wait
  std::int64_t checkpointIntervalMs = 1000;
  std::int64_t drainTimeoutMs = 30000;         // stop() gives up draining after this and stops anyway
  std::shared_ptr<metrics::Registry> metrics;  // shared registry; null: the engine makes its own
  // Stateful nodes with a store keep a changelog topic when the pipeline has a Kafka cluster (false: never).
  bool stateChangelogs = true;
  // Where checkpoints go instead of stateDir's file (runners: a Kafka topic); null: stateDir decides.
  std::shared_ptr<class CheckpointBackend> checkpoints;
};

// One member of a parallel stage's source (members.h), or the only one of a
// source that shares its input in a group: its index and its partitions now.
struct MemberSnapshot {
  int member = 0;
  std::vector<std::int32_t> partitions;
  std::uint64_t records = 0;  // records it read
};

struct NodeSnapshot {
  std::string id;
  std::string type;
  model::NodeCategory category = model::NodeCategory::Source;
  std::uint64_t recordsIn = 0, recordsOut = 0, bytesIn = 0, bytesOut = 0;
  std::uint64_t errors = 0, deadLettered = 0;
  double queueDepth = 0;
  double queueFill = 0;      // input channel: batches waiting / capacity (0..1)
  double queueCapacity = 0;  // input channel capacity in batches; 0: none (a source, or fused into its upstream)
  metrics::HistogramSnapshot batchLatency;
  record::SourcePosition lastPosition;
  PositionMap committed;  // sources: acknowledged resume positions of this run
  // Stateful nodes restoring their store from its changelog: records applied and in all (0 of 0: none).
  std::uint64_t restoredRecords = 0, restoreRecords = 0;
  // Sources reading in a group: each member (the copies of a parallel stage
  // are folded into the node: its counters are the members' sums).
  std::vector<MemberSnapshot> members;
};

struct EngineSnapshot {
  State state = State::Starting;
  std::string reason;
  // Failed: the id of the node that failed (its error named it); empty when the
  // pipeline as a whole failed. Data, so that nobody parses it back out of `reason`.
  std::string failedNode;
  double uptimeSeconds = 0;
  std::vector<NodeSnapshot> nodes;  // in pipeline order
};

// Process-wide allocator settings for a process whose main work is running
// pipelines (the runner, the benchmark): batches are allocated on one thread
// and freed on another, and glibc's default of giving large blocks their own
// mapping (and returning them to the system when freed) makes every batch
// fault its pages in again (measured: 15–20 % of the CPU time of datagen ->
// filter -> map -> file). So no block gets its own mapping (M_MMAP_THRESHOLD
// 1 GiB), and free memory at the top of each of glibc's heaps is kept up to
// kAllocatorTrimThreshold, then given back down to kAllocatorTopPad. Those
// two also bound what each thread arena keeps resident after a peak: glibc
// trims a thread arena's heap only from its top, when a free() leaves more
// than the trim threshold there (malloc_trim does not touch it), so a
// threshold above the 64 MiB a thread heap can hold — as this tuning had
// before — kept every arena's highest use resident for good and resident
// memory crept up with each new peak (docs/stream-processing.md, "Memory over
// a 20-minute run"). Call once, early, from main(); a no-op on non-glibc systems.
inline constexpr std::size_t kAllocatorTrimThreshold = 8u << 20;
inline constexpr std::size_t kAllocatorTopPad = 2u << 20;
void tuneAllocatorForPipelines();
// Free memory between live blocks is not at a heap's top: over hours the free
// chunks between live ones fragment and resident memory creeps up while the
// memory in use stays flat. So every kReturnFreedMemoryMs the engines'
// supervisors (whichever comes first) return the whole free pages inside the
// allocator's heaps (malloc_trim); pages reused later fault in once again.
// A no-op without the tuning. `nowMs`: a steady clock.
inline constexpr std::int64_t kReturnFreedMemoryMs = 30000;
void returnFreedMemory(std::int64_t nowMs);

class Engine {
 public:
  // Plans the pipeline and creates its nodes (nothing runs yet). The pipeline
  // should be validated and its secrets resolved. Errors name the node.
  static Result<std::unique_ptr<Engine>> create(const model::Pipeline& pipeline, const FactoryRegistry& factories,
                                                EngineOptions options);
  ~Engine();  // stops without draining if still running, and joins every thread
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Starts the supervisor thread: it loads the checkpoint, opens the nodes and
  // runs the tasks. Returns at once; failures arrive as a Failed event.
  void start();
  void pause();
  void resume();
  // Requests a graceful stop (drain, final checkpoint). Returns at once.
  void stop();

  // Blocks until Stopped or Failed, and until the listeners have seen that event.
  State wait();
  // Like wait(), but gives up after `timeout`; returns whether the run ended.
  bool waitFor(std::chrono::milliseconds timeout);

  State state() const;
  std::string reason() const;

  using Listener = std::function<void(const StateEvent&)>;
  int subscribe(Listener listener);
  void unsubscribe(int id);

  EngineSnapshot snapshot() const;
  metrics::Registry& metrics() { return *m_metrics; }
  const Plan& plan() const { return m_plan; }
  // The repartition topics the planner inserted (repartition.h), in pipeline order.
  const std::vector<Repartition>& repartitions() const { return m_repartitions; }
  // Where checkpoints go (empty without a state folder or backend).
  std::filesystem::path checkpointFile() const;

 private:
  struct NodeRuntime;
  Engine() = default;
  Status attachState();
  Result<const NodeRuntime*> feedingSource(const std::string& nodeId, std::optional<std::size_t> port) const;
  Status checkCoPartitioning() const;
  Status prepareState();
  void supervise();
  bool openNodes(const nlohmann::json& restored);
  void buildTasks();
  Status linkSinks();  // Source::linkSinks for every source
  void setState(State state, std::string reason = {});
  // `nodeId`: the node whose error it is (empty: the pipeline as a whole).
  void fail(const std::string& nodeId, const std::string& reason);
  void wakeAll();
  void writeCheckpoint();
  void taskFinished();

  model::Pipeline m_pipeline;
  Plan m_plan;
  std::vector<Repartition> m_repartitions;
  EngineOptions m_options;
  std::shared_ptr<metrics::Registry> m_metrics;
  std::vector<std::unique_ptr<NodeRuntime>> m_nodes;
  std::map<std::string, NodeRuntime*> m_byId;
  std::shared_ptr<class CheckpointBackend> m_store;
  std::map<std::string, std::uint64_t> m_checkpointedVersions;
  nlohmann::json m_storedSources = nlohmann::json::object();  // supervisor thread only

  std::vector<std::unique_ptr<class Channel>> m_channels;  // per task, null when it has no input
  std::vector<std::unique_ptr<class Task>> m_tasks;
  std::unique_ptr<class WorkerPool> m_pool;
  std::vector<std::unique_ptr<class DedicatedThread>> m_dedicated;

  std::atomic<bool> m_aborting{false};
  std::atomic<bool> m_draining{false};
  std::atomic<bool> m_paused{false};
  std::atomic<int> m_tasksRemaining{0};
  std::atomic<bool> m_tasksBuilt{false};

  mutable std::mutex m_mutex;  // guards the fields below
  std::condition_variable m_cv;
  State m_state = State::Starting;
  std::string m_reason;
  std::string m_failure;  // first failure, set by any thread
  std::string m_failedNode;  // the node of m_failure, if a node's
  bool m_stopRequested = false;
  bool m_pauseRequested = false;
  bool m_started = false;
  bool m_finished = false;  // the final event was delivered
  std::map<int, Listener> m_listeners;
  int m_nextListener = 1;
  std::chrono::steady_clock::time_point m_startTime;

  std::mutex m_listenerCallMutex;  // one event at a time
  std::thread m_supervisor;
};

}  // namespace tributary::runtime
