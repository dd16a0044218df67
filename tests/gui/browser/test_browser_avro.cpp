// The topic browser's Avro and Schema Registry parts against the embedded
// broker and its registry (started here), cross-checked with clients that are
// not ours: Debian's python3-confluent-kafka (producer, consumer,
// SchemaRegistryClient) with python3-avro writes the messages the browser
// decodes and decodes the message the browser's Produce wrote; curl reads the
// registry's state after the registry view changed it.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QComboBox>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextEdit>
#include <QTreeWidget>

#include "core/avro/codec.h"
#include "core/kafka/browser.h"
#include "core/kafka/embedded.h"
#include "core/record/json.h"
#include "core/registry/embedded_registry.h"
#include "tests/support/process.h"
#include "widgets/browser/cluster_dialog.h"
#include "widgets/browser/cluster_session.h"
#include "widgets/browser/cluster_view.h"
#include "widgets/browser/message_detail.h"
#include "widgets/browser/message_table_model.h"
#include "widgets/browser/messages_page.h"
#include "widgets/browser/produce_dialog.h"
#include "widgets/browser/registry_api.h"
#include "widgets/browser/schema_registry_page.h"
#include "widgets/browser/topic_browser_window.h"
#include "widgets/browser/topic_view.h"

using namespace tributary;
using namespace tributary::widgets;

namespace {

const char* kPythonProduce = TRIBUTARY_SOURCE_DIR "/tests/integration/registry/registry_python_produce.py";
const char* kPythonConsume = TRIBUTARY_SOURCE_DIR "/tests/integration/registry/registry_python_consume.py";

// The schema registry_python_produce.py registers, and a compatible second version.
const char* kOrderV2 =
    R"({"type": "record", "name": "Order", "namespace": "shop", "fields": [
  {"name": "id", "type": "long"}, {"name": "amount", "type": "double"},
  {"name": "note", "type": ["null", "string"], "default": null},
  {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID"]}},
  {"name": "currency", "type": "string", "default": "EUR"}]})";
// id as a string: no version can read the other's data.
const char* kOrderIncompatible =
    R"({"type": "record", "name": "Order", "namespace": "shop", "fields": [
  {"name": "id", "type": "string"}, {"name": "amount", "type": "double"}]})";

}  // namespace

class TestBrowserAvro final : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  QString m_bootstrap;
  QString m_url;
  std::unique_ptr<TopicBrowserWindow> m_window;
  ClusterView* m_local = nullptr;
  std::unique_ptr<kafka::ClusterClient> m_admin;
  int m_ordersSchemaId = 0;

  static QString run(const QString& program, const QStringList& args, int* exitCode = nullptr) {
    return testing::runForOutput(program, args, 120000, {}, exitCode);
  }
  QString python(const QStringList& args) {
    int code = -1;
    QString out = run(QStringLiteral("/usr/bin/python3"), args, &code);
    if (code != 0) qWarning("python failed (%d): %s", code, qPrintable(out));
    return code == 0 ? out : QString();
  }
  QString curl(const QString& path) {
    int code = -1;
    QString out = run(QStringLiteral("curl"), {QStringLiteral("-sS"), m_url + path}, &code);
    return code == 0 ? out.trimmed() : QStringLiteral("curl failed: ") + out;
  }
  // A loopback port nothing listens on (bound, read, closed).
  static int closedPort() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
      qFatal("cannot bind a loopback port");
    ::close(fd);
    return ntohs(addr.sin_port);
  }
  void createTopic(const std::string& name) {
    auto s = m_admin->createTopic(name, 1, 1);
    QVERIFY2(s.ok(), s.ok() ? "" : s.error().toString().c_str());
  }
  // Waits for the outcome of `start`, after the follow-ups of earlier operations have arrived.
  static bool waitFor(SchemaRegistryPage* page, const std::function<void()>& start, QString* message = nullptr) {
    {
      QSignalSpy earlier(page, &SchemaRegistryPage::finished);
      while (earlier.wait(700)) {
      }
    }
    QSignalSpy finished(page, &SchemaRegistryPage::finished);
    start();
    if (!finished.wait(20000)) return false;
    if (message) *message = finished.first().at(1).toString();
    return finished.first().at(0).toBool();
  }
  // Browses the newest messages of `topic` into `page`.
  static bool browse(MessagesPage* page, int limit) {
    QSignalSpy finished(page, &MessagesPage::jobFinished);
    page->setMode(MessagesPage::Mode::Newest);
    page->setLimit(limit);
    page->start();
    return finished.wait(60000) && finished.first().at(0).toBool();
  }
  static bool selectAndDecode(MessagesPage* page, int row) {
    QSignalSpy decoded(page, &MessagesPage::avroDecoded);
    page->view()->setCurrentIndex(page->model()->index(row, 0));
    return decoded.wait(20000);
  }
  // The value of the first message of avro-orders (python's order 0), read back.
  static std::optional<std::string> page0Value(kafka::ClusterClient* admin) {
    auto m = kafka::MessageBrowser(*admin).fetchOne("avro-orders", 0, 0);
    return m ? m->value : std::nullopt;
  }
  static QString treeValue(QTreeWidget* tree, const QString& field) {
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
      if (tree->topLevelItem(i)->text(0) == field) return tree->topLevelItem(i)->text(1);
    return QStringLiteral("(no field %1)").arg(field);
  }
  int registryRequests(ClusterSession* session) {
    int count = -1;
    bool done = false;
    session->registryCall<int>(
        this, [](registry::RegistryClient& c) -> Result<int> { return c.requestCount(); },
        [&](Result<int> n) {
          count = n ? *n : -1;
          done = true;
        });
    if (!QTest::qWaitFor([&] { return done; }, 20000)) return -2;
    return count;
  }

 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("tributary-test-browser-avro"));
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    auto started = kafka::ensureEmbeddedBroker(m_dir.filePath(QStringLiteral("broker")).toStdString());
    QVERIFY2(started.ok(), started.ok() ? "" : started.error().toString().c_str());
    m_bootstrap = QString::fromStdString(*started);
    auto url = registry::ensureEmbeddedRegistry();
    QVERIFY2(url.ok(), url.ok() ? "" : url.error().toString().c_str());
    m_url = QString::fromStdString(*url);
    auto admin = kafka::ClusterClient::connect(kafka::ClusterConfig{});
    QVERIFY(admin.ok());
    m_admin = std::move(*admin);
    m_window =
        std::make_unique<TopicBrowserWindow>(TopicBrowserWindow::Options{m_dir.filePath(QStringLiteral("broker"))});
    m_window->show();
    m_local = m_window->clusterView(QStringLiteral("Local"));
    QVERIFY(m_local);
    // The Local cluster uses the embedded broker's registry and shows where it answers.
    QCOMPARE(m_local->session()->config().schemaRegistry, std::string("embedded"));
    QVERIFY2(QTest::qWaitFor([&] { return m_local->registryLabel()->text().contains(m_url); }, 20000),
             qPrintable(m_local->registryLabel()->text()));
  }

  void cleanupTestCase() {
    m_window.reset();
    m_admin.reset();
    kafka::stopEmbeddedBroker();
  }

  void browserDecodesAvroWrittenByPython() {
    createTopic("avro-orders");
    QString out = python(
        {QString::fromUtf8(kPythonProduce), m_bootstrap, m_url, QStringLiteral("avro-orders"), QStringLiteral("5")});
    auto produced = QJsonDocument::fromJson(out.toUtf8()).object();
    m_ordersSchemaId = produced.value(QStringLiteral("id")).toInt();
    QVERIFY2(m_ordersSchemaId > 0, qPrintable(out));
    // A framed message whose schema id the registry does not know, and a plain one.
    kafka::ProduceMessage unknown;
    unknown.key = "unknown";
    unknown.value = std::string("\0\0\0\x27\x0f\x02\x04", 7);
    QVERIFY(m_admin->produce("avro-orders", unknown).ok());
    kafka::ProduceMessage plain;
    plain.value = R"({"plain": true})";
    QVERIFY(m_admin->produce("avro-orders", plain).ok());
    // Key and value both framed Avro (the key encoded with python's schema, by id).
    registry::RegistryClient client(registry::RegistryClientConfig{m_url.toStdString()});
    auto schema = client.schemaById(m_ordersSchemaId);
    QVERIFY(schema.ok());
    auto codec = avro::Codec::create(*schema);
    QVERIFY(codec.ok());
    auto keyValue = record::parseJson(R"({"id": 42, "amount": 1.25, "note": null, "status": "NEW"})");
    QVERIFY(keyValue.ok());
    std::string framedKey;
    avro::appendConfluentHeader(m_ordersSchemaId, framedKey);
    QVERIFY((*codec)->encode(*keyValue, framedKey).ok());
    kafka::ProduceMessage both;
    both.key = framedKey;
    both.value = *page0Value(m_admin.get());
    QVERIFY(m_admin->produce("avro-orders", both).ok());

    TopicView* view = m_local->openTopic(QStringLiteral("avro-orders"));
    MessagesPage* page = view->messages();
    QVERIFY(browse(page, 20));
    QCOMPARE(page->model()->rowCount(), 8);
    QCOMPARE(page->model()->data(page->model()->index(0, MessageTableModel::Value), Qt::DisplayRole).toString(),
             QStringLiteral("Avro · schema %1 · %2 bytes")
                 .arg(m_ordersSchemaId)
                 .arg(page->model()->message(0).value->size() - 5));

    // Message 3 as python wrote it: {"id": 3, "amount": 4.5, "note": "n3", "status": "PAID"}.
    QVERIFY(selectAndDecode(page, 3));
    MessageDetail* detail = page->detail();
    QString label = detail->avroLabel()->text();
    QVERIFY2(label.contains(QStringLiteral("schema id %1").arg(m_ordersSchemaId)), qPrintable(label));
    QVERIFY2(label.contains(QStringLiteral("avro-orders-value v1")), qPrintable(label));
    QVERIFY(detail->showsTree());
    // In the schema's field order.
    QCOMPARE(detail->jsonTree()->topLevelItemCount(), 4);
    QCOMPARE(detail->jsonTree()->topLevelItem(0)->text(0), QStringLiteral("id"));
    QCOMPARE(detail->jsonTree()->topLevelItem(3)->text(0), QStringLiteral("status"));
    QCOMPARE(treeValue(detail->jsonTree(), QStringLiteral("id")), QStringLiteral("3"));
    QCOMPARE(treeValue(detail->jsonTree(), QStringLiteral("amount")), QStringLiteral("4.5"));
    QCOMPARE(treeValue(detail->jsonTree(), QStringLiteral("note")), QStringLiteral("\"n3\""));
    QCOMPARE(treeValue(detail->jsonTree(), QStringLiteral("status")), QStringLiteral("\"PAID\""));
    QCOMPARE(detail->keyText(), QStringLiteral("3"));  // python's key is plain text
    QVERIFY(detail->valueText().contains(QStringLiteral("\"status\": \"PAID\"")));

    // The session's decoder keeps schemas by id: the other messages cost no further requests.
    int requests = registryRequests(m_local->session());
    for (int row : {0, 1, 2, 4}) {
      QVERIFY(selectAndDecode(page, row));
      QCOMPARE(treeValue(detail->jsonTree(), QStringLiteral("id")), QString::number(row));
    }
    QCOMPARE(registryRequests(m_local->session()), requests);

    // An id the registry does not know: the registry's answer, and the bytes as hex.
    QVERIFY(selectAndDecode(page, 5));
    label = detail->avroLabel()->text();
    QVERIFY2(label.contains(QStringLiteral("schema id 9999")) && label.contains(QStringLiteral("40403")) &&
                 label.contains(QStringLiteral("hex")),
             qPrintable(label));
    QVERIFY(!detail->showsTree());
    QCOMPARE(detail->message().value, unknown.value);
    // A plain JSON message is shown as before, without an Avro note.
    page->view()->setCurrentIndex(page->model()->index(6, 0));
    QVERIFY(detail->avroLabel()->isHidden());
    QVERIFY(detail->showsTree());
    QCOMPARE(treeValue(detail->jsonTree(), QStringLiteral("plain")), QStringLiteral("true"));
    // A framed key is decoded too, into the Key tab.
    QVERIFY(selectAndDecode(page, 7));
    label = detail->avroLabel()->text();
    QVERIFY2(label.contains(QStringLiteral("Key: Avro, schema id %1").arg(m_ordersSchemaId)), qPrintable(label));
    QVERIFY2(detail->keyText().contains(QStringLiteral("\"id\": 42")), qPrintable(detail->keyText()));
    QCOMPARE(treeValue(detail->jsonTree(), QStringLiteral("id")), QStringLiteral("0"));
  }

  void unreachableRegistryNeverBlocksNorLosesTheMessage() {
    kafka::ClusterConfig config;
    config.name = "unreachable";
    config.bootstrap = m_bootstrap.toStdString();
    config.schemaRegistry = "http://127.0.0.1:" + std::to_string(closedPort());
    ClusterSession session(config, m_dir.filePath(QStringLiteral("unused")));
    MessagesPage page(&session, QStringLiteral("avro-orders"));
    QVERIFY(browse(&page, 20));
    QCOMPARE(page.model()->rowCount(), 8);
    QSignalSpy decoded(&page, &MessagesPage::avroDecoded);
    QElapsedTimer clock;
    clock.start();
    page.view()->setCurrentIndex(page.model()->index(2, 0));
    // The row shows at once, with a note, while the registry is asked on its own thread.
    QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(page.detail()->hasMessage());
    QVERIFY2(page.detail()->avroLabel()->text().contains(QStringLiteral("Decoding")),
             qPrintable(page.detail()->avroLabel()->text()));
    QVERIFY(decoded.wait(20000));
    QString label = page.detail()->avroLabel()->text();
    QVERIFY2(label.contains(QStringLiteral("unreachable")) && label.contains(QStringLiteral("hex")), qPrintable(label));
    QVERIFY(!page.detail()->showsTree());
    QCOMPARE(page.detail()->message().value, page.model()->message(2).value);
    QVERIFY(page.detail()->valueText().startsWith(QStringLiteral("00 00 00 00")));

    // A cluster without a registry says how to get one.
    kafka::ClusterConfig none = config;
    none.schemaRegistry.clear();
    ClusterSession bare(none, m_dir.filePath(QStringLiteral("unused")));
    MessagesPage barePage(&bare, QStringLiteral("avro-orders"));
    QVERIFY(browse(&barePage, 20));
    barePage.view()->setCurrentIndex(barePage.model()->index(2, 0));
    QVERIFY2(barePage.detail()->avroLabel()->text().contains(QStringLiteral("Schema Registry")),
             qPrintable(barePage.detail()->avroLabel()->text()));
  }

  void registryViewListsDiffsAndChangesCompatibility() {
    SchemaRegistryPage* page = m_local->registryPage();
    QSignalSpy finished(page, &SchemaRegistryPage::finished);
    m_local->showRegistry();  // loads the subjects when first shown
    QVERIFY(finished.wait(20000));
    QVERIFY(!page->subjectList()->findItems(QStringLiteral("avro-orders-value"), Qt::MatchExactly).isEmpty());
    QCOMPARE(page->globalCompatibilityCombo()->currentText(),
             QJsonDocument::fromJson(curl(QStringLiteral("/config")).toUtf8())
                 .object()
                 .value(QStringLiteral("compatibilityLevel"))
                 .toString());

    // Register a second version through the view.
    page->pasteEdit()->setPlainText(QString::fromUtf8(kOrderV2));
    page->registerSchema(QStringLiteral("avro-orders-value"), page->pasteEdit()->toPlainText());
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                   return page->versions() == QList<int>{1, 2} && page->currentVersion() == 2;
                 },
                 20000),
             qPrintable(page->statusLabel()->text()));
    QVERIFY(
        QTest::qWaitFor([&] { return page->schemaView()->toPlainText().contains(QStringLiteral("currency")); }, 20000));
    QCOMPARE(curl(QStringLiteral("/subjects/avro-orders-value/versions")), QStringLiteral("[1,2]"));

    // The diff: the added field on the right, highlighted; not on the left.
    QString summary;
    QVERIFY(waitFor(
        page, [&] { page->compare(1, 2); }, &summary));
    QVERIFY2(summary.contains(QStringLiteral("1 → 2")), qPrintable(summary));
    QVERIFY(page->diffRight()->toPlainText().contains(QStringLiteral("\"currency\"")));
    QVERIFY(!page->diffLeft()->toPlainText().contains(QStringLiteral("\"currency\"")));
    QCOMPARE(page->diffLeft()->document()->blockCount(), page->diffRight()->document()->blockCount());
    int highlightedAdded = 0, highlightedSame = 0;
    for (QTextBlock b = page->diffRight()->document()->begin(); b.isValid(); b = b.next()) {
      bool highlighted = b.blockFormat().hasProperty(QTextFormat::BackgroundBrush);
      if (b.text().contains(QStringLiteral("\"currency\""))) highlightedAdded += highlighted;
      if (b.text().contains(QStringLiteral("\"amount\""))) highlightedSame += highlighted;
    }
    QCOMPARE(highlightedAdded, 1);
    QCOMPARE(highlightedSame, 0);

    // Compatibility: set FULL for the subject; the registry reports it to curl.
    QVERIFY(waitFor(page, [&] { page->setCompatibility(QStringLiteral("FULL")); }));
    QCOMPARE(page->compatibilityCombo()->currentText(), QStringLiteral("FULL"));
    QVERIFY2(curl(QStringLiteral("/config/avro-orders-value")).contains(QStringLiteral("\"FULL\"")),
             qPrintable(curl(QStringLiteral("/config/avro-orders-value"))));

    // The global level too; the subject keeps its own.
    QVERIFY(waitFor(page, [&] { page->setGlobalCompatibility(QStringLiteral("FORWARD_TRANSITIVE")); }));
    QVERIFY2(curl(QStringLiteral("/config")).contains(QStringLiteral("\"FORWARD_TRANSITIVE\"")),
             qPrintable(curl(QStringLiteral("/config"))));
    QCOMPARE(page->globalCompatibilityCombo()->currentText(), QStringLiteral("FORWARD_TRANSITIVE"));
    QVERIFY(curl(QStringLiteral("/config/avro-orders-value")).contains(QStringLiteral("\"FULL\"")));
    QVERIFY(waitFor(page, [&] { page->setGlobalCompatibility(QStringLiteral("BACKWARD")); }));

    // Check compatibility: id turned into a string is incompatible; the registry's reasons are shown.
    QString verdict;
    QVERIFY(waitFor(
        page, [&] { page->checkCompatibility(QString::fromUtf8(kOrderIncompatible), QStringLiteral("latest")); },
        &verdict));
    QVERIFY2(verdict.startsWith(QStringLiteral("NOT compatible")) && verdict.contains(QLatin1Char('\n')),
             qPrintable(verdict));
    QVERIFY(waitFor(
        page, [&] { page->checkCompatibility(QString::fromUtf8(kOrderV2), QStringLiteral("1")); }, &verdict));
    QVERIFY2(verdict.startsWith(QStringLiteral("Compatible")), qPrintable(verdict));
    // Registering the incompatible one: the registry's own error code and message.
    QString refusal;
    QVERIFY(!waitFor(
        page, [&] { page->registerSchema(QStringLiteral("avro-orders-value"), QString::fromUtf8(kOrderIncompatible)); },
        &refusal));
    QVERIFY2(refusal.startsWith(QStringLiteral("409 ")), qPrintable(refusal));

    // Deletes: version 2 soft, then permanently; the registry agrees.
    QVERIFY(waitFor(page, [&] { page->deleteVersion(2, false); }));
    QVERIFY(QTest::qWaitFor([&] { return page->versions() == QList<int>{1}; }, 20000));
    QCOMPARE(curl(QStringLiteral("/subjects/avro-orders-value/versions")), QStringLiteral("[1]"));
    QCOMPARE(curl(QStringLiteral("/subjects/avro-orders-value/versions?deleted=true")), QStringLiteral("[1,2]"));
    QVERIFY(waitFor(page, [&] { page->deleteVersion(2, true); }));
    QCOMPARE(curl(QStringLiteral("/subjects/avro-orders-value/versions?deleted=true")), QStringLiteral("[1]"));
    // A whole subject: soft, then (another one) permanently in one go.
    for (const QString& name : {QStringLiteral("throwaway-soft"), QStringLiteral("throwaway-hard")}) {
      page->registerSchema(name, QString::fromUtf8(kOrderV2));
      QVERIFY(
          QTest::qWaitFor([&] { return page->currentSubject() == name && page->versions() == QList<int>{1}; }, 20000));
      QVERIFY(waitFor(page, [&] { page->deleteSubject(name.endsWith(QLatin1String("hard"))); }));
      QVERIFY(QTest::qWaitFor([&] { return page->subjectList()->findItems(name, Qt::MatchExactly).isEmpty(); }, 20000));
      QVERIFY(!curl(QStringLiteral("/subjects")).contains(name));
    }
    QVERIFY(curl(QStringLiteral("/subjects?deleted=true")).contains(QStringLiteral("throwaway-soft")));
    QVERIFY(!curl(QStringLiteral("/subjects?deleted=true")).contains(QStringLiteral("throwaway-hard")));
    page->selectSubject(QStringLiteral("avro-orders-value"));
    QVERIFY(QTest::qWaitFor([&] { return page->versions() == QList<int>{1}; }, 20000));
    // A version that is not there: the registry's 40402, as it said it.
    QString missing;
    QVERIFY(!waitFor(
        page, [&] { page->deleteVersion(7, false); }, &missing));
    QVERIFY2(missing.startsWith(QStringLiteral("40402 ")), qPrintable(missing));
  }

  void produceWithAvroIsDecodedByPython() {
    createTopic("avro-produced");
    // python registers the Order schema under avro-produced-value (and writes nothing).
    QString out = python(
        {QString::fromUtf8(kPythonProduce), m_bootstrap, m_url, QStringLiteral("avro-produced"), QStringLiteral("0")});
    int id = QJsonDocument::fromJson(out.toUtf8()).object().value(QStringLiteral("id")).toInt();
    QVERIFY2(id > 0, qPrintable(out));
    TopicView* view = m_local->openTopic(QStringLiteral("avro-produced"));
    MessagesPage* page = view->messages();
    ProduceDialog* dialog = page->openProduceDialog();
    QSignalSpy loaded(dialog, &ProduceDialog::schemaLoaded);
    dialog->setAvro(true);
    QVERIFY(QTest::qWaitFor([&] { return !loaded.isEmpty() && dialog->schemaId() == id; }, 20000));
    QCOMPARE(dialog->subjectCombo()->currentText(), QStringLiteral("avro-produced-value"));
    QVERIFY2(dialog->schemaLabel()->text().contains(QStringLiteral("schema id %1").arg(id)),
             qPrintable(dialog->schemaLabel()->text()));

    // Checked against the schema before sending, with the field named.
    dialog->keyEdit()->setText(QStringLiteral("order-7"));
    dialog->valueEdit()->setPlainText(QStringLiteral(R"({"id": 7, "amount": 2.5, "note": "hi", "status": "LOST"})"));
    auto bad = dialog->message();
    QVERIFY(!bad.ok());
    QVERIFY2(QString::fromStdString(bad.error().message).contains(QStringLiteral("status: 'LOST' is not a symbol")),
             bad.error().message.c_str());
    dialog->valueEdit()->setPlainText(QStringLiteral(R"({"id": "seven", "amount": 2.5, "status": "NEW"})"));
    bad = dialog->message();
    QVERIFY(!bad.ok());
    QVERIFY2(QString::fromStdString(bad.error().message).contains(QStringLiteral("— id: expected")),
             bad.error().message.c_str());
    dialog->valueEdit()->setPlainText(QStringLiteral(R"({"id": 7, "amount": 2.5, "note": "hi", "status": "PAID"})"));
    QSignalSpy produced(page, &MessagesPage::produced);
    dialog->accept();
    QVERIFY(produced.wait(20000));

    out = python(
        {QString::fromUtf8(kPythonConsume), m_bootstrap, m_url, QStringLiteral("avro-produced"), QStringLiteral("1")});
    QCOMPARE(
        out.trimmed(),
        QStringLiteral(R"({"id": %1, "value": {"amount": 2.5, "id": 7, "note": "hi", "status": "PAID"}})").arg(id));
  }

  void clusterDialogTakesAndTestsTheRegistry() {
    ClusterDialog* dialog = m_window->openClusterDialog();
    QVERIFY(dialog);
    dialog->nameEdit()->setText(QStringLiteral("WithRegistry"));
    dialog->bootstrapEdit()->setText(m_bootstrap);
    dialog->registryEdit()->setText(QStringLiteral("registry:8081"));
    QVERIFY(!dialog->entry().ok());
    QVERIFY2(dialog->entry().error().message.find("not a URL") != std::string::npos,
             dialog->entry().error().message.c_str());
    dialog->registryEdit()->setText(m_url);
    dialog->registryUserEdit()->setText(QStringLiteral("inspector"));
    dialog->registryPasswordEdit()->setText(QStringLiteral("hunter2"));
    QVERIFY(!dialog->entry().ok());
    QVERIFY2(dialog->entry().error().message.find("secret reference") != std::string::npos,
             dialog->entry().error().message.c_str());
    dialog->registryUserEdit()->clear();
    dialog->registryPasswordEdit()->clear();

    QSignalSpy tested(dialog, &ClusterDialog::registryTestFinished);
    dialog->testRegistry();
    QVERIFY(tested.wait(20000));
    QVERIFY2(tested.last().at(0).toBool(), qPrintable(tested.last().at(1).toString()));
    QVERIFY2(dialog->statusLabel()->text().contains(QStringLiteral("subject")),
             qPrintable(dialog->statusLabel()->text()));
    dialog->registryEdit()->setText(QStringLiteral("http://127.0.0.1:%1").arg(closedPort()));
    dialog->testRegistry();
    QVERIFY(tested.wait(20000));
    QVERIFY(!tested.last().at(0).toBool());
    QVERIFY2(tested.last().at(1).toString().contains(QStringLiteral("unreachable")),
             qPrintable(tested.last().at(1).toString()));
    // Something that answers HTTP but is not a registry: the registry's own 404 for an unknown path.
    dialog->registryEdit()->setText(m_url + QStringLiteral("/nothing"));
    dialog->testRegistry();
    QVERIFY(tested.wait(20000));
    QVERIFY(!tested.last().at(0).toBool());
    QVERIFY2(tested.last().at(1).toString().contains(QStringLiteral("404")),
             qPrintable(tested.last().at(1).toString()));

    dialog->registryEdit()->setText(m_url);
    dialog->registryUserEdit()->setText(QStringLiteral("${env:TRIBUTARY_TEST_REGISTRY_USER}"));
    dialog->registryPasswordEdit()->setText(QStringLiteral("${env:TRIBUTARY_TEST_REGISTRY_PASSWORD}"));
    dialog->accept();
    QVERIFY(QTest::qWaitFor([&] { return ClusterStore::load().last().name == QStringLiteral("WithRegistry"); }, 5000));
    ClusterEntry stored = ClusterStore::load().last();
    QCOMPARE(stored.schemaRegistry, m_url);
    // Stored as references, never resolved.
    QCOMPARE(stored.schemaRegistryPassword, QStringLiteral("${env:TRIBUTARY_TEST_REGISTRY_PASSWORD}"));
    qputenv("TRIBUTARY_TEST_REGISTRY_USER", "u");
    qputenv("TRIBUTARY_TEST_REGISTRY_PASSWORD", "p");
    auto resolved = ClusterStore::resolve(stored);
    QVERIFY(resolved.ok());
    QCOMPARE(resolved->schemaRegistryPassword, std::string("p"));
    qunsetenv("TRIBUTARY_TEST_REGISTRY_PASSWORD");
    auto unresolved = ClusterStore::resolve(stored);
    QVERIFY(!unresolved.ok());
    QVERIFY2(unresolved.error().message.find("schema registry password") != std::string::npos,
             unresolved.error().message.c_str());
    qunsetenv("TRIBUTARY_TEST_REGISTRY_USER");
    m_window->removeCluster(QStringLiteral("WithRegistry"));
    QVERIFY(m_window->openCluster(QStringLiteral("Local")));
  }

  void lineDiffPairsChangesSideBySide() {
    auto rows = diffLines({"a", "b", "c", "d"}, {"a", "x", "c", "d", "e"});
    QCOMPARE(rows.size(), std::size_t(5));
    QCOMPARE(rows[0].kind, DiffLine::Same);
    QCOMPARE(rows[1].kind, DiffLine::Changed);
    QCOMPARE(rows[1].left, 1);
    QCOMPARE(rows[1].right, 1);
    QCOMPARE(rows[4].kind, DiffLine::Added);
    QCOMPARE(rows[4].left, -1);
    QCOMPARE(rows[4].right, 4);
    auto removed = diffLines({"a", "b"}, {"b"});
    QCOMPARE(removed.size(), std::size_t(2));
    QCOMPARE(removed[0].kind, DiffLine::Removed);
    QCOMPARE(removed[1].kind, DiffLine::Same);
  }

  // Not a check: with TRIBUTARY_SCREENSHOT_DIR set (e.g. under xvfb-run), saves
  // the decoded message detail and the registry view with a diff.
  void screenshots() {
    QString dir = qEnvironmentVariable("TRIBUTARY_SCREENSHOT_DIR");
    if (dir.isEmpty()) QSKIP("TRIBUTARY_SCREENSHOT_DIR is not set");
    m_window->resize(1440, 900);
    m_window->statusBar()->clearMessage();
    auto save = [&](QWidget* w, const QString& name) {
      QTest::qWait(300);
      QVERIFY(w->grab().save(dir + QLatin1Char('/') + name));
    };
    TopicView* view = m_local->openTopic(QStringLiteral("avro-orders"));
    MessagesPage* page = view->messages();
    QVERIFY(browse(page, 20));
    QVERIFY(selectAndDecode(page, 3));
    page->detail()->jsonTree()->expandAll();
    save(m_window.get(), QStringLiteral("browser-avro-message.png"));
    SchemaRegistryPage* registry = m_local->registryPage();
    m_local->showRegistry();
    QVERIFY(waitFor(registry, [&] { registry->refresh(); }));
    registry->pasteEdit()->setPlainText(QString::fromUtf8(kOrderV2));
    registry->registerSchema(QStringLiteral("avro-orders-value"), registry->pasteEdit()->toPlainText());
    QVERIFY(QTest::qWaitFor([&] { return registry->versions().size() == 2; }, 20000));
    QVERIFY(waitFor(registry, [&] { registry->compare(registry->versions()[0], registry->versions()[1]); }));
    save(m_window.get(), QStringLiteral("browser-registry-diff.png"));
    registry->tabs()->setCurrentIndex(2);
    registry->pasteEdit()->setPlainText(QString::fromUtf8(kOrderIncompatible));
    QVERIFY(waitFor(registry, [&] {
      registry->checkCompatibility(QString::fromUtf8(kOrderIncompatible), QStringLiteral("latest"));
    }));
    save(m_window.get(), QStringLiteral("browser-registry-check.png"));
    MessagesPage* produced = m_local->openTopic(QStringLiteral("avro-produced"))->messages();
    ProduceDialog* dialog = produced->openProduceDialog();
    QSignalSpy loaded(dialog, &ProduceDialog::schemaLoaded);
    dialog->setAvro(true);
    QVERIFY(loaded.wait(20000));
    dialog->keyEdit()->setText(QStringLiteral("order-8"));
    dialog->valueEdit()->setPlainText(
        QStringLiteral("{\n  \"id\": 8,\n  \"amount\": 12.5,\n  \"note\": null,\n  \"status\": \"LOST\"\n}"));
    dialog->accept();  // refused: the error names the field
    save(dialog, QStringLiteral("browser-produce-avro.png"));
    dialog->close();
  }
};

QTEST_MAIN(TestBrowserAvro)
#include "test_browser_avro.moc"
