#include "widgets/browser/cluster_store.h"

#include <QSettings>
#include <QStringList>

#include "core/model/secrets.h"

namespace tributary::widgets {

ClusterEntry ClusterStore::local() {
  ClusterEntry e{QStringLiteral("Local"), QStringLiteral("embedded"), {}};
  e.schemaRegistry = QStringLiteral("embedded");  // the embedded broker serves one
  return e;
}

QList<ClusterEntry> ClusterStore::load() {
  QList<ClusterEntry> out{local()};
  QSettings settings;
  int n = settings.beginReadArray(QStringLiteral("topicBrowser/clusters"));
  for (int i = 0; i < n; ++i) {
    settings.setArrayIndex(i);
    ClusterEntry e;
    e.name = settings.value(QStringLiteral("name")).toString();
    e.bootstrap = settings.value(QStringLiteral("bootstrap")).toString();
    const QStringList props = settings.value(QStringLiteral("properties")).toStringList();
    for (const QString& p : props) {
      qsizetype eq = p.indexOf(QLatin1Char('='));
      if (eq > 0) e.properties.append({p.left(eq), p.mid(eq + 1)});
    }
    e.schemaRegistry = settings.value(QStringLiteral("schemaRegistry")).toString();
    e.schemaRegistryUser = settings.value(QStringLiteral("schemaRegistryUser")).toString();
    e.schemaRegistryPassword = settings.value(QStringLiteral("schemaRegistryPassword")).toString();
    if (!e.name.isEmpty() && !e.bootstrap.isEmpty() && !e.builtIn()) out.append(e);
  }
  settings.endArray();
  return out;
}

void ClusterStore::save(const QList<ClusterEntry>& clusters) {
  QSettings settings;
  settings.remove(QStringLiteral("topicBrowser/clusters"));
  settings.beginWriteArray(QStringLiteral("topicBrowser/clusters"));
  int i = 0;
  for (const ClusterEntry& e : clusters) {
    if (e.builtIn()) continue;
    settings.setArrayIndex(i++);
    settings.setValue(QStringLiteral("name"), e.name);
    settings.setValue(QStringLiteral("bootstrap"), e.bootstrap);
    QStringList props;
    for (const auto& [k, v] : e.properties) props << k + QLatin1Char('=') + v;
    settings.setValue(QStringLiteral("properties"), props);
    // As written: the password is a secret reference, never the secret.
    settings.setValue(QStringLiteral("schemaRegistry"), e.schemaRegistry);
    settings.setValue(QStringLiteral("schemaRegistryUser"), e.schemaRegistryUser);
    settings.setValue(QStringLiteral("schemaRegistryPassword"), e.schemaRegistryPassword);
  }
  settings.endArray();
}

Result<kafka::ClusterConfig> ClusterStore::resolve(const ClusterEntry& entry) {
  kafka::ClusterConfig config;
  config.name = entry.name.toStdString();
  auto source = model::SecretSource::system();
  auto bootstrap = model::resolveSecretsIn(entry.bootstrap.toStdString(), source);
  if (!bootstrap) return makeError(ErrorCode::Invalid, "bootstrap servers: " + bootstrap.error().message, "bootstrap");
  config.bootstrap = *bootstrap;
  for (const auto& [k, v] : entry.properties) {
    auto value = model::resolveSecretsIn(v.toStdString(), source);
    if (!value)
      return makeError(ErrorCode::Invalid, "property " + k.toStdString() + ": " + value.error().message,
                       k.toStdString());
    config.properties[k.toStdString()] = *value;
  }
  config.schemaRegistry = entry.schemaRegistry.trimmed().toStdString();
  auto user = model::resolveSecretsIn(entry.schemaRegistryUser.toStdString(), source);
  if (!user)
    return makeError(ErrorCode::Invalid, "schema registry user: " + user.error().message, "schemaRegistryUser");
  auto password = model::resolveSecretsIn(entry.schemaRegistryPassword.toStdString(), source);
  if (!password)
    return makeError(ErrorCode::Invalid, "schema registry password: " + password.error().message,
                     "schemaRegistryPassword");
  config.schemaRegistryUser = *user;
  config.schemaRegistryPassword = *password;
  return config;
}

Status ClusterStore::checkRegistry(const ClusterEntry& entry) {
  const QString url = entry.schemaRegistry.trimmed();
  if (!url.isEmpty() && url != QLatin1String("embedded") && !url.startsWith(QLatin1String("http://")) &&
      !url.startsWith(QLatin1String("https://")))
    return makeError(ErrorCode::Invalid,
                     "schema registry: \"" + url.toStdString() + "\" is not a URL (http://host:port) nor \"embedded\"",
                     "schemaRegistry");
  if (url.isEmpty() && (!entry.schemaRegistryUser.isEmpty() || !entry.schemaRegistryPassword.isEmpty()))
    return makeError(ErrorCode::Invalid, "schema registry: a user or password is set but no URL", "schemaRegistry");
  for (const QString& v : {entry.schemaRegistryUser, entry.schemaRegistryPassword})
    if (auto refs = model::findSecretRefs(v.toStdString()); !refs)
      return makeError(ErrorCode::Invalid, "schema registry: " + refs.error().message, "schemaRegistry");
  const QString pw = entry.schemaRegistryPassword.trimmed();
  if (!pw.isEmpty() && !(pw.startsWith(QLatin1String("${")) && pw.endsWith(QLatin1Char('}'))))
    return makeError(ErrorCode::Invalid,
                     "schema registry password: write it as a secret reference, ${env:NAME} or ${file:/path} "
                     "(it is stored as that reference, never in clear)",
                     "schemaRegistryPassword");
  return {};
}

QString ClusterStore::propertiesText(const ClusterEntry& entry) {
  QStringList lines;
  for (const auto& [k, v] : entry.properties) lines << k + QLatin1Char('=') + v;
  return lines.join(QLatin1Char('\n'));
}

Result<QList<QPair<QString, QString>>> ClusterStore::parseProperties(const QString& text) {
  QList<QPair<QString, QString>> out;
  const QStringList lines = text.split(QLatin1Char('\n'));
  for (int i = 0; i < lines.size(); ++i) {
    QString line = lines[i].trimmed();
    if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) continue;
    qsizetype eq = line.indexOf(QLatin1Char('='));
    if (eq <= 0)
      return makeError(ErrorCode::Invalid,
                       "line " + std::to_string(i + 1) + " (\"" + line.toStdString() + "\") is not KEY=VALUE",
                       "properties");
    // Secret references must be well formed even though they are resolved later.
    QString value = line.mid(eq + 1).trimmed();
    if (auto refs = model::findSecretRefs(value.toStdString()); !refs)
      return makeError(ErrorCode::Invalid, "line " + std::to_string(i + 1) + ": " + refs.error().message, "properties");
    out.append({line.left(eq).trimmed(), value});
  }
  return out;
}

}  // namespace tributary::widgets
