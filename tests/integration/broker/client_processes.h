#pragma once
// Runs the external Kafka clients the broker tests check with (kcat, and the
// Debian python with python3-kafka / python3-confluent-kafka) and collects
// their merged output.
#include <QProcess>
#include <QString>
#include <QStringList>

#include <string>

namespace tributary::testing {

inline const char* kDebianPython = "/usr/bin/python3";  // pyenv's python3 lacks the Debian modules

struct Run {
  int exitCode = -1;  // -1: did not start, crashed or timed out
  QString out;
};

inline Run runProcess(const QString& program, const QStringList& args, int timeoutMs, const QByteArray& input = {}) {
  QProcess p;
  p.setProcessChannelMode(QProcess::MergedChannels);
  p.start(program, args);
  Run r;
  if (!p.waitForStarted(5000)) {
    r.out = QStringLiteral("cannot start ") + program;
    return r;
  }
  if (!input.isEmpty()) p.write(input);
  p.closeWriteChannel();
  if (!p.waitForFinished(timeoutMs)) {
    p.kill();
    p.waitForFinished(2000);
    r.out = QString::fromUtf8(p.readAll()) + QStringLiteral("\n[timed out]");
    return r;
  }
  r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  r.out = QString::fromUtf8(p.readAll());
  return r;
}

// script BOOTSTRAP ARGS... with the Debian python.
inline Run runPythonClients(const char* script, const std::string& bootstrap, const QStringList& args,
                            int timeoutMs = 120000) {
  QStringList all{QString::fromUtf8(script), QString::fromStdString(bootstrap)};
  all << args;
  return runProcess(QString::fromLatin1(kDebianPython), all, timeoutMs);
}

inline Run runKcat(const std::string& bootstrap, QStringList args, int timeoutMs, const QByteArray& input = {}) {
  args.prepend(QString::fromStdString(bootstrap));
  args.prepend(QStringLiteral("-b"));
  return runProcess(QStringLiteral("kcat"), args, timeoutMs, input);
}

}  // namespace tributary::testing
