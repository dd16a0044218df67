#pragma once
// RunnerStore: the runners the Runners panel knows, kept across restarts.
// QSettings ("runners/list") holds each runner's URL and its token
// *as a reference* — never the token itself:
//   - a token typed as ${env:NAME} or ${file:/path} is stored as written;
//   - a token typed as such goes into a file only the owner can read
//     (<state dir>/runner-tokens/<host_port>-<hash>.token, mode 0600, folder
//     0700), and the setting holds ${file:<that path>}.
// References are resolved when a request is made (worker threads).
//
// Threads: load()/save() on the GUI thread (QSettings); storeToken(),
// forgetToken() and resolveToken() do file I/O and run on worker threads.

#include <filesystem>
#include <string>

#include <QList>
#include <QString>

#include "core/base/result.h"

namespace tributary::widgets {

struct RunnerRecord {
  QString url;
  QString token;  // a secret reference (${file:...}, ${env:...})
  bool operator==(const RunnerRecord&) const = default;
};

class RunnerStore {
 public:
  static QList<RunnerRecord> load();
  static void save(const QList<RunnerRecord>& runners);

  // Where typed tokens are kept (default <state dir>/runner-tokens).
  static std::filesystem::path tokenDir();
  // True when `token` is written as secret references (stored as it is).
  static bool isReference(const QString& token);
  // What to store for the token the user gave for `url`: a reference as it
  // is, or a literal token written to a private file and that file's reference.
  static Result<QString> storeToken(const QString& url, const QString& token);
  // Removes the file behind `reference` when it is one of ours.
  static void forgetToken(const QString& reference);
  // The token to send: references resolved, a literal as it is.
  static Result<std::string> resolveToken(const QString& token);
};

}  // namespace tributary::widgets
