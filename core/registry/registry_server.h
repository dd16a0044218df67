#pragma once
// RegistryServer: serves a SchemaRegistry's REST API over HTTP (cpp-httplib)
// on its own thread plus a small pool; the registry is called on those
// threads (it is thread-safe). Binds to loopback unless told otherwise; with
// a user name set, every request needs HTTP basic auth (401 otherwise).

#include <memory>
#include <string>
#include <thread>

#include "core/base/result.h"
#include "core/registry/schema_registry.h"

namespace httplib {
class Server;
}

namespace tributary::registry {

struct RegistryServerOptions {
  std::string listen = "127.0.0.1:8081";  // "HOST:PORT", ":PORT" or "PORT"; port 0 picks a free one
  std::string user;                       // empty: no authentication
  std::string password;
};

class RegistryServer {
 public:
  explicit RegistryServer(std::shared_ptr<SchemaRegistry> registry);
  ~RegistryServer();  // stops and joins
  RegistryServer(const RegistryServer&) = delete;
  RegistryServer& operator=(const RegistryServer&) = delete;

  Status start(const RegistryServerOptions& options);
  void stop();

  int port() const { return m_port; }
  std::string url() const { return "http://" + m_host + ":" + std::to_string(m_port); }

 private:
  std::shared_ptr<SchemaRegistry> m_registry;
  std::unique_ptr<httplib::Server> m_server;
  std::thread m_thread;
  std::string m_host;
  int m_port = 0;
};

}  // namespace tributary::registry
