#include "core/connectors/topic_shared_consumer.h"

#include <spdlog/spdlog.h>

namespace tributary::connectors {

SharedConsumer::SharedConsumer(std::string group, std::vector<std::string> topics)
    : m_group(std::move(group)), m_topics(std::move(topics)) {}

SharedConsumer::~SharedConsumer() {
  for (auto& [topic, reader] : m_readers)
    for (rd_kafka_message_t* m : reader.waiting) rd_kafka_message_destroy(m);
  m_readers.clear();
  m_queue.reset();
  if (m_client) {  // closing the consumer calls back: nobody is left to tell
    m_client->setAssignHandler(nullptr);
    m_client->setRevokeHandler(nullptr);
  }
  m_client.reset();
}

Result<std::shared_ptr<kafka::Client>> SharedConsumer::client(
    const std::function<Result<std::unique_ptr<kafka::Client>>()>& create) {
  std::lock_guard lock(m_mutex);
  if (m_client) return m_client;
  auto made = create();
  if (!made) return made.error();
  m_client = std::move(*made);
  m_client->setAssignHandler([this](rd_kafka_t*, rd_kafka_topic_partition_list_t* p) { rebalance(true, p); });
  m_client->setRevokeHandler([this](rd_kafka_t*, rd_kafka_topic_partition_list_t* p) { rebalance(false, p); });
  rd_kafka_poll_set_consumer(m_client->handle());
  m_queue.reset(rd_kafka_queue_get_consumer(m_client->handle()));
  return m_client;
}

void SharedConsumer::attach(const std::string& topic, kafka::Client::AssignHandler assign,
                            kafka::Client::AssignHandler revoke) {
  std::lock_guard lock(m_mutex);
  Reader& r = m_readers[topic];
  r.assign = std::move(assign);
  r.revoke = std::move(revoke);
}

void SharedConsumer::detach(const std::string& topic) {
  std::lock_guard lock(m_mutex);
  auto it = m_readers.find(topic);
  if (it == m_readers.end()) return;
  for (rd_kafka_message_t* m : it->second.waiting) rd_kafka_message_destroy(m);
  m_readers.erase(it);
}

// Inside a fetch (librdkafka's rebalance callback, on the fetching thread):
// each source gets the partitions of its topic. Messages waiting for a source
// from partitions it loses were fetched before the revoke: the next owner
// reads them again from the committed offset, and so does this member when
// it gets them back.
void SharedConsumer::rebalance(bool assign, rd_kafka_topic_partition_list_t* partitions) {
  for (auto& [topic, reader] : m_readers) {
    kafka::PartitionListPtr own(rd_kafka_topic_partition_list_new(partitions->cnt));
    for (int i = 0; i < partitions->cnt; ++i)
      if (topic == partitions->elems[i].topic)
        rd_kafka_topic_partition_list_add(own.get(), topic.c_str(), partitions->elems[i].partition)->offset =
            partitions->elems[i].offset;
    if (own->cnt == 0) continue;
    if (assign) {
      for (int i = 0; i < own->cnt; ++i)
        if (reader.revokedInFetch.count(own->elems[i].partition))
          reader.reassignedInFetch.emplace(own->elems[i].partition, -1);
      if (reader.assign) reader.assign(m_client->handle(), own.get());
      for (int i = 0; i < own->cnt; ++i)  // the offsets the source chose (start over, start time)
        if (auto* target = rd_kafka_topic_partition_list_find(partitions, topic.c_str(), own->elems[i].partition))
          target->offset = own->elems[i].offset;
    } else {
      for (int i = 0; i < own->cnt; ++i) reader.revokedInFetch.insert(own->elems[i].partition);
      std::erase_if(reader.waiting, [&](rd_kafka_message_t* m) {
        if (!reader.revokedInFetch.count(m->partition)) return false;
        rd_kafka_message_destroy(m);
        return true;
      });
      if (reader.revoke) reader.revoke(m_client->handle(), own.get());
    }
  }
}

// The same rule as a source with a consumer of its own (TopicSource::poll): a
// message of a partition revoked during this fetch was fetched before the
// revoke, unless the partition came back in the same fetch and the message
// continues after the last one kept (an eager rebalance fetches again from
// the committed offset: each offset once, in order).
bool SharedConsumer::keep(Reader& reader, const rd_kafka_message_t* m) {
  if (m->err || !reader.revokedInFetch.count(m->partition)) return true;
  auto again = reader.reassignedInFetch.find(m->partition);
  if (again == reader.reassignedInFetch.end() || m->offset <= again->second) return false;
  again->second = m->offset;
  return true;
}

ssize_t SharedConsumer::consume(const std::string& topic, rd_kafka_message_t** out, std::size_t max, int timeoutMs,
                                Error& error) {
  std::lock_guard lock(m_mutex);
  Reader& self = m_readers[topic];
  std::size_t n = 0;
  auto takeWaiting = [&] {
    while (n < max && !self.waiting.empty()) {
      out[n++] = self.waiting.front();
      self.waiting.pop_front();
    }
  };
  takeWaiting();
  if (n > 0 || !m_client) return static_cast<ssize_t>(n);
  for (const auto& [other, reader] : m_readers)
    if (other != topic && reader.waiting.size() > kMaxWaiting) return 0;  // let the slower source catch up
  if (!m_subscribed) {
    kafka::PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(m_topics.size())));
    for (const std::string& t : m_topics) rd_kafka_topic_partition_list_add(list.get(), t.c_str(), RD_KAFKA_PARTITION_UA);
    if (rd_kafka_resp_err_t err = rd_kafka_subscribe(m_client->handle(), list.get())) {
      error = m_client->error(err, "subscribing to the inputs of a join");
      return -1;
    }
    m_subscribed = true;
  }
  for (auto& [t, reader] : m_readers) {
    reader.revokedInFetch.clear();
    reader.reassignedInFetch.clear();
  }
  m_fetched.resize(max);
  ssize_t got = rd_kafka_consume_batch_queue(m_queue.get(), timeoutMs, m_fetched.data(), max);
  if (got < 0) {
    error = m_client->error(rd_kafka_last_error(), "consuming the inputs of a join");
    return -1;
  }
  for (ssize_t i = 0; i < got; ++i) {
    rd_kafka_message_t* m = m_fetched[static_cast<std::size_t>(i)];
    auto reader = m->rkt ? m_readers.find(rd_kafka_topic_name(m->rkt)) : m_readers.end();
    if (reader == m_readers.end() || !keep(reader->second, m)) {
      if (m->err && m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) spdlog::warn("{}: {}", m_group, rd_kafka_message_errstr(m));
      rd_kafka_message_destroy(m);
      continue;
    }
    reader->second.waiting.push_back(m);
  }
  takeWaiting();
  return static_cast<ssize_t>(n);
}

}  // namespace tributary::connectors
