// The /metrics endpoint, checked by Prometheus' own tools: a runner running
// the demo pipeline with --metrics-listen serves text format 0.0.4 that
// `promtool check metrics` accepts, and a real Prometheus (started here in a
// temporary folder on a free port, scraping every second) answers an HTTP API
// query for the pipeline's records counter with a non-zero value.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

#include "tests/support/free_port.h"

namespace {

// GET with curl (not our HTTP code); empty on failure.
QByteArray httpGet(const QString& url, QString* contentType = nullptr) {
  QProcess curl;
  QStringList args{QStringLiteral("-sS"), QStringLiteral("--max-time"), QStringLiteral("5")};
  if (contentType) args << QStringLiteral("-D") << QStringLiteral("-");
  curl.start(QStringLiteral("curl"), args << url);
  if (!curl.waitForFinished(10000) || curl.exitCode() != 0) return {};
  QByteArray out = curl.readAllStandardOutput();
  if (contentType) {
    int end = static_cast<int>(out.indexOf("\r\n\r\n"));
    QByteArray head = out.left(end);
    for (const QByteArray& line : head.split('\n'))
      if (line.toLower().startsWith("content-type:")) *contentType = QString::fromUtf8(line.mid(13).trimmed());
    out = out.mid(end + 4);
  }
  return out;
}

}  // namespace

class TestMetricsPrometheus final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void prometheusScrapesARunningPipeline() {
    QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
    QString prometheus = QStandardPaths::findExecutable(QStringLiteral("prometheus"));
    if (promtool.isEmpty() || prometheus.isEmpty()) QSKIP("the prometheus package is not installed");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QFile::copy(QStringLiteral(TRIBUTARY_SOURCE_DIR "/resources/templates/demo.tributary.json"),
                        dir.filePath(QStringLiteral("demo.tributary.json"))));

    // The runner picks a free port itself (port 0) and says which.
    QProcess runner;
    runner.setProcessChannelMode(QProcess::SeparateChannels);
    runner.start(QStringLiteral(TRIBUTARY_RUNNER),
                 {QStringLiteral("run"), dir.filePath(QStringLiteral("demo.tributary.json")), QStringLiteral("--workdir"),
                  dir.path(), QStringLiteral("--state"), dir.filePath(QStringLiteral("state")), QStringLiteral("--quiet"),
                  QStringLiteral("--for"), QStringLiteral("60s"), QStringLiteral("--metrics-listen"),
                  QStringLiteral("127.0.0.1:0")});
    QVERIFY(runner.waitForStarted());
    QString url;
    QByteArray stderrText;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
          stderrText += runner.readAllStandardError();
          auto m = QRegularExpression(QStringLiteral("metrics on (http://\\S+)")).match(QString::fromUtf8(stderrText));
          if (m.hasMatch()) url = m.captured(1);
          return !url.isEmpty();
        }(),
        15000);
    QVERIFY2(url.startsWith(QStringLiteral("http://127.0.0.1:")), qPrintable(url));

    // The exposition: the content type of format 0.0.4, and promtool's verdict.
    QByteArray text;
    QString contentType;
    QTRY_VERIFY_WITH_TIMEOUT((text = httpGet(url, &contentType)).contains("tributary_node_records_out_total"), 10000);
    QVERIFY2(contentType.startsWith(QStringLiteral("text/plain; version=0.0.4")), qPrintable(contentType));
    QVERIFY(text.contains("# HELP tributary_node_records_in_total"));
    QVERIFY(text.contains("# TYPE tributary_node_records_in_total counter"));
    QVERIFY(text.contains("# TYPE tributary_node_queue_depth gauge"));
    QVERIFY(text.contains("# TYPE tributary_node_batch_latency_seconds histogram"));
    QVERIFY(text.contains("tributary_node_batch_latency_seconds_bucket{node=\"orders\",pipeline=\"demo\""));
    QVERIFY(text.contains("le=\"+Inf\"}"));
    QVERIFY(text.contains("tributary_node_batch_latency_seconds_sum{"));
    QVERIFY(text.contains("tributary_node_batch_latency_seconds_count{"));
    // End-to-end latency (core/runtime/end_to_end_latency.h): per sink node and per pipeline.
    QVERIFY(text.contains("# TYPE tributary_sink_latency_seconds histogram"));
    QVERIFY(text.contains("tributary_sink_latency_seconds_bucket{node=\"orders-file\",pipeline=\"demo\""));
    QVERIFY(!text.contains("tributary_sink_latency_seconds_bucket{node=\"orders\""));  // a source
    QVERIFY(text.contains("# TYPE tributary_pipeline_latency_seconds histogram"));
    QVERIFY(text.contains("tributary_pipeline_latency_seconds_bucket{pipeline=\"demo\",le=\"60\"}"));
    QVERIFY(text.contains("tributary_pipeline_latency_seconds_sum{pipeline=\"demo\"}"));
    QVERIFY(text.contains("tributary_pipeline_latency_seconds_count{pipeline=\"demo\"}"));
    QProcess check;
    check.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
    QVERIFY(check.waitForStarted());
    check.write(text);
    check.closeWriteChannel();
    QVERIFY(check.waitForFinished(30000));
    QVERIFY2(check.exitCode() == 0, (check.readAllStandardOutput() + check.readAllStandardError()).constData());

    // A real Prometheus scraping it every second.
    QString target = url.mid(7, url.indexOf(QLatin1Char('/'), 7) - 7);
    int promPort = tributary::testing::freeLoopbackPort();
    QFile config(dir.filePath(QStringLiteral("prometheus.yml")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(QStringLiteral("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                                "scrape_configs:\n  - job_name: tributary\n    static_configs:\n"
                                "      - targets: ['%1']\n")
                     .arg(target)
                     .toUtf8());
    config.close();
    QProcess prom;
    prom.setProcessChannelMode(QProcess::MergedChannels);
    prom.start(prometheus, {QStringLiteral("--config.file=") + config.fileName(),
                            QStringLiteral("--storage.tsdb.path=") + dir.filePath(QStringLiteral("tsdb")),
                            QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(promPort)});
    QVERIFY(prom.waitForStarted());
    QString api = QStringLiteral("http://127.0.0.1:%1").arg(promPort);
    QTRY_VERIFY2_WITH_TIMEOUT(httpGet(api + QStringLiteral("/-/ready")).contains("Ready"),
                              prom.readAll().right(2000).constData(), 20000);
    QString query = api + QStringLiteral("/api/v1/query?query=tributary_node_records_out_total%7Bpipeline%3D%22demo%22%2Cnode%3D%22orders%22%7D");
    double value = 0;
    QByteArray answer;
    QTRY_VERIFY2_WITH_TIMEOUT(
        [&] {
          answer = httpGet(query);
          auto result = QJsonDocument::fromJson(answer).object()[QStringLiteral("data")].toObject()[QStringLiteral("result")].toArray();
          if (result.isEmpty()) return false;
          value = result[0].toObject()[QStringLiteral("value")].toArray()[1].toString().toDouble();
          return value > 0;
        }(),
        answer.constData(), 20000);
    QVERIFY(value > 0);
    // Prometheus reads the latency as a histogram: its own histogram_quantile gives a p99.
    QString quantile = api + QStringLiteral("/api/v1/query?query=") +
                       QString::fromLatin1(QUrl::toPercentEncoding(QStringLiteral(
                           "histogram_quantile(0.99, rate(tributary_pipeline_latency_seconds_bucket{pipeline=\"demo\"}[5s]))")));
    double p99 = 0;
    QTRY_VERIFY2_WITH_TIMEOUT(
        [&] {
          answer = httpGet(quantile);
          auto result = QJsonDocument::fromJson(answer).object()[QStringLiteral("data")].toObject()[QStringLiteral("result")].toArray();
          if (result.isEmpty()) return false;
          p99 = result[0].toObject()[QStringLiteral("value")].toArray()[1].toString().toDouble();
          return p99 > 0 && p99 <= 60;
        }(),
        answer.constData(), 20000);
    // The target is healthy in Prometheus' own view.
    QByteArray targets = httpGet(api + QStringLiteral("/api/v1/targets"));
    QVERIFY2(targets.contains("\"health\":\"up\""), targets.constData());

    prom.terminate();
    QVERIFY(prom.waitForFinished(10000));
    runner.terminate();  // SIGTERM: graceful stop
    QVERIFY(runner.waitForFinished(20000));
    QCOMPARE(runner.exitCode(), 0);
  }

  void badListenAddressIsRefused() {
    QProcess runner;
    runner.start(QStringLiteral(TRIBUTARY_RUNNER),
                 {QStringLiteral("run"), QStringLiteral(TRIBUTARY_SOURCE_DIR "/resources/templates/demo.tributary.json"),
                  QStringLiteral("--metrics-listen"), QStringLiteral("127.0.0.1:notaport")});
    QVERIFY(runner.waitForFinished(20000));
    QCOMPARE(runner.exitCode(), 2);
    QByteArray err = runner.readAllStandardError();
    QVERIFY2(err.contains("--metrics-listen") && err.contains("notaport"), err.constData());
  }
};

QTEST_GUILESS_MAIN(TestMetricsPrometheus)
#include "test_metrics_prometheus.moc"
