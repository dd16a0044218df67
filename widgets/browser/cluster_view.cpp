#include "widgets/browser/cluster_view.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QTabBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include "widgets/browser/cluster_session.h"
#include "widgets/browser/groups_page.h"
#include "widgets/browser/schema_registry_page.h"
#include "widgets/browser/topic_view.h"
#include "widgets/browser/topics_page.h"
#include "widgets/document/qt_json.h"
#include "widgets/style/app_theme.h"

namespace tributary::widgets {
namespace {

struct OverviewData {
  kafka::ClusterOverview overview;
  int groups = -1;  // -1: the cluster would not list them
  QString groupsError;
};

}  // namespace

ClusterView::ClusterView(const kafka::ClusterConfig& config, const QString& embeddedDataDir, QWidget* parent)
    : QWidget(parent), m_session(new ClusterSession(config, embeddedDataDir, this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  m_tabs = new QTabWidget;
  m_tabs->setDocumentMode(true);
  m_tabs->setTabsClosable(true);

  m_overview = new QWidget;
  auto* ol = new QVBoxLayout(m_overview);
  auto* top = new QHBoxLayout;
  m_connection = new QLabel(tr("Connecting…"));
  m_connection->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_connection->setWordWrap(true);
  auto* refresh = new QPushButton(tr("Refresh"));
  top->addWidget(m_connection, 1);
  top->addWidget(refresh);
  ol->addLayout(top);
  m_registryLabel = new QLabel(config.schemaRegistry.empty() ? tr("No Schema Registry set for this cluster.")
                               : config.schemaRegistry == "embedded"
                                   ? tr("Schema Registry: starting with the embedded broker…")
                                   : tr("Schema Registry at %1").arg(toQt(config.schemaRegistry).toHtmlEscaped()));
  m_registryLabel->setObjectName(QStringLiteral("registryLabel"));
  m_registryLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_registryLabel->setWordWrap(true);
  ol->addWidget(m_registryLabel);
  m_counts = new QLabel;
  m_counts->setObjectName(QStringLiteral("overviewCounts"));
  m_counts->setTextFormat(Qt::RichText);
  ol->addWidget(m_counts);
  ol->addWidget(new QLabel(tr("<b>Brokers</b>")));
  m_brokers = new QTableWidget(0, 5);
  m_brokers->setHorizontalHeaderLabels({tr("ID"), tr("Host"), tr("Port"), tr("Rack"), tr("Controller")});
  m_brokers->verticalHeader()->setVisible(false);
  m_brokers->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_brokers->horizontalHeader()->setStretchLastSection(true);
  m_brokers->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
  ol->addWidget(m_brokers, 1);

  m_topics = new TopicsPage(m_session);
  m_groups = new GroupsPage(m_session);
  m_registry = new SchemaRegistryPage(m_session);
  m_tabs->addTab(m_overview, tr("Overview"));
  m_tabs->addTab(m_topics, tr("Topics"));
  m_tabs->addTab(m_groups, tr("Consumer groups"));
  m_tabs->addTab(m_registry, tr("Schema Registry"));
  // The fixed tabs cannot be closed.
  for (int i = 0; i < kFixedTabs; ++i) {
    m_tabs->tabBar()->setTabButton(i, QTabBar::RightSide, nullptr);
    m_tabs->tabBar()->setTabButton(i, QTabBar::LeftSide, nullptr);
  }
  layout->addWidget(m_tabs);

  connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) {
    if (index < kFixedTabs) return;
    QWidget* w = m_tabs->widget(index);
    m_tabs->removeTab(index);
    w->deleteLater();
  });
  connect(refresh, &QPushButton::clicked, this, &ClusterView::refreshOverview);
  connect(m_topics, &TopicsPage::topicActivated, this, &ClusterView::openTopic);
  connect(m_topics, &TopicsPage::topicsChanged, this, &ClusterView::refreshOverview);
  connect(m_session, &ClusterSession::connectionChanged, this, [this](bool ok, const QString& message) {
    m_connection->setStyleSheet(ok ? QString() : QStringLiteral("color: %1").arg(colors::error().name()));
    m_connection->setText(ok ? tr("Connected to <b>%1</b> (%2)").arg(m_session->name().toHtmlEscaped(), message)
                             : tr("Cannot connect to %1: %2").arg(m_session->name(), message));
    Q_EMIT connectionChanged(ok, message);
  });
  connect(m_session, &ClusterSession::registryChanged, this, [this](const QString& url, const QString& error) {
    m_registryLabel->setStyleSheet(error.isEmpty() ? QString()
                                                   : QStringLiteral("color: %1").arg(colors::error().name()));
    m_registryLabel->setText(error.isEmpty() ? tr("Schema Registry on <b>%1</b>").arg(url.toHtmlEscaped())
                                             : tr("Schema Registry: %1").arg(error.toHtmlEscaped()));
  });
  // The registry page loads when first shown (a cluster without a registry costs nothing).
  connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
    if (m_tabs->widget(index) == m_registry && m_session->hasRegistry() && m_registry->subjectList()->count() == 0)
      m_registry->refresh();
  });
  refreshOverview();
  m_topics->refresh();
  m_groups->refresh();
}

ClusterView::~ClusterView() = default;

void ClusterView::refreshOverview() {
  m_session->call<OverviewData>(
      this,
      [](kafka::ClusterClient& c) -> Result<OverviewData> {
        auto o = c.overview();
        if (!o) return o.error();
        OverviewData d{*o};
        auto groups = c.groups();
        if (groups)
          d.groups = static_cast<int>(groups->size());
        else
          d.groupsError = toQt(groups.error().message);
        return d;
      },
      [this](Result<OverviewData> d) {
        if (!d) {
          m_counts->setText(QString());
          m_brokers->setRowCount(0);
          Q_EMIT overviewLoaded(false);
          return;
        }
        const auto& o = d->overview;
        QLocale locale;
        auto tile = [&](const QString& value, const QString& label, const QColor& color = {}) {
          return QStringLiteral(
                     "<td style='padding-right:36px'><span style='font-size:20pt;%3'>%1</span><br>"
                     "<span style='color:%4'>%2</span></td>")
              .arg(value, label, color.isValid() ? QStringLiteral("color:%1").arg(color.name()) : QString(),
                   colors::mutedText().name());
        };
        m_counts->setText(
            QStringLiteral("<table><tr>") + tile(locale.toString(static_cast<int>(o.brokers.size())), tr("brokers")) +
            tile(locale.toString(o.topics), tr("topics")) + tile(locale.toString(o.partitions), tr("partitions")) +
            tile(locale.toString(o.underReplicatedPartitions), tr("under-replicated"),
                 o.underReplicatedPartitions > 0 ? colors::warning() : QColor()) +
            tile(d->groups < 0 ? tr("?") : locale.toString(d->groups), tr("consumer groups")) +
            QStringLiteral("</tr></table>"));
        if (d->groups < 0) m_counts->setToolTip(d->groupsError);
        m_brokers->setRowCount(static_cast<int>(o.brokers.size()));
        for (int i = 0; i < static_cast<int>(o.brokers.size()); ++i) {
          const auto& b = o.brokers[static_cast<std::size_t>(i)];
          m_brokers->setItem(i, 0, new QTableWidgetItem(QString::number(b.id)));
          m_brokers->setItem(i, 1, new QTableWidgetItem(toQt(b.host)));
          m_brokers->setItem(i, 2, new QTableWidgetItem(QString::number(b.port)));
          m_brokers->setItem(i, 3, new QTableWidgetItem(b.rack.empty() ? tr("—") : toQt(b.rack)));
          m_brokers->setItem(i, 4, new QTableWidgetItem(b.controller ? tr("controller") : QString()));
        }
        Q_EMIT overviewLoaded(true);
      });
}

TopicView* ClusterView::topicView(const QString& topic) const {
  for (int i = kFixedTabs; i < m_tabs->count(); ++i)
    if (auto* v = qobject_cast<TopicView*>(m_tabs->widget(i)); v && v->topic() == topic) return v;
  return nullptr;
}

TopicView* ClusterView::openTopic(const QString& topic) {
  TopicView* view = topicView(topic);
  if (!view) {
    view = new TopicView(m_session, topic);
    m_tabs->addTab(view, topic);
  }
  m_tabs->setCurrentWidget(view);
  return view;
}

void ClusterView::showOverview() {
  m_tabs->setCurrentIndex(0);
}
void ClusterView::showTopics() {
  m_tabs->setCurrentIndex(1);
}
void ClusterView::showGroups() {
  m_tabs->setCurrentIndex(2);
}
void ClusterView::showRegistry() {
  m_tabs->setCurrentIndex(3);
}

}  // namespace tributary::widgets
