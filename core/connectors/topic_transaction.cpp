#include "core/connectors/topic_transaction.h"

#include <chrono>
#include <thread>

#include <spdlog/spdlog.h>

namespace tributary::connectors {

namespace {
// The transaction this thread holds a Producing of (at most one at a time).
thread_local const StageTransaction* t_producing = nullptr;
}  // namespace

StageTransaction::Producing::Producing(StageTransaction& txn) : m_txn(txn) {
  if (t_producing == &txn) return;
  txn.m_lock.lock_shared();
  t_producing = &txn;
  m_owns = true;
}

StageTransaction::Producing::~Producing() {
  if (!m_owns) return;
  t_producing = nullptr;
  m_txn.m_lock.unlock_shared();
}

StageTransaction::StageTransaction(kafka::ClusterConfig cluster, std::string transactionalId, std::string topic,
                                   std::string sourceNode)
    : m_cluster(std::move(cluster)),
      m_id(std::move(transactionalId)),
      m_topic(std::move(topic)),
      m_sourceNode(std::move(sourceNode)) {}

StageTransaction::~StageTransaction() = default;

Status StageTransaction::open() {
  std::unique_lock lock(m_lock);
  if (m_client) return {};
  std::map<std::string, std::string> settings = {
      {"transactional.id", m_id},
      {"enable.idempotence", "true"},
      {"acks", "all"},
      {"linger.ms", "5"},
      {"queue.buffering.max.messages", "1000000"},
      {"message.timeout.ms", "60000"},
  };
  auto client = kafka::Client::create(m_cluster, kafka::Client::Kind::Producer, settings);
  if (!client) return client.error();
  rd_kafka_t* rk = (*client)->handle();
  auto failed = [&](rd_kafka_error_t* e, const std::string& what) {
    Error error = makeError(ErrorCode::Unavailable, what + " (transactional id " + m_id + "): " +
                                                        rd_kafka_error_string(e));
    rd_kafka_error_destroy(e);
    return error;
  };
  if (rd_kafka_error_t* e = rd_kafka_init_transactions(rk, 60000))
    return failed(e, "exactly_once: starting transactions for the stage after topic " + m_topic);
  if (rd_kafka_error_t* e = rd_kafka_begin_transaction(rk))
    return failed(e, "exactly_once: beginning a transaction for the stage after topic " + m_topic);
  m_client = std::move(*client);
  return {};
}

void StageTransaction::setConsumer(rd_kafka_t* rk) {
  std::lock_guard lock(m_mutex);
  m_consumer = rk;
}

rd_kafka_consumer_group_metadata_t* StageTransaction::groupMetadata() {
  std::lock_guard lock(m_mutex);
  return m_consumer ? rd_kafka_consumer_group_metadata(m_consumer) : nullptr;
}

Status StageTransaction::commit(const std::map<std::int32_t, std::int64_t>& offsets) {
  std::unique_lock lock(m_lock);
  if (auto f = failure()) return *f;
  if (!m_client) return makeError(ErrorCode::Internal, "exactly_once: the stage's producer is not open");
  rd_kafka_t* rk = m_client->handle();
  kafka::PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size())));
  for (const auto& [partition, offset] : offsets)
    rd_kafka_topic_partition_list_add(list.get(), m_topic.c_str(), partition)->offset = offset;
  rd_kafka_error_t* e = nullptr;
  for (int attempt = 0; attempt < 5; ++attempt) {
    if (list->cnt > 0) {
      rd_kafka_consumer_group_metadata_t* group = groupMetadata();
      if (!group) return abortAfter(nullptr, "the consumer of topic " + m_topic + " is not in its group");
      e = rd_kafka_send_offsets_to_transaction(rk, list.get(), group, 30000);
      rd_kafka_consumer_group_metadata_destroy(group);
    }
    if (!e) e = rd_kafka_commit_transaction(rk, 60000);  // waits for every message of it
    if (!e || !rd_kafka_error_is_retriable(e)) break;
    spdlog::warn("{}: committing the transaction: {} (trying again)", m_sourceNode, rd_kafka_error_string(e));
    rd_kafka_error_destroy(e);
    e = nullptr;
    std::this_thread::sleep_for(std::chrono::milliseconds(100 << attempt));
  }
  if (e) return abortAfter(e, "committing the transaction");
  m_committedCount.fetch_add(1, std::memory_order_acq_rel);
  if (rd_kafka_error_t* b = rd_kafka_begin_transaction(rk)) return abortAfter(b, "beginning a transaction");
  return {};
}

void StageTransaction::abort() {
  std::unique_lock lock(m_lock);
  if (!m_client) return;
  if (rd_kafka_error_t* e = rd_kafka_abort_transaction(m_client->handle(), 30000)) {
    spdlog::warn("{}: aborting the transaction: {} (the broker aborts it at its timeout)", m_sourceNode,
                 rd_kafka_error_string(e));
    rd_kafka_error_destroy(e);
  }
}

// m_lock held exclusively.
Error StageTransaction::abortAfter(rd_kafka_error_t* e, const std::string& what) {
  std::string reason = e ? std::string(rd_kafka_error_string(e)) : what;
  bool fatal = e && rd_kafka_error_is_fatal(e);
  if (e) rd_kafka_error_destroy(e);
  if (!fatal)
    if (rd_kafka_error_t* a = rd_kafka_abort_transaction(m_client->handle(), 30000)) rd_kafka_error_destroy(a);
  Error error = makeError(ErrorCode::Unavailable,
                          "exactly_once: the transaction of the stage after topic " + m_topic +
                              " failed and was aborted (" + (e ? what + ": " : std::string()) + reason +
                              "); the stage stops, and its records since the last commit are read again when it "
                              "is restarted");
  fail(error);
  return error;
}

void StageTransaction::fail(Error error) {
  std::lock_guard lock(m_mutex);
  if (!m_failure) m_failure = std::move(error);
}

std::optional<Error> StageTransaction::failure() const {
  std::lock_guard lock(m_mutex);
  return m_failure;
}

}  // namespace tributary::connectors
