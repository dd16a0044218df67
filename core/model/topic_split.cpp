#include "core/model/topic_split.h"

#include <algorithm>

namespace tributary::model {

TopicCut cutTopicNodes(const Pipeline& pipeline, const std::function<bool(const Node&)>& isTopic) {
  TopicCut cut;
  cut.pipeline = pipeline;
  cut.pipeline.nodes.clear();
  for (const Node& node : pipeline.nodes) {
    if (!isTopic(node)) {
      cut.pipeline.nodes.push_back(node);
      continue;
    }
    const bool into = std::any_of(pipeline.edges.begin(), pipeline.edges.end(),
                                  [&](const Edge& e) { return e.to == node.id; });
    const bool outOf = std::any_of(pipeline.edges.begin(), pipeline.edges.end(),
                                   [&](const Edge& e) { return e.from == node.id; });
    if (into) {
      cut.producing[node.id] = node.id;
      cut.pipeline.nodes.push_back(node);
    }
    if (outOf) {
      Node consume = node;
      if (into) consume.id = node.id + "~out";
      cut.consuming[node.id] = consume.id;
      cut.pipeline.nodes.push_back(std::move(consume));
    }
  }
  for (Edge& edge : cut.pipeline.edges)
    if (auto it = cut.consuming.find(edge.from); it != cut.consuming.end()) {
      edge.from = it->second;
      edge.fromPort.clear();
    }
  return cut;
}

}  // namespace tributary::model
