#pragma once
// The processes the broker tests run: the external Kafka clients they check
// with (kcat, and the Debian python with python3-kafka /
// python3-confluent-kafka), and a `tributary-runner broker` child.
#include <QProcess>
#include <QString>
#include <QStringList>

#include <signal.h>
#include <sys/types.h>

#include <cctype>
#include <memory>
#include <string>

#include "tests/support/process.h"

namespace tributary::testing {

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

// A child `tributary-runner broker` process (TRIBUTARY_RUNNER), killed when the object goes away.
class RunnerBroker {
 public:
  // Port 0: any free port. `extra`: more `broker` options.
  bool start(const QString& dataDir, int port = 0, const QStringList& extra = {}) {
    m_proc = std::make_unique<QProcess>();
    m_proc->setProcessChannelMode(QProcess::MergedChannels);
    QStringList args{QStringLiteral("broker"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port),
                     QStringLiteral("--data"),  dataDir, QStringLiteral("--flush"), QStringLiteral("every-batch")};
    m_proc->start(QStringLiteral(TRIBUTARY_RUNNER), args + extra);
    if (!m_proc->waitForStarted(5000)) return false;
    // With --schema-registry, wait for its line too ("schema registry on http://127.0.0.1:PORT").
    const bool registry = extra.contains(QStringLiteral("--schema-registry"));
    const QByteArray last = registry ? "schema registry on http://127.0.0.1:" : "listening on 127.0.0.1:";
    QByteArray seen;
    for (int i = 0; i < 150 && !(seen.contains(last) && seen.indexOf('\n', seen.indexOf(last)) > 0); ++i) {
      m_proc->waitForReadyRead(100);
      seen += m_proc->readAll();
    }
    m_output = QString::fromUtf8(seen);
    m_port = portAfter(seen, "listening on 127.0.0.1:");
    if (registry) m_registryPort = portAfter(seen, "schema registry on http://127.0.0.1:");
    return m_port > 0 && (!registry || m_registryPort > 0);
  }
  int registryPort() const { return m_registryPort; }
  std::string registryUrl() const { return "http://127.0.0.1:" + std::to_string(m_registryPort); }
  QString startOutput() const { return m_output; }
  void kill9() {
    if (m_proc && m_proc->state() != QProcess::NotRunning) {
      ::kill(static_cast<pid_t>(m_proc->processId()), SIGKILL);
      m_proc->waitForFinished(5000);
    }
  }
  // SIGTERM; true when it exited cleanly within 10 s.
  bool terminate() {
    if (!m_proc) return false;
    m_proc->terminate();
    return m_proc->waitForFinished(10000) && exitCodeOf(*m_proc) == 0;
  }
  int port() const { return m_port; }
  std::string bootstrap() const { return "127.0.0.1:" + std::to_string(m_port); }
  ~RunnerBroker() { kill9(); }

 private:
  static int portAfter(const QByteArray& seen, const QByteArray& prefix) {
    int at = seen.indexOf(prefix);
    if (at < 0) return 0;
    QByteArray rest = seen.mid(at + prefix.size());
    int digits = 0;
    while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits]))) ++digits;
    return rest.left(digits).toInt();
  }

  std::unique_ptr<QProcess> m_proc;
  int m_port = 0;
  int m_registryPort = 0;
  QString m_output;
};

}  // namespace tributary::testing
