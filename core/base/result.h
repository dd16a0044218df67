#pragma once
// Errors as values. Core code returns Result<T>; exceptions are reserved for
// programming errors and never cross a thread or library boundary.

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace tributary {

// What kind of failure, so callers can decide (retry a transient error, show a
// config error next to its field, ...) without parsing messages.
enum class ErrorCode {
  Invalid,      // bad input: config, file content, record
  NotFound,     // a file, topic, table or node that does not exist
  Io,           // reading or writing a file failed
  Unavailable,  // a server could not be reached; worth retrying
  Unsupported,  // asked for something this build or version cannot do
  Internal,     // a bug of ours
};

// A failure a person can act on: `message` says what went wrong and what to do,
// `where` names the config path, file position or record position involved.
struct Error {
  ErrorCode code = ErrorCode::Invalid;
  std::string message;
  std::string where;

  std::string toString() const { return where.empty() ? message : where + ": " + message; }
};

inline Error makeError(ErrorCode code, std::string message, std::string where = {}) {
  return Error{code, std::move(message), std::move(where)};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_state(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Error error) : m_state(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return m_state.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(m_state); }
  const T& value() const& { assert(ok()); return std::get<0>(m_state); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(m_state)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { assert(!ok()); return std::get<1>(m_state); }

 private:
  std::variant<T, Error> m_state;
};

// Result of an operation that yields nothing but may fail.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : m_error(std::move(error)), m_failed(true) {}  // NOLINT(google-explicit-constructor)
  static Status success() { return {}; }

  bool ok() const { return !m_failed; }
  explicit operator bool() const { return ok(); }
  const Error& error() const { assert(m_failed); return m_error; }

 private:
  Error m_error;
  bool m_failed = false;
};

}  // namespace tributary
