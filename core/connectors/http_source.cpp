// source.http: polls an HTTP API (a REST endpoint such as a weather service)
// with libcurl and turns each response into records.
//
// One poll cycle sends the request, follows pagination (next URL, cursor
// token or page number) up to page_limit pages, then waits `interval`. The
// URL, headers and body are templates: ${cursor.NAME} is a field of the saved
// cursor, ${page.token} / ${page.number} the pagination state, ${now},
// ${now_ms}, ${now_s} the time. The cursor starts as cursor_initial; a
// record's offset field (offset_pointer) sets cursor.offset, and
// cursor_fields take values from each response. The cursor that follows a
// record is checkpointed only once that record and every one before it is
// acknowledged by the sinks, so a restart asks again from there: nothing is
// missing, records after the checkpoint may come twice.
//
// Status codes fall into groups: success (records are read), back-off (the
// same request is sent again after Retry-After or an exponential back-off),
// drop (the response is ignored); any other status fails the source with the
// status and the start of the body.
//
// Threads: curl's multi interface is driven from poll() (never blocking more
// than ~80 ms), on the task's thread. checkpointState runs on the supervisor
// thread and reads only m_mutex-guarded state.
#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "core/base/clock.h"
#include "core/base/units.h"
#include "core/connectors/curl_common.h"
#include "core/connectors/registration.h"
#include "core/record/json.h"

namespace tributary::connectors {
namespace {

using model::FieldSpec;
using model::FieldType;
using record::Value;

std::string isoNow() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// One group of status codes: "429", "5xx", "400-404".
struct StatusRange {
  int lo, hi;
};

Result<std::vector<StatusRange>> parseStatusGroup(const nlohmann::json& v, const std::string& field) {
  std::vector<StatusRange> out;
  if (!v.is_array()) return out;
  for (const auto& item : v) {
    std::string s = item.is_number_integer() ? std::to_string(item.get<int>()) : item.is_string() ? item.get<std::string>() : "";
    auto bad = [&] {
      return makeError(ErrorCode::Invalid, "\"" + s + "\" is not a status code, a class like 5xx, or a range like 400-404",
                       "config." + field);
    };
    if (s.size() == 3 && (s[1] == 'x' || s[1] == 'X') && (s[2] == 'x' || s[2] == 'X') && s[0] >= '1' && s[0] <= '5') {
      int c = (s[0] - '0') * 100;
      out.push_back({c, c + 99});
      continue;
    }
    auto dash = s.find('-');
    try {
      std::size_t used = 0;
      if (dash == std::string::npos) {
        int c = std::stoi(s, &used);
        if (used != s.size() || c < 100 || c > 599) return bad();
        out.push_back({c, c});
      } else {
        int lo = std::stoi(s.substr(0, dash)), hi = std::stoi(s.substr(dash + 1));
        if (lo < 100 || hi > 599 || lo > hi) return bad();
        out.push_back({lo, hi});
      }
    } catch (const std::exception&) {
      return bad();
    }
  }
  return out;
}

bool inGroup(const std::vector<StatusRange>& group, long status) {
  return std::any_of(group.begin(), group.end(), [&](const StatusRange& r) { return status >= r.lo && status <= r.hi; });
}

enum class Pagination { None, NextUrl, Token, Page };

struct HttpOptions {
  std::string url, method = "GET", body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::int64_t intervalMs = 60000, connectTimeoutMs = 10000, timeoutMs = 30000;
  std::string caFile, certFile, keyFile;
  bool insecure = false;
  std::string recordsPointer, keyPointer, offsetPointer;
  nlohmann::json cursorInitial = nlohmann::json::object();
  std::vector<std::pair<std::string, std::string>> cursorFields;  // name -> pointer into the response
  Pagination pagination = Pagination::None;
  std::string nextPointer;
  int pageStart = 1;
  int pageLimit = 100;
  std::vector<StatusRange> successStatuses, backoffStatuses, dropStatuses;
  std::int64_t backoffMs = 1000, backoffMaxMs = 300000;
  std::uint64_t maxResponseBytes = 64ull << 20;
};

// ${...} references in a template, checked when the node is created.
Status checkTemplate(const std::string& text, const std::string& field) {
  std::size_t i = 0;
  while ((i = text.find("${", i)) != std::string::npos) {
    auto close = text.find('}', i);
    if (close == std::string::npos)
      return makeError(ErrorCode::Invalid, "unclosed ${ in \"" + text + "\"", "config." + field);
    std::string name = text.substr(i + 2, close - i - 2);
    bool ok = (name.rfind("cursor.", 0) == 0 && name.size() > 7) || name == "page.token" || name == "page.number" ||
              name == "now" || name == "now_ms" || name == "now_s";
    if (!ok)
      return makeError(ErrorCode::Invalid,
                       "unknown template variable ${" + name +
                           "}; use ${cursor.NAME}, ${page.token}, ${page.number}, ${now}, ${now_ms} or ${now_s}",
                       "config." + field);
    i = close + 1;
  }
  return {};
}

std::string jsonText(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();
}

class HttpSource final : public runtime::Source {
 public:
  HttpSource(HttpOptions options, std::string nodeId) : m_options(std::move(options)), m_where("node " + nodeId) {}
  ~HttpSource() override { close(); }

  Status open(const nlohmann::json& checkpoint, runtime::ErrorReporter&) override {
    curlGlobalInitOnce();
    m_cursor = m_options.cursorInitial;
    std::lock_guard lock(m_mutex);
    if (checkpoint.is_object()) {
      if (auto it = checkpoint.find("cursor"); it != checkpoint.end() && it->is_object())
        for (auto& [k, v] : it->items()) m_cursor[k] = v;
      m_next = checkpoint.value("next", std::int64_t{0});
      spdlog::info("source.http {}: resuming with cursor {}", m_where, m_cursor.dump());
    }
    m_committedCursor = m_cursor;
    m_restoredNext = m_next;
    m_multi = curl_multi_init();
    m_easy = curl_easy_init();
    if (!m_multi || !m_easy) return makeError(ErrorCode::Internal, "curl initialisation failed");
    m_nextRequestMs = 0;
    return {};
  }

  runtime::PollResult poll(record::Batch& out, std::size_t maxRecords, runtime::ErrorReporter& errors) override {
    runtime::PollResult result;
    if (m_queue.empty() && !m_inFlight && !m_fatal && base::steadyMs() >= m_nextRequestMs) startRequest();
    if (m_inFlight && !m_fatal) drive(errors);
    if (m_fatal) {
      result.error = *m_fatal;
      return result;
    }
    result.bytes = m_bytes;
    m_bytes = 0;
    if (!m_queue.empty()) {
      std::shared_ptr<const nlohmann::json> cursorAfter;
      while (!m_queue.empty() && out.size() < maxRecords) {
        cursorAfter = m_queue.front().cursorAfter;
        out.push_back(std::move(m_queue.front().record));
        m_queue.pop_front();
      }
      std::lock_guard lock(m_mutex);
      m_cursorAt[m_next] = *cursorAfter;
      result.resume.push_back({0, m_next});
      return result;
    }
    if (m_cursorChangedEmpty) {
      // A page without records moved the cursor (cursor_fields): checkpoint it
      // behind everything emitted so far.
      m_cursorChangedEmpty = false;
      std::lock_guard lock(m_mutex);
      m_cursorAt[m_next] = m_cursor;
      result.resume.push_back({0, m_next});
    }
    if (!m_inFlight) result.waitMs = std::clamp<std::int64_t>(m_nextRequestMs - base::steadyMs(), 1, 100);
    return result;
  }

  nlohmann::json checkpointState(const runtime::PositionMap& committed) const override {
    std::lock_guard lock(m_mutex);
    auto it = committed.find(0);
    if (it != committed.end()) {
      // The cursor after the last acknowledged record; older entries are no longer needed.
      auto at = m_cursorAt.upper_bound(it->second);
      if (at != m_cursorAt.begin()) {
        --at;
        m_committedCursor = at->second;
        m_restoredNext = at->first;
        m_cursorAt.erase(m_cursorAt.begin(), at);
      }
    }
    return {{"cursor", m_committedCursor}, {"next", m_restoredNext}};
  }

  void close() override {
    if (m_multi && m_easy && m_inFlight) curl_multi_remove_handle(m_multi, m_easy);
    m_inFlight = false;
    if (m_headerList) curl_slist_free_all(m_headerList);
    m_headerList = nullptr;
    if (m_easy) curl_easy_cleanup(m_easy);
    if (m_multi) curl_multi_cleanup(m_multi);
    m_easy = nullptr;
    m_multi = nullptr;
  }

 private:
  struct Queued {
    record::Record record;
    std::shared_ptr<const nlohmann::json> cursorAfter;
  };

  // Fills a template; `escape` percent-encodes the values (for the URL).
  Result<std::string> fill(const std::string& text, bool escape) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
      auto at = text.find("${", i);
      if (at == std::string::npos) {
        out.append(text, i);
        break;
      }
      out.append(text, i, at - i);
      auto close = text.find('}', at);
      std::string name = text.substr(at + 2, close - at - 2);
      std::string value;
      if (name.rfind("cursor.", 0) == 0) {
        auto it = m_cursor.find(name.substr(7));
        if (it == m_cursor.end())
          return makeError(ErrorCode::Invalid,
                           "the template uses ${" + name + "} but the cursor has no field \"" + name.substr(7) +
                               "\"; give it a start value in cursor_initial",
                           m_where);
        value = jsonText(*it);
      } else if (name == "page.token") {
        value = m_pageToken;
      } else if (name == "page.number") {
        value = std::to_string(m_pageNumber);
      } else if (name == "now") {
        value = isoNow();
      } else if (name == "now_ms") {
        value = std::to_string(base::wallMs());
      } else if (name == "now_s") {
        value = std::to_string(base::wallMs() / 1000);
      }
      if (escape) {
        char* e = curl_easy_escape(m_easy, value.data(), static_cast<int>(value.size()));
        out += e ? e : "";
        curl_free(e);
      } else {
        out += value;
      }
      i = close + 1;
    }
    return out;
  }

  void startRequest() {
    if (m_pagesThisCycle == 0) {
      m_cycleStartMs = base::steadyMs();
      m_pageToken.clear();
      m_pageNumber = m_options.pageStart;
      m_nextUrl.clear();
    }
    std::string url;
    if (!m_nextUrl.empty()) {
      url = m_nextUrl;
    } else {
      auto filled = fill(m_options.url, true);
      if (!filled) {
        m_fatal = filled.error();
        return;
      }
      url = std::move(*filled);
    }
    auto body = fill(m_options.body, false);
    if (!body) {
      m_fatal = body.error();
      return;
    }
    m_requestBody = std::move(*body);
    if (m_headerList) curl_slist_free_all(m_headerList);
    m_headerList = nullptr;
    for (const auto& [name, value] : m_options.headers) {
      auto filled = fill(value, false);
      if (!filled) {
        m_fatal = filled.error();
        return;
      }
      m_headerList = curl_slist_append(m_headerList, (name + ": " + *filled).c_str());
    }
    m_requestUrl = url;
    m_response.clear();
    m_retryAfter.clear();
    m_tooLarge = false;
    curl_easy_reset(m_easy);
    curl_easy_setopt(m_easy, CURLOPT_URL, m_requestUrl.c_str());
    curl_easy_setopt(m_easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(m_easy, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(m_easy, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(m_easy, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(m_easy, CURLOPT_USERAGENT, "tributary/1 (source.http)");
    curl_easy_setopt(m_easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(m_options.connectTimeoutMs));
    curl_easy_setopt(m_easy, CURLOPT_TIMEOUT_MS, static_cast<long>(m_options.timeoutMs));
    curl_easy_setopt(m_easy, CURLOPT_HTTPHEADER, m_headerList);
    curl_easy_setopt(m_easy, CURLOPT_WRITEFUNCTION, &HttpSource::onBody);
    curl_easy_setopt(m_easy, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(m_easy, CURLOPT_HEADERFUNCTION, &HttpSource::onHeader);
    curl_easy_setopt(m_easy, CURLOPT_HEADERDATA, this);
    if (m_options.method != "GET") curl_easy_setopt(m_easy, CURLOPT_CUSTOMREQUEST, m_options.method.c_str());
    if (!m_requestBody.empty() || m_options.method == "POST") {
      curl_easy_setopt(m_easy, CURLOPT_POSTFIELDS, m_requestBody.c_str());
      curl_easy_setopt(m_easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(m_requestBody.size()));
    }
    if (!m_options.caFile.empty()) curl_easy_setopt(m_easy, CURLOPT_CAINFO, m_options.caFile.c_str());
    if (!m_options.certFile.empty()) curl_easy_setopt(m_easy, CURLOPT_SSLCERT, m_options.certFile.c_str());
    if (!m_options.keyFile.empty()) curl_easy_setopt(m_easy, CURLOPT_SSLKEY, m_options.keyFile.c_str());
    if (m_options.insecure) {
      curl_easy_setopt(m_easy, CURLOPT_SSL_VERIFYPEER, 0L);
      curl_easy_setopt(m_easy, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    curl_multi_add_handle(m_multi, m_easy);
    m_inFlight = true;
  }

  static size_t onBody(char* data, size_t size, size_t n, void* self) {
    auto* s = static_cast<HttpSource*>(self);
    if (s->m_response.size() + size * n > s->m_options.maxResponseBytes) {
      s->m_tooLarge = true;
      return 0;  // aborts the transfer
    }
    s->m_response.append(data, size * n);
    return size * n;
  }

  static size_t onHeader(char* data, size_t size, size_t n, void* self) {
    auto* s = static_cast<HttpSource*>(self);
    std::string_view line(data, size * n);
    constexpr std::string_view kName = "retry-after:";
    if (line.size() > kName.size()) {
      std::string head(line.substr(0, kName.size()));
      std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
      if (head == kName) {
        std::string v(line.substr(kName.size()));
        v.erase(0, v.find_first_not_of(" \t"));
        v.erase(v.find_last_not_of(" \t\r\n") + 1);
        s->m_retryAfter = v;
      }
    }
    return size * n;
  }

  void drive(runtime::ErrorReporter& errors) {
    int running = 0;
    curl_multi_perform(m_multi, &running);
    if (running) {
      curl_multi_poll(m_multi, nullptr, 0, 80, nullptr);
      curl_multi_perform(m_multi, &running);
    }
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(m_multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURLcode code = msg->data.result;
      curl_multi_remove_handle(m_multi, m_easy);
      m_inFlight = false;
      finished(code, errors);
    }
  }

  // How long to wait before sending the same request again.
  std::int64_t backoffDelay() {
    if (!m_retryAfter.empty()) {
      char* end = nullptr;
      long secs = std::strtol(m_retryAfter.c_str(), &end, 10);
      if (end && *end == '\0' && secs >= 0) return std::min<std::int64_t>(secs * 1000, 3600000);
      std::time_t when = curl_getdate(m_retryAfter.c_str(), nullptr);
      if (when > 0) return std::clamp<std::int64_t>((when - std::time(nullptr)) * 1000, 0, 3600000);
    }
    std::int64_t delay = m_options.backoffMs;
    for (int i = 1; i < m_failures && delay < m_options.backoffMaxMs; ++i) delay *= 2;
    return std::min(delay, m_options.backoffMaxMs);
  }

  void retryLater(const std::string& why) {
    ++m_failures;
    std::int64_t delay = backoffDelay();
    spdlog::warn("source.http {}: {} {}: {} — trying again in {} ms{}", m_where, m_options.method, m_requestUrl, why,
                 delay, m_retryAfter.empty() ? "" : " (Retry-After: " + m_retryAfter + ")");
    m_nextRequestMs = base::steadyMs() + delay;
  }

  void endCycle() {
    m_pagesThisCycle = 0;
    m_nextUrl.clear();
    m_nextRequestMs = m_cycleStartMs + m_options.intervalMs;
  }

  void finished(CURLcode code, runtime::ErrorReporter& errors) {
    if (code != CURLE_OK) {
      if (m_tooLarge) {
        m_fatal = makeError(ErrorCode::Invalid,
                            "the response of " + m_requestUrl + " is larger than max_response_size (" +
                                std::to_string(m_options.maxResponseBytes) + " bytes)",
                            m_where);
        return;
      }
      // A certificate that does not verify or a bad URL will not fix itself.
      if (code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_CACERT_BADFILE ||
          code == CURLE_SSL_CERTPROBLEM || code == CURLE_SSL_ISSUER_ERROR || code == CURLE_URL_MALFORMAT ||
          code == CURLE_UNSUPPORTED_PROTOCOL) {
        m_fatal = makeError(ErrorCode::Invalid,
                            m_options.method + " " + m_requestUrl + ": " + curl_easy_strerror(code) +
                                (code == CURLE_PEER_FAILED_VERIFICATION
                                     ? " (is tls_ca the CA that signed the server's certificate?)"
                                     : ""),
                            m_where);
        return;
      }
      // Connection refused, time-outs, resets: the server may come back.
      retryLater(curl_easy_strerror(code));
      return;
    }
    long status = 0;
    curl_easy_getinfo(m_easy, CURLINFO_RESPONSE_CODE, &status);
    m_bytes += m_response.size();
    if (inGroup(m_options.backoffStatuses, status)) {
      retryLater("HTTP " + std::to_string(status));
      return;
    }
    m_failures = 0;
    if (inGroup(m_options.dropStatuses, status)) {
      spdlog::warn("source.http {}: HTTP {} from {}: response dropped", m_where, status, m_requestUrl);
      endCycle();
      return;
    }
    if (!inGroup(m_options.successStatuses, status)) {
      std::string start = m_response.substr(0, 300);
      m_fatal = makeError(ErrorCode::Invalid,
                          "HTTP " + std::to_string(status) + " from " + m_options.method + " " + m_requestUrl + ": " +
                              (start.empty() ? "(empty body)" : start) + (m_response.size() > 300 ? "…" : ""),
                          m_where);
      return;
    }
    ++m_pagesThisCycle;
    std::size_t records = readResponse(status, errors);
    // The next page, if any.
    bool more = false;
    if (m_pendingNext && m_pagesThisCycle < m_options.pageLimit) {
      switch (m_options.pagination) {
        case Pagination::None:
          break;
        case Pagination::NextUrl:
          m_nextUrl = *m_pendingNext;
          more = true;
          break;
        case Pagination::Token:
          m_pageToken = *m_pendingNext;
          more = true;
          break;
        case Pagination::Page:
          break;
      }
    }
    if (m_options.pagination == Pagination::Page && records > 0 && m_pagesThisCycle < m_options.pageLimit) {
      ++m_pageNumber;
      more = true;
    }
    m_pendingNext.reset();
    if (more)
      m_nextRequestMs = 0;
    else
      endCycle();
  }

  // Turns a success response into queued records; returns how many.
  std::size_t readResponse(long status, runtime::ErrorReporter& errors) {
    std::string where = m_options.method + " " + m_requestUrl;
    nlohmann::json doc = nlohmann::json::parse(m_response, nullptr, false);
    if (doc.is_discarded()) {
      std::int64_t seq = m_next;
      errors.reportRaw(m_response.substr(0, 1 << 20),
                       makeError(ErrorCode::Invalid, "HTTP " + std::to_string(status) + " response is not JSON", where),
                       {0, seq});
      if (errors.failed()) m_fatal = makeError(ErrorCode::Invalid, "response is not JSON", where);
      return 0;
    }
    // Pagination and cursor fields come from the response as a whole.
    if (m_options.pagination == Pagination::NextUrl || m_options.pagination == Pagination::Token) {
      auto v = pointer(doc, m_options.nextPointer);
      if (v && !v->is_null() && !(v->is_string() && v->get<std::string>().empty())) m_pendingNext = jsonText(*v);
    }
    bool cursorChanged = false;
    for (const auto& [name, ptr] : m_options.cursorFields)
      if (auto v = pointer(doc, ptr); v && !v->is_null() && m_cursor[name] != *v) {
        m_cursor[name] = *v;
        cursorChanged = true;
      }
    const nlohmann::json* list = &doc;
    std::optional<nlohmann::json> found;
    if (!m_options.recordsPointer.empty()) {
      found = pointer(doc, m_options.recordsPointer);
      if (!found) {
        errors.reportRaw(m_response.substr(0, 1 << 20),
                         makeError(ErrorCode::Invalid,
                                   "the response has nothing at records_pointer \"" + m_options.recordsPointer + "\"",
                                   where),
                         {0, m_next});
        if (errors.failed()) m_fatal = makeError(ErrorCode::Invalid, "records_pointer not found", where);
        return 0;
      }
      list = &*found;
    }
    std::vector<const nlohmann::json*> items;
    if (!m_options.recordsPointer.empty() && list->is_array())
      for (const auto& item : *list) items.push_back(&item);
    else if (!list->is_null())
      items.push_back(list);
    std::int64_t now = base::wallMs();
    for (std::size_t i = 0; i < items.size(); ++i) {
      const nlohmann::json& item = *items[i];
      record::Record r;
      r.value = record::fromNlohmann(item);
      r.timestampMs = now;
      r.position = {0, m_next++};
      r.headers.push_back({"http.url", m_requestUrl});
      r.headers.push_back({"http.status", std::to_string(status)});
      if (!m_options.keyPointer.empty())
        if (auto k = pointer(item, m_options.keyPointer); k && !k->is_null()) r.key = record::fromNlohmann(*k);
      if (!m_options.offsetPointer.empty()) {
        auto o = pointer(item, m_options.offsetPointer);
        if (!o || o->is_null()) {
          errors.report(r, makeError(ErrorCode::Invalid,
                                     "record " + std::to_string(i) + " has no offset at \"" + m_options.offsetPointer +
                                         "\"",
                                     where));
          if (errors.failed()) {
            m_fatal = makeError(ErrorCode::Invalid, "a record has no offset field", where);
            return i;
          }
          continue;
        }
        m_cursor["offset"] = *o;
        cursorChanged = true;
      }
      m_queue.push_back({std::move(r), nullptr});
      m_queue.back().cursorAfter = std::make_shared<const nlohmann::json>(m_cursor);
    }
    if (items.empty() && cursorChanged) m_cursorChangedEmpty = true;
    return items.size();
  }

  static std::optional<nlohmann::json> pointer(const nlohmann::json& doc, const std::string& ptr) {
    if (ptr.empty()) return doc;
    try {
      nlohmann::json::json_pointer p(ptr);
      if (!doc.contains(p)) return std::nullopt;
      return doc.at(p);
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }

  HttpOptions m_options;
  std::string m_where;
  CURLM* m_multi = nullptr;
  CURL* m_easy = nullptr;
  curl_slist* m_headerList = nullptr;
  bool m_inFlight = false;
  std::optional<Error> m_fatal;

  std::string m_requestUrl, m_requestBody, m_response, m_retryAfter;
  bool m_tooLarge = false;
  std::uint64_t m_bytes = 0;
  int m_failures = 0;
  std::int64_t m_nextRequestMs = 0, m_cycleStartMs = 0;
  int m_pagesThisCycle = 0;
  std::string m_pageToken, m_nextUrl;
  int m_pageNumber = 1;
  std::optional<std::string> m_pendingNext;
  bool m_cursorChangedEmpty = false;

  nlohmann::json m_cursor;  // the newest cursor (used for requests)
  std::deque<Queued> m_queue;

  mutable std::mutex m_mutex;  // below
  std::int64_t m_next = 0;     // position of the next record
  mutable std::map<std::int64_t, nlohmann::json> m_cursorAt;  // position -> the cursor once everything before is acked
  mutable nlohmann::json m_committedCursor;
  mutable std::int64_t m_restoredNext = 0;
};

std::vector<std::pair<std::string, std::string>> stringMap(const nlohmann::json& v) {
  std::vector<std::pair<std::string, std::string>> out;
  if (v.is_object())
    for (auto& [k, val] : v.items()) out.emplace_back(k, jsonText(val));
  return out;
}

Result<HttpOptions> readHttpOptions(const runtime::NodeContext& ctx) {
  const auto& c = ctx.config;
  HttpOptions o;
  o.url = c.value("url", std::string());
  if (o.url.rfind("http://", 0) != 0 && o.url.rfind("https://", 0) != 0)
    return makeError(ErrorCode::Invalid, "\"url\" must start with http:// or https://", "config.url");
  o.method = c.value("method", std::string("GET"));
  o.body = c.value("body", std::string());
  o.headers = stringMap(c.value("headers", nlohmann::json::object()));
  if (Status s = checkTemplate(o.url, "url"); !s) return s.error();
  if (Status s = checkTemplate(o.body, "body"); !s) return s.error();
  for (const auto& [name, value] : o.headers)
    if (Status s = checkTemplate(value, "headers." + name); !s) return s.error();
  auto duration = [&](const char* name, const char* def) {
    return base::parseDurationMs(c.value(name, nlohmann::json(def))).value_or(0);
  };
  o.intervalMs = std::max<std::int64_t>(0, duration("interval", "60s"));
  o.connectTimeoutMs = std::max<std::int64_t>(100, duration("connect_timeout", "10s"));
  o.timeoutMs = std::max<std::int64_t>(100, duration("timeout", "30s"));
  o.backoffMs = std::max<std::int64_t>(10, duration("backoff", "1s"));
  o.backoffMaxMs = std::max<std::int64_t>(o.backoffMs, duration("backoff_max", "5m"));
  auto path = [&](const char* name) {
    std::string p = c.value(name, std::string());
    return p.empty() ? p : ctx.resolvePath(p).string();
  };
  o.caFile = path("tls_ca");
  o.certFile = path("tls_cert");
  o.keyFile = path("tls_key");
  o.insecure = c.value("tls_insecure", false);
  auto ptr = [&](const char* name, std::string& out) -> Status {
    out = c.value(name, std::string());
    if (!out.empty() && out.front() != '/')
      return makeError(ErrorCode::Invalid, "a JSON pointer starts with / (e.g. /data/items)", std::string("config.") + name);
    return {};
  };
  if (Status s = ptr("records_pointer", o.recordsPointer); !s) return s.error();
  if (Status s = ptr("key_pointer", o.keyPointer); !s) return s.error();
  if (Status s = ptr("offset_pointer", o.offsetPointer); !s) return s.error();
  if (Status s = ptr("next_pointer", o.nextPointer); !s) return s.error();
  if (auto it = c.find("cursor_initial"); it != c.end() && it->is_object()) o.cursorInitial = *it;
  o.cursorFields = stringMap(c.value("cursor_fields", nlohmann::json::object()));
  for (const auto& [name, p] : o.cursorFields)
    if (p.empty() || p.front() != '/')
      return makeError(ErrorCode::Invalid, "cursor field \"" + name + "\" needs a JSON pointer starting with /",
                       "config.cursor_fields");
  std::string pagination = c.value("pagination", std::string("none"));
  o.pagination = pagination == "next_url" ? Pagination::NextUrl
                 : pagination == "token"  ? Pagination::Token
                 : pagination == "page"   ? Pagination::Page
                                          : Pagination::None;
  if ((o.pagination == Pagination::NextUrl || o.pagination == Pagination::Token) && o.nextPointer.empty())
    return makeError(ErrorCode::Invalid, "pagination " + pagination + " needs next_pointer", "config.next_pointer");
  if (o.pagination == Pagination::Token && o.url.find("${page.token}") == std::string::npos &&
      o.body.find("${page.token}") == std::string::npos)
    return makeError(ErrorCode::Invalid, "pagination token needs ${page.token} in the url or the body", "config.url");
  if (o.pagination == Pagination::Page && o.url.find("${page.number}") == std::string::npos &&
      o.body.find("${page.number}") == std::string::npos)
    return makeError(ErrorCode::Invalid, "pagination page needs ${page.number} in the url or the body", "config.url");
  o.pageStart = c.value("page_start", 1);
  o.pageLimit = std::max(1, c.value("page_limit", 100));
  auto group = [&](const char* name, std::vector<StatusRange>& out) -> Status {
    auto g = parseStatusGroup(c.value(name, nlohmann::json::array()), name);
    if (!g) return g.error();
    out = std::move(*g);
    return {};
  };
  if (Status s = group("success_statuses", o.successStatuses); !s) return s.error();
  if (Status s = group("backoff_statuses", o.backoffStatuses); !s) return s.error();
  if (Status s = group("drop_statuses", o.dropStatuses); !s) return s.error();
  if (auto size = base::parseSizeBytes(c.value("max_response_size", nlohmann::json("64MiB"))))
    o.maxResponseBytes = static_cast<std::uint64_t>(std::max<long long>(1024, *size));
  return o;
}

}  // namespace

void registerHttpSource(runtime::FactoryRegistry& registry) {
  runtime::NodeFactory f;
  model::NodeSpec& s = f.spec;
  s.type = "source.http";
  s.category = model::NodeCategory::Source;
  s.title = "HTTP polling";
  s.icon = "http";
  s.help =
      "Polls an HTTP API every interval and emits the records of each JSON response (the list at records_pointer, "
      "or the whole body as one record), following pagination by next URL, cursor token or page number. The URL, "
      "headers and body are templates: ${cursor.NAME} (the saved cursor), ${page.token}, ${page.number}, ${now}, "
      "${now_ms}, ${now_s}. A record's offset field (offset_pointer) becomes ${cursor.offset}; cursor_fields copy "
      "values of each response into the cursor. The cursor is checkpointed only after the sinks acknowledged "
      "every record before it, so a restart asks again from there: nothing is missed, some records may come "
      "twice. Back-off statuses (429 and 5xx by default, and network errors) are retried after Retry-After or an "
      "exponential back-off; drop statuses are ignored; any other non-success status stops the pipeline with the "
      "status and the start of the body.";
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
  add("url", FieldType::String,
      "The URL to poll, a template, e.g. https://api.example/v1/items?since=${cursor.offset}.")
      .required = true;
  auto& method = add("method", FieldType::Enum, "HTTP method.", "GET");
  method.allowed = {"GET", "POST", "PUT", "PATCH", "DELETE"};
  add("headers", FieldType::Map,
      "Request headers (templates); values may be secrets, e.g. Authorization: Bearer ${env:API_TOKEN}.",
      nlohmann::json::object());
  add("body", FieldType::String, "Request body (a template), e.g. a JSON query.");
  auto& interval = add("interval", FieldType::Duration, "Time from the start of one poll cycle to the next.", "60s");
  interval.min = 0;
  add("records_pointer", FieldType::String,
      "JSON pointer to the list of records in the response (e.g. /data/items); empty: the whole body is one record.");
  add("key_pointer", FieldType::String, "JSON pointer, inside each record, to its key (e.g. /id).");
  add("offset_pointer", FieldType::String,
      "JSON pointer, inside each record, to an increasing field (an id, a time); it becomes ${cursor.offset}.");
  add("cursor_initial", FieldType::Map, "The cursor's fields before anything was read, e.g. {\"offset\": \"0\"}.",
      nlohmann::json::object());
  add("cursor_fields", FieldType::Map,
      "Cursor fields taken from each response: name -> JSON pointer (e.g. since -> /meta/latest).",
      nlohmann::json::object(), true);
  auto& pagination = add("pagination", FieldType::Enum,
                         "none; next_url (next_pointer gives the next page's URL); token (next_pointer gives a token "
                         "used as ${page.token}); page (${page.number} counts up until a page has no records).",
                         "none");
  pagination.allowed = {"none", "next_url", "token", "page"};
  add("next_pointer", FieldType::String, "JSON pointer to the next URL or token; absent, null or empty: last page.");
  add("page_start", FieldType::Int, "The first ${page.number}.", 1, true);
  auto& pageLimit = add("page_limit", FieldType::Int, "At most this many pages per poll cycle.", 100);
  pageLimit.min = 1;
  add("success_statuses", FieldType::List, "Statuses whose body is read: codes, classes (2xx) or ranges (200-204).",
      nlohmann::json::array({"2xx"}), true);
  add("backoff_statuses", FieldType::List, "Statuses after which the request is sent again after a back-off.",
      nlohmann::json::array({"429", "5xx"}), true);
  add("drop_statuses", FieldType::List, "Statuses whose response is ignored (the poll counts as done).",
      nlohmann::json::array(), true);
  add("backoff", FieldType::Duration, "First back-off when there is no Retry-After; doubles each time.", "1s", true);
  add("backoff_max", FieldType::Duration, "Longest back-off.", "5m", true);
  add("connect_timeout", FieldType::Duration, "Time allowed to connect.", "10s", true);
  add("timeout", FieldType::Duration, "Time allowed for a whole request.", "30s", true);
  add("max_response_size", FieldType::Size, "A larger response stops the source.", "64MiB", true);
  add("tls_ca", FieldType::String, "CA certificate file (PEM) for https; empty: the system's CAs.", nullptr, true);
  add("tls_cert", FieldType::String, "Client certificate file (PEM).", nullptr, true);
  add("tls_key", FieldType::String, "Client private key file (PEM).", nullptr, true);
  add("tls_insecure", FieldType::Bool, "Accept any server certificate (testing only).", false, true);

  f.source = [](const runtime::NodeContext& ctx) -> Result<std::unique_ptr<runtime::Source>> {
    auto options = readHttpOptions(ctx);
    if (!options) return options.error();
    return std::unique_ptr<runtime::Source>(std::make_unique<HttpSource>(std::move(*options), ctx.nodeId));
  };
  registry.add(std::move(f));
}

}  // namespace tributary::connectors
