#include "widgets/browser/topic_browser_window.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/base/log.h"
#include "widgets/browser/cluster_dialog.h"
#include "widgets/browser/cluster_view.h"
#include "widgets/style/app_theme.h"
#include "widgets/style/icons.h"
#include "widgets/document/qt_json.h"

namespace tributary::widgets {

TopicBrowserWindow::TopicBrowserWindow(Options options, QWidget* parent)
    : QMainWindow(parent), m_options(std::move(options)) {
  if (m_options.embeddedDataDir.isEmpty())
    m_options.embeddedDataDir = toQt((log::stateDirectory() / "broker").string());
  setWindowTitle(tr("Topic Browser — Tributary"));
  setObjectName(QStringLiteral("topicBrowser"));
  setWindowIcon(icons::appIcon());
  resize(1360, 860);

  auto* split = new QSplitter(Qt::Horizontal);
  auto* left = new QWidget;
  auto* ll = new QVBoxLayout(left);
  ll->setContentsMargins(8, 8, 4, 8);
  auto* title = new QLabel(tr("<b>Clusters</b>"));
  ll->addWidget(title);
  m_list = new QListWidget;
  m_list->setObjectName(QStringLiteral("clusterList"));
  ll->addWidget(m_list, 1);
  auto* buttons = new QHBoxLayout;
  auto tool = [](const QString& icon, const QString& tip) {
    auto* b = new QToolButton;
    b->setIcon(icons::action(icon));
    b->setToolTip(tip);
    b->setAutoRaise(true);
    return b;
  };
  auto* add = tool(QStringLiteral("add"), tr("Add a cluster"));
  auto* edit = tool(QStringLiteral("settings"), tr("Edit the selected cluster"));
  auto* remove = tool(QStringLiteral("remove"), tr("Remove the selected cluster"));
  buttons->addWidget(add);
  buttons->addWidget(edit);
  buttons->addWidget(remove);
  buttons->addStretch();
  ll->addLayout(buttons);
  split->addWidget(left);

  m_stack = new QStackedWidget;
  m_placeholder = new QLabel(tr("Select a cluster to open it."));
  m_placeholder->setAlignment(Qt::AlignCenter);
  m_placeholder->setStyleSheet(QStringLiteral("color: %1").arg(colors::mutedText().name()));
  m_stack->addWidget(m_placeholder);
  split->addWidget(m_stack);
  split->setStretchFactor(0, 0);
  split->setStretchFactor(1, 1);
  split->setSizes({220, 1140});
  setCentralWidget(split);
  statusBar()->showMessage(tr("Several clusters can be open at once; each keeps its tabs."));

  m_clusters = ClusterStore::load();
  rebuildList();
  connect(m_list, &QListWidget::currentTextChanged, this, [this](const QString& name) {
    if (name.isEmpty()) return;
    if (auto opened = openCluster(name); !opened) statusBar()->showMessage(toQt(opened.error().toString()));
  });
  connect(add, &QToolButton::clicked, this, [this] { openClusterDialog(); });
  connect(edit, &QToolButton::clicked, this, [this] {
    if (auto* item = m_list->currentItem()) openClusterDialog(item->data(Qt::UserRole).toString());
  });
  connect(remove, &QToolButton::clicked, this, [this] {
    auto* item = m_list->currentItem();
    if (!item) return;
    QString name = item->data(Qt::UserRole).toString();
    if (name == ClusterStore::local().name) {
      statusBar()->showMessage(tr("The embedded Local cluster is always there."));
      return;
    }
    if (QMessageBox::question(this, tr("Remove cluster"),
                              tr("Remove %1 from the list? The cluster itself is not touched.").arg(name)) ==
        QMessageBox::Yes)
      removeCluster(name);
  });
  if (m_list->count() > 0) m_list->setCurrentRow(0);
}

TopicBrowserWindow::~TopicBrowserWindow() = default;

void TopicBrowserWindow::rebuildList() {
  QString current = m_list->currentItem() ? m_list->currentItem()->data(Qt::UserRole).toString() : QString();
  QSignalBlocker block(m_list);
  m_list->clear();
  for (const ClusterEntry& e : m_clusters) {
    auto* item = new QListWidgetItem(e.name);
    item->setData(Qt::UserRole, e.name);
    item->setToolTip(e.builtIn() ? tr("The embedded broker of this program") : e.bootstrap);
    item->setIcon(icons::action(e.builtIn() ? QStringLiteral("run") : QStringLiteral("open")));
    m_list->addItem(item);
    if (e.name == current) m_list->setCurrentItem(item);
  }
}

ClusterView* TopicBrowserWindow::clusterView(const QString& name) const {
  return m_views.value(name);
}

Result<ClusterView*> TopicBrowserWindow::openCluster(const QString& name) {
  if (ClusterView* v = m_views.value(name)) {
    m_stack->setCurrentWidget(v);
    return v;
  }
  auto it = std::find_if(m_clusters.begin(), m_clusters.end(), [&](const ClusterEntry& e) { return e.name == name; });
  if (it == m_clusters.end()) return makeError(ErrorCode::NotFound, toStd(tr("No cluster named %1.").arg(name)));
  auto config = ClusterStore::resolve(*it);
  if (!config)
    return makeError(config.error().code, toStd(tr("Cannot open %1: %2").arg(name, toQt(config.error().message))));
  auto* view = new ClusterView(*config, m_options.embeddedDataDir);
  m_views.insert(name, view);
  m_stack->addWidget(view);
  m_stack->setCurrentWidget(view);
  for (int i = 0; i < m_list->count(); ++i)
    if (m_list->item(i)->data(Qt::UserRole).toString() == name && m_list->currentRow() != i) {
      QSignalBlocker block(m_list);
      m_list->setCurrentRow(i);
    }
  return view;
}

void TopicBrowserWindow::saveCluster(const ClusterEntry& entry, const QString& previousName) {
  QString old = previousName.isEmpty() ? entry.name : previousName;
  auto it = std::find_if(m_clusters.begin(), m_clusters.end(), [&](const ClusterEntry& e) { return e.name == old; });
  if (it != m_clusters.end())
    *it = entry;
  else
    m_clusters.append(entry);
  // An open view keeps its old settings: close it so the next open uses the new ones.
  if (ClusterView* v = m_views.take(old)) {
    m_stack->removeWidget(v);
    v->deleteLater();
  }
  ClusterStore::save(m_clusters);
  rebuildList();
}

void TopicBrowserWindow::removeCluster(const QString& name) {
  m_clusters.erase(std::remove_if(m_clusters.begin(), m_clusters.end(),
                                  [&](const ClusterEntry& e) { return e.name == name && !e.builtIn(); }),
                   m_clusters.end());
  if (ClusterView* v = m_views.take(name)) {
    m_stack->removeWidget(v);
    v->deleteLater();
  }
  ClusterStore::save(m_clusters);
  rebuildList();
  m_stack->setCurrentWidget(m_placeholder);
}

ClusterDialog* TopicBrowserWindow::openClusterDialog(const QString& name) {
  ClusterEntry entry;
  QStringList taken;
  for (const ClusterEntry& e : m_clusters)
    if (e.name == name)
      entry = e;
    else
      taken << e.name;
  if (entry.builtIn()) {
    statusBar()->showMessage(tr("The embedded Local cluster has no settings to edit."));
    return nullptr;
  }
  auto* dialog = new ClusterDialog(entry, taken, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QDialog::accepted, this, [this, dialog, name] {
    auto e = dialog->entry();
    if (!e) return;
    saveCluster(*e, name);
    if (auto opened = openCluster(e->name); !opened) statusBar()->showMessage(toQt(opened.error().toString()));
  });
  dialog->open();
  return dialog;
}

}  // namespace tributary::widgets
