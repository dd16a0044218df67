#pragma once
// What a template needs from the sandbox, read from TEMPLATE.sandbox.json
// next to TEMPLATE.tributary.json:
//
//   {
//     "servers": ["postgres", "mariadb"],
//     "schema": {"postgres": "seed001/schema-postgres.sql"},   // loaded once per (fresh) server
//     "traffic": {"script": "seed001/traffic.py", "rate": 5, "args": []},
//     "env": {"NAME": "tcp://{mariadb.host}:{mariadb.port}"}   // extra variables for the pipeline;
//                                    {KIND.host|port|user|password|database|url} name a server's settings,
//                                    {dir} the sandbox file's folder, {free_port.NAME} a free loopback
//                                    port chosen once per session (for a service the traffic script starts)
//   }
//
// Paths are relative to the sandbox file. SandboxSession starts the servers,
// loads the schema, sets the connection variables and runs the traffic script
// (/usr/bin/python3 SCRIPT --rate N ARGS...) until stopped.

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/sandbox/sandbox.h"

namespace tributary::sandbox {

struct TemplateSandbox {
  std::filesystem::path file;  // the sandbox.json it came from
  std::vector<Kind> servers;
  std::vector<std::pair<Kind, std::filesystem::path>> schema;
  std::filesystem::path trafficScript;  // empty: none
  double trafficRate = 1;               // rows (or changes) per second
  std::vector<std::string> trafficArgs;
  std::vector<std::pair<std::string, std::string>> env;
};

// TEMPLATE.tributary.json -> TEMPLATE.sandbox.json
std::filesystem::path sandboxFileFor(const std::filesystem::path& pipelineFile);
// The template's sandbox needs; nullopt when it has no sandbox file; an error
// naming the field when the file is malformed.
Result<std::optional<TemplateSandbox>> loadTemplateSandbox(const std::filesystem::path& pipelineFile);

// One template's sandbox in use. Not thread-safe; the traffic script is a
// child of this process and stops with the session (servers keep running).
class SandboxSession {
 public:
  SandboxSession(Sandbox& sandbox, TemplateSandbox spec) : m_sandbox(sandbox), m_spec(std::move(spec)) {}
  ~SandboxSession() { stopTraffic(); }
  SandboxSession(const SandboxSession&) = delete;
  SandboxSession& operator=(const SandboxSession&) = delete;

  // Starts every server the template needs and loads its schema.
  Result<std::vector<ServerStatus>> startServers();
  // The variables the pipeline and the traffic script read (servers' and the template's own).
  std::vector<std::pair<std::string, std::string>> environment() const;
  // Sets environment() in this process, so ${env:...} references resolve.
  void exportEnvironment() const;
  // Starts the traffic script (no-op without one); rate <= 0 keeps the template's.
  Status startTraffic(double rate = 0);
  // Whether it still runs; when it ended, the error says how (with its log's tail).
  Status trafficHealth();
  void stopTraffic();
  std::filesystem::path trafficLog() const;
  const TemplateSandbox& spec() const { return m_spec; }

 private:
  Sandbox& m_sandbox;
  TemplateSandbox m_spec;
  std::vector<ServerStatus> m_servers;
  pid_t m_traffic = -1;
  mutable std::map<std::string, int> m_freePorts;  // {free_port.NAME}, stable for the session
};

}  // namespace tributary::sandbox
