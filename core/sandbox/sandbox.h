#pragma once
// Sandbox: throw-away local database and MQTT servers for templates and
// experiments. Each server (PostgreSQL, MariaDB, Mosquitto, from the Debian
// server packages) lives in a folder under STATE/sandbox, listens on
// loopback, is set up for change data capture, and runs detached from the
// process that started it (a daemon with a pid file), so the runner CLI can
// start it and the GUI or a later CLI call can find, check and stop it.
//
// Not thread-safe; one Sandbox object per thread. Starting and stopping are
// blocking calls (seconds), so the GUI calls them off its thread.

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace tributary::sandbox {

enum class Kind { Postgres, MariaDb, Mosquitto };

std::optional<Kind> parseKind(std::string_view name);  // "postgres", "mariadb" (or "mysql"), "mosquitto" (or "mqtt")
std::string_view toString(Kind kind);
const std::vector<Kind>& allKinds();

enum class ServerState {
  Absent,   // never started, or reset
  Running,  // the process is alive and answers on its port
  Starting, // alive but not answering (yet)
  Stopped,  // stopped on purpose
  Dead,     // the process is gone although nobody stopped it
};
std::string_view toString(ServerState state);

// What a template or a person needs to connect.
struct Connection {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string user;
  std::string password;
  std::string database;
  std::string url;  // in the form our connectors read
  // Environment variables the shipped templates read (PG_URL, MYSQL_URL, MQTT_URL, ...).
  std::vector<std::pair<std::string, std::string>> env;
  std::vector<std::string> terminalCommand;  // an interactive client: psql, mariadb, mosquitto_sub
};

struct ServerStatus {
  Kind kind = Kind::Postgres;
  ServerState state = ServerState::Absent;
  std::filesystem::path dir;  // where its data, log and pid file live
  pid_t pid = 0;
  std::string detail;  // why it is dead / what it waits for: one line for people
  Connection connection;
};

struct StartOptions {
  int port = 0;                 // 0: the port it had before, or a free one
  std::filesystem::path dataDir;  // empty: STATE/sandbox/KIND
};

class Sandbox {
 public:
  // `root` holds one record (KIND.json) and, by default, one folder per server.
  explicit Sandbox(std::filesystem::path root = defaultRoot());
  static std::filesystem::path defaultRoot();  // STATE/sandbox

  // Starts the server (creating its folder on first use) and waits until it
  // answers. Already running: returns its status unchanged.
  Result<ServerStatus> start(Kind kind, const StartOptions& options = {});
  // Stops it gracefully (then forcefully after a timeout); its data stays.
  Status stop(Kind kind);
  // Stops it and deletes its folder: the next start is a fresh server.
  Status reset(Kind kind);
  ServerStatus status(Kind kind) const;

  // Runs SQL on a running PostgreSQL or MariaDB with its own client (psql,
  // mariadb) as the sandbox user; the error carries the client's message.
  Status runSql(Kind kind, const std::string& sql) const;

  // The package that provides what `kind` needs, or an error naming the missing one.
  static Status checkInstalled(Kind kind);

  const std::filesystem::path& root() const { return m_root; }

 private:
  struct Record {
    std::filesystem::path dir;
    int port = 0;
    pid_t pid = 0;
    bool stopped = false;
  };
  std::optional<Record> readRecord(Kind kind) const;
  Status writeRecord(Kind kind, const Record& record) const;
  Connection connectionFor(Kind kind, int port) const;
  Status initialise(Kind kind, const std::filesystem::path& dir) const;
  Result<pid_t> launch(Kind kind, const std::filesystem::path& dir, int port) const;
  Status afterFirstStart(Kind kind, const std::filesystem::path& dir, int port) const;

  std::filesystem::path m_root;
};

// Connection environment for a set of statuses, as "NAME=value" lines.
std::string formatEnv(const std::vector<ServerStatus>& servers);
// A TCP port on 127.0.0.1 that nothing listens on right now.
int freePort();

}  // namespace tributary::sandbox
