// The runner's command line as a user meets it: exit codes and messages.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>

#include <nlohmann/json.hpp>

class TestRunnerCli final : public QObject {
  Q_OBJECT

 private:
  struct Run {
    int exitCode = -1;
    QString out;
    QString err;
  };

  static Run runner(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(TRIBUTARY_RUNNER), args);
    if (!p.waitForFinished(30000)) qFatal("tributary-runner did not finish");
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
  }

  QString write(const char* name, const std::string& text) {
    QString path = m_dir.filePath(QString::fromUtf8(name));
    std::ofstream(path.toStdString(), std::ios::binary) << text;
    return path;
  }

  QTemporaryDir m_dir;

 private Q_SLOTS:
  void helpAndVersion() {
    Run help = runner({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains(QStringLiteral("validate")));
    QVERIFY(help.out.contains(QStringLiteral("types")));
    Run version = runner({QStringLiteral("--version")});
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith(QStringLiteral("tributary-runner 0.")));
    Run sub = runner({QStringLiteral("validate"), QStringLiteral("--help")});
    QCOMPARE(sub.exitCode, 0);
    QVERIFY(sub.out.contains(QStringLiteral("Exit status")));
    Run unknown = runner({QStringLiteral("frobnicate")});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY(unknown.err.contains(QStringLiteral("unknown command 'frobnicate'")));
  }

  void validateExitCodes() {
    QString empty = write("empty.tributary.json", R"({"tributary":1,"name":"empty","nodes":[],"edges":[]})");
    Run ok = runner({QStringLiteral("validate"), empty});
    QCOMPARE(ok.exitCode, 0);
    QVERIFY2(ok.out.contains(QStringLiteral("valid (0 errors, 0 warnings)")), qPrintable(ok.out));

    QString invalid = write("invalid.tributary.json",
                            R"({"tributary":1,"name":"x","nodes":[{"id":"a","type":"no.such.type"}],"edges":[{"from":"a","to":"b"}]})");
    Run bad = runner({QStringLiteral("validate"), invalid});
    QCOMPARE(bad.exitCode, 1);
    QVERIFY2(bad.out.contains(QStringLiteral("$.nodes[0].type (node a): unknown node type \"no.such.type\"")),
             qPrintable(bad.out));
    QVERIFY(bad.out.contains(QStringLiteral("$.edges[0].to")));

    QString truncated = write("truncated.tributary.json", R"({"tributary":1,"name":"x","nodes":[)");
    Run malformed = runner({QStringLiteral("validate"), truncated});
    QCOMPARE(malformed.exitCode, 2);
    QVERIFY2(malformed.err.contains(QStringLiteral("line 1, column")), qPrintable(malformed.err));

    Run missing = runner({QStringLiteral("validate"), m_dir.filePath(QStringLiteral("nope.json"))});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY(missing.err.contains(QStringLiteral("no such file")));

    Run noFile = runner({QStringLiteral("validate")});
    QCOMPARE(noFile.exitCode, 2);
    Run badFlag = runner({QStringLiteral("validate"), QStringLiteral("--jsn"), empty});
    QCOMPARE(badFlag.exitCode, 2);
    QVERIFY(badFlag.err.contains(QStringLiteral("unknown option --jsn")));
  }

  void validateJsonOutput() {
    QString invalid = write("j.tributary.json", R"({"tributary":1,"name":"","nodes":[],"edges":[]})");
    Run run = runner({QStringLiteral("validate"), QStringLiteral("--json"), invalid});
    QCOMPARE(run.exitCode, 1);
    auto doc = nlohmann::json::parse(run.out.toStdString());
    QCOMPARE(doc["valid"].get<bool>(), false);
    QCOMPARE(doc["problems"][0]["path"].get<std::string>(), std::string("$.name"));
    QCOMPARE(doc["problems"][0]["severity"].get<std::string>(), std::string("error"));
  }

  void typesPrintsJson() {
    Run run = runner({QStringLiteral("types")});
    QCOMPARE(run.exitCode, 0);
    auto doc = nlohmann::json::parse(run.out.toStdString());
    QVERIFY(doc.is_array());
    for (const auto& spec : doc) {
      QVERIFY(spec.contains("type"));
      QVERIFY(spec["fields"].is_array());
    }
    Run unknown = runner({QStringLiteral("types"), QStringLiteral("no.such")});
    QCOMPARE(unknown.exitCode, 2);
  }
};

QTEST_GUILESS_MAIN(TestRunnerCli)
#include "test_runner_cli.moc"
