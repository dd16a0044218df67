// dead_letter_topic: bad records of any node go to a Kafka topic, the way Kafka
// Connect's errors.deadletterqueue does. The message is the record as it was
// (key, JSON value, headers, timestamp) or the raw input that never became a
// record; why and where it failed travel in tributary.* headers.
#include <mutex>

#include <spdlog/spdlog.h>

#include "core/connectors/topic_common.h"
#include "core/kafka/cluster.h"
#include "core/record/json.h"
#include "core/record/timestamp.h"

namespace tributary::connectors {
namespace {

class DeadLetterTopic final : public runtime::DeadLetterSink {
 public:
  DeadLetterTopic(kafka::ClusterConfig cluster, std::string topic)
      : m_cluster(std::move(cluster)), m_topic(std::move(topic)) {}

  // Each letter is delivered (acks=all) before write() returns: the source may
  // move past a bad record only once its letter is stored. Bad records are
  // rare, so one round trip each is affordable.
  Status write(const runtime::DeadLetter& letter) override {
    kafka::ProduceMessage message;
    if (const record::Record* r = letter.record) {
      if (!r->key.isNull()) encodeForKafka(r->key, TopicFormat::String, message.key.emplace());
      encodeForKafka(r->value, TopicFormat::Json, message.value.emplace());
      message.timestampMs = r->timestampMs > 0 ? r->timestampMs : 0;
      for (const auto& h : r->headers) message.headers.emplace_back(h.key, h.value);
    } else {
      message.value.emplace(letter.raw);
    }
    std::string time;
    record::appendIsoTimestamp(letter.timeUs, time);
    message.headers.emplace_back("tributary.error", letter.error.message);
    if (!letter.error.where.empty()) message.headers.emplace_back("tributary.error.where", letter.error.where);
    message.headers.emplace_back("tributary.pipeline", std::string(letter.pipeline));
    message.headers.emplace_back("tributary.node", std::string(letter.node));
    message.headers.emplace_back("tributary.origin.partition", std::to_string(letter.position.partition));
    message.headers.emplace_back("tributary.origin.offset", std::to_string(letter.position.offset));
    message.headers.emplace_back("tributary.time", std::move(time));

    std::lock_guard lock(m_mutex);
    if (!m_client) {
      auto client = kafka::ClusterClient::connect(m_cluster);
      if (!client) return client.error();
      if (Status s = (*client)->ensureTopic(m_topic, 1); !s) return s;
      m_client = std::move(*client);
      spdlog::info("dead letters go to topic {}", m_topic);
    }
    auto produced = m_client->produce(m_topic, message);
    if (!produced) return produced.error();
    return {};
  }

 private:
  kafka::ClusterConfig m_cluster;
  std::string m_topic;
  std::mutex m_mutex;
  std::unique_ptr<kafka::ClusterClient> m_client;  // connected on the first letter
};

}  // namespace

Result<std::shared_ptr<runtime::DeadLetterSink>> makeDeadLetterTopic(const runtime::NodeContext& context,
                                                                     const std::string& topic) {
  if (topic.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") !=
          std::string::npos ||
      topic.size() > 249)
    return makeError(ErrorCode::Invalid, "\"" + topic + "\" is not a valid topic name (letters, digits, . _ - only)");
  // The pipeline's cluster only: a node's own `properties` mean something else outside topic nodes.
  kafka::ClusterConfig cluster;
  cluster.name = context.pipeline;
  cluster.bootstrap = context.cluster.bootstrap;
  cluster.properties = context.cluster.properties;
  return std::shared_ptr<runtime::DeadLetterSink>(std::make_shared<DeadLetterTopic>(std::move(cluster), topic));
}

}  // namespace tributary::connectors
