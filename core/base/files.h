#pragma once
// File helpers shared by everything that saves state (pipelines, checkpoints).

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace tributary::base {

// Writes `contents` to `path` atomically: a temporary file in the same folder,
// fsync, rename, fsync of the folder. A crash leaves the old file or the new one.
Status writeFileAtomically(const std::filesystem::path& path, std::string_view contents);

// Reads a whole file, refusing files larger than `maxBytes`.
Result<std::string> readFile(const std::filesystem::path& path, std::size_t maxBytes);

// The regular files a glob pattern matches, sorted by name (none: an empty list).
// The file sources use it; where names the setting in the error.
Result<std::vector<std::string>> regularFilesMatching(const std::string& pattern, const std::string& where);

}  // namespace tributary::base
