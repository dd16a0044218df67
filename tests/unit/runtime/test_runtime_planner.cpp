// The planner: which nodes share a task (fused transform chains) and where
// the channels go (sinks, fan-out, fan-in, topics).
#include <QtTest>

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
};

QTEST_APPLESS_MAIN(TestRuntimePlanner)
#include "test_runtime_planner.moc"
