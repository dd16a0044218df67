#include "core/kafka/embedded.h"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <vector>

#include "core/broker/broker.h"
#include "core/kafka/client.h"

namespace tributary::kafka {
namespace {

std::mutex g_mutex;
std::unique_ptr<broker::Broker> g_broker;
std::vector<std::function<void()>> g_stops;

}  // namespace

bool needsEmbeddedBroker(const model::Pipeline& pipeline) {
  return pipeline.cluster.bootstrap == "embedded" &&
         std::any_of(pipeline.nodes.begin(), pipeline.nodes.end(), [](const model::Node& n) { return n.type == "topic"; });
}

Result<std::string> ensureEmbeddedBroker(const std::filesystem::path& dataDir) {
  std::lock_guard lock(g_mutex);
  if (g_broker && g_broker->running()) return g_broker->bootstrap();
  broker::BrokerOptions options;
  options.dataDir = dataDir;
  auto started = broker::Broker::start(options);
  if (!started) return started.error();
  g_broker = std::move(*started);
  // Stop it before static destruction: by then spdlog's registry, which the
  // broker logs to while stopping, may already be gone (a crash at exit). An
  // atexit handler registered now runs before the destructors of everything
  // constructed earlier, the logger included.
  static std::once_flag atExit;
  std::call_once(atExit, [] { std::atexit([] { stopEmbeddedBroker(); }); });
  setEmbeddedBootstrap(g_broker->bootstrap());
  return g_broker->bootstrap();
}

void onEmbeddedBrokerStop(std::function<void()> stop) {
  std::lock_guard lock(g_mutex);
  g_stops.push_back(std::move(stop));
}

void stopEmbeddedBroker() {
  std::vector<std::function<void()>> stops;
  {
    std::lock_guard lock(g_mutex);
    stops.swap(g_stops);
  }
  for (auto it = stops.rbegin(); it != stops.rend(); ++it) (*it)();
  std::lock_guard lock(g_mutex);
  if (!g_broker) return;
  setEmbeddedBootstrap("");
  g_broker.reset();
}

}  // namespace tributary::kafka
