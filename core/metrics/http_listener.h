#pragma once
// HttpListener: one cpp-httplib server on a thread of its own — bind (port 0
// picks a free one), listen, stop and join. The /metrics server and the schema
// registry both serve through it.

#include <memory>
#include <string>
#include <thread>

#include "core/base/result.h"

namespace httplib {
class Server;
}

namespace tributary::metrics {

class HttpListener {
 public:
  HttpListener();
  ~HttpListener();  // stops and joins
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  // Binds server to host:port and serves it until stop(). what names the
  // setting in errors ("metrics listen address").
  Status start(std::unique_ptr<httplib::Server> server, const std::string& host, int port, const std::string& what);
  void stop();

  bool running() const { return m_thread.joinable(); }
  int port() const { return m_port; }
  const std::string& host() const { return m_host; }

 private:
  std::unique_ptr<httplib::Server> m_server;
  std::thread m_thread;
  std::string m_host;
  int m_port = 0;
};

}  // namespace tributary::metrics
