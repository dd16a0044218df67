// transform.join: joins its `left` and `right` inputs by key, within a time
// window or against a table of the latest right values (stream::Joiner).
// This file adapts it to the runtime: the spec with both input ports, the
// late-record and buffered-record metrics, and finish() for finite inputs.
#include "core/connectors/counter_feed.h"
#include "core/connectors/registration.h"
#include "core/connectors/spec_field.h"
#include "core/metrics/registry.h"
#include "core/connectors/stateful_transform.h"
#include "core/stream/joiner.h"

namespace tributary::connectors {
namespace {

class JoinTransform final : public StatefulTransform<stream::Joiner> {
 public:
  JoinTransform(stream::Joiner joiner, const runtime::NodeContext& context, metrics::Counter* late,
                metrics::Gauge* buffered, metrics::Gauge* stateBytes)
      : StatefulTransform(std::move(joiner), context, stateBytes), m_late(late), m_buffered(buffered) {}

 private:
  void absorb(stream::Joiner& machine, std::uint16_t port, record::Batch& batch,
              runtime::ErrorReporter& errors) override {
    machine.process(port, batch, errors);
  }
  std::int64_t machineTickMs(const stream::Joiner& machine) const override { return machine.tickIntervalMs(); }
  void tickMachine(stream::Joiner& machine, record::Batch& out, runtime::ErrorReporter& errors) override {
    machine.tick(out, errors);
  }
  void finishMachine(stream::Joiner& machine, record::Batch& out, runtime::ErrorReporter& errors) override {
    machine.finish(out, errors);
  }
  void publish() override {
    m_late.update(lateRecords());
    std::size_t buffered = 0;
    forEachMachine([&](const stream::Joiner& m) { buffered += m.bufferedRecords(); });
    if (m_buffered) m_buffered->set(static_cast<double>(buffered));
  }

  CounterFeed m_late;
  metrics::Gauge* m_buffered;
};

}  // namespace

void registerJoinTransform(runtime::FactoryRegistry& registry) {
  using model::FieldType;
  runtime::NodeFactory f;
  model::NodeSpec& s = f.spec;
  s.type = "transform.join";
  s.category = model::NodeCategory::Transform;
  s.title = "Join";
  s.icon = "join";
  s.help =
      "Joins two inputs by key. mode window: records match when their event times are within before/after of "
      "each other; a left or full join emits a record without a match only once the window and grace have "
      "passed. mode table: the right input is a table of the latest value per key (deletes remove keys) and "
      "each left record is matched against it as it arrives.";
  std::vector<model::PortKind> any = {model::PortKind::Records, model::PortKind::Changes, model::PortKind::Any};
  s.inputs = {{"left", model::PortKind::Any, any, true}, {"right", model::PortKind::Any, any, true}};
  s.outputs = {{"out", model::PortKind::Records, {}, true}};
  model::FieldSpec type = specField("type", FieldType::Enum,
                                "inner: only matches; left: also left records without a match; full: also right "
                                "records without a match (window mode).",
                                "inner");
  type.allowed = {"inner", "left", "full"};
  s.fields.push_back(type);
  model::FieldSpec mode = specField("mode", FieldType::Enum,
                                "window: match records close in time; table: match against the latest right value "
                                "per key.",
                                "window");
  mode.allowed = {"window", "table"};
  s.fields.push_back(mode);
  model::FieldSpec leftKey = specField("left_key", FieldType::Expression, "Join key of a left record, e.g. order_id or _key.");
  leftKey.required = true;
  s.fields.push_back(leftKey);
  model::FieldSpec rightKey = specField("right_key", FieldType::Expression, "Join key of a right record.");
  rightKey.required = true;
  s.fields.push_back(rightKey);
  s.fields.push_back(durationField("before", "Window mode: how much earlier than a left record a right record may be.",
                                   "5m"));
  s.fields.push_back(durationField("after", "Window mode: how much later than a left record a right record may be.",
                                   "5m"));
  s.fields.push_back(durationField(
      "grace", "Window mode: how long to wait for out-of-order records of an input; older ones are late.", "0s"));
  model::FieldSpec select = specField("select", FieldType::Projection,
                                  "The output, from left.* and right.* fields, e.g. left.order_id, left.units, "
                                  "right.warehouse_id. *: {\"left\": ..., \"right\": ...}.",
                                  "*");
  s.fields.push_back(select);
  model::FieldSpec lts = specField("left_timestamp", FieldType::Expression,
                               "Event time of a left record; not set: the record's timestamp.");
  lts.advanced = true;
  s.fields.push_back(lts);
  model::FieldSpec rts = specField("right_timestamp", FieldType::Expression,
                               "Event time of a right record; not set: the record's timestamp.");
  rts.advanced = true;
  s.fields.push_back(rts);
  s.fields.push_back(durationField("max_idle",
                                   "Window mode: each input keeps its own time and the join follows the one "
                                   "behind, so an input that runs ahead expires nothing early. An input that "
                                   "sends nothing while the other keeps sending this long is idle, and the join "
                                   "follows the other alone until it sends again.",
                                   "5s", true));
  s.fields.push_back(durationField("idle_timeout",
                                   "Window mode: when neither input sends anything for this long, stream time "
                                   "advances with the clock, so buffered records still expire and unmatched "
                                   "rows come out. 0: off (only newer records or the end of the input move it).",
                                   "0s", true));
  s.fields.push_back(coPartitionedField());
  f.transform = [](const runtime::NodeContext& ctx) -> Result<std::unique_ptr<runtime::Transform>> {
    auto joiner = stream::Joiner::create(ctx.config);
    if (!joiner) return joiner.error();
    metrics::Counter* late = nullptr;
    metrics::Gauge* buffered = nullptr;
    if (ctx.metrics) {
      metrics::Labels labels = {{"pipeline", ctx.pipeline}, {"node", ctx.nodeId}, {"type", ctx.type}};
      late = &ctx.metrics->counter("tributary_node_late_records_total",
                                   "Records older than stream time minus grace (dead-lettered with reason late).",
                                   labels);
      buffered = &ctx.metrics->gauge("tributary_node_state_records", "Records a join holds in its state.", labels);
    }
    return std::unique_ptr<runtime::Transform>(std::make_unique<JoinTransform>(
        std::move(joiner).value(), ctx, late, buffered, stateBytesGauge(ctx)));
  };
  registry.add(std::move(f));
}

}  // namespace tributary::connectors
