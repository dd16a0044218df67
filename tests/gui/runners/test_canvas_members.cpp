// A consumer group's members on the canvas. A topic with four partitions on a
// real broker (`tributary-runner broker`) is read with `parallelism: 2`:
//   - in a designer run (RunController), the topic's node shows
//     "2 members · 4 partitions" below its figures and each member's
//     partitions in its tooltip; a consumer that is not ours
//     (python3-confluent-kafka) joins the same group, the group rebalances and
//     the node shows what our members hold now — the partitions the other
//     consumer did not get, as it reports them — and all four again once it
//     has left; run again with `parallelism: 5`, one member is idle
//     ("5 members · 4 partitions · 1 idle");
//   - deployed to a `tributary-runner serve`, the same line and tooltip come
//     from the runner's /metrics, the members named by their runner;
//   - in both, the node's page in the Inspector lists the same members with
//     the same partitions (beyond the hover), and follows the rebalance.
// Both read the tributary_source_member_partition(s) gauges the topic source
// sets on every rebalance.
#include <QAbstractButton>
#include <QGraphicsView>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include <set>

#include <nlohmann/json.hpp>

#include "core/connectors/builtin.h"
#include "remote_fixture.h"
#include "widgets/canvas/node_item.h"
#include "widgets/canvas/pipeline_scene.h"
#include "widgets/document/pipeline_document.h"
#include "widgets/inspector/inspector.h"
#include "widgets/run/run_controller.h"
#include "widgets/runners/remote_run_monitor.h"
#include "widgets/runners/runners_panel.h"

using namespace tributary;
using namespace tributary::testing;
using namespace std::chrono_literals;

namespace {

const std::string kPython = "/usr/bin/python3";
constexpr int kPartitions = 4;

// "m0: 0, 1" lines of a node's tooltip or of the Inspector's member list:
// member name -> partitions ("idle": none).
std::map<QString, std::set<int>> tooltipMembers(const QString& tip) {
  std::map<QString, std::set<int>> out;
  static const QRegularExpression line(QStringLiteral("(?:^|\n|<br>|&nbsp;)((?:[0-9.:]+ )?m[0-9]+): ([0-9, ]+|idle)"));
  for (auto it = line.globalMatch(tip); it.hasNext();) {
    auto m = it.next();
    auto& partitions = out[m.captured(1)];
    if (m.captured(2) != QStringLiteral("idle"))
      for (const QString& p : m.captured(2).split(QStringLiteral(", "), Qt::SkipEmptyParts))
        partitions.insert(p.toInt());
  }
  return out;
}

// The members' partitions, disjoint; their union (empty when two members share one).
std::set<int> disjointUnion(const std::map<QString, std::set<int>>& members) {
  std::set<int> all;
  std::size_t n = 0;
  for (const auto& [name, partitions] : members) {
    all.insert(partitions.begin(), partitions.end());
    n += partitions.size();
  }
  return n == all.size() ? all : std::set<int>{};
}

}  // namespace

class TestCanvasMembers final : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  std::unique_ptr<ChildProcess> m_broker;
  std::string m_bootstrap;

  std::string path(const std::string& name) const { return m_dir.filePath(QString::fromStdString(name)).toStdString(); }
  Shell py(const std::string& args) { return shell(kPython + " " + REMOTE_CLIENTS_PY + " " + args + " 2>&1"); }

  model::Pipeline pipeline(const std::string& name) const {
    model::Pipeline p;
    p.name = name;
    p.cluster.bootstrap = m_bootstrap;
    p.nodes = {{"in", "topic", "", {{"name", "in"}, {"create", false}, {"parallelism", 2}}, model::Position{0, 0}},
               {"log", "sink.file", "", {{"path", path(name + "/consumer_{member}.jsonl")}}, model::Position{360, 0}}};
    p.edges = {{"in", "", "log", ""}};
    return p;
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("config")).toUtf8());
    m_broker = std::make_unique<ChildProcess>(
        std::vector<std::string>{TRIBUTARY_RUNNER, "broker", "--listen", "127.0.0.1:0", "--data", path("broker")},
        path("broker.err"), true);
    m_bootstrap = readListeningLine(*m_broker, 30s);
    QVERIFY2(!m_bootstrap.empty(), slurp(path("broker.err")).c_str());
    Shell created = py("create-topic " + m_bootstrap + " in " + std::to_string(kPartitions));
    QVERIFY2(created.code == 0, created.out.c_str());
    Shell produced = py("produce " + m_bootstrap + " in 0 200");
    QVERIFY2(produced.code == 0, produced.out.c_str());
  }

  void designerRunShowsMembersAndFollowsARebalance() {
    const runtime::FactoryRegistry registry = connectors::builtinFactories();
    widgets::PipelineDocument document(registry.specs());
    document.reset(pipeline("members-local"));
    widgets::PipelineScene scene(&document);
    widgets::RunController run(registry, &scene, nullptr);
    QGraphicsView view(&scene);
    view.resize(900, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    widgets::NodeItem* node = scene.nodeItem(QStringLiteral("in"));
    QVERIFY(node);
    const qreal designHeight = node->boundingRect().height();
    QVERIFY(node->runLine().isEmpty());

    Status started = run.start(document.pipeline(), m_dir.filePath(QStringLiteral("members-local")));
    QVERIFY2(started, started ? "" : started.error().toString().c_str());
    const QString all = QStringLiteral("2 members · 4 partitions");
    QTRY_COMPARE_WITH_TIMEOUT(node->runLine(), all, 30000);
    // The card grows by the line; the tooltip lists each member's partitions.
    QVERIFY(node->boundingRect().height() > designHeight);
    auto members = tooltipMembers(node->toolTip());
    QVERIFY2(members.size() == 2 && members.count(QStringLiteral("m0")) && members.count(QStringLiteral("m1")),
             qPrintable(node->toolTip()));
    QCOMPARE(disjointUnion(members), (std::set<int>{0, 1, 2, 3}));
    QVERIFY2(!members[QStringLiteral("m0")].empty() && !members[QStringLiteral("m1")].empty(),
             qPrintable(node->toolTip()));

    // The node's page in the Inspector lists the same members and partitions, under the same line.
    widgets::Inspector inspector(&document);
    inspector.setRunState(scene.runState());
    inspector.showNode(QStringLiteral("in"));
    inspector.resize(360, 700);
    inspector.show();
    QTRY_COMPARE_WITH_TIMEOUT(tooltipMembers(inspector.membersText()), tooltipMembers(node->toolTip()), 5000);
    QCOMPARE(inspector.membersText().section(QLatin1Char('\n'), 0, 0), all);

    // A consumer that is not ours joins the group: it gets some partitions, ours the rest.
    const QString stopFile = m_dir.filePath(QStringLiteral("stop-joiner"));
    QProcess joiner;
    joiner.setProcessChannelMode(QProcess::MergedChannels);
    joiner.start(QString::fromStdString(kPython),
                 {QStringLiteral(REMOTE_CLIENTS_PY), QStringLiteral("join-group"), QString::fromStdString(m_bootstrap),
                  QStringLiteral("in"), QStringLiteral("tributary.members-local.in"), stopFile});
    QVERIFY(joiner.waitForStarted());
    std::set<int> theirs;
    QString said;
    QTRY_VERIFY2_WITH_TIMEOUT(
        [&] {
          said += QString::fromUtf8(joiner.readAll());
          for (const QString& l : said.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            auto j = nlohmann::json::parse(l.toStdString(), nullptr, false);
            if (j.is_object() && j.contains("assigned")) theirs = j["assigned"].get<std::set<int>>();
          }
          if (theirs.empty()) return false;
          auto ours = tooltipMembers(node->toolTip());
          std::set<int> expected;
          for (int p = 0; p < kPartitions; ++p)
            if (!theirs.count(p)) expected.insert(p);
          return ours.size() == 2 && disjointUnion(ours) == expected;
        }(),
        qPrintable(said + QStringLiteral("\n") + node->toolTip()), 45000);
    qInfo("the other consumer holds %zu partition(s); the node shows: %s", theirs.size(), qPrintable(node->runLine()));
    QCOMPARE(node->runLine(), QStringLiteral("2 members · %1 partitions").arg(kPartitions - theirs.size()));
    // The Inspector follows the rebalance: the partitions the other consumer did not get.
    QTRY_COMPARE_WITH_TIMEOUT(tooltipMembers(inspector.membersText()), tooltipMembers(node->toolTip()), 5000);
    QVERIFY2(!disjointUnion(tooltipMembers(inspector.membersText())).empty(), qPrintable(inspector.membersText()));
    for (int p : theirs)
      QVERIFY2(!disjointUnion(tooltipMembers(inspector.membersText())).count(p), qPrintable(inspector.membersText()));

    // It leaves: our two members hold all four again.
    QFile(stopFile).open(QIODevice::WriteOnly);
    QVERIFY(joiner.waitForFinished(30000));
    QTRY_COMPARE_WITH_TIMEOUT(node->runLine(), all, 45000);
    QCOMPARE(disjointUnion(tooltipMembers(node->toolTip())), (std::set<int>{0, 1, 2, 3}));

    // Stopped: the line goes, the card is its design size again.
    run.stop();
    QTRY_VERIFY_WITH_TIMEOUT(!run.isActive(), 30000);
    QVERIFY(node->runLine().isEmpty());
    QCOMPARE(node->boundingRect().height(), designHeight);
    QVERIFY2(inspector.membersText().isEmpty(), qPrintable(inspector.membersText()));

    // parallelism 5 on four partitions: one member is idle, and says so.
    model::Pipeline five = document.pipeline();
    five.nodes[0].config["parallelism"] = 5;
    document.reset(five);
    node = scene.nodeItem(QStringLiteral("in"));
    QVERIFY(node);
    started = run.start(document.pipeline(), m_dir.filePath(QStringLiteral("members-local")));
    QVERIFY2(started, started ? "" : started.error().toString().c_str());
    QTRY_COMPARE_WITH_TIMEOUT(node->runLine(), QStringLiteral("5 members · 4 partitions · 1 idle"), 45000);
    members = tooltipMembers(node->toolTip());
    QCOMPARE(members.size(), std::size_t{5});
    QCOMPARE(disjointUnion(members), (std::set<int>{0, 1, 2, 3}));
    int idle = 0;
    for (const auto& [name, partitions] : members) idle += partitions.empty() ? 1 : 0;
    QCOMPARE(idle, 1);
    QVERIFY2(node->toolTip().contains(QStringLiteral(": idle")), qPrintable(node->toolTip()));
    run.stop();
    QTRY_VERIFY_WITH_TIMEOUT(!run.isActive(), 30000);
  }

  void runnerRunShowsMembersByRunner() {
    Runner runner;
    runner.stateDir = path("runner");
    runner.logFile = path("runner.err");
    QVERIFY2(runner.start(), runner.log().c_str());
    widgets::PipelineDocument document(connectors::builtinSpecs());
    document.reset(pipeline("members-runner"));
    widgets::PipelineScene scene(&document);
    widgets::RunnersPanel panel(&document);
    panel.monitor()->setScene(&scene);
    panel.monitor()->setInterval(300);
    panel.show();
    panel.addRunner(QString::fromStdString(runner.url), QString::fromStdString(runner.token));
    auto* tree = panel.findChild<QTreeWidget*>();
    QTRY_COMPARE_WITH_TIMEOUT(tree->topLevelItem(0)->text(1), QStringLiteral("healthy"), 15000);
    QAbstractButton* deploy = nullptr;
    for (auto* b : panel.findChildren<QAbstractButton*>())
      if (b->text() == QStringLiteral("Deploy")) deploy = b;
    QVERIFY(deploy);
    deploy->click();

    widgets::NodeItem* node = scene.nodeItem(QStringLiteral("in"));
    QVERIFY(node);
    QTRY_COMPARE_WITH_TIMEOUT(node->runLine(), QStringLiteral("2 members · 4 partitions"), 45000);
    const QString label = widgets::RemoteRunMonitor::runnerLabel(QString::fromStdString(runner.url));
    auto members = tooltipMembers(node->toolTip());
    QVERIFY2(members.size() == 2 && members.count(label + QStringLiteral(" m0")) &&
                 members.count(label + QStringLiteral(" m1")),
             qPrintable(node->toolTip()));
    QCOMPARE(disjointUnion(members), (std::set<int>{0, 1, 2, 3}));
    // The runner's own status says the same.
    auto status = runner.client->pipeline("members-runner");
    QVERIFY2(status, status ? "" : status.error().toString().c_str());
    std::set<std::set<int>> fromStatus, fromCanvas;
    for (const auto& n : (*status)["nodes"])
      if (n.value("id", "") == "in")
        for (const auto& m : n["members"]) fromStatus.insert(m["partitions"].get<std::set<int>>());
    for (const auto& [name, partitions] : tooltipMembers(node->toolTip())) fromCanvas.insert(partitions);
    QCOMPARE(fromCanvas, fromStatus);
    // The Inspector's list: the same members, named by their runner.
    widgets::Inspector inspector(&document);
    inspector.setRunState(scene.runState());
    inspector.showNode(QStringLiteral("in"));
    QTRY_COMPARE_WITH_TIMEOUT(tooltipMembers(inspector.membersText()), tooltipMembers(node->toolTip()), 5000);
    std::set<std::set<int>> fromInspector;
    for (const auto& [name, partitions] : tooltipMembers(inspector.membersText())) fromInspector.insert(partitions);
    QCOMPARE(fromInspector, fromStatus);

    auto stopped = runner.client->stop("members-runner");
    QVERIFY2(stopped, stopped ? "" : stopped.error().toString().c_str());
    QTRY_VERIFY_WITH_TIMEOUT(node->runLine().isEmpty(), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(inspector.membersText().isEmpty(), 5000);
  }
};

QTEST_MAIN(TestCanvasMembers)
#include "test_canvas_members.moc"
