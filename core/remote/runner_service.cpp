#include "core/remote/runner_service.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "core/base/clock.h"
#include "core/base/files.h"
#include "core/metrics/prometheus.h"
#include "core/model/pipeline_file.h"
#include "core/model/validate.h"
#include "core/remote/deployment_state.h"

namespace tributary::remote {
namespace {

int httpStatusFor(const Error& e) {
  switch (e.code) {
    case ErrorCode::Invalid:
      return 400;
    case ErrorCode::NotFound:
      return 404;
    case ErrorCode::Unavailable:
      return 503;
    case ErrorCode::Unsupported:
      return 501;
    default:
      return 500;
  }
}

nlohmann::json problemsOf(const std::vector<model::Diagnostic>& diagnostics, model::Severity severity) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& d : diagnostics)
    if (d.severity == severity) out.push_back(model::toJson(d));
  return out;
}

}  // namespace

Reply Reply::error(int status, const std::string& message, nlohmann::json extra) {
  Reply r;
  r.status = status;
  r.body = extra.is_object() ? std::move(extra) : nlohmann::json::object();
  r.body["error"] = message;
  return r;
}

RunnerService::RunnerService(ServiceOptions options) : m_options(std::move(options)) {}

Result<std::unique_ptr<RunnerService>> RunnerService::open(ServiceOptions options) {
  if (options.stateDir.empty()) return makeError(ErrorCode::Invalid, "no state folder given");
  if (!options.factories || !options.specs)
    return makeError(ErrorCode::Invalid, "the runner service needs node factories and specs");
  if (options.workDir.empty()) options.workDir = options.stateDir / "work";
  for (const auto& dir : {options.stateDir, options.stateDir / "pipelines", options.stateDir / "checkpoints",
                          options.workDir}) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return makeError(ErrorCode::Io, "cannot create the folder: " + ec.message(), dir.string());
  }
  std::unique_ptr<RunnerService> self(new RunnerService(std::move(options)));
  self->m_started = std::chrono::steady_clock::now();
  DeploymentEnv& env = self->m_env;
  env.factories = self->m_options.factories;
  env.specs = self->m_options.specs;
  env.workDir = self->m_options.workDir;
  env.checkpointDir = self->m_options.stateDir / "checkpoints";
  env.brokerDir = self->m_options.stateDir / "broker";
  env.runnerName = self->m_options.runnerName;
  env.sessionTimeoutMs = self->m_options.sessionTimeoutMs;
  env.workers = self->m_options.workers;
  env.restartInitialMs = self->m_options.restartInitialMs;
  env.restartMaxMs = self->m_options.restartMaxMs;
  env.restartHealthyMs = self->m_options.restartHealthyMs;

  // What was deployed before: each *.state.json names its pipeline and desired state.
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(self->m_options.stateDir / "pipelines", ec)) {
    const std::string file = entry.path().filename().string();
    const std::string suffix = ".state.json";
    if (file.size() <= suffix.size() || file.compare(file.size() - suffix.size(), suffix.size(), suffix) != 0)
      continue;
    auto text = base::readFile(entry.path(), 1 << 20);
    auto doc = text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
    if (!text || doc.is_discarded() || !doc.is_object() || !doc.contains("name")) {
      spdlog::error("{}: unreadable deployment state; skipped", entry.path().string());
      continue;
    }
    std::string name = doc.value("name", "");
    Desired desired = Desired::Stopped;
    desiredFromString(doc.value("desired", "stopped"), desired);
    RestartPolicy restart = RestartPolicy::OnFailure;
    restartPolicyFromString(doc.value("restart", "on-failure"), restart);
    auto pipeline = model::loadPipeline(self->fileFor(name, ".tributary.json"));
    if (!pipeline) {
      spdlog::error("deployed pipeline {} cannot be read: {}", name, pipeline.error().toString());
      continue;
    }
    auto diagnostics = model::validate(*pipeline, *env.specs, self->m_options.validation);
    if (model::hasErrors(diagnostics)) {
      for (const auto& d : diagnostics) spdlog::error("deployed pipeline {}: {}", name, model::format(d));
      spdlog::error("deployed pipeline {} is no longer valid here; it stays stopped", name);
      desired = Desired::Stopped;
    }
    self->m_stored.push_back({std::move(*pipeline), desired, restart});
  }
  RunnerService* raw = self.get();
  self->m_sampler = std::thread([raw] { raw->sampleLoop(); });
  return self;
}

RunnerService::~RunnerService() {
  shutdown();
}

void RunnerService::shutdown() {
  {
    std::lock_guard lock(m_sampleMutex);
    m_stopSampling = true;
  }
  m_sampleCv.notify_all();
  if (m_sampler.joinable()) m_sampler.join();
  std::lock_guard change(m_changeMutex);
  std::vector<std::shared_ptr<Deployment>> all;
  {
    std::lock_guard lock(m_mutex);
    for (auto& [name, d] : m_deployments) all.push_back(d);
  }
  // Stop them side by side: each drain may take a while.
  std::vector<std::thread> stoppers;
  for (auto& d : all) stoppers.emplace_back([d] { d->stop(); });
  for (auto& t : stoppers) t.join();
}

void RunnerService::setRunnerName(std::string name) {
  std::lock_guard change(m_changeMutex);
  m_env.runnerName = name;
  std::lock_guard lock(m_mutex);
  m_options.runnerName = std::move(name);
}

std::string RunnerService::runnerName() const {
  std::lock_guard lock(m_mutex);
  return m_options.runnerName;
}

int RunnerService::resumeStored() {
  std::lock_guard change(m_changeMutex);
  int started = 0;
  for (Stored& stored : m_stored) {
    const std::string name = stored.pipeline.name;
    const Desired desired = stored.desired;
    if (find(name)) continue;  // deployed again meanwhile: the new one wins
    auto d = std::make_shared<Deployment>(std::move(stored.pipeline), m_env, stored.restart);
    {
      std::lock_guard lock(m_mutex);
      m_deployments[name] = d;
    }
    if (desired == Desired::Stopped) continue;
    if (Status s = d->start(); !s) {
      spdlog::error("pipeline {} cannot resume: {}", name, s.error().toString());
      continue;
    }
    if (desired == Desired::Paused) d->pause();
    spdlog::info("pipeline {} resumed ({})", name, toString(desired));
    ++started;
  }
  m_stored.clear();
  m_ready = true;
  return started;
}

std::filesystem::path RunnerService::fileFor(const std::string& name, const char* suffix) const {
  // A readable, collision-free file name: the name's safe characters plus a hash of the whole name.
  std::string safe;
  for (char c : name.substr(0, 64))
    safe.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' ? c : '_');
  std::uint32_t h = 2166136261u;
  for (unsigned char c : name) h = (h ^ c) * 16777619u;
  char hash[9];
  std::snprintf(hash, sizeof hash, "%08x", h);
  return m_options.stateDir / "pipelines" / (safe + "-" + hash + suffix);
}

Status RunnerService::persist(const Deployment& d, const std::string* text) {
  const std::string& name = d.pipeline().name;
  if (text)
    if (Status s = base::writeFileAtomically(fileFor(name, ".tributary.json"), *text); !s) return s;
  nlohmann::json state = {{"name", name},
                          {"desired", std::string(toString(d.desired()))},
                          {"restart", std::string(toString(d.restartPolicy()))}};
  return base::writeFileAtomically(fileFor(name, ".state.json"), state.dump(2) + "\n");
}

std::shared_ptr<Deployment> RunnerService::find(const std::string& name) const {
  std::lock_guard lock(m_mutex);
  auto it = m_deployments.find(name);
  return it == m_deployments.end() ? nullptr : it->second;
}

Reply RunnerService::info() const {
  Reply r;
  std::size_t count;
  {
    std::lock_guard lock(m_mutex);
    count = m_deployments.size();
  }
  r.body = {{"runner", runnerName()},
            {"version", m_options.version},
            {"ready", ready()},
            {"pipelines", count},
            {"uptime_seconds",
             std::chrono::duration<double>(std::chrono::steady_clock::now() - m_started).count()}};
  return r;
}

Reply RunnerService::list() const {
  std::vector<std::shared_ptr<Deployment>> all;
  {
    std::lock_guard lock(m_mutex);
    for (const auto& [name, d] : m_deployments) all.push_back(d);
  }
  Reply r;
  r.body = {{"runner", runnerName()}, {"pipelines", nlohmann::json::array()}};
  for (const auto& d : all) r.body["pipelines"].push_back(d->status(false));
  return r;
}

Reply RunnerService::describe(const std::string& name) const {
  auto d = find(name);
  if (!d) return Reply::error(404, "no pipeline named \"" + name + "\" is deployed on this runner");
  Reply r;
  r.body = d->status(true);
  r.body["runner"] = runnerName();
  r.body["pipeline"] = nlohmann::json::parse(model::serializePipeline(d->pipeline()));
  return r;
}

Reply RunnerService::deploy(std::string_view text, bool start, const std::string& restart) {
  RestartPolicy policy = RestartPolicy::OnFailure;
  if (!restart.empty() && !restartPolicyFromString(restart, policy))
    return Reply::error(400, "restart must be always, on-failure or never (not \"" + restart + "\"); nothing was deployed");
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return Reply::error(400, "the request body is empty; send a pipeline file (JSON)");
  auto parsed = model::parsePipeline(text);
  if (!parsed) {
    nlohmann::json problem = {{"severity", "error"}, {"path", parsed.error().where}, {"message", parsed.error().message}};
    return Reply::error(400, "the pipeline cannot be read: " + parsed.error().toString() + "; nothing was deployed",
                        {{"problems", nlohmann::json::array({problem})}});
  }
  auto diagnostics = model::validate(*parsed, *m_env.specs, m_options.validation);
  if (model::hasErrors(diagnostics)) {
    nlohmann::json problems = problemsOf(diagnostics, model::Severity::Error);
    return Reply::error(400,
                        "the pipeline is invalid (" + std::to_string(problems.size()) +
                            " problem(s)); nothing was deployed",
                        {{"problems", problems}, {"warnings", problemsOf(diagnostics, model::Severity::Warning)}});
  }
  const std::string name = parsed->name;
  const std::string canonical = model::serializePipeline(*parsed);

  std::lock_guard change(m_changeMutex);
  auto old = find(name);
  const bool replaced = static_cast<bool>(old);
  bool wasRunning = old && old->desired() != Desired::Stopped;
  if (old) old->stop();
  auto d = std::make_shared<Deployment>(std::move(*parsed), m_env, policy);
  if (Status s = persist(*d, &canonical); !s)
    return Reply::error(500, "cannot store the pipeline: " + s.error().toString());
  {
    std::lock_guard lock(m_mutex);
    m_deployments[name] = d;
  }
  old.reset();
  spdlog::info("pipeline {} deployed{}", name, replaced ? " (replacing the previous version)" : "");
  Reply r;
  r.status = 201;
  if (start || wasRunning) {
    Status s = d->start();
    if (Status p = persist(*d, nullptr); !p) spdlog::error("pipeline {}: {}", name, p.error().toString());
    if (!s)
      return Reply::error(httpStatusFor(s.error()) == 400 ? 400 : 503,
                          "deployed, but it cannot start: " + s.error().toString(),
                          {{"deployed", true}, {"pipeline", d->status(false)}});
  }
  r.body = {{"deployed", true},
            {"replaced", replaced},
            {"warnings", problemsOf(diagnostics, model::Severity::Warning)},
            {"pipeline", d->status(false)}};
  return r;
}

Reply RunnerService::changed(const std::shared_ptr<Deployment>& d, Status status) {
  if (Status p = persist(*d, nullptr); !p)
    spdlog::error("pipeline {}: cannot store its state: {}", d->pipeline().name, p.error().toString());
  if (!status) return Reply::error(httpStatusFor(status.error()), status.error().toString(), {{"pipeline", d->status(false)}});
  Reply r;
  r.body = d->status(false);
  return r;
}

Reply RunnerService::start(const std::string& name) {
  std::lock_guard change(m_changeMutex);
  auto d = find(name);
  if (!d) return Reply::error(404, "no pipeline named \"" + name + "\" is deployed on this runner");
  return changed(d, d->start());
}

Reply RunnerService::stop(const std::string& name) {
  std::lock_guard change(m_changeMutex);
  auto d = find(name);
  if (!d) return Reply::error(404, "no pipeline named \"" + name + "\" is deployed on this runner");
  d->stop();
  return changed(d, {});
}

Reply RunnerService::pause(const std::string& name) {
  std::lock_guard change(m_changeMutex);
  auto d = find(name);
  if (!d) return Reply::error(404, "no pipeline named \"" + name + "\" is deployed on this runner");
  if (d->desired() != Desired::Running)
    return Reply::error(409, "pipeline \"" + name + "\" is not running", {{"pipeline", d->status(false)}});
  d->pause();
  return changed(d, {});
}

Reply RunnerService::remove(const std::string& name) {
  std::lock_guard change(m_changeMutex);
  auto d = find(name);
  if (!d) return Reply::error(404, "no pipeline named \"" + name + "\" is deployed on this runner");
  d->stop();
  {
    std::lock_guard lock(m_mutex);
    m_deployments.erase(name);
  }
  std::error_code ec;
  std::filesystem::remove(fileFor(name, ".state.json"), ec);
  std::filesystem::remove(fileFor(name, ".tributary.json"), ec);
  Reply r;
  r.body = {{"removed", name}};
  return r;
}

Reply RunnerService::metrics(const std::string& name, std::int64_t sinceMs) const {
  auto d = find(name);
  if (!d) return Reply::error(404, "no pipeline named \"" + name + "\" is deployed on this runner");
  Reply r;
  r.body = d->status(true);
  r.body["runner"] = runnerName();
  r.body["time_ms"] = base::wallMs();
  r.body["samples"] = d->samplesSince(sinceMs);
  return r;
}

std::string RunnerService::prometheus() const {
  std::vector<std::shared_ptr<Deployment>> all;
  {
    std::lock_guard lock(m_mutex);
    for (const auto& [name, d] : m_deployments) all.push_back(d);
  }
  std::map<std::string, metrics::FamilySnapshot> families;
  auto add = [&](metrics::FamilySnapshot f) {
    auto [it, added] = families.try_emplace(f.name, f);
    if (!added)
      it->second.series.insert(it->second.series.end(), std::make_move_iterator(f.series.begin()),
                               std::make_move_iterator(f.series.end()));
  };
  metrics::FamilySnapshot up{"tributary_runner_pipeline_running",
                             "1 when the pipeline runs (or stands by for its singleton part) on this runner.",
                             metrics::MetricType::Gauge, {}};
  metrics::FamilySnapshot owner{"tributary_runner_singleton_owner",
                                "1 when this runner runs the pipeline's singleton part (sources that cannot be split).",
                                metrics::MetricType::Gauge, {}};
  for (const auto& d : all) {
    for (auto& f : d->collectMetrics()) add(std::move(f));
    nlohmann::json s = d->status(false);
    auto state = parseDeploymentState(s.value("state", ""));
    metrics::Labels labels = {{"pipeline", d->pipeline().name}};
    up.series.push_back({labels, state && isActive(*state) ? 1.0 : 0.0, {}});
    if (d->clusterMode() && s["parts"].contains("singleton"))
      owner.series.push_back({labels, d->singletonOwner() ? 1.0 : 0.0, {}});
  }
  add(std::move(up));
  if (!owner.series.empty()) add(std::move(owner));
  std::vector<metrics::FamilySnapshot> out;
  for (auto& [name, f] : families) {
    std::sort(f.series.begin(), f.series.end(),
              [](const metrics::SeriesSnapshot& a, const metrics::SeriesSnapshot& b) { return a.labels < b.labels; });
    out.push_back(std::move(f));
  }
  return metrics::renderPrometheus(out);
}

void RunnerService::sampleLoop() {
  std::unique_lock lock(m_sampleMutex);
  while (!m_stopSampling) {
    m_sampleCv.wait_for(lock, std::chrono::milliseconds(m_options.sampleIntervalMs), [&] { return m_stopSampling; });
    if (m_stopSampling) break;
    lock.unlock();
    std::vector<std::shared_ptr<Deployment>> all;
    {
      std::lock_guard l(m_mutex);
      for (const auto& [name, d] : m_deployments) all.push_back(d);
    }
    std::int64_t t = base::wallMs();
    for (const auto& d : all) {
      d->supervise(t);
      d->sample(t);
    }
    lock.lock();
  }
}

}  // namespace tributary::remote
