// topic: a Kafka topic inside a pipeline. Records flowing into the node are
// produced to the topic (TopicSink); records flowing out of it are consumed
// from the topic in a consumer group (TopicSource). The two halves are separate
// tasks joined only through Kafka, which is what lets several runners share
// the work downstream of a topic.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include <unistd.h>

#include <spdlog/spdlog.h>

#include "core/connectors/registration.h"
#include "core/connectors/topic_avro.h"
#include "core/connectors/topic_common.h"
#include "core/runtime/node_config.h"
#include "core/expr/expression.h"
#include "core/kafka/client.h"
#include "core/kafka/cluster.h"
#include "core/kafka/statistics.h"
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

// Exactly-once between topics (`exactly_once: true` on the consumed topic):
// what the consuming half of a stage shares with the one producing half its
// records reach. The producer writes in transactions and commits the
// consumer's offsets inside them (Kafka Streams' exactly_once_v2), so the
// output and the input position move together or not at all.
// Threads: the source's poll thread (consumer, revokes), the sink's task
// thread (transactions) and the engine's supervisor; every member is guarded.
class TransactionLink {
 public:
  TransactionLink(std::string transactionalId, std::string topic, std::string sourceNode)
      : m_id(std::move(transactionalId)), m_topic(std::move(topic)), m_sourceNode(std::move(sourceNode)) {}
  ~TransactionLink() {
    if (m_metadata) rd_kafka_consumer_group_metadata_destroy(m_metadata);
  }
  const std::string& transactionalId() const { return m_id; }
  const std::string& topic() const { return m_topic; }
  const std::string& sourceNode() const { return m_sourceNode; }

  // The source's consumer, while it is open.
  void setConsumer(rd_kafka_t* rk) {
    std::lock_guard lock(m_mutex);
    m_consumer = rk;
  }
  // Before the consumer closes: its group metadata is kept for the last commit.
  void detachConsumer() {
    std::lock_guard lock(m_mutex);
    refreshMetadata();
    m_consumer = nullptr;
  }
  // A copy of the consumer's group metadata (group, generation, member) for
  // send_offsets_to_transaction; the caller destroys it. Null before it joined.
  rd_kafka_consumer_group_metadata_t* groupMetadata() {
    std::lock_guard lock(m_mutex);
    refreshMetadata();
    if (!m_metadata) return nullptr;
    // No copy function in librdkafka 2.0.2: write and read back.
    void* buffer = nullptr;
    size_t size = 0;
    rd_kafka_consumer_group_metadata_t* copy = nullptr;
    if (rd_kafka_error_t* e = rd_kafka_consumer_group_metadata_write(m_metadata, &buffer, &size)) {
      rd_kafka_error_destroy(e);
      return nullptr;
    }
    if (rd_kafka_error_t* e = rd_kafka_consumer_group_metadata_read(&copy, buffer, size)) {
      rd_kafka_error_destroy(e);
      copy = nullptr;
    }
    rd_kafka_mem_free(nullptr, buffer);
    return copy;
  }

  // The source asks the sink to commit its open transaction now (partitions are being revoked).
  void requestCommit() { m_commitRequested = true; }
  bool commitRequested() const { return m_commitRequested; }
  void clearCommitRequest() { m_commitRequested = false; }

  // A transaction could not commit and was aborted: the source fails the
  // pipeline, which resumes from the last committed transaction.
  void fail(Error error) {
    std::lock_guard lock(m_mutex);
    if (!m_failure) m_failure = std::move(error);
  }
  std::optional<Error> failure() const {
    std::lock_guard lock(m_mutex);
    return m_failure;
  }

 private:
  void refreshMetadata() {  // m_mutex held
    if (!m_consumer) return;
    if (rd_kafka_consumer_group_metadata_t* fresh = rd_kafka_consumer_group_metadata(m_consumer)) {
      if (m_metadata) rd_kafka_consumer_group_metadata_destroy(m_metadata);
      m_metadata = fresh;
    }
  }

  const std::string m_id, m_topic, m_sourceNode;
  mutable std::mutex m_mutex;
  rd_kafka_t* m_consumer = nullptr;
  rd_kafka_consumer_group_metadata_t* m_metadata = nullptr;
  std::optional<Error> m_failure;
  std::atomic<bool> m_commitRequested{false};
};

class TopicSink final : public runtime::Sink {
 public:
  explicit TopicSink(runtime::NodeContext context) : m_context(std::move(context)) {}

  const runtime::NodeContext& context() const { return m_context; }
  // Makes this sink write in transactions that also commit `link`'s consumer offsets.
  Status joinTransactions(std::shared_ptr<TransactionLink> link) {
    if (m_link)
      return makeError(ErrorCode::Invalid,
                       "exactly_once: topic `" + userNodeId(m_context.nodeId) + "` is fed by two exactly-once topics (`" +
                           m_link->sourceNode() + "` and `" + link->sourceNode() +
                           "`); one transaction can commit the offsets of only one");
    m_link = std::move(link);
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
    if (m_link) {
      settings["transactional.id"] = m_link->transactionalId();
      settings["enable.idempotence"] = "true";
      settings["acks"] = "all";
    }
    addStatistics(m_context, settings);
    auto client = kafka::Client::create(cluster, kafka::Client::Kind::Producer, settings);
    if (!client) return client.error();
    m_client = std::move(*client);
    feedStatistics(m_context, *m_client);
    if (m_link) {
      // Fences an earlier producer with the same id (a killed run) and aborts its open transaction.
      if (rd_kafka_error_t* e = rd_kafka_init_transactions(m_client->handle(), 60000))
        return transactionError(e, "starting transactions on " + m_topic);
      if (rd_kafka_error_t* e = rd_kafka_begin_transaction(m_client->handle()))
        return transactionError(e, "beginning a transaction on " + m_topic);
      m_nextCommit = std::chrono::steady_clock::now() + commitInterval();
    }
    return {};
  }

  Result<std::uint64_t> write(const record::Batch& batch, runtime::ErrorReporter& errors) override {
    if (!m_link) return produce(batch, errors, true);
    if (auto failed = m_link->failure()) return *failed;
    auto written = produce(batch, errors, false);  // commit_transaction waits for the deliveries
    if (!written) {  // records of the open transaction may be lost: it must not commit
      abortTransaction(nullptr, written.error().message);
      return written;
    }
    for (const record::Record& r : batch)
      if (r.position.partition >= 0) {
        auto [at, fresh] = m_txnOffsets.try_emplace(r.position.partition, r.position.offset + 1);
        if (!fresh) at->second = std::max(at->second, r.position.offset + 1);
      }
    m_txnRecords += batch.size();
    m_written += batch.size();
    if (Status s = commitWhenDue(); !s) return s.error();
    return written;
  }

  // Produces the batch; with `wait`, waits for its delivery reports and
  // applies them (in a transaction, a failed delivery fails the commit instead).
  Result<std::uint64_t> produce(const record::Batch& batch, runtime::ErrorReporter& errors, bool wait) {
    rd_kafka_t* rk = m_client->handle();
    // One report per record: the delivery callback writes into it (see kafka::Client).
    std::vector<kafka::DeliveryReport> reports(batch.size());
    std::vector<bool> sent(batch.size(), false);
    std::uint64_t bytes = 0;
    std::string key, value;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const record::Record& r = batch[i];
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
          if (s.error().code == ErrorCode::Unavailable) {  // the registry is down: the batch is tried again
            if (wait) drain(rk);
            return s.error();
          }
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
      while (true) {
        rd_kafka_resp_err_t err = rd_kafka_producev(
            rk, RD_KAFKA_V_TOPIC(m_topic.c_str()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
            RD_KAFKA_V_KEY(hasKey ? key.data() : nullptr, hasKey ? key.size() : 0),
            RD_KAFKA_V_VALUE(tombstone ? nullptr : value.data(), tombstone ? 0 : value.size()),
            RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_TIMESTAMP(r.timestampMs), RD_KAFKA_V_OPAQUE(wait ? &reports[i] : nullptr),
            RD_KAFKA_V_END);
        if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {  // librdkafka's queue is full: let deliveries drain
          rd_kafka_poll(rk, 10);
          continue;
        }
        if (err) {
          if (headers) rd_kafka_headers_destroy(headers);
          if (err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE) {
            errors.report(r, makeError(ErrorCode::Invalid, "record of " + std::to_string(value.size()) +
                                                               " bytes is larger than the topic accepts"));
            break;
          }
          if (wait) drain(rk);
          return m_client->error(err, "producing to " + m_topic);
        }
        sent[i] = true;
        bytes += key.size() + value.size();
        break;
      }
    }
    if (!wait) {
      rd_kafka_poll(rk, 0);
      return bytes;
    }
    drain(rk);
    // A record the broker refuses for good goes through the error policy; any
    // other failure fails the batch, which the engine retries.
    for (std::size_t i = 0; i < batch.size(); ++i) {
      if (!sent[i] || !reports[i].error) continue;
      rd_kafka_resp_err_t err = reports[i].error;
      if (err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE || err == RD_KAFKA_RESP_ERR_INVALID_RECORD ||
          err == RD_KAFKA_RESP_ERR_INVALID_MSG)
        errors.report(batch[i], m_client->error(err, "producing to " + m_topic));
      else
        return m_client->error(err, "producing to " + m_topic);
    }
    return bytes;
  }

  Status flush() override {
    if (!m_client) return {};
    drain(m_client->handle());
    if (m_link && m_txnRecords > 0) return commitTransaction();
    return {};
  }
  void close() override {
    if (m_link && m_client && m_txnRecords > 0 && !m_link->failure()) {
      // Not flushed (the pipeline failed or was aborted): nothing of it may commit.
      if (rd_kafka_error_t* e = rd_kafka_abort_transaction(m_client->handle(), 10000)) rd_kafka_error_destroy(e);
    }
    m_client.reset();
  }
  bool blocking() const override { return true; }

  // Exactly-once: records count as delivered once their transaction committed.
  bool defersAcks() const override { return m_link != nullptr; }
  std::uint64_t durableRecords() const override { return m_durable; }
  std::int64_t tickMs() const override {
    return m_link ? std::clamp<std::int64_t>(m_context.checkpointIntervalMs / 4, 10, 100) : 0;
  }
  Status tick() override { return m_link ? commitWhenDue() : Status{}; }

 private:
  std::chrono::milliseconds commitInterval() const {
    return std::chrono::milliseconds(std::max<std::int64_t>(10, m_context.checkpointIntervalMs));
  }

  Status commitWhenDue() {
    if (m_txnRecords == 0 || m_link->failure()) return {};
    if (std::chrono::steady_clock::now() < m_nextCommit && !m_link->commitRequested()) return {};
    return commitTransaction();
  }

  // Commits the open transaction with the consumer offsets of its records and
  // begins the next one. A failure aborts it and fails the stage: its records
  // are read again from the last committed offsets after a restart.
  Status commitTransaction() {
    rd_kafka_t* rk = m_client->handle();
    kafka::PartitionListPtr offsets(rd_kafka_topic_partition_list_new(static_cast<int>(m_txnOffsets.size())));
    for (const auto& [partition, offset] : m_txnOffsets)
      rd_kafka_topic_partition_list_add(offsets.get(), m_link->topic().c_str(), partition)->offset = offset;
    rd_kafka_error_t* e = nullptr;
    for (int attempt = 0; attempt < 5; ++attempt) {
      rd_kafka_consumer_group_metadata_t* group = m_link->groupMetadata();
      if (!group)
        return abortTransaction(nullptr, "the consumer of topic " + m_link->topic() + " has not joined its group");
      e = rd_kafka_send_offsets_to_transaction(rk, offsets.get(), group, 30000);
      rd_kafka_consumer_group_metadata_destroy(group);
      if (!e) e = rd_kafka_commit_transaction(rk, 60000);
      if (!e || !rd_kafka_error_is_retriable(e)) break;
      spdlog::warn("{}: committing the transaction: {} (trying again)", m_context.nodeId, rd_kafka_error_string(e));
      rd_kafka_error_destroy(e);
      e = nullptr;
      std::this_thread::sleep_for(std::chrono::milliseconds(100 << attempt));
    }
    if (e) return abortTransaction(e, "committing the transaction");
    m_durable = m_written;
    m_txnRecords = 0;
    m_txnOffsets.clear();
    m_link->clearCommitRequest();
    m_nextCommit = std::chrono::steady_clock::now() + commitInterval();
    if (rd_kafka_error_t* b = rd_kafka_begin_transaction(rk)) return abortTransaction(b, "beginning a transaction");
    return {};
  }

  // Aborts the open transaction (`e`, when given, is the librdkafka error that
  // made it fail; it is destroyed here) and fails the stage.
  Error abortTransaction(rd_kafka_error_t* e, const std::string& what) {
    std::string reason = e ? std::string(rd_kafka_error_string(e)) : what;
    bool fatal = e && rd_kafka_error_is_fatal(e);
    if (e) rd_kafka_error_destroy(e);
    if (!fatal)
      if (rd_kafka_error_t* a = rd_kafka_abort_transaction(m_client->handle(), 30000)) rd_kafka_error_destroy(a);
    m_txnRecords = 0;
    Error error = makeError(ErrorCode::Unavailable,
                            "exactly_once: the transaction on topic " + m_topic + " failed and was aborted (" +
                                (e ? what + ": " : std::string()) + reason +
                                "); the stage stops, and its records since the last commit are read again when "
                                "it is restarted");
    m_link->fail(error);
    return error;
  }

  Error transactionError(rd_kafka_error_t* e, const std::string& what) {
    Error error = makeError(ErrorCode::Unavailable, what + ": " + rd_kafka_error_string(e));
    rd_kafka_error_destroy(e);
    return error;
  }

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

  runtime::NodeContext m_context;
  std::string m_topic;
  TopicFormat m_format = TopicFormat::Json;
  std::unique_ptr<TopicAvroWriter> m_valueAvro, m_keyAvro;  // format / key_format avro
  std::optional<expr::Expression> m_key;
  std::unique_ptr<kafka::Client> m_client;
  // Exactly-once (task thread only, besides the link itself).
  std::shared_ptr<TransactionLink> m_link;
  std::map<std::int32_t, std::int64_t> m_txnOffsets;  // next input offset per partition, in the open transaction
  std::uint64_t m_txnRecords = 0;                     // records in the open transaction
  std::uint64_t m_written = 0, m_durable = 0;         // records written / committed since open()
  std::chrono::steady_clock::time_point m_nextCommit;
};

class TopicSource final : public runtime::Source {
 public:
  explicit TopicSource(runtime::NodeContext context) : m_context(std::move(context)) {}

  Status linkSinks(const std::vector<runtime::Sink*>& sinks) override {
    if (!m_context.config.value("exactly_once", false)) return {};
    const std::string topic = m_context.config.value("name", std::string());
    const std::string self = userNodeId(m_context.nodeId);
    TopicSink* sink = sinks.size() == 1 ? dynamic_cast<TopicSink*>(sinks.front()) : nullptr;
    if (!sink)
      return makeError(ErrorCode::Invalid,
                       "the records read from topic `" + self +
                           "` must reach exactly one other topic node (through transforms only) so that one "
                           "transaction holds their output and the input offsets; they reach " +
                           std::to_string(sinks.size()) + " sink(s)" +
                           (sinks.size() == 1 ? " that is not a topic" : ""),
                       "exactly_once");
    kafka::ClusterConfig cluster = clusterOf(m_context);
    if (clusterOf(sink->context()).bootstrap != cluster.bootstrap)
      return makeError(ErrorCode::Invalid,
                       "topic `" + userNodeId(sink->context().nodeId) + "` is on another cluster than topic `" + self + "`; a transaction spans one cluster",
                       "exactly_once");
    m_link = std::make_shared<TransactionLink>(
        topicInstanceId(m_context.pipeline, m_context.nodeId, m_context.member, runnerName(cluster)), topic, self);
    return sink->joinTransactions(m_link);
  }

  Status open(const nlohmann::json&, runtime::ErrorReporter&) override {
    // Kafka keeps the committed offsets of the group; the engine's checkpoint is
    // not needed to resume (checkpointState() commits to Kafka).
    const auto& c = m_context.config;
    runtime::NodeConfig config(c);
    std::string start = config.text("start");
    if (Status s = config.status(); !s) return s;
    std::string group = topicConsumerGroup(m_context.pipeline, m_context.nodeId, c);
    kafka::ClusterConfig cluster = clusterOf(m_context);
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
                                                   {"partition.assignment.strategy", "roundrobin,range"},
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
      defaults["group.instance.id"] =
          topicInstanceId(m_context.pipeline, m_context.nodeId, m_context.member, runnerName(cluster));
    for (const auto& [key, value] : defaults)
      if (!cluster.properties.count(key)) settings[key] = value;
    if (m_link) settings["isolation.level"] = "read_committed";  // only what committed transactions wrote
    addStatistics(m_context, settings);
    auto client = kafka::Client::create(cluster, kafka::Client::Kind::Consumer, settings);
    if (!client) return client.error();
    m_client = std::move(*client);
    feedStatistics(m_context, *m_client);
    m_startOver = topicsStartOver();
    m_startLatest = start == "latest";
    m_client->setAssignHandler([this, startMs](rd_kafka_t* rk, rd_kafka_topic_partition_list_t* p) {
      {
        std::lock_guard lock(m_assignedMutex);
        for (int i = 0; i < p->cnt; ++i) m_assigned.insert(p->elems[i].partition);
      }
      if (m_startOver)
        startOver(rk, p, startMs);
      else if (startMs)
        startAtTime(rk, p, *startMs);
    });
    m_client->setRevokeHandler([this](rd_kafka_t* rk, rd_kafka_topic_partition_list_t* p) { commitRevoked(rk, p); });
    rd_kafka_t* rk = m_client->handle();
    rd_kafka_poll_set_consumer(rk);
    kafka::PartitionListPtr topics(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(topics.get(), m_topic.c_str(), RD_KAFKA_PARTITION_UA);
    if (rd_kafka_resp_err_t err = rd_kafka_subscribe(rk, topics.get()))
      return m_client->error(err, "subscribing to " + m_topic);
    m_queue.reset(rd_kafka_queue_get_consumer(rk));
    m_group = group;
    if (m_link) m_link->setConsumer(rk);
    if (auto instance = settings.find("group.instance.id"); instance != settings.end())
      spdlog::info("{}: consuming {} as group {}, static member {}", m_context.nodeId, m_topic, group, instance->second);
    else
      spdlog::info("{}: consuming {} as group {}", m_context.nodeId, m_topic, group);
    return {};
  }

  runtime::PollResult poll(record::Batch& out, std::size_t maxRecords, runtime::ErrorReporter& errors) override {
    runtime::PollResult result;
    if (m_link)
      if (auto failed = m_link->failure()) {
        result.error = *failed;
        return result;
      }
    if (m_drainFailure) {
      result.error = *m_drainFailure;
      return result;
    }
    std::vector<rd_kafka_message_t*> messages(std::min<std::size_t>(maxRecords, 10000));
    m_revokedInPoll.clear();
    ssize_t n = rd_kafka_consume_batch_queue(m_queue.get(), 100, messages.data(), messages.size());
    if (n < 0) {
      result.error = m_client->error(rd_kafka_last_error(), "consuming " + m_topic);
      return result;
    }
    if (m_link)
      if (auto failed = m_link->failure()) {
        for (ssize_t i = 0; i < n; ++i) rd_kafka_message_destroy(messages[static_cast<std::size_t>(i)]);
        result.error = *failed;
        return result;
      }
    std::map<std::int32_t, std::int64_t> resume, firstInBatch;
    for (ssize_t i = 0; i < n; ++i) {
      rd_kafka_message_t* m = messages[static_cast<std::size_t>(i)];
      if (m_revokedInPoll.count(m->partition)) {
        // Fetched before its partition was revoked inside this poll: the next
        // owner reads it from the committed offset.
        rd_kafka_message_destroy(m);
        continue;
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
    if ((m_link || m_drain) && !resume.empty()) {
      std::lock_guard lock(m_commitMutex);
      for (const auto& [partition, offset] : resume) m_handedOut[partition] = offset;
    }
    if (n == 0) result.waitMs = 0;  // consume_batch_queue already waited
    return result;
  }

  nlohmann::json checkpointState(const runtime::PositionMap& committed) const override {
    // Commit acknowledged offsets to Kafka (asynchronously; a lost commit only
    // means duplicates after a restart). Partitions this instance no longer
    // owns are left to their new owner.
    nlohmann::json state = nlohmann::json::object();
    if (!m_client || committed.empty()) return state;
    {
      std::lock_guard lock(m_commitMutex);
      m_acknowledged = committed;
    }
    if (m_link) {  // exactly-once: the offsets commit with the sink's transactions
      m_acknowledgedChanged.notify_all();
      for (const auto& [partition, offset] : committed) state[std::to_string(partition)] = offset;
      return state;
    }
    if (m_drain) m_acknowledgedChanged.notify_all();
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
    if (m_link) m_link->detachConsumer();
    m_queue.reset();
    m_client.reset();  // closes the consumer: leaves the group so others take over at once
  }
  bool blocking() const override { return true; }
  void drainOnRevoke() override { m_drain = true; }
  std::optional<std::int64_t> firstReadOffset(std::int32_t partition) const override {
    std::lock_guard lock(m_commitMutex);
    if (auto it = m_firstRead.find(partition); it != m_firstRead.end()) return it->second;
    return std::nullopt;
  }
  std::vector<std::int32_t> partitions() const override {
    std::lock_guard lock(m_assignedMutex);
    return {m_assigned.begin(), m_assigned.end()};
  }
  // Exactly-once: the engine reports acknowledged positions even without a
  // checkpoint folder, for the wait on a revoke (commitRevoked).
  bool confirmsUpstream() const override { return m_link != nullptr; }
  Result<runtime::SourceTopic> topic() const override {
    auto admin = kafka::ClusterClient::connect(clusterOf(m_context));
    if (!admin) return admin.error();
    auto info = (*admin)->describeTopic(m_topic);
    if (!info) return info.error();
    return runtime::SourceTopic{m_topic, static_cast<int>(info->partitions.size())};
  }

 private:
  // Partitions taken away in a rebalance: their acknowledged offsets are
  // committed now (synchronously), not at the next checkpoint, so the next
  // owner does not read again what this one has finished.
  // Only positions reached in this assignment count: an older one (from
  // before the partition last moved away) would rewind the group.
  void commitRevoked(rd_kafka_t* rk, rd_kafka_topic_partition_list_t* revoked) {
    {
      std::lock_guard lock(m_assignedMutex);
      for (int i = 0; i < revoked->cnt; ++i) m_assigned.erase(revoked->elems[i].partition);
    }
    for (int i = 0; i < revoked->cnt; ++i) m_revokedInPoll.insert(revoked->elems[i].partition);
    if (m_link) {
      finishRevoked(revoked);
      return;
    }
    if (m_drain) drainRevoked(revoked);
    kafka::PartitionListPtr list(rd_kafka_topic_partition_list_new(revoked->cnt));
    {
      std::lock_guard lock(m_commitMutex);
      for (int i = 0; i < revoked->cnt; ++i) {
        const auto& tp = revoked->elems[i];
        auto it = m_acknowledged.find(tp.partition);
        auto first = m_firstRead.find(tp.partition);
        if (m_topic == tp.topic && it != m_acknowledged.end() && first != m_firstRead.end() &&
            it->second > first->second)
          rd_kafka_topic_partition_list_add(list.get(), tp.topic, tp.partition)->offset = it->second;
      }
      for (int i = 0; i < revoked->cnt; ++i) m_firstRead.erase(revoked->elems[i].partition);
    }
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
  void drainRevoked(rd_kafka_topic_partition_list_t* revoked) {
    std::map<std::int32_t, std::int64_t> targets;
    std::unique_lock lock(m_commitMutex);
    for (int i = 0; i < revoked->cnt; ++i) {
      auto p = revoked->elems[i].partition;
      if (auto it = m_handedOut.find(p); it != m_handedOut.end()) targets.insert(*it);
      m_handedOut.erase(p);
    }
    if (targets.empty() || m_closing) return;
    auto done = [&] {
      for (const auto& [p, offset] : targets)
        if (auto it = m_acknowledged.find(p); it == m_acknowledged.end() || it->second < offset) return false;
      return true;
    };
    auto started = std::chrono::steady_clock::now();
    if (!m_acknowledgedChanged.wait_for(lock, std::chrono::seconds(60), done)) {
      m_drainFailure = makeError(ErrorCode::Unavailable,
                                 "partitions of " + m_topic +
                                     " were reassigned, and the state of the records read from them was not "
                                     "flushed within 60 s; the stage stops (the next owner restores the state "
                                     "from the changelog)");
      spdlog::error("{}: {}", m_context.nodeId, m_drainFailure->message);
      return;
    }
    spdlog::info("{}: {} partition(s) revoked; the state covering them was flushed in {} ms", m_context.nodeId,
                 targets.size(),
                 std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
                     .count());
  }

  // Exactly-once: before partitions go to another member, every record handed
  // out from them must be processed and its transaction committed, or the
  // next owner would write their output again. Asks the sink to commit now
  // and waits until the engine acknowledges the positions (at most 60 s,
  // then the stage fails and restarts from what is committed). Not on close:
  // a stopping stage commits in its sink's flush, a failing one aborts.
  void finishRevoked(rd_kafka_topic_partition_list_t* revoked) {
    std::map<std::int32_t, std::int64_t> targets;
    std::unique_lock lock(m_commitMutex);
    for (int i = 0; i < revoked->cnt; ++i) {
      auto p = revoked->elems[i].partition;
      if (auto it = m_handedOut.find(p); it != m_handedOut.end()) targets.insert(*it);
      m_handedOut.erase(p);
    }
    for (int i = 0; i < revoked->cnt; ++i) m_firstRead.erase(revoked->elems[i].partition);
    if (targets.empty() || m_closing) return;
    auto done = [&] {
      if (m_link->failure()) return true;
      for (const auto& [p, offset] : targets)
        if (auto it = m_acknowledged.find(p); it == m_acknowledged.end() || it->second < offset) return false;
      return true;
    };
    m_link->requestCommit();
    auto started = std::chrono::steady_clock::now();
    if (!m_acknowledgedChanged.wait_for(lock, std::chrono::seconds(60), done))
      m_link->fail(makeError(ErrorCode::Unavailable,
                             "exactly_once: partitions of " + m_topic +
                                 " were reassigned, and the records read from them were not committed within 60 s; "
                                 "the stage stops and is read again from the committed offsets"));
    spdlog::info("{}: {} partition(s) revoked; their transaction committed in {} ms", m_context.nodeId, targets.size(),
                 std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
                     .count());
  }

  // `run --reset`: partitions this process has not had yet start at `start`
  // whatever the group committed; ones it had before resume from its own commits.
  void startOver(rd_kafka_t* rk, rd_kafka_topic_partition_list_t* partitions, std::optional<std::int64_t> ms) {
    kafka::PartitionListPtr byTime(rd_kafka_topic_partition_list_new(partitions->cnt));
    for (int i = 0; i < partitions->cnt; ++i) {
      auto& tp = partitions->elems[i];
      if (!m_startedOver.insert(tp.partition).second) continue;
      if (ms)
        rd_kafka_topic_partition_list_add(byTime.get(), tp.topic, tp.partition)->offset = *ms;
      else
        tp.offset = m_startLatest ? RD_KAFKA_OFFSET_END : RD_KAFKA_OFFSET_BEGINNING;
    }
    if (byTime->cnt > 0) {
      rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(rk, byTime.get(), 10000);
      for (int i = 0; i < byTime->cnt; ++i) {
        const auto& found = byTime->elems[i];
        if (auto* target = rd_kafka_topic_partition_list_find(partitions, found.topic, found.partition))
          target->offset = err || found.err || found.offset < 0 ? RD_KAFKA_OFFSET_END : found.offset;
      }
    }
    spdlog::info("{}: starting over: {} partition(s) of {} from the {}", m_context.nodeId, m_startedOver.size(),
                 m_topic, ms ? "start time" : m_startLatest ? "end" : "beginning");
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
    kafka::PartitionListPtr byTime(rd_kafka_topic_partition_list_new(partitions->cnt));
    for (int i = 0; i < committed->cnt; ++i)
      if (committed->elems[i].offset < 0)
        rd_kafka_topic_partition_list_add(byTime.get(), committed->elems[i].topic, committed->elems[i].partition)
            ->offset = ms;
    if (byTime->cnt == 0) return;
    if (rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(rk, byTime.get(), 10000)) {
      spdlog::warn("{}: cannot find offsets for the start time ({}); starting from the earliest", m_context.nodeId,
                   rd_kafka_err2str(err));
      return;
    }
    for (int i = 0; i < byTime->cnt; ++i) {
      const auto& found = byTime->elems[i];
      auto* target = rd_kafka_topic_partition_list_find(partitions, found.topic, found.partition);
      if (!target) continue;
      target->offset = found.err || found.offset < 0 ? RD_KAFKA_OFFSET_END : found.offset;
    }
    spdlog::info("{}: {} partition(s) start at {}", m_context.nodeId, byTime->cnt,
                 record::formatIsoTimestamp(ms * 1000));
  }

  runtime::NodeContext m_context;
  std::string m_topic;
  std::string m_group;
  TopicFormat m_format = TopicFormat::Json;
  std::unique_ptr<registry::AvroSerde> m_avro;  // format or key_format avro
  bool m_avroKeys = false;                      // key_format avro
  std::unique_ptr<kafka::Client> m_client;
  kafka::QueuePtr m_queue;
  mutable std::mutex m_commitMutex;
  mutable nlohmann::json m_lastCommitted;
  mutable runtime::PositionMap m_acknowledged;  // the engine's latest committed positions
  bool m_startOver = false;                      // `run --reset`
  bool m_startLatest = false;
  std::set<std::int32_t> m_startedOver;  // partitions already started over (poll thread only)
  // Offset of the first record read from each partition since it was assigned
  // (m_commitMutex: written on the poll thread, read by checkpointState()).
  std::map<std::int32_t, std::int64_t> m_firstRead;
  std::set<std::int32_t> m_revokedInPoll;  // partitions revoked during the current poll (poll thread only)
  // Exactly-once (see TransactionLink).
  std::shared_ptr<TransactionLink> m_link;
  std::map<std::int32_t, std::int64_t> m_handedOut;  // next offset after the last record polled (m_commitMutex)
  bool m_drain = false;                                // drainOnRevoke(): a durable stateful node reads this topic
  std::optional<Error> m_drainFailure;                 // a revoke's drain timed out (poll thread)
  mutable std::condition_variable m_acknowledgedChanged;  // m_acknowledged moved (with m_commitMutex)
  bool m_closing = false;
  mutable std::mutex m_assignedMutex;
  std::set<std::int32_t> m_assigned;  // the group's assignment to this member now
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
                .help = "Consumer group; default tributary.<pipeline>.<node>. Runners of one pipeline share it."},
      FieldSpec{.name = "parallelism", .type = FieldType::Int,
                .help = "Members of the consumer group this process runs for the stage after this topic (like Kafka "
                        "Connect's tasks.max): each member has its own copy of the transforms and sinks the topic's "
                        "records reach, on its own thread, and its share of the partitions. More than the topic's "
                        "partitions leaves members idle. A sink writing one file needs {member} (0, 1, ...) in its "
                        "path, e.g. consumer_logs/consumer_{member}/consumer_log.json.",
                .defaultValue = 1, .min = 1, .max = 64},
      FieldSpec{.name = "exactly_once", .type = FieldType::Bool,
                .help = "Read this topic exactly once into the next topic: records consumed from it must reach one "
                        "other topic node (through transforms only); that node writes in Kafka transactions which "
                        "also commit this topic's offsets (Kafka Streams' exactly_once_v2), and this topic is read "
                        "with read_committed. After a crash nothing is lost or written twice for read_committed "
                        "readers. Cost: output becomes visible only when its transaction commits, once per "
                        "checkpoint interval (1 s by default: up to that much more latency), and a commit per "
                        "interval.",
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
}

}  // namespace tributary::connectors
