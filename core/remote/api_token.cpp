#include "core/remote/api_token.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include "core/base/files.h"

namespace tributary::remote {

Result<std::string> randomHex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  std::size_t done = 0;
  while (done < bytes) {
    ssize_t n = ::getrandom(raw.data() + done, bytes - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return makeError(ErrorCode::Internal, std::string("no random bytes from the kernel: ") + std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(bytes * 2);
  for (unsigned char c : raw) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

bool tokensEqual(std::string_view expected, std::string_view given) {
  // Walk the expected token whole whatever `given` holds; a length mismatch
  // is folded into the result instead of returning early.
  unsigned char diff = expected.size() == given.size() ? 0 : 1;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    unsigned char g = i < given.size() ? static_cast<unsigned char>(given[i]) : 0;
    diff |= static_cast<unsigned char>(expected[i]) ^ g;
  }
  // Keep the compiler from turning the loop into an early exit.
  volatile unsigned char result = diff;
  return result == 0 && !expected.empty();
}

namespace {
std::string trim(std::string s) {
  auto notSpace = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), notSpace));
  s.erase(std::find_if(s.rbegin(), s.rend(), notSpace).base(), s.end());
  return s;
}
}  // namespace

Status writePrivateFile(const std::filesystem::path& file, std::string_view contents) {
  std::error_code ec;
  if (file.has_parent_path() && !std::filesystem::exists(file.parent_path(), ec)) {
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec) return makeError(ErrorCode::Io, "cannot create the folder: " + ec.message(), file.parent_path().string());
    std::filesystem::permissions(file.parent_path(), std::filesystem::perms::owner_all, ec);
  }
  auto suffix = randomHex(6);
  if (!suffix) return suffix.error();
  std::filesystem::path temp = file;
  temp += ".tmp-" + *suffix;
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return makeError(ErrorCode::Io, std::string("cannot create the file: ") + std::strerror(errno), temp.string());
  bool ok = ::write(fd, contents.data(), contents.size()) == static_cast<ssize_t>(contents.size()) && ::fsync(fd) == 0;
  int saved = errno;
  ::close(fd);
  if (ok && ::rename(temp.c_str(), file.c_str()) != 0) {
    ok = false;
    saved = errno;
  }
  if (!ok) {
    std::filesystem::remove(temp, ec);
    return makeError(ErrorCode::Io, std::string("cannot write the file: ") + std::strerror(saved), file.string());
  }
  return {};
}

Result<TokenFile> loadOrCreateToken(const std::filesystem::path& file) {
  TokenFile out;
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) {
    auto text = base::readFile(file, 4096);
    if (!text) return text.error();
    out.token = trim(*text);
    if (out.token.empty())
      return makeError(ErrorCode::Invalid, "the token file is empty; put a token in it or remove it to get a new one",
                       file.string());
    if (out.token.size() < 16)
      return makeError(ErrorCode::Invalid, "the token is shorter than 16 characters; use a longer one", file.string());
    struct stat st {};
    if (::stat(file.c_str(), &st) == 0 && (st.st_mode & 077) != 0)
      out.warning = file.string() + " is readable by other users; chmod 600 it";
    return out;
  }
  if (file.has_parent_path() && !std::filesystem::exists(file.parent_path(), ec)) {
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec) return makeError(ErrorCode::Io, "cannot create the folder: " + ec.message(), file.parent_path().string());
    std::filesystem::permissions(file.parent_path(), std::filesystem::perms::owner_all, ec);
  }
  auto token = randomHex(32);
  if (!token) return token.error();
  // O_EXCL: never overwrite a token someone else just wrote; 0600 from the start, not chmod afterwards.
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return makeError(ErrorCode::Io, std::string("cannot create the token file: ") + std::strerror(errno), file.string());
  std::string text = *token + "\n";
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  int saved = errno;
  ::close(fd);
  if (!ok) {
    std::filesystem::remove(file, ec);
    return makeError(ErrorCode::Io, std::string("cannot write the token file: ") + std::strerror(saved), file.string());
  }
  out.token = *token;
  out.created = true;
  return out;
}

}  // namespace tributary::remote
