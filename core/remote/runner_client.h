#pragma once
// A client of one runner's HTTP API (http_api.h): used by the tests and the
// GUI's Runners panel. Errors are values: a refused request becomes an Error
// whose message is the runner's {"error": ...} (plus its validation problems
// for a refused deployment).
//
// Threads: one RunnerClient per thread (requests block up to the timeout);
// the GUI runs them on worker threads.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/base/result.h"

namespace tributary::remote {

struct ClientOptions {
  std::string token;
  std::string caCertFile;  // https: trust this CA (PEM) instead of the system's
  bool verifyTls = true;   // https: check the certificate and host name
  std::chrono::milliseconds timeout{30000};
};

// A raw answer: status, body and the body as JSON when it is JSON (null otherwise).
struct HttpReply {
  int status = 0;
  std::string body;
  nlohmann::json json;
};

class RunnerClient {
 public:
  // `url`: "http://host:port" or "https://host:port".
  static Result<std::unique_ptr<RunnerClient>> create(const std::string& url, ClientOptions options);
  ~RunnerClient();
  RunnerClient(const RunnerClient&) = delete;
  RunnerClient& operator=(const RunnerClient&) = delete;

  const std::string& url() const { return m_url; }

  Result<nlohmann::json> health();
  Result<nlohmann::json> info();
  Result<nlohmann::json> pipelines();
  Result<nlohmann::json> pipeline(const std::string& name);
  // Deploys a pipeline file's text; `start` starts it at once; `restart`:
  // always, on-failure or never (empty: the runner's default, on-failure).
  Result<nlohmann::json> deploy(const std::string& pipelineText, bool start, const std::string& restart = {});
  Result<nlohmann::json> start(const std::string& name);
  Result<nlohmann::json> stop(const std::string& name);
  Result<nlohmann::json> pause(const std::string& name);
  Result<nlohmann::json> remove(const std::string& name);
  Result<nlohmann::json> metrics(const std::string& name, std::int64_t sinceMs);
  Result<std::string> prometheus();
  Result<nlohmann::json> logs(std::uint64_t afterSeq, std::size_t limit);

  // Any request, with the token (or `tokenOverride` when given, "" for none); a
  // transport failure is an Error, any HTTP status is a reply.
  Result<HttpReply> request(const std::string& method, const std::string& path, const std::string& body = {},
                            const std::string* tokenOverride = nullptr);

 private:
  struct Impl;
  RunnerClient() = default;
  Result<nlohmann::json> call(const std::string& method, const std::string& path, const std::string& body = {});

  std::string m_url;
  ClientOptions m_options;
  std::unique_ptr<Impl> m_impl;
};

// Percent-encodes a pipeline name for a URL path (one segment: "/" becomes %2F).
std::string encodePathSegment(const std::string& text);
// The inverse; false on a bad escape ("%G1", a lone "%") or an encoded NUL.
bool decodePathSegment(std::string_view text, std::string& out);

}  // namespace tributary::remote
