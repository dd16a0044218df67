#pragma once
// The runner's HTTP+JSON API over a RunnerService (cpp-httplib, TLS through
// OpenSSL when given a certificate and key).
//
//   GET  /health                                 liveness; no token needed
//   GET  /ready                                  200 once stored pipelines were resumed, else 503; no token
//   GET  /metrics                                Prometheus text of every pipeline
//   GET  /api/v1/info                            runner name, version, uptime
//   GET  /api/v1/pipelines                       every deployed pipeline with its state
//   POST /api/v1/pipelines[?start=true]          deploy (body: a pipeline file); 201, or 400 with "problems"
//   GET  /api/v1/pipelines/NAME                  state, nodes with counters, the pipeline itself
//   DELETE /api/v1/pipelines/NAME                stop and remove
//   POST /api/v1/pipelines/NAME/start|stop|pause|resume
//   GET  /api/v1/pipelines/NAME/metrics?since=MS samples after MS (ms since the epoch) and the current state
//   GET  /api/v1/logs?after=SEQ&since=MS&limit=N&pipeline=NAME   recent log lines
//
// Every request except /health and /ready needs "Authorization: Bearer
// TOKEN" (401 otherwise; compared in constant time). Bodies larger than
// maxBodyBytes get 413 before they are read. Every error is
// {"error": "..."} — never a stack trace.
//
// Threads: start() binds on the calling thread and serves on a thread of its
// own (with cpp-httplib's worker pool); stop() may be called from any thread.

#include <memory>
#include <string>
#include <thread>

#include "core/base/result.h"

namespace tributary::remote {

class LogRing;
class RunnerService;

struct ApiOptions {
  std::string host = "127.0.0.1";
  int port = 7070;  // 0: any free port
  std::string token;
  std::string certFile, keyFile;  // both set: HTTPS
  std::size_t maxBodyBytes = 4 * 1024 * 1024;
  std::string version;
};

class ApiServer {
 public:
  static Result<std::unique_ptr<ApiServer>> start(RunnerService& service, std::shared_ptr<LogRing> logs,
                                                  ApiOptions options);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  int port() const { return m_port; }
  // "http://127.0.0.1:7070" or "https://..."
  std::string url() const;
  void stop();

 private:
  struct Impl;
  ApiServer() = default;
  std::unique_ptr<Impl> m_impl;
  int m_port = 0;
  std::string m_host;
  bool m_tls = false;
  std::thread m_thread;
};

}  // namespace tributary::remote
