#pragma once
// Running programs from tests, in one place:
//   - runProcess(): a program run to its end — the external clients tests
//     check with (kcat, the Debian python with python3-kafka /
//     python3-confluent-kafka, psql, ...) and our own executables;
//   - ChildProcess: a tributary-runner child started with fork/exec, so the
//     test can kill -9 it, read its standard output at its own pace and sample
//     /proc/PID/status.
// How a crash counts, everywhere: never as an exit code a program could
// return. runProcess() gives -1 for a run that did not start, crashed or timed
// out (QProcess does not say which signal); ChildProcess gives 128 + the
// signal, as a shell does, because its tests kill it on purpose and check that
// it was their SIGKILL. readListeningLine(): the address a server child
// (broker, serve) prints.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <QByteArray>
#include <QDebug>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace tributary::testing {

inline const char* kDebianPython = "/usr/bin/python3";  // pyenv's python3 lacks the Debian modules

struct Run {
  int exitCode = -1;  // -1: did not start, crashed or timed out
  QString out;        // standard output (with standard error when the channels are merged)
  QString err;        // standard error when the channels are separate
};

enum class Channels { Merged, Separate };

// The exit code by the rule above, for a QProcess that has finished.
inline int exitCodeOf(const QProcess& p) {
  return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

inline Run runProcess(const QString& program, const QStringList& args, int timeoutMs, const QByteArray& input = {},
                      Channels channels = Channels::Merged) {
  QProcess p;
  if (channels == Channels::Merged) p.setProcessChannelMode(QProcess::MergedChannels);
  p.start(program, args);
  Run r;
  if (!p.waitForStarted(5000)) {
    r.out = QStringLiteral("cannot start ") + program;
    return r;
  }
  if (!input.isEmpty()) p.write(input);
  p.closeWriteChannel();
  if (!p.waitForFinished(timeoutMs)) {
    p.kill();
    p.waitForFinished(2000);
    r.out = QString::fromUtf8(p.readAllStandardOutput()) + QStringLiteral("\n[timed out]");
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
  }
  r.exitCode = exitCodeOf(p);
  r.out = QString::fromUtf8(p.readAllStandardOutput());
  r.err = QString::fromUtf8(p.readAllStandardError());
  return r;
}

// Standard output of a run with separate channels; warns with standard error
// when the run fails. For set-up steps (producing with kcat, ...) whose exit
// code the test checks through `exitCode`.
inline QString runForOutput(const QString& program, const QStringList& args, int timeoutMs,
                            const QByteArray& input = {}, int* exitCode = nullptr) {
  Run r = runProcess(program, args, timeoutMs, input, Channels::Separate);
  if (exitCode) *exitCode = r.exitCode;
  if (r.exitCode != 0)
    qWarning("%s %s: %s", qPrintable(program), qPrintable(args.join(QLatin1Char(' '))), qPrintable(r.err));
  return r.out;
}

// A child process started with fork/exec; standard error goes to a file.
class ChildProcess {
 public:
  // `stdoutPipe`: keep standard output readable through readSome(); otherwise it goes to /dev/null.
  ChildProcess(const std::vector<std::string>& argv, const std::string& stderrFile, bool stdoutPipe = false) {
    int fds[2] = {-1, -1};
    if (stdoutPipe && ::pipe(fds) != 0) return;
    m_pid = ::fork();
    if (m_pid == 0) {
      int err = ::open(stderrFile.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      ::dup2(err, STDERR_FILENO);
      if (stdoutPipe) {
        ::dup2(fds[1], STDOUT_FILENO);
        ::close(fds[0]);
      } else {
        int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, STDOUT_FILENO);
      }
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      ::execv(args[0], args.data());
      ::_exit(127);
    }
    if (stdoutPipe) {
      ::close(fds[1]);
      m_out = fds[0];
    }
  }
  ~ChildProcess() {
    if (m_pid > 0 && !m_exit) {
      ::kill(m_pid, SIGKILL);
      wait(std::chrono::seconds(10));
    }
    if (m_out >= 0) ::close(m_out);
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return m_pid; }
  bool running() {
    if (m_exit) return false;
    int status = 0;
    if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
      m_exit = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return false;
    }
    return true;
  }
  // The exit code (128 + signal when killed), or nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout) {
    auto end = std::chrono::steady_clock::now() + timeout;
    while (running()) {
      if (std::chrono::steady_clock::now() > end) return std::nullopt;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return m_exit;
  }
  void signal(int sig) { ::kill(m_pid, sig); }

  // Reads at most `max` bytes of standard output; 0 at its end.
  std::size_t readSome(std::size_t max) {
    std::string buf(max, '\0');
    ssize_t n = ::read(m_out, buf.data(), max);
    return n > 0 ? static_cast<std::size_t>(n) : 0;
  }
  int stdoutFd() const { return m_out; }

  // VmRSS from /proc/PID/status in KiB (0 when it cannot be read).
  long residentKiB() const {
    std::ifstream in("/proc/" + std::to_string(m_pid) + "/status");
    for (std::string line; std::getline(in, line);)
      if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return 0;
  }

 private:
  pid_t m_pid = -1;
  int m_out = -1;
  std::optional<int> m_exit;
};

// Reads standard output until a line starting with "listening on " arrives; returns the rest of it.
inline std::string readListeningLine(ChildProcess& child, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string buffer;
  while (std::chrono::steady_clock::now() < deadline && child.running()) {
    pollfd p{child.stdoutFd(), POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    char c;
    if (::read(child.stdoutFd(), &c, 1) != 1) break;
    if (c != '\n') {
      buffer.push_back(c);
      continue;
    }
    if (buffer.rfind("listening on ", 0) == 0) return buffer.substr(13);
    buffer.clear();
  }
  return {};
}

}  // namespace tributary::testing
