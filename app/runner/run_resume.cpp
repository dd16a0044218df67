#include "app/runner/run_resume.h"

#include <unistd.h>

#include <cstdio>
#include <set>

#include "core/base/files.h"
#include "core/connectors/changelog_topic.h"
#include "core/connectors/topic_common.h"
#include "core/runtime/checkpoint_store.h"

namespace tributary::cli {
namespace {

// 49990 -> "49,990"
std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

// Topic nodes whose records flow on to other nodes: the engine consumes them.
std::set<std::string> consumedTopics(const model::Pipeline& pipeline) {
  std::set<std::string> out;
  for (const auto& e : pipeline.edges)
    if (const model::Node* n = pipeline.findNode(e.from); n && n->type == "topic") out.insert(n->id);
  return out;
}

}  // namespace

nlohmann::json readCheckpointSources(const std::filesystem::path& file) {
  std::error_code ec;
  if (file.empty() || !std::filesystem::exists(file, ec)) return nlohmann::json::object();
  auto text = base::readFile(file, 64 * 1024 * 1024);
  if (!text) return nlohmann::json::object();
  auto doc = nlohmann::json::parse(*text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("sources") || !doc["sources"].is_object())
    return nlohmann::json::object();
  return doc["sources"];
}

std::string describeResume(const model::Pipeline& pipeline, const nlohmann::json& sources) {
  std::vector<std::string> parts;
  for (const model::Node& node : pipeline.nodes) {
    bool topic = node.type == "topic";
    // A topic node that is also written to is split; its consuming half is "<id>~out".
    auto it = topic && sources.contains(node.id + "~out") ? sources.find(node.id + "~out") : sources.find(node.id);
    if (it == sources.end() || !it->is_object()) continue;
    const nlohmann::json state = it->value("state", nlohmann::json());
    if (topic) {
      std::size_t partitions = state.is_object() ? state.size() : 0;
      if (partitions == 0) continue;
      parts.push_back("topic `" + node.id + "` from committed offsets (group " +
                      connectors::topicConsumerGroup(pipeline.name, node.id, node.config) + ", " +
                      std::to_string(partitions) + " partition" + (partitions == 1 ? "" : "s") + ")");
    } else if (node.type == "source.datagen" && state.is_object() && state.contains("next")) {
      std::uint64_t next = state.value("next", std::uint64_t{0});
      std::uint64_t count = node.config.is_object() ? node.config.value("count", std::uint64_t{0}) : 0;
      parts.push_back("source `" + node.id + "` at record " + grouped(next) +
                      (count > 0 ? " of " + grouped(count) : std::string()));
    } else if (node.type == "source.file" && state.is_object() && state.contains("files")) {
      std::int64_t bytes = 0;
      for (const auto& [path, f] : state["files"].items()) bytes += f.value("offset", std::int64_t{0});
      parts.push_back("source `" + node.id + "` at byte " + grouped(static_cast<std::uint64_t>(bytes)) + " of " +
                      std::to_string(state["files"].size()) + " file(s)");
    } else {
      parts.push_back("source `" + node.id + "` from its checkpoint");
    }
  }
  if (parts.empty()) return {};
  std::string out = "resuming: ";
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "; " : "") + parts[i];
  return out;
}

Status resetRun(const model::Pipeline& pipeline, const std::filesystem::path& checkpointFile,
                const std::vector<runtime::Repartition>& repartitions) {
  std::error_code ec;
  if (!checkpointFile.empty()) {
    std::filesystem::remove(checkpointFile, ec);
    if (ec) return makeError(ErrorCode::Io, "cannot remove the checkpoint: " + ec.message(), checkpointFile.string());
    // The aggregate and join stores belong with the checkpoint: they go too.
    std::filesystem::path state = runtime::stateFolderFor(checkpointFile);
    std::filesystem::remove_all(state, ec);
    if (ec) return makeError(ErrorCode::Io, "cannot remove the node state: " + ec.message(), state.string());
  }
  connectors::setTopicsStartOver(true);
  connectors::setChangelogsStartOver(true);  // the aggregate and join changelog topics start empty too
  for (const std::string& id : consumedTopics(pipeline)) {
    const model::Node* node = pipeline.findNode(id);
    std::fprintf(stderr, "reset: topic `%s` starts at its %s again (group %s)\n", id.c_str(),
                 node->config.value("start", "earliest").c_str(),
                 connectors::topicConsumerGroup(pipeline.name, id, node->config).c_str());
  }
  for (const runtime::Repartition& r : repartitions) {
    const model::Node* from = pipeline.findNode(r.sourceNode);
    if (!from) continue;
    model::Node internal = *from;  // the same cluster and client properties
    internal.config["name"] = r.topic;
    if (Status s = connectors::emptyTopic(pipeline, internal); !s)
      return makeError(s.error().code, "cannot empty the repartition topic " + r.topic + ": " + s.error().message,
                       "node " + r.node);
    std::fprintf(stderr, "reset: repartition topic `%s` emptied\n", r.topic.c_str());
  }
  return {};
}

std::string runClientId(const std::filesystem::path& stateDir) {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0 || !host[0]) std::snprintf(host, sizeof host, "localhost");
  std::error_code ec;
  std::string folder = std::filesystem::weakly_canonical(stateDir, ec).string();
  if (ec) folder = stateDir.string();
  std::uint32_t h = 2166136261u;  // FNV-1a: stable across runs, unlike std::hash
  for (unsigned char ch : folder) h = (h ^ ch) * 16777619u;
  char id[300];
  std::snprintf(id, sizeof id, "run@%s-%08x", host, h);
  return id;
}

}  // namespace tributary::cli
