#include "core/runtime/plan.h"

#include <algorithm>
#include <map>
#include <set>

namespace tributary::runtime {

std::string Plan::describe() const {
  std::string out;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    const PlanTask& t = tasks[i];
    out += "task " + std::to_string(i) + " " + t.name;
    if (t.inputs > 0) out += " (input from " + std::to_string(t.inputs) + (t.inputs == 1 ? " edge)" : " edges)");
    if (!t.outputs.empty()) {
      out += " -> [";
      for (std::size_t o = 0; o < t.outputs.size(); ++o) out += (o ? "," : "") + std::to_string(t.outputs[o].task);
      out += "]";
    }
    out += "\n";
  }
  return out;
}

int Plan::taskOf(const std::string& nodeId) const {
  for (std::size_t i = 0; i < tasks.size(); ++i)
    if (std::find(tasks[i].nodes.begin(), tasks[i].nodes.end(), nodeId) != tasks[i].nodes.end())
      return static_cast<int>(i);
  return -1;
}

Result<Plan> plan(const model::Pipeline& pipeline, const model::SpecRegistry& specs) {
  std::map<std::string, const model::NodeSpec*> spec;
  std::map<std::string, std::vector<const model::Edge*>> outEdges, inEdges;
  for (const model::Node& n : pipeline.nodes) {
    const model::NodeSpec* s = specs.find(n.type);
    if (!s) return makeError(ErrorCode::Invalid, "unknown node type \"" + n.type + "\"", "node " + n.id);
    spec[n.id] = s;
  }
  for (const model::Edge& e : pipeline.edges) {
    if (!spec.count(e.from) || !spec.count(e.to))
      return makeError(ErrorCode::Invalid, "edge " + e.from + " -> " + e.to + " names an unknown node");
    outEdges[e.from].push_back(&e);
    inEdges[e.to].push_back(&e);
  }

  // Topological order (Kahn), in file order among equals, so plans are stable.
  std::map<std::string, int> indegree;
  for (const model::Node& n : pipeline.nodes) indegree[n.id] = static_cast<int>(inEdges[n.id].size());
  std::vector<std::string> order;
  std::vector<std::string> ready;
  for (const model::Node& n : pipeline.nodes)
    if (indegree[n.id] == 0) ready.push_back(n.id);
  while (!ready.empty()) {
    std::string id = ready.front();
    ready.erase(ready.begin());
    order.push_back(id);
    for (const model::Edge* e : outEdges[id])
      if (--indegree[e->to] == 0) ready.push_back(e->to);
  }
  if (order.size() != pipeline.nodes.size())
    return makeError(ErrorCode::Invalid, "the pipeline has a cycle; records must flow one way");

  // A node is fused into its upstream when it is a transform with one input
  // whose upstream (a source or transform) has only this one output.
  auto fused = [&](const std::string& id) {
    if (spec[id]->category != model::NodeCategory::Transform) return false;
    if (inEdges[id].size() != 1) return false;
    const std::string& up = inEdges[id][0]->from;
    auto cat = spec[up]->category;
    return (cat == model::NodeCategory::Source || cat == model::NodeCategory::Transform) && outEdges[up].size() == 1;
  };

  Plan result;
  std::map<std::string, std::size_t> taskOfHead;
  for (const std::string& id : order) {
    if (fused(id)) continue;
    PlanTask t;
    t.nodes.push_back(id);
    t.headCategory = spec[id]->category;
    t.inputs = static_cast<int>(inEdges[id].size());
    std::string last = id;
    while (outEdges[last].size() == 1 && fused(outEdges[last][0]->to)) {
      last = outEdges[last][0]->to;
      t.nodes.push_back(last);
    }
    for (std::size_t i = 0; i < t.nodes.size(); ++i) t.name += (i ? "+" : "") + t.nodes[i];
    taskOfHead[id] = result.tasks.size();
    result.tasks.push_back(std::move(t));
  }
  for (PlanTask& t : result.tasks)
    for (const model::Edge* e : outEdges[t.nodes.back()]) t.outputs.push_back({taskOfHead.at(e->to), e->toPort});
  return result;
}

}  // namespace tributary::runtime
