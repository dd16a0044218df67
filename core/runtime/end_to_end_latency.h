#pragma once
// End-to-end latency: how long a record takes from its source to its sink.
//
// Ingest time: the moment the source's poll() handed the record's batch to the
// engine (steady clock; time the source spent reading and parsing is in its
// batch latency). The stamp lives on the batch's Envelope, not on each Record:
// records never leave their envelope between source and sink (transforms work
// in place, fan-out copies the envelope, channels never merge envelopes), so
// every record of a batch has the same ingest time anyway, and Record keeps
// its size (it is copied and moved millions of times a second).
//
// Observation: when a sink's write() of the batch succeeded (the records are
// acknowledged), now - ingest is observed once per record written (records the
// sink reported as bad are not). Batches that ran out of retries are not
// observed: their records went to the error policy, not to the sink.
//
//   tributary_sink_latency_seconds{pipeline, node, type}   per sink node
//   tributary_pipeline_latency_seconds{pipeline}           every sink where records leave the pipeline
// Buckets: Histogram::endToEndBounds(), 10 µs … 60 s.
//
// A topic inside the pipeline (records flow in and out of it): latency
// restarts at the topic. Its producing half is a sink — its histogram covers
// source -> broker acknowledgement — and its consuming half is a source that
// stamps records when it polls them, so downstream sinks measure topic ->
// sink; the time records wait in the topic shows as consumer lag. The
// pipeline histogram leaves such internal producing halves out (their records
// have not left the pipeline), but keeps a topic the pipeline only writes to.
// Carrying the stamp through Kafka would take a header on every message that
// consumers outside Tributary would see, and wall clocks of different hosts.

#include <string>

#include "core/metrics/registry.h"

namespace tributary::runtime {

struct EndToEndLatency {
  static constexpr const char* kSinkMetric = "tributary_sink_latency_seconds";
  static constexpr const char* kPipelineMetric = "tributary_pipeline_latency_seconds";

  // The sink node's histogram.
  static metrics::Histogram& forSink(metrics::Registry& registry, const std::string& pipeline,
                                     const std::string& nodeId, const std::string& type);
  // The pipeline's histogram.
  static metrics::Histogram& forPipeline(metrics::Registry& registry, const std::string& pipeline);
};

}  // namespace tributary::runtime
