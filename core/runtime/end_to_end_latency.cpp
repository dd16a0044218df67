#include "core/runtime/end_to_end_latency.h"

namespace tributary::runtime {

metrics::Histogram& EndToEndLatency::forSink(metrics::Registry& registry, const std::string& pipeline,
                                             const std::string& nodeId, const std::string& type) {
  return registry.histogram(kSinkMetric, "Time from a record's source to this sink's acknowledgement.",
                            {{"pipeline", pipeline}, {"node", nodeId}, {"type", type}},
                            metrics::Histogram::endToEndBounds());
}

metrics::Histogram& EndToEndLatency::forPipeline(metrics::Registry& registry, const std::string& pipeline) {
  return registry.histogram(kPipelineMetric,
                            "Time from a record's source to the acknowledgement of a sink where it leaves the pipeline.",
                            {{"pipeline", pipeline}}, metrics::Histogram::endToEndBounds());
}

}  // namespace tributary::runtime
