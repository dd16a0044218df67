#pragma once
// What a runner does, without HTTP: the deployed pipelines, kept in a state
// folder so that a restarted runner resumes them, their lifecycle, their
// metrics and recent logs. The HTTP API (http_api.h) maps requests onto it.
//
// State folder:
//   pipelines/<file>.tributary.json  the deployed pipeline (canonical text)
//   pipelines/<file>.state.json      {"name": ..., "desired": "running|paused|stopped", "restart": "on-failure"}
//   checkpoints/                     checkpoints of local-mode pipelines
//   broker/                          the embedded broker of local-mode pipelines
//   work/                            relative paths in node configs
// (cluster-mode checkpoints live in Kafka; see deployment.h.)
//
// Threads: every public method may be called from any thread. Changes
// (deploy, start, stop, pause, remove) run one at a time; reads never wait
// for them. A sampler thread records one metrics sample per second.

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/result.h"
#include "core/model/validate.h"
#include "core/remote/deployment.h"

namespace tributary::remote {

struct ServiceOptions {
  std::filesystem::path stateDir;
  std::filesystem::path workDir;  // empty: stateDir/work
  std::string runnerName;         // shown by /api/v1/info, Kafka client.id
  std::string version;
  int sessionTimeoutMs = 6000;
  std::size_t workers = 0;
  std::int64_t sampleIntervalMs = 1000;
  // Restart back-off of failed pipelines (see RestartPolicy in deployment.h).
  std::int64_t restartInitialMs = 1000;
  std::int64_t restartMaxMs = 60000;
  std::int64_t restartHealthyMs = 60000;
  // The node types deployed pipelines may use and how they are validated,
  // given by whoever runs the service (app/runner/cmd_serve.cpp passes the
  // built-in connectors), so remote does not depend on connectors. Required.
  const runtime::FactoryRegistry* factories = nullptr;
  const model::SpecRegistry* specs = nullptr;
  model::ValidationOptions validation;
};

// An answer for the API: an HTTP status and a JSON body ({"error": ...} when it failed).
struct Reply {
  int status = 200;
  nlohmann::json body;
  static Reply error(int status, const std::string& message, nlohmann::json extra = nullptr);
};

class RunnerService {
 public:
  static Result<std::unique_ptr<RunnerService>> open(ServiceOptions options);
  ~RunnerService();  // stops every pipeline gracefully (their desired state stays stored)

  // The runner's name (Kafka client.id, checkpoint writer). Set before
  // resumeStored() when it is known only once the API is bound.
  void setRunnerName(std::string name);
  std::string runnerName() const;

  // Deploys what the state folder holds and starts the pipelines whose stored
  // desired state is running or paused. Returns how many started.
  int resumeStored();
  bool ready() const { return m_ready.load(); }

  Reply info() const;
  Reply list() const;
  Reply describe(const std::string& name) const;
  // Parses and validates `text` (a pipeline file); nothing is stored unless it is valid.
  // Replaces a deployed pipeline of the same name (stopping it first).
  // `restart`: always, on-failure (empty: the default) or never.
  Reply deploy(std::string_view text, bool start, const std::string& restart = {});
  Reply start(const std::string& name);
  Reply stop(const std::string& name);
  Reply pause(const std::string& name);
  Reply remove(const std::string& name);
  // Samples taken after `sinceMs` (ms since the epoch), and the current state.
  Reply metrics(const std::string& name, std::int64_t sinceMs) const;
  // Prometheus text of every pipeline on this runner.
  std::string prometheus() const;

  // Stops every pipeline (keeping their stored desired state) and the sampler.
  void shutdown();

 private:
  explicit RunnerService(ServiceOptions options);
  std::shared_ptr<Deployment> find(const std::string& name) const;
  std::filesystem::path fileFor(const std::string& name, const char* suffix) const;
  Status persist(const Deployment& d, const std::string* text);
  Reply changed(const std::shared_ptr<Deployment>& d, Status status);
  void sampleLoop();

  ServiceOptions m_options;
  DeploymentEnv m_env;
  std::chrono::steady_clock::time_point m_started;
  std::atomic<bool> m_ready{false};

  std::mutex m_changeMutex;  // one change at a time
  mutable std::mutex m_mutex;  // guards m_deployments
  std::map<std::string, std::shared_ptr<Deployment>> m_deployments;
  struct Stored {
    model::Pipeline pipeline;
    Desired desired;
    RestartPolicy restart;
  };
  std::vector<Stored> m_stored;  // read from the state folder by open(), deployed by resumeStored()

  std::mutex m_sampleMutex;
  std::condition_variable m_sampleCv;
  bool m_stopSampling = false;
  std::thread m_sampler;
};

}  // namespace tributary::remote
