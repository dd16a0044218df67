#include "core/kafka/client.h"

#include <functional>

#include <spdlog/spdlog.h>

namespace tributary::kafka {
namespace {

std::mutex g_embeddedMutex;
std::string g_embeddedBootstrap;
std::string g_embeddedSchemaRegistry;

}  // namespace

void setEmbeddedBootstrap(std::string hostPort) {
  std::lock_guard lock(g_embeddedMutex);
  g_embeddedBootstrap = std::move(hostPort);
}

Result<std::string> resolveBootstrap(const std::string& bootstrap) {
  if (bootstrap != "embedded") {
    if (bootstrap.empty()) return makeError(ErrorCode::Invalid, "no bootstrap servers given (host:port,...)");
    return bootstrap;
  }
  std::lock_guard lock(g_embeddedMutex);
  if (g_embeddedBootstrap.empty())
    return makeError(ErrorCode::Unavailable,
                     "the embedded broker is not running; start it, or give the bootstrap servers of a Kafka cluster");
  return g_embeddedBootstrap;
}

void setEmbeddedSchemaRegistry(std::string url) {
  std::lock_guard lock(g_embeddedMutex);
  g_embeddedSchemaRegistry = std::move(url);
}

Result<std::string> resolveSchemaRegistry(const std::string& url) {
  if (url != "embedded") {
    if (url.empty()) return makeError(ErrorCode::Invalid, "no schema registry URL given (e.g. http://127.0.0.1:8081)");
    return url;
  }
  std::lock_guard lock(g_embeddedMutex);
  if (g_embeddedSchemaRegistry.empty())
    return makeError(ErrorCode::Unavailable,
                     "the embedded schema registry is not running (it runs with the embedded broker); "
                     "start it, or give the URL of a schema registry");
  return g_embeddedSchemaRegistry;
}

std::map<std::string, std::string> consumerQueueSettings(int maxKbytes) {
  return {{"queued.min.messages", "10000000"}, {"queued.max.messages.kbytes", std::to_string(maxKbytes)}};
}

void HandleDeleter::operator()(rd_kafka_t* rk) const {
  // A consumer must leave its group cleanly before it is destroyed.
  if (rd_kafka_type(rk) == RD_KAFKA_CONSUMER) rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
}

Result<std::unique_ptr<Client>> Client::create(const ClusterConfig& cluster, Kind kind,
                                               const std::map<std::string, std::string>& extra) {
  auto bootstrap = resolveBootstrap(cluster.bootstrap);
  if (!bootstrap) return bootstrap.error();
  std::unique_ptr<Client> client(new Client());
  client->m_bootstrap = *bootstrap;

  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char errstr[512];
  auto set = [&](const std::string& key, const std::string& value) -> Status {
    if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), errstr, sizeof errstr) != RD_KAFKA_CONF_OK)
      return makeError(ErrorCode::Invalid, std::string("librdkafka refused it: ") + errstr, key);
    return {};
  };
  std::map<std::string, std::string> settings = {
      {"bootstrap.servers", *bootstrap},
      {"client.id", "tributary"},
      {"log_level", "4"},  // warnings and worse reach onLog
  };
  for (const auto& [k, v] : cluster.properties) settings[k] = v;
  for (const auto& [k, v] : extra) settings[k] = v;
  for (const auto& [key, value] : settings) {
    if (auto status = set(key, value); !status) {
      rd_kafka_conf_destroy(conf);
      return status.error();
    }
  }
  rd_kafka_conf_set_opaque(conf, client.get());
  rd_kafka_conf_set_error_cb(conf, &Client::onError);
  rd_kafka_conf_set_log_cb(conf, &Client::onLog);
  rd_kafka_conf_set_stats_cb(conf, &Client::onStatistics);
  if (kind == Kind::Producer) rd_kafka_conf_set_dr_msg_cb(conf, &Client::onDelivery);
  if (kind == Kind::Consumer && settings.count("group.id")) rd_kafka_conf_set_rebalance_cb(conf, &Client::onRebalance);
  rd_kafka_t* rk = rd_kafka_new(kind == Kind::Producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER, conf, errstr,
                                sizeof errstr);
  if (!rk) {
    rd_kafka_conf_destroy(conf);
    return makeError(ErrorCode::Invalid, std::string("cannot create a Kafka client: ") + errstr, cluster.name);
  }
  client->m_handle.reset(rk);
  return client;
}

// The handle goes first: closing a consumer still calls back into this object
// (rebalance, log), whose mutex and handlers must outlive it.
Client::~Client() { m_handle.reset(); }

void Client::onError(rd_kafka_t*, int err, const char* reason, void* opaque) {
  if (auto* self = static_cast<Client*>(opaque))
    self->recordFailure(reason ? reason : rd_kafka_err2str(static_cast<rd_kafka_resp_err_t>(err)));
}

// Called on librdkafka's threads. Its log goes to ours (debug level: what matters
// is reported through errors), and connection failures are remembered to explain
// a later time-out ("Connect to ipv4#10.0.0.5:9092 failed: Connection refused").
void Client::onLog(const rd_kafka_t* rk, int level, const char* facility, const char* message) {
  spdlog::debug("librdkafka {} {}: {}", level, facility, message);
  if (level > 4 && std::string_view(facility) != "FAIL") return;
  if (auto* self = static_cast<Client*>(rd_kafka_opaque(rk))) self->recordFailure(message);
}

void Client::setStatisticsHandler(std::function<void(std::string_view)> handler) {
  std::lock_guard lock(m_mutex);
  m_statistics = std::move(handler);
}

int Client::onStatistics(rd_kafka_t*, char* json, size_t size, void* opaque) {
  auto* self = static_cast<Client*>(opaque);
  if (!self) return 0;
  std::function<void(std::string_view)> handler;
  {
    std::lock_guard lock(self->m_mutex);
    handler = self->m_statistics;
  }
  if (handler) handler(std::string_view(json, size));
  return 0;  // librdkafka frees the JSON
}

void Client::setAssignHandler(AssignHandler handler) {
  std::lock_guard lock(m_mutex);
  m_assign = std::move(handler);
}

void Client::setRevokeHandler(AssignHandler handler) {
  std::lock_guard lock(m_mutex);
  m_revoke = std::move(handler);
}

// What librdkafka does without a rebalance callback, plus the assign and revoke hooks.
void Client::onRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions,
                         void* opaque) {
  auto* self = static_cast<Client*>(opaque);
  bool cooperative = std::string_view(rd_kafka_rebalance_protocol(rk)) == "COOPERATIVE";
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    AssignHandler handler;
    if (self) {
      std::lock_guard lock(self->m_mutex);
      handler = self->m_assign;
    }
    if (handler && partitions->cnt > 0) handler(rk, partitions);
    if (cooperative) {
      if (rd_kafka_error_t* e = rd_kafka_incremental_assign(rk, partitions)) {
        spdlog::warn("cannot take over partitions: {}", rd_kafka_error_string(e));
        rd_kafka_error_destroy(e);
      }
    } else {
      rd_kafka_assign(rk, partitions);
    }
  } else {
    AssignHandler handler;
    if (self) {
      std::lock_guard lock(self->m_mutex);
      handler = self->m_revoke;
    }
    if (handler && partitions->cnt > 0) handler(rk, partitions);
    if (cooperative) {
      if (rd_kafka_error_t* e = rd_kafka_incremental_unassign(rk, partitions)) {
        spdlog::warn("cannot give up partitions: {}", rd_kafka_error_string(e));
        rd_kafka_error_destroy(e);
      }
    } else {
      rd_kafka_assign(rk, nullptr);
    }
  }
}

void Client::recordFailure(std::string reason) {
  // "127.0.0.1:1/bootstrap: Connect to ... (after 0ms in state CONNECT)" → "Connect to ..."
  if (auto colon = reason.find("/bootstrap: "); colon != std::string::npos) reason.erase(0, colon + 12);
  if (auto after = reason.find(" (after "); after != std::string::npos) reason.erase(after);
  std::lock_guard lock(m_mutex);
  m_lastError = std::move(reason);
}

void Client::onDelivery(rd_kafka_t*, const rd_kafka_message_t* message, void*) {
  // Messages produced without a DeliveryReport (fire and forget) have no opaque.
  auto* report = static_cast<DeliveryReport*>(message->_private);
  if (!report) return;
  report->error = message->err;
  report->partition = message->partition;
  report->offset = message->offset;
  if (message->err && message->payload) report->value.assign(static_cast<const char*>(message->payload), message->len);
  report->done = true;
}

std::string Client::lastConnectionError() const {
  std::lock_guard lock(m_mutex);
  return m_lastError;
}

Error Client::error(rd_kafka_resp_err_t err, const std::string& what) const {
  std::string message = what + " failed: " + rd_kafka_err2str(err);
  ErrorCode code = ErrorCode::Invalid;
  switch (err) {
    case RD_KAFKA_RESP_ERR__TIMED_OUT:
    case RD_KAFKA_RESP_ERR__TRANSPORT:
    case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN:
    case RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
    case RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_NOT_COORDINATOR:
    case RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE:
      code = ErrorCode::Unavailable;
      if (auto last = lastConnectionError(); !last.empty()) message += " (" + last + ")";
      break;
    case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
    case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
    case RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
    case RD_KAFKA_RESP_ERR_GROUP_ID_NOT_FOUND:
      code = ErrorCode::NotFound;
      break;
    case RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION:
    case RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE:
      code = ErrorCode::Unsupported;
      message += " — this cluster does not implement the request";
      break;
    default:
      break;
  }
  return makeError(code, message, m_bootstrap);
}

Error Client::timeoutError(const std::string& what, std::chrono::milliseconds timeout) const {
  std::string seconds = std::to_string(timeout.count() / 1000.0);
  seconds.erase(seconds.find_last_not_of('0') + 1);
  if (seconds.back() == '.') seconds.pop_back();
  std::string last = lastConnectionError();
  std::string message = (last.empty() ? "no answer from " : "no broker reachable at ") + m_bootstrap + " after " +
                        seconds + " s (while trying to " + what + ")";
  if (!last.empty()) message += ": " + last;
  return makeError(ErrorCode::Unavailable, message);
}

Result<EventPtr> runAdmin(const Client& client, const std::string& what, std::chrono::milliseconds timeout,
                          const std::function<void(rd_kafka_queue_t*, rd_kafka_AdminOptions_t*)>& start) {
  QueuePtr queue(rd_kafka_queue_new(client.handle()));
  rd_kafka_AdminOptions_t* options = rd_kafka_AdminOptions_new(client.handle(), RD_KAFKA_ADMIN_OP_ANY);
  char errstr[256];
  rd_kafka_AdminOptions_set_request_timeout(options, static_cast<int>(timeout.count()), errstr, sizeof errstr);
  start(queue.get(), options);
  rd_kafka_AdminOptions_destroy(options);
  // The request times out inside librdkafka; wait a little longer than that.
  EventPtr event(rd_kafka_queue_poll(queue.get(), static_cast<int>(timeout.count()) + 2000));
  if (!event) return client.timeoutError(what, timeout);
  if (rd_kafka_resp_err_t err = rd_kafka_event_error(event.get())) {
    Error e = client.error(err, what);
    if (const char* detail = rd_kafka_event_error_string(event.get()); detail && *detail && detail != rd_kafka_err2str(err))
      e.message = what + " failed: " + detail;
    return e;
  }
  return event;
}

}  // namespace tributary::kafka
