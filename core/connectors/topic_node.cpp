// topic: a Kafka topic inside a pipeline. Records flowing into the node are
// produced to the topic (TopicSink); records flowing out of it are consumed
// from the topic in a consumer group (TopicSource). The two halves are separate
// tasks joined only through Kafka, which is what lets several runners share
// the work downstream of a topic.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

#include <unistd.h>

#include <spdlog/spdlog.h>

#include "core/connectors/registration.h"
#include "core/connectors/topic_avro.h"
#include "core/connectors/topic_common.h"
#include "core/connectors/topic_shared_consumer.h"
#include "core/connectors/topic_transaction.h"
#include "core/runtime/ack_tracker.h"
#include "core/runtime/members.h"
#include "core/runtime/node_config.h"
#include "core/expr/expression.h"
#include "core/kafka/client.h"
#include "core/kafka/cluster.h"
#include "core/kafka/statistics.h"
#include "core/metrics/registry.h"
#include "core/record/json.h"
#include "core/record/timestamp.h"
#include "core/avro/schema.h"
#include "core/base/units.h"

namespace tributary::connectors {
namespace {

using model::FieldSpec;
using model::FieldType;

// Extra client settings and the statistics hook when the engine collects metrics.
void addStatistics(const runtime::NodeContext& context, std::map<std::string, std::string>& settings) {
  if (context.metrics) settings["statistics.interval.ms"] = kafka::StatisticsMetrics::kIntervalMs;
}
void feedStatistics(const runtime::NodeContext& context, kafka::Client& client) {
  if (!context.metrics) return;
  auto stats = std::make_shared<kafka::StatisticsMetrics>(*context.metrics, context.pipeline, context.nodeId);
  client.setStatisticsHandler([stats](std::string_view json) { stats->update(json); });
}

// `start_time` as UTC milliseconds: ISO-8601 text or a number of milliseconds.
std::optional<std::int64_t> startTimeMs(const nlohmann::json& value) {
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (!value.is_string()) return std::nullopt;
  const auto& text = value.get_ref<const std::string&>();
  if (auto us = record::parseIsoTimestamp(text)) return *us / 1000;
  return std::nullopt;
}

// The topic's name and format, read by both halves of a topic node, which
// also create the topic when "create" is on.
struct TopicBasics {
  std::string name;
  TopicFormat format = TopicFormat::Json;
};

Result<TopicBasics> prepareTopic(const runtime::NodeContext& context, const kafka::ClusterConfig& cluster) {
  runtime::NodeConfig config(context.config);
  TopicBasics t;
  t.name = config.optionalText("name");
  bool create = config.boolean("create");
  std::int64_t partitions = config.integer("partitions");
  std::int64_t replication = config.integer("replication");
  if (Status s = config.status(); !s) return s.error();
  auto format = topicFormatFromConfig(context.config);
  if (!format) return format.error();
  t.format = *format;
  if (create)
    if (auto s = ensureTopic(cluster, t.name, static_cast<int>(partitions), static_cast<int>(replication)); !s)
      return s.error();
  return t;
}

// The Avro writers of a producing topic node: for the values (format avro)
// and for the keys (key_format avro); null where that side is not Avro.
Result<std::pair<std::unique_ptr<TopicAvroWriter>, std::unique_ptr<TopicAvroWriter>>> avroWriters(
    const nlohmann::json& config, const kafka::ClusterConfig& cluster, const std::string& topic, TopicFormat format) {
  runtime::NodeConfig c(config);
  std::string keyFormat = c.text("key_format");
  std::string strategyText = c.text("subject_strategy");
  std::string schema = c.optionalText("schema");
  std::string subject = c.optionalText("subject");
  std::string keySchema = c.optionalText("key_schema");
  std::string keySubject = c.optionalText("key_subject");
  if (Status s = c.status(); !s) return s.error();
  auto strategy = subjectStrategyFromText(strategyText);
  if (!strategy) return strategy.error();
  auto make = [&](bool key, const std::string& schemaText,
                  const std::string& subjectText) -> Result<std::unique_ptr<TopicAvroWriter>> {
    auto serde = avroSerdeFromConfig(config, cluster);
    if (!serde) return serde.error();
    return TopicAvroWriter::create({topic, key, schemaText, subjectText, *strategy}, std::move(*serde));
  };
  std::pair<std::unique_ptr<TopicAvroWriter>, std::unique_ptr<TopicAvroWriter>> out;
  if (format == TopicFormat::Avro) {
    auto w = make(false, schema, subject);
    if (!w) return w.error();
    out.first = std::move(*w);
  }
  if (keyFormat == "avro") {
    auto w = make(true, keySchema, keySubject);
    if (!w) return w.error();
    out.second = std::move(*w);
  }
  return out;
}

// Settings that contradict each other, for validate (NodeSpec::check).
std::vector<model::ConfigProblem> checkTopicConfig(const nlohmann::json& config) {
  std::vector<model::ConfigProblem> out;
  auto text = [&](const char* name) {
    auto it = config.find(name);
    return it != config.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  const bool avroValues = text("format") == "avro";
  const bool avroKeys = text("key_format") == "avro";
  for (const char* field : {"schema", "subject"})
    if (!text(field).empty() && !avroValues)
      out.push_back({field, std::string("\"") + field + "\" applies only with format \"avro\" (format is \"" +
                                (text("format").empty() ? "json" : text("format")) +
                                "\"); remove it or set format to avro"});
  for (const char* field : {"key_schema", "key_subject"})
    if (!text(field).empty() && !avroKeys)
      out.push_back({field, std::string("\"") + field +
                                "\" applies only with key_format \"avro\"; remove it or set key_format to avro"});
  const std::string strategy = text("subject_strategy");
  if (!strategy.empty() && strategy != "topic_name") {
    if (!avroValues && !avroKeys)
      out.push_back({"subject_strategy", "subject_strategy applies only with format or key_format \"avro\""});
    else if ((!avroValues || !text("subject").empty()) && (!avroKeys || !text("key_subject").empty()))
      out.push_back({"subject_strategy",
                     "subject_strategy " + strategy + " has no effect: every Avro side names its subject itself "
                     "(subject / key_subject); remove one or the other"});
  }
  for (const char* field : {"schema", "key_schema"})
    if (std::string schema = text(field); !schema.empty())
      if (auto parsed = avro::Schema::parse(schema); !parsed)
        out.push_back({field, "not a valid Avro schema: " + parsed.error().toString()});
  return out;
}

class TopicSink final : public runtime::Sink {
  // A written batch's delivery reports until every one is in. Reused for
  // later batches (allocating and freeing one per batch cost more CPU than
  // the sink's own work).
  struct Sent {
    explicit Sent(std::size_t capacity) : reports(capacity), positions(capacity) {}
    // Ready for a batch of `n` records (n <= capacity).
    void reset(std::size_t n) {
      size = n;
      next = 0;
      counted = false;
      for (std::size_t i = 0; i < n; ++i) {
        reports[i].error = RD_KAFKA_RESP_ERR_NO_ERROR;
        reports[i].value.clear();
        reports[i].done = true;  // produce() clears it for each record it sends
      }
    }
    std::vector<kafka::DeliveryReport> reports;  // one per record of the batch
    std::vector<record::SourcePosition> positions;
    std::size_t size = 0;  // records of the batch
    std::size_t next = 0;  // the reports before this one are in
    bool counted = false;  // a successful write(): its records count towards durableRecords()
  };
 public:
  explicit TopicSink(runtime::NodeContext context) : m_context(std::move(context)) {}

  const runtime::NodeContext& context() const { return m_context; }
  // Makes this sink write through the transactions of the stage after an
  // exactly-once topic (see StageTransaction).
  Status joinTransactions(std::shared_ptr<StageTransaction> txn) {
    if (m_txn && m_txn != txn)
      return makeError(ErrorCode::Invalid,
                       "exactly_once: topic `" + userNodeId(m_context.nodeId) + "` is fed by two exactly-once topics (`" +
                           m_txn->sourceNode() + "` and `" + txn->sourceNode() +
                           "`); one transaction can commit the offsets of only one");
    m_txn = std::move(txn);
    return {};
  }

  Status open(runtime::ErrorReporter&) override {
    runtime::NodeConfig config(m_context.config);
    std::string key = config.optionalText("key");
    std::string acks = config.text("acks");
    bool idempotence = config.boolean("idempotence");
    std::string compression = config.text("compression");
    std::string partitioner = config.text("partitioner");
    std::int64_t lingerMs = config.durationMs("linger");
    if (Status s = config.status(); !s) return s;
    if (!key.empty()) {
      auto compiled = expr::Expression::compile(key);
      if (!compiled) return makeError(ErrorCode::Invalid, compiled.error().message, "key");
      m_key.emplace(std::move(*compiled));
    }
    kafka::ClusterConfig cluster = clusterOf(m_context);
    auto topic = prepareTopic(m_context, cluster);
    if (!topic) return topic.error();
    m_topic = topic->name;
    m_format = topic->format;
    auto writers = avroWriters(m_context.config, cluster, m_topic, m_format);
    if (!writers) return writers.error();
    m_valueAvro = std::move(writers->first);
    m_keyAvro = std::move(writers->second);
    std::map<std::string, std::string> settings = {
        {"acks", acks},
        {"enable.idempotence", idempotence ? "true" : "false"},
        {"compression.type", compression},
        {"partitioner", partitioner},
        {"linger.ms", std::to_string(lingerMs)},
        {"queue.buffering.max.messages", "1000000"},
        {"message.timeout.ms", "60000"},
    };
    if (m_txn) {
      // The stage's one transactional producer; partitioner and compression
      // are per topic in librdkafka, so each topic node keeps its own.
      if (Status s = m_txn->open(); !s) return s;
      rd_kafka_topic_conf_t* conf = rd_kafka_topic_conf_new();
      char errstr[256];
      for (const auto& [name, value] : {std::pair<const char*, std::string>{"partitioner", partitioner},
                                        {"compression.type", compression}})
        if (rd_kafka_topic_conf_set(conf, name, value.c_str(), errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
          rd_kafka_topic_conf_destroy(conf);
          return makeError(ErrorCode::Invalid, errstr, name);
        }
      m_rkt = rd_kafka_topic_new(m_txn->client().handle(), m_topic.c_str(), conf);  // takes `conf`
      if (!m_rkt) return m_txn->client().error(rd_kafka_last_error(), "producing to " + m_topic);
      return {};
    }
    addStatistics(m_context, settings);
    auto client = kafka::Client::create(cluster, kafka::Client::Kind::Producer, settings);
    if (!client) return client.error();
    m_client = std::move(*client);
    feedStatistics(m_context, *m_client);
    return {};
  }

  Result<std::uint64_t> write(const record::Batch& batch, runtime::ErrorReporter& errors) override {
    if (!m_txn) {
      // Produced without waiting for the broker: the task holds the batch's
      // acknowledgements until its delivery reports are in (defersAcks), so the
      // next batch is encoded while this one travels instead of the sink
      // idling for a round trip per batch.
      m_errors = &errors;
      std::unique_ptr<Sent> sent;
      if (!m_spare.empty() && m_spare.back()->reports.size() >= batch.size()) {
        sent = std::move(m_spare.back());
        m_spare.pop_back();
      } else {
        sent = std::make_unique<Sent>(std::max<std::size_t>(batch.size(), 1024));
      }
      sent->reset(batch.size());
      auto written = produce(batch, errors, sent.get());
      sent->counted = written.ok();  // a failed write is retried whole: its reports count for nothing
      m_sent.push_back(std::move(sent));
      settle();
      return written;
    }
    // In the stage's open transaction; commit_transaction waits for the
    // deliveries, and a failed one fails the commit.
    StageTransaction::Producing producing(*m_txn);
    if (auto failed = m_txn->failure()) return *failed;
    auto written = produce(batch, errors, nullptr);
    if (!written) {
      // Some records of the batch may be in the transaction already, and a
      // retry would write them twice: the transaction must not commit.
      m_txn->fail(written.error());
      return written;
    }
    return written;
  }

  // Deferred acknowledgement (outside exactly_once): records count as written
  // once the broker acknowledged them, in write order.
  bool defersAcks() const override { return !m_txn; }
  std::uint64_t durableRecords() const override { return m_durable; }
  // Delivery reports also arrive while no batch comes in: take them in this often.
  std::int64_t tickMs() const override { return m_txn ? 0 : 20; }
  Status tick() override {
    if (!m_client) return {};
    rd_kafka_poll(m_client->handle(), 0);
    settle();
    return {};
  }

  // Produces the batch. With `sent`, each record's delivery report is written
  // into it (see kafka::Client) and settle() takes them in later; without, the
  // transaction's commit waits for the deliveries.
  Result<std::uint64_t> produce(const record::Batch& batch, runtime::ErrorReporter& errors, Sent* sent) {
    kafka::Client& client = m_txn ? m_txn->client() : *m_client;
    rd_kafka_t* rk = client.handle();
    std::uint64_t bytes = 0;
    std::string key, value;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const record::Record& r = batch[i];
      kafka::DeliveryReport* report = sent ? &sent->reports[i] : nullptr;
      if (sent) sent->positions[i] = r.position;
      bool hasKey = false;
      if (m_key) {
        auto k = m_key->evaluate(r);
        if (!k) {
          errors.report(r, k.error());
          continue;
        }
        hasKey = !k->isNull();
        if (hasKey && !encodeKey(*k, key, r, errors)) continue;
      } else if (!r.key.isNull()) {
        hasKey = true;
        if (!encodeKey(r.key, key, r, errors)) continue;
      }
      if (m_valueAvro && !r.value.isNull()) {
        // The registry checks the schema against the subject's compatibility: a refusal
        // (409 and its reason) goes through the error policy with the record.
        value.clear();
        if (Status s = m_valueAvro->encode(r.value, value); !s) {
          if (s.error().code == ErrorCode::Unavailable) return s.error();  // the registry is down: the batch is tried again
          errors.report(r, s.error());
          continue;
        }
      } else {
        encodeForKafka(r.value, m_format, value);
      }
      rd_kafka_headers_t* headers = nullptr;
      if (!r.headers.empty()) {
        headers = rd_kafka_headers_new(r.headers.size());
        for (const auto& h : r.headers)
          rd_kafka_header_add(headers, h.key.data(), static_cast<ssize_t>(h.key.size()), h.value.data(),
                              static_cast<ssize_t>(h.value.size()));
      }
      bool tombstone = r.value.isNull();
      if (report) report->done = false;  // until its delivery report arrives
      while (true) {
        rd_kafka_resp_err_t err =
            m_rkt ? rd_kafka_producev(
                        rk, RD_KAFKA_V_RKT(m_rkt), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                        RD_KAFKA_V_KEY(hasKey ? key.data() : nullptr, hasKey ? key.size() : 0),
                        RD_KAFKA_V_VALUE(tombstone ? nullptr : value.data(), tombstone ? 0 : value.size()),
                        RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_TIMESTAMP(r.timestampMs),
                        RD_KAFKA_V_OPAQUE(report), RD_KAFKA_V_END)
                  : rd_kafka_producev(
            rk, RD_KAFKA_V_TOPIC(m_topic.c_str()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
            RD_KAFKA_V_KEY(hasKey ? key.data() : nullptr, hasKey ? key.size() : 0),
            RD_KAFKA_V_VALUE(tombstone ? nullptr : value.data(), tombstone ? 0 : value.size()),
            RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_TIMESTAMP(r.timestampMs), RD_KAFKA_V_OPAQUE(report),
            RD_KAFKA_V_END);
        if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {  // librdkafka's queue is full: let deliveries drain
          rd_kafka_poll(rk, 10);
          continue;
        }
        if (err) {
          if (report) report->done = true;  // not sent: no report will come
          if (headers) rd_kafka_headers_destroy(headers);
          if (err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE) {
            errors.report(r, makeError(ErrorCode::Invalid, "record of " + std::to_string(value.size()) +
                                                               " bytes is larger than the topic accepts"));
            break;
          }
          return client.error(err, "producing to " + m_topic);
        }
        bytes += key.size() + value.size();
        break;
      }
    }
    rd_kafka_poll(rk, 0);
    return bytes;
  }

  Status flush() override {
    if (!m_client) return {};  // exactly_once: the consuming topic commits the transaction
    drain(m_client->handle());
    settle();
    if (m_deliveryFailed) return *m_deliveryFailed;
    return {};
  }
  void close() override {
    if (m_rkt) rd_kafka_topic_destroy(m_rkt);
    m_rkt = nullptr;
    m_client.reset();  // before the reports its delivery callbacks write into
    m_sent.clear();
    m_spare.clear();
    m_txn.reset();
  }
  bool blocking() const override { return true; }

 private:
  // The message key: text, or with key_format avro Confluent-framed Avro. A
  // key that cannot be written sends the record to the error policy (false).
  bool encodeKey(const record::Value& k, std::string& out, const record::Record& r, runtime::ErrorReporter& errors) {
    if (!m_keyAvro) {
      encodeForKafka(k, TopicFormat::String, out);
      return true;
    }
    out.clear();
    if (Status s = m_keyAvro->encode(k, out); !s) {
      Error e = s.error();
      e.message = "the key: " + e.message;
      errors.report(r, e);
      return false;
    }
    return true;
  }

  // Waits until every produced message has its delivery report.
  void drain(rd_kafka_t* rk) {
    while (rd_kafka_outq_len(rk) > 0) rd_kafka_flush(rk, 100);
    rd_kafka_poll(rk, 0);
  }


  // Takes in the delivery reports that arrived: batches whose every report is
  // in become durable, in write order. A record the broker refused for good
  // (after librdkafka's own retries for message.timeout.ms) goes through the
  // error policy with the bytes it was; under `fail` nothing after it counts.
  void settle() {
    while (!m_sent.empty() && !m_deliveryFailed) {
      Sent& s = *m_sent.front();
      while (s.next < s.size && s.reports[s.next].done.load(std::memory_order_acquire)) ++s.next;
      if (s.next < s.size) return;
      if (s.counted)
        for (std::size_t i = 0; i < s.size; ++i) {
          const kafka::DeliveryReport& d = s.reports[i];
          if (!d.error) continue;
          Error e = m_client->error(d.error, "producing to " + m_topic);
          m_errors->reportRaw(d.value, e, s.positions[i]);
          if (m_errors->failed()) {
            m_deliveryFailed = e;
            return;
          }
        }
      if (s.counted) m_durable += s.size;
      if (m_spare.size() < 8) m_spare.push_back(std::move(m_sent.front()));
      m_sent.pop_front();
    }
  }

  runtime::NodeContext m_context;
  std::string m_topic;
  TopicFormat m_format = TopicFormat::Json;
  std::unique_ptr<TopicAvroWriter> m_valueAvro, m_keyAvro;  // format / key_format avro
  std::optional<expr::Expression> m_key;
  std::unique_ptr<kafka::Client> m_client;  // null with exactly_once: the stage's producer writes
  std::shared_ptr<StageTransaction> m_txn;   // exactly_once
  rd_kafka_topic_t* m_rkt = nullptr;         // exactly_once: this topic on the stage's producer
  // Outside exactly_once: batches written and not yet acknowledged by the broker, oldest first.
  std::deque<std::unique_ptr<Sent>> m_sent;
  std::vector<std::unique_ptr<Sent>> m_spare;  // acknowledged ones, for the next batches
  std::uint64_t m_durable = 0;               // records of successful writes whose batches are acknowledged
  runtime::ErrorReporter* m_errors = nullptr;  // the node's, given to write()
  std::optional<Error> m_deliveryFailed;     // a refused record under the policy `fail`
};

class TopicSource final : public runtime::Source {
 public:
  explicit TopicSource(runtime::NodeContext context) : m_context(std::move(context)) {}

  Status linkSinks(const runtime::SourceReach& reach) override {
    m_tracker = reach.tracker;
    if (Status s = shareConsumer(reach); !s) return s;
    if (!m_context.config.value("exactly_once", false)) return {};
    const std::string topic = m_context.config.value("name", std::string());
    const std::string self = userNodeId(m_context.nodeId);
    kafka::ClusterConfig cluster = clusterOf(m_context);
    if (reach.sinks.empty())
      return makeError(ErrorCode::Invalid,
                       "the records read from topic `" + self +
                           "` reach no other topic node; exactly_once needs at least one, written in the transaction "
                           "that also commits the input offsets",
                       "exactly_once");
    std::vector<TopicSink*> sinks;
    for (const auto& [node, sink] : reach.sinks) {
      auto* topicSink = dynamic_cast<TopicSink*>(sink);
      if (!topicSink)
        return makeError(ErrorCode::Invalid,
                         "the records read from topic `" + self + "` reach `" + userNodeId(node) +
                             "`, which is not a topic node; every sink of an exactly_once stage must be a topic on "
                             "the same cluster, written in the one transaction that also commits the input offsets",
                         "exactly_once");
      if (clusterOf(topicSink->context()).bootstrap != cluster.bootstrap)
        return makeError(ErrorCode::Invalid,
                         "topic `" + userNodeId(node) + "` is on another cluster than topic `" + self +
                             "`; a transaction spans one cluster",
                         "exactly_once");
      sinks.push_back(topicSink);
    }
    // The stage's producer takes the pipeline's cluster settings; a topic
    // node's own `properties` stay with its own client (this consumer).
    kafka::ClusterConfig producerCluster = cluster;
    producerCluster.properties = m_context.cluster.properties;
    m_txn = std::make_shared<StageTransaction>(
        producerCluster, topicInstanceId(m_context.pipeline, m_context.nodeId, m_context.member, runnerName(cluster)), topic,
        self);
    for (TopicSink* sink : sinks)
      if (Status s = sink->joinTransactions(m_txn); !s) return s;
    // Aggregates and joins of the stage write their changelogs in the transaction
    // (docs/stream-processing.md, "Changelog topics and exactly_once").
    for (const auto& [node, hook] : reach.stateful) {
      auto* state = dynamic_cast<TransactionalState*>(hook);
      if (!state)
        return makeError(ErrorCode::Invalid,
                         "the records read from topic `" + self + "` pass the stateful node `" + userNodeId(node) +
                             "`, whose state cannot take part in a transaction",
                         "exactly_once");
      if (Status s = state->joinTransaction(m_txn, m_tracker); !s) return s;
    }
    // Dead letters of the stage's nodes: a dead-letter topic writes them in the
    // transaction; a file cannot take part (its letters may repeat after a crash).
    for (const auto& [node, letters] : reach.deadLetters) {
      if (auto* topicLetters = dynamic_cast<TransactionalLetters*>(letters)) {
        if (Status s = topicLetters->joinTransaction(node, m_txn); !s)
          return makeError(s.error().code, "node `" + userNodeId(node) + "`: " + s.error().message, "exactly_once");
      } else {
        spdlog::warn("{}: node {} writes its dead letters to a file, outside the exactly_once transaction: after a "
                     "crash a letter may be written twice (use dead_letter_topic)",
                     self, userNodeId(node));
      }
    }
    return {};
  }

  Status open(const nlohmann::json&, runtime::ErrorReporter&) override {
    // Kafka keeps the committed offsets of the group; the engine's checkpoint is
    // not needed to resume (checkpointState() commits to Kafka).
    const auto& c = m_context.config;
    runtime::NodeConfig config(c);
    std::string start = config.text("start");
    if (Status s = config.status(); !s) return s;
    std::string group = m_shared ? m_shared->group() : topicConsumerGroup(m_context.pipeline, m_context.nodeId, c);
    kafka::ClusterConfig cluster = clusterOf(m_context);
    // First fence a killed predecessor and abort its open transaction.
    if (m_txn)
      if (Status s = m_txn->open(); !s) return s;
    auto topic = prepareTopic(m_context, cluster);
    if (!topic) return topic.error();
    m_topic = topic->name;
    m_format = topic->format;
    m_avroKeys = c.value("key_format", std::string()) == "avro";
    if (m_format == TopicFormat::Avro || m_avroKeys) {
      auto serde = avroSerdeFromConfig(c, cluster);
      if (!serde) return serde.error();
      m_avro = std::move(*serde);
    }
    std::optional<std::int64_t> startMs;
    if (start == "timestamp") {
      startMs = startTimeMs(c.value("start_time", nlohmann::json()));
      if (!startMs)
        return makeError(ErrorCode::Invalid,
                         "start is \"timestamp\" but start_time is not a time (use e.g. 2024-05-01T08:00:00Z or "
                         "milliseconds since 1970)",
                         "start_time");
    }
    std::map<std::string, std::string> settings = {{"group.id", group},
                                                   {"enable.auto.commit", "false"},
                                                   {"enable.auto.offset.store", "false"},
                                                   {"auto.offset.reset", start == "latest" ? "latest" : "earliest"},
                                                   // Eager assignment, not cooperative-sticky: librdkafka 2.0.2
                                                   // resumes partitions it kept across a cooperative rebalance
                                                   // from the offset they started at (librdkafka issue #4637),
                                                   // so every rebalance re-read them. Eager rebalances restart
                                                   // from committed offsets.
                                                   // A join's inputs: range gives partition p of
                                                   // each topic to the same member (SharedConsumer).
                                                   {"partition.assignment.strategy",
                                                    m_shared ? "range" : "roundrobin,range"},
                                                   {"fetch.wait.max.ms", "100"}};
    // A runner killed without leaving the group holds its partitions until its
    // session expires; 10 s (not librdkafka's 45 s) bounds that pause. The
    // node's `properties` may say otherwise.
    std::map<std::string, std::string> defaults = kafka::consumerQueueSettings();  // no fetch pauses
    defaults["session.timeout.ms"] = "10000";
    defaults["heartbeat.interval.ms"] = "2000";
    // Static membership (KIP-345): a restarted run or runner comes back as the
    // same instance and gets its partitions at once, without waiting for the
    // killed process's session to expire or a rebalance of the whole group.
    if (c.value("static_member", true))
      defaults["group.instance.id"] = topicInstanceId(m_context.pipeline, m_shared ? m_sharedNode : m_context.nodeId,
                                                      m_context.member, runnerName(cluster));
    for (const auto& [key, value] : defaults)
      if (!cluster.properties.count(key)) settings[key] = value;
    if (m_txn) settings["isolation.level"] = "read_committed";  // only what committed transactions wrote
    addStatistics(m_context, settings);
    auto create = [&]() -> Result<std::unique_ptr<kafka::Client>> {
      auto client = kafka::Client::create(cluster, kafka::Client::Kind::Consumer, settings);
      if (client) feedStatistics(m_context, **client);
      return client;
    };
    if (m_shared) {
      auto client = m_shared->client(create);
      if (!client) return client.error();
      m_client = std::move(*client);
    } else {
      auto client = create();
      if (!client) return client.error();
      m_client = std::move(*client);
    }
    m_startOver = topicsStartOver();
    m_startLatest = start == "latest";
    auto onAssign = [this, startMs](rd_kafka_t* rk, rd_kafka_topic_partition_list_t* p) {
      {
        std::lock_guard lock(m_assignedMutex);
        for (int i = 0; i < p->cnt; ++i) m_assigned.insert(p->elems[i].partition);
        publishAssignment();
      }
      for (int i = 0; i < p->cnt; ++i)
        if (m_revokedInPoll.count(p->elems[i].partition)) m_reassignedInPoll.emplace(p->elems[i].partition, -1);
      if (m_startOver)
        startOver(rk, p, startMs);
      else if (m_shared)
        resumeShared(rk, p, startMs);
      else if (startMs)
        startAtTime(rk, p, *startMs);
    };
    auto onRevoke = [this](rd_kafka_t* rk, rd_kafka_topic_partition_list_t* p) { commitRevoked(rk, p); };
    if (m_shared) {  // the join's one member subscribes to all its topics at the first fetch
      m_shared->attach(m_topic, onAssign, onRevoke);
      std::lock_guard lock(m_assignedMutex);
      publishAssignment();
      std::string others;
      for (const std::string& t : m_shared->topics())
        if (t != m_topic) others += (others.empty() ? "" : ", ") + t;
      spdlog::info("{}: consuming {} together with {} (the inputs of {}) as group {}{}", m_context.nodeId, m_topic,
                   others, userNodeId(m_sharedNode), group,
                   settings.count("group.instance.id") ? ", static member " + settings["group.instance.id"] : "");
      return {};
    }
    m_client->setAssignHandler(onAssign);
    m_client->setRevokeHandler(onRevoke);
    rd_kafka_t* rk = m_client->handle();
    rd_kafka_poll_set_consumer(rk);
    kafka::PartitionListPtr topics(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(topics.get(), m_topic.c_str(), RD_KAFKA_PARTITION_UA);
    if (rd_kafka_resp_err_t err = rd_kafka_subscribe(rk, topics.get()))
      return m_client->error(err, "subscribing to " + m_topic);
    {
      // A member shows (idle) from the start: an empty assignment calls no handler.
      std::lock_guard lock(m_assignedMutex);
      publishAssignment();
    }
    m_queue.reset(rd_kafka_queue_get_consumer(rk));
    m_group = group;
    if (m_txn) {
      m_txn->setConsumer(rk);
      m_nextCommit = std::chrono::steady_clock::now() + commitInterval();
    }
    if (auto instance = settings.find("group.instance.id"); instance != settings.end())
      spdlog::info("{}: consuming {} as group {}, static member {}", m_context.nodeId, m_topic, group, instance->second);
    else
      spdlog::info("{}: consuming {} as group {}", m_context.nodeId, m_topic, group);
    return {};
  }

  runtime::PollResult poll(record::Batch& out, std::size_t maxRecords, runtime::ErrorReporter& errors) override {
    runtime::PollResult result;
    if (m_txn) {
      if (auto failed = m_txn->failure()) {
        result.error = *failed;
        return result;
      }
      if (!commitWhenDue()) {  // nothing is handed out until the open transaction committed
        result.waitMs = 5;
        return result;
      }
    }
    if (m_drainFailure) {
      result.error = *m_drainFailure;
      return result;
    }
    std::vector<rd_kafka_message_t*> messages(std::min<std::size_t>(maxRecords, 10000));
    m_revokedInPoll.clear();
    m_reassignedInPoll.clear();
    Error sharedError;
    ssize_t n = m_shared ? m_shared->consume(m_topic, messages.data(), messages.size(), 100, sharedError)
                         : rd_kafka_consume_batch_queue(m_queue.get(), 100, messages.data(), messages.size());
    if (n < 0) {
      result.error = m_shared ? sharedError : m_client->error(rd_kafka_last_error(), "consuming " + m_topic);
      return result;
    }
    if (m_txn)
      if (auto failed = m_txn->failure()) {
        for (ssize_t i = 0; i < n; ++i) rd_kafka_message_destroy(messages[static_cast<std::size_t>(i)]);
        result.error = *failed;
        return result;
      }
    std::map<std::int32_t, std::int64_t> resume, firstInBatch;
    for (ssize_t i = 0; i < n; ++i) {
      rd_kafka_message_t* m = messages[static_cast<std::size_t>(i)];
      if (m_revokedInPoll.count(m->partition) && !m->err) {
        // Fetched before its partition was revoked inside this poll: the next
        // owner reads it from the committed offset. When the same poll also
        // assigned the partition back (an eager rebalance handled in one
        // call), the batch may hold both the old fetch and the new one, which
        // starts again at the committed offset: keep each offset once, in
        // order (dropping the new fetch lost its records for good).
        auto again = m_reassignedInPoll.find(m->partition);
        if (again == m_reassignedInPoll.end() || m->offset <= again->second) {
          rd_kafka_message_destroy(m);
          continue;
        }
        again->second = m->offset;
      }
      if (m->err) {
        if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
          spdlog::warn("{}: {}", m_context.nodeId, rd_kafka_message_errstr(m));
        rd_kafka_message_destroy(m);
        continue;
      }
      record::Record r;
      r.position = {m->partition, m->offset};
      rd_kafka_timestamp_type_t type;
      r.timestampMs = rd_kafka_message_timestamp(m, &type);
      bool keyOk = true;
      if (m->key && m_avroKeys) {  // decoded by the schema id in the key (schemas fetched once per id)
        std::string_view keyBytes(static_cast<const char*>(m->key), m->key_len);
        auto decoded = m_avro->decode(keyBytes);
        if (!decoded) {
          Error e = decoded.error();
          e.message = "the key: " + e.message;
          errors.reportRaw(keyBytes, e, r.position);
          keyOk = false;
        } else {
          r.key = std::move(decoded->value);
        }
      } else if (m->key) {
        r.key = record::Value(std::string_view(static_cast<const char*>(m->key), m->key_len));
      }
      auto [at, fresh] = resume.try_emplace(m->partition, 0);
      if (fresh) firstInBatch.emplace(m->partition, m->offset);
      at->second = m->offset + 1;
      result.bytes += m->len + m->key_len;
      rd_kafka_headers_t* headers = nullptr;
      if (rd_kafka_message_headers(m, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR && headers) {
        const char* name;
        const void* value;
        size_t size;
        for (size_t h = 0; rd_kafka_header_get_all(headers, h, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++h)
          r.headers.push_back({name, value ? std::string(static_cast<const char*>(value), size) : std::string()});
      }
      std::string_view payload(static_cast<const char*>(m->payload), m->payload ? m->len : 0);
      bool ok = keyOk;
      if (!keyOk) {
        // reported above; the value is not read
      } else if (!m->payload) {
        r.value = record::Value();  // tombstone
      } else if (m_format == TopicFormat::Json) {
        auto parsed = record::parseJson(payload);
        if (!parsed) {
          errors.reportRaw(payload, parsed.error(), r.position);
          ok = false;
        } else {
          r.value = std::move(*parsed);
        }
      } else if (m_format == TopicFormat::Avro) {
        // Decoded by the schema id in each message (schemas fetched once per id).
        auto decoded = m_avro->decode(payload);
        if (!decoded) {
          errors.reportRaw(payload, decoded.error(), r.position);
          ok = false;
        } else {
          r.value = std::move(decoded->value);
        }
      } else if (m_format == TopicFormat::String) {
        r.value = record::Value(payload);
      } else {
        r.value = record::Value::bytes(std::string(payload));
      }
      if (ok) out.push_back(std::move(r));
      rd_kafka_message_destroy(m);
    }
    for (const auto& [partition, offset] : resume) result.resume.push_back({partition, offset});
    if (!firstInBatch.empty()) {
      std::lock_guard lock(m_commitMutex);
      for (const auto& [partition, offset] : firstInBatch)
        m_firstRead.try_emplace(partition, offset);  // first record of this assignment
    }
    if (!resume.empty()) {
      std::lock_guard lock(m_commitMutex);
      for (const auto& [partition, offset] : resume) m_handedOut[partition] = offset;
    }
    if (m_txn)
      for (const auto& [partition, offset] : resume) m_txnOffsets[partition] = offset;
    if (n == 0) result.waitMs = 0;  // consume_batch_queue already waited
    return result;
  }

  nlohmann::json checkpointState(const runtime::PositionMap& committed) const override {
    // Commit acknowledged offsets to Kafka (asynchronously; a lost commit only
    // means duplicates after a restart). Partitions this instance no longer
    // owns are left to their new owner.
    nlohmann::json state = nlohmann::json::object();
    if (!m_client || committed.empty()) return state;
    if (m_txn) {  // exactly-once: the offsets commit with the stage's transactions
      for (const auto& [partition, offset] : committed) state[std::to_string(partition)] = offset;
      return state;
    }
    kafka::PartitionListPtr assigned;
    rd_kafka_topic_partition_list_t* raw = nullptr;
    if (rd_kafka_assignment(m_client->handle(), &raw) == RD_KAFKA_RESP_ERR_NO_ERROR) assigned.reset(raw);
    kafka::PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(committed.size())));
    std::lock_guard lock(m_commitMutex);
    for (const auto& [partition, offset] : committed) {
      state[std::to_string(partition)] = offset;
      if (!assigned || !rd_kafka_topic_partition_list_find(assigned.get(), m_topic.c_str(), partition)) continue;
      // Only positions reached in the current assignment: one left from before
      // the partition last moved away (or a late acknowledgement of a record
      // read then) is older than what its other owner committed meanwhile, and
      // committing it would rewind the group.
      auto first = m_firstRead.find(partition);
      if (first == m_firstRead.end() || offset <= first->second) continue;
      rd_kafka_topic_partition_list_add(list.get(), m_topic.c_str(), partition)->offset = offset;
    }
    if (list->cnt > 0) {
      if (m_lastCommitted != state) {
        rd_kafka_commit(m_client->handle(), list.get(), 1);
        m_lastCommitted = state;
      }
    }
    return state;
  }

  void close() override {
    if (!m_client) return;
    m_closing = true;
    if (m_txn) {
      // The run stopped and every task is done: what all sinks finished with
      // commits now (a clean stop); anything else is aborted.
      if (!m_txn->failure() && !m_txnOffsets.empty() && covered(m_tracker->committed()))
        commitOpen();
      else
        m_txn->abort();
      if (auto failed = m_txn->failure())
        spdlog::error("{}: {}", m_context.nodeId, failed->toString());
      m_txn->setConsumer(nullptr);
    }
    if (m_shared) {
      // The join's other input may still read through the client: commit what
      // was acknowledged of this topic's partitions now, as closing would.
      kafka::PartitionListPtr assigned;
      rd_kafka_topic_partition_list_t* raw = nullptr;
      if (rd_kafka_assignment(m_client->handle(), &raw) == RD_KAFKA_RESP_ERR_NO_ERROR) assigned.reset(raw);
      kafka::PartitionListPtr own(rd_kafka_topic_partition_list_new(assigned ? assigned->cnt : 0));
      for (int i = 0; assigned && i < assigned->cnt; ++i)
        if (m_topic == assigned->elems[i].topic)
          rd_kafka_topic_partition_list_add(own.get(), m_topic.c_str(), assigned->elems[i].partition);
      if (own->cnt > 0) commitRevoked(m_client->handle(), own.get());
      m_shared->detach(m_topic);
    }
    m_queue.reset();
    m_client.reset();  // closes the consumer (its last user): leaves the group so others take over at once
    m_shared.reset();
    std::lock_guard lock(m_assignedMutex);
    m_assigned.clear();
    publishAssignment();
  }
  bool blocking() const override { return true; }
  void drainOnRevoke() override { m_drain = true; }
  std::optional<std::int64_t> firstReadOffset(std::int32_t partition) const override {
    std::lock_guard lock(m_commitMutex);
    if (auto it = m_firstRead.find(partition); it != m_firstRead.end()) return it->second;
    if (auto it = m_assignedAt.find(partition); it != m_assignedAt.end()) return it->second;
    return std::nullopt;
  }
  std::vector<std::int32_t> partitions() const override {
    std::lock_guard lock(m_assignedMutex);
    return {m_assigned.begin(), m_assigned.end()};
  }
  Result<runtime::SourceTopic> topic() const override {
    auto admin = kafka::ClusterClient::connect(clusterOf(m_context));
    if (!admin) return admin.error();
    auto info = (*admin)->describeTopic(m_topic);
    if (!info) return info.error();
    return runtime::SourceTopic{m_topic, static_cast<int>(info->partitions.size())};
  }

 private:
  // The topics feeding one join (reach.coPartitioned) are read by one group
  // member, group tributary.<pipeline>.<join> (SharedConsumer), so that a
  // runner owns partition p of both; the first of them to be linked sets it
  // up for all. Inputs that are not all topic nodes keep their groups (a join
  // with a file input runs in one task anyway); two topic nodes of one topic
  // were refused before (runtime::checkJoinMembers).
  Status shareConsumer(const runtime::SourceReach& reach) {
    if (m_shared || reach.coPartitioned.size() < 2) return {};
    std::vector<TopicSource*> partners;
    std::vector<std::string> topics;
    for (runtime::Source* s : reach.coPartitioned) {
      auto* t = dynamic_cast<TopicSource*>(s);
      if (!t) return {};
      std::string name = t->m_context.config.value("name", std::string());
      if (std::find(topics.begin(), topics.end(), name) != topics.end()) return {};
      partners.push_back(t);
      topics.push_back(std::move(name));
    }
    // Settings the one member cannot honour for all of them were refused
    // before (runtime::checkJoinMembers).
    const std::string join = userNodeId(reach.coPartitionedNode);
    for (const TopicSource* t : partners) {
      if (t->m_context.config.value("exactly_once", false)) return {};  // refused in linkSinks: it reaches a join
      if (!t->m_context.config.value("group", std::string()).empty())
        spdlog::warn("{}: `group` is not used: the inputs of join {} are read in group {}", t->m_context.nodeId, join,
                     topicConsumerGroup(m_context.pipeline, reach.coPartitionedNode, nlohmann::json()));
    }
    auto shared = std::make_shared<SharedConsumer>(
        topicConsumerGroup(m_context.pipeline, reach.coPartitionedNode, nlohmann::json()), topics);
    for (TopicSource* t : partners) {
      t->m_shared = shared;
      t->m_sharedNode = reach.coPartitionedNode;
    }
    return {};
  }

  // A join's input (shared member), at assignment. A partition the join's
  // group committed resumes there, and that offset answers firstReadOffset
  // until a record is read: a join's task p opens with the first record of
  // either side, and the stored results proven by the other side's records
  // before that offset were delivered by the last owner (not emitted again).
  // A partition the group never committed resumes where the topic node's own
  // group committed it, if it did: the pipeline ran before its join's inputs
  // shared one member (Kafka Connect and Streams carry offsets over the same
  // way when a group changes). Else it starts at this node's `start`, set
  // here for its own partitions: the member's auto.offset.reset is one for
  // all its topics.
  void resumeShared(rd_kafka_t* rk, rd_kafka_topic_partition_list_t* partitions, std::optional<std::int64_t> ms) {
    kafka::PartitionListPtr committed(rd_kafka_topic_partition_list_copy(partitions));
    if (rd_kafka_resp_err_t err = rd_kafka_committed(rk, committed.get(), 10000)) {
      spdlog::warn(
          "{}: cannot read the committed offsets of group {} ({}); its partitions of {} resume where it "
          "committed them, or at the {} of the topic",
          m_context.nodeId, m_shared->group(), rd_kafka_err2str(err), m_topic, m_startLatest ? "end" : "beginning");
      return;
    }
    std::vector<std::int32_t> missing;
    {
      std::lock_guard lock(m_commitMutex);
      for (int i = 0; i < committed->cnt; ++i) {
        const auto& c = committed->elems[i];
        if (c.err == RD_KAFKA_RESP_ERR_NO_ERROR && c.offset >= 0)
          m_assignedAt[c.partition] = c.offset;
        else
          missing.push_back(c.partition);
      }
    }
    if (missing.empty()) return;
    const std::string former = topicConsumerGroup(m_context.pipeline, m_context.nodeId, m_context.config);
    std::vector<std::int32_t> ask;
    for (std::int32_t partition : missing)
      if (m_formerAsked.insert(partition).second) ask.push_back(partition);
    if (!ask.empty())
      for (const auto& [partition, offset] : formerOffsets(former, ask)) m_former[partition] = offset;
    std::string carried;
    for (const auto& [partition, offset] : m_former) {
      if (std::find(missing.begin(), missing.end(), partition) == missing.end()) continue;
      if (auto* target = rd_kafka_topic_partition_list_find(partitions, m_topic.c_str(), partition))
        target->offset = offset;
      {
        std::lock_guard lock(m_commitMutex);
        m_assignedAt[partition] = offset;
      }
      std::erase(missing, partition);
      carried += (carried.empty() ? "" : ", ") + std::to_string(partition) + "@" + std::to_string(offset);
    }
    if (!carried.empty())
      spdlog::info(
          "{}: group {} has no offsets of {}; partition@offset {} resume where group {} committed them, the "
          "group that read {} before the inputs of {} shared one member",
          m_context.nodeId, m_shared->group(), m_topic, carried, former, m_topic, userNodeId(m_sharedNode));
    if (!missing.empty() && !ms)  // (a start time logs where it starts)
      spdlog::info("{}: {} partition(s) of {} have no committed offset in group {}: they start at the {} (start {})",
                   m_context.nodeId, missing.size(), m_topic, m_shared->group(), m_startLatest ? "end" : "beginning",
                   m_startLatest ? "latest" : "earliest");
    startAt(rk, partitions, missing, ms);
  }

  // The offsets `group` committed for `wanted` partitions of this topic
  // (none committed: left out), read by a consumer of that group that joins
  // nothing. Asked once per partition and run (m_former), when the join's
  // group has no offset for it.
  std::vector<std::pair<std::int32_t, std::int64_t>> formerOffsets(const std::string& group,
                                                                   const std::vector<std::int32_t>& wanted) {
    if (group == m_shared->group()) return {};
    auto client = kafka::Client::create(clusterOf(m_context), kafka::Client::Kind::Consumer,
                                        {{"group.id", group}, {"enable.auto.commit", "false"}});
    kafka::PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(wanted.size())));
    for (std::int32_t partition : wanted) rd_kafka_topic_partition_list_add(list.get(), m_topic.c_str(), partition);
    rd_kafka_resp_err_t err =
        client ? rd_kafka_committed((*client)->handle(), list.get(), 10000) : RD_KAFKA_RESP_ERR__TRANSPORT;
    if (err) {
      spdlog::warn("{}: cannot read the offsets group {} committed for {} ({}); its partitions start at `start`",
                   m_context.nodeId, group, m_topic, client ? rd_kafka_err2str(err) : client.error().toString());
      return {};
    }
    std::vector<std::pair<std::int32_t, std::int64_t>> out;
    for (int i = 0; i < list->cnt; ++i)
      if (list->elems[i].err == RD_KAFKA_RESP_ERR_NO_ERROR && list->elems[i].offset >= 0)
        out.emplace_back(list->elems[i].partition, list->elems[i].offset);
    return out;
  }

  // Partitions taken away in a rebalance: what was read from them is
  // finished and committed now (synchronously), so the next owner does not
  // read it again. The records handed out from them are still on their way
  // through the stage: wait until the sinks have acknowledged them (as
  // long as acknowledgements keep coming, at most 10 s; a sink that holds
  // records for long, like a lake file, stops the wait after 0.5 s without
  // progress), then commit the positions acknowledged at that moment.
  // Only positions reached in this assignment count: an older one (from
  // before the partition last moved away) would rewind the group.
  void commitRevoked(rd_kafka_t* rk, rd_kafka_topic_partition_list_t* revoked) {
    {
      std::lock_guard lock(m_assignedMutex);
      for (int i = 0; i < revoked->cnt; ++i) m_assigned.erase(revoked->elems[i].partition);
      publishAssignment();
    }
    for (int i = 0; i < revoked->cnt; ++i) m_revokedInPoll.insert(revoked->elems[i].partition);
    if (m_txn) {
      finishRevoked(revoked);
      return;
    }
    if (m_shared) {
      std::lock_guard lock(m_commitMutex);
      for (int i = 0; i < revoked->cnt; ++i) m_assignedAt.erase(revoked->elems[i].partition);
    }
    std::map<std::int32_t, std::int64_t> targets, first;  // handed out / first read, per revoked partition
    {
      std::lock_guard lock(m_commitMutex);
      for (int i = 0; i < revoked->cnt; ++i) {
        const auto& tp = revoked->elems[i];
        auto f = m_firstRead.find(tp.partition);
        if (m_topic != tp.topic || f == m_firstRead.end()) continue;
        first.insert(*f);
        if (auto h = m_handedOut.find(tp.partition); h != m_handedOut.end()) targets.insert(*h);
      }
    }
    if (first.empty()) return;
    auto started = std::chrono::steady_clock::now();
    runtime::PositionMap acked = m_tracker ? m_tracker->committed() : runtime::PositionMap{};
    if (m_tracker && !m_closing) {
      auto covers = [&](const runtime::PositionMap& positions) {
        for (const auto& [p, offset] : targets)
          if (auto it = positions.find(p); it == positions.end() || it->second < offset) return false;
        return true;
      };
      if (m_drain) drainRevoked(covers);
      acked = m_tracker->committed();
      while (!m_drain && !covers(acked) && std::chrono::steady_clock::now() - started < std::chrono::seconds(10)) {
        std::uint64_t version = m_tracker->version();
        m_tracker->waitUntil([&](const runtime::PositionMap& p) { return covers(p) || m_tracker->version() != version; },
                             std::chrono::milliseconds(500));
        acked = m_tracker->committed();
        if (m_tracker->version() == version) break;  // no progress: a sink holds its records
      }
    }
    kafka::PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(first.size())));
    std::int64_t behind = 0;  // records handed out but not acknowledged: the next owner reads them again
    for (const auto& [p, from] : first) {
      auto it = acked.find(p);
      std::int64_t at = it != acked.end() && it->second > from ? it->second : -1;
      if (at >= 0) rd_kafka_topic_partition_list_add(list.get(), m_topic.c_str(), p)->offset = at;
      if (auto t = targets.find(p); t != targets.end()) behind += t->second - std::max(at, from);
    }
    {
      std::lock_guard lock(m_commitMutex);
      // Erased only now: a stateful node absorbing the last records of these
      // partitions asks where this assignment started (firstReadOffset).
      for (const auto& [p, from] : first) {
        m_handedOut.erase(p);
        m_firstRead.erase(p);
      }
    }
    spdlog::info("{}: {} partition(s) revoked; committing what the sinks acknowledged after {} ms ({} record(s) "
                 "handed out but not acknowledged)",
                 m_context.nodeId, first.size(),
                 std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
                     .count(),
                 behind);
    if (list->cnt == 0) return;
    if (rd_kafka_resp_err_t err = rd_kafka_commit(rk, list.get(), 0))
      spdlog::warn("{}: cannot commit offsets of revoked partitions: {}", m_context.nodeId, rd_kafka_err2str(err));
  }

  // A durable stateful node reads this topic (drainOnRevoke): before the
  // partitions go to another member, every record handed out from them must be
  // absorbed by the node and its state flushed (to the changelog, then the
  // local store), which the engine shows by acknowledging their positions.
  // The node sees the partitions leave partitions() (erased above), flushes
  // their state and lets it go; then the acknowledged offsets are committed
  // (by the caller) and the next owner restores the state from the changelog
  // and resumes after it. Waits at most 60 s; then the stage fails (its node
  // stops writing; the next owner restores the last complete flush and skips
  // what it covers). Not on close: a stopping stage flushes in its own order.
  void drainRevoked(const std::function<bool(const runtime::PositionMap&)>& covers) {
    auto started = std::chrono::steady_clock::now();
    if (!m_tracker->waitUntil(covers, std::chrono::seconds(60))) {
      m_drainFailure = makeError(ErrorCode::Unavailable,
                                 "partitions of " + m_topic +
                                     " were reassigned, and the state of the records read from them was not "
                                     "flushed within 60 s; the stage stops (the next owner restores the state "
                                     "from the changelog)");
      spdlog::error("{}: {}", m_context.nodeId, m_drainFailure->message);
      return;
    }
    spdlog::info("{}: revoked partitions: the state covering them was flushed in {} ms", m_context.nodeId,
                 std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
                     .count());
  }

  // Exactly-once: before partitions go to another member, every record handed
  // out must be processed and its transaction committed, or the next owner
  // would write their output again. Waits until the engine acknowledges every
  // record handed out (at most 60 s, then the stage fails and restarts from
  // what is committed) and commits the open transaction. Not on close: a
  // stopping stage commits in close(), a failing one aborts.
  void finishRevoked(rd_kafka_topic_partition_list_t* revoked) {
    {
      std::lock_guard lock(m_commitMutex);
      for (int i = 0; i < revoked->cnt; ++i) {
        m_firstRead.erase(revoked->elems[i].partition);
        m_handedOut.erase(revoked->elems[i].partition);
      }
    }
    if (m_txnOffsets.empty() || m_closing || m_txn->failure()) return;
    auto started = std::chrono::steady_clock::now();
    m_txn->requestFlush(true);  // stateful nodes flush into the open transaction now
    if (!m_tracker->waitUntil([&](const runtime::PositionMap& acked) { return covered(acked); },
                              std::chrono::seconds(60))) {
      m_txn->fail(makeError(ErrorCode::Unavailable,
                            "exactly_once: partitions of " + m_topic +
                                " were reassigned, and the records read from them were not processed within 60 s; "
                                "the stage stops and is read again from the committed offsets"));
      return;
    }
    commitOpen();
    spdlog::info("{}: {} partition(s) revoked; the open transaction committed in {} ms", m_context.nodeId,
                 revoked->cnt,
                 std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
                     .count());
  }

  // Exactly-once, on the poll thread: once the commit interval has passed,
  // stops handing out records until every record handed out in the open
  // transaction is acknowledged (written by every sink of the stage, its
  // dead letters included), then commits. False while still waiting.
  bool commitWhenDue() {
    if (!m_committing) {
      if (m_txnOffsets.empty() || std::chrono::steady_clock::now() < m_nextCommit) return true;
      m_committing = true;
      m_txn->requestFlush(true);  // stateful nodes flush into the open transaction now
    }
    if (!covered(m_tracker->committed())) return false;
    commitOpen();
    return true;
  }

  // Whether the acknowledged positions reach every position handed out in the open transaction.
  bool covered(const runtime::PositionMap& acked) const {
    for (const auto& [p, offset] : m_txnOffsets)
      if (auto it = acked.find(p); it == acked.end() || it->second < offset) return false;
    return true;
  }

  // Commits the open transaction with the positions handed out in it (a
  // failure is kept in the transaction and fails the stage at the next poll).
  void commitOpen() {
    if (Status s = m_txn->commit(m_txnOffsets); !s)
      spdlog::error("{}: {}", m_context.nodeId, s.error().toString());
    m_txn->requestFlush(false);
    m_txnOffsets.clear();
    m_committing = false;
    m_nextCommit = std::chrono::steady_clock::now() + commitInterval();
  }

  std::chrono::milliseconds commitInterval() const {
    return std::chrono::milliseconds(std::max<std::int64_t>(10, m_context.checkpointIntervalMs));
  }

  // `run --reset`: partitions this process has not had yet start at `start`
  // whatever the group committed; ones it had before resume from its own commits.
  void startOver(rd_kafka_t* rk, rd_kafka_topic_partition_list_t* partitions, std::optional<std::int64_t> ms) {
    std::vector<std::int32_t> fresh;
    for (int i = 0; i < partitions->cnt; ++i)
      if (m_startedOver.insert(partitions->elems[i].partition).second) fresh.push_back(partitions->elems[i].partition);
    startAt(rk, partitions, fresh, ms);
    spdlog::info("{}: starting over: {} partition(s) of {} from the {}", m_context.nodeId, m_startedOver.size(),
                 m_topic,
                 ms              ? "start time"
                 : m_startLatest ? "end"
                                 : "beginning");
  }

  // Sets where the `chosen` partitions of `partitions` start: at the first
  // message at or after `ms` (the end when there is none yet; the beginning
  // when the broker cannot say), else at the beginning or the end (`start`).
  void startAt(rd_kafka_t* rk, rd_kafka_topic_partition_list_t* partitions, const std::vector<std::int32_t>& chosen,
               std::optional<std::int64_t> ms) {
    kafka::PartitionListPtr byTime(rd_kafka_topic_partition_list_new(std::max(1, static_cast<int>(chosen.size()))));
    for (std::int32_t partition : chosen) {
      auto* tp = rd_kafka_topic_partition_list_find(partitions, m_topic.c_str(), partition);
      if (!tp) continue;
      if (ms)
        rd_kafka_topic_partition_list_add(byTime.get(), m_topic.c_str(), partition)->offset = *ms;
      else
        tp->offset = m_startLatest ? RD_KAFKA_OFFSET_END : RD_KAFKA_OFFSET_BEGINNING;
    }
    if (byTime->cnt == 0) return;
    rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(rk, byTime.get(), 10000);
    if (err)
      spdlog::warn("{}: cannot find offsets for the start time ({}); starting from the earliest", m_context.nodeId,
                   rd_kafka_err2str(err));
    for (int i = 0; i < byTime->cnt; ++i) {
      const auto& found = byTime->elems[i];
      if (auto* target = rd_kafka_topic_partition_list_find(partitions, found.topic, found.partition))
        target->offset = err                             ? RD_KAFKA_OFFSET_BEGINNING
                         : found.err || found.offset < 0 ? RD_KAFKA_OFFSET_END
                                                         : found.offset;
    }
    spdlog::info("{}: {} partition(s) of {} start at {}", m_context.nodeId, byTime->cnt, m_topic,
                 record::formatIsoTimestamp(*ms * 1000));
  }

  // The runner's name (runners set client.id to it; `run` too, see cmd_run),
  // or this host's name.
  static std::string runnerName(const kafka::ClusterConfig& cluster) {
    if (auto it = cluster.properties.find("client.id"); it != cluster.properties.end() && !it->second.empty())
      return it->second;
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0 || !host[0]) return "localhost";
    return host;
  }

  // A partition the group has never committed starts at the first message at
  // or after `ms` (its end when there is none yet); committed ones resume.
  void startAtTime(rd_kafka_t* rk, rd_kafka_topic_partition_list_t* partitions, std::int64_t ms) {
    kafka::PartitionListPtr committed(rd_kafka_topic_partition_list_copy(partitions));
    if (rd_kafka_resp_err_t err = rd_kafka_committed(rk, committed.get(), 10000)) {
      spdlog::warn("{}: cannot read committed offsets ({}); starting from committed or earliest", m_context.nodeId,
                   rd_kafka_err2str(err));
      return;
    }
    std::vector<std::int32_t> fresh;
    for (int i = 0; i < committed->cnt; ++i)
      if (committed->elems[i].offset < 0) fresh.push_back(committed->elems[i].partition);
    startAt(rk, partitions, fresh, ms);
  }

  runtime::NodeContext m_context;
  std::string m_topic;
  std::string m_group;
  TopicFormat m_format = TopicFormat::Json;
  std::unique_ptr<registry::AvroSerde> m_avro;  // format or key_format avro
  bool m_avroKeys = false;                      // key_format avro
  // The inputs of a join share one group member (shareConsumer); declared
  // before the client, which must go first.
  std::shared_ptr<SharedConsumer> m_shared;
  std::string m_sharedNode;  // that join
  std::shared_ptr<kafka::Client> m_client;
  kafka::QueuePtr m_queue;
  mutable std::mutex m_commitMutex;
  mutable nlohmann::json m_lastCommitted;
  bool m_startOver = false;                      // `run --reset`
  bool m_startLatest = false;
  std::set<std::int32_t> m_startedOver;  // partitions already started over (poll thread only)
  // Offset of the first record read from each partition since it was assigned
  // (m_commitMutex: written on the poll thread, read by checkpointState()).
  std::map<std::int32_t, std::int64_t> m_firstRead;
  std::map<std::int32_t, std::int64_t> m_assignedAt;  // a join's input: committed offset at assignment (m_commitMutex)
  // A join's input: the offsets the topic node's own group had committed, for
  // partitions the join's group had none of when assigned (poll thread only).
  std::map<std::int32_t, std::int64_t> m_former;
  std::set<std::int32_t> m_formerAsked;
  std::set<std::int32_t> m_revokedInPoll;  // partitions revoked during the current poll (poll thread only)
  // Of those, the ones assigned back in the same poll, with the last offset kept from them (poll thread only).
  std::map<std::int32_t, std::int64_t> m_reassignedInPoll;
  // Exactly-once (see TransactionLink).
  const runtime::AckTracker* m_tracker = nullptr;  // the engine's acknowledgements of what this source read
  std::map<std::int32_t, std::int64_t> m_handedOut;  // next offset after the last record polled (m_commitMutex)
  // Exactly-once (see StageTransaction); the poll thread only, and close() after it.
  std::shared_ptr<StageTransaction> m_txn;
  std::map<std::int32_t, std::int64_t> m_txnOffsets;  // next offset per partition handed out in the open transaction
  bool m_committing = false;                          // handing out nothing until the open transaction commits
  std::chrono::steady_clock::time_point m_nextCommit;
  bool m_drain = false;                 // drainOnRevoke(): a durable stateful node reads this topic
  std::optional<Error> m_drainFailure;  // a revoke's drain timed out (poll thread)
  bool m_closing = false;
  mutable std::mutex m_assignedMutex;
  std::set<std::int32_t> m_assigned;  // the group's assignment to this member now

  // The assignment as metrics, so that the canvas shows each member's
  // partitions alike for a local run and for runners (their /metrics):
  //   tributary_source_member_partitions{pipeline,node,type,member}   partitions it holds (0: idle)
  //   tributary_source_member_partition{...,partition}               1 while it holds the partition, else 0
  // `node` is the member's node id without the copy's "#m" (what member 0's
  // node metrics carry). Called with m_assignedMutex held (librdkafka's
  // rebalance callback, or close()).
  void publishAssignment() {
    if (!m_context.metrics) return;
    metrics::Labels labels = {{"pipeline", m_context.pipeline},
                              {"node", runtime::memberBaseId(m_context.nodeId)},
                              {"type", m_context.type},
                              {"member", std::to_string(m_context.member)}};
    m_context.metrics
        ->gauge("tributary_source_member_partitions",
                "Partitions of its topic that a consumer-group member holds now (0: idle).", labels)
        .set(static_cast<double>(m_assigned.size()));
    for (std::int32_t partition : m_assigned) m_published.insert(partition);
    for (std::int32_t partition : m_published) {
      metrics::Labels withPartition = labels;
      withPartition.emplace_back("partition", std::to_string(partition));
      m_context.metrics
          ->gauge("tributary_source_member_partition",
                  "1 while the consumer-group member holds this partition of its topic, 0 when not.", withPartition)
          .set(m_assigned.count(partition) ? 1 : 0);
    }
  }
  std::set<std::int32_t> m_published;  // partitions with a series (m_assignedMutex)
};

model::NodeSpec topicSpec() {
  model::NodeSpec spec;
  spec.type = "topic";
  spec.category = model::NodeCategory::Topic;
  spec.title = "Kafka topic";
  spec.icon = "topic";
  spec.help =
      "A Kafka topic. Records flowing in are produced to it; records flowing out are consumed from it in a "
      "consumer group, so several runners share the partitions.";
  spec.inputs = {model::PortSpec{.name = "in", .kind = model::PortKind::Any, .required = false}};
  spec.outputs = {model::PortSpec{.name = "out", .kind = model::PortKind::Any, .required = false}};
  spec.fields = {
      FieldSpec{.name = "name", .type = FieldType::String, .label = "Topic", .help = "The topic's name.", .required = true},
      FieldSpec{.name = "format", .type = FieldType::Enum,
                .help = "How record values are written and read. avro: Confluent-framed Avro (magic byte 0, "
                        "schema id, Avro binary) with the schemas of schema_registry.",
                .defaultValue = "json", .allowed = {"json", "string", "bytes", "avro"}},
      FieldSpec{.name = "schema_registry", .type = FieldType::String,
                .help = "With format avro: the Schema Registry's URL (Confluent's API), e.g. http://127.0.0.1:8081, or "
                        "\"embedded\" for the embedded broker's own; empty: the cluster's schema_registry."},
      FieldSpec{.name = "schema_registry_user", .type = FieldType::String,
                .help = "With format avro: basic auth user of the registry.", .advanced = true},
      FieldSpec{.name = "schema_registry_password", .type = FieldType::Secret,
                .help = "With format avro: basic auth password of the registry.", .advanced = true},
      FieldSpec{.name = "schema", .type = FieldType::String,
                .help = "With format avro, when producing: the Avro schema (JSON text) of the values. It is "
                        "registered under the subject, which checks it against the subject's compatibility. Empty: "
                        "a schema is inferred from the records and registered; a record that needs a wider schema "
                        "registers a new version if the subject's compatibility allows, else it goes to the error "
                        "policy with the registry's reason."},
      FieldSpec{.name = "subject", .type = FieldType::String,
                .help = "With format avro, when producing: the values' subject; empty: from subject_strategy."},
      FieldSpec{.name = "subject_strategy", .type = FieldType::Enum,
                .help = "With format or key_format avro: how subjects are named. topic_name: <topic>-value and "
                        "<topic>-key; record_name: the record's full name; topic_record_name: <topic>-<full name>.",
                .defaultValue = "topic_name", .allowed = {"topic_name", "record_name", "topic_record_name"},
                .advanced = true},
      FieldSpec{.name = "key_format", .type = FieldType::Enum,
                .help = "How message keys are written and read: string (text), or avro (Confluent-framed Avro; "
                        "read by the schema id in each key).",
                .defaultValue = "string", .allowed = {"string", "avro"}},
      FieldSpec{.name = "key_schema", .type = FieldType::String,
                .help = "With key_format avro, when producing: the Avro schema of the keys; empty: inferred from "
                        "the keys (a record for object keys, else long, double, string, boolean or bytes)."},
      FieldSpec{.name = "key_subject", .type = FieldType::String,
                .help = "With key_format avro, when producing: the keys' subject; empty: from subject_strategy."},
      FieldSpec{.name = "key", .type = FieldType::Expression,
                .help = "Expression for the message key when producing (e.g. id); empty keeps the record's key."},
      FieldSpec{.name = "create", .type = FieldType::Bool, .help = "Create the topic when it does not exist.",
                .defaultValue = true},
      FieldSpec{.name = "partitions", .type = FieldType::Int, .help = "Partitions when the topic is created.",
                .defaultValue = 1, .min = 1, .max = 10000},
      FieldSpec{.name = "replication", .type = FieldType::Int, .help = "Replication factor when the topic is created.",
                .defaultValue = 1, .min = 1, .max = 16},
      FieldSpec{.name = "start", .type = FieldType::Enum,
                .help = "Where a new consumer group starts reading: the earliest message, only new ones, or the "
                        "first message at or after start_time. Partitions the group has committed resume there.",
                .defaultValue = "earliest", .allowed = {"earliest", "latest", "timestamp"}},
      FieldSpec{.name = "start_time", .type = FieldType::String,
                .help = "With start \"timestamp\": a UTC time such as 2024-05-01T08:00:00Z (or milliseconds since "
                        "1970)."},
      FieldSpec{.name = "group", .type = FieldType::String,
                .help = "Consumer group; default tributary.<pipeline>.<node>. Runners of one pipeline share it. Topics "
                        "that feed one join are read together in the join's group, tributary.<pipeline>.<join>."},
      FieldSpec{.name = "parallelism", .type = FieldType::Int,
                .help = "Members of the consumer group this process runs for the stage after this topic (like Kafka "
                        "Connect's tasks.max): each member has its own copy of the transforms and sinks the topic's "
                        "records reach, on its own thread, and its share of the partitions. More than the topic's "
                        "partitions leaves members idle. A sink writing one file needs {member} (0, 1, ...) in its "
                        "path, e.g. consumer_logs/consumer_{member}/consumer_log.json.",
                .defaultValue = 1, .min = 1, .max = 64},
      FieldSpec{.name = "exactly_once", .type = FieldType::Bool,
                .help = "Read this topic exactly once into the topics after it: every sink its records reach (through "
                        "transforms) must be a topic node on the same cluster. They and the dead-letter topics of the "
                        "stage's nodes are written through one producer in Kafka transactions which also commit this "
                        "topic's offsets (Kafka Streams' exactly_once_v2), and this topic is read with read_committed. "
                        "After a crash nothing is lost or written twice for read_committed readers (dead letters "
                        "written to a file may repeat). Cost: output becomes visible only when its transaction "
                        "commits, once per checkpoint interval (1 s by default: up to that much more latency); at "
                        "each commit the stage stops reading until what it read is written. Aggregates and joins in "
                        "the stage write their changelogs in the same transactions (their state commits with the "
                        "offsets): each commit also waits for their flush, one more round trip to Kafka plus up to "
                        "10 ms.",
                .defaultValue = false},
      FieldSpec{.name = "static_member", .type = FieldType::Bool,
                .help = "Join the group as a static member (group.instance.id from pipeline, node and runner): a "
                        "restarted run or runner takes its partitions back at once, without a rebalance. A stopped "
                        "static member does not leave the group: its partitions wait for the session timeout "
                        "(10 s) before other runners take them.",
                .defaultValue = true, .advanced = true},
      FieldSpec{.name = "acks", .type = FieldType::Enum, .help = "Producer acknowledgements.", .defaultValue = "all",
                .allowed = {"all", "1", "0"}, .advanced = true},
      FieldSpec{.name = "idempotence", .type = FieldType::Bool,
                .help = "Idempotent producer: no duplicates from producer retries.", .defaultValue = true,
                .advanced = true},
      FieldSpec{.name = "compression", .type = FieldType::Enum, .help = "Compression of produced batches.",
                .defaultValue = "lz4", .allowed = {"none", "gzip", "snappy", "lz4", "zstd"}, .advanced = true},
      FieldSpec{.name = "partitioner", .type = FieldType::Enum,
                .help = "murmur2_random puts keys where Java clients put them.", .defaultValue = "murmur2_random",
                .allowed = {"murmur2_random", "murmur2", "consistent_random", "consistent", "random", "fnv1a_random"},
                .advanced = true},
      FieldSpec{.name = "linger", .type = FieldType::Duration, .help = "How long the producer waits to fill a batch.",
                .defaultValue = "5ms", .min = 0, .max = 60000, .advanced = true},
      FieldSpec{.name = "properties", .type = FieldType::Map,
                .help = "Further librdkafka properties for this node's clients.", .advanced = true},
  };
  spec.check = checkTopicConfig;
  return spec;
}

}  // namespace

void registerTopic(runtime::FactoryRegistry& registry) {
  runtime::NodeFactory factory;
  factory.spec = topicSpec();
  factory.source = [](const runtime::NodeContext& c) -> Result<std::unique_ptr<runtime::Source>> {
    return std::unique_ptr<runtime::Source>(std::make_unique<TopicSource>(c));
  };
  factory.sink = [](const runtime::NodeContext& c) -> Result<std::unique_ptr<runtime::Sink>> {
    return std::unique_ptr<runtime::Sink>(std::make_unique<TopicSink>(c));
  };
  registry.add(std::move(factory));
  registry.setDeadLetterTopicFactory(makeDeadLetterTopic);
  registry.setTopicPartitions(topicPartitionCount);
}

}  // namespace tributary::connectors
