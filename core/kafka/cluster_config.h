#pragma once
// What names a Kafka cluster, and the stop flag long operations share: the
// parts of the kafka layer the GUI needs without librdkafka's headers.

#include <atomic>
#include <map>
#include <string>

#include "core/base/result.h"

namespace tributary::kafka {

// A cluster as the user names it. bootstrap "embedded" is the in-process broker.
struct ClusterConfig {
  std::string name = "Local";
  std::string bootstrap = "embedded";
  std::map<std::string, std::string> properties;  // e.g. security.protocol, sasl.*, ssl.* (secrets resolved)
  // Its Schema Registry (Avro): a URL, "embedded" (the embedded broker's own
  // registry) or empty; basic auth when user is set (secrets resolved).
  std::string schemaRegistry;
  std::string schemaRegistryUser;
  std::string schemaRegistryPassword;
};

// Where the embedded broker listens ("127.0.0.1:PORT"); set by whoever starts it.
void setEmbeddedBootstrap(std::string hostPort);
// "embedded" → the embedded broker's address, anything else unchanged; an error
// when the embedded broker is not running.
Result<std::string> resolveBootstrap(const std::string& bootstrap);

// Where the embedded broker's Schema Registry answers ("http://127.0.0.1:PORT");
// set by whoever starts it (registry::ensureEmbeddedRegistry).
void setEmbeddedSchemaRegistry(std::string url);
// "embedded" → the embedded registry's URL, anything else unchanged; an error
// when it is not running.
Result<std::string> resolveSchemaRegistry(const std::string& url);

// Stop flag shared with a long operation (browse, search, tail) running on a worker thread.
using CancelFlag = std::atomic_bool;

}  // namespace tributary::kafka
