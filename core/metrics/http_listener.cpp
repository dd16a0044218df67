#include "core/metrics/http_listener.h"

#include <chrono>

#include <httplib.h>

namespace tributary::metrics {

HttpListener::HttpListener() = default;

HttpListener::~HttpListener() {
  stop();
}

Status HttpListener::start(std::unique_ptr<httplib::Server> server, const std::string& host, int port,
                           const std::string& what) {
  stop();
  int bound = port;
  if (port == 0) {
    bound = server->bind_to_any_port(host);
    if (bound < 0) bound = 0;
  } else if (!server->bind_to_port(host, port)) {
    bound = 0;
  }
  if (bound <= 0)
    return makeError(ErrorCode::Io,
                     "cannot listen on " + host + ":" + std::to_string(port) +
                         " (address in use, or not an address of this machine)",
                     what);
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

void HttpListener::stop() {
  if (m_server) m_server->stop();
  if (m_thread.joinable()) m_thread.join();
  m_server.reset();
}

}  // namespace tributary::metrics
