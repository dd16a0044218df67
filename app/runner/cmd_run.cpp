// tributary-runner run FILE [--for DURATION] [--state DIR] [--workdir DIR] ...
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <iostream>
#include <map>
#include <thread>

#include "app/runner/cli.h"
#include "app/runner/run_resume.h"
#include "core/base/log.h"
#include "core/connectors/builtin.h"
#include "core/kafka/embedded.h"
#include "core/registry/embedded_registry.h"
#include "core/metrics/metrics_server.h"
#include "core/metrics/prometheus.h"
#include "core/model/pipeline_file.h"
#include "core/model/secrets.h"
#include "core/runtime/engine.h"
#include "core/base/units.h"
#include "core/sandbox/sandbox_template.h"

namespace tributary::cli {
namespace {

const char* kUsage = R"(Usage: tributary-runner run FILE [OPTIONS]

Runs a pipeline on this machine's cores until its sources end, the --for time
is up, or Ctrl-C / SIGTERM arrives (which stops gracefully: sources stop
reading, records in flight reach their sinks, positions are checkpointed).
A second Ctrl-C exits at once; unacknowledged records are read again next time.
A live status line per node goes to standard error (standard output is left
to sink.stdout).

  --for DURATION          stop after this long, e.g. 30s, 5m
  --state DIR             checkpoint folder (default: STATE/checkpoints, see below);
                          a run resumes from the checkpoint a previous run left
  --workdir DIR           relative paths in node configs are relative to DIR
                          (default: the current directory)
  --reset                 start over: delete the checkpoint and the aggregate and join
                          state (stores, and changelog topics emptied); consumed topics
                          start at their `start` instead of their group's committed offsets
  --checkpoint-interval D how often acknowledged positions are saved (default 1s)
  --state-memory SIZE     memory for the aggregate and join state stores of this
                          process: one shared cache and write buffers (default 256MiB)
  --workers N             worker threads (default: one per core)
  --status-interval D     how often the status is printed (default 1s)
  --quiet                 no status lines, only the summary
  --metrics-listen ADDR   serve GET /metrics (Prometheus text format 0.0.4) on
                          ADDR: HOST:PORT, :PORT or PORT (loopback); port 0 picks one
  --sandbox               for a template with a FILE.sandbox.json next to it:
                          start its local servers (see `tributary-runner sandbox`),
                          load its schema, set the connection variables, and run
                          its traffic script while the pipeline runs; the servers
                          keep running afterwards (stop: tributary-runner sandbox stop)
  --traffic-rate N        rows per second for the traffic script (default: the template's)

Exit status: 0 stopped cleanly, 1 the pipeline is invalid, 2 unreadable file
or bad usage, 3 the pipeline failed (the reason is printed).
)";

std::atomic<int> g_signals{0};

std::string human(double v) {
  char buf[32];
  if (v >= 1e9)
    std::snprintf(buf, sizeof buf, "%.2fG", v / 1e9);
  else if (v >= 1e6)
    std::snprintf(buf, sizeof buf, "%.2fM", v / 1e6);
  else if (v >= 1e4)
    std::snprintf(buf, sizeof buf, "%.1fk", v / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

// What a node did, for its status line: sources count what they emitted,
// sinks what they wrote, transforms what they passed on.
std::uint64_t throughput(const runtime::NodeSnapshot& n) {
  return n.recordsOut;
}

// The members of a stage read in a group and their partitions now:
// "    members 5: #0 [0,1] 12 records, #1 [2,3] 9 records, ...".
std::string membersLine(const runtime::NodeSnapshot& n) {
  std::string out = "    members " + std::to_string(n.members.size()) + ":";
  for (std::size_t i = 0; i < n.members.size(); ++i) {
    const auto& m = n.members[i];
    out += (i ? ", #" : " #") + std::to_string(m.member) + " [";
    for (std::size_t p = 0; p < m.partitions.size(); ++p) out += (p ? "," : "") + std::to_string(m.partitions[p]);
    out += "] " + std::to_string(m.records) + " records";
  }
  return out + "\n";
}

class StatusPrinter {
 public:
  StatusPrinter(bool tty, bool quiet) : m_tty(tty), m_quiet(quiet), m_last(std::chrono::steady_clock::now()) {}

  void print(const runtime::EngineSnapshot& s, bool final) {
    auto now = std::chrono::steady_clock::now();
    double dt = m_last ? std::chrono::duration<double>(now - *m_last).count() : 0;
    m_last = now;
    if (m_quiet && !final) return;
    std::string out;
    if (m_tty && m_lines > 0 && !final) out += "\x1b[" + std::to_string(m_lines) + "A";
    std::size_t width = 4;
    for (const auto& n : s.nodes) width = std::max(width, n.id.size());
    char line[512];
    // Stateful nodes restoring their store from the changelog (before the run starts).
    std::string restoring;
    for (const auto& n : s.nodes)
      if (n.restoreRecords > 0 && n.restoredRecords < n.restoreRecords && !final)
        restoring += "restoring " + n.id + ": " + std::to_string(n.restoredRecords) + " of " +
                     std::to_string(n.restoreRecords) + " records" + (m_tty ? "  " : "\n");
    if (m_tty && !final) {
      std::snprintf(line, sizeof line, "\x1b[2K%s  %.0fs  %s\n", std::string(runtime::toString(s.state)).c_str(),
                    s.uptimeSeconds, restoring.c_str());
      out += line;
    } else if (!restoring.empty()) {
      std::snprintf(line, sizeof line, "[%7.1fs] ", s.uptimeSeconds);
      out += line + restoring;
    }
    for (const auto& n : s.nodes) {
      std::uint64_t total = throughput(n);
      // Live lines show the recent rate; the final summary the average of the whole run.
      double rate = final ? (s.uptimeSeconds > 0 ? static_cast<double>(total) / s.uptimeSeconds : 0)
                          : (dt > 0 ? static_cast<double>(total - m_previous[n.id]) / dt : 0);
      m_previous[n.id] = total;
      if (m_tty && !final) {
        std::snprintf(line, sizeof line,
                      "\x1b[2K  %-*s %-18s %9s/s  in %-9s out %-9s errors %-6" PRIu64 " dead-lettered %-6" PRIu64
                      " queue %.0f\n",
                      static_cast<int>(width), n.id.c_str(), n.type.c_str(), human(rate).c_str(),
                      human(static_cast<double>(n.recordsIn)).c_str(), human(static_cast<double>(total)).c_str(),
                      n.errors, n.deadLettered, n.queueDepth);
      } else {
        std::snprintf(line, sizeof line,
                      "[%7.1fs] %s %s in=%" PRIu64 " out=%" PRIu64 " rate=%.0f/s errors=%" PRIu64
                      " dead_lettered=%" PRIu64 " queue=%.0f%s\n",
                      s.uptimeSeconds, n.id.c_str(), n.type.c_str(), n.recordsIn, total, rate, n.errors, n.deadLettered,
                      n.queueDepth, final ? " (total, average rate)" : "");
      }
      out += line;
      if (n.members.size() > 1) out += (m_tty && !final ? "\x1b[2K" : "") + membersLine(n);
    }
    m_lines = m_tty ? static_cast<int>(s.nodes.size()) + 1 : 0;
    for (const auto& n : s.nodes) m_lines += m_tty && n.members.size() > 1 ? 1 : 0;
    std::fwrite(out.data(), 1, out.size(), stderr);
    std::fflush(stderr);
  }

 private:
  bool m_tty;
  bool m_quiet;
  int m_lines = 0;
  std::optional<std::chrono::steady_clock::time_point> m_last;
  std::map<std::string, std::uint64_t> m_previous;
};

int run(const std::vector<std::string>& argv) {
  Args args(argv);
  std::string forText, stateDir, workDir, checkpointText, workersText, statusText, metricsListen;
  bool hasFor = args.option("--for", forText);
  args.option("--state", stateDir);
  args.option("--workdir", workDir);
  args.option("--checkpoint-interval", checkpointText);
  args.option("--workers", workersText);
  args.option("--status-interval", statusText);
  bool hasMetrics = args.option("--metrics-listen", metricsListen);
  bool quiet = args.flag("--quiet");
  bool reset = args.flag("--reset");
  bool useSandbox = args.flag("--sandbox");
  if (!stateMemoryOption(args, "run")) return kExitBadInput;
  std::string trafficRateText;
  bool hasTrafficRate = args.option("--traffic-rate", trafficRateText);
  double trafficRate = 0;
  if (hasTrafficRate) {
    try {
      trafficRate = std::stod(trafficRateText);
    } catch (...) {
      trafficRate = -1;
    }
    if (trafficRate <= 0 || !useSandbox) {
      std::cerr << "run: --traffic-rate needs --sandbox and a positive number of rows per second\n";
      return kExitBadInput;
    }
  }
  std::vector<std::string> files;
  std::string error;
  if (!args.positionals(files, error) || files.size() != 1) {
    std::cerr << "run: " << (error.empty() ? "name one pipeline file" : error) << "\n" << kUsage;
    return kExitBadInput;
  }
  auto duration = [&](const std::string& text, const char* name, std::int64_t& out) {
    if (text.empty()) return true;
    auto ms = base::parseDurationMs(nlohmann::json(text));
    if (!ms || *ms < 0) {
      std::cerr << "run: " << name << " needs a duration such as 500ms, 10s, 5m\n";
      return false;
    }
    out = *ms;
    return true;
  };
  if (hasMetrics) {
    if (auto address = metrics::MetricsServer::parseListen(metricsListen); !address) {
      std::cerr << "run: --metrics-listen " << address.error().message << "\n";
      return kExitBadInput;
    }
  }
  std::int64_t forMs = -1, statusMs = 1000;
  runtime::EngineOptions options;
  if ((hasFor && !duration(forText, "--for", forMs)) ||
      !duration(checkpointText, "--checkpoint-interval", options.checkpointIntervalMs) ||
      !duration(statusText, "--status-interval", statusMs))
    return kExitBadInput;
  if (!workersText.empty()) {
    try {
      options.workers = static_cast<std::size_t>(std::stoul(workersText));
    } catch (...) {
      std::cerr << "run: --workers needs a number\n";
      return kExitBadInput;
    }
  }
  options.stateDir = stateDir.empty() ? log::stateDirectory() / "checkpoints" : std::filesystem::path(stateDir);
  options.workDir = workDir.empty() ? std::filesystem::current_path() : std::filesystem::absolute(workDir);

  const std::string& file = files[0];
  auto pipeline = model::loadPipeline(file);
  if (!pipeline) {
    std::cerr << pipeline.error().toString() << "\n";
    return kExitBadInput;
  }
  // The template's sandbox: servers, schema and connection variables before the
  // secrets are resolved; its traffic starts with the engine, below.
  sandbox::Sandbox sandboxServers;
  std::unique_ptr<sandbox::SandboxSession> sandboxSession;
  if (useSandbox) {
    auto spec = sandbox::loadTemplateSandbox(file);
    if (!spec) {
      std::cerr << spec.error().toString() << "\n";
      return kExitBadInput;
    }
    if (!*spec) {
      std::cerr << "run: --sandbox needs " << sandbox::sandboxFileFor(file).string()
                << " (the servers, schema and traffic of this template); there is none\n";
      return kExitBadInput;
    }
    sandboxSession = std::make_unique<sandbox::SandboxSession>(sandboxServers, std::move(**spec));
    auto servers = sandboxSession->startServers();
    if (!servers) {
      std::cerr << "sandbox: " << servers.error().toString() << "\n";
      return kExitFailure;
    }
    for (const auto& s : *servers)
      std::cerr << "sandbox " << sandbox::toString(s.kind) << " on " << s.connection.url << " (" << s.dir.string()
                << ")\n";
    sandboxSession->exportEnvironment();
  }
  auto diagnostics = model::validate(*pipeline, connectors::builtinSpecs(), connectors::defaultValidationOptions(true));
  for (const auto& d : diagnostics) std::cerr << file << ": " << model::format(d) << "\n";
  if (model::hasErrors(diagnostics)) {
    std::cerr << file << ": invalid; nothing was run\n";
    return kExitInvalid;
  }
  auto resolved = model::resolveSecrets(*pipeline, model::SecretSource::system());
  if (!resolved) {
    std::cerr << file << ": " << resolved.error().toString() << "\n";
    return kExitInvalid;
  }

  // The run's Kafka client.id, from which topic nodes derive their static
  // group membership: a restart with the same state folder is the same member.
  resolved->cluster.properties.try_emplace("client.id", runClientId(options.stateDir));

  runtime::tuneAllocatorForPipelines();

  // Signals go to one thread that turns them into stop requests; block them
  // before any engine thread starts so that none of those receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // Topic nodes on the "embedded" cluster need the in-process broker (started
  // after the signals are blocked, so its thread never takes SIGTERM); its log
  // lives next to the checkpoints so a restart finds the topics again.
  if (kafka::needsEmbeddedBroker(*resolved)) {
    auto broker = kafka::ensureEmbeddedBroker(options.stateDir / "broker");
    if (!broker) {
      std::cerr << "cannot start the embedded broker: " << broker.error().toString() << "\n";
      return kExitFailure;
    }
    std::cerr << "embedded Kafka broker on " << *broker << "\n";
    if (registry::needsEmbeddedRegistry(*resolved)) {
      auto url = registry::ensureEmbeddedRegistry();
      if (!url) {
        std::cerr << "cannot start the embedded schema registry: " << url.error().toString() << "\n";
        kafka::stopEmbeddedBroker();
        return kExitFailure;
      }
      std::cerr << "embedded schema registry on " << *url << "\n";
    }
  }
  // Stops the broker on every way out, after the engine (declared below, so
  // destroyed first) has closed its clients, and before static destruction
  // takes the logger away.
  struct BrokerStopper {
    ~BrokerStopper() { kafka::stopEmbeddedBroker(); }
  } brokerStopper;


  auto engine = runtime::Engine::create(*resolved, connectors::builtinFactories(), options);
  if (!engine) {
    std::cerr << "pipeline " << pipeline->name << " cannot run: " << engine.error().toString() << "\n";
    return kExitFailure;
  }
  runtime::Engine& e = **engine;
  std::cerr << "pipeline " << pipeline->name << ": " << e.plan().tasks.size() << " task"
            << (e.plan().tasks.size() == 1 ? "" : "s") << " (";
  for (std::size_t i = 0; i < e.plan().tasks.size(); ++i) std::cerr << (i ? ", " : "") << e.plan().tasks[i].name;
  std::cerr << "); checkpoints in " << e.checkpointFile().string() << "\n";
  if (reset) {
    if (auto s = resetRun(*resolved, e.checkpointFile(), e.repartitions()); !s) {
      std::cerr << "run --reset: " << s.error().toString() << "\n";
      return kExitFailure;
    }
    std::cerr << "starting over: no checkpoint\n";
  } else if (std::string resume = describeResume(*resolved, readCheckpointSources(e.checkpointFile()));
             !resume.empty()) {
    std::cerr << resume << "\n";
  }

  // Declared after the engine, so it stops (and stops calling into the
  // engine's registry) before the engine goes away.
  metrics::MetricsServer metricsServer([&e] { return metrics::renderPrometheus(e.metrics()); });
  if (hasMetrics) {
    if (auto status = metricsServer.start(metricsListen); !status) {
      std::cerr << "run: " << status.error().toString() << "\n";
      return kExitFailure;
    }
    std::cerr << "metrics on " << metricsServer.url() << "\n";
  }

  std::atomic<bool> done{false};
  std::thread signalThread([&] {
    timespec tick{0, 100 * 1000 * 1000};
    while (!done) {
      int sig = sigtimedwait(&signals, nullptr, &tick);
      if (sig != SIGINT && sig != SIGTERM) continue;
      if (++g_signals == 1) {
        std::fprintf(stderr, "\nstopping: draining records in flight and checkpointing (Ctrl-C again to quit now)\n");
        e.stop();
      } else {
        std::fprintf(stderr, "\nquitting without draining; unacknowledged records are read again next time\n");
        std::_Exit(kExitFailure);
      }
    }
  });

  bool tty = ::isatty(STDERR_FILENO) == 1;
  StatusPrinter status(tty, quiet);
  auto started = std::chrono::steady_clock::now();
  e.start();
  if (sandboxSession) {
    if (auto traffic = sandboxSession->startTraffic(trafficRate); !traffic) {
      std::cerr << "sandbox traffic: " << traffic.error().toString() << "\n";
      e.stop();
    } else if (!sandboxSession->spec().trafficScript.empty()) {
      std::cerr << "sandbox traffic " << sandboxSession->spec().trafficScript.filename().string() << " (log "
                << sandboxSession->trafficLog().string() << ")\n";
    }
  }
  bool trafficFailed = false;
  while (!e.waitFor(std::chrono::milliseconds(std::max<std::int64_t>(50, statusMs)))) {
    status.print(e.snapshot(), false);
    if (forMs >= 0 && std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(forMs)) e.stop();
    // A traffic script that dies would make a quiet pipeline look healthy: say so and stop.
    if (sandboxSession && !trafficFailed) {
      if (auto health = sandboxSession->trafficHealth(); !health) {
        std::cerr << "sandbox traffic: " << health.error().toString() << "\n";
        trafficFailed = true;
        e.stop();
      }
    }
  }
  if (sandboxSession) {
    sandboxSession->stopTraffic();
    std::cerr << "sandbox servers keep running (tributary-runner sandbox status; sandbox stop to end them)\n";
  }
  done = true;
  signalThread.join();

  auto snapshot = e.snapshot();
  status.print(snapshot, true);
  if (snapshot.state == runtime::State::Failed) {
    std::cerr << "pipeline " << pipeline->name << " failed: " << snapshot.reason << "\n";
    return kExitFailure;
  }
  std::cerr << "pipeline " << pipeline->name << " stopped (" << snapshot.reason << ")\n";
  return trafficFailed ? kExitFailure : kExitOk;
}

}  // namespace

Command runCommand() {
  return {"run", "run a pipeline here until it ends, --for is up or Ctrl-C", kUsage, run};
}

}  // namespace tributary::cli
