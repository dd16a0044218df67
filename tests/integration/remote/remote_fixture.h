#pragma once
// Runner processes for the remote tests: `tributary-runner serve` and
// `tributary-runner broker` started as children on free loopback ports (port
// 0; the address is read from the "listening on ..." line), plus small
// helpers to wait for conditions with deadlines.

#include <poll.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/process.h"
#include "core/base/result.h"
#include "core/remote/runner_client.h"

namespace tributary::testing {

inline std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Runs a shell command; its exit code and standard output.
struct Shell {
  int code = -1;
  std::string out;
};
inline Shell shell(const std::string& command) {
  Shell s;
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) return s;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) s.out.append(buf, n);
  int status = ::pclose(p);
  s.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return s;
}

// Polls `condition` until it holds or the deadline passes.
inline bool waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                      std::chrono::milliseconds step = std::chrono::milliseconds(200)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(step);
  }
}

// One `tributary-runner serve` child with a client on it.
struct Runner {
  std::string stateDir, logFile, url, token;
  std::string tokenFile;  // empty: the generated STATE/api-token
  std::string program = TRIBUTARY_RUNNER;  // another build's runner, to compare builds in one run (empty: this build's)
  std::unique_ptr<ChildProcess> process;
  std::unique_ptr<remote::RunnerClient> client;

  bool start(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv = {program.empty() ? std::string(TRIBUTARY_RUNNER) : program, "serve", "--listen", "127.0.0.1:0", "--state", stateDir};
    if (!tokenFile.empty()) argv.insert(argv.end(), {"--token-file", tokenFile});
    argv.insert(argv.end(), extra.begin(), extra.end());
    process = std::make_unique<ChildProcess>(argv, logFile, true);
    url = readListeningLine(*process, std::chrono::seconds(30));
    if (url.empty()) return false;
    token = readToken();
    auto made = remote::RunnerClient::create(url, {token, {}, true, std::chrono::seconds(30)});
    if (!made) return false;
    client = std::move(*made);
    return true;
  }
  std::string readToken() const {
    std::string t = slurp(tokenFile.empty() ? stateDir + "/api-token" : tokenFile);
    while (!t.empty() && (t.back() == '\n' || t.back() == ' ')) t.pop_back();
    return t;
  }
  std::string log() const { return slurp(logFile); }
};

}  // namespace tributary::testing
