#include "core/kafka/embedded.h"

#include <algorithm>
#include <memory>
#include <mutex>

#include "core/broker/broker.h"
#include "core/kafka/client.h"

namespace tributary::kafka {
namespace {

std::mutex g_mutex;
std::unique_ptr<broker::Broker> g_broker;

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
  setEmbeddedBootstrap(g_broker->bootstrap());
  return g_broker->bootstrap();
}

void stopEmbeddedBroker() {
  std::lock_guard lock(g_mutex);
  if (!g_broker) return;
  setEmbeddedBootstrap("");
  g_broker.reset();
}

}  // namespace tributary::kafka
