#pragma once
// Durations and sizes as people write them in pipeline files and on the
// command line: "250ms", "10s", "5m", "1h", "2d"; "512KiB", "10MB", "1GiB".
// Every layer that reads such a value (specs, connectors, alerts, the error
// policy, the runner's flags) parses it here, so they all agree.

#include <optional>

#include <nlohmann/json.hpp>

namespace tributary::base {

// Parses "250ms", "10s", "5m", "1h", "2d" or a plain integer (milliseconds).
std::optional<long long> parseDurationMs(const nlohmann::json& value);
// Parses "512", "64KiB", "10MB", "1GiB", "2 GB" or a plain integer (bytes).
std::optional<long long> parseSizeBytes(const nlohmann::json& value);

}  // namespace tributary::base
