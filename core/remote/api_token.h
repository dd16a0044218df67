#pragma once
// The runner API's bearer token: read from a file, or generated on first start
// into a file only its owner can read (mode 0600), and compared in constant time.

#include <filesystem>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace tributary::remote {

struct TokenFile {
  std::string token;
  bool created = false;  // generated now (the file did not exist)
  std::string warning;   // e.g. the file is readable by others
};

// Reads the token in `file` (surrounding whitespace ignored; an empty file is an
// error). When the file does not exist, writes a new random token (32 bytes as
// hex) into it, created with mode 0600 and its folder with 0700 when missing.
Result<TokenFile> loadOrCreateToken(const std::filesystem::path& file);

// Writes `contents` to `file` readable only by its owner: created 0600 (its
// folder 0700 when missing) under a temporary name, then renamed over `file`.
Status writePrivateFile(const std::filesystem::path& file, std::string_view contents);

// `bytes` random bytes from the kernel as lowercase hex.
Result<std::string> randomHex(std::size_t bytes);

// True when `given` equals `expected`. The time taken depends only on the
// length of `expected`, not on where the two differ.
bool tokensEqual(std::string_view expected, std::string_view given);

}  // namespace tributary::remote
