#include "core/base/log.h"

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <vector>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/dist_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

namespace tributary::log {
namespace {

std::shared_mutex g_secretsMutex;
// Longest first, so a secret that contains another is replaced whole.
struct LongestFirst {
  bool operator()(const std::string& a, const std::string& b) const {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  }
};
std::set<std::string, LongestFirst> g_secrets;

// Wraps the real sinks: formats nothing itself, only rewrites the payload.
class RedactingSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::shared_ptr<spdlog::sinks::dist_sink_mt> inner = std::make_shared<spdlog::sinks::dist_sink_mt>();

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    std::string_view payload(msg.payload.data(), msg.payload.size());
    std::string redacted = redact(std::string(payload));
    if (redacted == payload) {
      inner->log(msg);
      return;
    }
    spdlog::details::log_msg copy(msg);
    copy.payload = redacted;
    inner->log(copy);
  }
  void flush_() override { inner->flush(); }
};

std::shared_ptr<RedactingSink> g_root;

}  // namespace

std::filesystem::path stateDirectory() {
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg) return std::filesystem::path(xdg) / "tributary";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / ".local" / "state" / "tributary";
  return std::filesystem::temp_directory_path() / "tributary";
}

std::filesystem::path init(const Options& options) {
  auto root = std::make_shared<RedactingSink>();
  std::filesystem::path file;
  if (options.console) {
    auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    console->set_pattern("%^%L%$ %H:%M:%S.%e %v");
    root->inner->add_sink(console);
  }
  if (options.file) {
    std::filesystem::path dir = options.directory.empty() ? stateDirectory() : options.directory;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    try {
      file = dir / "tributary.log";
      auto rotating = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(file.string(), options.maxFileBytes,
                                                                             options.maxFiles);
      rotating->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l [%t] %v");
      root->inner->add_sink(rotating);
    } catch (const spdlog::spdlog_ex& e) {
      // A read-only home must not stop the program; say so on the console.
      file.clear();
      if (options.console) fprintf(stderr, "warning: cannot write log file in %s: %s\n", dir.c_str(), e.what());
    }
  }
  auto logger = std::make_shared<spdlog::logger>("tributary", root);
  logger->set_level(options.level);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
  g_root = root;
  return file;
}

void addSink(std::shared_ptr<spdlog::sinks::sink> sink) {
  if (!g_root) init(Options{});
  g_root->inner->add_sink(std::move(sink));
}

void registerSecret(const std::string& secret) {
  if (secret.empty()) return;
  std::unique_lock lock(g_secretsMutex);
  g_secrets.insert(secret);
}

std::string redact(std::string text) {
  std::shared_lock lock(g_secretsMutex);
  for (const std::string& secret : g_secrets) {
    for (std::size_t pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 6))
      text.replace(pos, secret.size(), "******");
  }
  return text;
}

}  // namespace tributary::log
