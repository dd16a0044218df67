#include "widgets/runners/runner_store.h"

#include <QSettings>

#include "core/base/log.h"
#include "core/model/secrets.h"
#include "core/remote/api_token.h"
#include "widgets/document/qt_json.h"

namespace tributary::widgets {
namespace {

const QString kKey = QStringLiteral("runners/list");
const std::string kFilePrefix = "${file:";

}  // namespace

QList<RunnerRecord> RunnerStore::load() {
  QList<RunnerRecord> out;
  QSettings settings;
  int n = settings.beginReadArray(kKey);
  for (int i = 0; i < n; ++i) {
    settings.setArrayIndex(i);
    RunnerRecord r{settings.value(QStringLiteral("url")).toString(), settings.value(QStringLiteral("token")).toString()};
    // Only references were ever written; anything else is ignored rather than sent.
    if (!r.url.isEmpty() && (r.token.isEmpty() || isReference(r.token))) out.append(r);
  }
  settings.endArray();
  return out;
}

void RunnerStore::save(const QList<RunnerRecord>& runners) {
  QSettings settings;
  settings.remove(kKey);
  settings.beginWriteArray(kKey);
  int i = 0;
  for (const RunnerRecord& r : runners) {
    if (!r.token.isEmpty() && !isReference(r.token)) continue;  // never a token in plain text
    settings.setArrayIndex(i++);
    settings.setValue(QStringLiteral("url"), r.url);
    settings.setValue(QStringLiteral("token"), r.token);
  }
  settings.endArray();
}

std::filesystem::path RunnerStore::tokenDir() {
  return log::stateDirectory() / "runner-tokens";
}

bool RunnerStore::isReference(const QString& token) {
  auto refs = model::findSecretRefs(token.toStdString());
  return refs && !refs->empty();
}

Result<QString> RunnerStore::storeToken(const QString& url, const QString& token) {
  if (token.isEmpty() || isReference(token)) return token;
  if (auto refs = model::findSecretRefs(token.toStdString()); !refs)
    return makeError(ErrorCode::Invalid, "the token: " + refs.error().message);
  // <host_port>-<hash of the URL>.token: readable, one per runner.
  std::string safe;
  for (QChar c : url.section(QStringLiteral("://"), 1))
    safe.push_back(c.isLetterOrNumber() || c == QLatin1Char('.') || c == QLatin1Char('-') ? static_cast<char>(c.toLatin1())
                                                                                          : '_');
  std::uint32_t h = 2166136261u;
  for (unsigned char c : url.toStdString()) h = (h ^ c) * 16777619u;
  char hash[9];
  std::snprintf(hash, sizeof hash, "%08x", h);
  std::filesystem::path file = tokenDir() / (safe.substr(0, 80) + "-" + hash + ".token");
  if (Status s = remote::writePrivateFile(file, token.toStdString() + "\n"); !s) return s.error();
  return toQt(kFilePrefix + file.string() + "}");
}

void RunnerStore::forgetToken(const QString& reference) {
  std::string ref = reference.toStdString();
  if (ref.rfind(kFilePrefix, 0) != 0 || ref.back() != '}') return;
  std::filesystem::path file = ref.substr(kFilePrefix.size(), ref.size() - kFilePrefix.size() - 1);
  if (file.parent_path() != tokenDir()) return;  // not ours: leave it
  std::error_code ec;
  std::filesystem::remove(file, ec);
}

Result<std::string> RunnerStore::resolveToken(const QString& token) {
  if (!isReference(token)) return token.toStdString();
  auto value = model::resolveSecretsIn(token.toStdString(), model::SecretSource::system());
  if (!value) return makeError(ErrorCode::Invalid, "the runner's token: " + value.error().message);
  return *value;
}

}  // namespace tributary::widgets
