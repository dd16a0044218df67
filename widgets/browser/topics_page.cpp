#include "widgets/browser/topics_page.h"

#include <map>

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include "widgets/browser/cluster_session.h"
#include "widgets/browser/confirm_delete_dialog.h"
#include "widgets/browser/create_topic_dialog.h"
#include "widgets/browser/topic_list_model.h"
#include "widgets/style/app_theme.h"
#include "widgets/style/icons.h"
#include "widgets/document/qt_json.h"

namespace tributary::widgets {
namespace {

// Worker thread: topics with the total lag of the groups that read them.
Result<std::vector<TopicRow>> loadTopics(kafka::ClusterClient& client) {
  auto topics = client.topics(true);
  if (!topics) return topics.error();
  std::map<std::string, std::pair<std::int64_t, int>> lag;  // topic → lag, groups
  auto groups = client.groups();
  if (groups) {
    for (const auto& g : *groups) {
      auto d = client.describeGroup(g.id);
      if (!d) continue;  // a group that vanished meanwhile
      std::map<std::string, std::int64_t> perTopic;
      for (const auto& o : d->offsets) perTopic[o.topic] += o.lag();
      for (const auto& [t, l] : perTopic) {
        auto& entry = lag.try_emplace(t, 0, 0).first->second;
        entry.first += l;
        entry.second += 1;
      }
    }
  }
  std::vector<TopicRow> rows;
  for (auto& t : *topics) {
    TopicRow row;
    auto it = lag.find(t.name);
    if (it != lag.end()) {
      row.lag = it->second.first;
      row.groups = it->second.second;
    }
    row.info = std::move(t);
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

TopicsPage::TopicsPage(ClusterSession* session, QWidget* parent)
    : QWidget(parent), m_session(session), m_model(new TopicListModel(this)), m_proxy(new QSortFilterProxyModel(this)) {
  auto* layout = new QVBoxLayout(this);
  auto* bar = new QHBoxLayout;
  m_filter = new QLineEdit;
  m_filter->setPlaceholderText(tr("Filter topics"));
  m_filter->setClearButtonEnabled(true);
  m_filter->addAction(icons::action(QStringLiteral("search")), QLineEdit::LeadingPosition);
  m_internal = new QCheckBox(tr("Show internal topics"));
  auto* refresh = new QPushButton(tr("Refresh"));
  auto* create = new QPushButton(icons::action(QStringLiteral("add")), tr("Create…"));
  auto* remove = new QPushButton(icons::action(QStringLiteral("delete")), tr("Delete…"));
  remove->setObjectName(QStringLiteral("deleteTopic"));
  bar->addWidget(m_filter, 1);
  bar->addWidget(m_internal);
  bar->addStretch();
  bar->addWidget(refresh);
  bar->addWidget(create);
  bar->addWidget(remove);
  layout->addLayout(bar);

  m_proxy->setSourceModel(m_model);
  m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
  m_proxy->setFilterKeyColumn(TopicListModel::Name);
  m_proxy->setSortRole(Qt::UserRole);
  m_view = new QTableView;
  m_view->setModel(m_proxy);
  m_view->setSortingEnabled(true);
  m_view->sortByColumn(TopicListModel::Name, Qt::AscendingOrder);
  m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_view->setSelectionMode(QAbstractItemView::SingleSelection);
  m_view->setAlternatingRowColors(true);
  m_view->verticalHeader()->setVisible(false);
  m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_view->horizontalHeader()->setSectionResizeMode(TopicListModel::Name, QHeaderView::Stretch);
  m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
  layout->addWidget(m_view, 1);
  m_status = new QLabel;
  layout->addWidget(m_status);

  connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
  connect(m_internal, &QCheckBox::toggled, m_model, &TopicListModel::setShowInternal);
  connect(refresh, &QPushButton::clicked, this, &TopicsPage::refresh);
  connect(create, &QPushButton::clicked, this, &TopicsPage::openCreateDialog);
  connect(remove, &QPushButton::clicked, this, [this] {
    QString t = selectedTopic();
    if (t.isEmpty())
      setStatus(tr("Select the topic to delete first."), true);
    else
      openDeleteDialog(t);
  });
  connect(m_view, &QTableView::activated, this, [this](const QModelIndex& index) {
    Q_EMIT topicActivated(m_proxy->data(m_proxy->index(index.row(), TopicListModel::Name)).toString());
  });
}

QString TopicsPage::statusText() const {
  return m_status->text();
}

void TopicsPage::setStatus(const QString& text, bool error) {
  m_status->setStyleSheet(error ? QStringLiteral("color: %1").arg(colors::error().name()) : QString());
  m_status->setText(text);
}

QString TopicsPage::selectedTopic() const {
  auto rows = m_view->selectionModel()->selectedRows(TopicListModel::Name);
  return rows.isEmpty() ? QString() : rows.first().data().toString();
}

void TopicsPage::refresh() {
  m_loading = true;
  int generation = ++m_generation;
  setStatus(tr("Loading topics…"));
  m_session->call<std::vector<TopicRow>>(this, loadTopics, [this, generation](Result<std::vector<TopicRow>> rows) {
    if (generation != m_generation) return;
    m_loading = false;
    if (!rows) {
      setStatus(tr("Cannot list topics: %1").arg(toQt(rows.error().message)), true);
    } else {
      int internal = 0;
      for (const auto& r : *rows) internal += r.info.internal ? 1 : 0;
      m_model->setTopics(std::move(*rows));
      setStatus(tr("%1 topic(s), %2 internal%3")
                    .arg(m_model->available() + (m_model->showInternal() ? 0 : internal))
                    .arg(internal)
                    .arg(m_model->showInternal() || internal == 0 ? QString() : tr(" (hidden)")));
    }
    Q_EMIT refreshed();
  });
}

CreateTopicDialog* TopicsPage::openCreateDialog() {
  auto* dialog = new CreateTopicDialog(this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &CreateTopicDialog::createRequested, this, [this, dialog](const CreateTopicDialog::Request& r) {
    QPointer<CreateTopicDialog> guard(dialog);
    dialog->setEnabled(false);
    m_session->call<bool>(
        this,
        [r](kafka::ClusterClient& c) -> Result<bool> {
          auto s = c.createTopic(r.name.toStdString(), r.partitions, r.replication, r.configs);
          if (!s) return s.error();
          return true;
        },
        [this, guard, name = r.name](Result<bool> done) {
          if (!done) {
            if (guard) {
              guard->setEnabled(true);
              guard->showError(toQt(done.error().message));
            }
            return;
          }
          if (guard) guard->close();
          setStatus(tr("Created %1.").arg(name));
          Q_EMIT topicsChanged();
          refresh();
        });
  });
  dialog->open();
  return dialog;
}

ConfirmDeleteDialog* TopicsPage::openDeleteDialog(const QString& topic) {
  int row = m_model->rowOf(topic);
  qint64 messages = row >= 0 ? m_model->topic(row).info.messages() : 0;
  auto* dialog = new ConfirmDeleteDialog(topic, messages, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QDialog::accepted, this, [this, topic] {
    setStatus(tr("Deleting %1…").arg(topic));
    m_session->call<bool>(
        this,
        [topic](kafka::ClusterClient& c) -> Result<bool> {
          auto s = c.deleteTopic(topic.toStdString());
          if (!s) return s.error();
          return true;
        },
        [this, topic](Result<bool> done) {
          if (!done) {
            setStatus(tr("Cannot delete %1: %2").arg(topic, toQt(done.error().message)), true);
            return;
          }
          setStatus(tr("Deleted %1.").arg(topic));
          Q_EMIT topicsChanged();
          refresh();
        });
  });
  dialog->open();
  return dialog;
}

}  // namespace tributary::widgets
