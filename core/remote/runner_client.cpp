#include "core/remote/runner_client.h"

#include <httplib.h>

namespace tributary::remote {

struct RunnerClient::Impl {
  std::unique_ptr<httplib::Client> http;
};

std::string encodePathSegment(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

bool decodePathSegment(std::string_view text, std::string& out) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  out.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    int hi = i + 1 < text.size() ? hex(text[i + 1]) : -1;
    int lo = i + 2 < text.size() ? hex(text[i + 2]) : -1;
    if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) return false;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return true;
}

Result<std::unique_ptr<RunnerClient>> RunnerClient::create(const std::string& url, ClientOptions options) {
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
    return makeError(ErrorCode::Invalid, "a runner URL starts with http:// or https://", url);
  std::unique_ptr<RunnerClient> self(new RunnerClient());
  self->m_url = url;
  while (!self->m_url.empty() && self->m_url.back() == '/') self->m_url.pop_back();
  self->m_options = std::move(options);
  self->m_impl = std::make_unique<Impl>();
  self->m_impl->http = std::make_unique<httplib::Client>(self->m_url);
  if (!self->m_impl->http->is_valid()) return makeError(ErrorCode::Invalid, "not a usable runner URL", url);
  httplib::Client& http = *self->m_impl->http;
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(self->m_options.timeout).count();
  http.set_connection_timeout(std::min<time_t>(10, std::max<time_t>(1, seconds)), 0);
  http.set_read_timeout(std::max<time_t>(1, seconds), 0);
  http.set_write_timeout(std::max<time_t>(1, seconds), 0);
  if (url.rfind("https://", 0) == 0) {
    if (!self->m_options.caCertFile.empty()) http.set_ca_cert_path(self->m_options.caCertFile.c_str());
    http.enable_server_certificate_verification(self->m_options.verifyTls);
  }
  return self;
}

RunnerClient::~RunnerClient() = default;

Result<HttpReply> RunnerClient::request(const std::string& method, const std::string& path, const std::string& body,
                                        const std::string* tokenOverride) {
  httplib::Headers headers;
  const std::string& token = tokenOverride ? *tokenOverride : m_options.token;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  httplib::Client& http = *m_impl->http;
  if (method != "GET" && method != "POST" && method != "PUT" && method != "DELETE")
    return makeError(ErrorCode::Invalid, "unsupported method " + method);
  httplib::Result res = [&] {
    if (method == "GET") return http.Get(path, headers);
    if (method == "POST") return http.Post(path, headers, body, "application/json");
    if (method == "PUT") return http.Put(path, headers, body, "application/json");
    return http.Delete(path, headers);
  }();
  if (!res)
  {
    std::string why = res.error() == httplib::Error::Connection
                          ? "cannot connect (refused, unreachable or timed out)"
                          : res.error() == httplib::Error::SSLServerVerification
                                ? "the TLS certificate is not trusted (give the runner's CA certificate)"
                                : httplib::to_string(res.error());
    return makeError(ErrorCode::Unavailable, "no answer from the runner: " + why, m_url);
  }
  HttpReply reply;
  reply.status = res->status;
  reply.body = res->body;
  reply.json = nlohmann::json::parse(reply.body, nullptr, false);
  if (reply.json.is_discarded()) reply.json = nullptr;
  return reply;
}

Result<nlohmann::json> RunnerClient::call(const std::string& method, const std::string& path, const std::string& body) {
  auto reply = request(method, path, body);
  if (!reply) return reply.error();
  if (reply->status >= 200 && reply->status < 300) return reply->json;
  std::string message = reply->json.is_object() && reply->json.contains("error") && reply->json["error"].is_string()
                            ? reply->json["error"].get<std::string>()
                            : "HTTP " + std::to_string(reply->status);
  if (reply->json.is_object() && reply->json.contains("problems") && reply->json["problems"].is_array())
    for (const auto& p : reply->json["problems"]) {
      message += "\n  " + p.value("path", std::string());
      if (p.contains("node") && p["node"].is_string() && !p["node"].get<std::string>().empty())
        message += " (node " + p["node"].get<std::string>() + ")";
      message += ": " + p.value("message", std::string());
    }
  ErrorCode code = reply->status == 404   ? ErrorCode::NotFound
                   : reply->status == 400 || reply->status == 401 || reply->status == 409 || reply->status == 413
                       ? ErrorCode::Invalid
                   : reply->status >= 500 ? ErrorCode::Unavailable
                                          : ErrorCode::Invalid;
  return makeError(code, message, m_url + path);
}

Result<nlohmann::json> RunnerClient::health() { return call("GET", "/health"); }
Result<nlohmann::json> RunnerClient::info() { return call("GET", "/api/v1/info"); }
Result<nlohmann::json> RunnerClient::pipelines() { return call("GET", "/api/v1/pipelines"); }
Result<nlohmann::json> RunnerClient::pipeline(const std::string& name) {
  return call("GET", "/api/v1/pipelines/" + encodePathSegment(name));
}
Result<nlohmann::json> RunnerClient::deploy(const std::string& text, bool start, const std::string& restart) {
  std::string path = std::string("/api/v1/pipelines?start=") + (start ? "true" : "false");
  if (!restart.empty()) path += "&restart=" + encodePathSegment(restart);
  return call("POST", path, text);
}
Result<nlohmann::json> RunnerClient::start(const std::string& name) {
  return call("POST", "/api/v1/pipelines/" + encodePathSegment(name) + "/start");
}
Result<nlohmann::json> RunnerClient::stop(const std::string& name) {
  return call("POST", "/api/v1/pipelines/" + encodePathSegment(name) + "/stop");
}
Result<nlohmann::json> RunnerClient::pause(const std::string& name) {
  return call("POST", "/api/v1/pipelines/" + encodePathSegment(name) + "/pause");
}
Result<nlohmann::json> RunnerClient::remove(const std::string& name) {
  return call("DELETE", "/api/v1/pipelines/" + encodePathSegment(name));
}
Result<nlohmann::json> RunnerClient::metrics(const std::string& name, std::int64_t sinceMs) {
  return call("GET", "/api/v1/pipelines/" + encodePathSegment(name) + "/metrics?since=" + std::to_string(sinceMs));
}
Result<nlohmann::json> RunnerClient::logs(std::uint64_t afterSeq, std::size_t limit) {
  return call("GET", "/api/v1/logs?after=" + std::to_string(afterSeq) + "&limit=" + std::to_string(limit));
}
Result<std::string> RunnerClient::prometheus() {
  auto reply = request("GET", "/metrics");
  if (!reply) return reply.error();
  if (reply->status != 200) return makeError(ErrorCode::Invalid, "HTTP " + std::to_string(reply->status), m_url + "/metrics");
  return reply->body;
}

}  // namespace tributary::remote
