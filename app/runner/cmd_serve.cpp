// tributary-runner serve --listen HOST:PORT [--token-file F] [--tls-cert C --tls-key K] [--state DIR] ...
#include <signal.h>

#include <cctype>
#include <filesystem>
#include <iostream>
#include <tuple>

#include "app/runner/cli.h"
#include "core/base/files.h"
#include "core/base/log.h"
#include "core/connectors/builtin.h"
#include "core/kafka/embedded.h"
#include "core/remote/api_token.h"
#include "core/remote/http_api.h"
#include "core/remote/log_ring.h"
#include "core/remote/runner_service.h"
#include "core/runtime/engine.h"
#include "core/base/units.h"
#include "tributary_version.h"

namespace tributary::cli {
namespace {

const char* kUsage = R"(Usage: tributary-runner serve [OPTIONS]

Runs this machine as a remote runner: an HTTP+JSON API to deploy pipelines
(the same file format), start, stop and pause them, and read their state,
metrics (JSON, and Prometheus text at /metrics) and recent logs. Deployed
pipelines are kept in the state folder and resume when the runner restarts.
Several runners given the same pipeline share it through Kafka: topic-reading
stages share the partitions in one consumer group; sources that cannot be
split (datagen, query and CDC sources, files) run on one runner at a time,
elected through the topic __tributary_coord, with their checkpoints in the
compacted topic __tributary_checkpoints. Pipelines on the "embedded" cluster
run locally on this runner's own embedded broker.

  --listen HOST:PORT      address to serve on (default 127.0.0.1:7070; port 0
                          picks a free one). Loopback unless told otherwise.
  --token-file FILE       bearer token for every request except /health and
                          /ready; created with a new random token (mode 0600)
                          when missing (default: STATE/api-token)
  --tls-cert FILE         serve HTTPS with this PEM certificate ...
  --tls-key FILE          ... and this PEM private key
  --state DIR             deployed pipelines, local checkpoints, work folder
                          (default: the XDG state folder's runner/)
  --workdir DIR           relative paths in node configs (default STATE/work)
  --name NAME             this runner's name in group descriptions, checkpoints
                          and static group member ids (default: the name kept in
                          STATE/runner-name; written at the first start as
                          tributary-runner@HOST:PORT)
  --session-timeout D     how soon Kafka notices a dead runner (default 6s)
  --max-body BYTES        largest request body accepted (default 4194304)
  --workers N             worker threads per pipeline part (default: one per core)
  --state-memory SIZE     memory for the aggregate and join state stores of this
                          process: one shared cache and write buffers (default 256MiB)
  --restart-initial D     first wait before restarting a failed pipeline (default 1s);
                          it doubles with each attempt ...
  --restart-max D         ... up to this (default 60s)
  --restart-healthy D     a restarted pipeline that runs this long starts the
                          back-off afresh (default 60s)

A deployment's restart policy is given with POST /api/v1/pipelines?restart=
always|on-failure|never (default on-failure).

Prints "listening on URL" on standard output once requests are served, then
runs until SIGINT or SIGTERM, which stop the pipelines gracefully (their
deployed state is kept and resumed on the next start).
)";

int run(const std::vector<std::string>& argv) {
  Args args(argv);
  std::string listen = "127.0.0.1:7070", tokenFile, cert, key, state, workDir, name, session, maxBody, workers;
  std::string restartInitial, restartMax, restartHealthy;
  args.option("--listen", listen);
  args.option("--token-file", tokenFile);
  args.option("--tls-cert", cert);
  args.option("--tls-key", key);
  args.option("--state", state);
  args.option("--workdir", workDir);
  args.option("--name", name);
  args.option("--session-timeout", session);
  args.option("--max-body", maxBody);
  args.option("--workers", workers);
  args.option("--restart-initial", restartInitial);
  args.option("--restart-max", restartMax);
  args.option("--restart-healthy", restartHealthy);
  if (!stateMemoryOption(args, "serve")) return kExitBadInput;
  std::vector<std::string> rest;
  std::string error;
  auto bad = [](const std::string& message) {
    std::cerr << "serve: " << message << "\n" << kUsage;
    return kExitBadInput;
  };
  if (!args.positionals(rest, error) || !rest.empty()) return bad(error.empty() ? "unexpected argument " + rest[0] : error);

  remote::ApiOptions api;
  auto colon = listen.rfind(':');
  try {
    if (colon == std::string::npos) throw std::invalid_argument("no port");
    std::size_t used = 0;
    api.port = std::stoi(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1 || api.port < 0 || api.port > 65535) throw std::invalid_argument("port");
  } catch (...) {
    return bad("--listen needs HOST:PORT, got '" + listen + "'");
  }
  api.host = listen.substr(0, colon);
  if (api.host.size() >= 2 && api.host.front() == '[' && api.host.back() == ']') api.host = api.host.substr(1, api.host.size() - 2);
  if (cert.empty() != key.empty()) return bad("TLS needs both --tls-cert and --tls-key");
  api.certFile = cert;
  api.keyFile = key;
  api.version = kVersion;
  if (!maxBody.empty()) {
    try {
      api.maxBodyBytes = std::stoul(maxBody);
    } catch (...) {
      return bad("--max-body needs a number of bytes");
    }
    if (api.maxBodyBytes < 1024) return bad("--max-body must be at least 1024");
  }
  remote::ServiceOptions service;
  service.stateDir = state.empty() ? log::stateDirectory() / "runner" : std::filesystem::absolute(state);
  if (!workDir.empty()) service.workDir = std::filesystem::absolute(workDir);
  service.version = kVersion;
  service.factories = &connectors::builtinFactories();
  service.specs = &connectors::builtinSpecs();
  service.validation = connectors::defaultValidationOptions(true);
  if (!session.empty()) {
    auto ms = base::parseDurationMs(nlohmann::json(session));
    if (!ms || *ms < 1000 || *ms > 300000) return bad("--session-timeout needs a duration from 1s to 5m");
    service.sessionTimeoutMs = static_cast<int>(*ms);
  }
  if (!workers.empty()) {
    try {
      service.workers = std::stoul(workers);
    } catch (...) {
      return bad("--workers needs a number");
    }
  }
  for (auto [text, target, flag] : {std::tuple{&restartInitial, &service.restartInitialMs, "--restart-initial"},
                                    std::tuple{&restartMax, &service.restartMaxMs, "--restart-max"},
                                    std::tuple{&restartHealthy, &service.restartHealthyMs, "--restart-healthy"}}) {
    if (text->empty()) continue;
    auto ms = base::parseDurationMs(nlohmann::json(*text));
    if (!ms || *ms < 100 || *ms > 24LL * 3600 * 1000)
      return bad(std::string(flag) + " needs a duration from 100ms to 24h, got '" + *text + "'");
    *target = *ms;
  }
  if (service.restartMaxMs < service.restartInitialMs) return bad("--restart-max must not be below --restart-initial");
  if (api.host != "127.0.0.1" && api.host != "localhost" && api.host != "::1")
    std::cerr << "serve: listening on " << api.host << ", not only loopback: other machines can reach this runner"
              << (api.certFile.empty() ? " and its token travels unencrypted (use --tls-cert/--tls-key)" : "") << "\n";

  std::filesystem::path tokenPath = tokenFile.empty() ? service.stateDir / "api-token" : std::filesystem::path(tokenFile);
  auto token = remote::loadOrCreateToken(tokenPath);
  if (!token) {
    std::cerr << "serve: " << token.error().toString() << "\n";
    return kExitFailure;
  }
  if (!token->warning.empty()) std::cerr << "serve: warning: " << token->warning << "\n";
  if (token->created) std::cerr << "serve: a new API token was written to " << tokenPath.string() << " (mode 0600)\n";
  api.token = token->token;
  log::registerSecret(api.token);

  runtime::tuneAllocatorForPipelines();
  // Block the stop signals before any thread starts; this thread waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto logs = std::make_shared<remote::LogRing>();
  log::addSink(logs);
  // Stops the embedded broker (local-mode pipelines) on every way out, after the service below.
  struct BrokerStopper {
    ~BrokerStopper() { kafka::stopEmbeddedBroker(); }
  } brokerStopper;

  // The name needs the port, which is known once the server is bound; the
  // service gets it before any pipeline starts.
  service.runnerName = name;
  auto opened = remote::RunnerService::open(service);
  if (!opened) {
    std::cerr << "serve: " << opened.error().toString() << "\n";
    return kExitFailure;
  }
  remote::RunnerService& svc = **opened;
  auto server = remote::ApiServer::start(svc, logs, api);
  if (!server) {
    std::cerr << "serve: " << server.error().toString() << "\n";
    return kExitFailure;
  }
  if (name.empty()) {
    // The first start's default name is kept in the state folder, so a runner
    // restarted on it (with --listen HOST:0, a new port) is the same static
    // group member and gets its partitions straight back.
    auto nameFile = service.stateDir / "runner-name";
    std::string stored;
    if (std::filesystem::exists(nameFile)) {
      auto text = base::readFile(nameFile, 4096);
      if (!text) {
        std::cerr << "serve: " << text.error().toString() << "\n";
        return kExitFailure;
      }
      stored = *text;
      while (!stored.empty() && std::isspace(static_cast<unsigned char>(stored.back()))) stored.pop_back();
    }
    if (stored.empty()) {
      stored = "tributary-runner@" + api.host + ":" + std::to_string((*server)->port());
      if (auto written = base::writeFileAtomically(nameFile, stored + "\n"); !written) {
        std::cerr << "serve: " << written.error().toString() << "\n";
        return kExitFailure;
      }
    }
    svc.setRunnerName(stored);
  }
  std::cout << "listening on " << (*server)->url() << std::endl;
  int resumed = svc.resumeStored();
  spdlog::info("runner {} ready on {}; {} pipeline(s) resumed", svc.runnerName(), (*server)->url(), resumed);

  int sig = 0;
  sigwait(&signals, &sig);
  std::cerr << "serve: " << (sig == SIGINT ? "SIGINT" : "SIGTERM") << " received; stopping pipelines\n";
  (*server)->stop();
  svc.shutdown();
  return kExitOk;
}

}  // namespace

Command serveCommand() {
  return {"serve", "serve the remote-runner API (deploy, start, stop, metrics)", kUsage, run};
}

}  // namespace tributary::cli
