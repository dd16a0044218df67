#pragma once
// What every libcurl user in this folder needs: one global initialisation per
// process, and a write callback that collects a response body into a string.

#include <curl/curl.h>

#include <cstddef>
#include <mutex>
#include <string>

namespace tributary::connectors {

inline void curlGlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// CURLOPT_WRITEFUNCTION with CURLOPT_WRITEDATA pointing at a std::string.
inline std::size_t curlAppendToString(char* data, std::size_t size, std::size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

}  // namespace tributary::connectors
