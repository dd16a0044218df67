// sink.elasticsearch: indexes records through the Bulk API (POST /_bulk,
// NDJSON). A batch is cut into requests of at most max_actions actions and
// max_bytes bytes, sent with up to `concurrency` requests in flight (curl
// multi). Document ids come from the record key, an expression, or
// topic+partition+offset; with ids, index/delete use version_type=external
// with the source offset as version, so a replay is a no-op whose 409 is
// ignored. Whole-request failures (connection, 429, 5xx) are retried with
// back-off; per-item failures are sorted: malformed documents go to the error
// policy with Elasticsearch's reason, item 429s are sent again, anything else
// fails the batch (the engine retries it).
#include "core/base/units.h"
#include "core/connectors/elasticsearch_sink.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <list>
#include <mutex>
#include <optional>
#include <thread>

#include <spdlog/spdlog.h>

#include "core/base/units.h"
#include "core/connectors/curl_common.h"
#include "core/connectors/registration.h"
#include "core/expr/expression.h"
#include "core/record/json.h"

namespace tributary::connectors {

std::optional<std::string> invalidIndexName(const std::string& name) {
  if (name.empty()) return "an index name cannot be empty";
  if (name == "." || name == "..") return "an index name cannot be \".\" or \"..\"";
  if (name.size() > 255) return "an index name is at most 255 bytes";
  if (name[0] == '-' || name[0] == '_' || name[0] == '+') return "an index name cannot start with '-', '_' or '+'";
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') return "an index name must be lower case (Elasticsearch refuses upper case)";
    if (std::string_view("\\/*?\"<>| ,#:").find(c) != std::string_view::npos)
      return std::string("an index name cannot contain '") + c + "'";
  }
  return std::nullopt;
}

namespace {

enum class Mode { Index, Create, Update };
enum class IdFrom { None, Key, Expression, Position };

struct EsOptions {
  std::string url;
  std::string index;
  std::optional<expr::Expression> indexExpression;
  Mode mode = Mode::Index;
  IdFrom id = IdFrom::Key;
  std::optional<expr::Expression> idExpression;
  std::string topic;
  bool externalVersion = true;
  bool dataStream = false;
  bool deletes = true;
  std::size_t maxActions = 1000;
  std::size_t maxBytes = 5 * 1024 * 1024;
  int concurrency = 2;
  int retries = 5;
  std::int64_t backoffMs = 200;
  std::string username, password, apiKey, caFile;
  bool tlsVerify = true;
  std::int64_t timeoutMs = 30000;
};

// One bulk request being built or in flight: its NDJSON body and which
// record each action stands for.
struct Request {
  std::string body;
  std::vector<std::size_t> records;
  int attempts = 0;
  std::chrono::steady_clock::time_point notBefore;
  // In flight:
  CURL* handle = nullptr;
  curl_slist* headers = nullptr;
  std::string response;
};

class ElasticsearchSink final : public runtime::Sink {
 public:
  explicit ElasticsearchSink(EsOptions o) : m_o(std::move(o)) {
    curlGlobalInitOnce();
    while (!m_o.url.empty() && m_o.url.back() == '/') m_o.url.pop_back();
  }
  ~ElasticsearchSink() override { close(); }

  bool blocking() const override { return true; }

  Status open(runtime::ErrorReporter&) override {
    m_multi = curl_multi_init();
    std::string body;
    long status = 0;
    if (Status s = get("/", body, status); !s) return s;
    if (status == 401 || status == 403)
      return makeError(ErrorCode::Invalid, "Elasticsearch refused the credentials (HTTP " + std::to_string(status) + ")",
                       m_o.url);
    nlohmann::json info = nlohmann::json::parse(body, nullptr, false);
    const nlohmann::json* version = info.is_object() && info.contains("version") ? &info["version"] : nullptr;
    bool es = info.is_object() && info.value("tagline", "") == "You Know, for Search";
    bool opensearch = version && version->is_object() && version->value("distribution", "") == "opensearch";
    if (status != 200 || !version || !version->is_object() || !version->contains("number") || !(es || opensearch))
      return makeError(ErrorCode::Invalid,
                       "the server at " + m_o.url + " is not Elasticsearch or OpenSearch (GET / answered " +
                           std::to_string(status) + ": " + body.substr(0, 200) + ")",
                       "config.url");
    m_version = (*version)["number"].get<std::string>();
    spdlog::info("elasticsearch {}: {} {}", m_o.url, opensearch ? "OpenSearch" : "Elasticsearch", m_version);
    return {};
  }

  void close() override {
    if (m_multi) curl_multi_cleanup(m_multi);
    m_multi = nullptr;
  }

  Result<std::uint64_t> write(const record::Batch& batch, runtime::ErrorReporter& errors) override {
    std::vector<Request> pending;
    Request current;
    std::uint64_t bytes = 0;
    std::string action, source;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      if (Status s = encode(batch[i], action, source); !s) {
        errors.report(batch[i], s.error());
        if (errors.failed()) return s.error();
        continue;
      }
      std::size_t size = action.size() + source.size();
      if (!current.records.empty() &&
          (current.records.size() >= m_o.maxActions || current.body.size() + size > m_o.maxBytes)) {
        pending.push_back(std::move(current));
        current = Request{};
      }
      current.body += action;
      current.body += source;
      current.records.push_back(i);
    }
    if (!current.records.empty()) pending.push_back(std::move(current));
    for (const Request& r : pending) bytes += r.body.size();
    if (Status s = run(pending, batch, errors); !s) return s.error();
    return bytes;
  }

 private:
  // The action line and the source line (empty for delete) of one record, each ending in '\n'.
  Status encode(const record::Record& r, std::string& action, std::string& source) {
    action.clear();
    source.clear();
    const record::Value* doc = &r.value;
    bool remove = r.value.isNull();
    if (!remove && r.value.type() == record::ValueType::Object) {
      const record::Value* op = r.value.find("op");
      const record::Value* after = r.value.find("after");
      if (op && op->type() == record::ValueType::String && r.value.find("before") && after) {
        if (op->asString() == "d") remove = true;  // Debezium delete
        else doc = after;
      }
    }
    if (remove && !m_o.deletes) return {};
    std::string index = m_o.index;
    if (m_o.indexExpression) {
      auto v = m_o.indexExpression->evaluate(r);
      if (!v) return v.error();
      if (v->type() != record::ValueType::String)
        return makeError(ErrorCode::Invalid, "the index expression gave " + record::toJson(*v) + ", not a string");
      index = std::string(v->asString());
      if (auto why = invalidIndexName(index)) return makeError(ErrorCode::Invalid, *why + ": \"" + index + "\"");
    }
    std::string id;
    switch (m_o.id) {
      case IdFrom::None:
        break;
      case IdFrom::Key:
        if (r.key.isNull()) return makeError(ErrorCode::Invalid, "the record has no key to use as the document _id");
        id = r.key.type() == record::ValueType::String ? std::string(r.key.asString()) : record::toJson(r.key);
        break;
      case IdFrom::Expression: {
        auto v = m_o.idExpression->evaluate(r);
        if (!v) return v.error();
        if (v->isNull()) return makeError(ErrorCode::Invalid, "the id expression gave NULL");
        id = v->type() == record::ValueType::String ? std::string(v->asString()) : record::toJson(*v);
        break;
      }
      case IdFrom::Position:
        id = m_o.topic + "+" + std::to_string(r.position.partition) + "+" + std::to_string(r.position.offset);
        break;
    }
    if (remove && id.empty()) return makeError(ErrorCode::Invalid, "a delete needs a document _id");
    const char* op = remove ? "delete"
                     : m_o.dataStream || m_o.mode == Mode::Create ? "create"
                     : m_o.mode == Mode::Update                  ? "update"
                                                                 : "index";
    action = "{\"";
    action += op;
    action += "\":{\"_index\":";
    record::appendJsonString(index, action);
    if (!id.empty()) {
      action += ",\"_id\":";
      record::appendJsonString(id, action);
    }
    bool versioned = m_o.externalVersion && !id.empty() && !m_o.dataStream && m_o.id != IdFrom::Position &&
                     (std::string_view(op) == "index" || std::string_view(op) == "delete") && r.position.offset >= 0;
    if (versioned) {
      action += ",\"version\":" + std::to_string(r.position.offset);
      action += ",\"version_type\":\"external\"";
    }
    action += "}}\n";
    if (remove) return {};
    if (m_o.mode == Mode::Update && !m_o.dataStream) {
      source = "{\"doc\":";
      record::appendJson(*doc, source);
      source += ",\"doc_as_upsert\":true}\n";
      return {};
    }
    if (doc->type() != record::ValueType::Object)
      return makeError(ErrorCode::Invalid, "a document must be a JSON object, not " + record::toJson(*doc));
    if (m_o.dataStream && !doc->find("@timestamp")) {
      record::Value copy = *doc;
      copy.set("@timestamp", record::Value::timestampMicros(r.timestampMs * 1000));
      record::appendJson(copy, source);
    } else {
      record::appendJson(*doc, source);
    }
    source += '\n';
    return {};
  }

  void setCommon(CURL* c, std::string* out) const {
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(m_o.timeoutMs));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, curlAppendToString);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, m_o.tlsVerify ? 1L : 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, m_o.tlsVerify ? 2L : 0L);
    if (!m_o.caFile.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, m_o.caFile.c_str());
    if (!m_o.username.empty()) {
      curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
      curl_easy_setopt(c, CURLOPT_USERNAME, m_o.username.c_str());
      curl_easy_setopt(c, CURLOPT_PASSWORD, m_o.password.c_str());
    }
  }

  curl_slist* headers(bool json) const {
    curl_slist* h = nullptr;
    if (json) h = curl_slist_append(h, "Content-Type: application/x-ndjson");
    h = curl_slist_append(h, "Expect:");
    if (!m_o.apiKey.empty()) h = curl_slist_append(h, ("Authorization: ApiKey " + m_o.apiKey).c_str());
    return h;
  }

  Status get(const std::string& path, std::string& body, long& status) {
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> c(curl_easy_init(), &curl_easy_cleanup);
    std::string url = m_o.url + path;
    curl_easy_setopt(c.get(), CURLOPT_URL, url.c_str());
    setCommon(c.get(), &body);
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> h(headers(false), &curl_slist_free_all);
    curl_easy_setopt(c.get(), CURLOPT_HTTPHEADER, h.get());
    CURLcode rc = curl_easy_perform(c.get());
    if (rc != CURLE_OK)
      return makeError(ErrorCode::Unavailable, std::string("cannot reach Elasticsearch: ") + curl_easy_strerror(rc),
                       url);
    curl_easy_getinfo(c.get(), CURLINFO_RESPONSE_CODE, &status);
    return {};
  }

  void start(Request& r) {
    r.response.clear();
    r.handle = curl_easy_init();
    std::string url = m_o.url + "/_bulk";
    curl_easy_setopt(r.handle, CURLOPT_URL, url.c_str());
    setCommon(r.handle, &r.response);
    r.headers = headers(true);
    curl_easy_setopt(r.handle, CURLOPT_HTTPHEADER, r.headers);
    curl_easy_setopt(r.handle, CURLOPT_POSTFIELDS, r.body.data());
    curl_easy_setopt(r.handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
    curl_easy_setopt(r.handle, CURLOPT_PRIVATE, &r);
    curl_multi_add_handle(m_multi, r.handle);
  }

  void finish(Request& r) {
    curl_multi_remove_handle(m_multi, r.handle);
    curl_easy_cleanup(r.handle);
    curl_slist_free_all(r.headers);
    r.handle = nullptr;
    r.headers = nullptr;
  }

  // Sends every request, `concurrency` at a time; requests come back to the
  // queue for whole-request retries and item 429s.
  Status run(std::vector<Request>& queue, const record::Batch& batch, runtime::ErrorReporter& errors) {
    std::deque<Request> waiting(std::make_move_iterator(queue.begin()), std::make_move_iterator(queue.end()));
    std::list<Request> flying;
    Status outcome;
    while ((!waiting.empty() || !flying.empty())) {
      auto now = std::chrono::steady_clock::now();
      while (outcome && static_cast<int>(flying.size()) < m_o.concurrency && !waiting.empty() &&
             waiting.front().notBefore <= now) {
        flying.push_back(std::move(waiting.front()));
        waiting.pop_front();
        start(flying.back());
      }
      if (flying.empty()) {
        if (!outcome) break;
        std::this_thread::sleep_until(waiting.front().notBefore);
        continue;
      }
      int running = 0;
      curl_multi_perform(m_multi, &running);
      int left = 0;
      while (CURLMsg* msg = curl_multi_info_read(m_multi, &left)) {
        if (msg->msg != CURLMSG_DONE) continue;
        Request* rp = nullptr;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &rp);
        CURLcode rc = msg->data.result;
        long status = 0;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
        finish(*rp);
        auto it = std::find_if(flying.begin(), flying.end(), [&](const Request& f) { return &f == rp; });
        Request done = std::move(*it);
        flying.erase(it);
        if (!outcome) continue;
        if (rc != CURLE_OK || status == 429 || status >= 500) {
          std::string why = rc != CURLE_OK ? curl_easy_strerror(rc) : "HTTP " + std::to_string(status);
          if (++done.attempts > m_o.retries) {
            outcome = makeError(rc != CURLE_OK || status >= 500 || status == 429 ? ErrorCode::Unavailable
                                                                                 : ErrorCode::Invalid,
                                "bulk request failed: " + why + " (after " + std::to_string(m_o.retries) + " retries)",
                                m_o.url + "/_bulk");
            continue;
          }
          std::int64_t delay = std::min<std::int64_t>(m_o.backoffMs << std::min(done.attempts - 1, 6), 10000);
          spdlog::warn("elasticsearch {}: bulk request failed ({}), retry {}/{} in {} ms", m_o.url, why, done.attempts,
                       m_o.retries, delay);
          done.notBefore = std::chrono::steady_clock::now() + std::chrono::milliseconds(delay);
          waiting.push_back(std::move(done));
          continue;
        }
        if (status != 200) {
          outcome = makeError(ErrorCode::Invalid,
                              "bulk request refused: HTTP " + std::to_string(status) + ": " + done.response.substr(0, 500),
                              m_o.url + "/_bulk");
          continue;
        }
        if (Status s = items(done, batch, errors, waiting); !s) outcome = s;
      }
      if (!flying.empty()) curl_multi_poll(m_multi, nullptr, 0, 100, nullptr);
    }
    return outcome;
  }

  // Sorts the items of a 200 answer.
  Status items(Request& done, const record::Batch& batch, runtime::ErrorReporter& errors, std::deque<Request>& waiting) {
    nlohmann::json answer = nlohmann::json::parse(done.response, nullptr, false);
    if (!answer.is_object() || !answer.contains("items") || !answer["items"].is_array())
      return makeError(ErrorCode::Invalid, "a bulk answer without items: " + done.response.substr(0, 300),
                       m_o.url + "/_bulk");
    const auto& list = answer["items"];
    if (list.size() != done.records.size())
      return makeError(ErrorCode::Invalid,
                       "the bulk answer has " + std::to_string(list.size()) + " items for " +
                           std::to_string(done.records.size()) + " actions",
                       m_o.url + "/_bulk");
    if (!answer.value("errors", false)) return {};
    Request again;
    again.attempts = done.attempts + 1;
    // Split the body back into each action's lines to resend only the 429s.
    std::vector<std::string_view> lines;
    std::string_view body = done.body;
    for (std::size_t at = 0; at < body.size();) {
      std::size_t nl = body.find('\n', at);
      lines.push_back(body.substr(at, nl - at + 1));
      at = nl + 1;
    }
    std::size_t line = 0;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const nlohmann::json& item = list[i].is_object() && !list[i].empty() ? list[i].begin().value() : nlohmann::json();
      std::string op = list[i].is_object() && !list[i].empty() ? list[i].begin().key() : "";
      std::size_t nLines = op == "delete" ? 1 : 2;
      std::size_t first = line;
      line += nLines;
      int status = item.value("status", 0);
      if (status >= 200 && status < 300) continue;
      const nlohmann::json& error = item.contains("error") ? item["error"] : nlohmann::json();
      std::string type = error.is_object() ? error.value("type", "") : "";
      std::string reason = error.is_object() ? error.value("reason", "") : error.dump();
      const record::Record& r = batch[done.records[i]];
      if (status == 409 && (type == "version_conflict_engine_exception" || type.empty())) continue;  // a replay
      if (op == "delete" && status == 404) continue;  // already gone
      if (status == 429) {
        for (std::size_t k = first; k < first + nLines && k < lines.size(); ++k) again.body += lines[k];
        again.records.push_back(done.records[i]);
        continue;
      }
      if (status == 400 && (type == "mapper_parsing_exception" || type == "document_parsing_exception" ||
                            type == "illegal_argument_exception" || type == "strict_dynamic_mapping_exception" ||
                            type == "parse_exception")) {
        errors.report(r, makeError(ErrorCode::Invalid, "Elasticsearch refused the document: " + type + ": " + reason,
                                   "_id " + item.value("_id", std::string("?"))));
        if (errors.failed()) return makeError(ErrorCode::Invalid, "error policy fail");
        continue;
      }
      return makeError(ErrorCode::Unavailable,
                       "Elasticsearch failed an item: " + std::to_string(status) + " " + type + ": " + reason,
                       m_o.url + "/_bulk");
    }
    if (!again.records.empty()) {
      if (again.attempts > m_o.retries)
        return makeError(ErrorCode::Unavailable, "Elasticsearch kept answering 429 for items (after " +
                                                     std::to_string(m_o.retries) + " retries)");
      again.notBefore = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(std::min<std::int64_t>(m_o.backoffMs << std::min(again.attempts - 1, 6), 10000));
      waiting.push_back(std::move(again));
    }
    return {};
  }

  EsOptions m_o;
  CURLM* m_multi = nullptr;
  std::string m_version;
};

}  // namespace

void registerElasticsearchSink(runtime::FactoryRegistry& registry) {
  using model::FieldType;
  runtime::NodeFactory f;
  model::NodeSpec& s = f.spec;
  s.type = "sink.elasticsearch";
  s.category = model::NodeCategory::Sink;
  s.title = "Elasticsearch";
  s.icon = "file";
  s.help =
      "Indexes records into Elasticsearch or OpenSearch with the Bulk API. With document ids the source offset is "
      "the external version, so a replay changes nothing. Deletes on tombstones and Debezium op=d.";
  s.inputs = {{"in",
               model::PortKind::Records,
               {model::PortKind::Records, model::PortKind::Changes, model::PortKind::Any},
               true}};
  auto add = [&](std::string name, FieldType type, std::string help, nlohmann::json def = nullptr,
                 bool required = false, bool advanced = false) -> model::FieldSpec& {
    model::FieldSpec field;
    field.name = std::move(name);
    field.type = type;
    field.help = std::move(help);
    field.defaultValue = std::move(def);
    field.required = required;
    field.advanced = advanced;
    s.fields.push_back(std::move(field));
    return s.fields.back();
  };
  add("url", FieldType::String, "Base URL, e.g. http://127.0.0.1:9200 or https://es.example.com:9200.", nullptr, true);
  add("index", FieldType::String, "The index (or data stream) name; lower case.", "");
  add("index_expression", FieldType::Expression,
      "Instead of index: an expression giving the name per record, e.g. 'orders-' || lower(country).", "");
  add("mode", FieldType::Enum, "index (replace), create (only new ids), update (merge with doc_as_upsert).", "index")
      .allowed = {"index", "create", "update"};
  add("id", FieldType::Enum, "Document _id: the record key, id_expression, topic+partition+offset, or none (generated).",
      "key")
      .allowed = {"key", "expression", "position", "none"};
  add("id_expression", FieldType::Expression, "With id expression: the _id per record.", "");
  add("topic", FieldType::String, "With id position: the topic name in the _id.", "");
  add("external_version", FieldType::Bool,
      "With ids: version_type=external with the source offset as version (replays are ignored).", true);
  add("data_stream", FieldType::Bool, "The index is a data stream: actions are create, @timestamp is added.", false);
  add("deletes", FieldType::Bool, "Delete the document on a tombstone or a Debezium op=d.", true);
  add("max_actions", FieldType::Int, "Actions per bulk request.", 1000).min = 1;
  add("max_bytes", FieldType::Size, "Bytes per bulk request.", "5MiB").min = 1024;
  add("concurrency", FieldType::Int, "Bulk requests in flight at once.", 2).min = 1;
  add("retries", FieldType::Int, "Retries of a bulk request on connection errors, 429 and 5xx.", 5).min = 0;
  add("username", FieldType::String, "Basic authentication user.", "");
  add("password", FieldType::Secret, "Basic authentication password (a secret reference).", "");
  add("api_key", FieldType::Secret, "An API key (the base64 id:key), sent as Authorization: ApiKey.", "");
  add("tls_verify", FieldType::Bool, "Check the server's TLS certificate.", true, false, true);
  add("ca_file", FieldType::String, "A CA bundle for the server's certificate.", "", false, true);
  f.sink = [](const runtime::NodeContext& ctx) -> Result<std::unique_ptr<runtime::Sink>> {
    const auto& c = ctx.config;
    auto str = [&](const char* name) {
      auto it = c.find(name);
      return it != c.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    EsOptions o;
    o.url = str("url");
    if (o.url.rfind("http://", 0) != 0 && o.url.rfind("https://", 0) != 0)
      return makeError(ErrorCode::Invalid, "url must start with http:// or https://", "config.url");
    o.index = str("index");
    if (!str("index_expression").empty()) {
      auto e = expr::Expression::compile(str("index_expression"));
      if (!e) return makeError(ErrorCode::Invalid, e.error().message, "config.index_expression");
      o.indexExpression = std::move(*e);
    } else if (auto why = invalidIndexName(o.index)) {
      return makeError(ErrorCode::Invalid, *why + ": \"" + o.index + "\"", "config.index");
    }
    std::string mode = str("mode");
    o.mode = mode == "create" ? Mode::Create : mode == "update" ? Mode::Update : Mode::Index;
    std::string id = str("id").empty() ? "key" : str("id");
    o.id = id == "none" ? IdFrom::None : id == "expression" ? IdFrom::Expression : id == "position" ? IdFrom::Position : IdFrom::Key;
    if (o.id == IdFrom::Expression) {
      auto e = expr::Expression::compile(str("id_expression"));
      if (!e) return makeError(ErrorCode::Invalid, e.error().message, "config.id_expression");
      o.idExpression = std::move(*e);
    }
    o.topic = str("topic");
    if (o.id == IdFrom::Position && o.topic.empty())
      return makeError(ErrorCode::Invalid, "id position needs topic", "config.topic");
    if (o.mode == Mode::Update && o.id == IdFrom::None)
      return makeError(ErrorCode::Invalid, "mode update needs document ids (id key, expression or position)",
                       "config.id");
    o.externalVersion = c.value("external_version", true);
    o.dataStream = c.value("data_stream", false);
    if (o.dataStream && o.mode == Mode::Update)
      return makeError(ErrorCode::Invalid, "a data stream takes only create actions, not update", "config.mode");
    o.deletes = c.value("deletes", true);
    o.maxActions = c.value("max_actions", 1000);
    if (auto it = c.find("max_bytes"); it != c.end())
      o.maxBytes = static_cast<std::size_t>(base::parseSizeBytes(*it).value_or(5 * 1024 * 1024));
    o.concurrency = std::max(1, c.value("concurrency", 2));
    o.retries = c.value("retries", 5);
    o.backoffMs = c.value("retry_backoff_ms", 200);
    o.username = str("username");
    o.password = str("password");
    o.apiKey = str("api_key");
    o.tlsVerify = c.value("tls_verify", true);
    o.caFile = str("ca_file").empty() ? "" : ctx.resolvePath(str("ca_file")).string();
    return std::unique_ptr<runtime::Sink>(std::make_unique<ElasticsearchSink>(std::move(o)));
  };
  registry.add(std::move(f));
}

}  // namespace tributary::connectors
