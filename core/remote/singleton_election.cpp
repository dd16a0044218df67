#include "core/remote/singleton_election.h"

#include <cstring>

#include <librdkafka/rdkafka.h>
#include <spdlog/spdlog.h>

#include "core/remote/internal_topics.h"

namespace tributary::remote {
namespace {
void drop(rd_kafka_error_t* error) {
  if (!error) return;
  spdlog::warn("coordination group: {}", rd_kafka_error_string(error));
  rd_kafka_error_destroy(error);
}
}  // namespace

struct SingletonElection::Callbacks {
  static void onRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions,
                          void* opaque);
  static void onLog(const rd_kafka_t* rk, int level, const char* facility, const char* message);
};

Result<std::unique_ptr<SingletonElection>> SingletonElection::start(const kafka::ClusterConfig& cluster,
                                                                    std::string group, Handlers handlers,
                                                                    Options options) {
  if (Status s = ensureInternalTopic(cluster, kCoordinationTopic, {}); !s) return s.error();
  auto bootstrap = kafka::resolveBootstrap(cluster.bootstrap);
  if (!bootstrap) return bootstrap.error();
  std::unique_ptr<SingletonElection> self(new SingletonElection());
  self->m_group = std::move(group);
  self->m_handlers = std::move(handlers);

  // A handle of our own rather than kafka::Client: the handover needs a rebalance callback.
  std::map<std::string, std::string> settings = {{"bootstrap.servers", *bootstrap},
                                                 {"client.id", options.clientId},
                                                 {"log_level", "4"}};
  for (const auto& [k, v] : cluster.properties) settings[k] = v;
  settings["group.id"] = self->m_group;
  settings["session.timeout.ms"] = std::to_string(options.sessionTimeoutMs);
  settings["heartbeat.interval.ms"] = std::to_string(options.heartbeatIntervalMs);
  settings["partition.assignment.strategy"] = "cooperative-sticky";
  settings["enable.auto.commit"] = "false";
  settings["auto.offset.reset"] = "latest";
  settings["max.poll.interval.ms"] = "60000";  // revoked() may take a drain's time
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char errstr[512];
  for (const auto& [key, value] : settings)
    if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      return makeError(ErrorCode::Invalid, std::string("librdkafka refused it: ") + errstr, key);
    }
  rd_kafka_conf_set_opaque(conf, self.get());
  rd_kafka_conf_set_rebalance_cb(conf, &Callbacks::onRebalance);
  rd_kafka_conf_set_log_cb(conf, &Callbacks::onLog);
  self->m_handle = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
  if (!self->m_handle) {
    rd_kafka_conf_destroy(conf);
    return makeError(ErrorCode::Invalid, std::string("cannot create a Kafka client: ") + errstr, cluster.name);
  }
  rd_kafka_poll_set_consumer(self->m_handle);
  kafka::PartitionListPtr topics(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(topics.get(), kCoordinationTopic, RD_KAFKA_PARTITION_UA);
  if (rd_kafka_resp_err_t err = rd_kafka_subscribe(self->m_handle, topics.get())) {
    rd_kafka_destroy(self->m_handle);
    self->m_handle = nullptr;
    return makeError(ErrorCode::Unavailable, std::string("cannot join ") + self->m_group + ": " + rd_kafka_err2str(err));
  }
  SingletonElection* raw = self.get();
  self->m_thread = std::thread([raw] { raw->run(); });
  return self;
}

SingletonElection::~SingletonElection() {
  m_stop = true;
  if (m_thread.joinable()) m_thread.join();
  if (m_handle) rd_kafka_destroy(m_handle);
}

void SingletonElection::run() {
  while (!m_stop) {
    // Serves the rebalance callback and heartbeats; the topic carries no messages.
    if (rd_kafka_message_t* m = rd_kafka_consumer_poll(m_handle, 200)) {
      if (m->err && m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
        spdlog::debug("{}: {}", m_group, rd_kafka_message_errstr(m));
      rd_kafka_message_destroy(m);
    }
  }
  // Leaving the group runs the revoke callback (the singleton part drains) and
  // lets the next owner take over at once instead of after the session timeout.
  rd_kafka_consumer_close(m_handle);
  lose("left the group");
}

void SingletonElection::lose(const char* why) {
  if (!m_owner.exchange(false)) return;
  spdlog::info("{}: no longer the owner ({})", m_group, why);
  if (m_handlers.revoked) m_handlers.revoked();
}

void SingletonElection::Callbacks::onRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                                    rd_kafka_topic_partition_list_t* partitions, void* opaque) {
  auto* self = static_cast<SingletonElection*>(opaque);
  bool cooperative = std::strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
  bool hasZero = rd_kafka_topic_partition_list_find(partitions, kCoordinationTopic, 0) != nullptr;
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    if (cooperative)
      drop(rd_kafka_incremental_assign(rk, partitions));
    else
      rd_kafka_assign(rk, partitions);
    if (hasZero && !self->m_stop && !self->m_owner.exchange(true)) {
      spdlog::info("{}: this runner owns the singleton part now", self->m_group);
      if (self->m_handlers.elected) self->m_handlers.elected();
    }
    return;
  }
  // Revoked or lost (our session expired): stop the singleton part before giving the partition back.
  if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS && !hasZero) {
    if (cooperative) drop(rd_kafka_incremental_unassign(rk, partitions));
    else rd_kafka_assign(rk, nullptr);
    return;
  }
  self->lose(rd_kafka_assignment_lost(rk) ? "the group session was lost" : "partition 0 was revoked");
  if (cooperative)
    drop(rd_kafka_incremental_unassign(rk, partitions));
  else
    rd_kafka_assign(rk, nullptr);
}

void SingletonElection::Callbacks::onLog(const rd_kafka_t*, int level, const char* facility, const char* message) {
  spdlog::debug("librdkafka {} {}: {}", level, facility, message);
}

}  // namespace tributary::remote
