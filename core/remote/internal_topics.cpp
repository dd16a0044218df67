#include "core/remote/internal_topics.h"

#include <spdlog/spdlog.h>

#include "core/kafka/cluster.h"

namespace tributary::remote {

Status ensureInternalTopic(const kafka::ClusterConfig& cluster, const std::string& topic,
                           const std::vector<std::pair<std::string, std::string>>& configs) {
  auto admin = kafka::ClusterClient::connect(cluster);
  if (!admin) return admin.error();
  auto existing = (*admin)->describeTopic(topic);
  if (existing) return {};
  if (existing.error().code != ErrorCode::NotFound) return existing.error();
  auto created = (*admin)->createTopic(topic, 1, 1, configs);
  // Several runners start at once: the one that loses the race finds it created.
  if (!created && created.error().message.find("already exists") == std::string::npos) return created;
  if (created) spdlog::info("created topic {}", topic);
  return {};
}

}  // namespace tributary::remote
