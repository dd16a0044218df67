#include "core/remote/internal_topics.h"

#include "core/kafka/cluster.h"

namespace tributary::remote {

Status ensureInternalTopic(const kafka::ClusterConfig& cluster, const std::string& topic,
                           const std::vector<std::pair<std::string, std::string>>& configs) {
  auto admin = kafka::ClusterClient::connect(cluster);
  if (!admin) return admin.error();
  return (*admin)->ensureTopic(topic, 1, configs);
}

}  // namespace tributary::remote
