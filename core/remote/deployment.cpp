#include "core/remote/deployment.h"

#include <spdlog/spdlog.h>

#include "core/base/clock.h"
#include "core/kafka/embedded.h"
#include "core/registry/embedded_registry.h"
#include "core/model/secrets.h"
#include "core/remote/kafka_checkpoint_store.h"
#include "core/remote/singleton_election.h"

namespace tributary::remote {
namespace {

kafka::ClusterConfig clusterOf(const model::Pipeline& pipeline) {
  kafka::ClusterConfig cluster;
  cluster.name = pipeline.name;
  cluster.bootstrap = pipeline.cluster.bootstrap;
  cluster.properties = pipeline.cluster.properties;
  return cluster;
}

nlohmann::json engineState(const runtime::Engine* engine) {
  if (!engine) return nullptr;
  return {{"state", std::string(runtime::toString(engine->state()))}, {"reason", engine->reason()}};
}

}  // namespace

std::string_view toString(Desired desired) {
  switch (desired) {
    case Desired::Stopped:
      return "stopped";
    case Desired::Running:
      return "running";
    case Desired::Paused:
      return "paused";
  }
  return "stopped";
}

bool desiredFromString(std::string_view text, Desired& out) {
  if (text == "stopped") out = Desired::Stopped;
  else if (text == "running") out = Desired::Running;
  else if (text == "paused") out = Desired::Paused;
  else return false;
  return true;
}

std::string_view toString(RestartPolicy policy) {
  switch (policy) {
    case RestartPolicy::Always:
      return "always";
    case RestartPolicy::OnFailure:
      return "on-failure";
    case RestartPolicy::Never:
      return "never";
  }
  return "on-failure";
}

bool restartPolicyFromString(std::string_view text, RestartPolicy& out) {
  if (text == "always") out = RestartPolicy::Always;
  else if (text == "on-failure") out = RestartPolicy::OnFailure;
  else if (text == "never") out = RestartPolicy::Never;
  else return false;
  return true;
}

Deployment::Deployment(model::Pipeline pipeline, DeploymentEnv env, RestartPolicy restart)
    : m_pipeline(std::move(pipeline)), m_env(std::move(env)), m_policy(restart) {
  m_clusterMode = m_pipeline.cluster.bootstrap != "embedded";
  if (m_clusterMode) m_parts = splitForRunners(m_pipeline, *m_env.specs);
}

Deployment::~Deployment() {
  stop();
}

Desired Deployment::desired() const {
  std::lock_guard lock(m_mutex);
  return m_desired;
}

Result<std::unique_ptr<runtime::Engine>> Deployment::makeEngine(const model::Pipeline& part, bool kafkaCheckpoints) {
  runtime::EngineOptions options;
  options.workDir = m_env.workDir;
  options.workers = m_env.workers;
  options.drainTimeoutMs = m_env.drainTimeoutMs;
  options.checkpointIntervalMs = m_env.checkpointIntervalMs;
  // Stateful nodes keep their stores under the runner's state folder in both
  // modes (STATE/checkpoints/<part>.state/<node>[/p<N>]); in cluster mode the
  // checkpoints are in Kafka and each store also keeps its changelog topic, so
  // the partitions' state moves with them (docs/stream-processing.md).
  options.stateDir = m_env.checkpointDir;
  if (kafkaCheckpoints)
    options.checkpoints = std::make_shared<KafkaCheckpointStore>(clusterOf(part), part.name, m_env.runnerName);
  return runtime::Engine::create(part, *m_env.factories, options);
}

Status Deployment::start() {
  std::lock_guard lock(m_mutex);
  auto running = [](const std::unique_ptr<runtime::Engine>& e) { return e && !runtime::isFinal(e->state()); };
  if (m_desired == Desired::Paused) {
    m_desired = Desired::Running;
    for (auto* e : {m_whole.get(), m_shared.get(), m_singleton.get()})
      if (e) e->resume();
    return {};
  }
  if (m_desired == Desired::Running && (running(m_whole) || running(m_shared) || m_election)) return {};

  ++m_generation;
  m_restart = {};
  auto resolved = model::resolveSecrets(m_pipeline, model::SecretSource::system());
  if (!resolved) return resolved.error();
  m_resolved = std::move(*resolved);
  // The runner's name on every Kafka client, so group descriptions say which runner holds what.
  m_resolved.cluster.properties.try_emplace("client.id", m_env.runnerName);
  m_whole.reset();
  m_shared.reset();
  m_singleton.reset();
  m_singletonError.clear();

  if (!m_clusterMode) {
    if (kafka::needsEmbeddedBroker(m_resolved)) {
      auto broker = kafka::ensureEmbeddedBroker(m_env.brokerDir);
      if (!broker) return makeError(broker.error().code, "cannot start the embedded broker: " + broker.error().message);
      if (registry::needsEmbeddedRegistry(m_resolved)) {
        auto url = registry::ensureEmbeddedRegistry();
        if (!url)
          return makeError(url.error().code, "cannot start the embedded schema registry: " + url.error().message);
      }
    }
    auto engine = makeEngine(m_resolved, false);
    if (!engine) return engine.error();
    m_whole = std::move(*engine);
    m_whole->start();
    m_desired = Desired::Running;
    return {};
  }

  m_parts = splitForRunners(m_resolved, *m_env.specs);
  if (m_parts.shared) {
    // Shared topic consumers notice a dead runner after the session timeout.
    for (model::Node& node : m_parts.shared->nodes) {
      const model::NodeSpec* spec = m_env.specs->find(node.type);
      if (!spec || spec->category != model::NodeCategory::Topic) continue;
      nlohmann::json& properties = node.config["properties"];
      if (!properties.is_object()) properties = nlohmann::json::object();
      if (!properties.contains("session.timeout.ms"))
        properties["session.timeout.ms"] = std::to_string(m_env.sessionTimeoutMs);
      if (!properties.contains("heartbeat.interval.ms"))
        properties["heartbeat.interval.ms"] = std::to_string(std::max(100, m_env.sessionTimeoutMs / 6));
    }
    auto engine = makeEngine(*m_parts.shared, true);
    if (!engine) return engine.error();
    m_shared = std::move(*engine);
  }
  if (m_parts.singleton) {
    SingletonElection::Options options;
    options.sessionTimeoutMs = m_env.sessionTimeoutMs;
    options.heartbeatIntervalMs = std::max(100, m_env.sessionTimeoutMs / 6);
    options.clientId = m_env.runnerName;
    auto election = SingletonElection::start(clusterOf(m_resolved), SingletonElection::groupFor(m_pipeline.name),
                                             {[this] { onElected(); }, [this] { onRevoked(); }}, options);
    if (!election) {
      m_shared.reset();
      return election.error();
    }
    m_election = std::move(*election);
  }
  if (m_shared) m_shared->start();
  m_desired = Desired::Running;
  return {};
}

void Deployment::pause() {
  std::lock_guard lock(m_mutex);
  if (m_desired != Desired::Running) return;
  m_desired = Desired::Paused;
  for (auto* e : {m_whole.get(), m_shared.get(), m_singleton.get()})
    if (e) e->pause();
}

void Deployment::stop() {
  std::unique_ptr<SingletonElection> election;
  {
    std::lock_guard lock(m_mutex);
    m_desired = Desired::Stopped;
    ++m_generation;
    m_restart = {};
    election = std::move(m_election);
  }
  election.reset();  // leaves the group; its revoke handler drains the singleton part
  std::vector<runtime::Engine*> engines;
  {
    std::lock_guard lock(m_mutex);
    for (auto* e : {m_whole.get(), m_shared.get(), m_singleton.get()})
      if (e) engines.push_back(e);
  }
  // The engines stay owned by this object (status() shows their final state);
  // only stop() and start() replace them, and both run on API threads that the
  // service serializes per deployment.
  for (auto* e : engines) e->stop();
  for (auto* e : engines)
    if (!e->waitFor(std::chrono::milliseconds(m_env.drainTimeoutMs + 5000)))
      spdlog::warn("pipeline {}: a part did not stop within {} ms", m_pipeline.name, m_env.drainTimeoutMs + 5000);
}

std::unique_ptr<runtime::Engine>& Deployment::slot(Slot s) {
  return s == Whole ? m_whole : s == Shared ? m_shared : m_singleton;
}

bool Deployment::needsRestart(const runtime::Engine* engine) const {
  if (!engine || m_policy == RestartPolicy::Never) return false;
  runtime::State s = engine->state();
  return s == runtime::State::Failed || (m_policy == RestartPolicy::Always && s == runtime::State::Stopped);
}

void Deployment::supervise(std::int64_t now) {
  std::unique_lock lock(m_mutex);
  if (m_desired != Desired::Running || m_policy == RestartPolicy::Never) return;
  for (Slot s : {Whole, Shared, Singleton}) {
    runtime::Engine* e = slot(s).get();
    if (!needsRestart(e) || m_restart.slots.count(s)) continue;
    m_restart.slots.insert(s);
    const bool failed = e->state() == runtime::State::Failed;
    m_restart.lastFailure = failed ? e->reason() : "it finished";
    m_restart.lastFailedNode = failed ? e->snapshot().failedNode : std::string();
  }
  if (m_restart.slots.empty()) {
    // Healthy: after a healthy period the back-off starts afresh.
    if (m_restart.attempt > 0) {
      if (!m_restart.healthySinceMs) {
        m_restart.healthySinceMs = now;
      } else if (now - m_restart.healthySinceMs >= m_env.restartHealthyMs) {
        spdlog::info("pipeline {}: healthy for {} s after {} restart(s); the back-off starts afresh", m_pipeline.name,
                     m_env.restartHealthyMs / 1000, m_restart.attempt);
        m_restart = {};
      }
    }
    return;
  }
  m_restart.healthySinceMs = 0;
  if (m_restart.nextAtMs == 0) {
    ++m_restart.attempt;
    const std::int64_t delay = base::Backoff::delayMs(restartBackoff(), m_restart.attempt);
    m_restart.nextAtMs = now + delay;
    spdlog::warn("pipeline {}: failed ({}); restart attempt {} in {:.1f} s ({} policy)", m_pipeline.name,
                 m_restart.lastFailure, m_restart.attempt, static_cast<double>(delay) / 1000.0, toString(m_policy));
    return;
  }
  if (now < m_restart.nextAtMs) return;
  m_restart.nextAtMs = 0;

  // Take the failed engines out and copy what to run, then build the new ones without the lock.
  const std::uint64_t generation = m_generation;
  std::vector<std::unique_ptr<runtime::Engine>> old;
  std::vector<std::pair<Slot, model::Pipeline>> parts;
  for (int s : m_restart.slots) {
    Slot which = static_cast<Slot>(s);
    if (which == Singleton && !(m_election && m_election->owner())) continue;  // another runner runs it now
    if (slot(which) && !needsRestart(slot(which).get())) continue;            // restarted by someone else
    old.push_back(std::move(slot(which)));
    const model::Pipeline* part = which == Whole ? &m_resolved : which == Shared ? &*m_parts.shared : &*m_parts.singleton;
    parts.emplace_back(which, *part);
  }
  m_restart.slots.clear();
  lock.unlock();
  old.clear();  // joins the old engines' threads
  for (auto& [which, part] : parts) {
    auto engine = makeEngine(part, which != Whole);
    lock.lock();
    if (generation != m_generation || m_desired != Desired::Running) {
      lock.unlock();
      return;  // stopped or started again meanwhile: that call owns the engines now
    }
    if (!engine) {
      m_restart.slots.insert(which);  // the next tick schedules the next attempt
      m_restart.lastFailure = engine.error().toString();
      m_restart.lastFailedNode.clear();
      spdlog::error("pipeline {}: restart attempt {} failed: {}", m_pipeline.name, m_restart.attempt,
                    m_restart.lastFailure);
    } else if (!slot(which)) {
      slot(which) = std::move(*engine);
      slot(which)->start();
      if (which == Singleton) m_ownedSinceMs = now;
      spdlog::info("pipeline {}: restarted (attempt {})", m_pipeline.name, m_restart.attempt);
    }
    lock.unlock();
  }
}

void Deployment::onElected() {
  std::lock_guard lock(m_mutex);
  if (m_desired == Desired::Stopped || !m_parts.singleton) return;
  if (m_singleton && !runtime::isFinal(m_singleton->state())) return;
  m_singleton.reset();
  auto engine = makeEngine(*m_parts.singleton, true);
  if (!engine) {
    m_singletonError = engine.error().toString();
    spdlog::error("pipeline {}: the singleton part cannot run here: {}", m_pipeline.name, m_singletonError);
    return;
  }
  m_singletonError.clear();
  m_singleton = std::move(*engine);
  m_ownedSinceMs = base::wallMs();
  m_singleton->start();
  if (m_desired == Desired::Paused) m_singleton->pause();
  spdlog::info("pipeline {}: running the singleton part ({} source(s)) on this runner", m_pipeline.name,
               m_parts.singletonSources.size());
}

void Deployment::onRevoked() {
  std::unique_ptr<runtime::Engine> engine;
  {
    std::lock_guard lock(m_mutex);
    engine = std::move(m_singleton);
    m_ownedSinceMs = 0;
  }
  if (!engine) return;
  // Drain before the partition goes back: the next owner then starts from this final checkpoint.
  engine->stop();
  if (!engine->waitFor(std::chrono::milliseconds(m_env.drainTimeoutMs + 5000)))
    spdlog::warn("pipeline {}: the singleton part did not drain in time", m_pipeline.name);
  spdlog::info("pipeline {}: the singleton part stopped on this runner", m_pipeline.name);
}

bool Deployment::singletonOwner() const {
  std::lock_guard lock(m_mutex);
  return m_election && m_election->owner();
}

std::string Deployment::displayId(const runtime::NodeSnapshot& node) const {
  // The shared part's consumer of topic "t" is "t~out" in a whole-pipeline run when t also has inputs.
  static const std::string kConsume = "#consume";
  if (node.type.size() > kConsume.size() &&
      node.type.compare(node.type.size() - kConsume.size(), kConsume.size(), kConsume) == 0 &&
      node.id.find('~') == std::string::npos)
    for (const model::Edge& e : m_pipeline.edges)
      if (e.to == node.id) return node.id + "~out";
  return node.id;
}

std::vector<runtime::NodeSnapshot> Deployment::mergedNodes() const {
  std::vector<runtime::NodeSnapshot> out;
  std::lock_guard lock(m_mutex);
  for (auto* e : {m_whole.get(), m_singleton.get(), m_shared.get()}) {
    if (!e) continue;
    for (runtime::NodeSnapshot& n : e->snapshot().nodes) {
      n.id = displayId(n);
      out.push_back(std::move(n));
    }
  }
  return out;
}

nlohmann::json Deployment::status(bool withNodes) const {
  nlohmann::json j;
  j["name"] = m_pipeline.name;
  j["mode"] = m_clusterMode ? "cluster" : "local";
  DeploymentState state = DeploymentState::Stopped;
  std::string reason, failedNode;
  {
    std::lock_guard lock(m_mutex);
    j["desired"] = std::string(toString(m_desired));
    std::vector<const runtime::Engine*> engines;
    for (auto* e : {m_whole.get(), m_shared.get(), m_singleton.get()})
      if (e) engines.push_back(e);
    bool anyFailed = false, anyStarting = false, anyLive = false, anyFinishedAlone = false;
    for (const auto* e : engines) {
      runtime::State s = e->state();
      if (s == runtime::State::Failed && !anyFailed) {
        anyFailed = true;
        runtime::EngineSnapshot snap = e->snapshot();
        reason = snap.reason;
        failedNode = snap.failedNode;
      }
      if (s == runtime::State::Starting) anyStarting = true;
      if (!runtime::isFinal(s)) anyLive = true;
      if (s == runtime::State::Stopped && m_desired != Desired::Stopped) {
        anyFinishedAlone = true;
        if (reason.empty()) reason = e->reason();
      }
    }
    const bool restarting = m_desired == Desired::Running &&
                            (!m_restart.slots.empty() || needsRestart(m_whole.get()) || needsRestart(m_shared.get()) ||
                             needsRestart(m_singleton.get()));
    if (restarting) {
      state = DeploymentState::Restarting;
      if (!m_restart.lastFailure.empty()) {
        reason = m_restart.lastFailure;
        failedNode = m_restart.lastFailedNode;
      }
      const int attempt = m_restart.nextAtMs ? m_restart.attempt : m_restart.attempt + 1;
      const std::int64_t next =
          m_restart.nextAtMs ? std::max<std::int64_t>(0, m_restart.nextAtMs - base::wallMs()) : base::Backoff::nominalMs(restartBackoff(), attempt);
      const std::int64_t seconds = (next + 999) / 1000;
      j["status_text"] = "restarting (attempt " + std::to_string(attempt) + ", next in " + std::to_string(seconds) + "s)";
    } else if (anyFailed) state = DeploymentState::Failed;
    else if (m_desired == Desired::Stopped) state = anyLive ? DeploymentState::Stopping : DeploymentState::Stopped;
    else if (m_desired == Desired::Paused) state = DeploymentState::Paused;
    else if (anyStarting) state = DeploymentState::Starting;
    else if (anyLive) state = DeploymentState::Running;
    else if (anyFinishedAlone) state = DeploymentState::Finished;
    else if (m_clusterMode && m_election) state = DeploymentState::Standby;  // only a singleton part, owned elsewhere
    else state = DeploymentState::Stopped;
    if (!isFailure(state)) failedNode.clear();
    if (!m_singletonError.empty() && reason.empty()) reason = m_singletonError;

    nlohmann::json parts = nlohmann::json::object();
    if (m_clusterMode) {
      if (m_parts.shared) parts["shared"] = engineState(m_shared.get());
      if (m_parts.singleton) {
        nlohmann::json s = engineState(m_singleton.get());
        if (s.is_null()) s = nlohmann::json::object();
        bool owner = m_election && m_election->owner();
        s["role"] = owner ? "owner" : (m_election ? "standby" : "none");
        s["sources"] = m_parts.singletonSources;
        if (m_ownedSinceMs) s["owner_since_ms"] = m_ownedSinceMs;
        if (!m_singletonError.empty()) s["error"] = m_singletonError;
        parts["singleton"] = s;
      }
    } else {
      parts["whole"] = engineState(m_whole.get());
    }
    j["parts"] = parts;
    j["restart"] = {{"policy", std::string(toString(m_policy))},
                    {"attempt", m_restart.attempt},
                    {"last_failure", m_restart.lastFailure}};
    if (m_restart.nextAtMs) j["restart"]["next_at_ms"] = m_restart.nextAtMs;
  }
  j["state"] = std::string(toString(state));
  j["reason"] = reason;
  // The node the failure is about, so that clients need not parse the reason.
  if (!failedNode.empty()) j["failed_node"] = failedNode;
  if (withNodes) {
    nlohmann::json nodes = nlohmann::json::array();
    for (const runtime::NodeSnapshot& n : mergedNodes()) {
      nodes.push_back({{"id", n.id},
                       {"type", n.type},
                       {"category", std::string(model::toString(n.category))},
                       {"records_in", n.recordsIn},
                       {"records_out", n.recordsOut},
                       {"bytes_in", n.bytesIn},
                       {"bytes_out", n.bytesOut},
                       {"errors", n.errors},
                       {"dead_lettered", n.deadLettered},
                       {"queue_depth", n.queueDepth},
                       {"queue_fill", n.queueFill},
                       {"queue_capacity_batches", n.queueCapacity},
                       {"batch_latency_p50_s", n.batchLatency.quantile(0.5)},
                       {"batch_latency_p99_s", n.batchLatency.quantile(0.99)}});
      // A stateful node restoring (or last restored) a store from its changelog: records applied, of how many.
      if (n.restoreRecords > 0) nodes.back()["restore"] = {{"records", n.restoredRecords}, {"of", n.restoreRecords}};
      // Consumer group members of a topic read here (several with `parallelism`).
      if (!n.members.empty()) {
        nlohmann::json members = nlohmann::json::array();
        for (const runtime::MemberSnapshot& m : n.members)
          members.push_back({{"member", m.member}, {"partitions", m.partitions}, {"records", m.records}});
        nodes.back()["members"] = members;
      }
    }
    j["nodes"] = nodes;
  }
  return j;
}

std::vector<metrics::FamilySnapshot> Deployment::collectMetrics() const {
  std::vector<metrics::FamilySnapshot> out;
  std::lock_guard lock(m_mutex);
  for (auto* e : {m_whole.get(), m_shared.get(), m_singleton.get()})
    if (e) {
      auto families = e->metrics().collect();
      out.insert(out.end(), std::make_move_iterator(families.begin()), std::make_move_iterator(families.end()));
    }
  return out;
}

void Deployment::sample(std::int64_t timeMs) {
  nlohmann::json nodes = nlohmann::json::object();
  for (const runtime::NodeSnapshot& n : mergedNodes())
    nodes[n.id] = {{"type", n.type},         {"records_in", n.recordsIn}, {"records_out", n.recordsOut},
                   {"bytes_in", n.bytesIn},  {"bytes_out", n.bytesOut},   {"errors", n.errors},
                   {"dead_lettered", n.deadLettered}, {"queue_depth", n.queueDepth}};
  std::lock_guard lock(m_samplesMutex);
  m_samples.push_back({timeMs, std::move(nodes)});
  while (m_samples.size() > 900) m_samples.pop_front();  // 15 minutes at one sample a second
}

nlohmann::json Deployment::samplesSince(std::int64_t sinceMs) const {
  nlohmann::json out = nlohmann::json::array();
  std::lock_guard lock(m_samplesMutex);
  for (const Sample& s : m_samples)
    if (s.timeMs > sinceMs) out.push_back({{"time_ms", s.timeMs}, {"nodes", s.nodes}});
  return out;
}

}  // namespace tributary::remote
