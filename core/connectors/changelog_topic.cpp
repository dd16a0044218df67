#include "core/connectors/changelog_topic.h"

#include <atomic>
#include <chrono>
#include <thread>

#include <spdlog/spdlog.h>

#include "core/connectors/topic_common.h"
#include "core/connectors/topic_transaction.h"
#include "core/kafka/browser.h"
#include "core/kafka/client.h"
#include "core/kafka/cluster.h"
#include "core/runtime/repartition.h"

namespace tributary::connectors {
namespace {

constexpr const char* kFlushHeader = "tributary.flush";
constexpr const char* kOffsetsHeader = "tributary.offsets";
constexpr int kWriteTimeoutMs = 30000;

std::atomic<bool> g_changelogsStartOver{false};

class ChangelogTopic final : public stream::Changelog {
 public:
  ChangelogTopic(kafka::ClusterConfig cluster, std::unique_ptr<kafka::ClusterClient> admin, std::string topic,
                 int partitions, std::shared_ptr<StageTransaction> txn)
      : m_cluster(std::move(cluster)),
        m_admin(std::move(admin)),
        m_topic(std::move(topic)),
        m_partitions(partitions),
        m_txn(std::move(txn)) {}

  bool transactional() const override { return m_txn != nullptr; }
  std::uint64_t transaction() const override { return m_writtenIn; }
  std::uint64_t committed() const override { return m_txn ? m_txn->committedTransactions() : 0; }

  const std::string& name() const override { return m_topic; }
  int partitions() const override { return m_partitions; }

  Result<std::vector<std::pair<std::int64_t, std::int64_t>>> watermarks() override {
    return m_admin->watermarks(m_topic, allPartitions());
  }

  Status read(const std::vector<std::int64_t>& from, const std::vector<std::int64_t>& to,
              const std::function<void(const stream::ChangelogRecord&)>& f) override {
    std::vector<kafka::MessageBrowser::Range> ranges;
    for (std::size_t p = 0; p < from.size() && p < to.size(); ++p)
      if (from[p] < to[p]) ranges.push_back({static_cast<std::int32_t>(p), from[p], to[p]});
    if (ranges.empty()) return {};
    kafka::MessageBrowser browser(*m_admin);
    stream::ChangelogRecord r;
    return browser.read(
        m_topic, ranges,
        [&](const rd_kafka_message_t& m) {
          r.partition = m.partition;
          r.offset = m.offset;
          r.key.assign(static_cast<const char*>(m.key), m.key_len);
          if (m.payload)
            r.value.emplace(static_cast<const char*>(m.payload), m.len);
          else
            r.value.reset();
          r.flush = 0;
          rd_kafka_headers_t* headers = nullptr;
          const void* value = nullptr;
          std::size_t size = 0;
          if (rd_kafka_message_headers(&m, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR &&
              rd_kafka_header_get_last(headers, kFlushHeader, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR && value)
            r.flush = std::strtoull(std::string(static_cast<const char*>(value), size).c_str(), nullptr, 10);
          f(r);
          return true;
        },
        nullptr);
  }

  Result<std::vector<std::int64_t>> write(const std::vector<stream::ChangelogEntry>& entries, std::uint64_t flush,
                                          const std::string& offsets) override {
    if (m_txn) {
      // Into the stage's open transaction: no commit can come between these records (Producing).
      if (Status s = m_txn->open(); !s) return s.error();
      StageTransaction::Producing producing(*m_txn);
      if (auto failed = m_txn->failure()) return *failed;
      m_writtenIn = m_txn->committedTransactions() + 1;
      auto written = produce(m_txn->client(), entries, flush, offsets);
      // Some records may be in the transaction already: it must not commit.
      if (!written) m_txn->fail(written.error());
      return written;
    }
    if (!m_producer) {
      // Kafka's default partitioner (murmur2 of the key), as Kafka Streams' changelogs are partitioned.
      auto producer = kafka::Client::create(m_cluster, kafka::Client::Kind::Producer,
                                            {{"acks", "all"},
                                             {"enable.idempotence", "true"},
                                             {"partitioner", "murmur2_random"},
                                             {"linger.ms", "5"},
                                             {"queue.buffering.max.messages", "1000000"},
                                             {"message.timeout.ms", std::to_string(kWriteTimeoutMs)}});
      if (!producer) return producer.error();
      m_producer = std::move(*producer);
    }
    return produce(*m_producer, entries, flush, offsets);
  }

 private:
  // Produces the entries and waits until every one is acknowledged.
  Result<std::vector<std::int64_t>> produce(kafka::Client& producer, const std::vector<stream::ChangelogEntry>& entries,
                                            std::uint64_t flush, const std::string& offsets) {
    rd_kafka_t* rk = producer.handle();
    std::string flushText = std::to_string(flush);
    std::vector<kafka::DeliveryReport> reports(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const stream::ChangelogEntry& e = entries[i];
      void* payload = e.value ? const_cast<char*>(e.value->data()) : nullptr;  // null: a tombstone
      std::size_t payloadSize = e.value ? e.value->size() : 0;
      while (true) {
        rd_kafka_headers_t* headers = rd_kafka_headers_new(2);
        rd_kafka_header_add(headers, kFlushHeader, -1, flushText.data(), static_cast<ssize_t>(flushText.size()));
        rd_kafka_header_add(headers, kOffsetsHeader, -1, offsets.data(), static_cast<ssize_t>(offsets.size()));
        rd_kafka_resp_err_t err = rd_kafka_producev(
            rk, RD_KAFKA_V_TOPIC(m_topic.c_str()),
            RD_KAFKA_V_PARTITION(e.partition < 0 ? RD_KAFKA_PARTITION_UA : e.partition),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(e.key.data(), e.key.size()),
            RD_KAFKA_V_VALUE(payload, payloadSize),
            RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_OPAQUE(&reports[i]), RD_KAFKA_V_END);
        if (!err) break;
        rd_kafka_headers_destroy(headers);
        if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
          rd_kafka_flush(rk, kWriteTimeoutMs);
          return producer.error(err, "writing to " + m_topic);
        }
        rd_kafka_poll(rk, 10);  // the local queue is full: let deliveries drain it
      }
    }
    // (A stage's shared producer: rd_kafka_flush also waits for the other writers' records, which its commit
    // waits for anyway.)
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kWriteTimeoutMs + 2000);
    while (rd_kafka_outq_len(rk) > 0 && std::chrono::steady_clock::now() < deadline) rd_kafka_flush(rk, 100);
    rd_kafka_poll(rk, 0);
    std::vector<std::int64_t> written(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (!reports[i].done)
        return producer.timeoutError("write to " + m_topic, std::chrono::milliseconds(kWriteTimeoutMs));
      if (reports[i].error) return producer.error(reports[i].error, "writing to " + m_topic);
      written[i] = reports[i].offset;
    }
    return written;
  }

  std::vector<std::int32_t> allPartitions() const {
    std::vector<std::int32_t> all;
    for (int p = 0; p < m_partitions; ++p) all.push_back(p);
    return all;
  }

  kafka::ClusterConfig m_cluster;
  std::unique_ptr<kafka::ClusterClient> m_admin;
  std::unique_ptr<kafka::Client> m_producer;
  std::string m_topic;
  int m_partitions;
  std::shared_ptr<StageTransaction> m_txn;  // exactly_once: written in the stage's transactions
  std::uint64_t m_writtenIn = 0;            // the transaction the last write went into
};

}  // namespace

std::string changelogTopicName(const std::string& pipeline, const std::string& nodeId) {
  return runtime::internalTopicName(pipeline, nodeId, "changelog");
}

bool changelogAvailable(const runtime::NodeContext& context) {
  return context.stateChangelog && static_cast<bool>(kafka::resolveBootstrap(context.cluster.bootstrap));
}

void setChangelogsStartOver(bool startOver) {
  g_changelogsStartOver = startOver;
}

Result<std::unique_ptr<stream::Changelog>> openChangelogTopic(const runtime::NodeContext& context, int partitions,
                                                              std::shared_ptr<StageTransaction> txn) {
  kafka::ClusterConfig cluster = clusterOf(context);
  std::string topic = changelogTopicName(context.pipeline, context.nodeId);
  auto admin = kafka::ClusterClient::connect(cluster);
  if (!admin) return admin.error();
  auto existing = (*admin)->describeTopic(topic);
  if (!existing) {
    if (existing.error().code != ErrorCode::NotFound) return existing.error();
    auto created = (*admin)->createTopic(topic, partitions, 1, {{"cleanup.policy", "compact"}});
    if (!created && created.error().message.find("already exists") == std::string::npos) return created.error();
    spdlog::info("node {}: created its changelog topic {} ({} partition(s), compacted)", context.nodeId, topic,
                 partitions);
  } else {
    int has = static_cast<int>(existing->partitions.size());
    if (has != partitions)
      return makeError(ErrorCode::Invalid,
                       "its changelog topic `" + topic + "` has " + std::to_string(has) +
                           " partitions, but its input has " + std::to_string(partitions) +
                           "; a changelog needs one partition per input partition (delete the topic, or run with "
                           "--reset after changing the input)",
                       topic);
    auto configs = (*admin)->topicConfigs(topic);
    if (!configs) return configs.error();
    std::string policy = "delete";
    for (const kafka::ConfigEntry& c : *configs)
      if (c.name == "cleanup.policy") policy = c.value;
    if (policy.find("compact") == std::string::npos)
      return makeError(ErrorCode::Invalid,
                       "its changelog topic `" + topic + "` has cleanup.policy=" + policy +
                           "; a changelog must be compacted (cleanup.policy=compact), or old state would be deleted",
                       topic);
    if (g_changelogsStartOver) {
      for (int p = 0; p < partitions; ++p)
        if (auto cut = (*admin)->deleteRecords(topic, p, -1); !cut) return cut.error();
      spdlog::info("node {}: changelog topic {} emptied (--reset)", context.nodeId, topic);
    }
  }
  return std::unique_ptr<stream::Changelog>(
      std::make_unique<ChangelogTopic>(std::move(cluster), std::move(*admin), std::move(topic), partitions, std::move(txn)));
}

}  // namespace tributary::connectors
