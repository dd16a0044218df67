#pragma once
// Throw-away PostgreSQL 15 and MariaDB 10.11 servers for integration tests:
// each lives in a temporary folder, listens on a free loopback port, runs in
// a process group of its own, and is killed (group and all) by the destructor
// so a failing test leaves nothing behind. Results are read back with the
// servers' own clients (psql, mariadb), never with the code under test.
//
// Used from the test's thread only.

#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/free_port.h"

namespace tributary::testing {

// Runs a shell command, returns its standard output (standard error goes to `log`).
inline std::string runCapture(const std::string& command, int* exitCode = nullptr) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int rc = ::pclose(p);
  if (exitCode) *exitCode = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return out;
}

inline std::string makeTempDir(const std::string& prefix) {
  std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  char* d = ::mkdtemp(tmpl.data());
  return d ? std::string(d) : std::string();
}

// A child process in its own process group; the destructor kills the group.
class ServerProcess {
 public:
  ServerProcess() = default;
  ~ServerProcess() { kill(SIGKILL); }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // `uid`/`gid` >= 0: switch to that user before exec.
  bool start(const std::vector<std::string>& argv, const std::string& logFile, int uid = -1, int gid = -1) {
    m_pid = ::fork();
    if (m_pid < 0) return false;
    if (m_pid == 0) {
      ::setpgid(0, 0);
      int log = ::open(logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      ::dup2(log, STDOUT_FILENO);
      ::dup2(log, STDERR_FILENO);
      if (gid >= 0 && (::setgroups(0, nullptr) != 0 || ::setgid(static_cast<gid_t>(gid)) != 0)) ::_exit(126);
      if (uid >= 0 && ::setuid(static_cast<uid_t>(uid)) != 0) ::_exit(126);
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      ::execv(args[0], args.data());
      ::_exit(127);
    }
    ::setpgid(m_pid, m_pid);
    return true;
  }
  bool running() {
    if (m_pid <= 0) return false;
    int status = 0;
    if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
      m_pid = -1;
      return false;
    }
    return true;
  }
  // Sends `sig` to the group and waits up to `timeout` for the leader to exit.
  bool kill(int sig, std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    if (m_pid <= 0) return true;
    ::kill(-m_pid, sig);
    auto end = std::chrono::steady_clock::now() + timeout;
    while (running()) {
      if (std::chrono::steady_clock::now() > end) {
        ::kill(-m_pid, SIGKILL);
        end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (sig != SIGKILL) ::kill(-m_pid, SIGKILL);  // stragglers of the group
    return true;
  }

 private:
  pid_t m_pid = -1;
};

inline std::string shellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out.push_back(c);
  }
  return out + "'";
}

// PostgreSQL 15 with wal_level=logical (or the level given, to test the
// prerequisite checks), trust authentication, user "postgres".
class PostgresServer {
 public:
  explicit PostgresServer(std::string walLevel = "logical") : m_walLevel(std::move(walLevel)) {
    m_dir = makeTempDir("tributary-pg");
    struct passwd* pw = ::getpwnam("postgres");
    if (pw) {
      m_uid = static_cast<int>(pw->pw_uid);
      m_gid = static_cast<int>(pw->pw_gid);
    }
    if (::chown(m_dir.c_str(), static_cast<uid_t>(m_uid), static_cast<gid_t>(m_gid)) != 0) return;
    m_port = freeLoopbackPort();
    int rc = 0;
    runCapture("runuser -u postgres -- " + bin("initdb") + " -A trust -U postgres -D " + m_dir + "/data >> " + m_dir +
                   "/initdb.log 2>&1",
               &rc);
    if (rc != 0) return;
    m_ok = start();
  }
  ~PostgresServer() {
    m_server.kill(SIGKILL);
    std::error_code ec;
    if (!std::getenv("TRIBUTARY_KEEP_DB")) std::filesystem::remove_all(m_dir, ec);
  }

  bool ok() const { return m_ok; }
  int port() const { return m_port; }
  std::string dir() const { return m_dir; }
  std::string url(const std::string& db = "postgres") const {
    return "postgresql://postgres@127.0.0.1:" + std::to_string(m_port) + "/" + db;
  }

  bool start() {
    m_server.start({bin("postgres"), "-D", m_dir + "/data", "-p", std::to_string(m_port), "-k", m_dir, "-c",
                    "wal_level=" + m_walLevel, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c",
                    "max_wal_senders=10", "-c", "max_replication_slots=10"},
                   m_dir + "/server.log", m_uid, m_gid);
    for (int i = 0; i < 600; ++i) {
      int rc = 0;
      runCapture(bin("pg_isready") + " -q -h 127.0.0.1 -p " + std::to_string(m_port), &rc);
      if (rc == 0) return true;
      if (!m_server.running()) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  // Fast shutdown (SIGINT), as an operator restarting the server would.
  void stop() { m_server.kill(SIGINT); }

  // Runs SQL with psql; returns unaligned, tuples-only output ("a|b" lines).
  std::string query(const std::string& sql, const std::string& db = "postgres", int* exitCode = nullptr) const {
    std::string file = m_dir + "/q.sql";
    std::ofstream(file, std::ios::trunc) << sql;
    return runCapture("psql -X -q -v ON_ERROR_STOP=1 -At -h 127.0.0.1 -p " + std::to_string(m_port) +
                          " -U postgres -d " + db + " -f " + file + " 2>>" + m_dir + "/psql.log",
                      exitCode);
  }

 private:
  static std::string bin(const std::string& name) { return "/usr/lib/postgresql/15/bin/" + name; }
  std::string m_walLevel;
  std::string m_dir;
  int m_uid = -1, m_gid = -1, m_port = 0;
  bool m_ok = false;
  ServerProcess m_server;
};

// MariaDB 10.11 with a ROW binlog (or, with logBin false, none), a TCP user
// "tributary"/"secret" allowed everything, and a database "shop".
class MariaDbServer {
 public:
  explicit MariaDbServer(bool logBin = true) : m_logBin(logBin) {
    m_dir = makeTempDir("tributary-maria");
    m_port = freeLoopbackPort();
    int rc = 0;
    runCapture("mariadb-install-db --user=root --datadir=" + m_dir +
                   "/data --auth-root-authentication-method=socket "
                   "--skip-test-db >> " +
                   m_dir + "/install.log 2>&1",
               &rc);
    if (rc != 0) return;
    if (!start()) return;
    client(
        "CREATE USER 'tributary'@'127.0.0.1' IDENTIFIED BY 'secret'; GRANT ALL ON *.* TO "
        "'tributary'@'127.0.0.1'; CREATE DATABASE shop; FLUSH PRIVILEGES;",
        "", &rc);
    m_ok = rc == 0;
  }
  ~MariaDbServer() {
    m_server.kill(SIGKILL);
    std::error_code ec;
    if (!std::getenv("TRIBUTARY_KEEP_DB")) std::filesystem::remove_all(m_dir, ec);
  }

  bool ok() const { return m_ok; }
  int port() const { return m_port; }
  std::string url(const std::string& db = "shop") const {
    return "tcp://127.0.0.1:" + std::to_string(m_port) + "/" + db;
  }
  std::string socket() const { return m_dir + "/mysql.sock"; }

  bool start() {
    std::vector<std::string> argv = {"/usr/sbin/mariadbd",
                                     "--no-defaults",
                                     "--user=root",
                                     "--datadir=" + m_dir + "/data",
                                     "--socket=" + socket(),
                                     "--port=" + std::to_string(m_port),
                                     "--bind-address=127.0.0.1",
                                     "--binlog-format=ROW",
                                     "--server-id=1",
                                     "--pid-file=" + m_dir + "/mariadb.pid",
                                     "--innodb-flush-log-at-trx-commit=2",
                                     "--skip-name-resolve"};
    if (m_logBin) argv.push_back("--log-bin=" + m_dir + "/data/binlog");
    m_server.start(argv, m_dir + "/server.log");
    for (int i = 0; i < 600; ++i) {
      int rc = 0;
      runCapture("mariadb --no-defaults --socket=" + socket() + " -uroot -e 'SELECT 1' >/dev/null 2>&1", &rc);
      if (rc == 0) return true;
      if (!m_server.running()) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  void stop() { m_server.kill(SIGTERM); }

  // Runs SQL with the mariadb client as root over the socket; tab-separated rows, no header.
  std::string client(const std::string& sql, const std::string& db = "shop", int* exitCode = nullptr) const {
    std::string file = m_dir + "/q.sql";
    std::ofstream(file, std::ios::trunc) << sql;
    return runCapture("mariadb --no-defaults --socket=" + socket() + " -uroot -N -B " + db + " < " + file + " 2>>" +
                          m_dir + "/client.log",
                      exitCode);
  }

 private:
  bool m_logBin = true;
  std::string m_dir;
  int m_port = 0;
  bool m_ok = false;
  ServerProcess m_server;
};

}  // namespace tributary::testing
