// source.file: reads JSON lines (or CSV) from one file or a glob of files, in
// name order, optionally following data appended to the last one. Its
// position is a byte offset per file (partition = the file's index in the
// order it was found), so a restart resumes after the last acknowledged line.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <set>

#include <spdlog/spdlog.h>

#include "core/base/files.h"
#include "core/connectors/registration.h"
#include "core/base/clock.h"
#include "core/record/csv.h"
#include "core/record/json.h"
#include "core/base/units.h"
#include "core/runtime/node_config.h"

namespace tributary::connectors {
namespace {

constexpr std::size_t kReadChunk = 1 << 20;
constexpr std::size_t kMaxLine = 64 << 20;

enum class Format { JsonLines, Csv };

class FileSource final : public runtime::Source {
 public:
  FileSource(std::string pattern, Format format, bool follow, std::int64_t pollMs, record::CsvOptions csv)
      : m_pattern(std::move(pattern)),
        m_format(format),
        m_follow(follow),
        m_pollMs(pollMs),
        m_csvOptions(std::move(csv)) {}

  ~FileSource() override { closeCurrent(); }

  Status open(const nlohmann::json& checkpoint, runtime::ErrorReporter&) override {
    {
      std::lock_guard lock(m_mutex);
      if (checkpoint.is_object() && checkpoint.contains("files") && checkpoint["files"].is_object()) {
        // Files keep the index they had, so positions stay comparable.
        for (auto it = checkpoint["files"].begin(); it != checkpoint["files"].end(); ++it) {
          if (!it->is_object()) continue;
          m_files.push_back({it.key(), it->value("offset", std::int64_t{0})});
        }
        std::sort(m_files.begin(), m_files.end(), [](const File& a, const File& b) { return a.path < b.path; });
      }
    }
    auto found = scan();
    if (!found) return found.error();
    std::lock_guard lock(m_mutex);
    if (m_files.empty() && !m_follow)
      return makeError(ErrorCode::NotFound, "no file matches \"" + m_pattern + "\"", "config.path");
    return {};
  }

  runtime::PollResult poll(record::Batch& out, std::size_t maxRecords, runtime::ErrorReporter& errors) override {
    runtime::PollResult result;
    std::int64_t nowMs = base::wallMs();
    std::size_t consumed = 0;  // lines, good or bad: a batch of bad lines still ends
    while (consumed < maxRecords) {
      if (m_fd < 0) {
        std::size_t count;
        {
          std::lock_guard lock(m_mutex);
          count = m_files.size();
        }
        if (m_current >= count) {
          if (!m_follow) {
            result.end = true;
            break;
          }
          if (!rescanDue()) {
            result.waitMs = m_pollMs;
            break;
          }
          continue;
        }
        if (Status s = openCurrent(); !s) {
          result.error = s.error();
          return result;
        }
        if (m_fd < 0) continue;  // it vanished since it was listed: on to the next file
      }
      std::string_view line;
      std::int64_t lineOffset = 0;
      bool atEof = false;
      record::Value csvRow;
      bool isRow = false;
      std::size_t lineNo = 0;
      Status read = m_format == Format::Csv ? nextCsv(csvRow, isRow, line, lineOffset, lineNo, atEof, errors)
                                            : nextLine(line, lineOffset, atEof);
      if (!read) {
        result.error = read.error();
        return result;
      }
      if (atEof) {
        bool last;
        {
          std::lock_guard lock(m_mutex);
          last = m_current + 1 >= m_files.size();
        }
        if (m_follow && last) {
          if (rescanDue()) continue;  // a new file may have appeared
          result.waitMs = m_pollMs;
          break;
        }
        result.resume.push_back({static_cast<std::int32_t>(m_current), m_fileOffset});
        closeCurrent();
        ++m_current;
        continue;
      }
      ++consumed;
      result.bytes += line.size() + 1;
      record::SourcePosition pos{static_cast<std::int32_t>(m_current), lineOffset};
      if (m_format == Format::Csv) {
        if (errors.failed()) break;
        if (!isRow) continue;
        record::Record r;
        r.value = std::move(csvRow);
        r.timestampMs = nowMs;
        r.position = pos;
        out.push_back(std::move(r));
        continue;
      }
      ++m_line;
      std::string_view text = line;
      if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
      if (text.find_first_not_of(" \t") == std::string_view::npos) continue;  // blank line
      auto value = record::parseJson(text);
      if (!value) {
        errors.reportRaw(
            text, makeError(ErrorCode::Invalid, value.error().message, m_path + ":" + std::to_string(m_line)), pos);
        if (errors.failed()) break;
        continue;
      }
      record::Record r;
      r.value = std::move(value).value();
      r.timestampMs = nowMs;
      r.position = pos;
      out.push_back(std::move(r));
    }
    if (m_fd >= 0) result.resume.push_back({static_cast<std::int32_t>(m_current), m_fileOffset});
    return result;
  }

  nlohmann::json checkpointState(const runtime::PositionMap& committed) const override {
    std::lock_guard lock(m_mutex);
    nlohmann::json files = nlohmann::json::object();
    for (std::size_t i = 0; i < m_files.size(); ++i) {
      auto it = committed.find(static_cast<std::int32_t>(i));
      files[m_files[i].path] = {{"offset", it == committed.end() ? m_files[i].restored : it->second}};
    }
    return {{"files", files}};
  }

  void close() override { closeCurrent(); }

 private:
  struct File {
    std::string path;
    std::int64_t restored = 0;  // offset from the checkpoint
  };

  // Adds files matching the pattern that are not known yet, in name order.
  Result<bool> scan() {
    auto found = base::regularFilesMatching(m_pattern, "config.path");
    if (!found) return found.error();
    std::lock_guard lock(m_mutex);
    std::set<std::string> known;
    for (const File& f : m_files) known.insert(f.path);
    bool added = false;
    for (std::string& p : *found) {
      if (known.count(p)) continue;
      m_files.push_back({std::move(p), 0});
      added = true;
    }
    return added;
  }

  bool rescanDue() {
    auto now = std::chrono::steady_clock::now();
    if (now - m_lastScan < std::chrono::milliseconds(m_pollMs)) return false;
    m_lastScan = now;
    auto added = scan();
    return added && *added;
  }

  Status openCurrent() {
    File f;
    {
      std::lock_guard lock(m_mutex);
      f = m_files[m_current];
    }
    m_path = f.path;
    m_fd = ::open(f.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (m_fd < 0) {
      if (errno == ENOENT) {  // removed since it was listed: nothing to read
        spdlog::warn("{} disappeared before it was read", f.path);
        ++m_current;
        return {};
      }
      return makeError(ErrorCode::Io, std::string("cannot open: ") + std::strerror(errno), f.path);
    }
    m_buf.clear();
    m_bufPos = 0;
    m_line = 0;
    m_addedNewline = false;
    m_fileOffset = 0;
    m_bufStart = 0;
    if (f.restored > 0) {
      // Count the lines before the resume point so errors keep naming the right line.
      std::string chunk(kReadChunk, '\0');
      std::int64_t done = 0;
      while (done < f.restored) {
        ssize_t n =
            ::read(m_fd, chunk.data(), static_cast<std::size_t>(std::min<std::int64_t>(kReadChunk, f.restored - done)));
        if (n <= 0) break;
        m_line += std::count(chunk.data(), chunk.data() + n, '\n');
        done += n;
      }
      if (done < f.restored)
        spdlog::warn("{} is shorter than its checkpoint ({} < {} bytes); reading from its end", f.path, done,
                     f.restored);
      m_fileOffset = m_bufStart = done;
    }
    m_lineBase = m_line;
    if (m_format == Format::Csv) {
      m_csv = std::make_unique<record::CsvReader>(m_csvOptions);
      if (m_bufStart > 0 && m_csvOptions.header) return readCsvHeader();
    }
    return {};
  }

  void closeCurrent() {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
  }

  // The next complete line; atEof when there is none (yet). A last line
  // without a newline counts only when the file is not followed.
  Status nextLine(std::string_view& line, std::int64_t& offset, bool& atEof) {
    while (true) {
      std::size_t nl = m_buf.find('\n', m_bufPos);
      if (nl != std::string::npos) {
        line = std::string_view(m_buf).substr(m_bufPos, nl - m_bufPos);
        offset = m_bufStart + static_cast<std::int64_t>(m_bufPos);
        m_bufPos = nl + 1;
        m_fileOffset = m_bufStart + static_cast<std::int64_t>(m_bufPos);
        if (m_addedNewline && m_bufPos == m_buf.size()) --m_fileOffset;  // that newline is not in the file
        return {};
      }
      auto more = fill();
      if (!more) return more.error();
      if (*more) continue;
      if (m_follow || m_bufPos >= m_buf.size()) {
        atEof = true;
        return {};
      }
      // Unfollowed file ending without a newline: its tail is the last line.
      m_buf.push_back('\n');
      m_addedNewline = true;
    }
  }

  // Reads more of the current file into m_buf; false at its end.
  Result<bool> fill() {
    if (m_bufPos > 0) {
      m_buf.erase(0, m_bufPos);
      m_bufStart += static_cast<std::int64_t>(m_bufPos);
      m_bufPos = 0;
    }
    if (m_buf.size() > kMaxLine)
      return makeError(ErrorCode::Invalid,
                       "a record is longer than 64 MiB; is this really a " +
                           std::string(m_format == Format::Csv ? "CSV" : "JSON-lines") + " file?",
                       m_path + ":" + std::to_string(m_line + 1));
    std::size_t old = m_buf.size();
    m_buf.resize(old + kReadChunk);
    ssize_t n;
    do n = ::read(m_fd, m_buf.data() + old, kReadChunk);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
      m_buf.resize(old);
      return makeError(ErrorCode::Io, std::string("cannot read: ") + std::strerror(errno), m_path);
    }
    m_buf.resize(old + static_cast<std::size_t>(n));
    return n > 0;
  }

  // The next CSV row (isRow) or header/blank line; bad rows are reported here.
  Status nextCsv(record::Value& row, bool& isRow, std::string_view& text, std::int64_t& offset, std::size_t& lineNo,
                 bool& atEof, runtime::ErrorReporter& errors) {
    bool final = false;
    while (true) {
      std::string_view data = std::string_view(m_buf).substr(m_bufPos);
      lineNo = m_lineBase + m_csv->line();
      auto step = m_csv->next(data, final);
      offset = m_bufStart + static_cast<std::int64_t>(m_bufPos);
      if (!step) {
        std::size_t skip = std::max<std::size_t>(1, std::min(m_csv->skipLength(), data.size()));
        text = data.substr(0, skip);
        m_bufPos += skip;
        m_fileOffset = m_bufStart + static_cast<std::int64_t>(m_bufPos);
        std::string_view raw = text;
        while (!raw.empty() && (raw.back() == '\n' || raw.back() == '\r')) raw.remove_suffix(1);
        errors.reportRaw(raw,
                         makeError(ErrorCode::Invalid, step.error().message, m_path + ":" + std::to_string(lineNo)),
                         {static_cast<std::int32_t>(m_current), offset});
        isRow = false;
        return {};
      }
      if (step->kind != record::CsvReader::StepKind::NeedMore) {
        text = data.substr(0, step->consumed);
        m_bufPos += step->consumed;
        m_fileOffset = m_bufStart + static_cast<std::int64_t>(m_bufPos);
        isRow = step->kind == record::CsvReader::StepKind::Row;
        if (isRow) row = std::move(step->row);
        return {};
      }
      auto more = fill();
      if (!more) return more.error();
      if (*more) continue;
      if (m_follow || m_bufPos >= m_buf.size() || final) {
        atEof = true;
        return {};
      }
      final = true;  // an unfollowed file may end without a line end
    }
  }

  // On resume inside a CSV file: the header names the columns of what follows.
  Status readCsvHeader() {
    record::CsvReader header(m_csvOptions);
    std::string chunk;
    char buf[65536];
    std::int64_t at = 0;
    while (true) {
      ssize_t n = ::pread(m_fd, buf, sizeof buf, at);
      if (n < 0) return makeError(ErrorCode::Io, std::string("cannot read: ") + std::strerror(errno), m_path);
      chunk.append(buf, static_cast<std::size_t>(n));
      at += n;
      auto step = header.next(chunk, n == 0);
      if (!step) return makeError(ErrorCode::Invalid, "cannot read the CSV header: " + step.error().message, m_path);
      if (step->kind == record::CsvReader::StepKind::Header) break;
      if (step->kind == record::CsvReader::StepKind::Blank) {
        chunk.erase(0, step->consumed);
        continue;
      }
      if (n == 0) break;
    }
    m_csv->setColumns(header.columns());
    return {};
  }

  std::string m_pattern;
  Format m_format;
  bool m_follow;
  std::int64_t m_pollMs;
  record::CsvOptions m_csvOptions;
  std::unique_ptr<record::CsvReader> m_csv;
  std::int64_t m_lineBase = 0;  // CSV: lines before the resume point

  mutable std::mutex m_mutex;  // m_files (checkpointState reads it)
  std::vector<File> m_files;

  std::size_t m_current = 0;
  int m_fd = -1;
  std::string m_path;
  std::string m_buf;
  std::size_t m_bufPos = 0;
  std::int64_t m_bufStart = 0;    // file offset of m_buf[0]
  std::int64_t m_fileOffset = 0;  // file offset after the last line handed out
  std::int64_t m_line = 0;        // number of the last line handed out
  bool m_addedNewline = false;
  std::chrono::steady_clock::time_point m_lastScan{};
};

}  // namespace

void registerFileSource(runtime::FactoryRegistry& registry) {
  using model::FieldSpec;
  using model::FieldType;
  runtime::NodeFactory f;
  model::NodeSpec& s = f.spec;
  s.type = "source.file";
  s.category = model::NodeCategory::Source;
  s.title = "File";
  s.icon = "file";
  s.help =
      "Reads records from JSON-lines files (one JSON document per line) or CSV files with a header line. Files "
      "matching a glob are read "
      "in name order. The byte offset in each file is checkpointed, so a restart continues after the last "
      "line every sink has acknowledged. Malformed lines go through the error policy with file:line.";
  s.outputs = {{"out", model::PortKind::Records, {}, true}};
  FieldSpec path;
  path.name = "path";
  path.required = true;
  path.help = "A file or a glob such as \"logs/*.jsonl\"; relative to the working directory.";
  s.fields.push_back(path);
  FieldSpec format;
  format.name = "format";
  format.type = FieldType::Enum;
  format.help =
      "jsonl: one JSON document per line. csv: a header line naming the columns, then one record per "
      "line. parquet: whole Parquet files, one record per row (as source.parquet; no follow).";
  format.allowed = {"jsonl", "csv", "parquet"};
  format.defaultValue = "jsonl";
  s.fields.push_back(format);
  FieldSpec follow;
  follow.name = "follow";
  follow.type = FieldType::Bool;
  follow.help =
      "Keep reading data appended to the last file and files that appear later (like tail -F); "
      "without it the source ends at the end of the last file and the pipeline stops.";
  follow.defaultValue = false;
  s.fields.push_back(follow);
  FieldSpec poll;
  poll.name = "poll_interval";
  poll.type = FieldType::Duration;
  poll.help = "With follow: how often to look for new data and new files.";
  poll.defaultValue = "500ms";
  poll.min = 10;
  poll.max = 3600000;
  poll.advanced = true;
  s.fields.push_back(poll);

  FieldSpec delimiter;
  delimiter.name = "csv_delimiter";
  delimiter.help = "CSV: the character between fields; \"tab\" for tab-separated files.";
  delimiter.defaultValue = ",";
  delimiter.advanced = true;
  s.fields.push_back(delimiter);
  FieldSpec header;
  header.name = "csv_header";
  header.type = FieldType::Bool;
  header.help = "CSV: the first line names the columns. Without it the columns are called c1, c2, ...";
  header.defaultValue = true;
  header.advanced = true;
  s.fields.push_back(header);

  f.source = [](const runtime::NodeContext& ctx) -> Result<std::unique_ptr<runtime::Source>> {
    runtime::NodeConfig config(ctx.config);
    std::string path = config.optionalText("path");
    Format format = config.text("format") == "csv" ? Format::Csv : Format::JsonLines;
    std::string delimiter = config.text("csv_delimiter");
    bool header = config.boolean("csv_header");
    std::int64_t pollMs = config.durationMs("poll_interval");
    bool follow = config.boolean("follow");
    if (Status s = config.status(); !s) return s.error();
    if (path.empty()) return makeError(ErrorCode::Invalid, "\"path\" is required", "config.path");
    if (config.text("format") == "parquet") {
      // Parquet files are read whole (their footer comes last): nothing to follow.
      if (follow)
        return makeError(ErrorCode::Invalid, "follow is not possible with format parquet (files are read whole)",
                         "config.follow");
      return makeParquetSource(ctx.resolvePath(path).string());
    }
    record::CsvOptions csv;
    if (delimiter == "\\t" || delimiter == "tab") delimiter = "\t";
    if (delimiter.size() != 1)
      return makeError(ErrorCode::Invalid, "the delimiter must be one character (or \"tab\")", "config.csv_delimiter");
    csv.delimiter = delimiter[0];
    csv.header = header;
    return std::unique_ptr<runtime::Source>(
        std::make_unique<FileSource>(ctx.resolvePath(path).string(), format, follow, pollMs, csv));
  };
  registry.add(std::move(f));
}

}  // namespace tributary::connectors
