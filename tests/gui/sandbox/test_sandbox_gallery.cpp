// The gallery path of the sandbox, clicked as a user would: New from Template →
// seed001-users → "Start sandbox and run". PostgreSQL and MariaDB start in the
// sandbox, the schema and traffic load, the pipeline runs and every node shows
// records/s; the Sandbox panel lists both servers with their connection
// settings; closing the window stops them (nothing was pinned). The rows are
// checked in MariaDB with its own client.
// TRIBUTARY_SCREENSHOT=FILE saves a picture of the window while it runs.
#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QListWidget>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include "core/connectors/builtin.h"
#include "core/sandbox/sandbox.h"
#include "tests/integration/databases/db_servers.h"
#include "widgets/canvas/node_item.h"
#include "widgets/canvas/pipeline_scene.h"
#include "widgets/document/pipeline_document.h"
#include "widgets/run/run_controller.h"
#include "widgets/sandbox/sandbox_controller.h"
#include "widgets/sandbox/sandbox_panel.h"
#include "widgets/shell/main_window.h"
#include "widgets/shell/template_gallery.h"

using namespace tributary;
using namespace tributary::widgets;

class TestSandboxGallery final : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_home;

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_home.isValid());
    // The sandbox and the run's files live in this test's own state folder.
    qputenv("XDG_STATE_HOME", m_home.path().toUtf8());
    qputenv("TRIBUTARY_TEMPLATES", TRIBUTARY_SOURCE_DIR "/resources/templates");
  }
  void cleanupTestCase() {
    sandbox::Sandbox box;
    for (auto kind : sandbox::allKinds()) (void)box.reset(kind);
  }

  void seed001FromTheGallery() {
    MainWindow::Options options;
    options.interactive = false;
    options.autosaveDirectory = m_home.filePath(QStringLiteral("autosave"));
    auto window = std::make_unique<MainWindow>(connectors::builtinSpecs(), options);
    auto* run = new RunController(connectors::builtinFactories(), window->scene(), window->dataPreview(), window.get());
    window->setRunController(run);
    window->resize(1400, 900);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));

    // The gallery is modal: choose the template and click the button once it is up.
    bool clicked = false;
    QString galleryProblem = QStringLiteral("the gallery did not open");
    QTimer poll;
    poll.setInterval(50);
    connect(&poll, &QTimer::timeout, this, [&] {
      auto* gallery = qobject_cast<TemplateGallery*>(QApplication::activeModalWidget());
      if (!gallery || clicked) return;
      clicked = true;
      auto* list = gallery->findChild<QListWidget*>();
      auto* button = gallery->findChild<QPushButton*>(QStringLiteral("startSandboxAndRun"));
      galleryProblem.clear();
      // Seed 002's daily report offers its sandbox too (MariaDB and PostgreSQL).
      for (int i = 0; i < list->count(); ++i)
        if (list->item(i)->data(Qt::UserRole).toString().endsWith(QLatin1String("seed002-daily-report.tributary.json")))
          list->setCurrentRow(i);
      if (!list->currentItem() ||
          !list->currentItem()->data(Qt::UserRole).toString().endsWith(QLatin1String("seed002-daily-report.tributary.json")))
        galleryProblem = QStringLiteral("seed002-daily-report is not in the gallery");
      else if (!button || !button->isEnabled())
        galleryProblem = QStringLiteral("no enabled Start sandbox and run button for seed002-daily-report");
      for (int i = 0; i < list->count(); ++i)
        if (list->item(i)->data(Qt::UserRole).toString().endsWith(QLatin1String("seed001-users.tributary.json")))
          list->setCurrentRow(i);
      if (galleryProblem.isEmpty() &&
          !list->currentItem()->data(Qt::UserRole).toString().endsWith(QLatin1String("seed001-users.tributary.json")))
        galleryProblem = QStringLiteral("seed001 is not in the gallery");
      else if (galleryProblem.isEmpty() && (!button || !button->isEnabled()))
        galleryProblem = QStringLiteral("no enabled Start sandbox and run button for seed001");
      // The demo needs no servers: the button is off for it (checked on the way back).
      if (galleryProblem.isEmpty()) QTest::mouseClick(button, Qt::LeftButton);
      else gallery->reject();
    });
    poll.start();
    QAction* galleryAction = nullptr;
    for (QAction* a : window->findChildren<QAction*>())
      if (a->text().contains(QLatin1String("Template"))) galleryAction = a;
    QVERIFY(galleryAction);
    galleryAction->trigger();
    poll.stop();
    QVERIFY2(galleryProblem.isEmpty(), qPrintable(galleryProblem));
    QCOMPARE(QString::fromStdString(window->document()->pipeline().name), QStringLiteral("seed001-users"));

    // Servers, schema and traffic start off the GUI thread, then the run starts.
    QTRY_COMPARE_WITH_TIMEOUT(run->state(), RunController::State::Running, 90000);
    for (const auto& node : window->document()->pipeline().nodes) {
      QString id = QString::fromStdString(node.id);
      QTRY_VERIFY2_WITH_TIMEOUT(run->nodeRate(id) > 0, qPrintable(id), 20000);
      QVERIFY2(window->scene()->nodeItem(id)->statusText().contains(QStringLiteral("records")),
               qPrintable(window->scene()->nodeItem(id)->statusText()));
    }
    SandboxPanel* panel = window->sandboxPanel();
    QVERIFY(window->sandboxDock()->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(panel->stateText(sandbox::Kind::Postgres).contains(QLatin1String("running")), 5000);
    QVERIFY(panel->stateText(sandbox::Kind::MariaDb).contains(QLatin1String("running")));
    QVERIFY(panel->stateText(sandbox::Kind::Mosquitto).contains(QLatin1String("absent")));
    QVERIFY2(panel->connectionText(sandbox::Kind::Postgres).contains(QLatin1String("postgresql://127.0.0.1:")),
             qPrintable(panel->connectionText(sandbox::Kind::Postgres)));
    QVERIFY(panel->terminalButton(sandbox::Kind::MariaDb)->isEnabled());
    QVERIFY(!panel->terminalButton(sandbox::Kind::Mosquitto)->isEnabled());
    auto maria = window->sandboxController()->sandbox().status(sandbox::Kind::MariaDb);
    QCOMPARE(SandboxPanel::terminalCommand(maria).isEmpty(),
             QStandardPaths::findExecutable(QStringLiteral("xterm")).isEmpty() &&
                 QStandardPaths::findExecutable(QStringLiteral("x-terminal-emulator")).isEmpty() &&
                 QStandardPaths::findExecutable(QStringLiteral("gnome-terminal")).isEmpty() &&
                 QStandardPaths::findExecutable(QStringLiteral("konsole")).isEmpty() &&
                 QStandardPaths::findExecutable(QStringLiteral("xfce4-terminal")).isEmpty());

    // Users reached the e-mail service: read them with MariaDB's own client.
    std::string count;
    QTRY_VERIFY_WITH_TIMEOUT(
        (count = testing::runCapture("mariadb --no-defaults -N -B -h 127.0.0.1 -P " +
                                     std::to_string(maria.connection.port) +
                                     " -u tributary -ptributary sandbox -e 'SELECT COUNT(*) FROM USERS' 2>&1"),
         std::atoi(count.c_str()) > 0),
        20000);

    if (QByteArray shot = qgetenv("TRIBUTARY_SCREENSHOT"); !shot.isEmpty()) {
      window->sandboxDock()->raise();
      QTest::qWait(2500);  // a couple of samples for the rates
      window->grab().save(QString::fromUtf8(shot));
    }

    window->stopRun();
    QTRY_COMPARE_WITH_TIMEOUT(run->state(), RunController::State::Stopped, 30000);
    // Closing the window stops the servers it started (none was pinned).
    window->close();
    sandbox::Sandbox box;
    QCOMPARE(std::string(sandbox::toString(box.status(sandbox::Kind::Postgres).state)), std::string("stopped"));
    QCOMPARE(std::string(sandbox::toString(box.status(sandbox::Kind::MariaDb).state)), std::string("stopped"));
  }
};

QTEST_MAIN(TestSandboxGallery)
#include "test_sandbox_gallery.moc"
