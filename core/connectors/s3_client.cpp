#include "core/connectors/s3_client.h"

#include "core/connectors/curl_common.h"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <mutex>
#include <thread>

#include <spdlog/spdlog.h>

namespace tributary::connectors {
namespace {

size_t onHeader(char* data, size_t size, size_t n, void* user) {
  std::string_view line(data, size * n);
  auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
      value.remove_suffix(1);
    (*static_cast<std::map<std::string, std::string>*>(user))[name] = std::string(value);
  }
  return size * n;
}

std::string xmlUnescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    auto semi = s.find(';', i);
    std::string_view ent = semi == std::string_view::npos ? std::string_view() : s.substr(i + 1, semi - i - 1);
    if (ent == "amp") out += '&';
    else if (ent == "lt") out += '<';
    else if (ent == "gt") out += '>';
    else if (ent == "quot") out += '"';
    else if (ent == "apos") out += '\'';
    else if (!ent.empty() && ent[0] == '#') {
      long code = ent.size() > 1 && ent[1] == 'x' ? std::strtol(std::string(ent.substr(2)).c_str(), nullptr, 16)
                                                  : std::strtol(std::string(ent.substr(1)).c_str(), nullptr, 10);
      if (code > 0 && code < 128) out += static_cast<char>(code);
    } else {
      out += '&';
      continue;
    }
    i = semi;
  }
  return out;
}

std::string xmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

bool retryable(long status, const std::string& code) {
  return status >= 500 || status == 429 || code == "SlowDown" || code == "InternalError" ||
         code == "ServiceUnavailable" || code == "RequestTimeout";
}

}  // namespace

std::string s3Encode(std::string_view text, bool keepSlash) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

std::string xmlValue(std::string_view xml, std::string_view name, std::size_t* from) {
  std::string open = "<" + std::string(name) + ">", close = "</" + std::string(name) + ">";
  std::size_t start = xml.find(open, from ? *from : 0);
  if (start == std::string_view::npos) {
    if (from) *from = std::string_view::npos;
    return {};
  }
  start += open.size();
  std::size_t end = xml.find(close, start);
  if (end == std::string_view::npos) {
    if (from) *from = std::string_view::npos;
    return {};
  }
  if (from) *from = end + close.size();
  return xmlUnescape(xml.substr(start, end - start));
}

S3Client::S3Client(S3Config config)
    : m_config(std::move(config)), m_curl(nullptr, [](void* c) { curl_easy_cleanup(static_cast<CURL*>(c)); }) {
  curlGlobalInitOnce();
  if (m_config.endpoint.empty()) m_config.endpoint = "https://s3." + m_config.region + ".amazonaws.com";
  while (!m_config.endpoint.empty() && m_config.endpoint.back() == '/') m_config.endpoint.pop_back();
}

std::string S3Client::url(const std::string& key, const std::string& query) const {
  std::string base = m_config.endpoint;
  std::string path = "/" + s3Encode(key, true);
  if (m_config.pathStyle) {
    path = "/" + m_config.bucket + (key.empty() ? "/" : path);
  } else {
    auto scheme = base.find("://");
    std::size_t hostAt = scheme == std::string::npos ? 0 : scheme + 3;
    base.insert(hostAt, m_config.bucket + ".");
  }
  return base + path + (query.empty() ? "" : "?" + query);
}

Result<S3Response> S3Client::once(const std::string& method, const std::string& key, const std::string& query,
                                  std::string_view body, const std::vector<std::string>& extraHeaders) {
  // One handle for all requests: reset clears the options, and keeps the open connection for the next one.
  if (!m_curl) m_curl.reset(curl_easy_init());
  if (!m_curl) return makeError(ErrorCode::Internal, "cannot start a curl handle");
  CURL* c = static_cast<CURL*>(m_curl.get());
  curl_easy_reset(c);
  std::string u = url(key, query);
  S3Response response;
  curl_easy_setopt(c, CURLOPT_URL, u.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(m_config.timeoutMs));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, curlAppendToString);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, onHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &response.headers);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, m_config.tlsVerify ? 1L : 0L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, m_config.tlsVerify ? 2L : 0L);
  if (!m_config.caFile.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, m_config.caFile.c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> connectTo(nullptr, &curl_slist_free_all);
  if (!m_config.connectTo.empty()) {
    connectTo.reset(curl_slist_append(nullptr, m_config.connectTo.c_str()));
    curl_easy_setopt(c, CURLOPT_CONNECT_TO, connectTo.get());
  }
  std::string sigv4 = "aws:amz:" + m_config.region + ":s3";
  if (!m_config.accessKey.empty()) {
    curl_easy_setopt(c, CURLOPT_AWS_SIGV4, sigv4.c_str());
    curl_easy_setopt(c, CURLOPT_USERNAME, m_config.accessKey.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, m_config.secretKey.c_str());
  }
  curl_slist* headers = nullptr;
  std::vector<std::string> lines = extraHeaders;
  lines.push_back("x-amz-content-sha256: " + sha256Hex(body));
  if (!m_config.sessionToken.empty()) lines.push_back("x-amz-security-token: " + m_config.sessionToken);
  // curl 7.88 signs every CURLOPT_HTTPHEADER entry, even "Name:" entries that
  // only remove a header, so none are used: a removed header would be listed
  // in SignedHeaders yet not sent, and S3 would refuse the signature.
  for (const std::string& l : lines) headers = curl_slist_append(headers, l.c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headerList(headers, &curl_slist_free_all);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  if (method == "HEAD") {
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  } else if (method == "PUT" || method == "POST") {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.empty() ? "" : body.data());  // never null: curl would read stdin
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    if (method == "PUT") curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "PUT");
  } else if (method != "GET") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK)
    return makeError(ErrorCode::Unavailable, std::string("S3 request failed: ") + curl_easy_strerror(rc),
                     method + " " + u);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

Result<S3Response> S3Client::request(const std::string& method, const std::string& key, const std::string& query,
                                     std::string_view body, const std::vector<std::string>& extraHeaders) {
  for (int attempt = 0;; ++attempt) {
    auto r = once(method, key, query, body, extraHeaders);
    std::string code, message;
    Error error;
    if (!r) {
      error = r.error();
    } else {
      bool errorBody = r->body.find("<Error>") != std::string::npos;
      if (r->status >= 200 && r->status < 300 && !errorBody) return r;
      code = xmlValue(r->body, "Code");
      message = xmlValue(r->body, "Message");
      error = makeError(r->status == 404 ? ErrorCode::NotFound
                        : retryable(r->status, code) ? ErrorCode::Unavailable
                                                     : ErrorCode::Invalid,
                        "S3 answered " + std::to_string(r->status) + (code.empty() ? "" : " " + code) +
                            (message.empty() ? "" : ": " + message),
                        method + " " + describe() + "/" + key);
      if (!retryable(r->status, code)) return error;
    }
    if (attempt >= m_config.retries) {
      error.message += " (after " + std::to_string(attempt) + " retries)";
      return error;
    }
    std::int64_t delay = std::min<std::int64_t>(m_config.retryBackoffMs << std::min(attempt, 6), 10000);
    spdlog::warn("{}; retrying in {} ms", error.toString(), delay);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
  }
}

Status S3Client::headBucket() {
  auto r = request("HEAD", "", "", {});
  if (!r) {
    Error e = r.error();
    if (e.code == ErrorCode::NotFound) e.message = "bucket \"" + m_config.bucket + "\" does not exist";
    return e;
  }
  return {};
}

Status S3Client::putObject(const std::string& key, std::string_view bytes, const std::vector<std::string>& metaHeaders) {
  if (bytes.size() > m_config.partSize) return multipart(key, bytes, metaHeaders);
  std::vector<std::string> headers = metaHeaders;
  headers.push_back("Content-Type: application/octet-stream");
  auto r = request("PUT", key, "", bytes, headers);
  if (!r) return r.error();
  return {};
}

Result<std::map<std::string, std::string>> S3Client::headObject(const std::string& key) {
  auto r = request("HEAD", key, "", {});
  if (!r) return r.error();
  return std::move(r->headers);
}

Status S3Client::multipart(const std::string& key, std::string_view bytes, const std::vector<std::string>& metaHeaders) {
  ++m_multipart;
  std::vector<std::string> headers = metaHeaders;
  headers.push_back("Content-Type: application/octet-stream");
  auto created = request("POST", key, "uploads=", {}, headers);
  if (!created) return created.error();
  std::string uploadId = xmlValue(created->body, "UploadId");
  if (uploadId.empty())
    return makeError(ErrorCode::Invalid, "CreateMultipartUpload answered without an UploadId", describe() + "/" + key);
  std::string id = s3Encode(uploadId, false);
  std::string complete = "<CompleteMultipartUpload>";
  Status outcome;  // ok until a part fails
  for (std::size_t at = 0, part = 1; at < bytes.size(); at += m_config.partSize, ++part) {
    std::string_view chunk = bytes.substr(at, m_config.partSize);
    // partNumber before uploadId: curl signs the query as written, and AWS sorts it.
    auto r = request("PUT", key, "partNumber=" + std::to_string(part) + "&uploadId=" + id, chunk,
                     {"Content-Type: application/octet-stream"});
    if (!r) {
      outcome = r.error();
      break;
    }
    auto etag = r->headers.find("etag");
    if (etag == r->headers.end()) {
      outcome = makeError(ErrorCode::Invalid, "UploadPart answered without an ETag", describe() + "/" + key);
      break;
    }
    complete += "<Part><PartNumber>" + std::to_string(part) + "</PartNumber><ETag>" + xmlEscape(etag->second) +
                "</ETag></Part>";
  }
  if (outcome) {
    complete += "</CompleteMultipartUpload>";
    auto done = request("POST", key, "uploadId=" + id, complete, {"Content-Type: application/xml"});
    if (done) return {};
    outcome = done.error();
  }
  auto aborted = request("DELETE", key, "uploadId=" + id, {});
  if (!aborted) spdlog::warn("cannot abort the multipart upload of {}: {}", key, aborted.error().toString());
  return outcome;
}

Result<std::string> S3Client::getObject(const std::string& key) {
  auto r = request("GET", key, "", {});
  if (!r) return r.error();
  return std::move(r->body);
}

Result<std::vector<std::string>> S3Client::listObjects(const std::string& prefix) {
  std::vector<std::string> keys;
  std::string token;
  while (true) {
    // Parameters in sorted order: curl signs the query as written.
    std::string query = (token.empty() ? "" : "continuation-token=" + s3Encode(token, false) + "&") +
                        "list-type=2&prefix=" + s3Encode(prefix, false);
    auto r = request("GET", "", query, {});
    if (!r) return r.error();
    std::size_t at = 0;
    while (true) {
      std::size_t contents = r->body.find("<Contents>", at);
      if (contents == std::string::npos) break;
      at = contents;
      std::string key = xmlValue(r->body, "Key", &at);
      if (at == std::string::npos) break;
      keys.push_back(std::move(key));
    }
    if (xmlValue(r->body, "IsTruncated") != "true") break;
    token = xmlValue(r->body, "NextContinuationToken");
    if (token.empty()) return makeError(ErrorCode::Invalid, "a truncated listing without a continuation token");
  }
  return keys;
}

}  // namespace tributary::connectors
