#pragma once
// Logging for the whole program: spdlog to the console and to a rotating file
// under the XDG state directory. Every sink goes through a redactor so that a
// resolved secret (a password read from ${env:...}) never reaches a log line.
// Thread-safe: any thread may log and register secrets.

#include <filesystem>
#include <memory>
#include <string>

#include <spdlog/spdlog.h>

namespace tributary::log {

struct Options {
  bool console = true;
  bool file = true;
  std::filesystem::path directory;  // empty: stateDirectory()
  spdlog::level::level_enum level = spdlog::level::info;
  std::size_t maxFileBytes = 10 * 1024 * 1024;
  std::size_t maxFiles = 5;
};

// $XDG_STATE_HOME/tributary, or ~/.local/state/tributary.
std::filesystem::path stateDirectory();

// Sets up the default logger. Safe to call again (replaces the sinks).
// Returns the log file path, or an empty path when file logging is off or failed.
std::filesystem::path init(const Options& options);

// Adds a sink (for example the GUI's log view) behind the same redaction.
void addSink(std::shared_ptr<spdlog::sinks::sink> sink);

// Replaces every later occurrence of `secret` in log messages with "******".
// Secrets shorter than 4 characters are still redacted but should be avoided.
void registerSecret(const std::string& secret);

// What `text` looks like after redaction (used by the sinks, and by code that
// puts messages into errors that may be shown).
std::string redact(std::string text);

}  // namespace tributary::log
