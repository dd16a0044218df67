// source.mqtt: subscribes to topics of an MQTT broker (Mosquitto, EMQX,
// HiveMQ, ...) through libmosquitto and turns each message into a record.
//
// The source drives libmosquitto's network loop itself (mosquitto_loop) from
// poll(), instead of libmosquitto's own thread. That way the socket is read
// only when the engine has room for records: libmosquitto acknowledges a QoS 1
// message (PUBACK) as it reads it, before our callback runs, and libmosquitto
// 2.0.11 has no way to hold that acknowledgement (no manual-ack API). Reading
// only on demand keeps the acknowledged-but-not-yet-delivered window down to
// the records already handed to the pipeline. Delivery is therefore
// at-least-once across disconnects and restarts (the broker keeps the
// persistent session's unacknowledged and queued messages), and a crash can
// lose what the pipeline held in memory at that moment.
//
// Reconnecting: a lost connection is retried with exponential back-off,
// rotating over the configured brokers; every (re)connect subscribes again.
// The state is the gauge tributary_source_connected{pipeline,node,type}
// (1 connected, 0 not), tributary_source_reconnect_attempt (failed attempts
// in a row, 0 once connected) and tributary_source_reconnect_backoff_seconds
// (the wait before the next one), tributary_source_subscribed{...,topic} (1
// per topic filter the broker granted on this connection) and the counter
// tributary_source_reconnects_total. The canvas shows them on the node
// (widgets/run/run_controller.cpp).
//
// Threads: the engine gives the source a thread of its own (blocking());
// open/poll/close and every libmosquitto callback run on it. checkpointState
// runs on the supervisor thread and reads only m_mutex-guarded state.
#include <mosquitto.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <mutex>
#include <unordered_map>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "core/base/units.h"
#include "core/connectors/registration.h"
#include "core/expr/expression.h"
#include "core/metrics/registry.h"
#include "core/record/json.h"

namespace tributary::connectors {
namespace {

using model::FieldSpec;
using model::FieldType;
using record::Value;

std::int64_t steadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::int64_t wallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct BrokerUri {
  std::string text;
  std::string host;
  int port = 1883;
  bool tls = false;
};

// tcp://host[:port], mqtt://, ssl://, mqtts:// (IPv6 as [::1]).
Result<BrokerUri> parseBrokerUri(const std::string& text) {
  BrokerUri b;
  b.text = text;
  auto sep = text.find("://");
  if (sep == std::string::npos)
    return makeError(ErrorCode::Invalid, "broker \"" + text + "\" needs a scheme: tcp://host:1883 or ssl://host:8883");
  std::string scheme = text.substr(0, sep);
  if (scheme == "tcp" || scheme == "mqtt") {
    b.tls = false;
  } else if (scheme == "ssl" || scheme == "mqtts" || scheme == "tls") {
    b.tls = true;
  } else {
    return makeError(ErrorCode::Invalid, "broker \"" + text + "\": unknown scheme \"" + scheme + "\" (tcp:// or ssl://)");
  }
  b.port = b.tls ? 8883 : 1883;
  std::string rest = text.substr(sep + 3);
  if (auto slash = rest.find('/'); slash != std::string::npos) rest.resize(slash);
  std::string portText;
  if (!rest.empty() && rest.front() == '[') {
    auto close = rest.find(']');
    if (close == std::string::npos) return makeError(ErrorCode::Invalid, "broker \"" + text + "\": unclosed [");
    b.host = rest.substr(1, close - 1);
    if (close + 1 < rest.size() && rest[close + 1] == ':') portText = rest.substr(close + 2);
  } else if (auto colon = rest.rfind(':'); colon != std::string::npos) {
    b.host = rest.substr(0, colon);
    portText = rest.substr(colon + 1);
  } else {
    b.host = rest;
  }
  if (b.host.empty()) return makeError(ErrorCode::Invalid, "broker \"" + text + "\" has no host");
  if (!portText.empty()) {
    char* end = nullptr;
    long port = std::strtol(portText.c_str(), &end, 10);
    if (*end != '\0' || port < 1 || port > 65535)
      return makeError(ErrorCode::Invalid, "broker \"" + text + "\": bad port \"" + portText + "\"");
    b.port = static_cast<int>(port);
  }
  return b;
}

enum class PayloadFormat { Json, String, Bytes };

struct MqttOptions {
  std::vector<BrokerUri> brokers;
  std::vector<std::string> topics;
  int qos = 1;
  std::string clientId;
  bool cleanSession = false;
  std::string username, password;
  std::string caFile, certFile, keyFile;
  bool insecure = false;
  int keepAliveS = 30;
  std::int64_t backoffMs = 200;
  std::int64_t backoffMaxMs = 30000;
  std::optional<expr::Expression> key;
  PayloadFormat format = PayloadFormat::Json;
};

std::once_flag g_libInit;

class MqttSource final : public runtime::Source {
 public:
  MqttSource(MqttOptions options, const runtime::NodeContext& ctx) : m_options(std::move(options)) {
    m_where = "node " + ctx.nodeId;
    if (ctx.metrics) {
      metrics::Labels labels = {{"pipeline", ctx.pipeline}, {"node", ctx.nodeId}, {"type", ctx.type}};
      m_connectedGauge = &ctx.metrics->gauge(
          "tributary_source_connected", "1 while the source is connected to the system it reads, 0 while not", labels);
      m_reconnects = &ctx.metrics->counter("tributary_source_reconnects_total",
                                           "Connections the source lost and had to open again", labels);
      m_attemptGauge = &ctx.metrics->gauge("tributary_source_reconnect_attempt",
                                           "Failed connection attempts in a row (0 while connected)", labels);
      m_backoffGauge = &ctx.metrics->gauge("tributary_source_reconnect_backoff_seconds",
                                           "Wait before the next connection attempt (0 while connected)", labels);
      for (const auto& topic : m_options.topics) {
        metrics::Labels topicLabels = labels;
        topicLabels.emplace_back("topic", topic);
        m_subscribedGauges.push_back(&ctx.metrics->gauge(
            "tributary_source_subscribed", "1 while the broker has granted the subscription to the topic filter",
            topicLabels));
      }
    }
  }
  ~MqttSource() override { close(); }

  bool blocking() const override { return true; }

  Status open(const nlohmann::json& checkpoint, runtime::ErrorReporter&) override {
    std::call_once(g_libInit, [] { mosquitto_lib_init(); });
    if (checkpoint.is_object()) {
      std::lock_guard lock(m_mutex);
      m_sequence = checkpoint.value("received", std::int64_t{0});
    }
    m_mosq = mosquitto_new(m_options.clientId.c_str(), m_options.cleanSession, this);
    if (!m_mosq) return makeError(ErrorCode::Internal, "mosquitto_new failed (out of memory or bad client id)");
    mosquitto_int_option(m_mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
    mosquitto_int_option(m_mosq, MOSQ_OPT_TCP_NODELAY, 1);
    mosquitto_connect_with_flags_callback_set(m_mosq, [](mosquitto*, void* self, int rc, int flags) {
      static_cast<MqttSource*>(self)->onConnect(rc, flags);
    });
    mosquitto_disconnect_callback_set(
        m_mosq, [](mosquitto*, void* self, int rc) { static_cast<MqttSource*>(self)->onDisconnect(rc); });
    mosquitto_subscribe_callback_set(m_mosq, [](mosquitto*, void* self, int mid, int count, const int* granted) {
      static_cast<MqttSource*>(self)->onSubscribe(mid, count, granted);
    });
    mosquitto_message_callback_set(m_mosq, [](mosquitto*, void* self, const mosquitto_message* message) {
      static_cast<MqttSource*>(self)->onMessage(*message);
    });
    // The DUP flag is not in libmosquitto's public message struct (v3 and v5
    // callbacks alike); libmosquitto logs it at debug level as it parses the
    // PUBLISH, on this thread, before the message callback. See onLog.
    mosquitto_log_callback_set(m_mosq, [](mosquitto*, void* self, int level, const char* text) {
      if (level == MOSQ_LOG_DEBUG && text) static_cast<MqttSource*>(self)->onLog(text);
    });
    if (!m_options.username.empty()) {
      int rc = mosquitto_username_pw_set(m_mosq, m_options.username.c_str(),
                                         m_options.password.empty() ? nullptr : m_options.password.c_str());
      if (rc != MOSQ_ERR_SUCCESS) return mosqError("setting username and password", rc);
    }
    if (m_options.brokers.front().tls) {
      if (m_options.caFile.empty()) mosquitto_int_option(m_mosq, MOSQ_OPT_TLS_USE_OS_CERTS, 1);
      auto opt = [](const std::string& s) { return s.empty() ? nullptr : s.c_str(); };
      int rc = mosquitto_tls_set(m_mosq, opt(m_options.caFile), nullptr, opt(m_options.certFile),
                                 opt(m_options.keyFile), nullptr);
      if (rc != MOSQ_ERR_SUCCESS)
        return mosqError("setting up TLS (tls_ca " + m_options.caFile + ", tls_cert " + m_options.certFile +
                             ", tls_key " + m_options.keyFile + "; do the files exist and are they readable?)",
                         rc);
      if (m_options.insecure) {
        // No check of the certificate chain nor of the host name.
        mosquitto_tls_opts_set(m_mosq, 0, nullptr, nullptr);
        mosquitto_tls_insecure_set(m_mosq, true);
      }
    }
    setConnected(false);
    setAttempts(0, 0);
    m_nextAttemptMs = 0;
    return {};
  }

  runtime::PollResult poll(record::Batch& out, std::size_t maxRecords, runtime::ErrorReporter& errors) override {
    runtime::PollResult result;
    m_out = &out;
    m_max = maxRecords;
    m_errors = &errors;
    m_bytes = 0;
    // Messages read beyond the last batch's room come first.
    while (!m_overflow.empty() && out.size() < maxRecords) {
      out.push_back(std::move(m_overflow.front()));
      m_overflow.erase(m_overflow.begin());
    }
    if (!m_fatal && !m_connecting && !m_connected && steadyMs() >= m_nextAttemptMs) startConnect();
    std::int64_t deadline = steadyMs() + 80;
    while (!m_fatal && (m_connected || m_connecting) && out.size() < maxRecords && m_overflow.empty() &&
           !errors.failed()) {
      std::int64_t left = deadline - steadyMs();
      if (left <= 0) break;
      int rc = mosquitto_loop(m_mosq, static_cast<int>(std::min<std::int64_t>(left, 50)), 1);
      if (rc != MOSQ_ERR_SUCCESS) {
        // The disconnect callback may already have scheduled the reconnect.
        if (m_connected || m_connecting)
          connectionLost(rc == MOSQ_ERR_ERRNO ? std::string(std::strerror(errno)) : mosquitto_strerror(rc));
        break;
      }
      if (m_connecting && steadyMs() - m_connectStartedMs > std::max(10000, m_options.keepAliveS * 1000)) {
        connectionLost("no CONNACK within " + std::to_string(std::max(10, m_options.keepAliveS)) + " s");
        break;
      }
    }
    m_out = nullptr;
    m_errors = nullptr;
    if (m_fatal) {
      result.error = *m_fatal;
      return result;
    }
    result.bytes = m_bytes;
    if (!out.empty() || m_consumedSinceResume) {
      std::lock_guard lock(m_mutex);
      result.resume.push_back({0, m_sequence});
      m_consumedSinceResume = false;
    }
    if (out.empty() && !m_connected) result.waitMs = std::clamp<std::int64_t>(m_nextAttemptMs - steadyMs(), 1, 100);
    return result;
  }

  nlohmann::json checkpointState(const runtime::PositionMap& committed) const override {
    std::lock_guard lock(m_mutex);
    auto it = committed.find(0);
    // MQTT has no replayable offsets: the broker's persistent session (keyed
    // by the client id) is what resumes; the count is kept for the record.
    return {{"client_id", m_options.clientId}, {"received", it == committed.end() ? std::int64_t{0} : it->second}};
  }

  void close() override {
    if (!m_mosq) return;
    if (m_connected) {
      mosquitto_disconnect(m_mosq);
      mosquitto_loop(m_mosq, 10, 1);  // send DISCONNECT
    }
    mosquitto_destroy(m_mosq);
    m_mosq = nullptr;
    setConnected(false);
  }

 private:
  Error mosqError(const std::string& what, int rc) const {
    return makeError(rc == MOSQ_ERR_NO_CONN || rc == MOSQ_ERR_CONN_LOST || rc == MOSQ_ERR_ERRNO
                         ? ErrorCode::Unavailable
                         : ErrorCode::Invalid,
                     what + ": " + (rc == MOSQ_ERR_ERRNO ? std::strerror(errno) : mosquitto_strerror(rc)), m_where);
  }

  const BrokerUri& broker() const { return m_options.brokers[m_brokerIndex % m_options.brokers.size()]; }

  void setConnected(bool connected) {
    m_connected = connected;
    if (m_connectedGauge) m_connectedGauge->set(connected ? 1 : 0);
    if (!connected)  // a new connection subscribes again
      for (auto* gauge : m_subscribedGauges) gauge->set(0);
  }

  void setAttempts(int attempts, std::int64_t backoffMs) {
    m_attempts = attempts;
    if (m_attemptGauge) m_attemptGauge->set(attempts);
    if (m_backoffGauge) m_backoffGauge->set(static_cast<double>(backoffMs) / 1000.0);
  }

  void startConnect() {
    const BrokerUri& b = broker();
    m_connectStartedMs = steadyMs();
    int rc = mosquitto_connect_async(m_mosq, b.host.c_str(), b.port, m_options.keepAliveS);
    if (rc != MOSQ_ERR_SUCCESS) {
      connectionLost(rc == MOSQ_ERR_ERRNO ? std::string(std::strerror(errno)) : mosquitto_strerror(rc));
      return;
    }
    m_connecting = true;
  }

  // Schedules the next attempt (the next broker, after the back-off).
  void connectionLost(const std::string& why) {
    bool wasConnected = m_connected;
    setConnected(false);
    m_connecting = false;
    if (wasConnected && m_reconnects) m_reconnects->inc();
    std::int64_t delay = m_options.backoffMs;
    for (int i = 1; i < m_attempts + 1 && delay < m_options.backoffMaxMs; ++i) delay *= 2;
    delay = std::min(delay, m_options.backoffMaxMs);
    setAttempts(m_attempts + 1, delay);
    spdlog::warn("source.mqtt {}: {} {}: {} — retrying in {} ms", m_where,
                 wasConnected ? "lost the connection to" : "cannot connect to", broker().text, why, delay);
    mosquitto_disconnect(m_mosq);  // drop the socket so the next connect starts afresh
    ++m_brokerIndex;
    m_nextAttemptMs = steadyMs() + delay;
  }

  void onConnect(int rc, int flags) {
    if (rc != 0) {
      std::string why = mosquitto_connack_string(rc);
      // Refused credentials or client id will not fix themselves.
      if (rc == 2 || rc == 4 || rc == 5) {
        m_fatal = makeError(ErrorCode::Invalid, "broker " + broker().text + " refused the connection: " + why,
                            m_where);
        return;
      }
      connectionLost("refused: " + why);
      return;
    }
    m_connecting = false;
    m_everConnected = true;
    setAttempts(0, 0);
    setConnected(true);
    bool sessionPresent = (flags & 1) != 0;
    spdlog::info("source.mqtt {}: connected to {} as {} ({})", m_where, broker().text, m_options.clientId,
                 sessionPresent ? "resuming the broker's session" : "new session");
    std::vector<char*> topics;
    for (auto& t : m_options.topics) topics.push_back(t.data());
    int subRc = mosquitto_subscribe_multiple(m_mosq, &m_subscribeMid, static_cast<int>(topics.size()), topics.data(),
                                             m_options.qos, 0, nullptr);
    if (subRc != MOSQ_ERR_SUCCESS) connectionLost(std::string("subscribing failed: ") + mosquitto_strerror(subRc));
  }

  void onDisconnect(int rc) {
    if (!m_mosq || rc == 0) return;  // our own disconnect
    if (m_connected || m_connecting) connectionLost("disconnected (" + std::string(mosquitto_strerror(rc)) + ")");
  }

  void onSubscribe(int mid, int count, const int* granted) {
    if (mid != m_subscribeMid) return;
    for (int i = 0; i < count && i < static_cast<int>(m_options.topics.size()); ++i) {
      if (granted[i] >= 0x80) {
        m_fatal = makeError(ErrorCode::Invalid,
                            "broker " + broker().text + " refused the subscription to \"" + m_options.topics[i] +
                                "\" (not authorised?)",
                            m_where);
        return;
      }
      if (granted[i] < m_options.qos)
        spdlog::warn("source.mqtt {}: the broker granted QoS {} instead of {} for \"{}\"", m_where, granted[i],
                     m_options.qos, m_options.topics[i]);
      if (static_cast<std::size_t>(i) < m_subscribedGauges.size()) m_subscribedGauges[i]->set(1);
    }
  }

  // "Client ID received PUBLISH (d0, q1, r0, m3, 'topic', ... (12 bytes))",
  // logged by libmosquitto's handle__publish for every PUBLISH it reads; the
  // message callback follows (QoS 0 and 1 at once, QoS 2 on PUBREL) with the
  // same message id.
  void onLog(const char* text) {
    const char* at = std::strstr(text, " received PUBLISH (d");
    if (!at) return;
    int dup = 0, qos = 0, retain = 0, mid = 0;
    if (std::sscanf(at, " received PUBLISH (d%d, q%d, r%d, m%d,", &dup, &qos, &retain, &mid) != 4) return;
    if (m_dupByMid.size() > 65536) m_dupByMid.clear();  // never matched: a libmosquitto that logs differently
    m_dupByMid[mid] = dup != 0;
  }

  void onMessage(const mosquitto_message& m) {
    std::string_view payload(static_cast<const char*>(m.payload), static_cast<std::size_t>(m.payloadlen));
    std::string topic = m.topic ? m.topic : "";
    m_bytes += payload.size() + topic.size();
    std::int64_t seq;
    {
      std::lock_guard lock(m_mutex);
      seq = m_sequence++;
    }
    m_consumedSinceResume = true;
    record::SourcePosition position{0, seq};
    record::Record r;
    r.position = position;
    r.timestampMs = wallMs();
    switch (m_options.format) {
      case PayloadFormat::Json: {
        auto value = record::parseJson(payload);
        if (!value) {
          if (m_errors)
            m_errors->reportRaw(payload,
                                makeError(ErrorCode::Invalid, "payload is not JSON: " + value.error().message,
                                          "mqtt topic " + topic),
                                position);
          return;
        }
        r.value = std::move(value).value();
        break;
      }
      case PayloadFormat::String:
        r.value = Value(std::string(payload));
        break;
      case PayloadFormat::Bytes:
        r.value = Value::bytes(std::string(payload));
        break;
    }
    r.headers.push_back({"mqtt.topic", topic});
    r.headers.push_back({"mqtt.qos", std::to_string(m.qos)});
    r.headers.push_back({"mqtt.retain", m.retain ? "true" : "false"});
    if (auto dup = m_dupByMid.find(m.mid); dup != m_dupByMid.end()) {
      r.headers.push_back({"mqtt.dup", dup->second ? "true" : "false"});
      m_dupByMid.erase(dup);
    }
    r.key = Value(topic);
    if (m_options.key) {
      auto key = m_options.key->evaluate(r);
      if (!key) {
        if (m_errors)
          m_errors->report(r, makeError(ErrorCode::Invalid, "key expression: " + key.error().message,
                                        "mqtt topic " + topic));
        return;
      }
      r.key = std::move(key).value();
    }
    if (m_out && m_out->size() < m_max)
      m_out->push_back(std::move(r));
    else
      m_overflow.push_back(std::move(r));
  }

  MqttOptions m_options;
  std::string m_where;
  mosquitto* m_mosq = nullptr;
  metrics::Gauge* m_connectedGauge = nullptr;
  metrics::Counter* m_reconnects = nullptr;
  metrics::Gauge* m_attemptGauge = nullptr;
  metrics::Gauge* m_backoffGauge = nullptr;
  std::vector<metrics::Gauge*> m_subscribedGauges;  // one per configured topic filter
  std::unordered_map<int, bool> m_dupByMid;          // DUP flags logged, not yet delivered (onLog)

  bool m_connected = false;
  bool m_connecting = false;
  bool m_everConnected = false;
  int m_attempts = 0;
  std::size_t m_brokerIndex = 0;
  std::int64_t m_nextAttemptMs = 0;
  std::int64_t m_connectStartedMs = 0;
  int m_subscribeMid = -1;
  std::optional<Error> m_fatal;

  // The batch being filled by the message callback during poll().
  record::Batch* m_out = nullptr;
  std::size_t m_max = 0;
  runtime::ErrorReporter* m_errors = nullptr;
  std::uint64_t m_bytes = 0;
  record::Batch m_overflow;
  bool m_consumedSinceResume = false;  // dead-lettered messages move the position too

  mutable std::mutex m_mutex;  // m_sequence
  std::int64_t m_sequence = 0;
};

std::vector<std::string> stringList(const nlohmann::json& v) {
  std::vector<std::string> out;
  if (v.is_string()) {
    // "a, b" as well as ["a", "b"].
    std::string s = v.get<std::string>();
    std::size_t start = 0;
    while (start <= s.size()) {
      auto comma = s.find(',', start);
      std::string item = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      item.erase(0, item.find_first_not_of(" \t"));
      item.erase(item.find_last_not_of(" \t") + 1);
      if (!item.empty()) out.push_back(item);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  } else if (v.is_array()) {
    for (const auto& item : v)
      if (item.is_string() && !item.get<std::string>().empty()) out.push_back(item.get<std::string>());
  }
  return out;
}

Result<MqttOptions> readMqttOptions(const runtime::NodeContext& ctx) {
  const auto& c = ctx.config;
  MqttOptions o;
  for (const auto& text : stringList(c.value("brokers", nlohmann::json())))
    if (auto b = parseBrokerUri(text); b)
      o.brokers.push_back(*b);
    else
      return Error{ErrorCode::Invalid, b.error().message, "config.brokers"};
  if (o.brokers.empty())
    return makeError(ErrorCode::Invalid, "\"brokers\" needs at least one URI, e.g. tcp://127.0.0.1:1883",
                     "config.brokers");
  for (const auto& b : o.brokers)
    if (b.tls != o.brokers.front().tls)
      return makeError(ErrorCode::Invalid, "mix of tcp:// and ssl:// brokers; use one kind", "config.brokers");
  o.topics = stringList(c.value("topics", nlohmann::json()));
  if (o.topics.empty())
    return makeError(ErrorCode::Invalid, "\"topics\" needs at least one topic filter, e.g. sensors/+/temperature",
                     "config.topics");
  for (const auto& t : o.topics)
    if (mosquitto_sub_topic_check(t.c_str()) != MOSQ_ERR_SUCCESS)
      return makeError(ErrorCode::Invalid,
                       "\"" + t + "\" is not a valid topic filter ('+' and '#' must fill a whole level, '#' last)",
                       "config.topics");
  o.qos = c.value("qos", 1);
  if (o.qos < 0 || o.qos > 2) return makeError(ErrorCode::Invalid, "qos must be 0, 1 or 2", "config.qos");
  o.clientId = c.value("client_id", std::string());
  if (o.clientId.empty()) o.clientId = "tributary-" + ctx.pipeline + "-" + ctx.nodeId;
  if (o.clientId.size() > 65535) return makeError(ErrorCode::Invalid, "client_id is too long", "config.client_id");
  std::string clean = c.value("clean_session", std::string("auto"));
  o.cleanSession = clean == "true" || (clean == "auto" && o.qos == 0);
  o.username = c.value("username", std::string());
  o.password = c.value("password", std::string());
  if (!o.password.empty() && o.username.empty())
    return makeError(ErrorCode::Invalid, "a password needs a username", "config.username");
  auto path = [&](const char* name) {
    std::string p = c.value(name, std::string());
    return p.empty() ? p : ctx.resolvePath(p).string();
  };
  o.caFile = path("tls_ca");
  o.certFile = path("tls_cert");
  o.keyFile = path("tls_key");
  if (o.certFile.empty() != o.keyFile.empty())
    return makeError(ErrorCode::Invalid, "a client certificate needs both tls_cert and tls_key", "config.tls_cert");
  o.insecure = c.value("tls_insecure", false);
  o.keepAliveS = static_cast<int>(
      std::max<long long>(5, base::parseDurationMs(c.value("keep_alive", nlohmann::json("30s"))).value_or(30000) / 1000));
  o.backoffMs = base::parseDurationMs(c.value("reconnect_backoff", nlohmann::json("200ms"))).value_or(200);
  o.backoffMaxMs = base::parseDurationMs(c.value("reconnect_backoff_max", nlohmann::json("30s"))).value_or(30000);
  o.backoffMs = std::max<std::int64_t>(10, o.backoffMs);
  o.backoffMaxMs = std::max(o.backoffMs, o.backoffMaxMs);
  std::string format = c.value("format", std::string("json"));
  o.format = format == "string" ? PayloadFormat::String : format == "bytes" ? PayloadFormat::Bytes : PayloadFormat::Json;
  if (std::string key = c.value("key", std::string()); !key.empty()) {
    auto compiled = expr::Expression::compile(key);
    if (!compiled) return makeError(ErrorCode::Invalid, compiled.error().message, "config.key");
    o.key.emplace(std::move(*compiled));
  }
  return o;
}

}  // namespace

void registerMqttSource(runtime::FactoryRegistry& registry) {
  runtime::NodeFactory f;
  model::NodeSpec& s = f.spec;
  s.type = "source.mqtt";
  s.category = model::NodeCategory::Source;
  s.title = "MQTT";
  s.icon = "mqtt";
  s.help =
      "Subscribes to topics of an MQTT broker (3.1.1) and emits one record per message: the key is the MQTT topic "
      "(or the key expression), the value the payload parsed as JSON, text or bytes, and the headers mqtt.topic, "
      "mqtt.qos, mqtt.retain and mqtt.dup. Lost connections are retried with back-off over the listed brokers and "
      "every connect subscribes again; while it runs the node shows whether it is connected and to which topics "
      "it is subscribed, or that it is reconnecting with the attempt and the back-off. Delivery: with QoS 1 or 2 "
      "and a persistent session (clean_session false, the default then) messages published while the pipeline "
      "is stopped or disconnected are delivered when it is back, at least once. libmosquitto acknowledges a "
      "message to the broker as it reads it, before the pipeline has written it, so a crash can lose the "
      "messages the pipeline held in memory at that moment (the source reads only when the pipeline has room, "
      "which keeps that to one batch per channel). A retained message is sent again on every subscribe.";
  s.outputs = {{"out", model::PortKind::Records, {}, true}};
  auto add = [&](const char* name, FieldType type, const char* help, nlohmann::json def = nullptr,
                 bool advanced = false) -> FieldSpec& {
    FieldSpec fs;
    fs.name = name;
    fs.type = type;
    fs.help = help;
    fs.defaultValue = std::move(def);
    fs.advanced = advanced;
    s.fields.push_back(std::move(fs));
    return s.fields.back();
  };
  add("brokers", FieldType::List,
      "Broker URIs, tried in turn: tcp://host:1883 or ssl://host:8883 (one kind for all).",
      nlohmann::json::array({"tcp://127.0.0.1:1883"}))
      .required = true;
  add("topics", FieldType::List,
      "Topic filters to subscribe to; + matches one level and # the rest (sensors/+/temperature, plant/#).")
      .required = true;
  auto& qos = add("qos", FieldType::Int, "Quality of service asked for: 0 at most once, 1 or 2 at least once.", 1);
  qos.min = 0;
  qos.max = 2;
  add("client_id", FieldType::String,
      "The MQTT client id; the broker keeps the persistent session under it, so it must stay the same across "
      "restarts and be unique. Empty: tributary-<pipeline>-<node>.");
  auto& clean = add("clean_session", FieldType::Enum,
                    "auto: a persistent session (false) when qos is 1 or 2, a clean one for qos 0. true: the broker "
                    "forgets the subscription and queued messages on disconnect.",
                    "auto");
  clean.allowed = {"auto", "true", "false"};
  auto& format = add("format", FieldType::Enum,
                     "How the payload becomes the value: json (a payload that is not JSON goes to the error policy), "
                     "string (UTF-8 text) or bytes.",
                     "json");
  format.allowed = {"json", "string", "bytes"};
  add("key", FieldType::Expression,
      "The record key; empty: the MQTT topic. Fields resolve against the value; _key is the topic.");
  add("username", FieldType::String, "User name for the broker (empty: anonymous).");
  add("password", FieldType::Secret, "Password, e.g. ${env:MQTT_PASSWORD}.");
  add("tls_ca", FieldType::String, "CA certificate file (PEM) for ssl:// brokers; empty: the system's CAs.", nullptr,
      true);
  add("tls_cert", FieldType::String, "Client certificate file (PEM), for brokers that require one.", nullptr, true);
  add("tls_key", FieldType::String, "Client private key file (PEM, unencrypted).", nullptr, true);
  add("tls_insecure", FieldType::Bool,
      "Accept any server certificate and host name (testing only: anyone in the middle can read the data).", false,
      true);
  auto& keepAlive = add("keep_alive", FieldType::Duration,
                        "MQTT keep-alive: how long the connection may be silent before either side drops it.", "30s",
                        true);
  keepAlive.min = 5000;
  add("reconnect_backoff", FieldType::Duration, "First wait before reconnecting; doubles on each failure.", "200ms",
      true);
  add("reconnect_backoff_max", FieldType::Duration, "Longest wait between reconnect attempts.", "30s", true);

  f.source = [](const runtime::NodeContext& ctx) -> Result<std::unique_ptr<runtime::Source>> {
    auto options = readMqttOptions(ctx);
    if (!options) return options.error();
    return std::unique_ptr<runtime::Source>(std::make_unique<MqttSource>(std::move(*options), ctx));
  };
  registry.add(std::move(f));
}

}  // namespace tributary::connectors
