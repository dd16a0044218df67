// transform.aggregate: windowed (or running) aggregates per group, computed
// by stream::Aggregator. This file adapts it to the runtime: the spec with its
// form fields, the late-record and open-window metrics, and the tick/finish
// hooks that let windows close without new input.
#include "core/connectors/counter_feed.h"
#include "core/connectors/registration.h"
#include "core/connectors/spec_field.h"
#include "core/metrics/registry.h"
#include "core/connectors/stateful_transform.h"
#include "core/stream/aggregator.h"

namespace tributary::connectors {
namespace {

class AggregateTransform final : public StatefulTransform<stream::Aggregator> {
 public:
  AggregateTransform(stream::Aggregator aggregator, const runtime::NodeContext& context, metrics::Counter* late,
                     metrics::Gauge* windows, metrics::Gauge* stateBytes)
      : StatefulTransform(std::move(aggregator), context, stateBytes), m_late(late), m_windows(windows) {}

 private:
  void absorb(stream::Aggregator& machine, std::uint16_t /*port*/, record::Batch& batch,
              runtime::ErrorReporter& errors) override {
    machine.process(batch, errors);
  }
  std::int64_t machineTickMs(const stream::Aggregator& machine) const override { return machine.tickIntervalMs(); }
  void tickMachine(stream::Aggregator& machine, record::Batch& out, runtime::ErrorReporter& /*errors*/) override {
    machine.tick(out);
  }
  void finishMachine(stream::Aggregator& machine, record::Batch& out, runtime::ErrorReporter& /*errors*/) override {
    machine.finish(out);
  }
  void publish() override {
    m_late.update(lateRecords());
    std::size_t open = 0;
    forEachMachine([&](const stream::Aggregator& m) { open += m.openWindows(); });
    if (m_windows) m_windows->set(static_cast<double>(open));
  }

  CounterFeed m_late;
  metrics::Gauge* m_windows;
};

}  // namespace

void registerAggregateTransform(runtime::FactoryRegistry& registry) {
  using model::FieldType;
  runtime::NodeFactory f;
  model::NodeSpec& s = f.spec;
  s.type = "transform.aggregate";
  s.category = model::NodeCategory::Transform;
  s.title = "Aggregate";
  s.icon = "aggregate";
  s.help =
      "Counts, sums and more per group and time window, like GROUP BY with WINDOW in ksqlDB. Uses event time; "
      "a window's result is emitted once stream time passes its end plus the grace period (emit final), or on "
      "every change (emit changes). Records older than stream time minus grace are late: they go through the "
      "error policy with the reason \"late\".";
  s.inputs = {
      {"in", model::PortKind::Any, {model::PortKind::Records, model::PortKind::Changes, model::PortKind::Any}, true}};
  s.outputs = {{"out", model::PortKind::Records, {}, true}};
  model::FieldSpec groupBy = specField("group_by", FieldType::List,
                                   "Expressions to group by, one per entry, e.g. [\"warehouse_id\", \"upper(item_type) "
                                   "AS item_type\"]. None: one group for all records.",
                                   nlohmann::json::array());
  groupBy.itemType = FieldType::Projection;
  s.fields.push_back(groupBy);
  s.fields.push_back(specField("timestamp", FieldType::Expression,
                           "Event time of a record: an expression giving a timestamp, an ISO string or epoch "
                           "milliseconds, e.g. after.created_at. Not set: the record's own timestamp."));
  model::FieldSpec window = specField("window", FieldType::Enum,
                                  "tumbling: fixed windows of `size`; hopping: windows of `size` every `advance`; "
                                  "session: activity separated by `gap`; none: running totals per group.",
                                  "tumbling");
  window.allowed = {"tumbling", "hopping", "session", "none"};
  s.fields.push_back(window);
  model::FieldSpec size = specField("size", FieldType::Duration, "Window length (tumbling, hopping), e.g. \"1m\" or \"1d\".", "1m");
  size.min = 1;
  s.fields.push_back(size);
  s.fields.push_back(specField("advance", FieldType::Duration, "Hopping windows: how far each window starts after the previous one."));
  s.fields.push_back(specField("gap", FieldType::Duration, "Session windows: the inactivity that ends a session."));
  s.fields.push_back(durationField("grace",
                                   "How long a window waits for out-of-order records after its end. Records older "
                                   "than stream time minus grace are late.",
                                   "0s"));
  s.fields.push_back(specField("time_zone", FieldType::String,
                           "Aligns windows to local time, e.g. Europe/Berlin or +02:00, so a \"1d\" window runs "
                           "from local midnight to midnight.",
                           "UTC"));
  model::FieldSpec aggregates = specField(
      "aggregates", FieldType::List,
      "What to compute, one per entry, as fn(expr) AS name (e.g. count(*) AS orders, sum(units) AS units) or "
      "{\"fn\", \"expr\", \"as\"}: fn is count, sum, min, max, avg, count_distinct, first or last; count(*) "
      "counts records.");
  aggregates.itemType = FieldType::Map;
  aggregates.required = true;
  s.fields.push_back(aggregates);
  model::FieldSpec emit = specField("emit", FieldType::Enum,
                                "final: one result per window when it closes; changes: a result whenever it "
                                "changes (at most once per emit_interval).",
                                "final");
  emit.allowed = {"final", "changes"};
  s.fields.push_back(emit);
  s.fields.push_back(durationField("emit_interval",
                                   "emit changes: the least time between two results of a group; 0 emits after "
                                   "every input batch.",
                                   "0s", true));
  s.fields.push_back(durationField("idle_timeout",
                                   "When no record arrives for this long, stream time advances with the clock so "
                                   "windows still close. 0: off (windows close only on newer records or at the end "
                                   "of the input).",
                                   "0s", true));
  s.fields.push_back(coPartitionedField());
  f.transform = [](const runtime::NodeContext& ctx) -> Result<std::unique_ptr<runtime::Transform>> {
    auto aggregator = stream::Aggregator::create(ctx.config);
    if (!aggregator) return aggregator.error();
    metrics::Counter* late = nullptr;
    metrics::Gauge* windows = nullptr;
    metrics::Gauge* stateBytes = stateBytesGauge(ctx);
    if (ctx.metrics) {
      metrics::Labels labels = {{"pipeline", ctx.pipeline}, {"node", ctx.nodeId}, {"type", ctx.type}};
      late = &ctx.metrics->counter("tributary_node_late_records_total",
                                   "Records older than stream time minus grace (dead-lettered with reason late).",
                                   labels);
      windows = &ctx.metrics->gauge("tributary_node_state_windows", "Open windows held by a stateful node.", labels);
    }
    return std::unique_ptr<runtime::Transform>(std::make_unique<AggregateTransform>(
        std::move(aggregator).value(), ctx, late, windows, stateBytes));
  };
  registry.add(std::move(f));
}

}  // namespace tributary::connectors
