// tributary-runner sandbox start|stop|status|reset|env KIND...
#include <iostream>

#include "app/runner/cli.h"
#include "core/sandbox/sandbox.h"

namespace tributary::cli {
namespace {

const char* kUsage = R"usage(Usage: tributary-runner sandbox ACTION [KIND...] [OPTIONS]

Throw-away local servers for templates and experiments, from the Debian
packages (postgresql, mariadb-server, mosquitto). Each lives in a folder under
the state directory, listens on 127.0.0.1 and keeps running after this command
returns (a daemon with a pid file), until `sandbox stop`.

KIND is postgres, mariadb or mosquitto. PostgreSQL runs with wal_level=logical
(as the postgres user when started as root); MariaDB with a ROW binlog and
server id 1. Both have the user tributary (password tributary) and the
database sandbox, reachable over TCP.

Actions:
  start KIND      start it (create it on first use); prints the connection
                  settings and the environment variables the templates read
  stop [KIND...]  stop it (all when none is named); the data stays
  status [KIND...] state of each: running, stopped, dead (with the reason) or absent
  reset [KIND...] stop it and delete its data: the next start is a fresh server
  env [KIND...]   the environment variables of the running servers, as
                  NAME=value lines (eval "$(tributary-runner sandbox env | sed 's/^/export /')")

Options (start):
  --port P        listen on this port (default: the port it had, or a free one)
  --data DIR      keep the server's files in DIR (default STATE/sandbox/KIND)

Exit status: 0 done, 2 bad usage, 3 a server could not start or stop
(the reason is printed; a missing Debian package is named).
)usage";

void printStatus(const sandbox::ServerStatus& s, bool withEnv) {
  std::cout << sandbox::toString(s.kind) << ": " << sandbox::toString(s.state);
  if (!s.detail.empty()) std::cout << " (" << s.detail << ")";
  std::cout << "\n";
  if (s.state == sandbox::ServerState::Absent) return;
  const auto& c = s.connection;
  std::cout << "  folder    " << s.dir.string() << "\n  address   " << c.host << ":" << c.port << "\n";
  if (!c.user.empty())
    std::cout << "  user      " << c.user << "\n  password  " << c.password << "\n  database  " << c.database << "\n";
  std::cout << "  url       " << c.url << "\n  terminal ";
  for (const auto& a : c.terminalCommand)
    std::cout << " " << (a.find_first_of("#* ") == std::string::npos ? a : "'" + a + "'");
  std::cout << "\n";
  if (withEnv) {
    std::cout << "  environment:\n";
    for (const auto& [name, value] : c.env) std::cout << "    " << name << "=" << value << "\n";
  }
}

int sandboxMain(const std::vector<std::string>& argv) {
  Args args(argv);
  std::string portText, dataDir;
  bool hasPort = args.option("--port", portText);
  args.option("--data", dataDir);
  std::vector<std::string> words;
  std::string error;
  if (!args.positionals(words, error) || words.empty()) {
    std::cerr << "sandbox: " << (error.empty() ? "name an action" : error) << "\n" << kUsage;
    return kExitBadInput;
  }
  std::string action = words[0];
  std::vector<sandbox::Kind> kinds;
  for (std::size_t i = 1; i < words.size(); ++i) {
    auto kind = sandbox::parseKind(words[i]);
    if (!kind) {
      std::cerr << "sandbox: unknown server '" << words[i] << "' (postgres, mariadb or mosquitto)\n";
      return kExitBadInput;
    }
    kinds.push_back(*kind);
  }
  bool named = !kinds.empty();
  if (!named) kinds = sandbox::allKinds();
  sandbox::Sandbox box;

  if (action == "start") {
    if (!named) {
      std::cerr << "sandbox start: name the server to start (postgres, mariadb or mosquitto)\n";
      return kExitBadInput;
    }
    sandbox::StartOptions options;
    if (hasPort) {
      try {
        options.port = std::stoi(portText);
      } catch (...) {
        options.port = -1;
      }
      if (options.port <= 0 || options.port > 65535) {
        std::cerr << "sandbox start: --port needs a port number (1-65535), not '" << portText << "'\n";
        return kExitBadInput;
      }
    }
    if ((hasPort || !dataDir.empty()) && kinds.size() > 1) {
      std::cerr << "sandbox start: --port and --data apply to one server; start them one at a time\n";
      return kExitBadInput;
    }
    options.dataDir = dataDir;
    int rc = kExitOk;
    for (auto kind : kinds) {
      auto s = box.start(kind, options);
      if (!s) {
        std::cerr << "sandbox start " << sandbox::toString(kind) << ": " << s.error().toString() << "\n";
        rc = kExitFailure;
        continue;
      }
      printStatus(*s, true);
    }
    return rc;
  }
  if ((hasPort || !dataDir.empty())) {
    std::cerr << "sandbox " << action << ": --port and --data belong to start\n";
    return kExitBadInput;
  }
  if (action == "stop" || action == "reset") {
    int rc = kExitOk;
    for (auto kind : kinds) {
      auto before = box.status(kind);
      Status s = action == "stop" ? box.stop(kind) : box.reset(kind);
      if (!s) {
        std::cerr << "sandbox " << action << " " << sandbox::toString(kind) << ": " << s.error().toString() << "\n";
        rc = kExitFailure;
      } else if (named || before.state != sandbox::ServerState::Absent) {
        std::cout << sandbox::toString(kind) << ": " << (action == "stop" ? "stopped" : "reset (data deleted)") << "\n";
      }
    }
    return rc;
  }
  if (action == "status") {
    for (auto kind : kinds) printStatus(box.status(kind), false);
    return kExitOk;
  }
  if (action == "env") {
    std::vector<sandbox::ServerStatus> running;
    for (auto kind : kinds)
      if (auto s = box.status(kind); s.state == sandbox::ServerState::Running) running.push_back(s);
    std::cout << sandbox::formatEnv(running);
    return kExitOk;
  }
  std::cerr << "sandbox: unknown action '" << action << "' (start, stop, status, reset, env)\n";
  return kExitBadInput;
}

}  // namespace

Command sandboxCommand() {
  return {"sandbox", "start, stop and inspect local PostgreSQL/MariaDB/Mosquitto servers", kUsage, sandboxMain};
}

}  // namespace tributary::cli
