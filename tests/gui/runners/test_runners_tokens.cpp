// The Runners panel remembers its runners across restarts: the
// settings hold each URL and its token as a secret reference — a typed token
// goes into a file only its owner can read, ${env:...} stays as written — and
// a panel made afterwards (a restarted GUI) talks to the runners with them.
#include <sys/stat.h>

#include <QAbstractButton>
#include <QApplication>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include "core/connectors/builtin.h"
#include "remote_fixture.h"
#include "widgets/document/pipeline_document.h"
#include "widgets/runners/runner_store.h"
#include "widgets/runners/runners_panel.h"

using namespace tributary;
using namespace tributary::testing;

class TestRunnersTokens final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_home.isValid());
    qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toUtf8());
    qputenv("XDG_STATE_HOME", m_home.filePath(QStringLiteral("state")).toUtf8());
  }

  void keepsTokensAsReferences() {
    QTemporaryDir dir;
    Runner a, b;
    a.stateDir = dir.filePath(QStringLiteral("a")).toStdString();
    a.logFile = dir.filePath(QStringLiteral("a.err")).toStdString();
    b.stateDir = dir.filePath(QStringLiteral("b")).toStdString();
    b.logFile = dir.filePath(QStringLiteral("b.err")).toStdString();
    QVERIFY2(a.start(), a.log().c_str());
    QVERIFY2(b.start(), b.log().c_str());
    const QString aUrl = QString::fromStdString(a.url), bUrl = QString::fromStdString(b.url);
    const QString aToken = QString::fromStdString(a.token);
    widgets::PipelineDocument document(connectors::builtinSpecs());
    // The runner's name in the Details column means an authenticated call worked.
    auto authenticated = [](QTreeWidget* tree, int i) {
      return tree->topLevelItemCount() > i && tree->topLevelItem(i)->text(3).startsWith(QLatin1String("tributary-runner@"));
    };

    QString tokenFile;
    {
      widgets::RunnersPanel panel(&document);
      QCOMPARE(panel.runnerCount(), 0);
      panel.addRunner(aUrl, aToken);
      // A typed token: stored in a private file, the settings hold its reference.
      QTRY_COMPARE_WITH_TIMEOUT(widgets::RunnerStore::load().size(), 1, 10000);
      widgets::RunnerRecord stored = widgets::RunnerStore::load().front();
      QCOMPARE(stored.url, aUrl);
      QVERIFY2(stored.token.startsWith(QLatin1String("${file:")) && stored.token.endsWith(QLatin1Char('}')),
               qPrintable(stored.token));
      tokenFile = stored.token.mid(7, stored.token.size() - 8);
      QFile f(tokenFile);
      QVERIFY(f.open(QIODevice::ReadOnly));
      QCOMPARE(QString::fromUtf8(f.readAll()).trimmed(), aToken);
      struct stat st {};
      QCOMPARE(::stat(tokenFile.toLocal8Bit().constData(), &st), 0);
      QCOMPARE(st.st_mode & 0777, 0600u);
      QCOMPARE(::stat(QFileInfo(tokenFile).absolutePath().toLocal8Bit().constData(), &st), 0);
      QCOMPARE(st.st_mode & 0777, 0700u);
      // Never the token in the settings file.
      QSettings settings;
      settings.sync();
      QFile raw(settings.fileName());
      QVERIFY2(raw.open(QIODevice::ReadOnly), qPrintable(settings.fileName()));
      QByteArray text = raw.readAll();
      QVERIFY(text.contains(aUrl.toUtf8()));
      QVERIFY(!text.contains(aToken.toUtf8()));
      auto* tree = panel.findChild<QTreeWidget*>();
      QTRY_VERIFY_WITH_TIMEOUT(authenticated(tree, 0), 15000);
    }

    // "Restarted": a new panel has the runner and its token.
    widgets::RunnersPanel panel(&document);
    QCOMPARE(panel.runnerCount(), 1);
    auto* tree = panel.findChild<QTreeWidget*>();
    QTRY_VERIFY_WITH_TIMEOUT(authenticated(tree, 0), 15000);

    // A reference is stored as written and resolved when used.
    qputenv("TRIBUTARY_TEST_RUNNER_B_TOKEN", QByteArray::fromStdString(b.token));
    panel.addRunner(bUrl, QStringLiteral("${env:TRIBUTARY_TEST_RUNNER_B_TOKEN}"));
    QTRY_COMPARE_WITH_TIMEOUT(widgets::RunnerStore::load().size(), 2, 10000);
    QCOMPARE(widgets::RunnerStore::load()[1].token, QStringLiteral("${env:TRIBUTARY_TEST_RUNNER_B_TOKEN}"));
    QTRY_VERIFY_WITH_TIMEOUT(authenticated(tree, 1), 15000);
    // A reference that does not resolve says so instead of sending nothing.
    qunsetenv("TRIBUTARY_TEST_RUNNER_B_TOKEN");
    QTRY_VERIFY_WITH_TIMEOUT(tree->topLevelItem(1)->text(3).contains(QLatin1String("TRIBUTARY_TEST_RUNNER_B_TOKEN")), 15000);

    // Removing a runner forgets its token file.
    tree->clearSelection();
    tree->topLevelItem(0)->setSelected(true);
    for (auto* button : panel.findChildren<QAbstractButton*>())
      if (button->text() == QLatin1String("Remove")) button->click();
    QCOMPARE(panel.runnerCount(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(tokenFile), 10000);
    QCOMPARE(widgets::RunnerStore::load().size(), 1);
    QCOMPARE(widgets::RunnerStore::load().front().url, bUrl);
  }

 private:
  QTemporaryDir m_home;
};

QTEST_MAIN(TestRunnersTokens)
#include "test_runners_tokens.moc"
