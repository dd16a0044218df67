#pragma once
// Helpers for the source tests: a throw-away Mosquitto broker (its own config
// and persistence folder, a free loopback port, killed by the destructor),
// and a harness that creates a built-in source from its config and polls it
// in the test's thread, keeping records and reported errors.
//
// Used from the test's thread only.

#include <chrono>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "../databases/db_servers.h"
#include "core/connectors/builtin.h"
#include "core/metrics/registry.h"
#include "core/runtime/factory.h"

namespace tributary::testing {

class MosquittoBroker {
 public:
  // `extra`: more lines for the listener (TLS settings).
  explicit MosquittoBroker(std::string extra = {}) : m_extra(std::move(extra)) {
    m_dir = makeTempDir("tributary-mqtt");
    m_port = freeLoopbackPort();
    {
      std::ofstream conf(m_dir + "/mosquitto.conf");
      conf << "listener " << m_port << " 127.0.0.1\n"
           << "allow_anonymous true\n"
           << "persistence true\n"
           << "persistence_location " << m_dir << "/\n"
           << "autosave_interval 1\n"
           << "user root\n"
           << "max_queued_messages 100000\n"
           << m_extra;
    }
  }
  ~MosquittoBroker() {
    m_server.kill(SIGKILL);
    std::error_code ec;
    std::filesystem::remove_all(m_dir, ec);
  }
  bool start() {
    if (!m_server.start({"/usr/sbin/mosquitto", "-c", m_dir + "/mosquitto.conf"}, m_dir + "/broker.log")) return false;
    // Ready once the port accepts connections.
    for (int i = 0; i < 200; ++i) {
      int fd = ::socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      addr.sin_port = htons(static_cast<std::uint16_t>(m_port));
      bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
      ::close(fd);
      if (ok) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return false;
  }
  void kill(int sig) { m_server.kill(sig); }
  int port() const { return m_port; }
  const std::string& dir() const { return m_dir; }
  std::string uri(const std::string& scheme = "tcp") const {
    return scheme + "://127.0.0.1:" + std::to_string(m_port);
  }
  std::string log() const {
    std::ifstream in(m_dir + "/broker.log");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  // mosquitto_pub (not our code) publishes each line of `lines` as one message.
  bool publish(const std::string& topic, const std::vector<std::string>& lines, int qos = 1,
               const std::string& extraArgs = {}) const {
    std::string file = m_dir + "/pub-" + std::to_string(m_pubCount++) + ".txt";
    {
      std::ofstream out(file);
      for (const auto& l : lines) out << l << "\n";
    }
    int rc = -1;
    runCapture("/usr/bin/mosquitto_pub -h 127.0.0.1 -p " + std::to_string(m_port) + " -q " + std::to_string(qos) +
                   " -t " + shellQuote(topic) + " -l " + extraArgs + " < " + shellQuote(file) + " 2>&1",
               &rc);
    return rc == 0;
  }

 private:
  std::string m_extra;
  std::string m_dir;
  int m_port = 0;
  mutable int m_pubCount = 0;
  ServerProcess m_server;
};

class RecordingErrors final : public runtime::ErrorReporter {
 public:
  void report(const record::Record&, const Error& e) override { errors.push_back(e.toString()); }
  void reportRaw(std::string_view raw, const Error& e, record::SourcePosition) override {
    errors.push_back(e.toString());
    raws.emplace_back(raw);
  }
  bool failed() const override { return false; }
  std::vector<std::string> errors;
  std::vector<std::string> raws;
};

// One built-in source, created as the engine would (defaults filled in), and
// polled by hand.
class SourceHarness {
 public:
  SourceHarness(const std::string& type, const nlohmann::json& config, metrics::Registry* registry = nullptr,
                std::string nodeId = "src") {
    const auto* factory = connectors::builtinFactories().find(type);
    if (!factory) {
      createError = "no factory for " + type;
      return;
    }
    runtime::NodeContext ctx;
    ctx.pipeline = "test";
    ctx.nodeId = std::move(nodeId);
    ctx.type = type;
    ctx.config = factory->spec.withDefaults(config);
    ctx.workDir = std::filesystem::temp_directory_path();
    ctx.metrics = registry;
    auto made = factory->source(ctx);
    if (!made) {
      createError = made.error().toString();
      return;
    }
    source = std::move(*made);
  }
  ~SourceHarness() {
    if (source && opened) source->close();
  }
  Status open(const nlohmann::json& checkpoint = nullptr) {
    opened = true;
    return source->open(checkpoint, errors);
  }
  // Polls until `done` holds or the time is up; returns done().
  bool pollUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    auto end = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      if (std::chrono::steady_clock::now() > end) return false;
      record::Batch batch;
      runtime::PollResult r = source->poll(batch, 500, errors);
      if (r.error) {
        lastError = r.error->toString();
        return false;
      }
      for (auto& p : r.resume) lastResume = p;
      for (auto& rec : batch) records.push_back(std::move(rec));
      if (batch.empty() && r.waitMs > 0) std::this_thread::sleep_for(std::chrono::milliseconds(r.waitMs));
    }
    return true;
  }
  void pollFor(std::chrono::milliseconds duration) {
    auto end = std::chrono::steady_clock::now() + duration;
    pollUntil([&] { return std::chrono::steady_clock::now() > end; }, duration + std::chrono::seconds(1));
  }

  std::unique_ptr<runtime::Source> source;
  std::string createError;
  std::string lastError;
  record::SourcePosition lastResume;
  bool opened = false;
  RecordingErrors errors;
  record::Batch records;
};

inline std::string header(const record::Record& r, const std::string& name) {
  for (const auto& h : r.headers)
    if (h.key == name) return h.value;
  return "<none>";
}

// A gauge's value from a registry (NaN when absent).
inline double gaugeValue(const metrics::Registry& registry, const std::string& name) {
  for (const auto& family : registry.collect())
    if (family.name == name && !family.series.empty()) return family.series.front().value;
  return std::nan("");
}

}  // namespace tributary::testing
