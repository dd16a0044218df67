#pragma once
// A task: the unit the engine schedules. It has one head — a source, or an
// input channel fed by upstream tasks — then a chain of fused transforms run
// in the same call without any queue, then either a sink or the channels of
// downstream tasks. Each runOnce() moves at most one batch, so tasks share
// the worker pool fairly; a task that cannot move (empty input, full output,
// rate limit, retry back-off) parks and is woken by the channel or a timer.
//
// Threads: runOnce() runs on the task's executor, one call at a time; wake()
// may be called from any thread.

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/runtime/ack_tracker.h"
#include "core/runtime/channel.h"
#include "core/runtime/error_policy.h"
#include "core/runtime/executor.h"
#include "core/runtime/node.h"
#include "core/runtime/node_metrics.h"

namespace tributary::runtime {

// What the engine shares with its tasks.
struct TaskEnv {
  const std::atomic<bool>* aborting = nullptr;  // failing: drop everything, finish now
  const std::atomic<bool>* draining = nullptr;  // stopping: sources end, the rest drains
  const std::atomic<bool>* paused = nullptr;    // sources poll no more until resumed
  std::function<void(const std::string& nodeId, const std::string& reason)> fail;
  std::function<void(Task*)> finished;  // called once, on the task's thread, after it is done
  std::size_t batchSize = 1024;
};

struct SourceBinding {
  std::string nodeId;
  Source* source = nullptr;
  NodeMetrics* metrics = nullptr;
  NodeErrors* errors = nullptr;
  AckTracker* tracker = nullptr;
};

struct TransformBinding {
  std::string nodeId;
  Transform* transform = nullptr;
  NodeMetrics* metrics = nullptr;
  NodeErrors* errors = nullptr;
};

struct SinkBinding {
  std::string nodeId;
  Sink* sink = nullptr;
  NodeMetrics* metrics = nullptr;
  NodeErrors* errors = nullptr;
  RetryPolicy retry;
  metrics::Histogram* latency = nullptr;          // end-to-end latency at this sink (end_to_end_latency.h)
  metrics::Histogram* pipelineLatency = nullptr;  // the pipeline's, when records leave the pipeline here
};

class Task {
 public:
  Task(std::string name, TaskEnv env);
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;

  void setSource(SourceBinding source) { m_source = std::move(source); }
  void setInput(Channel* input) { m_input = input; }
  void addTransform(TransformBinding t);
  void setSink(SinkBinding sink) { m_sink = std::move(sink); }
  // `port`: the index of the input port of the downstream head the batches go to.
  void addOutput(Channel* output, std::uint16_t port = 0) { m_outputs.push_back({output, port}); }
  void setExecutor(Executor* executor) { m_executor = executor; }

  const std::string& name() const { return m_name; }
  bool done() const { return m_state.load(std::memory_order_acquire) == kDone; }

  // Makes the task run soon unless it is already queued or done. Any thread.
  void wake();
  // One step; called by the executor only.
  void runOnce();
  // Closes the source, once the task is done and the engine has recorded its
  // final positions: a consumer commits them before it leaves its group (closed
  // earlier, a stopped run's last interval of records was read again next time).
  void closeSource();

 private:
  enum State : int { kIdle, kQueued, kRunning, kRunningWoken, kDone };
  enum class Step { Progress, Wait, Done };

  Step step();
  Step pollSource(Envelope& env, bool& have);
  bool runChain(Envelope& env);
  // Records the transforms emit on their own (tick) or at the end of the input
  // (finishing), each passed through the transforms after it.
  Envelope collectFromChain(bool finishing);
  Step route(Envelope&& env);
  // Routes what collectFromChain() gathered (`routed`: there were records); else releases its tickets.
  Step routeCollected(Envelope&& env, bool& routed);
  bool tickDue();
  Step writeSink();
  void deliver(Envelope&& env);
  bool flushPending();
  void tickSink();
  void releaseDurable();
  void finish(bool normal);
  bool aborting() const { return m_env.aborting && m_env.aborting->load(std::memory_order_relaxed); }

  std::string m_name;
  TaskEnv m_env;
  Executor* m_executor = nullptr;
  std::atomic<int> m_state{kIdle};

  std::optional<SourceBinding> m_source;
  Channel* m_input = nullptr;
  std::vector<TransformBinding> m_chain;
  std::optional<SinkBinding> m_sink;
  std::vector<std::pair<Channel*, std::uint16_t>> m_outputs;

  std::vector<std::pair<Channel*, Envelope>> m_pending;  // outputs that were full
  std::optional<Envelope> m_current;                     // a sink batch awaiting retry
  std::optional<Clock::time_point> m_retryAt;
  int m_attempts = 0;
  bool m_sourceEnded = false;
  std::optional<Clock::time_point> m_wakeAt;
  std::int64_t m_tickEveryMs = 0;  // smallest tickIntervalMs() of the chain; 0: no ticks
  Clock::time_point m_nextTick{};
  bool m_chainFinished = false;  // finish() of the transforms ran

  // Deferred acknowledgement (Sink::defersAcks): records numbered over the
  // successful writes, and the tickets of each written batch held until the
  // sink's durableRecords() reaches that batch's last record number.
  std::uint64_t m_written = 0;
  std::deque<std::pair<std::uint64_t, std::vector<Ticket*>>> m_held;
  std::optional<Clock::time_point> m_nextSinkTick;  // when the sink's tick() is due
};

}  // namespace tributary::runtime
