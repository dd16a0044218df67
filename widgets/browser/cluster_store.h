#pragma once
// ClusterStore: the clusters the topic browser knows — the embedded "Local"
// one (always first, not stored) and the user's, kept with QSettings under
// "topicBrowser/clusters". Property values and the bootstrap may hold secret
// references (${env:NAME}, ${file:/path}); they are stored as written and
// resolved only when a cluster is opened. GUI thread only.

#include <QList>
#include <QPair>
#include <QString>

#include "core/base/result.h"
#include "core/kafka/cluster_config.h"

namespace tributary::widgets {

struct ClusterEntry {
  QString name;
  QString bootstrap;                          // "host:port,..." or "embedded"
  QList<QPair<QString, QString>> properties;  // librdkafka properties, values may be secret references
  // Schema Registry: a URL, "embedded" (the embedded broker's) or empty; user
  // and password may be secret references (the password must be one).
  QString schemaRegistry;
  QString schemaRegistryUser;
  QString schemaRegistryPassword;
  bool builtIn() const { return bootstrap == QLatin1String("embedded"); }
  bool operator==(const ClusterEntry&) const = default;
};

class ClusterStore {
 public:
  static ClusterEntry local();
  // Local first, then the stored ones in the order they were added.
  static QList<ClusterEntry> load();
  // Stores the user's clusters (Local is skipped).
  static void save(const QList<ClusterEntry>& clusters);
  // The config to connect with: secret references resolved; an error names
  // the property whose reference fails ("property sasl.password: ${env:X} is not set").
  static Result<kafka::ClusterConfig> resolve(const ClusterEntry& entry);
  // "KEY=VALUE" lines ⇄ properties; parse errors name the line.
  static QString propertiesText(const ClusterEntry& entry);
  static Result<QList<QPair<QString, QString>>> parseProperties(const QString& text);
  // Checks the Schema Registry fields: a http(s) URL or "embedded"; user and
  // password only with a URL; the password a ${env:...}/${file:...} reference.
  static Status checkRegistry(const ClusterEntry& entry);
};

}  // namespace tributary::widgets
