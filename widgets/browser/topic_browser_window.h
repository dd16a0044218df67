#pragma once
// TopicBrowserWindow: the Kafdrop-style topic browser, a top-level window of
// its own (View → Topic Browser in the designer). Left: the clusters — the
// embedded "Local" one and the user's (added, edited and removed here, kept
// with QSettings). Right: one ClusterView per opened cluster, kept alive
// while the window lives, so several clusters are open at once and switching
// is instant. GUI thread only.

#include <QHash>
#include <QMainWindow>

#include "core/base/result.h"
#include "widgets/browser/cluster_store.h"

class QLabel;
class QListWidget;
class QStackedWidget;

namespace tributary::widgets {

class ClusterDialog;
class ClusterView;

class TopicBrowserWindow final : public QMainWindow {
  Q_OBJECT

 public:
  struct Options {
    // Where the embedded broker keeps its log if the browser starts it; empty: <state dir>/broker.
    QString embeddedDataDir;
  };

  explicit TopicBrowserWindow(Options options = {}, QWidget* parent = nullptr);
  ~TopicBrowserWindow() override;

  // Opens (or shows) the named cluster; an error when it cannot be opened.
  Result<ClusterView*> openCluster(const QString& name);
  ClusterView* clusterView(const QString& name) const;
  QList<ClusterEntry> clusters() const { return m_clusters; }
  // Adds or replaces a cluster and stores the list.
  void saveCluster(const ClusterEntry& entry, const QString& previousName = {});
  void removeCluster(const QString& name);
  ClusterDialog* openClusterDialog(const QString& name = {});

  QListWidget* clusterList() const { return m_list; }

 private:
  void rebuildList();

  Options m_options;
  QList<ClusterEntry> m_clusters;
  QListWidget* m_list;
  QStackedWidget* m_stack;
  QLabel* m_placeholder;
  QHash<QString, ClusterView*> m_views;
};

}  // namespace tributary::widgets
