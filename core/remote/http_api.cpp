#include "core/remote/http_api.h"

#include <httplib.h>

#include <spdlog/spdlog.h>

#include "core/remote/api_token.h"
#include "core/remote/log_ring.h"
#include "core/remote/runner_client.h"
#include "core/remote/runner_service.h"

namespace tributary::remote {

struct ApiServer::Impl {
  std::unique_ptr<httplib::Server> server;
};

namespace {

constexpr const char* kJson = "application/json";

void send(httplib::Response& res, const Reply& reply) {
  res.status = reply.status;
  res.set_content(reply.body.dump(), kJson);
}

void sendError(httplib::Response& res, int status, const std::string& message) {
  send(res, Reply::error(status, message));
}

std::string reasonFor(int status) {
  switch (status) {
    case 400:
      return "bad request";
    case 401:
      return "a valid bearer token is required (Authorization: Bearer TOKEN)";
    case 404:
      return "no such endpoint";
    case 405:
      return "method not allowed";
    case 413:
      return "the request body is too large";
    case 414:
      return "the request URI is too long";
    default:
      return status >= 500 ? "internal error" : "request refused";
  }
}

constexpr const char* kBadName =
    "the pipeline name in the path is not valid percent-encoding (encode it as one path segment)";

// The decoded segments after /api/v1/pipelines/ of the raw request target.
bool pipelineSegments(const httplib::Request& req, std::vector<std::string>& out) {
  static const std::string kPrefix = "/api/v1/pipelines/";
  std::string raw = req.target.substr(0, req.target.find('?'));
  if (raw.compare(0, kPrefix.size(), kPrefix) != 0) return false;
  raw = raw.substr(kPrefix.size());
  out.clear();
  for (std::size_t start = 0;;) {
    std::size_t slash = raw.find('/', start);
    std::string segment;
    if (!decodePathSegment(raw.substr(start, slash == std::string::npos ? std::string::npos : slash - start), segment))
      return false;
    out.push_back(std::move(segment));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return !out.empty() && !out[0].empty();
}

bool parseInt(const std::string& text, std::int64_t& out) {
  try {
    std::size_t used = 0;
    out = std::stoll(text, &used);
    return used == text.size();
  } catch (...) {
    return false;
  }
}

}  // namespace

Result<std::unique_ptr<ApiServer>> ApiServer::start(RunnerService& service, std::shared_ptr<LogRing> logs,
                                                    ApiOptions options) {
  if (options.token.empty()) return makeError(ErrorCode::Invalid, "the API needs a token");
  std::unique_ptr<ApiServer> self(new ApiServer());
  self->m_impl = std::make_unique<Impl>();
  self->m_tls = !options.certFile.empty() || !options.keyFile.empty();
  if (self->m_tls) {
    if (options.certFile.empty() || options.keyFile.empty())
      return makeError(ErrorCode::Invalid, "TLS needs both --tls-cert and --tls-key");
    auto tls = std::make_unique<httplib::SSLServer>(options.certFile.c_str(), options.keyFile.c_str());
    if (!tls->is_valid())
      return makeError(ErrorCode::Invalid, "the TLS certificate or key cannot be loaded (PEM files expected)",
                       options.certFile + ", " + options.keyFile);
    self->m_impl->server = std::move(tls);
  } else {
    self->m_impl->server = std::make_unique<httplib::Server>();
  }
  httplib::Server& svr = *self->m_impl->server;
  svr.set_payload_max_length(options.maxBodyBytes);
  svr.set_read_timeout(10, 0);
  svr.set_write_timeout(10, 0);

  const std::string token = options.token;
  svr.set_pre_routing_handler([token](const httplib::Request& req, httplib::Response& res) {
    if (req.path == "/health" || req.path == "/ready") return httplib::Server::HandlerResponse::Unhandled;
    const std::string header = req.get_header_value("Authorization");
    static const std::string kBearer = "Bearer ";
    bool ok = header.size() > kBearer.size() && header.compare(0, kBearer.size(), kBearer) == 0 &&
              tokensEqual(token, std::string_view(header).substr(kBearer.size()));
    if (ok) return httplib::Server::HandlerResponse::Unhandled;
    res.set_header("WWW-Authenticate", "Bearer");
    sendError(res, 401, header.empty() ? "a bearer token is required (Authorization: Bearer TOKEN)"
                                       : "the bearer token is not valid");
    return httplib::Server::HandlerResponse::Handled;
  });
  svr.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) sendError(res, res.status, reasonFor(res.status));
  });
  svr.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    spdlog::error("API {} {}: {}", req.method, req.path, what);  // the log has it; the client gets no internals
    sendError(res, 500, "internal error while handling the request; see the runner's log");
  });

  const std::string version = options.version;
  RunnerService* svc = &service;
  svr.Get("/health", [version](const httplib::Request&, httplib::Response& res) {
    res.set_content(nlohmann::json({{"status", "ok"}, {"version", version}}).dump(), kJson);
  });
  svr.Get("/ready", [svc](const httplib::Request&, httplib::Response& res) {
    bool ready = svc->ready();
    res.status = ready ? 200 : 503;
    res.set_content(nlohmann::json({{"ready", ready}}).dump(), kJson);
  });
  svr.Get("/metrics", [svc](const httplib::Request&, httplib::Response& res) {
    res.set_content(svc->prometheus(), "text/plain; version=0.0.4; charset=utf-8");
  });
  svr.Get("/api/v1/info", [svc](const httplib::Request&, httplib::Response& res) { send(res, svc->info()); });
  svr.Get("/api/v1/pipelines", [svc](const httplib::Request&, httplib::Response& res) { send(res, svc->list()); });
  svr.Post("/api/v1/pipelines", [svc](const httplib::Request& req, httplib::Response& res) {
    std::string start = req.get_param_value("start");
    send(res, svc->deploy(req.body, start == "true" || start == "1", req.get_param_value("restart")));
  });
  // Pipeline names may hold "/" and other URL-special characters: clients
  // percent-encode the name (one path segment), and the segments are split on
  // the raw request target, before decoding, so "a%2Fb" stays one name.
  svr.Get(R"(/api/v1/pipelines/.+)", [svc](const httplib::Request& req, httplib::Response& res) {
    std::vector<std::string> segs;
    if (!pipelineSegments(req, segs)) return sendError(res, 400, kBadName);
    if (segs.size() == 1) return send(res, svc->describe(segs[0]));
    if (segs.size() != 2 || segs[1] != "metrics") return sendError(res, 404, "no such endpoint");
    std::int64_t since = 0;
    if (req.has_param("since") && !parseInt(req.get_param_value("since"), since))
      return sendError(res, 400, "since must be a time in milliseconds since the epoch");
    send(res, svc->metrics(segs[0], since));
  });
  svr.Delete(R"(/api/v1/pipelines/.+)", [svc](const httplib::Request& req, httplib::Response& res) {
    std::vector<std::string> segs;
    if (!pipelineSegments(req, segs)) return sendError(res, 400, kBadName);
    if (segs.size() != 1) return sendError(res, 404, "no such endpoint");
    send(res, svc->remove(segs[0]));
  });
  svr.Post(R"(/api/v1/pipelines/.+)", [svc](const httplib::Request& req, httplib::Response& res) {
    std::vector<std::string> segs;
    if (!pipelineSegments(req, segs)) return sendError(res, 400, kBadName);
    const std::string action = segs.size() == 2 ? segs[1] : std::string();
    if (action == "start" || action == "resume") return send(res, svc->start(segs[0]));
    if (action == "stop") return send(res, svc->stop(segs[0]));
    if (action == "pause") return send(res, svc->pause(segs[0]));
    sendError(res, 404, "no such endpoint (POST /api/v1/pipelines/NAME/start|stop|pause|resume)");
  });
  svr.Get("/api/v1/logs", [logs](const httplib::Request& req, httplib::Response& res) {
    std::int64_t after = 0, since = 0, limit = 500;
    if ((req.has_param("after") && !parseInt(req.get_param_value("after"), after)) ||
        (req.has_param("since") && !parseInt(req.get_param_value("since"), since)) ||
        (req.has_param("limit") && (!parseInt(req.get_param_value("limit"), limit) || limit < 1)))
      return sendError(res, 400, "after, since and limit must be whole numbers (limit at least 1)");
    nlohmann::json lines = nlohmann::json::array();
    if (logs)
      for (const LogLine& l : logs->lines(static_cast<std::uint64_t>(std::max<std::int64_t>(0, after)), since,
                                          req.get_param_value("pipeline"), static_cast<std::size_t>(limit)))
        lines.push_back({{"seq", l.seq}, {"time_ms", l.timeMs}, {"level", l.level}, {"message", l.message}});
    res.set_content(nlohmann::json({{"lines", lines}}).dump(), kJson);
  });

  if (options.port == 0) {
    int port = svr.bind_to_any_port(options.host);
    if (port <= 0) return makeError(ErrorCode::Unavailable, "cannot listen on " + options.host + " (any port)");
    self->m_port = port;
  } else {
    if (!svr.bind_to_port(options.host, options.port))
      return makeError(ErrorCode::Unavailable, "cannot listen on " + options.host + ":" +
                                                   std::to_string(options.port) + " (in use, or not an address here)");
    self->m_port = options.port;
  }
  self->m_host = options.host;
  httplib::Server* raw = &svr;
  self->m_thread = std::thread([raw] { raw->listen_after_bind(); });
  return self;
}

ApiServer::~ApiServer() {
  stop();
}

void ApiServer::stop() {
  if (m_impl && m_impl->server) m_impl->server->stop();
  if (m_thread.joinable()) m_thread.join();
}

std::string ApiServer::url() const {
  std::string host = m_host.find(':') != std::string::npos ? "[" + m_host + "]" : m_host;
  return std::string(m_tls ? "https://" : "http://") + host + ":" + std::to_string(m_port);
}

}  // namespace tributary::remote
