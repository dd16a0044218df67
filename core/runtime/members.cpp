#include "core/runtime/members.h"

#include <algorithm>
#include <set>

namespace tributary::runtime {

namespace {

// Replaces {member} in every string of `value`; true when there was one.
bool substituteMember(nlohmann::json& value, int member) {
  bool found = false;
  if (value.is_string()) {
    std::string text = value.get<std::string>();
    for (auto at = text.find("{member}"); at != std::string::npos; at = text.find("{member}", at)) {
      text.replace(at, 8, std::to_string(member));
      found = true;
    }
    if (found) value = text;
  } else if (value.is_structured()) {
    for (auto& item : value) found |= substituteMember(item, member);
  }
  return found;
}

}  // namespace

std::string memberBaseId(const std::string& nodeId) {
  auto hash = nodeId.rfind('#');
  if (hash == std::string::npos || hash + 1 == nodeId.size()) return nodeId;
  if (!std::all_of(nodeId.begin() + static_cast<std::ptrdiff_t>(hash) + 1, nodeId.end(),
                   [](char c) { return c >= '0' && c <= '9'; }))
    return nodeId;
  return nodeId.substr(0, hash);
}

std::string userNodeId(std::string node) {
  // The engine names the consuming half of topic node "x" "x~out", and the
  // copies of a parallel stage "x#1", "x~out#2"; groups keep the user's id.
  node = memberBaseId(node);
  if (node.size() > 4 && node.compare(node.size() - 4, 4, "~out") == 0) node.resize(node.size() - 4);
  return node;
}

Result<Members> expandMembers(const model::Pipeline& pipeline, const model::SpecRegistry& specs) {
  Members out;
  out.pipeline = pipeline;
  auto nodeAt = [&](const std::string& id) -> model::Node* {
    for (auto& n : out.pipeline.nodes)
      if (n.id == id) return &n;
    return nullptr;
  };
  for (const model::Node& source : pipeline.nodes) {
    const model::NodeSpec* spec = specs.find(source.type);
    if (!spec || spec->category != model::NodeCategory::Source) continue;
    bool declared = std::any_of(spec->fields.begin(), spec->fields.end(),
                                [](const model::FieldSpec& f) { return f.name == "parallelism"; });
    auto configured = source.config.find("parallelism");
    if (!declared || configured == source.config.end() || configured->is_null()) continue;
    if (!configured->is_number_integer() || configured->get<std::int64_t>() < 1 || configured->get<std::int64_t>() > 64)
      return makeError(ErrorCode::Invalid, "parallelism must be a whole number from 1 to 64",
                       "node " + memberBaseId(source.id) + " parallelism");
    const int n = configured->get<int>();

    // The stage: what the source's records reach, up to and including sinks.
    std::vector<std::string> stage{source.id};
    std::set<std::string> inStage{source.id};
    for (std::size_t i = 0; i < stage.size(); ++i) {
      const model::NodeSpec* s = specs.find(nodeAt(stage[i])->type);
      if (s && s->category == model::NodeCategory::Sink) continue;
      for (const model::Edge& e : pipeline.edges)
        if (e.from == stage[i] && inStage.insert(e.to).second) stage.push_back(e.to);
    }
    for (const model::Edge& e : pipeline.edges)
      if (n > 1 && inStage.count(e.to) && !inStage.count(e.from))
        return makeError(ErrorCode::Invalid,
                         "parallelism: node `" + memberBaseId(e.to) + "` also reads from `" + memberBaseId(e.from) +
                             "`, outside the stage that topic `" + source.config.value("name", source.id) +
                             "` feeds; a parallel stage must read only from its topic",
                         "node " + memberBaseId(source.id) + " parallelism");
    for (const std::string& id : stage) {
      model::Node& node = *nodeAt(id);
      const model::NodeSpec* s = specs.find(node.type);
      bool hasMember = substituteMember(node.config, 0);
      auto path = node.config.find("path");
      if (n > 1 && s && s->category == model::NodeCategory::Sink && path != node.config.end() && path->is_string() &&
          !hasMember)
        return makeError(ErrorCode::Invalid,
                         "parallelism " + std::to_string(n) + ": sink `" + memberBaseId(id) + "` writes one file (" +
                             path->get<std::string>() +
                             ") that the members cannot share; put {member} in its path, e.g. "
                             "consumer_logs/consumer_{member}/consumer_log.json",
                         "node " + memberBaseId(id) + " path");
    }
    if (n == 1) continue;
    for (int m = 1; m < n; ++m) {
      auto copyId = [m](const std::string& id) { return id + "#" + std::to_string(m); };
      for (const std::string& id : stage) {
        model::Node copy = *std::find_if(pipeline.nodes.begin(), pipeline.nodes.end(),
                                         [&](const model::Node& x) { return x.id == id; });
        copy.id = copyId(id);
        substituteMember(copy.config, m);
        out.member[copy.id] = m;
        out.pipeline.nodes.push_back(std::move(copy));
      }
      for (const model::Edge& e : pipeline.edges)
        if (inStage.count(e.from) && inStage.count(e.to))
          out.pipeline.edges.push_back({copyId(e.from), e.fromPort, copyId(e.to), e.toPort});
    }
  }
  return out;
}

}  // namespace tributary::runtime
