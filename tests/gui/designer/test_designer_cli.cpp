// `tributary --help` and `--version` print and exit without a display: they
// are handled before the QApplication exists, which would abort without a
// platform plugin. Runs the real executable with no DISPLAY, no
// WAYLAND_DISPLAY and QT_QPA_PLATFORM unset.

#include <QProcess>
#include <QProcessEnvironment>
#include <QtTest>

#include "tributary_version.h"

class TestDesignerCli final : public QObject {
  Q_OBJECT

 private:
  struct Outcome {
    int exitCode = -1;
    QProcess::ExitStatus status = QProcess::CrashExit;
    QString out, err;
  };

  static Outcome runWithoutDisplay(const QStringList& args) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) env.remove(QString::fromLatin1(name));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(TRIBUTARY_GUI_BINARY), args);
    Outcome o;
    if (!p.waitForFinished(20000)) {
      p.kill();
      p.waitForFinished();
      o.err = QStringLiteral("did not finish within 20 s");
      return o;
    }
    o.exitCode = p.exitCode();
    o.status = p.exitStatus();
    o.out = QString::fromUtf8(p.readAllStandardOutput());
    o.err = QString::fromUtf8(p.readAllStandardError());
    return o;
  }

 private Q_SLOTS:
  void helpWorksWithoutDisplay() {
    for (const QString& flag : {QStringLiteral("--help"), QStringLiteral("-h")}) {
      Outcome o = runWithoutDisplay({flag});
      QVERIFY2(o.status == QProcess::NormalExit && o.exitCode == 0, qPrintable(flag + QStringLiteral(": ") + o.err));
      QVERIFY2(o.out.contains(QStringLiteral("Usage:")), qPrintable(o.out));
      // The real option list, not a stub: every automation flag is there.
      for (const char* option : {"--open", "--run", "--screenshot", "--quit-after", "--metrics-listen", "--show-dock"})
        QVERIFY2(o.out.contains(QLatin1String(option)), qPrintable(QString::fromLatin1(option) + QStringLiteral(" missing in ") + o.out));
      QVERIFY2(!o.err.contains(QStringLiteral("platform plugin")), qPrintable(o.err));
    }
  }

  void versionWorksWithoutDisplay() {
    Outcome o = runWithoutDisplay({QStringLiteral("--version")});
    QVERIFY2(o.status == QProcess::NormalExit && o.exitCode == 0, qPrintable(o.err));
    QCOMPARE(o.out.trimmed(), QStringLiteral("tributary %1").arg(QString::fromLatin1(tributary::kVersion)));
  }

  void withoutDisplayTheWindowStillRefusesClearly() {
    // Anything but --help/--version needs a display: Qt says so and the program stops
    // (it must not hang or pretend to run).
    Outcome o = runWithoutDisplay({QStringLiteral("--quit-after"), QStringLiteral("1s")});
    QVERIFY2(!(o.status == QProcess::NormalExit && o.exitCode == 0), qPrintable(o.out));
    QVERIFY2(o.err.contains(QStringLiteral("platform plugin")) || o.err.contains(QStringLiteral("display")),
             qPrintable(o.err));
  }
};

QTEST_GUILESS_MAIN(TestDesignerCli)
#include "test_designer_cli.moc"
