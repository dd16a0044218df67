#include "core/model/kafka_connect.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "core/base/units.h"

namespace tributary::model::connect {
namespace {

using nlohmann::json;

// ---- small text helpers ----

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> splitList(std::string_view s, char sep = ',') {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in{std::string(s)};
  while (std::getline(in, item, sep)) {
    item = trim(item);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::string joinList(const std::vector<std::string>& items, std::string_view sep = ",") {
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out += sep;
    out += i;
  }
  return out;
}

// Connect accepts "5", 5 and true alike; so do we.
std::string asText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_null()) return {};
  return v.dump();
}

std::string envName(std::string_view connector, std::string_view what) {
  std::string out;
  for (char c : connector) out += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::toupper(c)) : '_';
  out += '_';
  out += what;
  return out;
}

std::string nodeIdFrom(std::string_view text) {
  std::string id;
  for (char c : text) id += (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-') ? c : '-';
  return id.empty() ? std::string("node") : id;
}

std::string quoteLiteral(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

bool isIdentifier(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

std::string msText(std::int64_t ms) {
  if (ms % 3600000 == 0 && ms > 0) return std::to_string(ms / 3600000) + "h";
  if (ms % 60000 == 0 && ms > 0) return std::to_string(ms / 60000) + "m";
  if (ms % 1000 == 0 && ms > 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

std::optional<std::int64_t> toInt(std::string_view s) {
  try {
    std::size_t used = 0;
    std::string text(s);
    auto v = std::stoll(text, &used);
    if (used != text.size()) return std::nullopt;
    return v;
  } catch (...) {
    return std::nullopt;
  }
}

// ---- the JDBC URL dialects ----

struct JdbcUrl {
  std::string dialect;  // "postgres" or "mysql"
  std::string url;      // in the form our nodes take
};

std::optional<JdbcUrl> parseJdbcUrl(std::string_view url) {
  auto strip = [&](std::string_view prefix) -> std::optional<std::string> {
    if (url.substr(0, prefix.size()) == prefix) return std::string(url.substr(prefix.size()));
    return std::nullopt;
  };
  if (auto rest = strip("jdbc:postgresql://")) {
    std::string r = *rest;
    if (auto q = r.find('?'); q != std::string::npos) r = r.substr(0, q);
    return JdbcUrl{"postgres", "postgresql://" + r};
  }
  for (std::string_view p : {"jdbc:mysql://", "jdbc:mariadb://"})
    if (auto rest = strip(p)) {
      std::string r = *rest;
      if (auto q = r.find('?'); q != std::string::npos) r = r.substr(0, q);
      return JdbcUrl{"mysql", "tcp://" + r};
    }
  return std::nullopt;
}

std::string toJdbcUrl(std::string_view dialect, std::string_view url) {
  auto after = [&](std::string_view prefix) { return std::string(url.substr(prefix.size())); };
  if (dialect == "postgres") {
    if (url.substr(0, 13) == "postgresql://") return "jdbc:postgresql://" + after("postgresql://");
    if (url.substr(0, 11) == "postgres://") return "jdbc:postgresql://" + after("postgres://");
    return "jdbc:postgresql://" + std::string(url);
  }
  if (url.substr(0, 6) == "tcp://") return "jdbc:mysql://" + after("tcp://");
  return "jdbc:mysql://" + std::string(url);
}

// ---- import ----

// Reads one connector's config, remembering which keys were used so that
// every key left over is reported rather than dropped.
class ConfigReader {
 public:
  ConfigReader(const ConnectorConfig& connector, std::vector<Note>& notes) : m_c(connector), m_notes(notes) {}

  const std::string& name() const { return m_c.name; }
  bool has(const std::string& key) const { return m_c.config.contains(key); }
  bool used(const std::string& key) const { return m_used.count(key) > 0; }
  // A setting another part of the import takes too (it stays to be taken).
  std::optional<std::string> peek(const std::string& key) const {
    auto it = m_c.config.find(key);
    if (it == m_c.config.end()) return std::nullopt;
    return asText(*it);
  }
  std::optional<std::string> take(const std::string& key) {
    auto it = m_c.config.find(key);
    if (it == m_c.config.end()) return std::nullopt;
    m_used.insert(key);
    return asText(*it);
  }
  std::string take(const std::string& key, std::string fallback) { return take(key).value_or(std::move(fallback)); }
  // A setting under its current name or an older one (Debezium 2 and JDBC
  // connector renames); the old name is noted, since export writes the new one.
  std::optional<std::string> takeRenamed(std::initializer_list<const char*> oldNames, const char* current) {
    std::optional<std::string> found = take(current);
    for (const char* k : oldNames) {
      auto v = take(k);
      if (!v) continue;
      m_notes.push_back({m_c.name, k, std::string("the current name of this setting is ") + current +
                                          "; exported configs use that name"});
      if (!found) found = v;
    }
    return found;
  }
  bool takeBool(const std::string& key, bool fallback) {
    auto v = take(key);
    if (!v) return fallback;
    return *v == "true" || *v == "1";
  }
  void note(const std::string& key, std::string message) {
    m_used.insert(key);
    m_notes.push_back({m_c.name, key, std::move(message)});
  }
  // Every key starting with `prefix` (for transforms.<alias>.* and the like).
  std::vector<std::string> keysWithPrefix(std::string_view prefix) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : m_c.config.items())
      if (std::string_view(k).substr(0, prefix.size()) == prefix) out.push_back(k);
    return out;
  }
  // A password: never copied; replaced by a reference the user fills in.
  std::string takeSecret(const std::string& key, std::string_view what) {
    auto v = take(key);
    if (!v || v->empty()) return {};
    return secretRef(key, *v, what);
  }
  // The reference that stands for the secret `v` found in `key`.
  std::string secretRef(const std::string& key, const std::string& v, std::string_view what) {
    if (v.rfind("${env:", 0) == 0 || v.rfind("${file:", 0) == 0) return v;
    std::string ref = "${env:" + envName(m_c.name, what) + "}";
    m_notes.push_back({m_c.name, key,
                       "the secret was not copied into the pipeline; it is read from " + ref +
                           " (set that environment variable, or change the reference)"});
    return ref;
  }
  void finish(std::string_view role) {
    static const std::set<std::string> handled = {"name", "connector.class"};
    for (const auto& [k, v] : m_c.config.items()) {
      if (m_used.count(k) || handled.count(k)) continue;
      m_notes.push_back({m_c.name, k, "no equivalent for this " + std::string(role) + " setting; not imported (value " +
                                          asText(v) + ")"});
    }
  }

 private:
  const ConnectorConfig& m_c;
  std::vector<Note>& m_notes;
  std::set<std::string> m_used;
};

// Collects nodes and edges; topic nodes are shared by name.
class Builder {
 public:
  explicit Builder(Pipeline& p) : m_p(p) {}

  std::string addNode(std::string idHint, std::string type, json config) {
    std::string id = nodeIdFrom(idHint);
    std::string unique = id;
    for (int n = 2; m_p.findNode(unique); ++n) unique = id + "-" + std::to_string(n);
    Node node;
    node.id = unique;
    node.type = std::move(type);
    node.config = std::move(config);
    m_p.nodes.push_back(std::move(node));
    return unique;
  }
  // `format`: the topic node's settings from the converters (takeFormat).
  std::string topic(const std::string& name, const json& format = json::object()) {
    if (auto it = m_topics.find(name); it != m_topics.end()) {
      // A second connector on the same topic: a stricter format wins nothing;
      // keep the first and let the caller note a conflict.
      return it->second;
    }
    json config = {{"name", name}};
    for (const auto& [k, v] : format.items()) config[k] = v;
    std::string id = addNode(name, "topic", std::move(config));
    m_topics[name] = id;
    return id;
  }
  void edge(const std::string& from, const std::string& to, std::string toPort = {}) {
    Edge e;
    e.from = from;
    e.to = to;
    e.toPort = std::move(toPort);
    m_p.edges.push_back(std::move(e));
  }

 private:
  Pipeline& m_p;
  std::map<std::string, std::string> m_topics;
};

// Kafka Connect's error handling maps onto the node's error policy. Connect's
// default (errors.tolerance=none) stops the task on a bad record; so does
// on_error "fail", so imported pipelines behave as they did.
void takeErrorPolicy(ConfigReader& r, json& config) {
  std::string tolerance = r.take("errors.tolerance", "none");
  auto dlq = r.take("errors.deadletterqueue.topic.name");
  if (tolerance == "all") {
    if (dlq && !dlq->empty()) {
      config["on_error"] = "dead-letter";
      config["dead_letter_topic"] = *dlq;
    } else {
      config["on_error"] = "skip";
    }
  } else {
    config["on_error"] = "fail";
    if (dlq) r.note("errors.deadletterqueue.topic.name", "ignored, as in Kafka Connect, because errors.tolerance is not \"all\"");
  }
  for (const char* k : {"errors.deadletterqueue.context.headers.enable", "errors.deadletterqueue.topic.replication.factor"})
    if (r.has(k)) r.note(k, "dead letters always carry the error and its source position in their headers");
  for (const char* k : {"errors.log.enable", "errors.log.include.messages"})
    if (r.has(k)) r.note(k, "bad records are always logged and counted per node");
  for (const char* k : {"errors.retry.timeout", "errors.retry.delay.max.ms"})
    if (r.has(k)) r.note(k, "sinks retry with the node's retries / retry_backoff settings instead");
}

// The first of a comma-separated list of registry URLs (alternatives of one registry).
std::string firstUrl(const std::string& urls) {
  auto all = splitList(urls);
  return all.empty() ? urls : all.front();
}

// Converters decide the topic's format: the settings of the topic node (only
// those that differ from its defaults). Confluent's AvroConverter is the
// topic's Avro format with the converter's Schema Registry.
json takeFormat(ConfigReader& r, const char* which) {
  const bool value = std::string_view(which) == "value";
  std::string key = std::string(which) + ".converter";
  auto cls = r.take(key);
  json topic = json::object();
  if (cls && cls->find("AvroConverter") != std::string::npos) {
    topic[value ? "format" : "key_format"] = "avro";
    if (auto url = r.take(key + ".schema.registry.url")) {
      // Several URLs (comma-separated) are alternatives of one registry: the first is used.
      std::string first = firstUrl(*url);
      if (first != *url) r.note(key + ".schema.registry.url", "the first registry URL is used: " + first);
      topic["schema_registry"] = first;
    } else {
      r.note(key, "AvroConverter without schema.registry.url: the topic uses the cluster's schema_registry");
    }
    if (auto info = r.take(key + ".basic.auth.user.info")) {
      // user:password; the password is not copied (a reference the user fills in, as for every secret).
      std::size_t colon = info->find(':');
      topic["schema_registry_user"] = info->substr(0, colon);
      if (colon != std::string::npos && colon + 1 < info->size())
        topic["schema_registry_password"] =
            r.secretRef(key + ".basic.auth.user.info", info->substr(colon + 1), "REGISTRY_PASSWORD");
    }
    if (auto source = r.take(key + ".basic.auth.credentials.source"); source && *source != "USER_INFO")
      r.note(key + ".basic.auth.credentials.source", *source + " is not supported: set schema_registry_user and "
                                                              "schema_registry_password on the topic");
    if (auto strategy = r.take(key + "." + std::string(which) + ".subject.name.strategy")) {
      if (strategy->ends_with("TopicRecordNameStrategy"))
        topic["subject_strategy"] = "topic_record_name";
      else if (strategy->ends_with("RecordNameStrategy"))
        topic["subject_strategy"] = "record_name";
      else if (!strategy->ends_with("TopicNameStrategy"))
        r.note(key + "." + std::string(which) + ".subject.name.strategy",
               *strategy + " has no equivalent; subjects are named <topic>-" + which);
    }
    for (const auto& k : r.keysWithPrefix(key + "."))
      if (r.has(k) && !r.used(k)) r.note(k, "not needed: the topic node reads and writes Confluent-framed Avro with its registry");
    return topic;
  }
  for (const auto& k : r.keysWithPrefix(key + "."))
    r.note(k, "converter settings are not needed: Tributary writes plain JSON without a schema envelope");
  if (!cls || cls->find("JsonConverter") != std::string::npos) return topic;
  if (!value) {
    if (cls->find("StringConverter") == std::string::npos)
      r.note(key, "keys are read and written as text (or Avro with AvroConverter); " + *cls + " is not supported");
    return topic;
  }
  if (cls->find("StringConverter") != std::string::npos) topic["format"] = "string";
  else if (cls->find("ByteArrayConverter") != std::string::npos) topic["format"] = "bytes";
  else r.note(key, "converter " + *cls + " has no equivalent yet (Avro with AvroConverter, JSON, string and bytes do); JSON is used");
  return topic;
}

// One SMT chain, in the order Connect applies it. Returns the last node id.
std::string importTransforms(ConfigReader& r, Builder& b, std::string upstream) {
  auto list = r.take("transforms");
  if (!list) return upstream;
  for (const auto& alias : splitList(*list)) {
    const std::string prefix = "transforms." + alias + ".";
    auto type = r.take(prefix + "type").value_or("");
    auto prop = [&](const char* k) { return r.take(prefix + k); };
    std::string id = r.name() + "-" + alias;
    std::string node;
    if (type == "io.debezium.transforms.ExtractNewRecordState") {
      json c = json::object();
      if (auto v = prop("drop.tombstones")) c["drop_tombstones"] = *v == "true";
      if (auto v = prop("delete.handling.mode")) c["delete_handling"] = *v;
      if (auto v = prop("add.fields")) c["add_fields"] = splitList(*v);
      if (auto v = prop("add.fields.prefix")) c["add_fields_prefix"] = *v;
      node = b.addNode(id, "transform.unwrap", c);
    } else if (type.rfind("org.apache.kafka.connect.transforms.ReplaceField$", 0) == 0) {
      if (type.ends_with("$Key")) r.note(prefix + "type", "ReplaceField$Key is applied to the record value instead");
      json c = json::object();
      if (auto v = prop("include")) c["select"] = joinList(splitList(*v), ", ");
      if (auto v = prop("whitelist")) c["select"] = joinList(splitList(*v), ", ");
      std::vector<std::string> drop;
      for (const char* k : {"exclude", "blacklist"})
        if (auto v = prop(k))
          for (auto& f : splitList(*v)) drop.push_back(f);
      if (!drop.empty()) c["drop"] = drop;
      if (auto v = prop("renames")) {
        json renames = json::object();
        for (const auto& pair : splitList(*v)) {
          auto colon = pair.find(':');
          if (colon == std::string::npos)
            r.note(prefix + "renames", "\"" + pair + "\" is not old:new; skipped");
          else
            renames[trim(pair.substr(0, colon))] = trim(pair.substr(colon + 1));
        }
        c["rename"] = renames;
      }
      node = b.addNode(id, "transform.map", c);
    } else if (type.rfind("org.apache.kafka.connect.transforms.InsertField$", 0) == 0) {
      std::vector<std::string> items = {"*"};
      if (auto f = prop("static.field")) items.push_back(quoteLiteral(prop("static.value").value_or("")) + " AS " + *f);
      if (auto f = prop("timestamp.field")) items.push_back("now() AS " + *f);
      for (const char* k : {"topic.field", "partition.field", "offset.field"})
        if (auto f = prop(k)) r.note(prefix + k, "the record's Kafka " + std::string(k).substr(0, std::string(k).find('.')) +
                                                     " is not available to expressions; field \"" + *f + "\" not added");
      node = b.addNode(id, "transform.map", json{{"select", joinList(items, ", ")}});
    } else if (type == "io.confluent.connect.transforms.Filter$Value" || type == "io.confluent.connect.transforms.Filter$Key") {
      // Confluent's Filter SMT takes a JsonPath predicate. The common shape,
      // $[?(@.field OP value)], maps to an expression; others are reported.
      auto cond = prop("filter.condition").value_or("");
      auto kind = prop("filter.type").value_or("include");
      std::string expr;
      std::string c = trim(cond);
      if (c.rfind("$[?(", 0) == 0 && c.ends_with(")]")) {
        std::string inner = c.substr(4, c.size() - 6);
        for (std::size_t at = 0; (at = inner.find("@.", at)) != std::string::npos;) inner.erase(at, 2);
        std::string out;
        for (std::size_t i = 0; i < inner.size(); ++i) {
          if (inner.compare(i, 2, "==") == 0) { out += "="; ++i; }
          else if (inner.compare(i, 2, "&&") == 0) { out += "AND"; ++i; }
          else if (inner.compare(i, 2, "||") == 0) { out += "OR"; ++i; }
          else if (inner[i] == '"') out += '\'';
          else out += inner[i];
        }
        expr = trim(out);
      }
      if (expr.empty()) {
        r.note(prefix + "filter.condition", "JsonPath \"" + cond + "\" is not of the form $[?(@.field OP value)]; write the "
                                            "condition on the filter node by hand");
        expr = "true";
      }
      if (kind == "exclude") expr = "NOT (" + expr + ")";
      node = b.addNode(id, "transform.filter", json{{"condition", expr}});
    } else if (type == "org.apache.kafka.connect.transforms.Filter") {
      // Apache Kafka's Filter drops every record its predicate matches.
      auto predicate = prop("predicate");
      bool negate = prop("negate").value_or("false") == "true";
      std::string expr;
      if (predicate) {
        const std::string pp = "predicates." + *predicate + ".";
        auto ptype = r.take(pp + "type").value_or("");
        if (ptype.ends_with("RecordIsTombstone")) expr = "value IS NULL";
        else r.note(pp + "type", "predicate " + ptype + " has no equivalent; the filter keeps every record");
        for (const auto& k : r.keysWithPrefix(pp)) if (!expr.empty()) r.take(k);
      }
      if (expr.empty()) expr = "false";
      // Filter drops matches; our filter keeps matches.
      node = b.addNode(id, "transform.filter", json{{"condition", negate ? expr : "NOT (" + expr + ")"}});
    } else {
      r.note(prefix + "type", "transform " + (type.empty() ? std::string("(no type)") : type) + " has no equivalent; skipped");
      for (const auto& k : r.keysWithPrefix(prefix)) r.take(k);
      continue;
    }
    b.edge(upstream, node);
    upstream = node;
  }
  r.take("predicates");
  return upstream;
}

using ImportFn = std::function<bool(ConfigReader&, Builder&)>;

// A source node plus its transforms into the topic.
void wireSource(ConfigReader& r, Builder& b, const std::string& source, const std::string& topicName,
                const json& format) {
  std::string last = importTransforms(r, b, source);
  b.edge(last, b.topic(topicName, format));
}

// A sink connector reads its topics: each topic node feeds the SMT chain and
// then a sink node of its own (table, index and file names follow the topic),
// whose config is `config` with `perTopic` applied.
bool wireSinks(ConfigReader& r, Builder& b, const std::string& type, const json& config, const json& format,
               const std::function<void(json&, const std::string&)>& perTopic) {
  if (r.take("topics.regex"))
    r.note("topics.regex", "a topic pattern has no equivalent; list the topics in \"topics\"");
  auto topics = splitList(r.take("topics", ""));
  if (topics.empty()) {
    r.note("topics", "no topics given; connector not imported");
    return false;
  }
  for (const auto& t : topics) {
    json c = config;
    perTopic(c, t);
    std::string id = topics.size() == 1 ? r.name() : r.name() + "-" + t;
    b.edge(importTransforms(r, b, b.topic(t, format)), b.addNode(id, type, c));
  }
  return true;
}

// The connection settings both JDBC connectors share; nothing when the URL
// is not one of the databases we speak.
std::optional<std::pair<std::string, json>> takeJdbcConnection(ConfigReader& r) {
  auto url = r.take("connection.url").value_or("");
  auto jdbc = parseJdbcUrl(url);
  if (!jdbc) {
    r.note("connection.url", "\"" + url + "\" is not a PostgreSQL or MySQL/MariaDB JDBC URL; connector not imported");
    return std::nullopt;
  }
  json base = {{"url", jdbc->url}};
  if (auto v = r.take("connection.user")) base["user"] = *v;
  if (auto v = r.takeSecret("connection.password", "PASSWORD"); !v.empty()) base["password"] = v;
  return std::make_pair(jdbc->dialect, base);
}

// What every connector has: tasks.max, error handling and converters. Returns the topic node's format settings.
json takeCommon(ConfigReader& r, json& config, const char* tasksNote) {
  if (r.has("tasks.max")) r.note("tasks.max", tasksNote);
  takeErrorPolicy(r, config);
  json format = takeFormat(r, "value");
  json key = takeFormat(r, "key");
  for (const auto& [k, v] : key.items())
    if (!format.contains(k)) format[k] = v;  // the value converter's registry wins
  return format;
}

bool importJdbcSource(ConfigReader& r, Builder& b) {
  auto connection = takeJdbcConnection(r);
  if (!connection) return false;
  auto& [dialect, base] = *connection;
  std::string mode = r.take("mode", "incrementing");
  if (mode == "bulk") {
    r.note("mode", "\"bulk\" re-reads whole tables on every poll; imported as \"incrementing\" only if a column is "
                   "given, otherwise the connector is not imported");
    if (!r.has("incrementing.column.name")) return false;
    mode = "incrementing";
  }
  base["mode"] = mode;
  if (auto v = r.take("incrementing.column.name")) base["incrementing_column"] = *v;
  if (auto v = r.take("timestamp.column.name")) {
    auto cols = splitList(*v);
    if (!cols.empty()) base["timestamp_column"] = cols[0];
    if (cols.size() > 1) r.note("timestamp.column.name", "only the first column (" + cols[0] + ") is used");
  }
  if (auto v = r.take("poll.interval.ms")) {
    if (auto ms = toInt(*v)) base["poll_interval"] = msText(*ms);
  }
  if (auto v = r.take("batch.max.rows")) {
    if (auto n = toInt(*v)) base["batch_size"] = *n;
  }
  if (auto v = r.take("timestamp.delay.interval.ms")) {
    if (auto ms = toInt(*v)) base["delay"] = msText(*ms);
  }
  if (r.has("validate.non.null"))
    r.note("validate.non.null", "not needed: the source does not require NOT NULL columns");
  json format = takeCommon(r, base, "each table is polled by one source node; runners scale out the rest");
  std::string prefix = r.take("topic.prefix", "");
  const std::string type = dialect == "postgres" ? "source.postgres.query" : "source.mysql.query";
  if (auto q = r.take("query")) {
    json c = base;
    c["query"] = *q;
    wireSource(r, b, b.addNode(r.name(), type, c), prefix, format);
    return true;
  }
  // The JDBC source documents table.whitelist; newer releases also take table.include.list.
  auto tables = splitList(r.take("table.whitelist").value_or(r.take("table.include.list").value_or("")));
  if (tables.empty()) {
    r.note("table.whitelist", "no table or query given (a JDBC source then reads every table; list them instead)");
    return false;
  }
  // Source SMTs apply to every table's records: each table gets its own copy
  // of the chain, which keeps the graph plain.
  for (const auto& t : tables) {
    json c = base;
    c["table"] = t;
    std::string id = tables.size() == 1 ? r.name() : r.name() + "-" + t;
    wireSource(r, b, b.addNode(id, type, c), prefix + t, format);
  }
  return true;
}

bool importJdbcSink(ConfigReader& r, Builder& b) {
  auto connection = takeJdbcConnection(r);
  if (!connection) return false;
  auto& [dialect, base] = *connection;
  std::string mode = r.take("insert.mode", "insert");
  if (mode == "update") {
    r.note("insert.mode", "\"update\" is imported as \"upsert\" (a row that does not exist yet is inserted)");
    mode = "upsert";
  }
  base["mode"] = mode;
  std::string pkMode = r.take("pk.mode", "none");
  auto pkFields = splitList(r.take("pk.fields", ""));
  if (pkMode == "record_value" || pkMode == "record_key") {
    if (!pkFields.empty()) base["key"] = pkFields;
  } else if (pkMode == "kafka") {
    r.note("pk.mode", "\"kafka\" (topic, partition, offset as key) has no equivalent; the table's own key is used");
  }
  if (auto v = r.take("auto.create")) base["auto_create"] = *v == "true";
  if (auto v = r.take("auto.evolve")) base["auto_evolve"] = *v == "true";
  if (auto v = r.take("delete.enabled")) base["delete_enabled"] = *v == "true";
  if (auto v = r.take("batch.size")) {
    if (auto n = toInt(*v)) base["rows_per_statement"] = std::clamp<std::int64_t>(*n, 1, 10000);
  }
  json format = takeCommon(r, base, "one sink node per topic; use the topic node's consumer group and runners to scale out");
  std::string tableFormat = r.take("table.name.format", "${topic}");
  const std::string type = dialect == "postgres" ? "sink.postgres" : "sink.mysql";
  return wireSinks(r, b, type, base, format, [&](json& c, const std::string& topic) {
    std::string table = tableFormat;
    for (std::size_t at; (at = table.find("${topic}")) != std::string::npos;) table.replace(at, 8, topic);
    c["table"] = table;
  });
}

// Debezium: the server and tables; topics are <server>.<database>.<table>.
bool importDebezium(ConfigReader& r, Builder& b, bool postgres) {
  json c = json::object();
  auto host = r.take("database.hostname", "localhost");
  auto port = r.take("database.port", postgres ? "5432" : "3306");
  if (postgres) {
    c["url"] = "postgresql://" + host + ":" + port + "/" + r.take("database.dbname", "postgres");
  } else {
    c["url"] = "tcp://" + host + ":" + port;
  }
  if (auto v = r.take("database.user")) c["user"] = *v;
  if (auto v = r.takeSecret("database.password", "PASSWORD"); !v.empty()) c["password"] = v;
  std::string server = r.takeRenamed({"database.server.name"}, "topic.prefix").value_or(r.name());
  c["server_name"] = server;
  if (!postgres) {
    if (auto v = r.take("database.server.id")) {
      if (auto id = toInt(*v)) c["server_id"] = *id;
    }
  } else {
    if (auto v = r.take("slot.name")) c["slot_name"] = *v;
    if (auto v = r.take("publication.name")) c["publication_name"] = *v;
    if (auto v = r.take("plugin.name"); v && *v != "pgoutput")
      r.note("plugin.name", "only pgoutput is supported (it is built into PostgreSQL 10+); " + *v + " is not used");
  }
  std::vector<std::string> tables = splitList(r.takeRenamed({"table.whitelist"}, "table.include.list").value_or(""));
  auto databases = splitList(
      (postgres ? r.takeRenamed({"schema.whitelist"}, "schema.include.list")
                : r.takeRenamed({"database.whitelist"}, "database.include.list"))
          .value_or(""));
  if (tables.empty())
    for (const auto& d : databases) tables.push_back(postgres ? d + ".*" : d + ".*");
  if (postgres && std::any_of(tables.begin(), tables.end(), [](const std::string& t) { return t.ends_with(".*"); })) {
    r.note("schema.include.list", "whole schemas are captured by listing their tables; every table is captured instead");
    tables.erase(std::remove_if(tables.begin(), tables.end(), [](const std::string& t) { return t.ends_with(".*"); }),
                 tables.end());
  }
  c["tables"] = tables;
  if (auto v = r.take("snapshot.mode")) {
    if (*v == "initial" || *v == "never" || *v == "when_needed")
      c["snapshot_mode"] = *v;
    else if (*v == "schema_only" || *v == "no_data")
      c["snapshot_mode"] = "never";
    else
      r.note("snapshot.mode", "\"" + *v + "\" has no equivalent; \"initial\" is used");
  }
  if (auto v = r.take("tombstones.on.delete")) c["tombstones_on_delete"] = *v == "true";
  for (const auto& k : r.keysWithPrefix("database.history"))
    r.note(k, "not needed: the schema history is kept with the source's checkpoint");
  for (const auto& k : r.keysWithPrefix("schema.history.internal"))
    r.note(k, "not needed: the schema history is kept with the source's checkpoint");
  if (r.has("include.schema.changes")) r.note("include.schema.changes", "schema changes are applied, not published to a topic");
  json format = takeCommon(r, c, "a change stream is read by one task, as in Debezium");
  const std::string type = postgres ? "source.postgres.cdc" : "source.mysql.cdc";
  // Debezium writes a topic per table. One source per explicit table keeps
  // that; a whole database goes to one topic, which the note says.
  bool explicitTables = !tables.empty() && std::none_of(tables.begin(), tables.end(),
                                                          [](const std::string& t) { return t.ends_with(".*"); });
  if (explicitTables && tables.size() > 1) {
    r.note("table.include.list", "one source node per table, so each table keeps its own topic as in Debezium");
    std::int64_t serverId = c.value("server_id", std::int64_t{0});
    for (std::size_t i = 0; i < tables.size(); ++i) {
      json tc = c;
      tc["tables"] = json::array({tables[i]});
      if (serverId > 0) tc["server_id"] = serverId + static_cast<std::int64_t>(i);
      std::string topicName = server + "." + tables[i];
      wireSource(r, b, b.addNode(r.name() + "-" + tables[i], type, tc), topicName, format);
    }
    return true;
  }
  std::string topicName = server;
  if (explicitTables) topicName += "." + tables[0];
  else if (databases.size() == 1) topicName += "." + databases[0];
  if (!explicitTables)
    r.note("database.include.list", "Debezium writes one topic per table; here every captured table goes to the topic \"" +
                                        topicName + "\" (list the tables to get a topic each)");
  wireSource(r, b, b.addNode(r.name(), type, c), topicName, format);
  return true;
}

bool importS3Sink(ConfigReader& r, Builder& b) {
  json c = json::object();
  if (auto v = r.take("s3.bucket.name")) c["bucket"] = *v;
  if (auto v = r.take("s3.region")) c["region"] = *v;
  if (auto v = r.take("store.url")) c["endpoint"] = *v;
  if (auto v = r.take("topics.dir")) c["topics_dir"] = *v;
  if (auto v = r.take("flush.size")) {
    if (auto n = toInt(*v)) c["flush_size"] = *n;
  }
  if (auto v = r.take("s3.part.size")) {
    if (auto n = toInt(*v); n && *n >= 5 * 1024 * 1024) c["part_size"] = *n;
    else r.note("s3.part.size", *v + " is below S3's smallest part (5242880 bytes); the default 25MiB is used");
  }
  if (auto v = r.take("rotate.interval.ms")) {
    if (auto ms = toInt(*v); ms && *ms > 0) c["rotate_interval"] = msText(*ms);
  }
  if (auto v = r.take("rotate.schedule.interval.ms")) {
    if (auto ms = toInt(*v); ms && *ms > 0) c["rotate_schedule_interval"] = msText(*ms);
  }
  if (auto v = r.take("timezone")) c["timezone"] = *v;
  if (r.has("locale")) r.note("locale", "path formats use numbers only, so the locale does not matter");
  if (auto v = r.take("format.class")) {
    if (v->find("JsonFormat") != std::string::npos) {
      c["format"] = "json";
    } else if (v->find("ParquetFormat") != std::string::npos) {
      c["format"] = "parquet";
      // Confluent's parquet.codec defaults to snappy.
      std::string codec = r.take("parquet.codec", "snappy");
      if (codec == "snappy" || codec == "gzip" || codec == "zstd") c["compression"] = codec;
      else if (codec == "none" || codec == "uncompressed") c["compression"] = "none";
      else {
        r.note("parquet.codec", codec + " is not supported (none, snappy, gzip, zstd are); snappy is used");
        c["compression"] = "snappy";
      }
    } else if (v->find("AvroFormat") != std::string::npos) {
      c["format"] = "avro";
      // Confluent's avro.codec defaults to null (no compression).
      std::string codec = r.take("avro.codec", "null");
      if (codec == "deflate" || codec == "snappy") c["compression"] = codec;
      else {
        c["compression"] = "none";
        if (codec != "null") r.note("avro.codec", codec + " is not supported (null, deflate, snappy are); null is used");
      }
      // AvroFormat writes the schema the value converter read from the registry: the
      // sink reads the subject's latest schema (<topic>-value, the converter's default).
      // (The topic node takes the URL too: its Avro format reads the records with it.)
      if (auto url = r.peek("value.converter.schema.registry.url")) c["schema_registry"] = firstUrl(*url);
      else
        r.note("format.class", "AvroFormat takes the schema from the value converter; without schema_registry (or "
                               "schema) the sink infers each file's schema from its records");
    } else {
      r.note("format.class", *v + " is not supported yet (JSON lines are written)");
    }
  }
  if (auto v = r.take("s3.compression.type"); v && *v == "gzip" && c.value("format", "json") == "json") c["compression"] = "gzip";
  if (auto v = r.take("s3.path.style.access.enabled"); v && *v == "true") c["addressing"] = "path";
  std::string partitioner = r.take("partitioner.class", "io.confluent.connect.storage.partitioner.DefaultPartitioner");
  if (partitioner.ends_with("DefaultPartitioner")) {
    c["partitioner"] = "default";
  } else if (partitioner.ends_with("FieldPartitioner")) {
    c["partitioner"] = "field";
    c["partition_fields"] = splitList(r.take("partition.field.name", ""));
  } else if (partitioner.ends_with("TimeBasedPartitioner") || partitioner.ends_with("HourlyPartitioner") ||
             partitioner.ends_with("DailyPartitioner")) {
    c["partitioner"] = "time";
    if (partitioner.ends_with("HourlyPartitioner")) c["path_format"] = "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH";
    else if (partitioner.ends_with("DailyPartitioner")) c["path_format"] = "'year'=YYYY/'month'=MM/'day'=dd";
    if (auto v = r.take("path.format")) c["path_format"] = *v;
    if (auto v = r.take("partition.duration.ms")) {
      if (auto ms = toInt(*v)) c["partition_duration"] = msText(*ms);
    }
    auto extractor = r.take("timestamp.extractor", "Wallclock");
    if (extractor == "Record" || extractor == "RecordField") c["timestamp"] = extractor == "Record" ? "record" : "field";
    else c["timestamp"] = "wallclock";
    if (auto v = r.take("timestamp.field")) c["timestamp_field"] = *v;
  } else {
    r.note("partitioner.class", partitioner + " has no equivalent; the default partitioner is used");
    c["partitioner"] = "default";
  }
  if (auto v = r.take("storage.class"); v && v->find("S3Storage") == std::string::npos)
    r.note("storage.class", *v + " is not S3; the S3 sink is used");
  if (r.has("aws.access.key.id") || r.has("aws.secret.access.key")) {
    c["access_key_id"] = r.takeSecret("aws.access.key.id", "AWS_ACCESS_KEY_ID");
    c["secret_access_key"] = r.takeSecret("aws.secret.access.key", "AWS_SECRET_ACCESS_KEY");
  } else {
    c["access_key_id"] = "${env:AWS_ACCESS_KEY_ID}";
    c["secret_access_key"] = "${env:AWS_SECRET_ACCESS_KEY}";
    r.note("", "credentials come from ${env:AWS_ACCESS_KEY_ID} and ${env:AWS_SECRET_ACCESS_KEY}, as the S3 connector's "
               "default credentials chain reads them; export writes them as aws.access.key.id and aws.secret.access.key");
  }
  for (const auto& k : r.keysWithPrefix("internal."))
    r.note(k, "internal converters are deprecated in Kafka Connect and not needed");
  json format = takeCommon(r, c, "the sink reads through the topic node's consumer group");
  return wireSinks(r, b, "sink.s3", c, format, [](json& tc, const std::string& topic) { tc["topic"] = topic; });
}

bool importElasticsearchSink(ConfigReader& r, Builder& b) {
  json c = json::object();
  auto urls = splitList(r.take("connection.url", "http://localhost:9200"));
  c["url"] = urls.empty() ? std::string("http://localhost:9200") : urls[0];
  if (urls.size() > 1) r.note("connection.url", "only the first node (" + urls[0] + ") is used");
  if (auto v = r.take("connection.username")) c["username"] = *v;
  if (auto v = r.takeSecret("connection.password", "ES_PASSWORD"); !v.empty()) c["password"] = v;
  bool keyIgnore = r.takeBool("key.ignore", false);
  c["id"] = keyIgnore ? "position" : "key";
  if (r.has("type.name")) r.note("type.name", "mapping types were removed in Elasticsearch 7; not used");
  if (r.has("schema.ignore")) r.note("schema.ignore", "JSON documents are indexed as they are (dynamic mapping)");
  auto nulls = r.take("behavior.on.null.values", "fail");
  c["deletes"] = nulls == "delete";
  if (nulls == "fail") r.note("behavior.on.null.values", "\"fail\" has no equivalent; tombstones are skipped (deletes off)");
  if (auto v = r.take("write.method")) c["mode"] = *v == "upsert" ? "update" : "index";
  if (auto v = r.take("batch.size")) {
    if (auto n = toInt(*v)) c["max_actions"] = *n;
  }
  if (auto v = r.take("max.in.flight.requests")) {
    if (auto n = toInt(*v)) c["concurrency"] = *n;
  }
  json format = takeCommon(r, c, "the sink reads through the topic node's consumer group");
  return wireSinks(r, b, "sink.elasticsearch", c, format, [&](json& tc, const std::string& topic) {
    tc["index"] = topic;                 // the connector names the index after the topic
    if (keyIgnore) tc["topic"] = topic;  // _id is topic+partition+offset
  });
}

bool importMqttSource(ConfigReader& r, Builder& b) {
  json c = json::object();
  c["brokers"] = splitList(r.take("mqtt.server.uri", "tcp://localhost:1883"));
  c["topics"] = splitList(r.take("mqtt.topics", ""));
  if (auto v = r.take("mqtt.qos")) {
    if (auto q = toInt(*v)) c["qos"] = *q;
  }
  if (auto v = r.take("mqtt.clean.session.enabled")) c["clean_session"] = *v == "true" ? "true" : "false";
  if (auto v = r.take("mqtt.client.id")) c["client_id"] = *v;
  if (auto v = r.take("mqtt.keepalive.interval.seconds")) {
    if (auto sec = toInt(*v)) c["keep_alive"] = msText(*sec * 1000);
  }
  if (auto v = r.take("mqtt.username")) c["username"] = *v;
  if (auto v = r.takeSecret("mqtt.password", "MQTT_PASSWORD"); !v.empty()) c["password"] = v;
  json format = takeCommon(r, c, "one MQTT client per source node");
  auto topic = r.take("kafka.topic");
  if (!topic) {
    r.note("kafka.topic", "no Kafka topic given; connector not imported");
    return false;
  }
  wireSource(r, b, b.addNode(r.name(), "source.mqtt", c), *topic, format);
  return true;
}

bool importDatagen(ConfigReader& r, Builder& b) {
  json c = json::object();
  auto quickstart = r.take("quickstart", "");
  static const std::map<std::string, std::string> templates = {
      {"users", "users"}, {"orders", "orders"}, {"clickstream", "clickstream"}, {"pageviews", "clickstream"},
      {"product", "products"}, {"products", "products"}, {"iot", "iot"}};
  if (auto it = templates.find(quickstart); it != templates.end()) {
    c["template"] = it->second;
    if (it->first != it->second)
      r.note("quickstart", "\"" + quickstart + "\" is generated by the \"" + it->second + "\" template (similar fields)");
  } else {
    r.note("quickstart", "\"" + quickstart + "\" has no template of ours; \"orders\" is used (templates: users, orders, "
                         "products, clickstream, iot)");
    c["template"] = "orders";
  }
  if (r.has("schema.filename") || r.has("schema.string"))
    r.note(r.has("schema.filename") ? "schema.filename" : "schema.string",
           "custom Avro generator schemas are not supported; the template is used");
  if (auto v = r.take("max.interval")) {
    if (auto ms = toInt(*v); ms && *ms > 0) c["rate"] = 1000.0 / static_cast<double>(*ms);
  }
  if (auto v = r.take("iterations")) {
    if (auto n = toInt(*v); n && *n > 0) c["count"] = *n;
  }
  if (auto v = r.take("random.seed")) {
    if (auto n = toInt(*v)) c["seed"] = *n;
  }
  json format = takeCommon(r, c, "one generator per source node");
  auto topic = r.take("kafka.topic");
  if (!topic) {
    r.note("kafka.topic", "no Kafka topic given; connector not imported");
    return false;
  }
  wireSource(r, b, b.addNode(r.name(), "source.datagen", c), *topic, format);
  return true;
}

struct ConnectorKind {
  std::string_view connectorClass;
  std::string_view role;  // "source" or "sink", for the notes
  ImportFn import;
};

const std::vector<ConnectorKind>& kinds() {
  static const std::vector<ConnectorKind> all = {
      {"io.confluent.connect.jdbc.JdbcSourceConnector", "source", importJdbcSource},
      {"io.confluent.connect.jdbc.JdbcSinkConnector", "sink", importJdbcSink},
      {"io.debezium.connector.mysql.MySqlConnector", "source",
       [](ConfigReader& r, Builder& b) { return importDebezium(r, b, false); }},
      {"io.debezium.connector.postgresql.PostgresConnector", "source",
       [](ConfigReader& r, Builder& b) { return importDebezium(r, b, true); }},
      {"io.confluent.connect.s3.S3SinkConnector", "sink", importS3Sink},
      {"io.confluent.connect.elasticsearch.ElasticsearchSinkConnector", "sink", importElasticsearchSink},
      {"io.confluent.connect.mqtt.MqttSourceConnector", "source", importMqttSource},
      {"io.confluent.kafka.connect.datagen.DatagenConnector", "source", importDatagen},
  };
  return all;
}

// Columns by depth in the graph, rows by order: readable without a layout engine.
void layOut(Pipeline& p) {
  std::map<std::string, int> depth;
  for (const auto& n : p.nodes) depth[n.id] = 0;
  for (std::size_t pass = 0; pass < p.nodes.size(); ++pass)
    for (const auto& e : p.edges) depth[e.to] = std::max(depth[e.to], depth[e.from] + 1);
  std::map<int, int> rows;
  for (auto& n : p.nodes) {
    int d = depth[n.id];
    n.position = Position{40.0 + 280.0 * d, 60.0 + 140.0 * rows[d]++};
  }
}

}  // namespace

Result<std::vector<ConnectorConfig>> parseConnectorJson(std::string_view text, std::string_view fallbackName) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    return makeError(ErrorCode::Invalid, std::string("not valid JSON: ") + e.what());
  }
  std::vector<ConnectorConfig> out;
  auto one = [&](const json& item, const std::string& where) -> Status {
    if (!item.is_object()) return makeError(ErrorCode::Invalid, "expected a connector object", where);
    ConnectorConfig c;
    if (item.contains("config")) {
      if (!item["config"].is_object()) return makeError(ErrorCode::Invalid, "\"config\" must be an object", where + ".config");
      c.config = item["config"];
      if (item.contains("name") && item["name"].is_string()) c.name = item["name"].get<std::string>();
    } else {
      c.config = item;
    }
    if (c.name.empty() && c.config.contains("name") && c.config["name"].is_string())
      c.name = c.config["name"].get<std::string>();
    if (c.name.empty()) c.name = std::string(fallbackName);
    if (!c.config.contains("connector.class") || !c.config["connector.class"].is_string())
      return makeError(ErrorCode::Invalid, "no \"connector.class\": this is not a Kafka Connect connector config",
                       where + (item.contains("config") ? ".config" : ""));
    for (const auto& [k, v] : c.config.items())
      if (v.is_object() || v.is_array())
        return makeError(ErrorCode::Invalid, "Kafka Connect settings are strings, numbers or booleans", where + "." + k);
    out.push_back(std::move(c));
    return {};
  };
  if (doc.is_array()) {
    for (std::size_t i = 0; i < doc.size(); ++i)
      if (auto s = one(doc[i], "$[" + std::to_string(i) + "]"); !s) return s.error();
  } else if (auto s = one(doc, "$"); !s) {
    return s.error();
  }
  if (out.empty()) return makeError(ErrorCode::Invalid, "no connectors in the file");
  return out;
}

Result<ImportResult> importConnectors(const std::vector<ConnectorConfig>& connectors, std::string pipelineName) {
  ImportResult result;
  result.pipeline.name = std::move(pipelineName);
  result.pipeline.cluster.bootstrap = "embedded";
  Builder builder(result.pipeline);
  int imported = 0;
  std::string described;
  for (const auto& c : connectors) {
    std::string cls = asText(c.config.value("connector.class", json("")));
    auto it = std::find_if(kinds().begin(), kinds().end(), [&](const ConnectorKind& k) { return k.connectorClass == cls; });
    if (it == kinds().end()) {
      result.notes.push_back({c.name, "connector.class", "connector class " + cls + " has no equivalent; not imported"});
      continue;
    }
    ConfigReader reader(c, result.notes);
    // Kafka Connect's bootstrap servers belong to the worker, not the
    // connector; a pipeline names its cluster once.
    if (it->import(reader, builder)) {
      ++imported;
      described += (described.empty() ? "" : ", ") + c.name;
    }
    reader.finish(it->role);
  }
  if (imported == 0)
    return makeError(ErrorCode::Invalid, "none of the connectors could be imported:\n" + formatNotes(result.notes));
  result.pipeline.description = "Imported from Kafka Connect configs: " + described + ".";
  layOut(result.pipeline);
  return result;
}

// ---- export ----

namespace {

class Graph {
 public:
  explicit Graph(const Pipeline& p) : m_p(p) {}
  std::vector<const Node*> downstream(const std::string& id) const {
    std::vector<const Node*> out;
    for (const auto& e : m_p.edges)
      if (e.from == id)
        if (auto* n = m_p.findNode(e.to)) out.push_back(n);
    return out;
  }
  std::vector<const Node*> upstream(const std::string& id) const {
    std::vector<const Node*> out;
    for (const auto& e : m_p.edges)
      if (e.to == id)
        if (auto* n = m_p.findNode(e.from)) out.push_back(n);
    return out;
  }

 private:
  const Pipeline& m_p;
};

bool isTransform(const Node& n) { return n.type.rfind("transform.", 0) == 0; }

std::string str(const json& c, const char* key, std::string fallback = {}) {
  auto it = c.find(key);
  if (it == c.end() || it->is_null()) return fallback;
  return asText(*it);
}

std::string durationMsText(const json& v) {
  auto ms = base::parseDurationMs(v);
  return ms ? std::to_string(*ms) : asText(v);
}

// The SMT chain for a run of transform nodes; false when one has no SMT equivalent.
bool exportTransforms(const std::vector<const Node*>& chain, json& config, std::vector<Note>& notes) {
  std::vector<std::string> aliases;
  for (const Node* t : chain) {
    std::string alias = t->id;
    std::string p = "transforms." + alias + ".";
    const json& c = t->config;
    if (t->type == "transform.unwrap") {
      config[p + "type"] = "io.debezium.transforms.ExtractNewRecordState";
      if (c.contains("drop_tombstones")) config[p + "drop.tombstones"] = asText(c["drop_tombstones"]);
      if (c.contains("delete_handling")) config[p + "delete.handling.mode"] = asText(c["delete_handling"]);
      if (c.contains("add_fields") && c["add_fields"].is_array() && !c["add_fields"].empty()) {
        std::vector<std::string> f;
        for (const auto& x : c["add_fields"]) f.push_back(asText(x));
        config[p + "add.fields"] = joinList(f);
      }
      if (c.contains("add_fields_prefix")) config[p + "add.fields.prefix"] = asText(c["add_fields_prefix"]);
    } else if (t->type == "transform.map") {
      std::string select = str(c, "select", "*");
      std::vector<std::string> items = splitList(select);
      bool plainFields = std::all_of(items.begin(), items.end(), [](const std::string& i) { return isIdentifier(i) || i == "*"; });
      if (!plainFields) {
        notes.push_back({t->id, "select", "computed fields have no SMT equivalent; use a ksqlDB query (SELECT " + select +
                                              " FROM ...) between two topics"});
        return false;
      }
      config[p + "type"] = "org.apache.kafka.connect.transforms.ReplaceField$Value";
      if (select != "*") config[p + "include"] = joinList(items);
      if (c.contains("drop") && c["drop"].is_array() && !c["drop"].empty()) {
        std::vector<std::string> f;
        for (const auto& x : c["drop"]) f.push_back(asText(x));
        config[p + "exclude"] = joinList(f);
      }
      if (c.contains("rename") && c["rename"].is_object() && !c["rename"].empty()) {
        std::vector<std::string> f;
        for (const auto& [from, to] : c["rename"].items()) f.push_back(from + ":" + asText(to));
        config[p + "renames"] = joinList(f);
      }
    } else {
      notes.push_back({t->id, t->type, t->type + " has no single message transform equivalent" +
                                           std::string(t->type == "transform.filter" || t->type == "transform.aggregate" ||
                                                               t->type == "transform.join"
                                                           ? "; use a ksqlDB query between two topics"
                                                           : "")});
      return false;
    }
    aliases.push_back(alias);
  }
  if (!aliases.empty()) config["transforms"] = joinList(aliases);
  return true;
}

void exportErrorPolicy(const json& c, json& config) {
  std::string policy = str(c, "on_error", "dead-letter");
  if (policy == "fail") return;  // Kafka Connect's default
  config["errors.tolerance"] = "all";
  if (policy == "dead-letter" && c.contains("dead_letter_topic"))
    config["errors.deadletterqueue.topic.name"] = asText(c["dead_letter_topic"]);
}

void copyIf(const json& c, const char* from, json& config, const char* to) {
  if (c.contains(from) && !c[from].is_null()) config[to] = asText(c[from]);
}

std::string jdbcDialect(const std::string& type) {
  return type.find("postgres") != std::string::npos ? "postgres" : "mysql";
}

// A source node's connector config (topic and SMTs are filled in by the caller).
std::optional<json> exportSourceNode(const Node& n, std::vector<Note>& notes) {
  const json& c = n.config;
  json out = json::object();
  if (n.type == "source.postgres.query" || n.type == "source.mysql.query") {
    out["connector.class"] = "io.confluent.connect.jdbc.JdbcSourceConnector";
    out["connection.url"] = toJdbcUrl(jdbcDialect(n.type), str(c, "url"));
    copyIf(c, "user", out, "connection.user");
    copyIf(c, "password", out, "connection.password");
    out["mode"] = str(c, "mode", "incrementing");
    copyIf(c, "incrementing_column", out, "incrementing.column.name");
    copyIf(c, "timestamp_column", out, "timestamp.column.name");
    copyIf(c, "table", out, "table.whitelist");
    copyIf(c, "query", out, "query");
    if (c.contains("poll_interval")) out["poll.interval.ms"] = durationMsText(c["poll_interval"]);
    copyIf(c, "batch_size", out, "batch.max.rows");
    if (c.contains("delay")) out["timestamp.delay.interval.ms"] = durationMsText(c["delay"]);
  } else if (n.type == "source.mysql.cdc" || n.type == "source.postgres.cdc") {
    bool pg = n.type == "source.postgres.cdc";
    out["connector.class"] = pg ? "io.debezium.connector.postgresql.PostgresConnector" : "io.debezium.connector.mysql.MySqlConnector";
    std::string url = str(c, "url");
    auto scheme = url.find("://");
    std::string rest = scheme == std::string::npos ? url : url.substr(scheme + 3);
    std::string hostPort = rest.substr(0, rest.find('/'));
    auto colon = hostPort.rfind(':');
    out["database.hostname"] = hostPort.substr(0, colon);
    if (colon != std::string::npos) out["database.port"] = hostPort.substr(colon + 1);
    if (pg && rest.find('/') != std::string::npos) out["database.dbname"] = rest.substr(rest.find('/') + 1);
    copyIf(c, "user", out, "database.user");
    copyIf(c, "password", out, "database.password");
    out["topic.prefix"] = str(c, "server_name", n.id);
    if (!pg && c.value("server_id", 0) != 0) out["database.server.id"] = asText(c["server_id"]);
    if (pg) {
      out["plugin.name"] = "pgoutput";
      copyIf(c, "slot_name", out, "slot.name");
      copyIf(c, "publication_name", out, "publication.name");
    }
    if (c.contains("tables") && c["tables"].is_array() && !c["tables"].empty()) {
      std::vector<std::string> tables, dbs;
      for (const auto& t : c["tables"]) {
        std::string s = asText(t);
        if (s.ends_with(".*")) dbs.push_back(s.substr(0, s.size() - 2));
        else tables.push_back(s);
      }
      if (!tables.empty()) out["table.include.list"] = joinList(tables);
      if (!dbs.empty()) out["database.include.list"] = joinList(dbs);
    }
    copyIf(c, "snapshot_mode", out, "snapshot.mode");
    copyIf(c, "tombstones_on_delete", out, "tombstones.on.delete");
    notes.push_back({n.id, "topic", "Debezium names its topics <topic.prefix>.<database>.<table>; check they match the "
                                    "topic the pipeline writes"});
  } else if (n.type == "source.datagen") {
    out["connector.class"] = "io.confluent.kafka.connect.datagen.DatagenConnector";
    std::string t = str(c, "template", "orders");
    out["quickstart"] = t == "products" ? "product" : t;
    if (c.contains("rate") && c["rate"].is_number() && c["rate"].get<double>() > 0)
      out["max.interval"] = std::to_string(static_cast<std::int64_t>(1000.0 / c["rate"].get<double>()));
    if (c.contains("count") && c.value("count", 0) > 0) out["iterations"] = asText(c["count"]);
    copyIf(c, "seed", out, "random.seed");
  } else if (n.type == "source.mqtt") {
    out["connector.class"] = "io.confluent.connect.mqtt.MqttSourceConnector";
    auto list = [&](const char* k) {
      std::vector<std::string> v;
      if (c.contains(k) && c[k].is_array())
        for (const auto& x : c[k]) v.push_back(asText(x));
      else if (c.contains(k))
        v.push_back(asText(c[k]));
      return joinList(v);
    };
    out["mqtt.server.uri"] = list("brokers");
    out["mqtt.topics"] = list("topics");
    copyIf(c, "qos", out, "mqtt.qos");
    if (std::string cs = str(c, "clean_session", "auto"); cs != "auto") out["mqtt.clean.session.enabled"] = cs;
    copyIf(c, "client_id", out, "mqtt.client.id");
    copyIf(c, "username", out, "mqtt.username");
    copyIf(c, "password", out, "mqtt.password");
  } else {
    return std::nullopt;
  }
  exportErrorPolicy(c, out);
  return out;
}

std::optional<json> exportSinkNode(const Node& n, const std::string& topic, std::vector<Note>& notes) {
  const json& c = n.config;
  json out = json::object();
  if (n.type == "sink.postgres" || n.type == "sink.mysql") {
    out["connector.class"] = "io.confluent.connect.jdbc.JdbcSinkConnector";
    out["connection.url"] = toJdbcUrl(jdbcDialect(n.type), str(c, "url"));
    copyIf(c, "user", out, "connection.user");
    copyIf(c, "password", out, "connection.password");
    out["insert.mode"] = str(c, "mode", "insert");
    if (c.contains("key") && c["key"].is_array() && !c["key"].empty()) {
      std::vector<std::string> k;
      for (const auto& x : c["key"]) k.push_back(asText(x));
      out["pk.mode"] = "record_value";
      out["pk.fields"] = joinList(k);
    }
    copyIf(c, "auto_create", out, "auto.create");
    copyIf(c, "auto_evolve", out, "auto.evolve");
    copyIf(c, "delete_enabled", out, "delete.enabled");
    copyIf(c, "rows_per_statement", out, "batch.size");
    std::string table = str(c, "table");
    if (table != topic) out["table.name.format"] = table;
  } else if (n.type == "sink.s3") {
    out["connector.class"] = "io.confluent.connect.s3.S3SinkConnector";
    out["storage.class"] = "io.confluent.connect.s3.storage.S3Storage";
    copyIf(c, "bucket", out, "s3.bucket.name");
    copyIf(c, "region", out, "s3.region");
    copyIf(c, "endpoint", out, "store.url");
    copyIf(c, "topics_dir", out, "topics.dir");
    copyIf(c, "flush_size", out, "flush.size");
    if (c.contains("part_size"))
      if (auto bytes = base::parseSizeBytes(c["part_size"])) out["s3.part.size"] = std::to_string(*bytes);
    if (c.contains("rotate_interval")) out["rotate.interval.ms"] = durationMsText(c["rotate_interval"]);
    if (c.contains("rotate_schedule_interval"))
      out["rotate.schedule.interval.ms"] = durationMsText(c["rotate_schedule_interval"]);
    copyIf(c, "timezone", out, "timezone");
    if (str(c, "format", "json") == "parquet") {
      out["format.class"] = "io.confluent.connect.s3.format.parquet.ParquetFormat";
      out["parquet.codec"] = str(c, "compression", "none");
    } else if (str(c, "format", "json") == "avro") {
      out["format.class"] = "io.confluent.connect.s3.format.avro.AvroFormat";
      std::string codec = str(c, "compression", "none");
      out["avro.codec"] = codec == "none" ? "null" : codec;
      if (!str(c, "schema_registry").empty()) {
        out["value.converter"] = "io.confluent.connect.avro.AvroConverter";
        out["value.converter.schema.registry.url"] = str(c, "schema_registry");
      }
    } else {
      out["format.class"] = "io.confluent.connect.s3.format.json.JsonFormat";
      if (str(c, "compression", "none") == "gzip") out["s3.compression.type"] = "gzip";
    }
    if (str(c, "addressing", "virtual") == "path") out["s3.path.style.access.enabled"] = "true";
    std::string partitioner = str(c, "partitioner", "default");
    if (partitioner == "field") {
      out["partitioner.class"] = "io.confluent.connect.storage.partitioner.FieldPartitioner";
      std::vector<std::string> f;
      if (c.contains("partition_fields") && c["partition_fields"].is_array())
        for (const auto& x : c["partition_fields"]) f.push_back(asText(x));
      out["partition.field.name"] = joinList(f);
    } else if (partitioner == "time") {
      out["partitioner.class"] = "io.confluent.connect.storage.partitioner.TimeBasedPartitioner";
      copyIf(c, "path_format", out, "path.format");
      if (c.contains("partition_duration")) out["partition.duration.ms"] = durationMsText(c["partition_duration"]);
      std::string ts = str(c, "timestamp", "record");
      out["timestamp.extractor"] = ts == "wallclock" ? "Wallclock" : ts == "field" ? "RecordField" : "Record";
      copyIf(c, "timestamp_field", out, "timestamp.field");
    } else {
      out["partitioner.class"] = "io.confluent.connect.storage.partitioner.DefaultPartitioner";
    }
    copyIf(c, "access_key_id", out, "aws.access.key.id");
    copyIf(c, "secret_access_key", out, "aws.secret.access.key");
  } else if (n.type == "sink.elasticsearch") {
    out["connector.class"] = "io.confluent.connect.elasticsearch.ElasticsearchSinkConnector";
    copyIf(c, "url", out, "connection.url");
    copyIf(c, "username", out, "connection.username");
    copyIf(c, "password", out, "connection.password");
    out["key.ignore"] = str(c, "id", "key") == "key" ? "false" : "true";
    out["behavior.on.null.values"] = c.value("deletes", true) ? "delete" : "ignore";
    if (str(c, "mode") == "update") out["write.method"] = "upsert";
    copyIf(c, "max_actions", out, "batch.size");
    copyIf(c, "concurrency", out, "max.in.flight.requests");
    std::string index = str(c, "index");
    if (!index.empty() && index != topic)
      notes.push_back({n.id, "index", "the connector names the index after the topic; index " + index + " is not exported"});
  } else {
    return std::nullopt;
  }
  exportErrorPolicy(c, out);
  return out;
}

}  // namespace

ExportResult exportConnectors(const Pipeline& pipeline) {
  ExportResult result;
  Graph g(pipeline);
  std::set<std::string> covered;
  // Sources: source -> transforms* -> topic.
  for (const auto& n : pipeline.nodes) {
    if (n.type.rfind("source.", 0) != 0) continue;
    auto config = exportSourceNode(n, result.notes);
    if (!config) {
      result.notes.push_back({n.id, n.type, n.type + " has no Kafka Connect equivalent"});
      continue;
    }
    std::vector<const Node*> chain;
    const Node* at = &n;
    while (true) {
      auto next = g.downstream(at->id);
      if (next.size() != 1 || !isTransform(*next[0])) break;
      at = next[0];
      chain.push_back(at);
    }
    auto next = g.downstream(at->id);
    if (next.size() != 1 || next[0]->type != "topic") {
      result.notes.push_back({n.id, n.type, "a Kafka Connect source writes to one topic; this source does not lead to "
                                            "exactly one topic node through transforms"});
      continue;
    }
    if (!exportTransforms(chain, *config, result.notes)) continue;
    std::string topic = str(next[0]->config, "name", next[0]->id);
    if (n.type == "source.postgres.query" || n.type == "source.mysql.query") {
      std::string table = str(n.config, "table");
      if (!table.empty() && topic.size() >= table.size() && topic.ends_with(table))
        (*config)["topic.prefix"] = topic.substr(0, topic.size() - table.size());
      else {
        (*config)["topic.prefix"] = topic;
        if (!table.empty())
          result.notes.push_back({n.id, "topic", "the JDBC source writes to <topic.prefix><table>; the topic \"" + topic +
                                                     "\" does not end with the table name"});
      }
    } else if (n.type == "source.datagen" || n.type == "source.mqtt") {
      (*config)["kafka.topic"] = topic;
    }
    if (str(next[0]->config, "format", "json") == "string")
      (*config)["value.converter"] = "org.apache.kafka.connect.storage.StringConverter";
    if (str(next[0]->config, "format", "json") == "avro") {
      (*config)["value.converter"] = "io.confluent.connect.avro.AvroConverter";
      if (std::string url = str(next[0]->config, "schema_registry"); !url.empty() && url != "embedded")
        (*config)["value.converter.schema.registry.url"] = url;
    }
    covered.insert(n.id);
    for (auto* t : chain) covered.insert(t->id);
    result.connectors.push_back({n.id, *config});
  }
  // Sinks: topic -> transforms* -> sink.
  for (const auto& n : pipeline.nodes) {
    if (n.type.rfind("sink.", 0) != 0) continue;
    std::vector<std::string> topics;
    std::vector<const Node*> chain;
    bool ok = true;
    for (const Node* up : g.upstream(n.id)) {
      std::vector<const Node*> mine;
      const Node* at = up;
      while (isTransform(*at)) {
        mine.insert(mine.begin(), at);
        auto ups = g.upstream(at->id);
        if (ups.size() != 1) break;
        at = ups[0];
      }
      if (at->type != "topic") {
        ok = false;
        break;
      }
      topics.push_back(str(at->config, "name", at->id));
      if (chain.empty()) chain = mine;
    }
    if (!ok || topics.empty()) {
      result.notes.push_back({n.id, n.type, "a Kafka Connect sink reads topics; this sink is not fed by topic nodes"});
      continue;
    }
    auto config = exportSinkNode(n, topics[0], result.notes);
    if (!config) {
      result.notes.push_back({n.id, n.type, n.type + " has no Kafka Connect equivalent"});
      continue;
    }
    if (!exportTransforms(chain, *config, result.notes)) continue;
    (*config)["topics"] = joinList(topics);
    covered.insert(n.id);
    for (auto* t : chain) covered.insert(t->id);
    result.connectors.push_back({n.id, *config});
  }
  for (const auto& n : pipeline.nodes)
    if (!covered.count(n.id) && n.type != "topic" && isTransform(n))
      result.notes.push_back({n.id, n.type, "between topics: no connector runs it; a ksqlDB query can (CREATE STREAM ... AS SELECT)"});
  for (const auto& c : result.connectors)
    for (const auto& [k, v] : c.config.items())
      if (v.is_string() && v.get<std::string>().rfind("${file:", 0) == 0)
        result.notes.push_back({c.name, k, "Kafka Connect's FileConfigProvider reads ${file:PATH:KEY} from a properties "
                                           "file; Tributary's ${file:PATH} is the whole file: adjust the reference"});
  bool envRefs = false;
  for (const auto& c : result.connectors)
    for (const auto& [k, v] : c.config.items())
      if (v.is_string() && v.get<std::string>().rfind("${env:", 0) == 0) envRefs = true;
  if (envRefs)
    result.notes.push_back({"", "", "${env:NAME} references need the worker setting config.providers=env with "
                                    "config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider"});
  return result;
}

std::string formatNotes(const std::vector<Note>& notes) {
  std::string out;
  for (const auto& n : notes) {
    if (!n.connector.empty()) out += n.connector + ": ";
    if (!n.key.empty()) out += n.key + ": ";
    out += n.message + "\n";
  }
  return out;
}

}  // namespace tributary::model::connect
