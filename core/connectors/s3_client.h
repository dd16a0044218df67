#pragma once
// A small S3 client on libcurl for the lake writer: PUT (multipart above a
// part size), GET, ListObjectsV2, HEAD bucket. Requests are signed with AWS
// Signature V4 by curl (CURLOPT_AWS_SIGV4); curl 7.88 does not hash an
// uploaded body, so the client sends x-amz-content-sha256 itself, and since
// curl signs the path and query exactly as written, keys are percent-encoded
// here (RFC 3986 unreserved characters kept, '/' kept between segments).
// 5xx answers, SlowDown, and connection errors are retried with back-off;
// an <Error> body is an error whatever the status (CompleteMultipartUpload
// may answer 200 with one).
//
// A client keeps one curl handle, so that its requests reuse the connection
// (as the curl tool does across URLs); it is used by one thread at a time.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace tributary::connectors {

struct S3Config {
  std::string endpoint;  // "http://127.0.0.1:4568"; empty: https://s3.<region>.amazonaws.com
  std::string region = "us-east-1";
  std::string bucket;
  std::string accessKey, secretKey, sessionToken;
  bool pathStyle = false;  // https://host/bucket/key instead of https://bucket.host/key
  // Multipart above this (S3's minimum part is 5 MiB); 25 MiB is Confluent's s3.part.size default.
  std::uint64_t partSize = 25 * 1024 * 1024;
  int retries = 5;
  std::int64_t retryBackoffMs = 200;
  bool tlsVerify = true;
  std::string caFile;
  std::int64_t timeoutMs = 60000;
  std::string connectTo;  // a CURLOPT_CONNECT_TO entry ("host:port:addr:port"): tests reach a local listener
};

struct S3Response {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
};

class S3Client {
 public:
  explicit S3Client(S3Config config);

  Status headBucket();
  // One PUT up to partSize; above it a multipart upload (aborted on failure).
  Status putObject(const std::string& key, std::string_view bytes, const std::vector<std::string>& metaHeaders = {});
  // The response headers of HEAD key (lower-case names); NotFound when absent.
  Result<std::map<std::string, std::string>> headObject(const std::string& key);
  Result<std::string> getObject(const std::string& key);
  Result<std::vector<std::string>> listObjects(const std::string& prefix);

  // The URL of `key` with `query` (already encoded); for tests.
  std::string url(const std::string& key, const std::string& query = {}) const;
  std::string describe() const { return "s3://" + m_config.bucket; }
  // Uploads since construction that went multipart; for tests.
  int multipartUploads() const { return m_multipart; }

  // One signed request with retries. `extraHeaders` are "Name: value".
  Result<S3Response> request(const std::string& method, const std::string& key, const std::string& query,
                             std::string_view body, const std::vector<std::string>& extraHeaders = {});

 private:
  Result<S3Response> once(const std::string& method, const std::string& key, const std::string& query,
                          std::string_view body, const std::vector<std::string>& extraHeaders);
  Status multipart(const std::string& key, std::string_view bytes, const std::vector<std::string>& metaHeaders);

  S3Config m_config;
  int m_multipart = 0;
  std::unique_ptr<void, void (*)(void*)> m_curl;  // CURL*, kept for its connection cache
};

// Percent-encodes per RFC 3986 (S3's rules): unreserved kept, '/' kept when `keepSlash`.
std::string s3Encode(std::string_view text, bool keepSlash);
// Lower-case hex SHA-256.
std::string sha256Hex(std::string_view data);
// The text of the first <name>...</name> in `xml` (entities decoded), or empty.
std::string xmlValue(std::string_view xml, std::string_view name, std::size_t* from = nullptr);

}  // namespace tributary::connectors
