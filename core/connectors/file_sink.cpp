// sink.file: writes records as JSON lines (the record's value, one per line),
// rotating by size and age, with a choice of fsync policy. A batch is written
// with one write(2) before it is acknowledged, so a killed process loses
// nothing it acknowledged; `fsync: always` extends that to power loss.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

#include <spdlog/spdlog.h>

#include "core/connectors/registration.h"
#include "core/record/json.h"
#include "core/base/units.h"
#include "core/runtime/node_config.h"

namespace tributary::connectors {
namespace {

enum class SyncPolicy { None, Interval, Always };

Status ioError(const std::string& what, const std::filesystem::path& path) {
  return makeError(ErrorCode::Io, what + ": " + std::strerror(errno), path.string());
}

class FileSink final : public runtime::Sink {
 public:
  FileSink(std::filesystem::path path, std::int64_t rotateBytes, std::int64_t rotateMs, SyncPolicy sync,
           std::int64_t syncMs)
      : m_path(std::move(path)), m_rotateBytes(rotateBytes), m_rotateMs(rotateMs), m_sync(sync), m_syncMs(syncMs) {}
  ~FileSink() override { close(); }

  Status open(runtime::ErrorReporter&) override { return openFile(); }

  Result<std::uint64_t> write(const record::Batch& batch, runtime::ErrorReporter&) override {
    m_buffer.clear();
    for (const record::Record& r : batch) {
      record::appendJson(r.value, m_buffer);
      m_buffer.push_back('\n');
    }
    if (m_fd < 0)
      if (Status s = openFile(); !s) return s.error();
    if (rotationDue(m_buffer.size()))
      if (Status s = rotate(); !s) return s.error();
    std::size_t done = 0;
    while (done < m_buffer.size()) {
      ssize_t n = ::write(m_fd, m_buffer.data() + done, m_buffer.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        Status err = ioError("cannot write", m_path);
        // Leave no torn line behind: the batch is retried whole.
        if (m_regular && ::ftruncate(m_fd, static_cast<off_t>(m_size)) != 0) {
          spdlog::warn("cannot cut a partly written batch from {}", m_path.string());
        }
        closeFd();
        return err.error();
      }
      done += static_cast<std::size_t>(n);
    }
    m_size += m_buffer.size();
    auto now = std::chrono::steady_clock::now();
    if (m_sync == SyncPolicy::Always ||
        (m_sync == SyncPolicy::Interval && now - m_lastSync >= std::chrono::milliseconds(m_syncMs))) {
      if (::fdatasync(m_fd) != 0 && m_regular) return ioError("cannot sync", m_path).error();
      m_lastSync = now;
    }
    return static_cast<std::uint64_t>(m_buffer.size());
  }

  Status flush() override {
    if (m_fd >= 0 && m_sync != SyncPolicy::None && ::fdatasync(m_fd) != 0 && m_regular)
      return ioError("cannot sync", m_path);
    return {};
  }

  void close() override { closeFd(); }

 private:
  Status openFile() {
    std::error_code ec;
    if (m_path.has_parent_path()) std::filesystem::create_directories(m_path.parent_path(), ec);
    // Read access too: a torn last line left by a crash is found by reading the end.
    m_fd = ::open(m_path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (m_fd < 0) m_fd = ::open(m_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (m_fd < 0) return ioError("cannot open for writing", m_path);
    struct stat st {};
    ::fstat(m_fd, &st);
    m_regular = S_ISREG(st.st_mode);
    m_size = m_regular ? static_cast<std::uint64_t>(st.st_size) : 0;
    m_opened = std::chrono::steady_clock::now();
    m_lastSync = m_opened;
    if (m_regular && m_size > 0) return cutTornLine();
    return {};
  }

  // A process killed in the middle of a write may leave half a line at the
  // end; the records in it were not acknowledged and come again, so cut it.
  Status cutTornLine() {
    char last = 0;
    if (::pread(m_fd, &last, 1, static_cast<off_t>(m_size - 1)) != 1) return ioError("cannot read", m_path);
    if (last == '\n') return {};
    std::uint64_t end = m_size;
    char buf[4096];
    while (end > 0) {
      std::uint64_t start = end > sizeof buf ? end - sizeof buf : 0;
      ssize_t n = ::pread(m_fd, buf, end - start, static_cast<off_t>(start));
      if (n <= 0) return ioError("cannot read", m_path);
      const void* nl = memrchr(buf, '\n', static_cast<std::size_t>(n));
      if (nl) {
        end = start + static_cast<std::uint64_t>(static_cast<const char*>(nl) - buf) + 1;
        break;
      }
      end = start;
    }
    spdlog::warn("{} ended with a partly written line ({} bytes); removed it (its records are written again)",
                 m_path.string(), m_size - end);
    if (::ftruncate(m_fd, static_cast<off_t>(end)) != 0) return ioError("cannot truncate", m_path);
    m_size = end;
    return {};
  }

  bool rotationDue(std::size_t incoming) const {
    if (!m_regular || m_size == 0) return false;
    if (m_rotateBytes > 0 && m_size + incoming > static_cast<std::uint64_t>(m_rotateBytes)) return true;
    if (m_rotateMs > 0 && std::chrono::steady_clock::now() - m_opened >= std::chrono::milliseconds(m_rotateMs))
      return true;
    return false;
  }

  // out.jsonl -> out-20240101T120000Z.jsonl (-1, -2, ... when that exists), then a fresh out.jsonl.
  Status rotate() {
    if (m_sync != SyncPolicy::None) ::fdatasync(m_fd);
    closeFd();
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    std::string stem = m_path.stem().string(), ext = m_path.extension().string();
    std::filesystem::path target;
    for (int i = 0;; ++i) {
      target = m_path.parent_path() / (stem + "-" + stamp + (i ? "-" + std::to_string(i) : "") + ext);
      if (!std::filesystem::exists(target)) break;
    }
    std::error_code ec;
    std::filesystem::rename(m_path, target, ec);
    if (ec)
      return makeError(ErrorCode::Io, "cannot rotate to " + target.string() + ": " + ec.message(), m_path.string());
    spdlog::info("rotated {} to {}", m_path.string(), target.string());
    return openFile();
  }

  void closeFd() {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
  }

  std::filesystem::path m_path;
  std::int64_t m_rotateBytes;
  std::int64_t m_rotateMs;
  SyncPolicy m_sync;
  std::int64_t m_syncMs;
  int m_fd = -1;
  bool m_regular = true;
  std::uint64_t m_size = 0;
  std::chrono::steady_clock::time_point m_opened, m_lastSync;
  std::string m_buffer;
};

}  // namespace

void registerFileSink(runtime::FactoryRegistry& registry) {
  using model::FieldSpec;
  using model::FieldType;
  runtime::NodeFactory f;
  model::NodeSpec& s = f.spec;
  s.type = "sink.file";
  s.category = model::NodeCategory::Sink;
  s.title = "File";
  s.icon = "file";
  s.help =
      "Appends records to a JSON-lines file, one record value per line. Rotates the file by size or age "
      "(the full file is renamed to name-YYYYMMDDTHHMMSSZ.ext and a new one started). A batch counts as "
      "delivered once it is written to the file (and synced, with fsync \"always\").";
  s.inputs = {{"in",
               model::PortKind::Records,
               {model::PortKind::Records, model::PortKind::Changes, model::PortKind::Any},
               true}};
  FieldSpec path;
  path.name = "path";
  path.required = true;
  path.help = "The file to append to; relative to the working directory. Missing folders are created.";
  s.fields.push_back(path);
  FieldSpec size;
  size.name = "rotate_size";
  size.type = FieldType::Size;
  size.help = "Start a new file when the current one would grow beyond this size, e.g. \"100MB\"; 0 never.";
  size.defaultValue = 0;
  size.min = 0;
  s.fields.push_back(size);
  FieldSpec age;
  age.name = "rotate_interval";
  age.type = FieldType::Duration;
  age.help = "Start a new file when the current one is this old, e.g. \"1h\"; 0 never.";
  age.defaultValue = 0;
  age.min = 0;
  s.fields.push_back(age);
  FieldSpec sync;
  sync.name = "fsync";
  sync.type = FieldType::Enum;
  sync.help =
      "When to force written data to disk. \"always\": before every batch is acknowledged (survives a power "
      "cut, slower); \"interval\": at most every fsync_interval (a crashed process loses nothing, a power cut "
      "may lose the last interval); \"none\": leave it to the operating system.";
  sync.allowed = {"always", "interval", "none"};
  sync.defaultValue = "interval";
  s.fields.push_back(sync);
  FieldSpec syncInterval;
  syncInterval.name = "fsync_interval";
  syncInterval.type = FieldType::Duration;
  syncInterval.help = "With fsync \"interval\": the longest time between two syncs.";
  syncInterval.defaultValue = "1s";
  syncInterval.min = 1;
  syncInterval.max = 3600000;
  syncInterval.advanced = true;
  s.fields.push_back(syncInterval);

  f.sink = [](const runtime::NodeContext& ctx) -> Result<std::unique_ptr<runtime::Sink>> {
    runtime::NodeConfig config(ctx.config);
    std::string path = config.optionalText("path");
    std::string sync = config.text("fsync");
    auto bytes = config.sizeBytes("rotate_size");
    auto ms = config.durationMs("rotate_interval");
    auto syncMs = config.durationMs("fsync_interval");
    if (Status s = config.status(); !s) return s.error();
    if (path.empty()) return makeError(ErrorCode::Invalid, "\"path\" is required", "config.path");
    SyncPolicy policy = sync == "always" ? SyncPolicy::Always
                        : sync == "none" ? SyncPolicy::None
                                         : SyncPolicy::Interval;
    return std::unique_ptr<runtime::Sink>(std::make_unique<FileSink>(ctx.resolvePath(path), bytes, ms, policy, syncMs));
  };
  registry.add(std::move(f));
}

}  // namespace tributary::connectors
