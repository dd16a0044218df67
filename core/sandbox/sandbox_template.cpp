#include "core/sandbox/sandbox_template.h"

#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/base/log.h"
#include "core/sandbox/process.h"

namespace tributary::sandbox {

namespace fs = std::filesystem;

namespace {

void replaceAll(std::string& text, const std::string& placeholder, const std::string& value) {
  for (auto at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at + value.size()))
    text.replace(at, placeholder.size(), value);
}

}  // namespace

fs::path sandboxFileFor(const fs::path& pipelineFile) {
  std::string name = pipelineFile.filename().string();
  const std::string suffix = ".tributary.json";
  if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
    name.resize(name.size() - suffix.size());
  else
    name = pipelineFile.stem().string();
  return pipelineFile.parent_path() / (name + ".sandbox.json");
}

Result<std::optional<TemplateSandbox>> loadTemplateSandbox(const fs::path& pipelineFile) {
  fs::path file = sandboxFileFor(pipelineFile);
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::optional<TemplateSandbox>();
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  auto j = nlohmann::json::parse(text.str(), nullptr, false);
  std::string where = file.string();
  if (!j.is_object()) return makeError(ErrorCode::Invalid, "not a JSON object", where);
  TemplateSandbox t;
  t.file = file;
  fs::path base = file.parent_path();
  auto kindOf = [&](const nlohmann::json& v, const std::string& path) -> Result<Kind> {
    auto kind = v.is_string() ? parseKind(v.get<std::string>()) : std::nullopt;
    if (!kind) return makeError(ErrorCode::Invalid, "expected \"postgres\", \"mariadb\" or \"mosquitto\"", where + ": " + path);
    return *kind;
  };
  if (!j.contains("servers") || !j["servers"].is_array() || j["servers"].empty())
    return makeError(ErrorCode::Invalid, "\"servers\" must list the servers the template needs", where);
  for (std::size_t i = 0; i < j["servers"].size(); ++i) {
    auto kind = kindOf(j["servers"][i], "servers[" + std::to_string(i) + "]");
    if (!kind) return kind.error();
    t.servers.push_back(*kind);
  }
  if (j.contains("schema")) {
    if (!j["schema"].is_object()) return makeError(ErrorCode::Invalid, "\"schema\" must map a server to an SQL file", where);
    for (const auto& [name, value] : j["schema"].items()) {
      auto kind = kindOf(name, "schema");
      if (!kind) return kind.error();
      if (!value.is_string()) return makeError(ErrorCode::Invalid, "expected a file name", where + ": schema." + name);
      fs::path sql = base / value.get<std::string>();
      if (!fs::exists(sql, ec)) return makeError(ErrorCode::NotFound, sql.string() + " does not exist", where + ": schema." + name);
      if (std::find(t.servers.begin(), t.servers.end(), *kind) == t.servers.end())
        return makeError(ErrorCode::Invalid, name + " is not in \"servers\"", where + ": schema." + name);
      t.schema.emplace_back(*kind, sql);
    }
  }
  if (j.contains("traffic")) {
    const auto& traffic = j["traffic"];
    if (!traffic.is_object() || !traffic.contains("script") || !traffic["script"].is_string())
      return makeError(ErrorCode::Invalid, "\"traffic\" needs a \"script\"", where + ": traffic");
    t.trafficScript = base / traffic["script"].get<std::string>();
    if (!fs::exists(t.trafficScript, ec))
      return makeError(ErrorCode::NotFound, t.trafficScript.string() + " does not exist", where + ": traffic.script");
    if (traffic.contains("rate")) {
      if (!traffic["rate"].is_number() || traffic["rate"].get<double>() <= 0)
        return makeError(ErrorCode::Invalid, "expected a positive number", where + ": traffic.rate");
      t.trafficRate = traffic["rate"].get<double>();
    }
    if (traffic.contains("args")) {
      if (!traffic["args"].is_array()) return makeError(ErrorCode::Invalid, "expected a list", where + ": traffic.args");
      for (const auto& a : traffic["args"]) t.trafficArgs.push_back(a.is_string() ? a.get<std::string>() : a.dump());
    }
  }
  if (j.contains("env")) {
    if (!j["env"].is_object()) return makeError(ErrorCode::Invalid, "\"env\" must map names to values", where);
    for (const auto& [name, value] : j["env"].items())
      t.env.emplace_back(name, value.is_string() ? value.get<std::string>() : value.dump());
  }
  return std::optional<TemplateSandbox>(std::move(t));
}

Result<std::vector<ServerStatus>> SandboxSession::startServers() {
  m_servers.clear();
  for (Kind kind : m_spec.servers) {
    auto s = m_sandbox.start(kind);
    if (!s) return s.error();
    m_servers.push_back(*s);
  }
  // Each schema file is loaded once per server (a marker in the server's
  // folder remembers it), so seed files may insert rows; reset starts afresh.
  for (const auto& [kind, file] : m_spec.schema) {
    std::ifstream in(file);
    std::stringstream sql;
    sql << in.rdbuf();
    ServerStatus server = m_sandbox.status(kind);
    fs::path marker = server.dir / ("schema-" + std::to_string(std::hash<std::string>{}(fs::absolute(file).string() + "\n" + sql.str())) + ".loaded");
    std::error_code ec;
    if (fs::exists(marker, ec)) continue;
    if (Status s = m_sandbox.runSql(kind, sql.str()); !s)
      return makeError(ErrorCode::Invalid, "loading the schema failed: " + s.error().message, file.string());
    std::ofstream(marker) << file.string() << "\n";
  }
  return m_servers;
}

std::vector<std::pair<std::string, std::string>> SandboxSession::environment() const {
  std::vector<std::pair<std::string, std::string>> env;
  for (const auto& s : m_servers) env.insert(env.end(), s.connection.env.begin(), s.connection.env.end());
  // The template's own variables may name a server's settings: {mariadb.port}, {postgres.url}, ...
  for (auto [name, value] : m_spec.env) {
    for (const auto& s : m_servers) {
      const auto& c = s.connection;
      std::string kind(toString(s.kind));
      for (const auto& [key, setting] :
           std::vector<std::pair<std::string, std::string>>{{"host", c.host},
                                                            {"port", std::to_string(c.port)},
                                                            {"user", c.user},
                                                            {"password", c.password},
                                                            {"database", c.database},
                                                            {"url", c.url}}) {
        replaceAll(value, "{" + kind + "." + key + "}", setting);
      }
    }
    replaceAll(value, "{dir}", m_spec.file.parent_path().string());
    // {free_port.NAME}: one free loopback port per NAME for this session, for
    // a local service the traffic script starts (seed 003's weather stand-in).
    for (auto at = value.find("{free_port."); at != std::string::npos; at = value.find("{free_port.", at)) {
      auto end = value.find('}', at);
      if (end == std::string::npos) break;
      std::string portName = value.substr(at + 11, end - at - 11);
      auto [it, added] = m_freePorts.try_emplace(portName, 0);
      if (added) it->second = freePort();
      value.replace(at, end + 1 - at, std::to_string(it->second));
    }
    env.emplace_back(name, value);
  }
  return env;
}

void SandboxSession::exportEnvironment() const {
  for (const auto& [name, value] : environment()) ::setenv(name.c_str(), value.c_str(), 1);
}

fs::path SandboxSession::trafficLog() const {
  return m_sandbox.root() / (m_spec.trafficScript.stem().string() + ".traffic.log");
}

Status SandboxSession::startTraffic(double rate) {
  if (m_spec.trafficScript.empty() || m_traffic > 0) return {};
  ChildSpec spec;
  spec.argv = {"/usr/bin/python3", m_spec.trafficScript.string(), "--rate", std::to_string(rate > 0 ? rate : m_spec.trafficRate)};
  spec.argv.insert(spec.argv.end(), m_spec.trafficArgs.begin(), m_spec.trafficArgs.end());
  for (const auto& [name, value] : environment()) spec.env.push_back(name + "=" + value);
  std::error_code ec;
  fs::create_directories(m_sandbox.root(), ec);
  spec.log = trafficLog();
  fs::remove(spec.log, ec);
  auto pid = spawnChild(spec);
  if (!pid) return pid.error();
  m_traffic = *pid;
  spdlog::info("sandbox traffic {} started (pid {})", m_spec.trafficScript.string(), m_traffic);
  return {};
}

Status SandboxSession::trafficHealth() {
  if (m_traffic <= 0) return {};
  int code = -1;
  if (childRunning(m_traffic, &code)) return {};
  m_traffic = -1;
  std::ifstream in(trafficLog());
  std::string last, line;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return makeError(ErrorCode::Internal,
                   "the traffic script ended (exit code " + std::to_string(code) + ")" + (last.empty() ? "" : ": " + last),
                   trafficLog().string());
}

void SandboxSession::stopTraffic() {
  if (m_traffic <= 0) return;
  stopChild(m_traffic);
  m_traffic = -1;
}

}  // namespace tributary::sandbox
