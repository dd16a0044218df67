#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/connectors/lake/lake_storage.h"

namespace tributary::connectors::lake {
namespace {

namespace fs = std::filesystem;

Status ioError(const std::string& what, const std::string& path) {
  return makeError(ErrorCode::Io, what + ": " + std::strerror(errno), path);
}

Status syncPath(const fs::path& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return ioError("cannot open to sync", path.string());
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return ioError("cannot sync", path.string());
  return {};
}

// Creates `dir` and missing parents, syncing each parent that gained an entry
// so the new folders survive a power cut along with the file.
Status makeFolders(const fs::path& dir) {
  if (fs::is_directory(dir)) return {};
  if (dir.has_parent_path() && dir.parent_path() != dir)
    if (Status s = makeFolders(dir.parent_path()); !s) return s;
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) return ioError("cannot create folder", dir.string());
  return syncPath(dir.parent_path(), O_RDONLY | O_DIRECTORY);
}

}  // namespace

Status LocalStorage::check() {
  if (m_root.empty()) return makeError(ErrorCode::Invalid, "\"path\" is required", "config.path");
  if (Status s = makeFolders(fs::path(m_root)); !s) return s;
  if (::access(m_root.c_str(), W_OK) != 0) return ioError("cannot write into the lake folder", m_root);
  return {};
}

namespace {

// A fixed temporary name per file: a crash leaves at most one, which the replay overwrites.
fs::path tempPath(const fs::path& target) { return target.parent_path() / ("." + target.filename().string() + ".tmp"); }

// Writes `bytes` to `temp`; with `startWriteback` the kernel starts writing
// them to the disk at once (sync_file_range), so a later fsync finds them on
// their way instead of starting one slow device write per file.
Status writeTemp(const fs::path& temp, std::string_view bytes, bool startWriteback) {
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ioError("cannot create", temp.string());
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      Status err = ioError("cannot write", temp.string());
      ::close(fd);
      ::unlink(temp.c_str());
      return err;
    }
    done += static_cast<std::size_t>(n);
  }
  if (startWriteback) ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);  // a hint: failures show in the fsync
  if (::close(fd) != 0) return ioError("cannot close", temp.string());
  return {};
}

Status renameIntoPlace(const fs::path& temp, const fs::path& target) {
  if (::rename(temp.c_str(), target.c_str()) != 0) return ioError("cannot rename into place", target.string());
  return {};
}

fs::path lastPath(const fs::path& target) { return target.parent_path() / ("." + target.filename().string() + ".last"); }

}  // namespace

Status LocalStorage::put(const std::string& key, std::string_view bytes, std::int64_t lastOffset) {
  std::size_t stored = 0;
  return putAll({File{key, bytes, lastOffset}}, stored);
}

// Two passes: first every file's bytes under its temporary name (writeback
// started), then, in order, each one synced and renamed. Syncing a file
// whose data is already being written costs one short wait instead of a
// whole device write, and with the storing thread behind (slow syncs) the
// passes cover more files at once.
Status LocalStorage::putAll(const std::vector<File>& files, std::size_t& stored) {
  stored = 0;
  std::vector<fs::path> targets;
  targets.reserve(files.size());
  Status written;  // the first file that could not be written stops the rest; the ones before it are stored
  for (const File& f : files) {
    fs::path target = fs::path(m_root) / std::string(f.key);
    written = makeFolders(target.parent_path());
    if (written) written = writeTemp(tempPath(target), f.bytes, true);
    if (!written) break;
    targets.push_back(std::move(target));
  }
  // Folders holding renamed files whose rename is not yet synced (the files from `stored` on).
  std::vector<fs::path> unsynced;
  auto syncFolders = [&](std::size_t upTo) -> Status {
    for (const fs::path& dir : unsynced)
      if (Status s = syncPath(dir, O_RDONLY | O_DIRECTORY); !s) return s;
    unsynced.clear();
    stored = upTo;
    return {};
  };
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const fs::path& target = targets[i];
    fs::path dir = target.parent_path();
    // Renames into one folder reach the disk in order, renames into two folders need not:
    // the files before this one are made durable first when it goes elsewhere.
    if (!unsynced.empty() && unsynced.back() != dir)
      if (Status s = syncFolders(i); !s) return s;
    // The marker first, renamed into the same folder before the file: the
    // folder sync after the file's rename makes both durable (renames in one
    // folder are journaled in order). It is not synced itself: a marker a power
    // cut left empty reads as missing, and the file is then counted instead.
    fs::path marker = lastPath(target);
    if (Status s = writeTemp(tempPath(marker), std::to_string(files[i].lastOffset), false); !s) return s;
    if (Status s = renameIntoPlace(tempPath(marker), marker); !s) return s;
    if (Status s = syncPath(tempPath(target), O_RDONLY); !s) return s;
    if (Status s = renameIntoPlace(tempPath(target), target); !s) return s;
    if (unsynced.empty()) unsynced.push_back(dir);
  }
  if (Status s = syncFolders(targets.size()); !s) return s;
  return written;
}

Result<std::optional<std::int64_t>> LocalStorage::lastOffset(const std::string& key) {
  fs::path path = lastPath(fs::path(m_root) / key);
  std::ifstream in(path);
  if (!in) return std::optional<std::int64_t>();
  long long v = 0;
  if (!(in >> v)) return std::optional<std::int64_t>();  // cut by a power loss: count the file instead
  return std::optional<std::int64_t>(v);
}

Result<std::vector<std::string>> LocalStorage::list(const std::string& prefix) {
  std::vector<std::string> keys;
  // The prefix ends in a folder name + '/': walk that folder.
  fs::path start = fs::path(m_root) / prefix;
  std::error_code ec;
  if (!fs::exists(start, ec)) return keys;
  for (fs::recursive_directory_iterator it(start, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::string name = it->path().filename().string();
    if (!name.empty() && name[0] == '.') continue;  // temporary files
    keys.push_back(fs::relative(it->path(), m_root).generic_string());
  }
  if (ec) return makeError(ErrorCode::Io, "cannot list: " + ec.message(), start.string());
  return keys;
}

Result<std::string> LocalStorage::get(const std::string& key) {
  fs::path path = fs::path(m_root) / key;
  std::ifstream in(path, std::ios::binary);
  if (!in) return makeError(ErrorCode::Io, "cannot read", path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace tributary::connectors::lake
