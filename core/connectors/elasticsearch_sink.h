#pragma once
// sink.elasticsearch: the pieces that are worth testing on their own.

#include <optional>
#include <string>

namespace tributary::connectors {

// Why Elasticsearch would refuse `name` as an index name, or nullopt when it is valid.
std::optional<std::string> invalidIndexName(const std::string& name);

}  // namespace tributary::connectors
