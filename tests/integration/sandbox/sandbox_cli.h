#pragma once
// Helpers for the sandbox tests: run tributary-runner (and other clients) with
// a state folder of the test's own, and read its output. Test thread only.

#include <QTemporaryDir>

#include <string>
#include <vector>

#include "tests/integration/databases/db_servers.h"

namespace tributary::testing {

struct CliRun {
  int code = -1;
  std::string out;  // standard output and error together
};

// Runs a shell command with XDG_STATE_HOME=stateHome (so the sandbox lives there).
inline CliRun runIn(const std::string& stateHome, const std::string& command) {
  CliRun r;
  r.out = runCapture("export XDG_STATE_HOME=" + shellQuote(stateHome) + "; { " + command + " ; } 2>&1", &r.code);
  return r;
}

inline CliRun runner(const std::string& stateHome, const std::string& args) {
  return runIn(stateHome, std::string(TRIBUTARY_RUNNER) + " " + args);
}

// The value after "NAME=" in the runner's output ("" when absent).
inline std::string envValue(const std::string& out, const std::string& name) {
  auto at = out.find(name + "=");
  if (at == std::string::npos) return {};
  at += name.size() + 1;
  return out.substr(at, out.find('\n', at) - at);
}

inline std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace tributary::testing
