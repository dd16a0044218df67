// tributary-runner sandbox start/status/stop/reset for PostgreSQL, MariaDB and
// Mosquitto, as a user runs them: each server outlives the CLI call that
// started it, answers the servers' own clients (psql, mariadb, mosquitto_pub/
// sub) with the CDC settings the templates need, keeps its data across a
// stop/start, is reported dead (not running) after it is killed behind our
// back, and is gone after reset.
#include <signal.h>

#include <QtTest>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/integration/sandbox/sandbox_cli.h"

using namespace tributary::testing;

namespace {

std::string psql(int port, const std::string& sql, int* code) {
  return trimmed(runCapture("PGPASSWORD=tributary psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p " +
                                std::to_string(port) + " -U tributary -d sandbox -c " + shellQuote(sql) + " 2>&1",
                            code));
}

std::string mariadb(int port, const std::string& sql, int* code) {
  return trimmed(runCapture("mariadb --no-defaults -N -B -h 127.0.0.1 -P " + std::to_string(port) +
                                " -u tributary -ptributary sandbox -e " + shellQuote(sql) + " 2>&1",
                            code));
}

pid_t recordedPid(const std::string& home, const std::string& kind) {
  std::ifstream in(home + "/tributary/sandbox/" + kind + ".json");
  auto j = nlohmann::json::parse(in, nullptr, false);
  return j.is_object() ? j.value("pid", 0) : 0;
}

// Killed servers whose parent (the runner) has exited may stay zombies where
// nothing reaps orphans: they count as gone, as the sandbox itself counts them.
bool runsAndIsNotAZombie(pid_t pid) {
  if (::kill(pid, 0) != 0) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  auto close = text.rfind(')');
  return !(close != std::string::npos && close + 2 < text.size() && text[close + 2] == 'Z');
}

}  // namespace

class TestSandboxCli final : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_home;
  std::string home() const { return m_home.path().toStdString(); }

  // The same life cycle for every kind; `check` talks to the server with its own client.
  void lifeCycle(const std::string& kind, const std::function<void(int port, bool firstTime)>& check) {
    CliRun r = runner(home(), "sandbox status " + kind);
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.find(kind + ": absent") != std::string::npos, r.out.c_str());

    int port = freeLoopbackPort();
    r = runner(home(), "sandbox start " + kind + " --port " + std::to_string(port));
    QVERIFY2(r.code == 0, r.out.c_str());
    QVERIFY2(r.out.find(kind + ": running") != std::string::npos, r.out.c_str());
    QVERIFY2(r.out.find("127.0.0.1:" + std::to_string(port)) != std::string::npos, r.out.c_str());
    // The runner has exited: the server lives on its own.
    check(port, true);
    r = runner(home(), "sandbox status " + kind);
    QVERIFY2(r.out.find(kind + ": running") != std::string::npos, r.out.c_str());
    // Starting a running server changes nothing.
    r = runner(home(), "sandbox start " + kind);
    QVERIFY2(r.code == 0 && r.out.find("127.0.0.1:" + std::to_string(port)) != std::string::npos, r.out.c_str());

    // Killed behind our back: status says so, and a start brings it back with its data.
    pid_t pid = recordedPid(home(), kind);
    QVERIFY(pid > 0);
    QCOMPARE(::kill(pid, SIGKILL), 0);
    QTest::qWait(1500);
    r = runner(home(), "sandbox status " + kind);
    QVERIFY2(r.out.find(kind + ": dead") != std::string::npos, r.out.c_str());
    r = runner(home(), "sandbox start " + kind);
    QVERIFY2(r.code == 0 && r.out.find(kind + ": running") != std::string::npos, r.out.c_str());
    check(port, false);

    r = runner(home(), "sandbox stop " + kind);
    QVERIFY2(r.code == 0, r.out.c_str());
    r = runner(home(), "sandbox status " + kind);
    QVERIFY2(r.out.find(kind + ": stopped") != std::string::npos, r.out.c_str());
    QVERIFY2(!runsAndIsNotAZombie(pid), "the old pid still runs");

    r = runner(home(), "sandbox reset " + kind);
    QVERIFY2(r.code == 0, r.out.c_str());
    r = runner(home(), "sandbox status " + kind);
    QVERIFY2(r.out.find(kind + ": absent") != std::string::npos, r.out.c_str());
    QVERIFY(!std::filesystem::exists(home() + "/tributary/sandbox/" + kind));
  }

 private Q_SLOTS:
  void initTestCase() { QVERIFY(m_home.isValid()); }
  void cleanupTestCase() { runner(home(), "sandbox reset"); }

  void postgres() {
    lifeCycle("postgres", [](int port, bool firstTime) {
      int code = 0;
      QCOMPARE(psql(port, "SHOW wal_level", &code), std::string("logical"));
      QCOMPARE(code, 0);
      QCOMPARE(psql(port, "SELECT rolreplication FROM pg_roles WHERE rolname = current_user", &code),
               std::string("t"));
      if (firstTime) {
        psql(port, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)", &code);
        QCOMPARE(code, 0);
      } else {
        QCOMPARE(psql(port, "SELECT id FROM kept", &code), std::string("7"));
      }
      // Logical decoding works (what the CDC source needs).
      std::string slot = psql(port, "SELECT slot_name FROM pg_create_logical_replication_slot('t" +
                                        std::string(firstTime ? "1" : "2") + "', 'pgoutput')",
                              &code);
      QVERIFY2(code == 0, slot.c_str());
      // A wrong password is refused over TCP.
      runCapture("PGPASSWORD=wrong psql -X -h 127.0.0.1 -p " + std::to_string(port) +
                     " -U tributary -d sandbox -c 'SELECT 1' >/dev/null 2>&1",
                 &code);
      QVERIFY(code != 0);
    });
  }

  void mariadb() {
    lifeCycle("mariadb", [](int port, bool firstTime) {
      int code = 0;
      QCOMPARE(::mariadb(port, "SELECT @@binlog_format, @@server_id, @@log_bin", &code), std::string("ROW\t1\t1"));
      QCOMPARE(code, 0);
      if (firstTime) {
        ::mariadb(port, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)", &code);
        QCOMPARE(code, 0);
      } else {
        QCOMPARE(::mariadb(port, "SELECT id FROM kept", &code), std::string("7"));
      }
    });
  }

  void mosquitto() {
    lifeCycle("mosquitto", [](int port, bool) {
      int code = 0;
      std::string p = std::to_string(port);
      runCapture("mosquitto_pub -h 127.0.0.1 -p " + p + " -t sandbox/test -r -q 1 -m hello 2>&1", &code);
      QCOMPARE(code, 0);
      std::string got = runCapture("mosquitto_sub -h 127.0.0.1 -p " + p + " -t sandbox/test -C 1 -W 5 2>&1", &code);
      QCOMPARE(trimmed(got), std::string("hello"));
    });
  }

  void badInputIsExplained() {
    CliRun r = runner(home(), "sandbox start oracle");
    QCOMPARE(r.code, 2);
    QVERIFY2(r.out.find("unknown server 'oracle'") != std::string::npos, r.out.c_str());
    r = runner(home(), "sandbox start mosquitto --port nope");
    QCOMPARE(r.code, 2);
    QVERIFY2(r.out.find("--port needs a port number") != std::string::npos, r.out.c_str());
    r = runner(home(), "sandbox frobnicate");
    QCOMPARE(r.code, 2);
    // A port somebody else holds: a clear error, nothing started.
    int port = freeLoopbackPort();
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    QCOMPARE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    QCOMPARE(::listen(fd, 1), 0);
    r = runner(home(), "sandbox start mosquitto --port " + std::to_string(port));
    ::close(fd);
    QCOMPARE(r.code, 3);
    QVERIFY2(r.out.find("already in use") != std::string::npos, r.out.c_str());
  }

  // A missing Debian package is named (PATH without the sbin folders is not
  // enough to hide them, so point the check at an empty folder instead).
  void missingPackageIsNamed() {
    QTemporaryDir empty;
    CliRun r = runIn(home(), "env TRIBUTARY_SANDBOX_PREFIX=" + empty.path().toStdString() + " " +
                                 std::string(TRIBUTARY_RUNNER) + " sandbox start mosquitto");
    QCOMPARE(r.code, 3);
    QVERIFY2(r.out.find("install the Debian package mosquitto") != std::string::npos, r.out.c_str());
  }
};

QTEST_GUILESS_MAIN(TestSandboxCli)
#include "test_sandbox_cli.moc"
