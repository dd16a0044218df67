#include "core/sandbox/process.h"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string_view>
#include <thread>

namespace tributary::sandbox {

namespace fs = std::filesystem;

fs::path installPrefix() {
  const char* prefix = std::getenv("TRIBUTARY_SANDBOX_PREFIX");
  return prefix && *prefix ? fs::path(prefix) : fs::path("/");
}

fs::path findProgram(const std::string& name) {
  fs::path prefix = installPrefix();
  const char* env = std::getenv("PATH");
  std::string path = env && prefix == "/" ? std::string(env) + ":" : std::string();
  for (const char* dir : {"usr/sbin", "usr/bin", "sbin", "bin"}) path += (prefix / dir).string() + ":";
  std::stringstream s(path);
  for (std::string dir; std::getline(s, dir, ':');)
    if (!dir.empty() && ::access((fs::path(dir) / name).c_str(), X_OK) == 0) return fs::path(dir) / name;
  return {};
}

namespace {

// argv and environment as C arrays, built before fork.
struct Argv {
  explicit Argv(const ChildSpec& spec) {
    for (const auto& a : spec.argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    auto nameOf = [](std::string_view entry) { return entry.substr(0, entry.find('=') + 1); };
    for (char** e = environ; *e; ++e) {
      bool overridden = false;
      for (const auto& x : spec.env)
        if (nameOf(*e) == nameOf(x)) overridden = true;
      if (!overridden) envs.push_back(*e);
    }
    for (const auto& x : spec.env) envs.push_back(const_cast<char*>(x.c_str()));
    envs.push_back(nullptr);
  }
  std::vector<char*> args;
  std::vector<char*> envs;
};

// In the child after fork: only async-signal-safe calls.
[[noreturn]] void execChild(const ChildSpec& spec, Argv& a) {
  int in = ::open(spec.stdinFile.empty() ? "/dev/null" : spec.stdinFile.c_str(), O_RDONLY);
  int log = ::open(spec.log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (in < 0 || log < 0) ::_exit(126);
  ::dup2(in, STDIN_FILENO);
  ::dup2(log, STDOUT_FILENO);
  ::dup2(log, STDERR_FILENO);
  for (int fd = 3; fd < 1024; ++fd) ::close(fd);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);  // the runner blocks SIGTERM in its threads
  if (!spec.cwd.empty() && ::chdir(spec.cwd.c_str()) != 0) ::_exit(126);
  if (spec.gid >= 0 && (::setgroups(0, nullptr) != 0 || ::setgid(static_cast<gid_t>(spec.gid)) != 0)) ::_exit(126);
  if (spec.uid >= 0 && ::setuid(static_cast<uid_t>(spec.uid)) != 0) ::_exit(126);
  ::execve(a.args[0], a.args.data(), a.envs.data());
  ::_exit(127);
}

}  // namespace

int runProgram(const ChildSpec& spec) {
  Argv a(spec);
  pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) execChild(spec, a);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

Result<pid_t> spawnDaemon(const ChildSpec& spec) {
  Argv a(spec);
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return makeError(ErrorCode::Io, std::string("pipe: ") + std::strerror(errno));
  pid_t child = ::fork();
  if (child < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return makeError(ErrorCode::Io, std::string("fork: ") + std::strerror(errno));
  }
  if (child == 0) {
    ::close(fds[0]);
    ::setsid();
    pid_t grandchild = ::fork();
    if (grandchild != 0) {
      ssize_t n = ::write(fds[1], &grandchild, sizeof grandchild);
      ::_exit(n == static_cast<ssize_t>(sizeof grandchild) && grandchild > 0 ? 0 : 1);
    }
    execChild(spec, a);
  }
  ::close(fds[1]);
  pid_t daemon = -1;
  ssize_t n = ::read(fds[0], &daemon, sizeof daemon);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  if (n != static_cast<ssize_t>(sizeof daemon) || daemon <= 0)
    return makeError(ErrorCode::Internal, "could not start " + spec.argv.front());
  // Until it has exec'd, the daemon is a copy of us (name and all): wait for
  // the exec (or its end) so callers checking the process see the server.
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  for (int i = 0; i < 500; ++i) {
    fs::path exe = fs::read_symlink("/proc/" + std::to_string(daemon) + "/exe", ec);
    if (::kill(daemon, 0) != 0 || (!ec && exe != self)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return daemon;
}

Result<pid_t> spawnChild(const ChildSpec& spec) {
  Argv a(spec);
  pid_t pid = ::fork();
  if (pid < 0) return makeError(ErrorCode::Io, std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::setpgid(0, 0);
    execChild(spec, a);
  }
  ::setpgid(pid, pid);
  return pid;
}

bool childRunning(pid_t pid, int* exitCode) {
  int status = 0;
  pid_t r = ::waitpid(pid, &status, WNOHANG);
  if (r == 0) return true;
  if (exitCode) *exitCode = r == pid && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return false;
}

int stopChild(pid_t pid, int graceMs) {
  if (pid <= 0) return -1;
  int code = -1;
  if (!childRunning(pid, &code)) return code;
  ::kill(-pid, SIGTERM);
  auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(graceMs);
  while (std::chrono::steady_clock::now() < end) {
    if (!childRunning(pid, &code)) {
      ::kill(-pid, SIGKILL);  // what is left of its group
      return code;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(-pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return -1;
}

}  // namespace tributary::sandbox
