#include "core/metrics/metrics_server.h"

#include <httplib.h>

#include "core/metrics/prometheus.h"

namespace tributary::metrics {

MetricsServer::MetricsServer(Render render) : m_render(std::move(render)) {}

MetricsServer::~MetricsServer() {
  stop();
}

Result<std::pair<std::string, int>> MetricsServer::parseListen(const std::string& listen) {
  std::string host = "127.0.0.1";
  std::string port = listen;
  if (auto colon = listen.rfind(':'); colon != std::string::npos) {
    host = listen.substr(0, colon);
    port = listen.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host.empty()) host = "127.0.0.1";
  }
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos)
    return makeError(ErrorCode::Invalid, "needs HOST:PORT, :PORT or PORT with a port number, not \"" + listen + "\"",
                     "metrics listen address");
  int number = std::stoi(port);
  if (number > 65535)
    return makeError(ErrorCode::Invalid, "port " + port + " is out of range (0-65535)", "metrics listen address");
  return std::pair{host, number};
}

Status MetricsServer::start(const std::string& listen) {
  stop();
  auto address = parseListen(listen);
  if (!address) return address.error();
  auto server = std::make_unique<httplib::Server>();
  server->new_task_queue = [] { return new httplib::ThreadPool(2); };
  Render render = m_render;
  server->Get("/metrics", [render](const httplib::Request&, httplib::Response& res) {
    res.set_content(render(), kPrometheusContentType);
  });
  server->Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("Tributary metrics: see /metrics\n", "text/plain; charset=utf-8");
  });
  auto [host, port] = *address;
  return m_listener.start(std::move(server), host, port, "metrics listen address");
}

void MetricsServer::stop() {
  m_listener.stop();
}

}  // namespace tributary::metrics
