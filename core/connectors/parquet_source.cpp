// source.parquet: reads Parquet files (one file or a glob, in name order) row
// by row; each row becomes a record whose value is an object of the row's
// columns. The position is a row number per file (partition = the file's
// index in name order), so a restart continues after the last row every sink
// has acknowledged. A corrupt or unsupported file stops the pipeline with the
// file, the byte offset where known, and the reason (core/parquet/reader.h
// lists what is read).
#include <sys/stat.h>

#include <algorithm>
#include <mutex>
#include <optional>
#include <set>

#include <spdlog/spdlog.h>

#include "core/base/clock.h"
#include "core/base/files.h"
#include "core/connectors/registration.h"
#include "core/parquet/reader.h"
#include "core/runtime/node_config.h"

namespace tributary::connectors {
namespace {

class ParquetSource final : public runtime::Source {
 public:
  explicit ParquetSource(std::string pattern) : m_pattern(std::move(pattern)) {}

  Status open(const nlohmann::json& checkpoint, runtime::ErrorReporter&) override {
    std::map<std::string, std::int64_t> restored;
    if (checkpoint.is_object() && checkpoint.contains("files") && checkpoint["files"].is_object()) {
      for (auto it = checkpoint["files"].begin(); it != checkpoint["files"].end(); ++it)
        if (it->is_object()) restored[it.key()] = it->value("row", std::int64_t{0});
    }
    auto matched = base::regularFilesMatching(m_pattern, "config.path");
    if (!matched) return matched.error();
    std::set<std::string> found(matched->begin(), matched->end());
    // Files named in the checkpoint keep their place, so positions stay comparable.
    for (const auto& [path, row] : restored) found.insert(path);
    std::lock_guard lock(m_mutex);
    m_files.clear();
    for (const std::string& path : found) {
      auto it = restored.find(path);
      m_files.push_back({path, it == restored.end() ? 0 : it->second});
    }
    if (m_files.empty()) return makeError(ErrorCode::NotFound, "no file matches \"" + m_pattern + "\"", "config.path");
    return {};
  }

  runtime::PollResult poll(record::Batch& out, std::size_t maxRecords, runtime::ErrorReporter&) override {
    runtime::PollResult result;
    std::int64_t nowMs = base::wallMs();
    while (out.size() < maxRecords) {
      if (!m_reader) {
        File f;
        {
          std::lock_guard lock(m_mutex);
          if (m_current >= m_files.size()) {
            result.end = true;
            break;
          }
          f = m_files[m_current];
        }
        struct stat st {};
        if (::stat(f.path.c_str(), &st) != 0) {  // gone since it was listed (or since the checkpoint)
          spdlog::warn("{} disappeared before it was read", f.path);
          ++m_current;
          continue;
        }
        auto reader = parquet::ParquetReader::openFile(f.path);
        if (!reader) {
          result.error = reader.error();
          return result;
        }
        if (f.restored > reader->rows()) {
          spdlog::warn("{} has fewer rows than its checkpoint ({} < {}); it is skipped", f.path, reader->rows(),
                       f.restored);
          f.restored = reader->rows();
        }
        if (Status s = reader->seek(f.restored); !s) {
          result.error = s.error();
          return result;
        }
        m_bytesPerRow = reader->rows() > 0
                            ? static_cast<std::uint64_t>(st.st_size) / static_cast<std::uint64_t>(reader->rows())
                            : 0;
        m_reader.emplace(std::move(reader).value());
      }
      std::int64_t row = m_reader->position();
      record::Value value;
      auto more = m_reader->next(value);
      if (!more) {
        result.error = more.error();
        return result;
      }
      if (!*more) {
        result.resume.push_back({static_cast<std::int32_t>(m_current), row});
        m_reader.reset();
        ++m_current;
        continue;
      }
      record::Record r;
      r.value = std::move(value);
      r.timestampMs = nowMs;
      r.position = {static_cast<std::int32_t>(m_current), row};
      out.push_back(std::move(r));
      result.bytes += m_bytesPerRow;
    }
    if (m_reader) result.resume.push_back({static_cast<std::int32_t>(m_current), m_reader->position()});
    return result;
  }

  nlohmann::json checkpointState(const runtime::PositionMap& committed) const override {
    std::lock_guard lock(m_mutex);
    nlohmann::json files = nlohmann::json::object();
    for (std::size_t i = 0; i < m_files.size(); ++i) {
      auto it = committed.find(static_cast<std::int32_t>(i));
      files[m_files[i].path] = {{"row", it == committed.end() ? m_files[i].restored : it->second}};
    }
    return {{"files", files}};
  }

  void close() override { m_reader.reset(); }

 private:
  struct File {
    std::string path;
    std::int64_t restored = 0;  // the next row to read, from the checkpoint
  };

  std::string m_pattern;
  mutable std::mutex m_mutex;  // m_files (checkpointState reads it)
  std::vector<File> m_files;
  std::size_t m_current = 0;
  std::optional<parquet::ParquetReader> m_reader;
  std::uint64_t m_bytesPerRow = 0;
};

}  // namespace

std::unique_ptr<runtime::Source> makeParquetSource(std::string pattern) {
  return std::make_unique<ParquetSource>(std::move(pattern));
}

void registerParquetSource(runtime::FactoryRegistry& registry) {
  using model::FieldSpec;
  runtime::NodeFactory f;
  model::NodeSpec& s = f.spec;
  s.type = "source.parquet";
  s.category = model::NodeCategory::Source;
  s.title = "Parquet files";
  s.icon = "file";
  s.help =
      "Reads Parquet files (one file or a glob, in name order), one record per row: an object of the row's "
      "columns, nulls included. The row number in each file is checkpointed, so a restart continues after the "
      "last row every sink has acknowledged. Nested fields (structs, lists, maps, repeated fields) arrive as JSON "
      "objects and arrays. PLAIN, dictionary, RLE and DELTA encodings; data pages v1 and v2; uncompressed, "
      "snappy, gzip and zstd. A corrupt or unsupported file stops the pipeline with the file, the byte offset and "
      "the reason (see docs/parquet.md). source.file with format parquet is the same source.";
  s.outputs = {{"out", model::PortKind::Records, {}, true}};
  FieldSpec path;
  path.name = "path";
  path.required = true;
  path.help = "A file or a glob such as \"schedules/*.parquet\"; relative to the working directory.";
  s.fields.push_back(path);

  f.source = [](const runtime::NodeContext& ctx) -> Result<std::unique_ptr<runtime::Source>> {
    runtime::NodeConfig config(ctx.config);
    std::string path = config.optionalText("path");
    if (Status s = config.status(); !s) return s.error();
    if (path.empty()) return makeError(ErrorCode::Invalid, "\"path\" is required", "config.path");
    return makeParquetSource(ctx.resolvePath(path).string());
  };
  registry.add(std::move(f));
}

}  // namespace tributary::connectors
