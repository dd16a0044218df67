#include "core/runtime/engine.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include <tuple>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "core/base/groups.h"
#include "core/model/topic_split.h"
#include "core/runtime/ack_tracker.h"
#include "core/runtime/channel.h"
#include "core/runtime/checkpoint_store.h"
#include "core/runtime/end_to_end_latency.h"
#include "core/runtime/error_policy.h"
#include "core/runtime/executor.h"
#include "core/runtime/members.h"
#include "core/runtime/node_metrics.h"
#include "core/runtime/task.h"

namespace tributary::runtime {

std::string_view toString(State state) {
  switch (state) {
    case State::Starting:
      return "starting";
    case State::Running:
      return "running";
    case State::Paused:
      return "paused";
    case State::Stopping:
      return "stopping";
    case State::Stopped:
      return "stopped";
    case State::Failed:
      return "failed";
  }
  return "unknown";
}

namespace {
std::atomic<bool> g_allocatorTuned{false};
std::atomic<std::int64_t> g_lastTrimMs{0};
}  // namespace

void tuneAllocatorForPipelines() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(kAllocatorTrimThreshold));
  mallopt(M_TOP_PAD, static_cast<int>(kAllocatorTopPad));
  g_allocatorTuned = true;
#endif
}

void returnFreedMemory(std::int64_t nowMs) {
#if defined(__GLIBC__)
  if (!g_allocatorTuned) return;
  std::int64_t last = g_lastTrimMs.load();
  if (nowMs - last < kReturnFreedMemoryMs || !g_lastTrimMs.compare_exchange_strong(last, nowMs)) return;
  malloc_trim(0);
#else
  (void)nowMs;
#endif
}

struct Engine::NodeRuntime {
  NodeContext context;
  model::NodeCategory category = model::NodeCategory::Source;
  std::unique_ptr<Source> source;
  std::unique_ptr<Transform> transform;
  std::unique_ptr<Sink> sink;
  std::unique_ptr<NodeMetrics> metrics;
  std::unique_ptr<NodeErrors> errors;
  std::unique_ptr<AckTracker> tracker;  // sources
  RetryPolicy retry;                    // sinks
  std::vector<std::string> inputPorts;  // the spec's input port names, in order
  bool opened = false;
  bool stateAttached = false;  // transforms: attachState gave it a store folder
};

namespace {

// A topic node runs as two runtime nodes, cut by model::cutTopicNodes: "<id>"
// (a sink, when records flow in) and "<id>~out" (a source, when records flow
// out; just "<id>" when nothing flows in). Their types get internal
// "#produce"/"#consume" suffixes registered in `local`.
model::Pipeline splitTopicNodes(const model::Pipeline& pipeline, FactoryRegistry& local) {
  model::TopicCut cut = model::cutTopicNodes(pipeline, [&](const model::Node& node) {
    const NodeFactory* factory = local.find(node.type);
    return factory && factory->spec.category == model::NodeCategory::Topic;
  });
  // Each half runs under an internal type: "<type>#produce" (a sink), "<type>#consume" (a source).
  auto retype = [&](const std::string& halfId, const std::string& suffix, model::NodeCategory category) {
    auto node = std::find_if(cut.pipeline.nodes.begin(), cut.pipeline.nodes.end(),
                             [&](const model::Node& n) { return n.id == halfId; });
    const std::string type = node->type + suffix;
    if (!local.find(type)) {
      NodeFactory half = *local.find(node->type);
      half.spec.type = type;
      half.spec.category = category;
      if (category == model::NodeCategory::Sink) {
        half.spec.outputs.clear();
        half.source = nullptr;
        half.transform = nullptr;
      } else {
        half.spec.inputs.clear();
        half.sink = nullptr;
        half.transform = nullptr;
      }
      local.add(std::move(half));
    }
    node->type = type;
  };
  for (const auto& [topic, half] : cut.producing) retype(half, "#produce", model::NodeCategory::Sink);
  for (const auto& [topic, half] : cut.consuming) retype(half, "#consume", model::NodeCategory::Source);
  return std::move(cut.pipeline);
}

}  // namespace

Result<std::unique_ptr<Engine>> Engine::create(const model::Pipeline& original, const FactoryRegistry& factories,
                                               EngineOptions options) {
  FactoryRegistry localFactories = factories;
  // Repartition topics first: they are topic nodes, split and expanded like any other.
  PartitionLookup lookup;
  if (factories.topicPartitions())
    lookup = [&](const model::Node& topic) { return factories.topicPartitions()(original, topic); };
  auto repartitioned = insertRepartitions(original, localFactories.specs(), lookup);
  if (!repartitioned) return repartitioned.error();
  for (const Repartition& r : repartitioned->inserted) spdlog::info("pipeline {}: {}", original.name, describe(r));
  if (Status s = checkJoinMembers(*repartitioned, localFactories.specs()); !s) return s.error();
  auto members = expandMembers(splitTopicNodes(repartitioned->pipeline, localFactories), localFactories.specs());
  if (!members) return members.error();
  const model::Pipeline& pipeline = members->pipeline;
  auto planned = runtime::plan(pipeline, localFactories.specs());
  if (!planned) return planned.error();
  std::unique_ptr<Engine> engine(new Engine());
  engine->m_pipeline = pipeline;
  engine->m_plan = std::move(planned).value();
  engine->m_repartitions = std::move(repartitioned->inserted);
  if (options.workDir.empty()) options.workDir = std::filesystem::current_path();
  engine->m_metrics = options.metrics ? options.metrics : std::make_shared<metrics::Registry>();
  engine->m_options = std::move(options);
  Engine* self = engine.get();
  if (engine->m_options.checkpoints)
    engine->m_store = engine->m_options.checkpoints;
  else if (!engine->m_options.stateDir.empty())
    engine->m_store = std::make_shared<CheckpointStore>(engine->m_options.stateDir, pipeline.name);

  // Nodes naming the same file or topic share one dead-letter sink.
  std::map<std::string, std::shared_ptr<DeadLetterSink>> dlqs;
  for (const model::Node& node : pipeline.nodes) {
    const NodeFactory* factory = localFactories.find(node.type);
    if (!factory) return makeError(ErrorCode::Invalid, "unknown node type \"" + node.type + "\"", "node " + node.id);
    auto rt = std::make_unique<NodeRuntime>();
    rt->category = factory->spec.category;
    for (const model::PortSpec& port : factory->spec.inputs) rt->inputPorts.push_back(port.name);
    rt->context = {pipeline.name, node.id, node.type, factory->spec.withDefaults(node.config),
                   engine->m_options.workDir, pipeline.cluster, engine->m_metrics.get(),
                   engine->m_options.checkpointIntervalMs, 0};
    rt->context.stateChangelog = engine->m_options.stateChangelogs;
    if (auto m = members->member.find(node.id); m != members->member.end()) rt->context.member = m->second;
    const nlohmann::json& config = rt->context.config;
    rt->metrics = std::make_unique<NodeMetrics>(*engine->m_metrics, pipeline.name, node.id, node.type);
    ErrorPolicy policy = errorPolicyFromConfig(config);
    std::shared_ptr<DeadLetterSink> dlq;
    if (policy == ErrorPolicy::DeadLetter) {
      std::string topic = config.value("dead_letter_topic", std::string());
      if (!topic.empty()) {
        auto& shared = dlqs["topic:" + topic];
        if (!shared) {
          if (!localFactories.deadLetterTopicFactory())
            return makeError(ErrorCode::Unsupported, "dead-letter topics need the Kafka connectors",
                             "node " + node.id + " dead_letter_topic");
          auto made = localFactories.deadLetterTopicFactory()(rt->context, topic);
          if (!made) return makeError(made.error().code, made.error().message, "node " + node.id + " dead_letter_topic");
          shared = std::move(*made);
        }
        dlq = shared;
      } else {
        std::string configured = config.value("dead_letter_path", std::string());
        auto path = rt->context.resolvePath(configured.empty() ? "dead-letter/" + node.id + ".jsonl" : configured);
        auto& shared = dlqs["file:" + path.string()];
        if (!shared) shared = std::make_shared<DeadLetterFile>(path);
        dlq = shared;
      }
    }
    rt->errors = std::make_unique<NodeErrors>(pipeline.name, node.id, policy, dlq, rt->metrics.get(),
                                              [self, id = node.id](const std::string& reason) { self->fail(id, reason); });
    auto where = [&](const Error& e) {
      return makeError(e.code, e.message, "node " + node.id + (e.where.empty() ? "" : " " + e.where));
    };
    switch (rt->category) {
      case model::NodeCategory::Source: {
        if (!factory->source)
          return makeError(ErrorCode::Unsupported, node.type + " cannot run yet", "node " + node.id);
        auto made = factory->source(rt->context);
        if (!made) return where(made.error());
        rt->source = std::move(made).value();
        rt->tracker = std::make_unique<AckTracker>();
        break;
      }
      case model::NodeCategory::Transform: {
        if (!factory->transform)
          return makeError(ErrorCode::Unsupported, node.type + " cannot run yet", "node " + node.id);
        auto made = factory->transform(rt->context);
        if (!made) return where(made.error());
        rt->transform = std::move(made).value();
        break;
      }
      case model::NodeCategory::Sink: {
        if (!factory->sink) return makeError(ErrorCode::Unsupported, node.type + " cannot run yet", "node " + node.id);
        auto made = factory->sink(rt->context);
        if (!made) return where(made.error());
        rt->sink = std::move(made).value();
        rt->retry = RetryPolicy::fromConfig(config);
        break;
      }
      case model::NodeCategory::Topic:  // split into a sink and a source by splitTopicNodes()
        continue;
    }
    engine->m_byId[node.id] = rt.get();
    engine->m_nodes.push_back(std::move(rt));
  }
  if (Status s = engine->linkSinks(); !s) return s.error();
  if (Status s = engine->attachState(); !s) return s.error();
  return engine;
}

Status Engine::linkSinks() {
  // Sources whose records meet in a stateful node with several inputs (a
  // join), merged where one source feeds two such nodes: each group with the
  // id of its first node.
  std::vector<std::pair<std::string, std::vector<Source*>>> meeting;
  for (const auto& n : m_nodes) {
    if (!n->transform || !n->transform->stateHook() || n->inputPorts.size() < 2) continue;
    std::vector<Source*> feeding;
    for (std::size_t port = 0; port < n->inputPorts.size(); ++port) {
      auto source = feedingSource(n->context.nodeId, port);
      if (!source) break;
      if (std::find(feeding.begin(), feeding.end(), (*source)->source.get()) == feeding.end())
        feeding.push_back((*source)->source.get());
    }
    if (feeding.size() < 2) continue;
    using Group = std::pair<std::string, std::vector<Source*>>;
    auto joined = base::mergeSharing(
        meeting,
        [&](const Group& g) {
          return std::any_of(feeding.begin(), feeding.end(), [&](Source* s) {
            return std::find(g.second.begin(), g.second.end(), s) != g.second.end();
          });
        },
        [](Group& into, Group& from) { into.second.insert(into.second.end(), from.second.begin(), from.second.end()); });
    if (joined == meeting.end()) joined = meeting.insert(meeting.end(), {n->context.nodeId, {}});
    for (Source* s : feeding)
      if (std::find(joined->second.begin(), joined->second.end(), s) == joined->second.end())
        joined->second.push_back(s);
  }
  // Each source learns the sinks its records reach: follow the plan's task
  // outputs from the source's task until tasks that end in a sink.
  for (std::size_t first = 0; first < m_plan.tasks.size(); ++first) {
    NodeRuntime& head = *m_byId.at(m_plan.tasks[first].nodes.front());
    if (!head.source) continue;
    SourceReach reach;
    reach.tracker = head.tracker.get();
    for (const auto& [node, sources] : meeting)
      if (std::find(sources.begin(), sources.end(), head.source.get()) != sources.end()) {
        reach.coPartitioned = sources;
        reach.coPartitionedNode = node;
      }
    std::vector<std::size_t> todo{first};
    std::vector<bool> seen(m_plan.tasks.size(), false);
    seen[first] = true;
    while (!todo.empty()) {
      const PlanTask& t = m_plan.tasks[todo.back()];
      todo.pop_back();
      for (const std::string& id : t.nodes) {
        NodeRuntime& n = *m_byId.at(id);
        if (n.sink) reach.sinks.emplace_back(id, n.sink.get());
        if (DeadLetterSink* letters = n.errors->deadLetters()) reach.deadLetters.emplace_back(id, letters);
        if (n.transform && n.transform->stateHook()) reach.stateful.emplace_back(id, n.transform->stateHook());
      }
      for (const PlanOutput& o : t.outputs)
        if (!seen[o.task]) {
          seen[o.task] = true;
          todo.push_back(o.task);
        }
    }
    if (Status s = head.source->linkSinks(reach); !s) {
      const Error& e = s.error();
      return makeError(e.code, e.message, "node " + head.context.nodeId + (e.where.empty() ? "" : " " + e.where));
    }
  }
  return {};
}

// The one source feeding input `port` of `nodeId` through stateless
// transforms, or why there is none (several sources, a stateful node).
Result<const Engine::NodeRuntime*> Engine::feedingSource(const std::string& nodeId,
                                                         std::optional<std::size_t> port) const {
  const NodeRuntime* found = nullptr;
  const NodeRuntime& target = *m_byId.at(nodeId);
  for (const model::Edge& e : m_pipeline.edges) {
    if (e.to != nodeId) continue;
    if (port) {
      auto it = std::find(target.inputPorts.begin(), target.inputPorts.end(), e.toPort);
      std::size_t index = it == target.inputPorts.end() ? 0 : static_cast<std::size_t>(it - target.inputPorts.begin());
      if (index != *port) continue;
    }
    auto from = m_byId.find(e.from);
    if (from == m_byId.end()) continue;
    const NodeRuntime& n = *from->second;
    const NodeRuntime* source = nullptr;
    if (n.source) {
      source = &n;
    } else if (n.transform && !n.transform->stateHook()) {
      auto up = feedingSource(e.from, std::nullopt);
      if (!up) return up.error();
      source = *up;
    } else {
      return makeError(ErrorCode::Unsupported, "it is fed by the stateful node " + e.from);
    }
    if (found && found != source)
      return makeError(ErrorCode::Unsupported, "one of its inputs is fed by several sources");
    found = source;
  }
  if (!found) return makeError(ErrorCode::Unsupported, "an input is not connected");
  return found;
}

// A join matches records by key within one task per partition, so both of its
// inputs must be topics with the same partition count (docs/stream-processing.md,
// "Co-partitioning"). Called after the sources are opened (topics they create
// exist) and before the first poll, so a refused run reads and commits nothing.
Status Engine::checkCoPartitioning() const {
  for (const auto& n : m_nodes) {
    if (!n->transform || !n->transform->stateHook() || n->inputPorts.size() < 2) continue;
    std::vector<SourceTopic> topics;
    for (std::size_t port = 0; port < n->inputPorts.size(); ++port) {
      auto source = feedingSource(n->context.nodeId, port);
      if (!source) break;  // fed by a stateful node or several sources: no single topic to compare
      auto topic = (*source)->source->topic();
      if (!topic)
        return makeError(topic.error().code,
                         fmt::format("join `{}`: cannot check that its inputs are co-partitioned: {}",
                                     n->context.nodeId, topic.error().toString()),
                         n->context.nodeId);
      if (topic->partitions > 0) topics.push_back(std::move(*topic));
    }
    for (const SourceTopic& t : topics)
      if (t.partitions != topics.front().partitions)
        return makeError(ErrorCode::Invalid,
                         coPartitionMessage(n->context.nodeId, topics.front().topic, topics.front().partitions,
                                            t.topic, t.partitions),
                         n->context.nodeId);
  }
  // A repartition topic that existed with another count would put keys where
  // the other side of a join (or a later run) does not look for them.
  for (const Repartition& r : m_repartitions) {
    auto half = m_byId.find(r.topicNode + "~out");
    if (r.partitions <= 0 || half == m_byId.end() || !half->second->source) continue;
    auto topic = half->second->source->topic();
    if (!topic)
      return makeError(topic.error().code,
                       fmt::format("node `{}`: cannot check its repartition topic `{}`: {}", r.node, r.topic,
                                   topic.error().toString()),
                       r.node);
    if (topic->partitions > 0 && topic->partitions != r.partitions)
      return makeError(ErrorCode::Invalid,
                       fmt::format("node `{}`: its repartition topic `{}` has {} partitions, but it needs {} ({}); "
                                   "delete the topic so that the next run creates it again",
                                   r.node, r.topic, topic->partitions, r.partitions,
                                   r.port.empty() ? "as many as topic `" + r.sourceTopic + "` it reads"
                                                  : "the count both inputs of join `" + r.node + "` get"),
                       r.node);
  }
  return {};
}

Status Engine::attachState() {
  if (m_options.stateDir.empty()) return {};
  // DIR/<pipeline>.state/<node id>, next to DIR/<pipeline>.checkpoint.json.
  std::filesystem::path folder = stateFolderFor(CheckpointStore(m_options.stateDir, m_pipeline.name).file());
  for (auto& n : m_nodes) {
    StateHook* hook = n->transform ? n->transform->stateHook() : nullptr;
    if (!hook) continue;
    std::vector<const AckTracker*> inputs;
    std::string why;
    for (std::size_t port = 0; port < std::max<std::size_t>(1, n->inputPorts.size()) && why.empty(); ++port) {
      auto source = feedingSource(n->context.nodeId, port);
      if (source)
        inputs.push_back((*source)->tracker.get());
      else
        why = source.error().message;
    }
    if (!why.empty()) {
      spdlog::warn("node {}: its state is kept in memory only, because {} (put a topic in between to make it durable)",
                   n->context.nodeId, why);
      continue;
    }
    for (std::size_t port = 0; port < std::max<std::size_t>(1, n->inputPorts.size()); ++port)
      if (auto source = feedingSource(n->context.nodeId, port)) (*source)->source->drainOnRevoke();
    std::error_code ec;
    std::filesystem::path store = folder / n->context.nodeId;
    if (!m_options.checkpoints &&
        std::filesystem::exists(CheckpointStore(m_options.stateDir, m_pipeline.name).file(), ec) &&
        !std::filesystem::exists(store, ec))
      spdlog::warn("node {}: there is a checkpoint but no state store ({}): unless the pipeline's cluster keeps "
                   "the node's changelog topic, the node starts empty and what it had absorbed before the "
                   "checkpoint is not read again; run with --reset to start both over",
                   n->context.nodeId, store.string());
    if (Status s = hook->attach(store, std::move(inputs), m_options.checkpointIntervalMs); !s)
      return makeError(s.error().code, s.error().message, "node " + n->context.nodeId + " state");
    n->stateAttached = true;
  }
  return {};
}

// Opens (and restores) the stores, knowing the partition counts of their inputs.
Status Engine::prepareState() {
  for (auto& n : m_nodes) {
    if (!n->stateAttached || m_aborting) continue;
    std::vector<int> partitions;
    std::vector<const Source*> sources;
    for (std::size_t port = 0; port < std::max<std::size_t>(1, n->inputPorts.size()); ++port) {
      int count = 1;
      const Source* feeding = nullptr;
      if (auto source = feedingSource(n->context.nodeId, port)) {
        feeding = (*source)->source.get();
        if (auto topic = (*source)->source->topic(); topic && topic->partitions > 0) count = topic->partitions;
      }
      partitions.push_back(count);
      sources.push_back(feeding);
    }
    if (Status s = n->transform->stateHook()->prepare(partitions, sources); !s)
      return makeError(s.error().code, "node " + n->context.nodeId + ": " + s.error().toString(), n->context.nodeId);
  }
  return {};
}

Engine::~Engine() {
  {
    std::lock_guard lock(m_mutex);
    if (m_started && !isFinal(m_state) && m_failure.empty()) m_failure = "the engine was destroyed while running";
  }
  m_aborting = true;
  m_cv.notify_all();
  if (m_supervisor.joinable()) {
    wakeAll();
    m_supervisor.join();
  }
  if (m_metrics) m_metrics->removeSeries("pipeline", m_pipeline.name);
}

std::filesystem::path Engine::checkpointFile() const {
  return m_store ? std::filesystem::path(m_store->location()) : std::filesystem::path();
}

void Engine::start() {
  {
    std::lock_guard lock(m_mutex);
    if (m_started) return;
    m_started = true;
    m_startTime = std::chrono::steady_clock::now();
  }
  m_supervisor = std::thread([this] { supervise(); });
}

void Engine::pause() {
  std::lock_guard lock(m_mutex);
  m_pauseRequested = true;
  m_cv.notify_all();
}

void Engine::resume() {
  std::lock_guard lock(m_mutex);
  m_pauseRequested = false;
  m_cv.notify_all();
}

void Engine::stop() {
  std::lock_guard lock(m_mutex);
  m_stopRequested = true;
  m_cv.notify_all();
}

State Engine::wait() {
  std::unique_lock lock(m_mutex);
  m_cv.wait(lock, [&] { return m_finished; });
  return m_state;
}

bool Engine::waitFor(std::chrono::milliseconds timeout) {
  std::unique_lock lock(m_mutex);
  return m_cv.wait_for(lock, timeout, [&] { return m_finished; });
}

State Engine::state() const {
  std::lock_guard lock(m_mutex);
  return m_state;
}

std::string Engine::reason() const {
  std::lock_guard lock(m_mutex);
  return m_reason;
}

int Engine::subscribe(Listener listener) {
  std::lock_guard lock(m_mutex);
  int id = m_nextListener++;
  m_listeners.emplace(id, std::move(listener));
  return id;
}

void Engine::unsubscribe(int id) {
  std::lock_guard lock(m_mutex);
  m_listeners.erase(id);
}

void Engine::setState(State state, std::string reason) {
  std::vector<Listener> listeners;
  {
    std::lock_guard lock(m_mutex);
    m_state = state;
    m_reason = reason;
    for (auto& [id, l] : m_listeners) listeners.push_back(l);
  }
  m_cv.notify_all();
  if (state == State::Failed)
    spdlog::error("pipeline {} failed: {}", m_pipeline.name, reason);
  else
    spdlog::info("pipeline {} {}{}{}", m_pipeline.name, toString(state), reason.empty() ? "" : ": ", reason);
  {
    std::lock_guard callLock(m_listenerCallMutex);
    StateEvent event{state, reason};
    for (auto& l : listeners) l(event);
  }
  if (isFinal(state)) {
    // wait() returns only now, so that no listener runs after it returned.
    std::lock_guard lock(m_mutex);
    m_finished = true;
    m_cv.notify_all();
  }
}

void Engine::fail(const std::string& nodeId, const std::string& reason) {
  {
    std::lock_guard lock(m_mutex);
    if (!m_failure.empty()) return;
    m_failure = reason;
    m_failedNode = nodeId;
  }
  m_aborting = true;
  m_cv.notify_all();
  wakeAll();
}

void Engine::wakeAll() {
  if (!m_tasksBuilt.load(std::memory_order_acquire)) return;
  for (auto& t : m_tasks) t->wake();
}

void Engine::taskFinished() {
  if (m_tasksRemaining.fetch_sub(1) == 1) {
    std::lock_guard lock(m_mutex);
    m_cv.notify_all();
  }
}

bool Engine::openNodes(const nlohmann::json& restored) {
  // Downstream first, so that sinks are ready before the first record.
  for (auto it = m_nodes.rbegin(); it != m_nodes.rend(); ++it) {
    NodeRuntime& n = **it;
    Status s;
    if (n.sink)
      s = n.sink->open(*n.errors);
    else if (n.transform)
      s = n.transform->open(*n.errors);
    else if (n.source) {
      nlohmann::json state;
      if (auto r = restored.find(n.context.nodeId); r != restored.end() && r->is_object()) {
        if (r->value("type", std::string()) == n.context.type)
          state = r->value("state", nlohmann::json());
        else
          spdlog::warn("node {}: the checkpoint is for another node type; starting from the beginning",
                       n.context.nodeId);
      }
      s = n.source->open(state, *n.errors);
    }
    if (!s) {
      fail(n.context.nodeId, "node " + n.context.nodeId + ": " + s.error().toString());
      return false;
    }
    n.opened = true;
  }
  return true;
}

void Engine::buildTasks() {
  TaskEnv env;
  env.aborting = &m_aborting;
  env.draining = &m_draining;
  env.paused = &m_paused;
  env.fail = [this](const std::string& nodeId, const std::string& reason) { fail(nodeId, reason); };
  env.finished = [this](Task*) { taskFinished(); };
  env.batchSize = std::max<std::size_t>(1, m_options.batchSize);

  m_pool = std::make_unique<WorkerPool>(m_options.workers, "tributary");
  m_channels.resize(m_plan.tasks.size());
  for (std::size_t i = 0; i < m_plan.tasks.size(); ++i) {
    const PlanTask& pt = m_plan.tasks[i];
    auto task = std::make_unique<Task>(pt.name, env);
    NodeRuntime& head = *m_byId.at(pt.nodes.front());
    if (pt.inputs > 0) {
      m_channels[i] = std::make_unique<Channel>(m_options.channelCapacity, pt.inputs, &head.metrics->queueDepth,
                                                &head.metrics->queueFill);
      head.metrics->queueCapacity.set(static_cast<double>(m_channels[i]->capacity()));
      m_channels[i]->setConsumer(task.get());
      task->setInput(m_channels[i].get());
    }
    bool blocking = false;
    for (const std::string& id : pt.nodes) {
      NodeRuntime& n = *m_byId.at(id);
      if (n.source) {
        task->setSource({id, n.source.get(), n.metrics.get(), n.errors.get(), n.tracker.get()});
        blocking |= n.source->blocking();
      } else if (n.transform) {
        task->addTransform({id, n.transform.get(), n.metrics.get(), n.errors.get()});
      } else if (n.sink) {
        SinkBinding sink{id, n.sink.get(), n.metrics.get(), n.errors.get(), n.retry};
        sink.latency = &EndToEndLatency::forSink(*m_metrics, m_pipeline.name, id, n.context.type);
        // A topic's producing half whose consuming half runs here too is an internal hop, not an exit.
        bool internalHop = n.context.type.ends_with("#produce") && m_byId.count(id + "~out") > 0;
        if (!internalHop) sink.pipelineLatency = &EndToEndLatency::forPipeline(*m_metrics, m_pipeline.name);
        task->setSink(sink);
        blocking |= n.sink->blocking();
      }
    }
    if (blocking) {
      m_dedicated.push_back(std::make_unique<DedicatedThread>(pt.nodes.front()));
      task->setExecutor(m_dedicated.back().get());
    } else {
      task->setExecutor(m_pool.get());
    }
    m_tasks.push_back(std::move(task));
  }
  for (std::size_t i = 0; i < m_plan.tasks.size(); ++i)
    for (const PlanOutput& o : m_plan.tasks[i].outputs) {
      // Which input of the downstream head the edge names (a join's left or right).
      const auto& ports = m_byId.at(m_plan.tasks[o.task].nodes.front())->inputPorts;
      auto it = std::find(ports.begin(), ports.end(), o.toPort);
      auto port = static_cast<std::uint16_t>(it == ports.end() ? 0 : it - ports.begin());
      m_tasks[i]->addOutput(m_channels[o.task].get(), port);
    }
  m_tasksRemaining = static_cast<int>(m_tasks.size());
  m_tasksBuilt.store(true, std::memory_order_release);
}

void Engine::writeCheckpoint() {
  if (!m_store) {
    // No checkpoint file, but sources that confirm positions upstream (a
    // replication slot) still learn what their sinks acknowledged.
    for (auto& n : m_nodes) {
      if (!n->tracker || !n->source->confirmsUpstream()) continue;
      std::uint64_t version = n->tracker->version();
      if (version == m_checkpointedVersions[n->context.nodeId]) continue;
      n->source->checkpointState(n->tracker->committed());
      m_checkpointedVersions[n->context.nodeId] = version;
    }
    return;
  }
  bool changed = false;
  for (auto& n : m_nodes)
    if (n->tracker && n->tracker->version() != m_checkpointedVersions[n->context.nodeId]) changed = true;
  if (!changed) return;
  nlohmann::json& sources = m_storedSources;  // what the file holds, kept in memory
  for (auto& n : m_nodes) {
    if (!n->tracker) continue;
    std::uint64_t version = n->tracker->version();
    if (version == 0 && sources.contains(n->context.nodeId)) continue;  // nothing new: keep what is stored
    sources[n->context.nodeId] = {{"type", n->context.type},
                                  {"state", n->source->checkpointState(n->tracker->committed())}};
    m_checkpointedVersions[n->context.nodeId] = version;
  }
  if (Status s = m_store->save(sources); !s)
    spdlog::error("pipeline {}: cannot write the checkpoint: {}", m_pipeline.name, s.error().toString());
}

void Engine::supervise() {
  setState(State::Starting);
  nlohmann::json restored = nlohmann::json::object();
  if (m_store) {
    auto loaded = m_store->load();
    if (!loaded) {
      setState(State::Failed, loaded.error().toString());
      return;
    }
    restored = std::move(loaded).value();
    m_storedSources = restored;
    if (!restored.empty()) spdlog::info("pipeline {}: resuming from {}", m_pipeline.name, m_store->location());
  }
  bool opened = openNodes(restored);
  if (opened && !m_aborting) {
    if (Status s = checkCoPartitioning(); !s) {
      fail(s.error().where, s.error().message);
      opened = false;
    } else if (Status p = prepareState(); !p) {
      fail(p.error().where, p.error().message);
      opened = false;
    }
  }
  if (!opened || m_aborting) {
    for (auto& n : m_nodes) {
      if (!n->opened) continue;
      if (n->source) n->source->close();
      if (n->transform) n->transform->close();
      if (n->sink) n->sink->close();
    }
    std::string failure;
    {
      std::lock_guard lock(m_mutex);
      failure = m_failure.empty() ? "stopped before it started" : m_failure;
    }
    setState(State::Failed, failure);
    return;
  }
  buildTasks();
  setState(State::Running);
  wakeAll();

  using namespace std::chrono;
  auto interval = milliseconds(std::max<std::int64_t>(10, m_options.checkpointIntervalMs));
  auto nextCheckpoint = steady_clock::now() + interval;
  std::optional<steady_clock::time_point> drainDeadline;
  std::string stopReason = "all sources finished";
  while (true) {
    bool stopRequested, pauseRequested;
    std::string failure;
    {
      std::unique_lock lock(m_mutex);
      m_cv.wait_for(lock, std::min<steady_clock::duration>(interval, milliseconds(100)), [&] {
        return m_tasksRemaining.load() == 0 || !m_failure.empty() || m_stopRequested != m_draining.load() ||
               (!m_draining.load() && m_pauseRequested != m_paused.load());
      });
      stopRequested = m_stopRequested;
      pauseRequested = m_pauseRequested;
      failure = m_failure;
    }
    if (m_tasksRemaining.load() == 0) break;
    if (!failure.empty()) {
      // Let the tasks notice the abort, but do not wait forever for one stuck in I/O.
      auto deadline = steady_clock::now() + milliseconds(m_options.drainTimeoutMs);
      while (m_tasksRemaining.load() > 0 && steady_clock::now() < deadline) {
        std::unique_lock lock(m_mutex);
        m_cv.wait_for(lock, milliseconds(50));
      }
      break;
    }
    if (stopRequested && !m_draining) {
      stopReason = "stopped on request";
      m_draining = true;
      m_paused = false;
      setState(State::Stopping);
      drainDeadline = steady_clock::now() + milliseconds(m_options.drainTimeoutMs);
      wakeAll();
    } else if (!m_draining && pauseRequested != m_paused) {
      m_paused = pauseRequested;
      setState(pauseRequested ? State::Paused : State::Running);
      if (!pauseRequested) wakeAll();
    }
    if (drainDeadline && steady_clock::now() > *drainDeadline && !m_aborting) {
      spdlog::warn(
          "pipeline {}: draining took longer than {} ms; stopping without it (unacknowledged records are "
          "read again on the next run)",
          m_pipeline.name, m_options.drainTimeoutMs);
      m_aborting = true;
      wakeAll();
    }
    if (steady_clock::now() >= nextCheckpoint) {
      writeCheckpoint();
      nextCheckpoint = steady_clock::now() + interval;
    }
    returnFreedMemory(duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count());
  }
  // Every task is done (or stuck): what was acknowledged is safe to record.
  writeCheckpoint();
  for (auto& t : m_tasks)
    if (t->done()) t->closeSource();  // a stuck task's source may still be polling
  if (!m_aborting && m_tasksRemaining.load() == 0)
    for (auto& n : m_nodes)
      if (n->transform && n->transform->stateHook()) n->transform->stateHook()->allDelivered();
  m_pool->shutdown();
  for (auto& d : m_dedicated) d->shutdown();
  std::string failure;
  {
    std::lock_guard lock(m_mutex);
    failure = m_failure;
  }
  if (!failure.empty())
    setState(State::Failed, failure);
  else
    setState(State::Stopped, stopReason);
}

EngineSnapshot Engine::snapshot() const {
  EngineSnapshot s;
  {
    std::lock_guard lock(m_mutex);
    s.state = m_state;
    s.reason = m_reason;
    if (m_state == State::Failed) s.failedNode = m_failedNode;
    if (m_started)
      s.uptimeSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_startTime).count();
  }
  std::map<std::string, std::size_t> at;  // base node id -> its entry
  for (const auto& n : m_nodes) {
    std::vector<std::int32_t> partitions = n->source ? n->source->partitions() : std::vector<std::int32_t>{};
    if (n->context.member > 0) {  // a copy of a parallel stage: add to its node
      auto base = at.find(memberBaseId(n->context.nodeId));
      if (base == at.end()) continue;
      NodeSnapshot& into = s.nodes[base->second];
      const NodeMetrics& m = *n->metrics;
      into.recordsIn += m.recordsIn.value();
      into.recordsOut += m.recordsOut.value();
      into.bytesIn += m.bytesIn.value();
      into.bytesOut += m.bytesOut.value();
      into.errors += m.errors.value();
      into.deadLettered += m.deadLettered.value();
      into.queueDepth += m.queueDepth.value();
      if (n->tracker)  // a partition that moved between members: the furthest position
        for (const auto& [partition, offset] : n->tracker->committed())
          into.committed[partition] = std::max(into.committed[partition], offset);
      if (n->source) into.members.push_back({n->context.member, std::move(partitions), m.recordsOut.value()});
      continue;
    }
    NodeSnapshot ns;
    ns.id = n->context.nodeId;
    ns.type = n->context.type;
    ns.category = n->category;
    const NodeMetrics& m = *n->metrics;
    ns.recordsIn = m.recordsIn.value();
    ns.recordsOut = m.recordsOut.value();
    ns.bytesIn = m.bytesIn.value();
    ns.bytesOut = m.bytesOut.value();
    ns.errors = m.errors.value();
    if (n->stateAttached)
      std::tie(ns.restoredRecords, ns.restoreRecords) = n->transform->stateHook()->restoreProgress();
    ns.deadLettered = m.deadLettered.value();
    ns.queueDepth = m.queueDepth.value();
    ns.queueFill = m.queueFill.value();
    ns.queueCapacity = m.queueCapacity.value();
    ns.batchLatency = m.batchLatency.snapshot();
    ns.lastPosition = {static_cast<std::int32_t>(m.positionPartition.value()),
                       static_cast<std::int64_t>(m.positionOffset.value())};
    if (n->tracker) ns.committed = n->tracker->committed();
    auto configured = n->context.config.find("parallelism");
    bool parallel = configured != n->context.config.end() && configured->is_number_integer() && configured->get<int>() > 1;
    if (n->source && (parallel || !partitions.empty()))
      ns.members.push_back({0, std::move(partitions), ns.recordsOut});
    at[ns.id] = s.nodes.size();
    s.nodes.push_back(std::move(ns));
  }
  return s;
}

}  // namespace tributary::runtime
