#include "widgets/browser/groups_page.h"

#include <set>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include "widgets/browser/cluster_session.h"
#include "widgets/browser/reset_offsets_dialog.h"
#include "widgets/style/app_theme.h"
#include "widgets/document/qt_json.h"

namespace tributary::widgets {
namespace {

struct GroupRow {
  kafka::GroupSummary summary;
  int members = 0;
  std::int64_t lag = 0;
  int topics = 0;
};

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

}  // namespace

GroupsPage::GroupsPage(ClusterSession* session, QWidget* parent) : QWidget(parent), m_session(session) {
  auto* layout = new QVBoxLayout(this);
  auto* bar = new QHBoxLayout;
  auto* refresh = new QPushButton(tr("Refresh"));
  bar->addStretch();
  bar->addWidget(refresh);
  layout->addLayout(bar);
  auto* split = new QSplitter(Qt::Horizontal);
  m_groups = makeTable({tr("Group"), tr("State"), tr("Members"), tr("Topics"), tr("Lag")});
  m_groups->setObjectName(QStringLiteral("groupsTable"));
  m_groups->setSelectionMode(QAbstractItemView::SingleSelection);
  m_groups->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  m_groups->horizontalHeader()->setStretchLastSection(false);
  split->addWidget(m_groups);

  auto* right = new QWidget;
  auto* rl = new QVBoxLayout(right);
  rl->setContentsMargins(0, 0, 0, 0);
  m_title = new QLabel(tr("Select a group."));
  m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
  rl->addWidget(m_title);
  rl->addWidget(new QLabel(tr("<b>Members</b>")));
  m_members = makeTable({tr("Member"), tr("Client"), tr("Host"), tr("Assignment")});
  m_members->setMaximumHeight(150);
  rl->addWidget(m_members);
  auto* offsetsTitle = new QHBoxLayout;
  offsetsTitle->addWidget(new QLabel(tr("<b>Offsets and lag</b>")));
  offsetsTitle->addStretch();
  m_total = new QLabel;
  offsetsTitle->addWidget(m_total);
  rl->addLayout(offsetsTitle);
  m_offsets = makeTable({tr("Topic"), tr("Partition"), tr("Committed"), tr("End"), tr("Lag")});
  m_offsets->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  m_offsets->horizontalHeader()->setStretchLastSection(false);
  rl->addWidget(m_offsets, 1);
  auto* resetRow = new QHBoxLayout;
  m_resetWhy = new QLabel;
  m_resetWhy->setWordWrap(true);
  m_resetWhy->setStyleSheet(QStringLiteral("color: %1").arg(colors::mutedText().name()));
  m_reset = new QPushButton(tr("Reset offsets…"));
  m_reset->setEnabled(false);
  resetRow->addWidget(m_resetWhy, 1);
  resetRow->addWidget(m_reset);
  rl->addLayout(resetRow);
  split->addWidget(right);
  split->setStretchFactor(0, 2);
  split->setStretchFactor(1, 3);
  layout->addWidget(split, 1);
  m_status = new QLabel;
  layout->addWidget(m_status);

  connect(refresh, &QPushButton::clicked, this, &GroupsPage::refresh);
  connect(m_reset, &QPushButton::clicked, this, &GroupsPage::openResetDialog);
  connect(m_groups, &QTableWidget::itemSelectionChanged, this, [this] {
    auto rows = m_groups->selectionModel()->selectedRows(0);
    if (!rows.isEmpty()) loadDetail(rows.first().data().toString());
  });
}

void GroupsPage::setStatus(const QString& text, bool error) {
  m_status->setStyleSheet(error ? QStringLiteral("color: %1").arg(colors::error().name()) : QString());
  m_status->setText(text);
}

void GroupsPage::refresh() {
  setStatus(tr("Loading groups…"));
  m_session->call<std::vector<GroupRow>>(
      this,
      [](kafka::ClusterClient& c) -> Result<std::vector<GroupRow>> {
        auto groups = c.groups();
        if (!groups) return groups.error();
        std::vector<GroupRow> rows;
        for (const auto& g : *groups) {
          GroupRow row{g};
          if (auto d = c.describeGroup(g.id)) {
            row.members = static_cast<int>(d->members.size());
            row.lag = d->totalLag();
            std::set<std::string> topics;
            for (const auto& o : d->offsets) topics.insert(o.topic);
            row.topics = static_cast<int>(topics.size());
          }
          rows.push_back(std::move(row));
        }
        std::sort(rows.begin(), rows.end(),
                  [](const GroupRow& a, const GroupRow& b) { return a.summary.id < b.summary.id; });
        return rows;
      },
      [this](Result<std::vector<GroupRow>> rows) {
        if (!rows) {
          setStatus(tr("Cannot list groups: %1").arg(toQt(rows.error().message)), true);
          Q_EMIT refreshed();
          return;
        }
        QString keep = m_current;
        QSignalBlocker block(m_groups);
        m_groups->setRowCount(static_cast<int>(rows->size()));
        int keepRow = -1;
        for (int i = 0; i < static_cast<int>(rows->size()); ++i) {
          const GroupRow& g = (*rows)[static_cast<std::size_t>(i)];
          QString id = toQt(g.summary.id);
          if (id == keep) keepRow = i;
          m_groups->setItem(i, 0, new QTableWidgetItem(id));
          m_groups->setItem(i, 1, new QTableWidgetItem(toQt(g.summary.state)));
          m_groups->setItem(i, 2, number(g.members));
          m_groups->setItem(i, 3, number(g.topics));
          m_groups->setItem(i, 4, number(g.lag));
        }
        m_groups->resizeColumnsToContents();
        m_groups->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
        setStatus(tr("%n group(s)", nullptr, static_cast<int>(rows->size())));
        if (keepRow >= 0) {
          m_groups->selectRow(keepRow);
          loadDetail(keep);
        } else {
          // The shown group is gone (Kafka drops empty groups without offsets).
          m_groups->clearSelection();
          m_current.clear();
          showDetail(kafka::GroupDetail{});
          m_title->setText(tr("Select a group."));
          m_total->clear();
          m_resetWhy->clear();
          m_reset->setEnabled(false);
        }
        Q_EMIT refreshed();
      });
}

void GroupsPage::selectGroup(const QString& id) {
  // The row may be selected already (the table keeps its selection across
  // refreshes): load the detail explicitly rather than through the selection signal.
  for (int r = 0; r < m_groups->rowCount(); ++r)
    if (m_groups->item(r, 0)->text() == id) {
      QSignalBlocker block(m_groups);
      m_groups->selectRow(r);
      break;
    }
  loadDetail(id);
}

void GroupsPage::loadDetail(const QString& id) {
  m_current = id;
  m_session->call<kafka::GroupDetail>(
      this, [id](kafka::ClusterClient& c) { return c.describeGroup(id.toStdString()); },
      [this, id](Result<kafka::GroupDetail> d) {
        if (id != m_current) return;
        if (!d) {
          setStatus(tr("Cannot describe %1: %2").arg(id, toQt(d.error().message)), true);
          return;
        }
        showDetail(*d);
        Q_EMIT detailLoaded(id);
      });
}

void GroupsPage::showDetail(const kafka::GroupDetail& d) {
  m_detail = d;
  m_title->setText(tr("<b>%1</b> · state %2 · assignor %3 · coordinator %4")
                       .arg(toQt(d.id).toHtmlEscaped(), toQt(d.state),
                            d.assignor.empty() ? tr("—") : toQt(d.assignor))
                       .arg(d.coordinator));
  m_members->setRowCount(static_cast<int>(d.members.size()));
  for (int i = 0; i < static_cast<int>(d.members.size()); ++i) {
    const auto& m = d.members[static_cast<std::size_t>(i)];
    QStringList parts;
    for (const auto& [t, p] : m.assignment) parts << QStringLiteral("%1/%2").arg(toQt(t)).arg(p);
    m_members->setItem(i, 0, new QTableWidgetItem(toQt(m.memberId)));
    m_members->setItem(i, 1, new QTableWidgetItem(toQt(m.clientId)));
    m_members->setItem(i, 2, new QTableWidgetItem(toQt(m.host)));
    m_members->setItem(i, 3, new QTableWidgetItem(parts.join(QStringLiteral(", "))));
  }
  m_offsets->setRowCount(static_cast<int>(d.offsets.size()));
  for (int i = 0; i < static_cast<int>(d.offsets.size()); ++i) {
    const auto& o = d.offsets[static_cast<std::size_t>(i)];
    m_offsets->setItem(i, 0, new QTableWidgetItem(toQt(o.topic)));
    m_offsets->setItem(i, 1, number(o.partition));
    m_offsets->setItem(i, 2, o.committed < 0 ? new QTableWidgetItem(tr("—")) : number(o.committed));
    m_offsets->setItem(i, 3, number(o.high));
    auto* lag = number(o.lag());
    if (o.lag() > 0) lag->setForeground(colors::warning());
    m_offsets->setItem(i, 4, lag);
  }
  m_total->setText(tr("Total lag: <b>%1</b>").arg(QLocale().toString(static_cast<qlonglong>(d.totalLag()))));
  bool empty = d.members.empty();
  m_reset->setEnabled(empty && !d.offsets.empty());
  if (!empty)
    m_resetWhy->setText(
        tr("Offsets can be reset only while the group has no active members: Kafka refuses to move "
           "them under %n running consumer(s). Stop them first.",
           nullptr, static_cast<int>(d.members.size())));
  else if (d.offsets.empty())
    m_resetWhy->setText(tr("The group has no committed offsets to reset."));
  else
    m_resetWhy->setText(tr("The group is empty: its offsets can be reset."));
}

ResetOffsetsDialog* GroupsPage::openResetDialog() {
  if (m_current.isEmpty() || !m_detail.members.empty()) return nullptr;
  QStringList topics;
  for (const auto& o : m_detail.offsets)
    if (!topics.contains(toQt(o.topic))) topics << toQt(o.topic);
  auto* dialog = new ResetOffsetsDialog(m_current, topics, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  QString group = m_current;
  connect(dialog, &ResetOffsetsDialog::resetRequested, this,
          [this, dialog, group](const QString& topic, const kafka::OffsetReset& reset) {
            QPointer<ResetOffsetsDialog> guard(dialog);
            dialog->setEnabled(false);
            m_session->call<std::vector<kafka::GroupOffset>>(
                this,
                [group, topic, reset](kafka::ClusterClient& c) {
                  return c.resetGroupOffsets(group.toStdString(), topic.toStdString(), reset);
                },
                [this, guard, group](Result<std::vector<kafka::GroupOffset>> moved) {
                  if (!moved) {
                    if (guard) {
                      guard->setEnabled(true);
                      guard->showError(toQt(moved.error().message));
                    }
                    return;
                  }
                  if (guard) guard->close();
                  setStatus(tr("Moved the offsets of %1 on %n partition(s).", nullptr, static_cast<int>(moved->size()))
                                .arg(group));
                  Q_EMIT offsetsReset(group);
                  loadDetail(group);
                });
          });
  dialog->open();
  return dialog;
}

}  // namespace tributary::widgets
