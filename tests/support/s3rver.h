#pragma once
// s3rver (npm, tests/tools) on a free loopback port with one bucket, for the
// lifetime of the object: the S3 server of the lake tests and benchmarks.
// Stopped (terminated, then killed, and waited for) by the destructor, also
// when a test fails.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include <QByteArray>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

#include "core/connectors/s3_client.h"
#include "tests/support/free_port.h"

namespace tributary::testing {

class S3rver {
 public:
  // `sourceDir`: the repository (TRIBUTARY_SOURCE_DIR), whose tests/tools hold s3rver.
  S3rver(const QString& sourceDir, const QString& dataDir, const std::string& bucket) {
    m_port = freeLoopbackPort();
    QString bin = sourceDir + QStringLiteral("/tests/tools/node_modules/.bin/s3rver");
    if (!QFile::exists(bin)) {
      m_log = "s3rver is not installed: run scripts/test-tools.sh";
      return;
    }
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(
        bin, {QStringLiteral("-d"), dataDir, QStringLiteral("-p"), QString::number(m_port), QStringLiteral("-a"),
              QStringLiteral("127.0.0.1"), QStringLiteral("--configure-bucket"), QString::fromStdString(bucket)});
    for (int i = 0; i < 200 && m_process.state() != QProcess::NotRunning; ++i) {
      m_process.waitForReadyRead(50);
      m_log += m_process.readAll();
      if (m_log.contains("listening")) {
        m_ready = true;
        return;
      }
    }
  }
  ~S3rver() {
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
      m_process.kill();
      m_process.waitForFinished(5000);
    }
  }
  S3rver(const S3rver&) = delete;
  S3rver& operator=(const S3rver&) = delete;

  bool ready() const { return m_ready; }
  QByteArray log() const { return m_log; }
  int port() const { return m_port; }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(m_port); }
  // A client configuration for `bucket` with s3rver's default credentials (S3RVER/S3RVER), path-style.
  connectors::S3Config config(const std::string& bucket) const {
    connectors::S3Config c;
    c.endpoint = endpoint();
    c.bucket = bucket;
    c.pathStyle = true;
    c.accessKey = "S3RVER";
    c.secretKey = "S3RVER";
    c.retries = 2;
    c.retryBackoffMs = 50;
    return c;
  }

 private:
  QProcess m_process;
  QByteArray m_log;
  int m_port = 0;
  bool m_ready = false;
};

}  // namespace tributary::testing
