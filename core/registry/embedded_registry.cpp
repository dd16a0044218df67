#include "core/registry/embedded_registry.h"

#include <algorithm>
#include <memory>
#include <mutex>

#include "core/kafka/cluster_config.h"
#include "core/kafka/embedded.h"
#include "core/registry/registry_server.h"
#include "core/registry/schema_log.h"

namespace tributary::registry {
namespace {

std::mutex g_mutex;
std::unique_ptr<RegistryServer> g_server;

}  // namespace

bool needsEmbeddedRegistry(const model::Pipeline& pipeline) {
  if (pipeline.cluster.schemaRegistry == "embedded") return true;
  return std::any_of(pipeline.nodes.begin(), pipeline.nodes.end(), [](const model::Node& n) {
    return n.type == "topic" && n.config.is_object() && n.config.value("schema_registry", nlohmann::json()) == "embedded";
  });
}

Result<std::string> ensureEmbeddedRegistry() {
  std::lock_guard lock(g_mutex);
  if (g_server) return g_server->url();
  auto bootstrap = kafka::resolveBootstrap("embedded");
  if (!bootstrap) return bootstrap.error();
  kafka::ClusterConfig cluster;
  cluster.name = "embedded";
  cluster.bootstrap = *bootstrap;
  auto schemas = std::make_shared<SchemaRegistry>(makeKafkaSchemaLog(cluster));
  if (Status loaded = schemas->load(); !loaded)
    return makeError(loaded.error().code,
                     "the embedded schema registry cannot read its state: " + loaded.error().message);
  auto server = std::make_unique<RegistryServer>(schemas);
  RegistryServerOptions options;
  options.listen = "127.0.0.1:0";
  if (Status s = server->start(options); !s) return s.error();
  g_server = std::move(server);
  kafka::setEmbeddedSchemaRegistry(g_server->url());
  kafka::onEmbeddedBrokerStop(stopEmbeddedRegistry);
  return g_server->url();
}

void stopEmbeddedRegistry() {
  std::lock_guard lock(g_mutex);
  if (!g_server) return;
  kafka::setEmbeddedSchemaRegistry("");
  g_server.reset();
}

}  // namespace tributary::registry
