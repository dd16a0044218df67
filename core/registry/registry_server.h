#pragma once
// RegistryServer: serves a SchemaRegistry's REST API over HTTP (cpp-httplib)
// on its own thread plus a small pool; the registry is called on those
// threads (it is thread-safe). Binds to loopback unless told otherwise; with
// a user name set, every request needs HTTP basic auth (401 otherwise).

#include <memory>
#include <string>

#include "core/base/result.h"
#include "core/metrics/http_listener.h"
#include "core/registry/schema_registry.h"

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

  int port() const { return m_listener.port(); }
  std::string url() const { return "http://" + m_listener.host() + ":" + std::to_string(port()); }

 private:
  std::shared_ptr<SchemaRegistry> m_registry;
  metrics::HttpListener m_listener;
};

}  // namespace tributary::registry
