#include "core/runtime/node_metrics.h"

#include "core/metrics/histogram.h"

namespace tributary::runtime {

namespace {
metrics::Labels labels(const std::string& pipeline, const std::string& node, const std::string& type) {
  return {{"pipeline", pipeline}, {"node", node}, {"type", type}};
}
}  // namespace

NodeMetrics::NodeMetrics(metrics::Registry& r, const std::string& p, const std::string& n, const std::string& t)
    : recordsIn(r.counter("tributary_node_records_in_total", "Records that entered the node.", labels(p, n, t))),
      recordsOut(r.counter("tributary_node_records_out_total", "Records the node emitted or wrote.", labels(p, n, t))),
      bytesIn(r.counter("tributary_node_bytes_in_total", "Bytes a source read from outside.", labels(p, n, t))),
      bytesOut(r.counter("tributary_node_bytes_out_total", "Bytes a sink wrote.", labels(p, n, t))),
      errors(r.counter("tributary_node_errors_total", "Records the node could not process.", labels(p, n, t))),
      deadLettered(r.counter("tributary_node_dead_lettered_total", "Bad records written to the dead-letter file.",
                             labels(p, n, t))),
      batchLatency(r.histogram("tributary_node_batch_latency_seconds", "Time the node spent on one batch.",
                               labels(p, n, t), metrics::Histogram::latencyBounds())),
      queueDepth(
          r.gauge("tributary_node_queue_depth", "Records waiting in the node's input channel.", labels(p, n, t))),
      queueFill(r.gauge("tributary_node_queue_fill",
                        "Batches waiting in the node's input channel, as a share of its capacity (0..1).",
                        labels(p, n, t))),
      queueCapacity(r.gauge("tributary_node_queue_capacity_batches",
                            "Capacity of the node's input channel in batches (0: no input channel).",
                            labels(p, n, t))),
      positionPartition(r.gauge("tributary_node_position_partition",
                                "Source partition of the last record the node handled.", labels(p, n, t))),
      positionOffset(r.gauge("tributary_node_position_offset", "Source offset of the last record the node handled.",
                             labels(p, n, t))) {}

}  // namespace tributary::runtime
