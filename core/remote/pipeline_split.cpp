#include "core/remote/pipeline_split.h"

#include "core/model/topic_split.h"

#include <map>
#include <numeric>
#include <set>

namespace tributary::remote {
namespace {

// Union-find over the node ids of the pipeline with its topic nodes cut in two.
class Components {
 public:
  int vertex(const std::string& name) {
    auto [it, added] = m_index.emplace(name, static_cast<int>(m_parent.size()));
    if (added) m_parent.push_back(it->second);
    return it->second;
  }
  int find(int v) {
    while (m_parent[v] != v) v = m_parent[v] = m_parent[m_parent[v]];
    return v;
  }
  void join(int a, int b) { m_parent[find(a)] = find(b); }

 private:
  std::map<std::string, int> m_index;
  std::vector<int> m_parent;
};

}  // namespace

PipelineParts splitForRunners(const model::Pipeline& pipeline, const model::SpecRegistry& specs) {
  auto category = [&](const model::Node& n) {
    const model::NodeSpec* spec = specs.find(n.type);
    return spec ? spec->category : model::NodeCategory::Transform;
  };
  std::set<std::string> topics;
  for (const model::Node& n : pipeline.nodes)
    if (category(n) == model::NodeCategory::Topic) topics.insert(n.id);

  // After the cut a topic's producing and consuming halves are separate
  // vertices, so the connected components are the parts.
  const model::TopicCut cut =
      model::cutTopicNodes(pipeline, [&](const model::Node& n) { return topics.count(n.id) > 0; });
  Components c;
  for (const model::Node& n : cut.pipeline.nodes) c.vertex(n.id);
  for (const model::Edge& e : cut.pipeline.edges) c.join(c.vertex(e.from), c.vertex(e.to));

  // A component is singleton when it holds a source that is not a topic.
  std::set<int> singletonRoots;
  PipelineParts parts;
  for (const model::Node& n : pipeline.nodes)
    if (category(n) == model::NodeCategory::Source) {
      singletonRoots.insert(c.find(c.vertex(n.id)));
      parts.singletonSources.push_back(n.id);
    }

  model::Pipeline singleton = pipeline, shared = pipeline;
  singleton.nodes.clear();
  singleton.edges.clear();
  shared.nodes.clear();
  shared.edges.clear();
  for (std::size_t i = 0; i < pipeline.edges.size(); ++i) {  // the cut keeps the edges' order
    bool isSingleton = singletonRoots.count(c.find(c.vertex(cut.pipeline.edges[i].from))) > 0;
    (isSingleton ? singleton : shared).edges.push_back(pipeline.edges[i]);
  }
  auto used = [](const model::Pipeline& p, const std::string& id) {
    for (const model::Edge& e : p.edges)
      if (e.from == id || e.to == id) return true;
    return false;
  };
  for (const model::Node& n : pipeline.nodes) {
    if (topics.count(n.id)) {
      // A topic node belongs to every part that has one of its edges.
      if (used(singleton, n.id)) singleton.nodes.push_back(n);
      if (used(shared, n.id)) shared.nodes.push_back(n);
      continue;
    }
    bool isSingleton = singletonRoots.count(c.find(c.vertex(n.id))) > 0;
    (isSingleton ? singleton : shared).nodes.push_back(n);
  }
  if (!singleton.nodes.empty()) parts.singleton = std::move(singleton);
  if (!shared.nodes.empty()) parts.shared = std::move(shared);
  return parts;
}

}  // namespace tributary::remote
