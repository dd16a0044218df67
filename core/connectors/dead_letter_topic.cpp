// dead_letter_topic: bad records of any node go to a Kafka topic, the way Kafka
// Connect's errors.deadletterqueue does. The message is the record as it was
// (key, JSON value, headers, timestamp) or the raw input that never became a
// record; why and where it failed travel in tributary.* headers.
#include <map>
#include <mutex>

#include <spdlog/spdlog.h>

#include "core/connectors/topic_common.h"
#include "core/connectors/topic_transaction.h"
#include "core/kafka/cluster.h"
#include "core/record/json.h"
#include "core/record/timestamp.h"

namespace tributary::connectors {
namespace {

class DeadLetterTopic final : public runtime::DeadLetterSink, public TransactionalLetters {
 public:
  DeadLetterTopic(kafka::ClusterConfig cluster, std::string topic)
      : m_cluster(std::move(cluster)), m_topic(std::move(topic)) {}

  // Letters of `node` (a node of an exactly_once stage) are written in that
  // stage's transaction: they become visible, and the bad record's input
  // position is committed, together or not at all.
  Status joinTransaction(const std::string& node, std::shared_ptr<StageTransaction> txn) override {
    if (txn->cluster().bootstrap != m_cluster.bootstrap)
      return makeError(ErrorCode::Invalid, "its dead-letter topic `" + m_topic + "` is on another cluster than topic `" +
                                               txn->sourceNode() + "`; a transaction spans one cluster");
    std::lock_guard lock(m_mutex);
    m_transactions[node] = std::move(txn);
    return {};
  }

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

    std::shared_ptr<StageTransaction> txn;
    {
      std::lock_guard lock(m_mutex);
      if (!m_client) {
        auto client = kafka::ClusterClient::connect(m_cluster);
        if (!client) return client.error();
        if (Status s = (*client)->ensureTopic(m_topic, 1); !s) return s;
        m_client = std::move(*client);
        spdlog::info("dead letters go to topic {}", m_topic);
      }
      if (auto it = m_transactions.find(std::string(letter.node)); it != m_transactions.end()) txn = it->second;
    }
    if (txn) return writeInTransaction(*txn, message);
    std::lock_guard lock(m_mutex);
    auto produced = m_client->produce(m_topic, message);
    if (!produced) return produced.error();
    return {};
  }

 private:
  // Produced into the open transaction; its commit waits for the delivery (and fails without it).
  Status writeInTransaction(StageTransaction& txn, const kafka::ProduceMessage& message) {
    StageTransaction::Producing producing(txn);
    if (auto failed = txn.failure()) return *failed;
    rd_kafka_t* rk = txn.client().handle();
    rd_kafka_headers_t* headers = rd_kafka_headers_new(message.headers.size());
    for (const auto& [name, value] : message.headers)
      rd_kafka_header_add(headers, name.data(), static_cast<ssize_t>(name.size()), value.data(),
                          static_cast<ssize_t>(value.size()));
    const void* key = message.key ? message.key->data() : nullptr;
    std::size_t keySize = message.key ? message.key->size() : 0;
    void* value = message.value ? const_cast<char*>(message.value->data()) : nullptr;
    std::size_t valueSize = message.value ? message.value->size() : 0;
    while (true) {
      rd_kafka_resp_err_t err = rd_kafka_producev(
          rk, RD_KAFKA_V_TOPIC(m_topic.c_str()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(key, keySize),
          RD_KAFKA_V_VALUE(value, valueSize),
          RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_TIMESTAMP(message.timestampMs), RD_KAFKA_V_END);
      if (!err) return {};
      if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        rd_kafka_headers_destroy(headers);
        Error error = txn.client().error(err, "writing a dead letter to " + m_topic);
        txn.fail(error);  // the letter is lost to this transaction: it must not commit
        return error;
      }
      rd_kafka_poll(rk, 10);
    }
  }

  kafka::ClusterConfig m_cluster;
  std::string m_topic;
  std::mutex m_mutex;
  std::unique_ptr<kafka::ClusterClient> m_client;  // connected on the first letter
  std::map<std::string, std::shared_ptr<StageTransaction>> m_transactions;  // node -> its exactly_once stage
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
