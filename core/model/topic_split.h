#pragma once
// Topic nodes are the seams of a pipeline: a topic node is a Kafka producer on
// its input side and a consumer group on its output side, and the two halves
// share nothing but the topic. cutTopicNodes() makes that cut once, for the
// engine (which runs the halves as a sink and a source) and for the runner's
// scale-out split (whose parts are the connected pieces after the cut).

#include <functional>
#include <map>
#include <string>

#include "core/model/pipeline.h"

namespace tributary::model {

struct TopicCut {
  // The pipeline with every topic node replaced by its halves: "<id>" keeps
  // the edges into it (the producing half), "<id>~out" takes the edges out of
  // it (the consuming half; just "<id>" when nothing flows in). Edges keep
  // their order; an edge out of a consuming half loses its fromPort.
  Pipeline pipeline;
  std::map<std::string, std::string> producing;  // topic node id -> id of its producing half
  std::map<std::string, std::string> consuming;  // topic node id -> id of its consuming half
};

TopicCut cutTopicNodes(const Pipeline& pipeline, const std::function<bool(const Node&)>& isTopic);

}  // namespace tributary::model
