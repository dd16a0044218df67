#pragma once
// Schema Registry REST calls for the topic browser's views (subjects,
// versions, configs, compatibility, register, delete), on top of
// registry::RegistryClient. A non-2xx answer becomes an error that carries
// the registry's error_code and message as it sent them ("40401 Subject
// 'x' not found."). Blocking: call from a ClusterSession registry thread.
// Also the line diff the schema viewer shows.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/result.h"
#include "core/registry/registry_client.h"

namespace tributary::widgets {

// One path segment (a subject name), percent-encoded.
std::string registrySegment(const std::string& text);
// METHOD path (already encoded) with an optional JSON body: the answer's JSON.
Result<nlohmann::json> registryJson(registry::RegistryClient& client, const std::string& method,
                                    const std::string& path, const nlohmann::json& body = nullptr);
// The JSON text of a schema as the viewer shows it: pretty-printed, key order kept.
std::string prettySchema(const std::string& schemaText);

// A line diff (longest common subsequence): one row per line of either side.
struct DiffLine {
  enum Kind { Same, Removed, Added, Changed };
  Kind kind = Same;
  int left = -1;   // line index in the left text, -1: none
  int right = -1;  // line index in the right text, -1: none
};
// Rows for a side-by-side view: a removed line next to an added one is one Changed row.
std::vector<DiffLine> diffLines(const std::vector<std::string>& left, const std::vector<std::string>& right);

}  // namespace tributary::widgets
