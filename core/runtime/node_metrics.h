#pragma once
// The metrics every node reports, registered in a metrics::Registry with the
// labels {pipeline, node, type}. Updated by the thread running the node,
// read by anyone (snapshot(), Prometheus).
//
//   tributary_node_records_in_total / _out_total   records entering / leaving the node
//   tributary_node_bytes_in_total / _out_total     bytes read from outside (sources) / written (sinks)
//   tributary_node_errors_total                    bad records (whatever the policy did with them)
//   tributary_node_dead_lettered_total             of those, written to the dead-letter file
//   tributary_node_batch_latency_seconds           time the node spent on one batch
//   tributary_node_queue_depth                     records waiting in the node's input channel
//   tributary_node_queue_fill                      batches waiting / the channel's capacity (0..1);
//                                                  at 1 the nodes feeding it wait (back-pressure)
//   tributary_node_queue_capacity_batches          the channel's capacity (0: no input channel)
//   tributary_node_position_partition / _offset    position of the last record the node handled

#include <string>

#include "core/metrics/registry.h"
#include "core/record/record.h"

namespace tributary::runtime {

struct NodeMetrics {
  NodeMetrics(metrics::Registry& registry, const std::string& pipeline, const std::string& nodeId,
              const std::string& type);

  metrics::Counter& recordsIn;
  metrics::Counter& recordsOut;
  metrics::Counter& bytesIn;
  metrics::Counter& bytesOut;
  metrics::Counter& errors;
  metrics::Counter& deadLettered;
  metrics::Histogram& batchLatency;
  metrics::Gauge& queueDepth;
  metrics::Gauge& queueFill;
  metrics::Gauge& queueCapacity;
  metrics::Gauge& positionPartition;
  metrics::Gauge& positionOffset;

  void setPosition(const record::SourcePosition& p) {
    positionPartition.set(p.partition);
    positionOffset.set(static_cast<double>(p.offset));
  }
};

}  // namespace tributary::runtime
