#pragma once
// Child processes for the sandbox: run a client to completion, start a
// server as a daemon that outlives us, or start a helper (traffic script)
// that is ours to stop. Everything is prepared before fork(), so these are
// safe to call from a multi-threaded program (the GUI).

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/base/result.h"

namespace tributary::sandbox {

struct ChildSpec {
  std::vector<std::string> argv;  // argv[0] is a full path
  std::vector<std::string> env;   // NAME=value entries added to (or replacing in) ours
  std::filesystem::path log;      // standard output and error are appended here
  std::filesystem::path stdinFile;  // empty: /dev/null
  std::filesystem::path cwd;
  int uid = -1;  // >= 0: switch to this user (and gid) before exec
  int gid = -1;
};

// Runs to completion; the exit code, or -1 when it could not run or was killed.
int runProgram(const ChildSpec& spec);
// Double fork into a new session: the pid of the exec'd program, never our child.
Result<pid_t> spawnDaemon(const ChildSpec& spec);
// A child in a process group of its own (stop it with stopChild).
Result<pid_t> spawnChild(const ChildSpec& spec);
// SIGTERM to the child's group, SIGKILL after `graceMs`; reaps it. Returns its exit code or -1.
int stopChild(pid_t pid, int graceMs = 5000);
// Whether our child still runs (reaps it when it has exited); `exitCode` gets its code then.
bool childRunning(pid_t pid, int* exitCode = nullptr);

// Searches PATH and the sbin folders (Debian puts servers there); empty when absent.
// TRIBUTARY_SANDBOX_PREFIX=DIR looks under DIR/usr/sbin, DIR/usr/bin, ... only
// (servers unpacked elsewhere; tests use it to see the missing-package message).
std::filesystem::path findProgram(const std::string& name);
std::filesystem::path installPrefix();  // "/" unless TRIBUTARY_SANDBOX_PREFIX is set

}  // namespace tributary::sandbox
