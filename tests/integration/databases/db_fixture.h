#pragma once
// What the SQL connector tests share on top of db_servers.h: both servers in
// one fixture, the data rows that run a test once per dialect, and a handle on
// one database by dialect name. Kept apart from db_servers.h, which the
// benchmarks use without Qt.

#include <functional>
#include <memory>
#include <string>

#include <QTest>

#include <nlohmann/json.hpp>

#include "tests/integration/databases/db_servers.h"

namespace tributary::testing {

// One database under test, chosen by dialect name: the connection fields a
// node's config needs, and its server's own client and lifecycle.
struct DbTarget {
  bool postgres = true;
  nlohmann::json connection;                             // url (and user, password) for node configs
  std::function<std::string(const std::string&)> query;  // rows as tab-separated lines, via psql / mariadb
  std::function<void()> stop;
  std::function<bool()> start;                         // true once the server answers again
  char quote() const { return postgres ? '"' : '`'; }  // identifier quote for checking queries
};

// Both servers for a test executable, and the data rows that run a test once
// per dialect ("postgres", "mariadb").
class Databases {
 public:
  bool startPostgres() {
    m_pg = std::make_unique<PostgresServer>();
    return m_pg->ok();
  }
  bool startMariaDb() {
    m_maria = std::make_unique<MariaDbServer>();
    return m_maria->ok();
  }
  void stop() {
    m_pg.reset();
    m_maria.reset();
  }

  static void addDialectRows() {
    QTest::addColumn<QString>("db");
    QTest::newRow("postgres") << QStringLiteral("postgres");
    QTest::newRow("mariadb") << QStringLiteral("mariadb");
  }

  DbTarget target(const QString& dialect) const {
    DbTarget t;
    if (dialect == QLatin1String("postgres")) {
      auto* s = m_pg.get();
      t.connection = {{"url", s->url()}};
      t.query = [s](const std::string& sql) { return s->query(sql); };
      t.stop = [s] { s->stop(); };
      t.start = [s] { return s->start(); };
    } else {
      auto* s = m_maria.get();
      t.postgres = false;
      t.connection = {{"url", s->url()}, {"user", "tributary"}, {"password", "secret"}};
      t.query = [s](const std::string& sql) { return s->client(sql); };
      t.stop = [s] { s->stop(); };
      t.start = [s] { return s->start(); };
    }
    return t;
  }

 private:
  std::unique_ptr<PostgresServer> m_pg;
  std::unique_ptr<MariaDbServer> m_maria;
};

}  // namespace tributary::testing
