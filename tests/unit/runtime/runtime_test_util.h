#pragma once
// Helpers shared by the runtime tests: building small pipelines in code,
// running an engine to its end, reading JSON-lines output.

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <QString>

#include "core/model/pipeline.h"
#include "core/runtime/engine.h"

namespace tributary::testing {

// For QCOMPARE: runtime::toString(State) confuses QTest's own toString lookup.
inline QString stateName(runtime::State s) {
  return QString::fromLatin1(runtime::toString(s).data(), static_cast<qsizetype>(runtime::toString(s).size()));
}

inline model::Pipeline makePipeline(std::string name, std::vector<model::Node> nodes, std::vector<model::Edge> edges) {
  model::Pipeline p;
  p.name = std::move(name);
  p.nodes = std::move(nodes);
  p.edges = std::move(edges);
  return p;
}

inline model::Node node(std::string id, std::string type, nlohmann::json config = nlohmann::json::object()) {
  model::Node n;
  n.id = std::move(id);
  n.type = std::move(type);
  n.config = std::move(config);
  return n;
}

inline model::Edge edge(std::string from, std::string to) {
  model::Edge e;
  e.from = std::move(from);
  e.to = std::move(to);
  return e;
}

inline std::vector<std::string> readLines(const std::filesystem::path& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

inline std::string readText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline void writeText(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// Runs to the end (or stops it after `limit`); returns the final state.
inline runtime::State runToEnd(runtime::Engine& engine, std::chrono::milliseconds limit = std::chrono::seconds(30)) {
  engine.start();
  if (!engine.waitFor(limit)) engine.stop();
  return engine.wait();
}

inline const runtime::NodeSnapshot* findNode(const runtime::EngineSnapshot& s, const std::string& id) {
  for (const auto& n : s.nodes)
    if (n.id == id) return &n;
  return nullptr;
}

}  // namespace tributary::testing
