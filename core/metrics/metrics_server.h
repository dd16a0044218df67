#pragma once
// MetricsServer: a small HTTP server (cpp-httplib) that answers
// GET /metrics with whatever the render callback returns, in the Prometheus
// text format 0.0.4, so an existing Prometheus can scrape a runner or the
// GUI's embedded runtime. It runs on a thread of its own (plus httplib's
// small pool); the callback is called on those threads and must be
// thread-safe (Registry::collect() is).

#include <functional>
#include <string>

#include "core/base/result.h"
#include "core/metrics/http_listener.h"

namespace tributary::metrics {

class MetricsServer {
 public:
  using Render = std::function<std::string()>;
  explicit MetricsServer(Render render);
  ~MetricsServer();  // stops and joins
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // Listens on "HOST:PORT", ":PORT" (loopback) or "PORT"; port 0 picks a free
  // one (see port()). Errors say what is wrong with the address or why binding failed.
  Status start(const std::string& listen);
  void stop();

  bool running() const { return m_listener.running(); }
  int port() const { return m_listener.port(); }
  std::string host() const { return m_listener.host(); }
  std::string url() const { return "http://" + host() + ":" + std::to_string(port()) + "/metrics"; }

  // Splits "HOST:PORT" / ":PORT" / "PORT" (HOST defaults to 127.0.0.1).
  static Result<std::pair<std::string, int>> parseListen(const std::string& listen);

 private:
  Render m_render;
  HttpListener m_listener;
};

}  // namespace tributary::metrics
