#include "core/base/files.h"

#include <fcntl.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace tributary::base {

Status writeFileAtomically(const std::filesystem::path& path, std::string_view contents) {
  std::filesystem::path dir = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  std::string tmpl = (dir / ("." + path.filename().string() + ".XXXXXX")).string();
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0)
    return makeError(ErrorCode::Io, std::string("cannot create a file: ") + std::strerror(errno), dir.string());
  auto fail = [&](const char* what) {
    Error error = makeError(ErrorCode::Io, std::string(what) + ": " + std::strerror(errno), path.string());
    ::close(fd);
    ::unlink(tmpl.c_str());
    return error;
  };
  std::size_t written = 0;
  while (written < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("cannot write");
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fchmod(fd, 0644) != 0 || ::fsync(fd) != 0) return fail("cannot flush");
  if (::close(fd) != 0) {
    ::unlink(tmpl.c_str());
    return makeError(ErrorCode::Io, std::string("cannot write: ") + std::strerror(errno), path.string());
  }
  if (::rename(tmpl.c_str(), path.c_str()) != 0) {
    Error error = makeError(ErrorCode::Io, std::string("cannot replace: ") + std::strerror(errno), path.string());
    ::unlink(tmpl.c_str());
    return error;
  }
  // Make the rename itself durable.
  if (int dirFd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY); dirFd >= 0) {
    ::fsync(dirFd);
    ::close(dirFd);
  }
  return {};
}

Result<std::string> readFile(const std::filesystem::path& path, std::size_t maxBytes) {
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) return makeError(ErrorCode::NotFound, "no such file", path.string());
  if (std::filesystem::is_directory(status)) return makeError(ErrorCode::Io, "is a folder, not a file", path.string());
  auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > maxBytes)
    return makeError(ErrorCode::Invalid,
                     "the file is " + std::to_string(size) + " bytes; the limit is " + std::to_string(maxBytes),
                     path.string());
  std::ifstream in(path, std::ios::binary);
  if (!in) return makeError(ErrorCode::Io, std::string("cannot read: ") + std::strerror(errno), path.string());
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return makeError(ErrorCode::Io, "read error", path.string());
  return text;
}

Result<std::vector<std::string>> regularFilesMatching(const std::string& pattern, const std::string& where) {
  glob_t g{};
  int rc = ::glob(pattern.c_str(), 0, nullptr, &g);  // sorted by name
  std::vector<std::string> found;
  if (rc == 0)
    for (std::size_t i = 0; i < g.gl_pathc; ++i) {
      struct stat st {};
      if (::stat(g.gl_pathv[i], &st) == 0 && S_ISREG(st.st_mode)) found.emplace_back(g.gl_pathv[i]);
    }
  globfree(&g);
  if (rc != 0 && rc != GLOB_NOMATCH)
    return makeError(ErrorCode::Io, "cannot list files matching \"" + pattern + "\"", where);
  return found;
}

}  // namespace tributary::base
