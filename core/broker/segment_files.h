#pragma once
// Naming and error helpers shared by the partition log and the log cleaner,
// which both write segment files.
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "core/base/result.h"

namespace tributary::broker {

// "00000000000000001234": Kafka's zero-padded base offset, so names sort by offset.
inline std::string segmentName(int64_t base) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%020lld", static_cast<long long>(base));
  return buf;
}

// An Io error naming the failed step, errno's text and the file.
inline Error ioError(const std::string& what, const std::filesystem::path& path) {
  return makeError(ErrorCode::Io, what + ": " + std::strerror(errno), path.string());
}

}  // namespace tributary::broker
