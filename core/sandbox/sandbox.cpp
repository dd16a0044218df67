#include "core/sandbox/sandbox.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/base/log.h"
#include "core/sandbox/process.h"

namespace tributary::sandbox {

namespace fs = std::filesystem;

namespace {

constexpr const char* kUser = "tributary";
constexpr const char* kPassword = "tributary";
constexpr const char* kDatabase = "sandbox";

std::string readText(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The last non-empty lines of a log, for error messages.
std::string logTail(const fs::path& path, std::size_t lines = 3) {
  std::vector<std::string> all;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) all.push_back(line);
  std::string out;
  for (std::size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i)
    out += (out.empty() ? "" : " | ") + all[i];
  return out;
}

// The newest installed PostgreSQL's binary folder (/usr/lib/postgresql/N/bin).
fs::path postgresBin() {
  fs::path best;
  int bestVersion = -1;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(installPrefix() / "usr/lib/postgresql", ec)) {
    int version = std::atoi(entry.path().filename().c_str());
    if (version > bestVersion && fs::exists(entry.path() / "bin" / "postgres")) {
      bestVersion = version;
      best = entry.path() / "bin";
    }
  }
  return best;
}


struct Identity {
  int uid = -1;
  int gid = -1;
};

// PostgreSQL refuses to run as root: run it as the "postgres" user then.
Identity serverIdentity(Kind kind) {
  if (kind != Kind::Postgres || ::geteuid() != 0) return {};
  struct passwd* pw = ::getpwnam("postgres");
  if (!pw) pw = ::getpwnam("nobody");
  if (!pw) return {};
  return {static_cast<int>(pw->pw_uid), static_cast<int>(pw->pw_gid)};
}

std::string processName(Kind kind) {
  switch (kind) {
    case Kind::Postgres: return "postgres";
    case Kind::MariaDb: return "mariadbd";
    case Kind::Mosquitto: return "mosquitto";
  }
  return {};
}

// Alive and still the server we started (a recycled pid runs something else).
bool serverAlive(Kind kind, pid_t pid) {
  if (pid <= 0 || ::kill(pid, 0) != 0) return errno == EPERM && pid > 0 ? true : false;
  std::string stat = readText("/proc/" + std::to_string(pid) + "/stat");
  auto close = stat.rfind(')');
  if (close != std::string::npos && close + 2 < stat.size() && stat[close + 2] == 'Z') return false;
  std::string comm = readText("/proc/" + std::to_string(pid) + "/comm");
  return comm.rfind(processName(kind), 0) == 0;
}

bool portAnswers(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

// Whether `uid` can reach `dir` through every parent (PostgreSQL opens its data
// folder by path after dropping root).
bool reachableBy(const fs::path& dir, int uid) {
  for (fs::path p = fs::absolute(dir); !p.empty(); p = p.parent_path()) {
    struct stat st{};
    if (::stat(p.c_str(), &st) == 0 && static_cast<int>(st.st_uid) != uid && !(st.st_mode & S_IXOTH)) return false;
    if (p == p.root_path()) break;
  }
  return true;
}

bool waitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return condition();
}

// PostgreSQL's own folder: the sandbox folder, or (when root runs it from a
// home the postgres user cannot enter) a folder under /var/tmp.
fs::path postgresHome(const fs::path& dir) {
  Identity id = serverIdentity(Kind::Postgres);
  if (id.uid < 0 || reachableBy(dir, id.uid)) return dir;
  std::string name = fs::absolute(dir).string();
  std::replace(name.begin(), name.end(), '/', '_');
  return fs::path("/var/tmp/tributary-sandbox") / name;
}

std::string mariadbSocketUser() {
  if (::geteuid() == 0) return "root";
  struct passwd* pw = ::getpwuid(::geteuid());
  return pw ? pw->pw_name : "root";
}

}  // namespace

int freePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::optional<Kind> parseKind(std::string_view name) {
  if (name == "postgres" || name == "postgresql" || name == "pg") return Kind::Postgres;
  if (name == "mariadb" || name == "mysql") return Kind::MariaDb;
  if (name == "mosquitto" || name == "mqtt") return Kind::Mosquitto;
  return std::nullopt;
}

std::string_view toString(Kind kind) {
  switch (kind) {
    case Kind::Postgres: return "postgres";
    case Kind::MariaDb: return "mariadb";
    case Kind::Mosquitto: return "mosquitto";
  }
  return "?";
}

const std::vector<Kind>& allKinds() {
  static const std::vector<Kind> kinds = {Kind::Postgres, Kind::MariaDb, Kind::Mosquitto};
  return kinds;
}

std::string_view toString(ServerState state) {
  switch (state) {
    case ServerState::Absent: return "absent";
    case ServerState::Running: return "running";
    case ServerState::Starting: return "starting";
    case ServerState::Stopped: return "stopped";
    case ServerState::Dead: return "dead";
  }
  return "?";
}

Sandbox::Sandbox(fs::path root) : m_root(std::move(root)) {}

fs::path Sandbox::defaultRoot() { return log::stateDirectory() / "sandbox"; }

Status Sandbox::checkInstalled(Kind kind) {
  auto missing = [](const std::string& what, const std::string& package) {
    return makeError(ErrorCode::NotFound, what + " is not installed: install the Debian package " + package +
                                              " (sudo apt-get install " + package + ")");
  };
  switch (kind) {
    case Kind::Postgres:
      if (postgresBin().empty()) return missing("the PostgreSQL server", "postgresql");
      if (findProgram("psql").empty()) return missing("the psql client", "postgresql-client");
      return {};
    case Kind::MariaDb:
      if (findProgram("mariadbd").empty() || findProgram("mariadb-install-db").empty())
        return missing("the MariaDB server", "mariadb-server");
      if (findProgram("mariadb").empty()) return missing("the mariadb client", "mariadb-client");
      return {};
    case Kind::Mosquitto:
      if (findProgram("mosquitto").empty()) return missing("the Mosquitto MQTT broker", "mosquitto");
      return {};
  }
  return {};
}

std::optional<Sandbox::Record> Sandbox::readRecord(Kind kind) const {
  std::ifstream in(m_root / (std::string(toString(kind)) + ".json"));
  if (!in) return std::nullopt;
  auto j = nlohmann::json::parse(in, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  Record r;
  r.dir = j.value("dir", std::string());
  r.port = j.value("port", 0);
  r.pid = j.value("pid", 0);
  r.stopped = j.value("stopped", false);
  if (r.dir.empty()) return std::nullopt;
  return r;
}

Status Sandbox::writeRecord(Kind kind, const Record& r) const {
  std::error_code ec;
  fs::create_directories(m_root, ec);
  nlohmann::json j = {{"dir", r.dir.string()}, {"port", r.port}, {"pid", r.pid}, {"stopped", r.stopped}};
  fs::path file = m_root / (std::string(toString(kind)) + ".json");
  fs::path tmp = file.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << j.dump(2) << "\n";
    if (!out) return makeError(ErrorCode::Io, "cannot write " + tmp.string());
  }
  fs::rename(tmp, file, ec);
  if (ec) return makeError(ErrorCode::Io, "cannot write " + file.string() + ": " + ec.message());
  // The pid file next to the server's data, for people and other tools.
  std::ofstream(r.dir / "server.pid", std::ios::trunc) << r.pid << "\n";
  return {};
}

Connection Sandbox::connectionFor(Kind kind, int port) const {
  Connection c;
  c.port = port;
  std::string p = std::to_string(port);
  switch (kind) {
    case Kind::Postgres:
      c.user = kUser;
      c.password = kPassword;
      c.database = kDatabase;
      c.url = "postgresql://127.0.0.1:" + p + "/" + kDatabase;
      c.env = {{"PG_URL", c.url}, {"PG_USER", c.user}, {"PG_PASSWORD", c.password}};
      c.terminalCommand = {"psql", "-h", "127.0.0.1", "-p", p, "-U", kUser, kDatabase};
      break;
    case Kind::MariaDb:
      c.user = kUser;
      c.password = kPassword;
      c.database = kDatabase;
      c.url = "tcp://127.0.0.1:" + p + "/" + kDatabase;
      c.env = {{"MYSQL_URL", c.url}, {"MYSQL_USER", c.user}, {"MYSQL_PASSWORD", c.password}};
      c.terminalCommand = {"mariadb", "-h", "127.0.0.1", "-P", p, "-u", kUser, std::string("-p") + kPassword, kDatabase};
      break;
    case Kind::Mosquitto:
      c.url = "mqtt://127.0.0.1:" + p;
      c.env = {{"MQTT_URL", c.url}, {"MQTT_HOST", "127.0.0.1"}, {"MQTT_PORT", p}};
      c.terminalCommand = {"mosquitto_sub", "-h", "127.0.0.1", "-p", p, "-t", "#", "-v"};
      break;
  }
  return c;
}

Status Sandbox::initialise(Kind kind, const fs::path& dir) const {
  std::error_code ec;
  fs::path log = dir / "setup.log";
  switch (kind) {
    case Kind::Postgres: {
      fs::path home = postgresHome(dir);
      if (fs::exists(home / "data" / "PG_VERSION")) return {};
      fs::create_directories(home, ec);
      Identity id = serverIdentity(kind);
      if (id.uid >= 0) {
        if (::chown(home.c_str(), static_cast<uid_t>(id.uid), static_cast<gid_t>(id.gid)) != 0)
          return makeError(ErrorCode::Io, "cannot give " + home.string() + " to the postgres user");
        ::chmod(home.c_str(), 0755);
      }
      if (home != dir) fs::create_symlink(home / "data", dir / "data", ec);
      ChildSpec spec{{(postgresBin() / "initdb").string(), "-D", (home / "data").string(), "-U", "postgres",
                      "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-instructions"},
                     {},
                     log,
                     {},
                     home,
                     id.uid,
                     id.gid};
      if (runProgram(spec) != 0) return makeError(ErrorCode::Internal, "initdb failed: " + logTail(log));
      return {};
    }
    case Kind::MariaDb: {
      if (fs::exists(dir / "data" / "mysql")) return {};
      ChildSpec spec{{findProgram("mariadb-install-db").string(), "--no-defaults", "--user=" + mariadbSocketUser(),
                      "--datadir=" + (dir / "data").string(), "--auth-root-authentication-method=socket",
                      "--auth-root-socket-user=" + mariadbSocketUser(), "--skip-test-db"},
                     {},
                     log,
                     {},
                     dir};
      if (runProgram(spec) != 0) return makeError(ErrorCode::Internal, "mariadb-install-db failed: " + logTail(log));
      return {};
    }
    case Kind::Mosquitto:
      return {};
  }
  return {};
}

Result<pid_t> Sandbox::launch(Kind kind, const fs::path& dir, int port) const {
  std::string p = std::to_string(port);
  ChildSpec spec;
  spec.log = dir / "server.log";
  spec.cwd = dir;
  Identity identity;
  switch (kind) {
    case Kind::Postgres: {
      fs::path home = postgresHome(dir);
      spec.cwd = home;
      identity = serverIdentity(kind);
      spec.uid = identity.uid;
      spec.gid = identity.gid;
      spec.argv = {(postgresBin() / "postgres").string(), "-D", (home / "data").string(), "-p", p, "-k", home.string(),
                   "-c", "listen_addresses=127.0.0.1", "-c", "wal_level=logical", "-c", "max_wal_senders=10", "-c",
                   "max_replication_slots=10", "-c", "fsync=off"};
      // The log file belongs to root; let the server write it.
      std::ofstream(spec.log, std::ios::app).flush();
      if (identity.uid >= 0 &&
          ::chown(spec.log.c_str(), static_cast<uid_t>(identity.uid), static_cast<gid_t>(identity.gid)) != 0)
        return makeError(ErrorCode::Io, "cannot give " + spec.log.string() + " to the postgres user");
      break;
    }
    case Kind::MariaDb:
      spec.argv = {findProgram("mariadbd").string(),
                   "--no-defaults",
                   "--user=" + mariadbSocketUser(),
                   "--datadir=" + (dir / "data").string(),
                   "--socket=" + (dir / "mysql.sock").string(),
                   "--port=" + p,
                   "--bind-address=127.0.0.1",
                   "--skip-name-resolve",
                   "--log-bin=" + (dir / "data" / "binlog").string(),
                   "--binlog-format=ROW",
                   "--binlog-row-image=FULL",
                   "--server-id=1",
                   "--innodb-flush-log-at-trx-commit=2",
                   "--pid-file=" + (dir / "mariadb.pid").string()};
      break;
    case Kind::Mosquitto: {
      std::ofstream conf(dir / "mosquitto.conf", std::ios::trunc);
      conf << "# Written by tributary sandbox; rewritten at every start.\n"
           << "listener " << port << " 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest stderr\n";
      if (::geteuid() == 0) conf << "user root\n";
      conf.close();
      spec.argv = {findProgram("mosquitto").string(), "-c", (dir / "mosquitto.conf").string()};
      break;
    }
  }
  return spawnDaemon(spec);
}

Status Sandbox::afterFirstStart(Kind kind, const fs::path& dir, int port) const {
  fs::path sql = dir / "setup.sql";
  fs::path log = dir / "setup.log";
  ChildSpec spec;
  spec.log = log;
  spec.stdinFile = sql;
  switch (kind) {
    case Kind::Postgres: {
      std::ofstream(sql, std::ios::trunc) << "CREATE ROLE " << kUser << " LOGIN SUPERUSER REPLICATION PASSWORD '"
                                          << kPassword << "';\nCREATE DATABASE " << kDatabase << " OWNER " << kUser
                                          << ";\n";
      spec.argv = {findProgram("psql").string(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", postgresHome(dir).string(),
                   "-p", std::to_string(port), "-U", "postgres", "-d", "postgres"};
      break;
    }
    case Kind::MariaDb: {
      std::ofstream(sql, std::ios::trunc)
          << "CREATE USER '" << kUser << "'@'127.0.0.1' IDENTIFIED BY '" << kPassword << "';\nCREATE USER '" << kUser
          << "'@'localhost' IDENTIFIED BY '" << kPassword << "';\nGRANT ALL ON *.* TO '" << kUser
          << "'@'127.0.0.1' WITH GRANT OPTION;\nGRANT ALL ON *.* TO '" << kUser
          << "'@'localhost' WITH GRANT OPTION;\nCREATE DATABASE " << kDatabase << ";\nFLUSH PRIVILEGES;\n";
      spec.argv = {findProgram("mariadb").string(), "--no-defaults", "--socket=" + (dir / "mysql.sock").string(),
                   "-u" + mariadbSocketUser()};
      break;
    }
    case Kind::Mosquitto:
      return {};
  }
  if (runProgram(spec) != 0) return makeError(ErrorCode::Internal, "setting up the sandbox user failed: " + logTail(log));
  std::ofstream(dir / "initialised").flush();
  return {};
}

Result<ServerStatus> Sandbox::start(Kind kind, const StartOptions& options) {
  if (Status installed = checkInstalled(kind); !installed) return installed.error();
  auto previous = readRecord(kind);
  if (previous && serverAlive(kind, previous->pid)) {
    if (options.port > 0 && options.port != previous->port)
      return makeError(ErrorCode::Invalid, std::string(toString(kind)) + " already runs on port " +
                                               std::to_string(previous->port) + "; stop it first to change the port");
    return status(kind);
  }
  Record r;
  r.dir = !options.dataDir.empty() ? fs::absolute(options.dataDir)
          : previous                ? previous->dir
                                    : m_root / std::string(toString(kind));
  r.port = options.port > 0 ? options.port : (previous && previous->port > 0 ? previous->port : freePort());
  if (portAnswers(r.port))
    return makeError(ErrorCode::Unavailable, "port " + std::to_string(r.port) + " on 127.0.0.1 is already in use; "
                                                 "choose another with --port");
  std::error_code ec;
  fs::create_directories(r.dir, ec);
  if (ec) return makeError(ErrorCode::Io, "cannot create " + r.dir.string() + ": " + ec.message());
  if (Status s = initialise(kind, r.dir); !s) return s.error();
  if (kind == Kind::Postgres) {
    // After a crash (or kill -9) PostgreSQL's lock file names the dead
    // postmaster; a zombie of it (where nobody reaps orphans) still passes
    // PostgreSQL's own liveness check, so remove the file when ours is dead.
    // The same holds for the lock file next to its Unix socket.
    fs::path home = postgresHome(r.dir);
    std::string socket = ".s.PGSQL." + std::to_string(r.port);
    for (const fs::path& lock : {home / "data" / "postmaster.pid", home / (socket + ".lock")}) {
      std::ifstream in(lock);
      pid_t old = 0;
      if (in >> old && old > 0 && !serverAlive(kind, old)) {
        in.close();
        fs::remove(lock, ec);
        if (lock.filename() != "postmaster.pid") fs::remove(home / socket, ec);
      }
    }
  }
  auto pid = launch(kind, r.dir, r.port);
  if (!pid) return pid.error();
  r.pid = *pid;
  if (Status s = writeRecord(kind, r); !s) return s.error();
  fs::path log = r.dir / "server.log";
  bool up = waitFor([&] { return !serverAlive(kind, r.pid) || portAnswers(r.port); }, std::chrono::seconds(60));
  if (!up || !serverAlive(kind, r.pid))
    return makeError(ErrorCode::Unavailable, std::string(toString(kind)) + " did not start (see " + log.string() +
                                                 "): " + logTail(log));
  // PostgreSQL listens before it serves: while it starts up (or replays its
  // WAL after a restart) clients get "the database system is starting up".
  // "running" must mean a client can connect, so wait for pg_isready.
  if (kind == Kind::Postgres) {
    ChildSpec ready;
    ready.log = r.dir / "ready.log";
    ready.argv = {findProgram("pg_isready").string(), "-q", "-h", postgresHome(r.dir).string(), "-p",
                  std::to_string(r.port)};
    if (!waitFor([&] { return runProgram(ready) == 0 || !serverAlive(kind, r.pid); }, std::chrono::seconds(60)) ||
        !serverAlive(kind, r.pid))
      return makeError(ErrorCode::Unavailable, "postgres listens on port " + std::to_string(r.port) +
                                                   " but does not accept connections (see " + log.string() +
                                                   "): " + logTail(log));
  }
  if (kind != Kind::Mosquitto && !fs::exists(r.dir / "initialised")) {
    // PostgreSQL accepts connections a moment before it serves them; retry briefly.
    Status setup;
    waitFor([&] { return (setup = afterFirstStart(kind, r.dir, r.port)).ok(); }, std::chrono::seconds(20));
    if (!setup) return setup.error();
  }
  spdlog::info("sandbox {} started on port {} (pid {}) in {}", toString(kind), r.port, r.pid, r.dir.string());
  return status(kind);
}

Status Sandbox::stop(Kind kind) {
  auto r = readRecord(kind);
  if (!r) return {};
  if (serverAlive(kind, r->pid)) {
    // PostgreSQL's SIGTERM waits for clients to leave; SIGINT is its fast shutdown.
    ::kill(r->pid, kind == Kind::Postgres ? SIGINT : SIGTERM);
    if (!waitFor([&] { return !serverAlive(kind, r->pid); }, std::chrono::seconds(30))) {
      ::kill(-r->pid, SIGKILL);
      ::kill(r->pid, SIGKILL);
      waitFor([&] { return !serverAlive(kind, r->pid); }, std::chrono::seconds(10));
    }
  }
  r->stopped = true;
  spdlog::info("sandbox {} stopped", toString(kind));
  return writeRecord(kind, *r);
}

Status Sandbox::reset(Kind kind) {
  auto r = readRecord(kind);
  if (Status s = stop(kind); !s) return s;
  std::error_code ec;
  if (r) {
    if (kind == Kind::Postgres && postgresHome(r->dir) != r->dir) fs::remove_all(postgresHome(r->dir), ec);
    fs::remove_all(r->dir, ec);
    if (ec) return makeError(ErrorCode::Io, "cannot delete " + r->dir.string() + ": " + ec.message());
  }
  fs::remove(m_root / (std::string(toString(kind)) + ".json"), ec);
  return {};
}

ServerStatus Sandbox::status(Kind kind) const {
  ServerStatus s;
  s.kind = kind;
  auto r = readRecord(kind);
  if (!r) {
    s.detail = "not started yet";
    return s;
  }
  s.dir = r->dir;
  s.pid = r->pid;
  s.connection = connectionFor(kind, r->port);
  if (serverAlive(kind, r->pid)) {
    s.state = portAnswers(r->port) ? ServerState::Running : ServerState::Starting;
    s.detail = s.state == ServerState::Running ? "pid " + std::to_string(r->pid)
                                               : "pid " + std::to_string(r->pid) + " does not answer on its port yet";
  } else if (r->stopped) {
    s.state = ServerState::Stopped;
    s.detail = "its data stays in " + r->dir.string();
    s.pid = 0;
  } else {
    s.state = ServerState::Dead;
    std::string tail = logTail(r->dir / "server.log", 1);
    s.detail = "process " + std::to_string(r->pid) + " is gone although nobody stopped it" +
               (tail.empty() ? std::string() : "; last log line: " + tail);
    s.pid = 0;
  }
  return s;
}

Status Sandbox::runSql(Kind kind, const std::string& sql) const {
  ServerStatus s = status(kind);
  if (s.state != ServerState::Running)
    return makeError(ErrorCode::Unavailable, std::string(toString(kind)) + " is not running (" + s.detail + ")");
  fs::path file = s.dir / "load.sql";
  fs::path log = s.dir / "load.log";
  std::ofstream(file, std::ios::trunc) << sql;
  std::error_code ec;
  fs::remove(log, ec);
  ChildSpec spec;
  spec.log = log;
  spec.stdinFile = file;
  std::string port = std::to_string(s.connection.port);
  if (kind == Kind::Postgres) {
    spec.argv = {findProgram("psql").string(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", port,
                 "-U", kUser, "-d", kDatabase};
    spec.env = {std::string("PGPASSWORD=") + kPassword};
  } else if (kind == Kind::MariaDb) {
    spec.argv = {findProgram("mariadb").string(), "--no-defaults", "-h", "127.0.0.1", "-P", port, "-u", kUser,
                 std::string("-p") + kPassword, kDatabase};
  } else {
    return makeError(ErrorCode::Unsupported, "mosquitto does not run SQL");
  }
  if (runProgram(spec) != 0) return makeError(ErrorCode::Invalid, logTail(log, 5), file.string());
  return {};
}

std::string formatEnv(const std::vector<ServerStatus>& servers) {
  std::string out;
  for (const auto& s : servers)
    for (const auto& [name, value] : s.connection.env) out += name + "=" + value + "\n";
  return out;
}

}  // namespace tributary::sandbox
