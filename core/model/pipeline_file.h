#pragma once
// The *.tributary.json file format: parsing with positions in every error, and
// a canonical writer (fixed key order, sorted config keys, two-space indent) so
// that saving what was loaded from a saved file gives the same bytes.

#include <filesystem>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/model/pipeline.h"

namespace tributary::model {

// Files larger than this are refused before parsing.
inline constexpr std::size_t kMaxPipelineFileBytes = 16 * 1024 * 1024;
// Deeper nesting than this is refused (no real config needs it; it protects the stack).
inline constexpr int kMaxNestingDepth = 64;

// Parses pipeline JSON. Errors say where: "line 3, column 7" for syntax,
// "$.nodes[2].config" for structure. ErrorCode::Invalid for bad content,
// ErrorCode::Unsupported for a file of another format version.
Result<Pipeline> parsePipeline(std::string_view text);

// Reads and parses a file. ErrorCode::Io / NotFound when it cannot be read.
Result<Pipeline> loadPipeline(const std::filesystem::path& path);

// The canonical text of a pipeline, ending with a newline.
std::string serializePipeline(const Pipeline& pipeline);

// Writes atomically (temporary file in the same folder, fsync, rename), so a
// crash never leaves a half-written pipeline behind.
Status savePipeline(const Pipeline& pipeline, const std::filesystem::path& path);

}  // namespace tributary::model
