// A pipeline with a Kafka topic in the middle, run by `tributary-runner run`
// on the embedded broker: datagen -> topic -> map -> file. Every generated
// record must reach the file, and kcat (not our code) must find them all in
// the topic afterwards, read from the broker's log on disk.
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>

#include <nlohmann/json.hpp>

class TestTopicPipeline final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void recordsFlowThroughATopic() {
    QTemporaryDir dir;
    const int count = 3000;
    nlohmann::json pipeline = {
        {"tributary", 1},
        {"name", "through-topic"},
        {"cluster", {{"bootstrap", "embedded"}}},
        {"nodes",
         {{{"id", "gen"}, {"type", "source.datagen"}, {"config", {{"template", "orders"}, {"seed", 7}, {"count", count}}}},
          {{"id", "raw"}, {"type", "topic"}, {"config", {{"name", "orders-raw"}, {"partitions", 4}, {"key", "order_id"}}}},
          {{"id", "shape"}, {"type", "transform.map"}, {"config", {{"select", "order_id, upper(status) AS status"}}}},
          {{"id", "out"}, {"type", "sink.file"}, {"config", {{"path", "out.jsonl"}}}}}},
        {"edges",
         {{{"from", "gen"}, {"to", "raw"}}, {{"from", "raw"}, {"to", "shape"}}, {{"from", "shape"}, {"to", "out"}}}}};
    QString file = dir.filePath(QStringLiteral("p.tributary.json"));
    std::ofstream(file.toStdString()) << pipeline.dump(2);

    // Run until every record has arrived (or give up after 60 s).
    QProcess run;
    run.setProcessChannelMode(QProcess::MergedChannels);
    run.start(QStringLiteral(TRIBUTARY_RUNNER),
              {QStringLiteral("run"), file, QStringLiteral("--state"), dir.filePath(QStringLiteral("state")),
               QStringLiteral("--workdir"), dir.path(), QStringLiteral("--for"), QStringLiteral("60s")});
    QVERIFY(run.waitForStarted());
    QString out = dir.filePath(QStringLiteral("out.jsonl"));
    QSet<QString> ids;
    for (int i = 0; i < 600 && ids.size() < count; ++i) {
      QTest::qWait(100);
      ids.clear();
      std::ifstream in(out.toStdString());
      for (std::string line; std::getline(in, line);) {
        auto row = nlohmann::json::parse(line, nullptr, false);
        if (!row.is_discarded() && row.contains("order_id")) ids.insert(QString::fromStdString(row["order_id"].dump()));
      }
    }
    run.terminate();  // SIGTERM: a graceful stop
    QVERIFY(run.waitForFinished(30000));
    QByteArray log = run.readAll();
    QVERIFY2(log.contains("embedded Kafka broker on"), log.constData());
    QCOMPARE(ids.size(), count);
    QCOMPARE(run.exitCode(), 0);

    // The topic's data is in the broker's log: serve it again and read it with kcat.
    QProcess broker;
    broker.start(QStringLiteral(TRIBUTARY_RUNNER),
                 {QStringLiteral("broker"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--data"),
                  dir.filePath(QStringLiteral("state/broker"))});
    QVERIFY(broker.waitForReadyRead(10000));
    QString listening = QString::fromUtf8(broker.readLine()).trimmed();
    QVERIFY2(listening.startsWith(QStringLiteral("listening on ")), qPrintable(listening));
    QString bootstrap = listening.mid(13);
    QProcess kcat;
    kcat.start(QStringLiteral("kcat"), {QStringLiteral("-C"), QStringLiteral("-b"), bootstrap, QStringLiteral("-t"),
                                        QStringLiteral("orders-raw"), QStringLiteral("-e"), QStringLiteral("-q"),
                                        QStringLiteral("-f"), QStringLiteral("%k\\n")});
    QVERIFY(kcat.waitForFinished(30000));
    QStringList keys = QString::fromUtf8(kcat.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    broker.terminate();
    broker.waitForFinished(10000);
    QSet<QString> distinct(keys.begin(), keys.end());
    QCOMPARE(distinct.size(), count);       // keyed by order_id, every record once at least
    QVERIFY(keys.size() >= count);           // at-least-once: duplicates are allowed
  }
};

QTEST_GUILESS_MAIN(TestTopicPipeline)
#include "test_topic_pipeline.moc"
