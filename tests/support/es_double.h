#pragma once
// The strict Elasticsearch test double (tests/integration/elasticsearch/
// es_double.py, run with the Debian python) on a free loopback port for the
// lifetime of the object, and the calls tests make on it: its state (stored
// documents per index, violations, request counts) and its script. No real
// Elasticsearch can run here (docs/elasticsearch.md). Killed and waited for
// by the destructor, also when a test fails.
#include <chrono>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace tributary::testing {

class EsDouble {
 public:
  // `dir`: a folder for the port file; `flavor`: elasticsearch, opensearch or other.
  explicit EsDouble(const QString& sourceDir, const QString& dir,
                    const QString& flavor = QStringLiteral("elasticsearch")) {
    QString portFile = dir + QStringLiteral("/es-double.port");
    QFile::remove(portFile);  // an earlier double's, in the same folder
    m_process.start(QStringLiteral("/usr/bin/python3"),
                    {sourceDir + QStringLiteral("/tests/integration/elasticsearch/es_double.py"),
                     QStringLiteral("--port-file"), portFile, QStringLiteral("--flavor"), flavor});
    for (int i = 0; i < 200 && !QFile::exists(portFile); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    // The double writes the file once it listens; wait for a complete number.
    for (int i = 0; i < 40 && m_port == 0; ++i) {
      QFile f(portFile);
      if (f.open(QIODevice::ReadOnly)) m_port = f.readAll().trimmed().toInt();
      if (m_port == 0) std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
  }
  ~EsDouble() {
    m_process.kill();
    m_process.waitForFinished(5000);
  }
  EsDouble(const EsDouble&) = delete;
  EsDouble& operator=(const EsDouble&) = delete;

  bool ready() const { return m_port > 0; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
  // A request with the curl command-line tool; the answer parsed (discarded when not JSON).
  nlohmann::json call(const QString& method, const QString& path, const std::string& body = {}) {
    QProcess curl;
    QStringList args = {QStringLiteral("-sS"), QStringLiteral("-X"), method, QString::fromStdString(url()) + path};
    if (!body.empty())
      args << QStringLiteral("-H") << QStringLiteral("Content-Type: application/json")
           << QStringLiteral("--data-binary") << QString::fromStdString(body);
    curl.start(QStringLiteral("curl"), args);
    curl.waitForFinished(10000);
    return nlohmann::json::parse(curl.readAllStandardOutput().toStdString(), nullptr, false);
  }
  // {"docs": {index: {_id: {"source", "version"}}}, "violations": [...], "bulk_requests", "actions", ...}
  nlohmann::json state() { return call(QStringLiteral("GET"), QStringLiteral("/_double/state")); }
  void script(const nlohmann::json& s) { call(QStringLiteral("POST"), QStringLiteral("/_double/script"), s.dump()); }

 private:
  QProcess m_process;
  int m_port = 0;
};

}  // namespace tributary::testing
