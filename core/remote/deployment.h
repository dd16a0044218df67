#pragma once
// One pipeline deployed on a runner, and how runners share it.
//
// Scale-out design. Runners keep no cluster state of their own;
// Kafka coordinates them:
//   1. A pipeline whose cluster is "embedded" runs *locally*: one engine with
//      the whole pipeline, the runner's own embedded broker for its topics,
//      checkpoints in files under the state folder. Nothing is shared.
//   2. Any other cluster means *cluster mode*. The pipeline is cut at its
//      topic nodes (pipeline_split.h):
//      - the shared part (everything fed only by topics) runs on every
//        runner that has the pipeline. Its topic sources join the consumer
//        group tributary.<pipeline>.<node> — the same group `run` and every
//        other runner use — so Kafka spreads the partitions over the runners
//        and moves them when one leaves or dies (session timeout, 6 s by
//        default: the runner sets session.timeout.ms on these consumers).
//        Their positions are the group's committed offsets, committed only
//        after the sinks acknowledged (at-least-once).
//      - the singleton part (everything reachable from a source that cannot
//        be split: datagen, query/CDC sources, files) runs on exactly one
//        runner at a time: the one that owns partition 0 of the coordination
//        topic in the group tributary.<pipeline>.singleton
//        (singleton_election.h). It starts there when ownership arrives and
//        drains when it leaves.
//      - checkpoints of the singleton part's sources go to the compacted
//        topic __tributary_checkpoints (kafka_checkpoint_store.h), so the
//        next owner resumes where the last one checkpointed.
//   Every runner's Kafka clients carry client.id = the runner's name, so a
//   group description shows which runner holds which partitions.
//
// Threads: public methods may be called from any thread (the HTTP server's);
// the election thread calls onElected()/onRevoked(). m_mutex guards the
// engines; it is never held while waiting for an engine to drain or while
// the election is being destroyed (its revoke handler takes the mutex).

#include <chrono>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/backoff.h"
#include "core/metrics/registry.h"
#include "core/model/pipeline.h"
#include "core/remote/deployment_state.h"
#include "core/remote/pipeline_split.h"
#include "core/runtime/engine.h"

namespace tributary::remote {

class SingletonElection;

enum class Desired { Stopped, Running, Paused };
std::string_view toString(Desired desired);
bool desiredFromString(std::string_view text, Desired& out);

// What the runner does when a part of a running pipeline fails (or, with
// Always, also when it finishes): restart it after a back-off that starts at
// restartInitialMs and doubles up to restartMaxMs (base::Backoff, so jittered
// by up to a fifth, never longer than the cap); a part that then runs for
// restartHealthyMs counts as healthy again and the next failure starts the
// back-off afresh. Restarts resume from the last checkpoint.
enum class RestartPolicy { Always, OnFailure, Never };
std::string_view toString(RestartPolicy policy);
bool restartPolicyFromString(std::string_view text, RestartPolicy& out);

// What the runner gives each of its deployments.
struct DeploymentEnv {
  const runtime::FactoryRegistry* factories = nullptr;
  const model::SpecRegistry* specs = nullptr;
  std::filesystem::path workDir;        // relative paths in node configs
  std::filesystem::path checkpointDir;  // local mode's checkpoint files
  std::filesystem::path brokerDir;      // local mode's embedded broker
  std::string runnerName;               // Kafka client.id and checkpoint writer
  int sessionTimeoutMs = 6000;
  std::size_t workers = 0;
  std::int64_t drainTimeoutMs = 15000;
  std::int64_t checkpointIntervalMs = 1000;
  std::int64_t restartInitialMs = 1000;
  std::int64_t restartMaxMs = 60000;
  std::int64_t restartHealthyMs = 60000;
};

class Deployment {
 public:
  // `pipeline` is validated; its secrets are resolved when it starts.
  Deployment(model::Pipeline pipeline, DeploymentEnv env, RestartPolicy restart = RestartPolicy::OnFailure);
  ~Deployment();  // stops gracefully (bounded by the drain timeout)
  Deployment(const Deployment&) = delete;
  Deployment& operator=(const Deployment&) = delete;

  const model::Pipeline& pipeline() const { return m_pipeline; }
  bool clusterMode() const { return m_clusterMode; }
  Desired desired() const;
  RestartPolicy restartPolicy() const { return m_policy; }

  // Starts it (or resumes it when paused). Errors: secrets that do not resolve,
  // a broker that cannot be reached, a node that cannot be created.
  Status start();
  void pause();
  // Drains every part, writes the final checkpoints and leaves the election group.
  void stop();

  // Restarts failed parts as the policy says (see RestartPolicy). Called
  // about once a second by the runner's sampler thread.
  void supervise(std::int64_t nowMs);

  // {"name", "desired", "state", "reason", "failed_node", "mode", "parts": {...}, "restart": {...}, "nodes": [...]}.
  // "state" is a DeploymentState's wire string; "failed_node" (only while failed
  // or restarting after a node's failure) is the id of the node that failed.
  // While a restart is pending the state is "restarting" and "status_text"
  // says "restarting (attempt N, next in Xs)".
  nlohmann::json status(bool withNodes) const;
  std::vector<metrics::FamilySnapshot> collectMetrics() const;
  bool singletonOwner() const;

  // Records one metrics sample (the HTTP API serves them "since a time").
  void sample(std::int64_t nowMs);
  nlohmann::json samplesSince(std::int64_t sinceMs) const;

 private:
  enum Slot { Whole, Shared, Singleton };
  std::unique_ptr<runtime::Engine>& slot(Slot s);
  bool needsRestart(const runtime::Engine* engine) const;
  base::BackoffPolicy restartBackoff() const { return {m_env.restartInitialMs, m_env.restartMaxMs, 0.2}; }
  Result<std::unique_ptr<runtime::Engine>> makeEngine(const model::Pipeline& part, bool kafkaCheckpoints);
  void onElected();
  void onRevoked();
  std::vector<runtime::EngineSnapshot> snapshots() const;
  std::vector<runtime::NodeSnapshot> mergedNodes() const;
  std::string displayId(const runtime::NodeSnapshot& node) const;

  model::Pipeline m_pipeline;
  DeploymentEnv m_env;
  bool m_clusterMode = false;
  PipelineParts m_parts;             // cluster mode
  model::Pipeline m_resolved;        // secrets resolved, runner properties applied (set by start)

  mutable std::mutex m_mutex;
  Desired m_desired = Desired::Stopped;
  std::unique_ptr<runtime::Engine> m_whole;      // local mode
  std::unique_ptr<runtime::Engine> m_shared;     // cluster mode
  std::unique_ptr<runtime::Engine> m_singleton;  // cluster mode, while this runner owns it
  std::string m_singletonError;                  // why the singleton part could not start here
  std::unique_ptr<SingletonElection> m_election;
  std::int64_t m_ownedSinceMs = 0;
  RestartPolicy m_policy = RestartPolicy::OnFailure;
  std::uint64_t m_generation = 0;  // bumped by start() and stop(): a restart in progress then gives up
  struct Restart {
    std::set<int> slots;             // parts that failed and wait for their restart
    int attempt = 0;                 // restarts since the pipeline was last healthy
    std::int64_t nextAtMs = 0;       // 0: none scheduled
    std::int64_t healthySinceMs = 0;
    std::string lastFailure;
    std::string lastFailedNode;  // the node of lastFailure, if a node's
  } m_restart;

  struct Sample {
    std::int64_t timeMs;
    nlohmann::json nodes;
  };
  mutable std::mutex m_samplesMutex;
  std::deque<Sample> m_samples;
};

}  // namespace tributary::remote
