#include "core/registry/registry_server.h"

#include <httplib.h>

#include "core/metrics/metrics_server.h"
#include "core/record/json.h"

namespace tributary::registry {

RegistryServer::RegistryServer(std::shared_ptr<SchemaRegistry> registry) : m_registry(std::move(registry)) {}

RegistryServer::~RegistryServer() {
  stop();
}

Status RegistryServer::start(const RegistryServerOptions& options) {
  stop();
  auto address = metrics::MetricsServer::parseListen(options.listen);
  if (!address) return makeError(ErrorCode::Invalid, address.error().message, "schema registry listen address");
  std::string expectedAuth;
  if (!options.user.empty()) {
    expectedAuth = "Basic ";
    record::appendBase64(options.user + ":" + options.password, expectedAuth);
  }
  auto server = std::make_unique<httplib::Server>();
  server->new_task_queue = [] { return new httplib::ThreadPool(4); };
  std::shared_ptr<SchemaRegistry> registry = m_registry;
  // Route handlers (not the pre-routing hook) get the request body.
  auto handler = [registry, expectedAuth](const httplib::Request& req, httplib::Response& res) {
    if (!expectedAuth.empty()) {
      const std::string given = req.get_header_value("Authorization");
      // Compare every byte, so the time taken does not tell how much of a guess was right.
      unsigned diff = given.size() == expectedAuth.size() ? 0u : 1u;
      for (std::size_t i = 0; i < given.size() && i < expectedAuth.size(); ++i)
        diff |= static_cast<unsigned>(given[i] ^ expectedAuth[i]);
      if (diff != 0) {
        res.status = 401;
        res.set_header("WWW-Authenticate", "Basic realm=\"schema-registry\"");
        res.set_content(R"({"error_code":401,"message":"Unauthorized"})", kContentType);
        return;
      }
    }
    RegistryRequest request;
    request.method = req.method;
    request.path = req.path;
    for (const auto& [name, value] : req.params) request.query[name] = value;
    request.body = req.body;
    RegistryResponse response = registry->handle(request);
    res.status = response.status;
    res.set_content(response.body, kContentType);
  };
  server->Get(".*", handler);
  server->Post(".*", handler);
  server->Put(".*", handler);
  server->Delete(".*", handler);
  auto [host, port] = *address;
  return m_listener.start(std::move(server), host, port, "schema registry listen address");
}

void RegistryServer::stop() {
  m_listener.stop();
}

}  // namespace tributary::registry
