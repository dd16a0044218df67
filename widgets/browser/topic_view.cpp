#include "widgets/browser/topic_view.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include "widgets/browser/cluster_session.h"
#include "widgets/browser/messages_page.h"
#include "widgets/style/app_theme.h"
#include "widgets/document/qt_json.h"

namespace tributary::widgets {
namespace {

QTableWidget* makeTable(const QStringList& headers) {
  auto* t = new QTableWidget(0, static_cast<int>(headers.size()));
  t->setHorizontalHeaderLabels(headers);
  t->verticalHeader()->setVisible(false);
  t->setEditTriggers(QAbstractItemView::NoEditTriggers);
  t->setSelectionBehavior(QAbstractItemView::SelectRows);
  t->setAlternatingRowColors(true);
  t->horizontalHeader()->setStretchLastSection(true);
  return t;
}

QTableWidgetItem* number(qlonglong v) {
  auto* item = new QTableWidgetItem(QLocale().toString(v));
  item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return item;
}

QString ids(const std::vector<std::int32_t>& v) {
  QStringList out;
  for (auto id : v) out << QString::number(id);
  return out.join(QStringLiteral(", "));
}

struct ConsumerRow {
  std::string group;
  std::string state;
  kafka::GroupOffset offset;
};

}  // namespace

TopicView::TopicView(ClusterSession* session, const QString& topic, QWidget* parent)
    : QWidget(parent), m_session(session), m_topic(topic) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  m_tabs = new QTabWidget;
  m_tabs->setDocumentMode(true);
  m_messages = new MessagesPage(session, topic);
  m_tabs->addTab(m_messages, tr("Messages"));

  auto page = [](QTableWidget* table, QLabel* summary, QWidget* extra = nullptr) {
    auto* w = new QWidget;
    auto* l = new QVBoxLayout(w);
    auto* top = new QHBoxLayout;
    top->addWidget(summary, 1);
    if (extra) top->addWidget(extra);
    l->addLayout(top);
    l->addWidget(table, 1);
    return w;
  };
  m_partitions = makeTable({tr("Partition"), tr("Leader"), tr("Replicas"), tr("In sync"), tr("Low watermark"),
                            tr("High watermark"), tr("Messages")});
  m_partitionsSummary = new QLabel;
  auto* refreshPartitions = new QPushButton(tr("Refresh"));
  connect(refreshPartitions, &QPushButton::clicked, this, &TopicView::refresh);
  m_tabs->addTab(page(m_partitions, m_partitionsSummary, refreshPartitions), tr("Partitions"));

  m_consumers = makeTable({tr("Group"), tr("State"), tr("Partition"), tr("Committed"), tr("End"), tr("Lag")});
  m_consumers->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  m_consumers->horizontalHeader()->setStretchLastSection(false);
  m_consumersSummary = new QLabel;
  m_tabs->addTab(page(m_consumers, m_consumersSummary), tr("Consumers"));

  m_configs = makeTable({tr("Name"), tr("Value"), tr("Source")});
  m_configs->setObjectName(QStringLiteral("configTable"));
  m_configs->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                             QAbstractItemView::SelectedClicked);
  m_configs->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  m_configs->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
  m_configs->horizontalHeader()->setStretchLastSection(false);
  m_configStatus = new QLabel(tr("Defaults are shown in grey. Double-click a value to change it."));
  m_apply = new QPushButton(tr("Apply changes"));
  m_apply->setEnabled(false);
  m_tabs->addTab(page(m_configs, m_configStatus, m_apply), tr("Configuration"));
  layout->addWidget(m_tabs);

  connect(m_apply, &QPushButton::clicked, this, &TopicView::applyConfigChanges);
  connect(m_configs, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
    if (m_fillingConfigs || item->column() != 1) return;
    bool changed = item->text() != item->data(Qt::UserRole).toString();
    QFont f = item->font();
    f.setBold(changed);
    m_fillingConfigs = true;
    item->setFont(f);
    m_fillingConfigs = false;
    bool any = false;
    for (int r = 0; r < m_configs->rowCount() && !any; ++r) {
      QTableWidgetItem* v = m_configs->item(r, 1);
      any = v && v->text() != v->data(Qt::UserRole).toString();
    }
    m_apply->setEnabled(any);
  });
  refresh();
}

void TopicView::refresh() {
  loadPartitions();
  loadConsumers();
  loadConfigs();
}

void TopicView::loadPartitions() {
  std::string topic = m_topic.toStdString();
  m_session->call<kafka::TopicInfo>(
      this, [topic](kafka::ClusterClient& c) { return c.describeTopic(topic); },
      [this](Result<kafka::TopicInfo> info) {
        if (!info) {
          m_partitionsSummary->setText(
              tr("Cannot describe the topic: %1").arg(toQt(info.error().message)));
          Q_EMIT partitionsLoaded();
          return;
        }
        m_info = *info;
        m_messages->setPartitionCount(static_cast<int>(info->partitions.size()));
        m_partitions->setRowCount(static_cast<int>(info->partitions.size()));
        int under = 0;
        for (int i = 0; i < static_cast<int>(info->partitions.size()); ++i) {
          const auto& p = info->partitions[static_cast<std::size_t>(i)];
          under += p.underReplicated() ? 1 : 0;
          m_partitions->setItem(i, 0, number(p.id));
          m_partitions->setItem(i, 1, number(p.leader));
          m_partitions->setItem(i, 2, new QTableWidgetItem(ids(p.replicas)));
          auto* isr = new QTableWidgetItem(ids(p.isr));
          if (p.underReplicated()) isr->setForeground(colors::warning());
          m_partitions->setItem(i, 3, isr);
          m_partitions->setItem(i, 4, number(p.low));
          m_partitions->setItem(i, 5, number(p.high));
          m_partitions->setItem(i, 6, number(p.messages()));
        }
        m_partitionsSummary->setText(tr("%1 partition(s) · replication %2 · %3 message(s) · %4 under-replicated")
                                         .arg(info->partitions.size())
                                         .arg(info->replicationFactor)
                                         .arg(QLocale().toString(static_cast<qlonglong>(info->messages())))
                                         .arg(under));
        Q_EMIT partitionsLoaded();
      });
}

void TopicView::loadConsumers() {
  std::string topic = m_topic.toStdString();
  m_session->call<std::vector<ConsumerRow>>(
      this,
      [topic](kafka::ClusterClient& c) -> Result<std::vector<ConsumerRow>> {
        auto groups = c.groups();
        if (!groups) return groups.error();
        std::vector<ConsumerRow> rows;
        for (const auto& g : *groups) {
          auto d = c.describeGroup(g.id);
          if (!d) continue;
          for (const auto& o : d->offsets)
            if (o.topic == topic) rows.push_back(ConsumerRow{g.id, d->state, o});
        }
        return rows;
      },
      [this](Result<std::vector<ConsumerRow>> rows) {
        if (!rows) {
          m_consumersSummary->setText(tr("Cannot list groups: %1").arg(toQt(rows.error().message)));
          Q_EMIT consumersLoaded();
          return;
        }
        m_consumers->setRowCount(static_cast<int>(rows->size()));
        std::int64_t total = 0;
        QStringList groups;
        for (int i = 0; i < static_cast<int>(rows->size()); ++i) {
          const auto& r = (*rows)[static_cast<std::size_t>(i)];
          total += r.offset.lag();
          if (!groups.contains(toQt(r.group))) groups << toQt(r.group);
          m_consumers->setItem(i, 0, new QTableWidgetItem(toQt(r.group)));
          m_consumers->setItem(i, 1, new QTableWidgetItem(toQt(r.state)));
          m_consumers->setItem(i, 2, number(r.offset.partition));
          m_consumers->setItem(i, 3,
                               r.offset.committed < 0 ? new QTableWidgetItem(tr("—")) : number(r.offset.committed));
          m_consumers->setItem(i, 4, number(r.offset.high));
          auto* lag = number(r.offset.lag());
          if (r.offset.lag() > 0) lag->setForeground(colors::warning());
          m_consumers->setItem(i, 5, lag);
        }
        m_consumersSummary->setText(groups.isEmpty() ? tr("No consumer group has committed offsets for this topic.")
                                                     : tr("%n group(s) read this topic · total lag %1", nullptr,
                                                          static_cast<int>(groups.size()))
                                                           .arg(QLocale().toString(static_cast<qlonglong>(total))));
        Q_EMIT consumersLoaded();
      });
}

void TopicView::loadConfigs() {
  std::string topic = m_topic.toStdString();
  m_session->call<std::vector<kafka::ConfigEntry>>(
      this, [topic](kafka::ClusterClient& c) { return c.topicConfigs(topic); },
      [this](Result<std::vector<kafka::ConfigEntry>> entries) {
        if (!entries) {
          m_configStatus->setText(
              tr("Cannot read the configuration: %1").arg(toQt(entries.error().message)));
          Q_EMIT configsLoaded();
          return;
        }
        m_fillingConfigs = true;
        m_configs->setRowCount(static_cast<int>(entries->size()));
        for (int i = 0; i < static_cast<int>(entries->size()); ++i) {
          const auto& e = (*entries)[static_cast<std::size_t>(i)];
          auto* name = new QTableWidgetItem(toQt(e.name));
          name->setFlags(name->flags() & ~Qt::ItemIsEditable);
          QString valueText = e.sensitive ? QStringLiteral("******") : toQt(e.value);
          auto* value = new QTableWidgetItem(valueText);
          value->setData(Qt::UserRole, valueText);
          if (e.readOnly || e.sensitive) value->setFlags(value->flags() & ~Qt::ItemIsEditable);
          auto* source = new QTableWidgetItem(e.isDefault ? tr("default") : toQt(e.source));
          source->setFlags(source->flags() & ~Qt::ItemIsEditable);
          if (e.isDefault)
            for (auto* item : {name, value, source}) item->setForeground(colors::mutedText());
          if (e.readOnly) value->setToolTip(tr("Read-only"));
          m_configs->setItem(i, 0, name);
          m_configs->setItem(i, 1, value);
          m_configs->setItem(i, 2, source);
        }
        m_fillingConfigs = false;
        m_apply->setEnabled(false);
        Q_EMIT configsLoaded();
      });
}

int TopicView::applyConfigChanges() {
  std::vector<std::pair<std::string, std::string>> set;
  for (int r = 0; r < m_configs->rowCount(); ++r) {
    QTableWidgetItem* v = m_configs->item(r, 1);
    if (v && v->text() != v->data(Qt::UserRole).toString())
      set.emplace_back(m_configs->item(r, 0)->text().toStdString(), v->text().trimmed().toStdString());
  }
  if (set.empty()) return 0;
  m_apply->setEnabled(false);
  std::string topic = m_topic.toStdString();
  m_session->call<bool>(
      this,
      [topic, set](kafka::ClusterClient& c) -> Result<bool> {
        auto s = c.alterTopicConfigs(topic, set);
        if (!s) return s.error();
        return true;
      },
      [this, n = set.size()](Result<bool> done) {
        QString text = done ? tr("Changed %n setting(s).", nullptr, static_cast<int>(n))
                            : tr("Not changed: %1").arg(toQt(done.error().message));
        m_configStatus->setText(text);
        m_configStatus->setStyleSheet(done ? QString() : QStringLiteral("color: %1").arg(colors::error().name()));
        if (done)
          loadConfigs();
        else
          m_apply->setEnabled(true);
        Q_EMIT configsApplied(done.ok(), text);
      });
  return static_cast<int>(set.size());
}

}  // namespace tributary::widgets
