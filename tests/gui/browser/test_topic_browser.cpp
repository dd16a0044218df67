// The topic browser against the embedded broker, driven through its widgets
// (offscreen) and cross-checked with clients that are not ours: kcat fills
// topics and reads back what the browser produced, python3-kafka commits a
// consumer group's offsets and reads them after a reset.
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include "core/connectors/builtin.h"
#include "core/kafka/embedded.h"
#include "tests/support/process.h"
#include "widgets/browser/cluster_dialog.h"
#include "widgets/browser/cluster_session.h"
#include "widgets/browser/cluster_view.h"
#include "widgets/browser/confirm_delete_dialog.h"
#include "widgets/browser/create_topic_dialog.h"
#include "widgets/browser/groups_page.h"
#include "widgets/browser/message_detail.h"
#include "widgets/browser/message_table_model.h"
#include "widgets/browser/messages_page.h"
#include "widgets/browser/produce_dialog.h"
#include "widgets/browser/reset_offsets_dialog.h"
#include "widgets/browser/topic_browser_window.h"
#include "widgets/browser/topic_list_model.h"
#include "widgets/browser/topic_view.h"
#include "widgets/browser/topics_page.h"
#include "widgets/shell/main_window.h"

using namespace tributary;
using namespace tributary::widgets;

class TestTopicBrowser final : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  QString m_bootstrap;
  std::unique_ptr<TopicBrowserWindow> m_window;
  ClusterView* m_local = nullptr;
  std::unique_ptr<kafka::ClusterClient> m_admin;  // set-up only

  static QString run(const QString& program, const QStringList& args, const QByteArray& input = {},
                     int* exitCode = nullptr) {
    return testing::runForOutput(program, args, 120000, input, exitCode);
  }

  // Produces lines "key:value" with kcat (one process for all of them).
  void kcatProduce(const QString& topic, const QStringList& lines, int partition = -1) {
    QStringList args{QStringLiteral("-P"),  QStringLiteral("-b"), m_bootstrap,           QStringLiteral("-t"), topic,
                     QStringLiteral("-K:"), QStringLiteral("-z"), QStringLiteral("none")};
    if (partition >= 0) args << QStringLiteral("-p") << QString::number(partition);
    int code = -1;
    run(QStringLiteral("kcat"), args, (lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8(), &code);
    QCOMPARE(code, 0);
  }

  int python(const QString& script, QString* out = nullptr) {
    int code = -1;
    // Debian's python3 with python3-kafka, not pyenv's.
    QString text = run(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), script, m_bootstrap}, {}, &code);
    if (out) *out = text;
    return code;
  }

  void createTopic(const std::string& name, int partitions) {
    auto s = m_admin->createTopic(name, partitions, 1);
    QVERIFY2(s.ok(), s.ok() ? "" : s.error().toString().c_str());
  }

  TopicView* openTopic(const QString& name) {
    TopicView* view = m_local->openTopic(name);
    QSignalSpy loaded(view, &TopicView::partitionsLoaded);
    if (!view->info().partitions.size()) loaded.wait(20000);
    return view;
  }

  static bool runAndWait(MessagesPage* page, const std::function<void()>& start, int timeoutMs = 60000) {
    QSignalSpy finished(page, &MessagesPage::jobFinished);
    start();
    if (!QTest::qWaitFor([&] { return !finished.isEmpty(); }, timeoutMs)) return false;
    if (!finished.first().at(0).toBool()) qWarning("job failed: %s", qPrintable(finished.first().at(1).toString()));
    return finished.first().at(0).toBool();
  }

  static QString value(const kafka::Message& m) { return m.value ? QString::fromStdString(*m.value) : QString(); }

 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("tributary-test-browser"));
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    auto started = kafka::ensureEmbeddedBroker(m_dir.filePath(QStringLiteral("broker")).toStdString());
    QVERIFY2(started.ok(), started.ok() ? "" : started.error().toString().c_str());
    m_bootstrap = QString::fromStdString(*started);
    auto admin = kafka::ClusterClient::connect(kafka::ClusterConfig{});
    QVERIFY(admin.ok());
    m_admin = std::move(*admin);
    m_window =
        std::make_unique<TopicBrowserWindow>(TopicBrowserWindow::Options{m_dir.filePath(QStringLiteral("broker"))});
    m_window->show();
    m_local = m_window->clusterView(QStringLiteral("Local"));
    QVERIFY2(m_local, "the Local cluster opens first");
    QSignalSpy overview(m_local, &ClusterView::overviewLoaded);
    QVERIFY(overview.wait(20000));
    QVERIFY(overview.first().at(0).toBool());
    QCOMPARE(m_local->brokersTable()->rowCount(), 1);
  }

  void cleanupTestCase() {
    m_window.reset();
    m_admin.reset();
    kafka::stopEmbeddedBroker();
  }

  void topicListShowsTopicsCreatedByAProducer() {
    // kcat's produce auto-creates the topic (the broker's default), as a producing application would.
    QStringList lines;
    for (int i = 0; i < 5; ++i) lines << QStringLiteral("k%1:made by kcat %1").arg(i);
    kcatProduce(QStringLiteral("made-by-kcat"), lines);
    TopicsPage* page = m_local->topicsPage();
    QSignalSpy refreshed(page, &TopicsPage::refreshed);
    page->refresh();
    QVERIFY(refreshed.wait(20000));
    int row = page->model()->rowOf(QStringLiteral("made-by-kcat"));
    QVERIFY2(row >= 0, qPrintable(page->statusText()));
    QCOMPARE(page->model()->topic(row).info.messages(), std::int64_t(5));
    // The view shows it with its message count; filtering narrows the list to it.
    page->filterEdit()->setText(QStringLiteral("BY-KCAT"));
    QCOMPARE(page->proxy()->rowCount(), 1);
    QCOMPARE(page->proxy()->index(0, TopicListModel::Name).data().toString(), QStringLiteral("made-by-kcat"));
    QCOMPARE(page->proxy()->index(0, TopicListModel::Messages).data().toString(), QStringLiteral("5"));
    page->filterEdit()->clear();
  }

  void createAndDeleteTopicThroughTheDialogs() {
    TopicsPage* page = m_local->topicsPage();
    CreateTopicDialog* create = page->openCreateDialog();
    create->nameEdit()->setText(QStringLiteral("bad name!"));
    create->accept();
    QVERIFY(create->isVisible());  // refused, with the reason
    create->nameEdit()->setText(QStringLiteral("made-by-dialog"));
    create->partitionsSpin()->setValue(3);
    create->configsEdit()->setPlainText(QStringLiteral("retention.ms=3600000"));
    QSignalSpy refreshed(page, &TopicsPage::refreshed);
    create->accept();
    QVERIFY(QTest::qWaitFor([&] { return page->model()->rowOf(QStringLiteral("made-by-dialog")) >= 0; }, 20000));
    auto info = m_admin->describeTopic("made-by-dialog");
    QVERIFY(info.ok());
    QCOMPARE(info->partitions.size(), std::size_t(3));
    // kcat sees it too.
    QString listing = run(QStringLiteral("kcat"), {QStringLiteral("-L"), QStringLiteral("-b"), m_bootstrap,
                                                   QStringLiteral("-t"), QStringLiteral("made-by-dialog")});
    QVERIFY2(listing.contains(QStringLiteral("with 3 partitions")), qPrintable(listing));

    ConfirmDeleteDialog* confirm = page->openDeleteDialog(QStringLiteral("made-by-dialog"));
    QVERIFY(!confirm->deleteButton()->isEnabled());
    confirm->nameEdit()->setText(QStringLiteral("made-by"));
    QVERIFY(!confirm->deleteButton()->isEnabled());
    confirm->nameEdit()->setText(QStringLiteral("made-by-dialog"));
    QVERIFY(confirm->deleteButton()->isEnabled());
    confirm->deleteButton()->click();
    QVERIFY(QTest::qWaitFor(
        [&] { return !page->isLoading() && page->model()->rowOf(QStringLiteral("made-by-dialog")) < 0; }, 20000));
    QVERIFY(!m_admin->describeTopic("made-by-dialog").ok());
  }

  void newestNShowsTheLastMessagesInOrder() {
    createTopic("ordered", 1);
    QStringList lines;
    for (int i = 0; i < 50; ++i) lines << QStringLiteral("k%1:{\"n\":%1}").arg(i);
    kcatProduce(QStringLiteral("ordered"), lines);
    TopicView* view = openTopic(QStringLiteral("ordered"));
    QCOMPARE(view->partitionsTable()->rowCount(), 1);
    MessagesPage* page = view->messages();
    page->setMode(MessagesPage::Mode::Newest);
    page->setLimit(10);
    QVERIFY(runAndWait(page, [page] { page->start(); }));
    MessageTableModel* model = page->model();
    QCOMPARE(model->loaded(), std::size_t(10));
    QCOMPARE(model->rowCount(), 10);
    for (int i = 0; i < 10; ++i) {
      QCOMPARE(value(model->message(static_cast<std::size_t>(i))), QStringLiteral("{\"n\":%1}").arg(40 + i));
      QCOMPARE(model->index(i, MessageTableModel::Offset).data().toString(), QString::number(40 + i));
      QCOMPARE(model->index(i, MessageTableModel::Key).data().toString(), QStringLiteral("k%1").arg(40 + i));
    }
    // From an offset: the ten starting at 5.
    page->setMode(MessagesPage::Mode::FromOffset);
    page->setStartOffset(5);
    QVERIFY(runAndWait(page, [page] { page->start(); }));
    QCOMPARE(model->loaded(), std::size_t(10));
    QCOMPARE(model->message(0).offset, std::int64_t(5));
    // The detail pane shows the selected message as a JSON tree.
    page->view()->setCurrentIndex(model->index(3, 0));
    QTreeWidget* tree = page->detail()->jsonTree();
    QCOMPARE(tree->topLevelItemCount(), 1);
    QCOMPARE(tree->topLevelItem(0)->text(0), QStringLiteral("n"));
    QCOMPARE(tree->topLevelItem(0)->text(1), QStringLiteral("8"));
  }

  void searchFindsAKnownMessageAmong100000AndReportsProgress() {
    createTopic("haystack", 2);
    // One kcat run produces all 100,000 (a batch producer, not 100,000 round trips).
    QByteArray input;
    input.reserve(100000 * 60);
    for (int i = 0; i < 100000; ++i)
      input += QStringLiteral("k%1:{\"n\":%1,\"note\":\"%2\"}\n")
                   .arg(i)
                   .arg(i == 77777 ? QStringLiteral("needle-in-the-haystack") : QStringLiteral("ordinary"))
                   .toUtf8();
    int code = -1;
    run(QStringLiteral("kcat"),
        {QStringLiteral("-P"), QStringLiteral("-b"), m_bootstrap, QStringLiteral("-t"), QStringLiteral("haystack"),
         QStringLiteral("-K:")},
        input, &code);
    QCOMPARE(code, 0);
    QCOMPARE(m_admin->describeTopic("haystack")->messages(), std::int64_t(100000));
    MessagesPage* page = openTopic(QStringLiteral("haystack"))->messages();
    page->setLimit(1000);
    QSignalSpy progress(page, &MessagesPage::searchProgress);
    QVERIFY(
        runAndWait(page, [page] { QVERIFY(page->startSearch(QStringLiteral("needle-in"), QString(), 1'000'000)); }));
    QVERIFY(progress.count() >= 1);
    QCOMPARE(page->lastProgress().scanned, std::int64_t(100000));
    QCOMPARE(page->lastProgress().total, std::int64_t(100000));
    QCOMPARE(page->model()->loaded(), std::size_t(1));
    QCOMPARE(value(page->model()->message(0)), QStringLiteral("{\"n\":77777,\"note\":\"needle-in-the-haystack\"}"));
    QCOMPARE(page->progressBar()->value(), 1000);
    QVERIFY2(page->statusLabel()->text().contains(QStringLiteral("1 found")), qPrintable(page->statusLabel()->text()));

    // The expression filter: JSON fields of the value, and the key.
    QVERIFY(runAndWait(page, [page] {
      QVERIFY(page->startSearch(QString(), QStringLiteral("value.n >= 99990 AND key LIKE 'k9999%'"), 1'000'000));
    }));
    QCOMPARE(page->model()->loaded(), std::size_t(10));
    // A bound on scanned records: only the newest 5,000 are looked at.
    QVERIFY(runAndWait(page, [page] { QVERIFY(page->startSearch(QStringLiteral("needle-in"), QString(), 5000)); }));
    QCOMPARE(page->lastProgress().scanned, std::int64_t(5000));
    QCOMPARE(page->model()->loaded(), std::size_t(0));
    // A filter that does not compile is refused with the reason; nothing runs.
    QVERIFY(!page->startSearch(QString(), QStringLiteral("value.n >"), 1000));
    QVERIFY(!page->isBusy());

    // Cancel stops a search early.
    QSignalSpy finished(page, &MessagesPage::jobFinished);
    QVERIFY(page->startSearch(QString(), QStringLiteral("value.n < 0"), 1'000'000));
    page->stop();
    QVERIFY(finished.wait(30000));
    QVERIFY(page->lastProgress().cancelled || page->lastProgress().scanned == 100000);

    // Export writes JSON lines of what is loaded.
    QVERIFY(
        runAndWait(page, [page] { QVERIFY(page->startSearch(QString(), QStringLiteral("value.n < 3"), 1'000'000)); }));
    QCOMPARE(page->model()->loaded(), std::size_t(3));
    QString path = m_dir.filePath(QStringLiteral("export.jsonl"));
    QSignalSpy exported(page, &MessagesPage::exportFinished);
    page->exportTo(path, MessagesPage::ExportFormat::JsonLines, false);
    QVERIFY(exported.wait(10000));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QList<QByteArray> exportedLines = file.readAll().trimmed().split('\n');
    QCOMPARE(exportedLines.size(), 3);
    QVERIFY2(exportedLines[0].contains("\"value\":{\"n\":"), exportedLines[0].constData());
    // And CSV, with the JSON value quoted.
    QString csvPath = m_dir.filePath(QStringLiteral("export.csv"));
    exported.clear();
    page->exportTo(csvPath, MessagesPage::ExportFormat::Csv, true);
    QVERIFY(exported.wait(10000));
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QList<QByteArray> csvLines = csv.readAll().trimmed().split('\n');
    QCOMPARE(csvLines.size(), 4);
    QCOMPARE(csvLines[0], QByteArray("partition,offset,timestamp,key,value,headers"));
    QVERIFY2(csvLines[1].contains(",\"{\"\"n\"\":"), csvLines[1].constData());
  }

  void configurationIsShownAndEdited() {
    TopicView* view = openTopic(QStringLiteral("ordered"));
    QSignalSpy loaded(view, &TopicView::configsLoaded);
    view->refresh();
    QVERIFY(loaded.wait(20000));
    QTableWidget* table = view->configTable();
    int row = -1;
    for (int r = 0; r < table->rowCount(); ++r)
      if (table->item(r, 0)->text() == QStringLiteral("retention.ms")) row = r;
    QVERIFY(row >= 0);
    QCOMPARE(table->item(row, 2)->text(), QStringLiteral("default"));  // defaults are marked
    table->item(row, 1)->setText(QStringLiteral("3600000"));
    QSignalSpy applied(view, &TopicView::configsApplied);
    QCOMPARE(view->applyConfigChanges(), 1);
    QVERIFY(applied.wait(20000));
    QVERIFY2(applied.first().at(0).toBool(), qPrintable(applied.first().at(1).toString()));
    auto configs = m_admin->topicConfigs("ordered");
    QVERIFY(configs.ok());
    auto it = std::find_if(configs->begin(), configs->end(),
                           [](const kafka::ConfigEntry& e) { return e.name == "retention.ms"; });
    QCOMPARE(it->value, std::string("3600000"));
    QVERIFY(!it->isDefault);
    QVERIFY(QTest::qWaitFor([&] { return table->item(row, 2)->text() != QStringLiteral("default"); }, 20000));
  }

  void liveTailShowsMessagesProducedAfterItStarted() {
    createTopic("live", 2);
    kcatProduce(QStringLiteral("live"), {QStringLiteral("k:before-1"), QStringLiteral("k:before-2")});
    MessagesPage* page = openTopic(QStringLiteral("live"))->messages();
    page->setMode(MessagesPage::Mode::Tail);
    page->start();
    QVERIFY(page->isBusy());
    // The tail starts at the end of each partition once it is assigned; keep
    // producing until the first new message shows, then a known batch.
    int produced = 0;
    QVERIFY(QTest::qWaitFor(
        [&] {
          kcatProduce(QStringLiteral("live"), {QStringLiteral("k:probe-%1").arg(produced++)});
          return QTest::qWaitFor([&] { return page->model()->loaded() > 0; }, 500);
        },
        30000));
    std::size_t before = page->model()->loaded();
    QStringList batch;
    for (int i = 0; i < 20; ++i) batch << QStringLiteral("k:after-%1").arg(i);
    kcatProduce(QStringLiteral("live"), batch, 1);
    QVERIFY(QTest::qWaitFor([&] { return page->model()->loaded() >= before + 20; }, 20000));
    QStringList afters;
    for (std::size_t i = 0; i < page->model()->loaded(); ++i) {
      QString v = value(page->model()->message(i));
      QVERIFY2(!v.startsWith(QStringLiteral("before")), qPrintable(v));
      if (v.startsWith(QStringLiteral("after"))) afters << v;
    }
    QCOMPARE(afters.size(), 20);
    for (int i = 0; i < 20; ++i) QCOMPARE(afters[i], QStringLiteral("after-%1").arg(i));  // one partition: in order
    QVERIFY2(page->statusLabel()->text().contains(QStringLiteral("Live tail")),
             qPrintable(page->statusLabel()->text()));
    QSignalSpy finished(page, &MessagesPage::jobFinished);
    page->stop();
    QVERIFY(finished.wait(10000));
    QVERIFY(!page->isBusy());
  }

  void groupViewShowsLagAndResetMovesIt() {
    createTopic("billing-topic", 1);
    QStringList lines;
    for (int i = 0; i < 30; ++i) lines << QStringLiteral("k%1:v%1").arg(i);
    kcatProduce(QStringLiteral("billing-topic"), lines);
    // python3-kafka consumes the first 10 and commits.
    QString script = QStringLiteral(
        "import sys\n"
        "from kafka import KafkaConsumer, TopicPartition\n"
        "c = KafkaConsumer(bootstrap_servers=sys.argv[1], group_id='billing', enable_auto_commit=False,\n"
        "                  auto_offset_reset='earliest', api_version=(2, 5, 0), max_poll_records=10)\n"
        "tp = TopicPartition('billing-topic', 0)\n"
        "c.assign([tp])\n"
        "got = []\n"
        "while len(got) < 10:\n"
        "    for recs in c.poll(timeout_ms=1000, max_records=10 - len(got)).values(): got += recs\n"
        "c.commit()\n"
        "print(c.committed(tp))\n"
        "c.close()\n");
    QString out;
    QCOMPARE(python(script, &out), 0);
    QCOMPARE(out.trimmed(), QStringLiteral("10"));

    GroupsPage* page = m_local->groupsPage();
    m_local->showGroups();
    QSignalSpy refreshed(page, &GroupsPage::refreshed);
    page->refresh();
    QVERIFY(refreshed.wait(20000));
    QSignalSpy detail(page, &GroupsPage::detailLoaded);
    page->selectGroup(QStringLiteral("billing"));
    QVERIFY(
        QTest::qWaitFor([&] { return page->currentGroup() == QStringLiteral("billing") && !detail.isEmpty(); }, 20000));
    QTableWidget* offsets = page->offsetsTable();
    QCOMPARE(offsets->rowCount(), 1);
    QCOMPARE(offsets->item(0, 2)->text(), QStringLiteral("10"));  // committed
    QCOMPARE(offsets->item(0, 4)->text(), QStringLiteral("20"));  // lag
    QVERIFY2(page->totalLagLabel()->text().contains(QStringLiteral("20")), qPrintable(page->totalLagLabel()->text()));
    QVERIFY(page->resetButton()->isEnabled());

    // The topic's Consumers tab shows the same group and lag.
    TopicView* view = openTopic(QStringLiteral("billing-topic"));
    QSignalSpy consumers(view, &TopicView::consumersLoaded);
    view->refresh();
    QVERIFY(consumers.wait(20000));
    QCOMPARE(view->consumersTable()->rowCount(), 1);
    QCOMPARE(view->consumersTable()->item(0, 0)->text(), QStringLiteral("billing"));
    QCOMPARE(view->consumersTable()->item(0, 5)->text(), QStringLiteral("20"));

    // Reset to earliest: all 30 are lag again; python3-kafka reads the new commit.
    detail.clear();
    QSignalSpy reset(page, &GroupsPage::offsetsReset);
    ResetOffsetsDialog* dialog = page->openResetDialog();
    QVERIFY(dialog);
    dialog->targetCombo()->setCurrentIndex(
        dialog->targetCombo()->findData(static_cast<int>(kafka::OffsetReset::To::Earliest)));
    dialog->accept();
    QVERIFY(reset.wait(20000));
    QVERIFY(QTest::qWaitFor([&] { return !detail.isEmpty(); }, 20000));
    QCOMPARE(offsets->item(0, 2)->text(), QStringLiteral("0"));
    QCOMPARE(offsets->item(0, 4)->text(), QStringLiteral("30"));
    QString check = QStringLiteral(
        "import sys\n"
        "from kafka import KafkaConsumer, TopicPartition\n"
        "c = KafkaConsumer(bootstrap_servers=sys.argv[1], group_id='billing', enable_auto_commit=False, "
        "api_version=(2, 5, 0))\n"
        "print(c.committed(TopicPartition('billing-topic', 0)))\n"
        "c.close()\n");
    QCOMPARE(python(check, &out), 0);
    QCOMPARE(out.trimmed(), QStringLiteral("0"));
  }

  void resetIsOfferedOnlyForEmptyGroups() {
    // A kcat balanced consumer stays in the group while the page looks.
    QProcess member;
    member.start(QStringLiteral("kcat"), {QStringLiteral("-b"), m_bootstrap, QStringLiteral("-G"),
                                          QStringLiteral("live-group"), QStringLiteral("billing-topic")});
    QVERIFY(member.waitForStarted());
    GroupsPage* page = m_local->groupsPage();
    bool hasMembers = false;
    for (int i = 0; i < 60 && !hasMembers; ++i) {
      QSignalSpy detail(page, &GroupsPage::detailLoaded);
      page->selectGroup(QStringLiteral("live-group"));
      detail.wait(5000);
      // Joined and assigned (the first answers may come during the rebalance).
      hasMembers = page->currentGroup() == QStringLiteral("live-group") && !page->detail().members.empty() &&
                   !page->detail().members[0].assignment.empty();
      if (!hasMembers) QTest::qWait(250);
    }
    member.terminate();
    member.waitForFinished(10000);
    QVERIFY(hasMembers);
    QVERIFY(!page->resetButton()->isEnabled());
    QVERIFY2(page->resetExplanation()->text().contains(QStringLiteral("no active members")),
             qPrintable(page->resetExplanation()->text()));
    QCOMPARE(page->membersTable()->rowCount(), 1);
    QVERIFY(page->membersTable()->item(0, 3)->text().contains(QStringLiteral("billing-topic/0")));
  }

  void produceThenBrowseRoundTripsKeyValueAndHeaders() {
    createTopic("roundtrip", 3);
    TopicView* view = openTopic(QStringLiteral("roundtrip"));
    MessagesPage* page = view->messages();
    ProduceDialog* dialog = page->openProduceDialog();
    dialog->keyEdit()->setText(QStringLiteral("order-42"));
    dialog->valueEdit()->setPlainText(QStringLiteral("{\"id\":42,\"item\":\"книга\"}"));
    dialog->headersEdit()->setPlainText(QStringLiteral("origin=browser-test\nbad header line"));
    dialog->partitionCombo()->setCurrentIndex(dialog->partitionCombo()->findData(2));
    dialog->accept();
    QVERIFY(dialog->isVisible());  // the bad header line is refused
    dialog->headersEdit()->setPlainText(QStringLiteral("origin=browser-test\ntrace=abc=def"));
    QSignalSpy produced(page, &MessagesPage::produced);
    dialog->accept();
    QVERIFY(produced.wait(20000));
    QCOMPARE(produced.first().at(0).toInt(), 2);

    page->setMode(MessagesPage::Mode::Newest);
    page->setPartition(2);
    page->setLimit(5);
    QVERIFY(runAndWait(page, [page] { page->start(); }));
    QCOMPARE(page->model()->loaded(), std::size_t(1));
    const kafka::Message& m = page->model()->message(0);
    QCOMPARE(m.partition, 2);
    QCOMPARE(QString::fromStdString(*m.key), QStringLiteral("order-42"));
    QCOMPARE(QString::fromUtf8(m.value->c_str()), QStringLiteral("{\"id\":42,\"item\":\"книга\"}"));
    QCOMPARE(m.headers.size(), std::size_t(2));
    QCOMPARE(QString::fromStdString(m.headers[0].first), QStringLiteral("origin"));
    QCOMPARE(QString::fromStdString(*m.headers[0].second), QStringLiteral("browser-test"));
    QCOMPARE(QString::fromStdString(*m.headers[1].second), QStringLiteral("abc=def"));
    QVERIFY(page->model()
                ->index(0, MessageTableModel::Headers)
                .data()
                .toString()
                .contains(QStringLiteral("origin=browser-test")));
    page->view()->setCurrentIndex(page->model()->index(0, 0));
    QCOMPARE(page->detail()->headersTable()->rowCount(), 2);
    // kcat reads the same message back.
    QString kcat =
        run(QStringLiteral("kcat"), {QStringLiteral("-C"), QStringLiteral("-b"), m_bootstrap, QStringLiteral("-t"),
                                     QStringLiteral("roundtrip"), QStringLiteral("-p"), QStringLiteral("2"),
                                     QStringLiteral("-e"), QStringLiteral("-f"), QStringLiteral("%k|%s|%h\n")});
    QCOMPARE(kcat.trimmed(),
             QStringLiteral("order-42|{\"id\":42,\"item\":\"книга\"}|origin=browser-test,trace=abc=def"));
  }

  void largeValuesLoadWholeOnDemand() {
    createTopic("large", 1);
    kafka::ProduceMessage big;
    big.value = "{\"blob\":\"" + std::string(200000, 'x') + "\"}";
    QVERIFY(m_admin->produce("large", big).ok());
    MessagesPage* page = openTopic(QStringLiteral("large"))->messages();
    QVERIFY(runAndWait(page, [page] { page->start(); }));
    QCOMPARE(page->model()->loaded(), std::size_t(1));
    QVERIFY(page->model()->message(0).valueTruncated());  // only a preview came with the list
    page->view()->setCurrentIndex(page->model()->index(0, 0));
    QVERIFY(QTest::qWaitFor([&] { return !page->model()->message(0).valueTruncated(); }, 20000));
    QCOMPARE(page->model()->message(0).value->size(), big.value->size());
    QCOMPARE(page->detail()->jsonTree()->topLevelItemCount(), 1);
  }

  void clustersArePersistedAndSeveralOpenAtOnce() {
    ClusterEntry second{QStringLiteral("Second"),
                        m_bootstrap,
                        {{QStringLiteral("client.id"), QStringLiteral("${env:TRIBUTARY_TEST_CLIENT_ID}")}}};
    qputenv("TRIBUTARY_TEST_CLIENT_ID", "browser-test");
    m_window->saveCluster(second);
    QCOMPARE(ClusterStore::load().size(), 2);
    QCOMPARE(ClusterStore::load().at(1), second);
    auto opened = m_window->openCluster(QStringLiteral("Second"));
    QVERIFY(opened);
    ClusterView* view = *opened;
    QSignalSpy refreshed(view->topicsPage(), &TopicsPage::refreshed);
    QVERIFY(refreshed.wait(20000));
    QVERIFY(view->topicsPage()->model()->rowOf(QStringLiteral("ordered")) >= 0);
    // Both stay open; switching back keeps Local's state (its open topic tabs).
    QVERIFY(m_window->openCluster(QStringLiteral("Local")).value() == m_local);
    QVERIFY(m_local->topicView(QStringLiteral("ordered")));
    QVERIFY(m_window->clusterView(QStringLiteral("Second")) == view);
    // A missing secret is a clear error, and nothing opens.
    ClusterEntry broken{QStringLiteral("Broken"),
                        m_bootstrap,
                        {{QStringLiteral("sasl.password"), QStringLiteral("${env:TRIBUTARY_NO_SUCH_VAR}")}}};
    m_window->saveCluster(broken);
    auto refused = m_window->openCluster(QStringLiteral("Broken"));
    QVERIFY(!refused);
    QString error = QString::fromStdString(refused.error().toString());
    QVERIFY2(error.contains(QStringLiteral("sasl.password")) && error.contains(QStringLiteral("TRIBUTARY_NO_SUCH_VAR")),
             qPrintable(error));
    m_window->removeCluster(QStringLiteral("Broken"));
    m_window->removeCluster(QStringLiteral("Second"));
    QCOMPARE(ClusterStore::load().size(), 1);
  }

  void messageModelStaysWithinItsLimits() {
    MessageTableModel model;
    model.setLimits(1000, 64 * 1024);
    std::vector<kafka::Message> batch;
    for (int i = 0; i < 300; ++i) {
      kafka::Message m;
      m.partition = 0;
      m.offset = i;
      m.value = std::string(1024, 'v');
      m.valueSize = 1024;
      batch.push_back(std::move(m));
    }
    model.append(std::move(batch));
    QVERIFY(model.bytes() <= 64 * 1024);
    QVERIFY(model.loaded() < 64);
    QCOMPARE(model.dropped() + model.loaded(), std::size_t(300));
    // The newest are kept, in order.
    QCOMPARE(model.message(model.loaded() - 1).offset, std::int64_t(299));
    QCOMPARE(model.message(0).offset, static_cast<std::int64_t>(model.dropped()));
    QCOMPARE(static_cast<std::size_t>(model.rowCount()), model.loaded());
  }

  void clusterDialogTestsTheConnection() {
    ClusterDialog* dialog = m_window->openClusterDialog();
    QVERIFY(dialog);
    dialog->nameEdit()->setText(QStringLiteral("Local"));  // taken
    dialog->bootstrapEdit()->setText(m_bootstrap);
    dialog->accept();
    QVERIFY(dialog->isVisible());
    QVERIFY2(dialog->statusLabel()->text().contains(QStringLiteral("exists already")),
             qPrintable(dialog->statusLabel()->text()));
    dialog->nameEdit()->setText(QStringLiteral("Staging"));
    dialog->propertiesEdit()->setPlainText(QStringLiteral("client.id browser"));
    dialog->testConnection();
    QVERIFY2(dialog->statusLabel()->text().contains(QStringLiteral("line 1")),
             qPrintable(dialog->statusLabel()->text()));
    dialog->propertiesEdit()->setPlainText(QStringLiteral("client.id=browser-test\n# a comment\n"));
    QSignalSpy tested(dialog, &ClusterDialog::testFinished);
    dialog->testConnection();
    QVERIFY(tested.wait(20000));
    QVERIFY2(tested.first().at(0).toBool(), qPrintable(tested.first().at(1).toString()));
    QVERIFY2(dialog->statusLabel()->text().contains(QStringLiteral("1 broker")),
             qPrintable(dialog->statusLabel()->text()));
    dialog->accept();  // saves and opens it
    QVERIFY(QTest::qWaitFor([&] { return m_window->clusterView(QStringLiteral("Staging")) != nullptr; }, 5000));
    QCOMPARE(ClusterStore::load().last().name, QStringLiteral("Staging"));
    m_window->removeCluster(QStringLiteral("Staging"));
    QVERIFY(m_window->openCluster(QStringLiteral("Local")));
  }

  // Not a check: with TRIBUTARY_SCREENSHOT_DIR set (e.g. under xvfb-run), saves
  // a picture of each view for docs/screenshots.
  void screenshots() {
    QString dir = qEnvironmentVariable("TRIBUTARY_SCREENSHOT_DIR");
    if (dir.isEmpty()) QSKIP("TRIBUTARY_SCREENSHOT_DIR is not set");
    createTopic("orders", 3);
    const char* statuses[] = {"created", "paid", "shipped", "delivered"};
    for (int i = 0; i < 120; ++i) {
      kafka::ProduceMessage m;
      m.key = "order-" + std::to_string(1000 + i);
      m.value = "{\"order_id\":" + std::to_string(1000 + i) + ",\"status\":\"" + statuses[i % 4] +
                "\",\"customer\":{\"id\":" + std::to_string(i % 17) + ",\"name\":\"Customer " + std::to_string(i % 17) +
                "\",\"vip\":" + (i % 5 == 0 ? "true" : "false") + "},\"amount\":" + std::to_string(10 + i * 3) +
                ".5,\"items\":[{\"sku\":\"SKU-" + std::to_string(i % 9) +
                "\",\"qty\":2},{\"sku\":\"SKU-42\",\"qty\":1}],"
                "\"coupon\":null}";
      m.headers = {{"origin", "web"}, {"trace", "t-" + std::to_string(i)}};
      QVERIFY(m_admin->produce("orders", m).ok());
    }
    m_window->resize(1440, 900);
    QVERIFY(m_window->openCluster(QStringLiteral("Local")));
    auto save = [&](QWidget* w, const QString& name) {
      QTest::qWait(300);
      QVERIFY(w->grab().save(dir + QLatin1Char('/') + name));
    };
    QSignalSpy overview(m_local, &ClusterView::overviewLoaded);
    m_local->refreshOverview();
    QVERIFY(overview.wait(10000));
    m_local->showOverview();
    save(m_window.get(), QStringLiteral("browser-overview.png"));
    QSignalSpy topics(m_local->topicsPage(), &TopicsPage::refreshed);
    m_local->topicsPage()->refresh();
    QVERIFY(topics.wait(10000));
    m_local->showTopics();
    save(m_window.get(), QStringLiteral("browser-topics.png"));
    TopicView* view = openTopic(QStringLiteral("orders"));
    MessagesPage* page = view->messages();
    page->setMode(MessagesPage::Mode::Newest);
    page->setLimit(100);
    QVERIFY(runAndWait(page, [page] { page->start(); }));
    page->view()->setCurrentIndex(page->model()->index(97, 0));
    page->view()->scrollTo(page->model()->index(97, 0));
    page->detail()->jsonTree()->expandAll();
    save(m_window.get(), QStringLiteral("browser-messages.png"));
    page->searchEdit()->setText(QStringLiteral("shipped"));
    page->expressionEdit()->setText(QStringLiteral("value.amount > 300 AND value.customer.vip = TRUE"));
    QVERIFY(runAndWait(
        page, [page] { page->startSearch(page->searchEdit()->text(), page->expressionEdit()->text(), 1000000); }));
    page->view()->setCurrentIndex(page->model()->index(0, 0));
    save(m_window.get(), QStringLiteral("browser-search.png"));
    view->tabs()->setCurrentIndex(1);
    save(m_window.get(), QStringLiteral("browser-partitions.png"));
    view->tabs()->setCurrentIndex(3);
    save(m_window.get(), QStringLiteral("browser-configuration.png"));
    TopicView* billing = openTopic(QStringLiteral("billing-topic"));
    billing->tabs()->setCurrentIndex(2);
    QSignalSpy consumers(billing, &TopicView::consumersLoaded);
    billing->refresh();
    QVERIFY(consumers.wait(10000));
    save(m_window.get(), QStringLiteral("browser-consumers.png"));
    GroupsPage* groups = m_local->groupsPage();
    m_local->showGroups();
    QSignalSpy refreshed(groups, &GroupsPage::refreshed);
    groups->refresh();
    QVERIFY(refreshed.wait(10000));
    groups->selectGroup(QStringLiteral("billing"));
    QVERIFY2(QTest::qWaitFor([&] { return groups->detail().id == "billing"; }, 30000),
             qPrintable(groups->currentGroup() + QStringLiteral(": ") + groups->statusLabel()->text()));
    save(m_window.get(), QStringLiteral("browser-groups.png"));
    ResetOffsetsDialog* reset = groups->openResetDialog();
    QVERIFY(reset);
    save(reset, QStringLiteral("browser-reset-offsets.png"));
    reset->close();
    m_local->openTopic(QStringLiteral("orders"));
    ProduceDialog* produce = page->openProduceDialog();
    produce->keyEdit()->setText(QStringLiteral("order-2001"));
    produce->valueEdit()->setPlainText(QStringLiteral("{\n  \"order_id\": 2001,\n  \"status\": \"created\"\n}"));
    produce->headersEdit()->setPlainText(QStringLiteral("origin=manual"));
    save(produce, QStringLiteral("browser-produce.png"));
    produce->close();
    CreateTopicDialog* create = m_local->topicsPage()->openCreateDialog();
    create->nameEdit()->setText(QStringLiteral("payments"));
    create->partitionsSpin()->setValue(6);
    create->configsEdit()->setPlainText(QStringLiteral("cleanup.policy=compact"));
    save(create, QStringLiteral("browser-create-topic.png"));
    create->close();
    ClusterDialog* cluster = m_window->openClusterDialog();
    cluster->nameEdit()->setText(QStringLiteral("production"));
    cluster->bootstrapEdit()->setText(QStringLiteral("kafka-1.example.com:9093,kafka-2.example.com:9093"));
    cluster->propertiesEdit()->setPlainText(
        QStringLiteral("security.protocol=SASL_SSL\nsasl.mechanisms=SCRAM-SHA-512\nsasl.username=inspector\n"
                       "sasl.password=${env:KAFKA_PASSWORD}"));
    cluster->registryEdit()->setText(QStringLiteral("https://schema-registry.example.com"));
    cluster->registryUserEdit()->setText(QStringLiteral("inspector"));
    cluster->registryPasswordEdit()->setText(QStringLiteral("${env:SCHEMA_REGISTRY_PASSWORD}"));
    save(cluster, QStringLiteral("browser-cluster-dialog.png"));
    cluster->close();
  }

  void designerOpensTheBrowserFromTheViewMenu() {
    MainWindow::Options options;
    options.interactive = false;
    options.autosaveDirectory = m_dir.filePath(QStringLiteral("autosave"));
    MainWindow main(connectors::builtinSpecs(), options);
    QAction* action = main.topicBrowserAction();
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+T")));
    action->trigger();
    QVERIFY(main.topicBrowser()->isVisible());
    QVERIFY(main.topicBrowser()->isWindow());
    QVERIFY(
        QTest::qWaitFor([&] { return main.topicBrowser()->clusterView(QStringLiteral("Local")) != nullptr; }, 5000));
  }
};

QTEST_MAIN(TestTopicBrowser)
#include "test_topic_browser.moc"
#include "tests/support/process.h"
