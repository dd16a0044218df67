// `tributary-runner kafka search TOPIC [TEXT] --where EXPR` against the
// embedded broker, with the messages written by kcat (a client not ours).
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "core/broker/broker.h"

using namespace tributary;

class TestKafkaSearchCli final : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  std::unique_ptr<broker::Broker> m_broker;

  QString bootstrap() const { return QString::fromStdString(m_broker->bootstrap()); }

  int runner(const QStringList& args, QList<QJsonObject>* lines, QString* err = nullptr) {
    QProcess p;
    p.start(QStringLiteral(TRIBUTARY_RUNNER),
            QStringList{QStringLiteral("kafka")} + args + QStringList{QStringLiteral("--bootstrap"), bootstrap()});
    if (!p.waitForFinished(60000)) p.kill();
    if (err) *err = QString::fromUtf8(p.readAllStandardError());
    if (lines)
      for (const QByteArray& line : p.readAllStandardOutput().split('\n'))
        if (!line.trimmed().isEmpty()) lines->append(QJsonDocument::fromJson(line).object());
    return p.exitCode();
  }

 private Q_SLOTS:
  void initTestCase() {
    broker::BrokerOptions options;
    options.dataDir = m_dir.filePath(QStringLiteral("broker")).toStdString();
    auto started = broker::Broker::start(options);
    QVERIFY2(started.ok(), started.ok() ? "" : started.error().toString().c_str());
    m_broker = std::move(*started);
    QByteArray input;
    for (int i = 0; i < 200; ++i)
      input += QStringLiteral("k%1:{\"n\":%1,\"status\":\"%2\"}\n").arg(i).arg(i % 3 == 0 ? "paid" : "open").toUtf8();
    QProcess kcat;
    kcat.start(QStringLiteral("kcat"),
               {QStringLiteral("-P"), QStringLiteral("-b"), bootstrap(), QStringLiteral("-t"), QStringLiteral("orders"),
                QStringLiteral("-K:"), QStringLiteral("-H"), QStringLiteral("origin=kcat")});
    kcat.write(input);
    kcat.closeWriteChannel();
    QVERIFY(kcat.waitForFinished(60000));
    QCOMPARE(kcat.exitCode(), 0);
  }

  void cleanupTestCase() { m_broker.reset(); }

  void whereAlone() {
    QList<QJsonObject> lines;
    QCOMPARE(runner({QStringLiteral("search"), QStringLiteral("orders"), QStringLiteral("--where"),
                     QStringLiteral("value.status = 'paid' AND value.n >= 150 AND headers.origin = 'kcat'"),
                     QStringLiteral("--json")},
                    &lines),
             0);
    // 150, 153, ..., 198: 17 matches, then the summary line.
    QCOMPARE(lines.size(), 18);
    for (int i = 0; i < 17; ++i)
      QCOMPARE(lines[i][QStringLiteral("value")].toObject()[QStringLiteral("n")].toInt() % 3, 0);
    QCOMPARE(lines.last()[QStringLiteral("matches")].toInt(), 17);
    QCOMPARE(lines.last()[QStringLiteral("scanned")].toInt(), 200);
  }

  void substringAndWhere() {
    QList<QJsonObject> lines;
    QCOMPARE(runner({QStringLiteral("search"), QStringLiteral("orders"), QStringLiteral("\"n\":19"),
                     QStringLiteral("--where"), QStringLiteral("key LIKE 'k19%' AND partition = 0 AND offset < 195"),
                     QStringLiteral("--json")},
                    &lines),
             0);
    // k19 and k190..k194 contain "n":19 and are before offset 195.
    QCOMPARE(lines.last()[QStringLiteral("matches")].toInt(), 6);
  }

  void badExpressionIsBadInput() {
    QString err;
    int code = runner(
        {QStringLiteral("search"), QStringLiteral("orders"), QStringLiteral("--where"), QStringLiteral("value.n >")},
        nullptr, &err);
    QCOMPARE(code, 2);
    QVERIFY2(err.contains(QStringLiteral("--where")) && err.contains(QStringLiteral("column")), qPrintable(err));
  }
};

QTEST_GUILESS_MAIN(TestKafkaSearchCli)
#include "test_kafka_search_cli.moc"
