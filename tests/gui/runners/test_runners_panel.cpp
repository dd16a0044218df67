// The Runners dock against a real `tributary-runner serve`: it shows the
// runner's health, version and pipelines, deploys the open pipeline there,
// and stops it. Saves a screenshot of the panel (docs/screenshots when
// TRIBUTARY_SCREENSHOTS is set, the temporary folder otherwise).
#include <QAbstractButton>
#include <QApplication>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include "core/connectors/builtin.h"
#include "core/model/pipeline_file.h"
#include "remote_fixture.h"
#include "widgets/document/pipeline_document.h"
#include "widgets/runners/runners_panel.h"

using namespace tributary;
using namespace tributary::testing;
using namespace std::chrono_literals;

class TestRunnersPanel final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    // The panel remembers runners (settings, token files): keep this test's apart.
    QVERIFY(m_home.isValid());
    qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toUtf8());
    qputenv("XDG_STATE_HOME", m_home.filePath(QStringLiteral("state")).toUtf8());
  }

  void showsDeploysAndStops() {
    QTemporaryDir dir;
    Runner runner;
    runner.stateDir = dir.filePath(QStringLiteral("state")).toStdString();
    runner.logFile = dir.filePath(QStringLiteral("runner.err")).toStdString();
    QVERIFY2(runner.start(), runner.log().c_str());

    auto demo = model::loadPipeline(std::string(TRIBUTARY_SOURCE_DIR) + "/resources/templates/demo.tributary.json");
    QVERIFY(demo);
    widgets::PipelineDocument document(connectors::builtinSpecs());
    document.reset(*demo);
    widgets::RunnersPanel panel(&document);
    panel.resize(900, 260);
    panel.show();
    panel.addRunner(QString::fromStdString(runner.url), QString::fromStdString(runner.token));
    panel.addRunner(QStringLiteral("http://127.0.0.1:1"), QStringLiteral("nothing-listens-here"));
    auto* tree = panel.findChild<QTreeWidget*>();
    QVERIFY(tree);
    QTRY_COMPARE_WITH_TIMEOUT(tree->topLevelItem(0)->text(1), QStringLiteral("healthy"), 15000);
    QTRY_COMPARE_WITH_TIMEOUT(tree->topLevelItem(1)->text(1), QStringLiteral("unreachable"), 15000);
    QVERIFY(tree->topLevelItem(0)->text(2).startsWith(QLatin1String("0.")));

    // Deploy to the first runner only (selected).
    tree->clearSelection();
    tree->topLevelItem(0)->setSelected(true);
    auto* deploy = [&]() -> QAbstractButton* {
      for (auto* b : panel.findChildren<QAbstractButton*>())
        if (b->text() == QLatin1String("Deploy")) return b;
      return nullptr;
    }();
    QVERIFY(deploy);
    deploy->click();
    QTRY_VERIFY_WITH_TIMEOUT(tree->topLevelItem(0)->childCount() == 1 &&
                                 tree->topLevelItem(0)->child(0)->text(2) == QLatin1String("running"),
                             20000);
    QCOMPARE(tree->topLevelItem(0)->child(0)->text(0), QString::fromStdString(demo->name));
    auto listed = runner.client->pipeline(demo->name);
    QVERIFY(listed && (*listed)["state"] == "running");

    QString out = qEnvironmentVariableIsSet("TRIBUTARY_SCREENSHOTS")
                      ? QStringLiteral(TRIBUTARY_SOURCE_DIR "/docs/screenshots/runners-panel.png")
                      : dir.filePath(QStringLiteral("runners-panel.png"));
    QVERIFY(panel.grab().save(out));

    for (auto* b : panel.findChildren<QAbstractButton*>())
      if (b->text() == QLatin1String("Stop")) b->click();
    QTRY_VERIFY_WITH_TIMEOUT(tree->topLevelItem(0)->childCount() == 1 &&
                                 tree->topLevelItem(0)->child(0)->text(2) == QLatin1String("stopped"),
                             20000);
  }
 private:
  QTemporaryDir m_home;
};

QTEST_MAIN(TestRunnersPanel)
#include "test_runners_panel.moc"
