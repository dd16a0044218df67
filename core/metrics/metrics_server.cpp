#include "core/metrics/metrics_server.h"

#include <chrono>

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
  int bound = port;
  if (port == 0) {
    bound = server->bind_to_any_port(host);
    if (bound < 0) bound = 0;
  } else if (!server->bind_to_port(host, port)) {
    bound = 0;
  }
  if (bound <= 0)
    return makeError(ErrorCode::Io, "cannot listen on " + host + ":" + std::to_string(port) +
                                        " (address in use, or not an address of this machine)",
                     "metrics listen address");
  m_host = host;
  m_port = bound;
  m_server = std::move(server);
  m_thread = std::thread([s = m_server.get()] { s->listen_after_bind(); });
  // httplib's stop() does nothing before the loop runs: wait for it, so a
  // stop() right after start() cannot leave the thread listening forever.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!m_server->is_running() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return {};
}

void MetricsServer::stop() {
  if (m_server) m_server->stop();
  if (m_thread.joinable()) m_thread.join();
  m_server.reset();
}

}  // namespace tributary::metrics
