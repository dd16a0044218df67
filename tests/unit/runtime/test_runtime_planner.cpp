// The planner: which nodes share a task (fused transform chains) and where
// the channels go (sinks, fan-out, fan-in, topics).
#include <QtTest>

#include "core/runtime/members.h"
#include "core/runtime/plan.h"
#include "runtime_test_util.h"

using namespace tributary;
using namespace tributary::testing;

namespace {

model::SpecRegistry specs() {
  model::SpecRegistry r;
  auto add = [&](const char* type, model::NodeCategory c) {
    model::NodeSpec s;
    s.type = type;
    s.category = c;
    r.add(s);
  };
  add("src", model::NodeCategory::Source);
  add("tx", model::NodeCategory::Transform);
  add("sink", model::NodeCategory::Sink);
  add("topic", model::NodeCategory::Topic);
  model::NodeSpec parallel;  // a source that declares `parallelism` (like a topic's consuming half)
  parallel.type = "consume";
  parallel.category = model::NodeCategory::Source;
  parallel.fields.push_back(model::FieldSpec{.name = "parallelism", .type = model::FieldType::Int});
  r.add(parallel);
  return r;
}

std::string describe(const model::Pipeline& p) {
  auto planned = runtime::plan(p, specs());
  if (!planned) return "error: " + planned.error().toString();
  return planned->describe();
}

}  // namespace

class TestRuntimePlanner final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void linearChainIsFusedIntoItsSource() {
    auto p = makePipeline("p", {node("gen", "src"), node("f", "tx"), node("m", "tx"), node("out", "sink")},
                          {edge("gen", "f"), edge("f", "m"), edge("m", "out")});
    QCOMPARE(QString::fromStdString(describe(p)),
             QStringLiteral("task 0 gen+f+m -> [1]\ntask 1 out (input from 1 edge)\n"));
  }

  void fanOutEndsTheChain() {
    // gen -> f -> {a, m -> b}: f feeds two channels; m starts its own task.
    auto p =
        makePipeline("p", {node("gen", "src"), node("f", "tx"), node("a", "sink"), node("m", "tx"), node("b", "sink")},
                     {edge("gen", "f"), edge("f", "a"), edge("f", "m"), edge("m", "b")});
    QCOMPARE(QString::fromStdString(describe(p)),
             QStringLiteral("task 0 gen+f -> [1,2]\ntask 1 a (input from 1 edge)\ntask 2 m (input from 1 edge) -> "
                            "[3]\ntask 3 b (input from 1 edge)\n"));
  }

  void fanInGetsOneSharedChannel() {
    auto p = makePipeline("p", {node("a", "src"), node("b", "src"), node("u", "tx"), node("out", "sink")},
                          {edge("a", "u"), edge("b", "u"), edge("u", "out")});
    QCOMPARE(QString::fromStdString(describe(p)),
             QStringLiteral("task 0 a -> [2]\ntask 1 b -> [2]\ntask 2 u (input from 2 edges) -> [3]\ntask 3 out (input "
                            "from 1 edge)\n"));
  }

  void topicsAreTaskBoundaries() {
    auto p = makePipeline("p", {node("gen", "src"), node("t", "topic"), node("m", "tx"), node("out", "sink")},
                          {edge("gen", "t"), edge("t", "m"), edge("m", "out")});
    QCOMPARE(QString::fromStdString(describe(p)),
             QStringLiteral("task 0 gen -> [1]\ntask 1 t (input from 1 edge) -> [2]\ntask 2 m (input from 1 edge) -> "
                            "[3]\ntask 3 out (input from 1 edge)\n"));
  }

  void cyclesAndUnknownTypesAreRefused() {
    auto cyclic = makePipeline("p", {node("gen", "src"), node("a", "tx"), node("b", "tx")},
                               {edge("gen", "a"), edge("a", "b"), edge("b", "a")});
    QVERIFY(describe(cyclic).find("cycle") != std::string::npos);
    auto unknown = makePipeline("p", {node("gen", "nope")}, {});
    QVERIFY(describe(unknown).find("unknown node type") != std::string::npos);
  }

  // parallelism: N copies of the stage after the source, each its own chain.
  void parallelStagesAreCopiedPerMember() {
    auto p = makePipeline("p",
                          {node("in", "consume", {{"parallelism", 2}}), node("m", "tx"),
                           node("out", "sink", {{"path", "logs/consumer_{member}/log.json"}})},
                          {edge("in", "m"), edge("m", "out")});
    auto expanded = runtime::expandMembers(p, specs());
    QVERIFY2(expanded, expanded ? "" : expanded.error().toString().c_str());
    QCOMPARE(expanded->pipeline.nodes.size(), std::size_t(6));
    QCOMPARE(expanded->member.at("m#1"), 1);
    QCOMPARE(expanded->pipeline.nodes[2].config["path"].get<std::string>(), std::string("logs/consumer_0/log.json"));
    QCOMPARE(expanded->pipeline.nodes[5].id, std::string("out#1"));
    QCOMPARE(expanded->pipeline.nodes[5].config["path"].get<std::string>(), std::string("logs/consumer_1/log.json"));
    QCOMPARE(runtime::memberBaseId("out#1"), std::string("out"));
    QCOMPARE(runtime::memberBaseId("a#b"), std::string("a#b"));
    QCOMPARE(runtime::userNodeId("in~out#2"), std::string("in"));
    QCOMPARE(runtime::userNodeId("in~out"), std::string("in"));
    QCOMPARE(runtime::userNodeId("agg#1"), std::string("agg"));
    QCOMPARE(runtime::userNodeId("a~outer"), std::string("a~outer"));
    auto planned = runtime::plan(expanded->pipeline, specs());
    QVERIFY(planned);
    QCOMPARE(QString::fromStdString(planned->describe()),
             QStringLiteral("task 0 in+m -> [2]\ntask 1 in#1+m#1 -> [3]\ntask 2 out (input from 1 edge)\ntask 3 out#1 "
                            "(input from 1 edge)\n"));
  }

  void parallelStagesRefuseSharedFilesAndOutsideInputs() {
    auto shared = makePipeline("p",
                               {node("in", "consume", {{"parallelism", 2}}), node("out", "sink", {{"path", "one.json"}})},
                               {edge("in", "out")});
    auto refused = runtime::expandMembers(shared, specs());
    QVERIFY(!refused);
    QCOMPARE(refused.error().where, std::string("node out path"));
    QVERIFY(refused.error().message.find("put {member} in its path") != std::string::npos);

    auto fanIn = makePipeline("p", {node("in", "consume", {{"parallelism", 2}}), node("gen", "src"), node("j", "tx"),
                                    node("out", "sink")},
                              {edge("in", "j"), edge("gen", "j"), edge("j", "out")});
    auto outside = runtime::expandMembers(fanIn, specs());
    QVERIFY(!outside);
    QVERIFY(outside.error().message.find("node `j` also reads from `gen`") != std::string::npos);
    // parallelism 1 copies nothing: another input is fine.
    fanIn.nodes[0].config["parallelism"] = 1;
    auto one1 = runtime::expandMembers(fanIn, specs());
    QVERIFY2(one1, one1 ? "" : one1.error().toString().c_str());
    QCOMPARE(one1->pipeline.nodes.size(), std::size_t(4));

    auto one = makePipeline("p", {node("in", "consume", {{"parallelism", 1}}), node("out", "sink", {{"path", "x"}})},
                            {edge("in", "out")});
    auto single = runtime::expandMembers(one, specs());
    QVERIFY(single);
    QCOMPARE(single->pipeline.nodes.size(), std::size_t(2));
  }
};

QTEST_APPLESS_MAIN(TestRuntimePlanner)
#include "test_runtime_planner.moc"
