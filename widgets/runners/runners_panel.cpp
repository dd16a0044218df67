#include "widgets/runners/runners_panel.h"

#include <algorithm>

#include <QComboBox>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "core/model/pipeline_file.h"
#include "core/remote/runner_client.h"
#include "widgets/document/pipeline_document.h"
#include "widgets/document/qt_json.h"
#include "widgets/document/run_async.h"
#include "widgets/runners/remote_run_monitor.h"
#include "widgets/runners/runner_store.h"

namespace tributary::widgets {
namespace {

constexpr int kRefreshMs = 3000;

// Worker thread: the token may be a reference to a file.
Result<std::unique_ptr<remote::RunnerClient>> clientFor(const QString& url, const QString& token) {
  auto resolved = RunnerStore::resolveToken(token);
  if (!resolved) return resolved.error();
  remote::ClientOptions options;
  options.token = *resolved;
  options.timeout = std::chrono::seconds(5);
  return remote::RunnerClient::create(url.toStdString(), options);
}

}  // namespace

RunnersPanel::RunnersPanel(PipelineDocument* document, QWidget* parent) : QWidget(parent), m_document(document) {
  m_pool.setMaxThreadCount(4);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  auto* bar = new QHBoxLayout;
  auto button = [&](const QString& text, const QString& tip, auto slot) {
    auto* b = new QToolButton(this);
    b->setText(text);
    b->setToolTip(tip);
    connect(b, &QToolButton::clicked, this, slot);
    bar->addWidget(b);
    return b;
  };
  button(tr("Add…"), tr("Add a runner by URL and token"), [this] { askForRunner(); });
  button(tr("Remove"), tr("Forget the selected runners"), [this] { removeSelected(); });
  button(tr("Refresh"), tr("Ask every runner for its health and pipelines now"), [this] { refreshAll(); });
  bar->addSpacing(12);
  button(tr("Deploy"), tr("Deploy the open pipeline to the selected runners (all when none is selected) and start it"),
         [this] { deployOpenPipeline(); });
  m_restart = new QComboBox(this);
  m_restart->setObjectName(QStringLiteral("runnersRestart"));
  m_restart->addItem(tr("Restart on failure"), QStringLiteral("on-failure"));
  m_restart->addItem(tr("Always restart"), QStringLiteral("always"));
  m_restart->addItem(tr("Never restart"), QStringLiteral("never"));
  m_restart->setToolTip(tr("What a runner does when the deployed pipeline fails: restart it after 1 s, 2 s, 4 s … "
                           "up to 60 s (always: also when it finishes), or leave it failed"));
  bar->addWidget(m_restart);
  button(tr("Start"), tr("Start the open pipeline on the selected runners"), [this] { lifecycle(QStringLiteral("start")); });
  button(tr("Stop"), tr("Stop the open pipeline on the selected runners"), [this] { lifecycle(QStringLiteral("stop")); });
  bar->addStretch(1);
  layout->addLayout(bar);

  m_tree = new QTreeWidget(this);
  m_tree->setColumnCount(4);
  m_tree->setHeaderLabels({tr("Runner / pipeline"), tr("Health"), tr("Version / state"), tr("Details")});
  m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
  m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  // Wide enough for the header text in any language.
  for (int c = 1; c < 3; ++c)
    m_tree->header()->resizeSection(c,
                                    std::max(m_tree->header()->sectionSize(c), m_tree->header()->sectionSizeHint(c)));
  m_tree->setRootIsDecorated(true);
  layout->addWidget(m_tree, 1);
  m_message = new QLabel(tr("No runners yet: add one with its URL (e.g. http://10.0.0.7:7070) and its API token."), this);
  m_message->setWordWrap(true);
  m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(m_message);
  m_live = new QLabel(this);
  m_live->setObjectName(QStringLiteral("runnersLive"));
  m_live->setWordWrap(true);
  m_live->hide();
  layout->addWidget(m_live);
  m_monitor = new RemoteRunMonitor(document, this);
  connect(m_monitor, &RemoteRunMonitor::updated, this, &RunnersPanel::showLive);
  // The runners of the last session, with their tokens as references.
  for (const RunnerRecord& r : RunnerStore::load()) appendRunner(r.url, r.token, r.token, true);
  if (!m_runners.empty()) {
    m_message->setText(tr("%n runner(s) from the last session.", nullptr, runnerCount()));
    m_monitor->setRunners([this] {
      std::vector<RemoteRunMonitor::RunnerRef> refs;
      for (const RunnerEntry& r : m_runners) refs.push_back({r.url, r.token});
      return refs;
    }());
    refreshAll();
  }

  m_timer = new QTimer(this);
  m_timer->setInterval(kRefreshMs);
  connect(m_timer, &QTimer::timeout, this, [this] { refreshAll(); });
  m_timer->start();
}

RunnersPanel::~RunnersPanel() {
  m_timer->stop();
  // Queued results posted by requests still in flight are dropped with this object.
  m_pool.clear();
  m_pool.waitForDone();
}

int RunnersPanel::runnerCount() const {
  return static_cast<int>(m_runners.size());
}

void RunnersPanel::askForRunner() {
  QDialog dialog(this);
  dialog.setWindowTitle(tr("Add a runner"));
  auto* form = new QFormLayout(&dialog);
  auto* url = new QLineEdit(QStringLiteral("http://127.0.0.1:7070"), &dialog);
  auto* token = new QLineEdit(&dialog);
  token->setEchoMode(QLineEdit::Password);
  token->setPlaceholderText(tr("the content of the runner's api-token file"));
  form->addRow(tr("URL"), url);
  form->addRow(tr("Token"), token);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
  form->addRow(buttons);
  connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  if (dialog.exec() != QDialog::Accepted) return;
  addRunner(url->text().trimmed(), token->text().trimmed());
}

void RunnersPanel::addRunner(const QString& url, const QString& token) {
  if (!url.startsWith(QLatin1String("http://")) && !url.startsWith(QLatin1String("https://"))) {
    report(tr("A runner URL starts with http:// or https:// — \"%1\" does not.").arg(url));
    return;
  }
  for (const RunnerEntry& r : m_runners)
    if (r.url == url) {
      report(tr("%1 is in the list already.").arg(url));
      return;
    }
  appendRunner(url, token, QString(), false);
  runnersChanged();
  refreshAll();
  // Keep the token as a reference (a typed one in a private file): file I/O, so on a worker.
  runAsync(
      m_pool, this, [url, token] { return RunnerStore::storeToken(url, token); },
      [this, url](Result<QString> stored) {
        if (!stored)
          return report(tr("The token of %1 is used for this session only: %2")
                            .arg(url, toQt(stored.error().toString())));
        const QString ref = *stored;
        bool known = false;
        for (RunnerEntry& r : m_runners)
          if (r.url == url) {
            r.stored = ref;
            r.persisted = known = true;
          }
        if (!known && !ref.isEmpty()) m_pool.start([ref] { RunnerStore::forgetToken(ref); });  // removed meanwhile
        runnersChanged();
      });
}

void RunnersPanel::appendRunner(const QString& url, const QString& token, const QString& stored, bool persisted) {
  m_runners.push_back({url, token, stored, persisted});
  auto* item = new QTreeWidgetItem(m_tree, {url, tr("…"), QString(), QString()});
  item->setData(0, Qt::UserRole, static_cast<int>(m_runners.size()) - 1);
  item->setExpanded(true);
}

QTreeWidgetItem* RunnersPanel::itemFor(int index) const {
  return index >= 0 && index < m_tree->topLevelItemCount() ? m_tree->topLevelItem(index) : nullptr;
}

void RunnersPanel::removeSelected() {
  std::vector<int> chosen;
  for (QTreeWidgetItem* item : m_tree->selectedItems())
    if (!item->parent()) chosen.push_back(m_tree->indexOfTopLevelItem(item));
  std::sort(chosen.rbegin(), chosen.rend());
  for (int i : chosen) {
    delete m_tree->takeTopLevelItem(i);
    QString stored = m_runners[static_cast<std::size_t>(i)].stored;
    m_runners.erase(m_runners.begin() + i);
    if (!stored.isEmpty()) m_pool.start([stored] { RunnerStore::forgetToken(stored); });
  }
  if (!chosen.empty()) runnersChanged();
}

std::vector<int> RunnersPanel::targets() const {
  std::vector<int> out;
  for (QTreeWidgetItem* item : m_tree->selectedItems()) {
    QTreeWidgetItem* top = item->parent() ? item->parent() : item;
    int i = m_tree->indexOfTopLevelItem(top);
    if (std::find(out.begin(), out.end(), i) == out.end()) out.push_back(i);
  }
  if (out.empty())
    for (int i = 0; i < runnerCount(); ++i) out.push_back(i);
  return out;
}

void RunnersPanel::refreshAll() {
  for (int i = 0; i < runnerCount(); ++i) {
    RunnerEntry entry = m_runners[static_cast<std::size_t>(i)];
    struct Answer {
      bool ok = false;
      QString error;
      nlohmann::json health, pipelines;
    };
    runAsync(
        m_pool, this,
        [entry] {
          // Worker thread: two requests.
          Answer a;
          auto client = clientFor(entry.url, entry.token);
          if (!client) {
            a.error = toQt(client.error().toString());
          } else if (auto h = (*client)->health(); !h) {
            a.error = toQt(h.error().message);
          } else {
            a.health = *h;
            auto p = (*client)->pipelines();
            if (p) {
              a.pipelines = *p;
              a.ok = true;
            } else {
              a.error = toQt(p.error().message);
            }
          }
          return a;
        },
        [this, i, url = entry.url](Answer a) {
          if (i < runnerCount() && m_runners[static_cast<std::size_t>(i)].url == url)
            showStatus(i, a.ok, a.error, a.health, a.pipelines);
        });
  }
}

void RunnersPanel::showStatus(int index, bool ok, const QString& error, const nlohmann::json& health,
                              const nlohmann::json& pipelines) {
  QTreeWidgetItem* item = itemFor(index);
  if (!item) return;
  const bool reachable = health.is_object() && health.value("status", "") == "ok";
  item->setText(1, reachable ? tr("healthy") : tr("unreachable"));
  item->setForeground(1, reachable ? QColor(0x2e, 0x9d, 0x5b) : QColor(0xd0, 0x45, 0x45));
  item->setText(2, reachable ? toQt(health.value("version", "")) : QString());
  item->setText(3, ok ? toQt(pipelines.value("runner", "")) : error);
  item->setToolTip(3, item->text(3));
  qDeleteAll(item->takeChildren());
  if (!ok) return;
  for (const auto& p : pipelines["pipelines"]) {
    QString details = tr("%1 mode, wants %2").arg(toQt(p.value("mode", "")), toQt(p.value("desired", "")));
    if (p.contains("parts") && p["parts"].contains("singleton"))
      details += tr("; singleton part: %1").arg(toQt(p["parts"]["singleton"].value("role", "")));
    if (!p.value("reason", std::string()).empty()) details += QStringLiteral(" — ") + toQt(p.value("reason", ""));
    if (toQt(p.value("name", "")) == toQt(m_document->pipeline().name)) {
      QString live = liveText(index);
      if (!live.isEmpty()) details = live + QStringLiteral("; ") + details;
    }
    // "restarting (attempt 2, next in 4s)" says more than "restarting".
    QString state = toQt(p.value("status_text", p.value("state", std::string())));
    if (p.contains("restart") && p["restart"].is_object())
      details += tr("; restart %1").arg(toQt(p["restart"].value("policy", "")));
    auto* child = new QTreeWidgetItem(item, {toQt(p.value("name", "")), QString(), state, details});
    child->setToolTip(3, details);
  }
}

void RunnersPanel::runnersChanged() {
  std::vector<RemoteRunMonitor::RunnerRef> refs;
  QList<RunnerRecord> records;
  for (const RunnerEntry& r : m_runners) {
    refs.push_back({r.url, r.token});
    if (r.persisted) records.append({r.url, r.stored});  // once its token is a reference
  }
  m_monitor->setRunners(std::move(refs));
  RunnerStore::save(records);
}

QString RunnersPanel::liveText(int index) const {
  if (index < 0 || index >= runnerCount()) return {};
  const std::string label = RemoteRunMonitor::runnerLabel(m_runners[static_cast<std::size_t>(index)].url).toStdString();
  const remote::FleetMetrics& fleet = m_monitor->fleet();
  bool live = false;
  for (const auto& r : fleet.runners())
    if (r.runner == label) {
      if (!r.deployed) return {};
      live = r.live;
    }
  // What reached the sinks on this runner.
  std::uint64_t records = 0;
  double rate = 0;
  const auto figures = fleet.nodes(label);
  for (const model::Node& node : m_document->pipeline().nodes) {
    const model::NodeSpec* spec = m_document->registry().find(node.type);
    if (!spec || spec->category != model::NodeCategory::Sink) continue;
    if (auto it = figures.find(node.id); it != figures.end()) {
      records += it->second.records;
      rate += it->second.rate;
    }
  }
  QString text = tr("%1 records into sinks").arg(QLocale::system().toString(static_cast<qulonglong>(records)));
  return live ? text + tr(", %1/s").arg(rate, 0, 'f', rate < 10 ? 1 : 0) : text + tr(" (stale: no answer)");
}

void RunnersPanel::showLive() {
  const QString summary = m_monitor->summary();
  m_live->setText(summary);
  m_live->setVisible(!summary.isEmpty());
  const std::string pipeline = m_document->pipeline().name;
  const auto statuses = m_monitor->fleet().runners();
  for (int i = 0; i < runnerCount(); ++i) {
    QTreeWidgetItem* item = itemFor(i);
    if (!item) continue;
    const std::string label = RemoteRunMonitor::runnerLabel(m_runners[static_cast<std::size_t>(i)].url).toStdString();
    for (const auto& r : statuses) {
      if (r.runner != label || r.live || !r.deployed) continue;
      // It had the pipeline and stopped answering: say so at once (the health refresh is slower).
      item->setText(1, tr("unreachable"));
      item->setForeground(1, QColor(0xd0, 0x45, 0x45));
      item->setToolTip(1, tr("No answer since %1 (%2). Its last totals stay in the merged figures; its rates do not.")
                              .arg(r.lastAnswerMs ? QDateTime::fromMSecsSinceEpoch(r.lastAnswerMs).toString(QStringLiteral("HH:mm:ss"))
                                                  : tr("never"),
                                   toQt(r.error)));
      // What its pipelines do now is not known.
      for (int c = 0; c < item->childCount(); ++c) {
        QTreeWidgetItem* child = item->child(c);
        if (!child->text(2).startsWith(QLatin1String("last: "))) child->setText(2, tr("last: %1").arg(child->text(2)));
      }
    }
    for (int c = 0; c < item->childCount(); ++c) {
      QTreeWidgetItem* child = item->child(c);
      if (child->text(0) != toQt(pipeline)) continue;
      QString details = child->text(3);
      // Replace the previous live figures (everything before the first "; " that ends them).
      int cut = details.indexOf(QLatin1String(" records into sinks"));
      if (cut >= 0) {
        int end = details.indexOf(QStringLiteral("; "), cut);
        details = end >= 0 ? details.mid(end + 2) : QString();
      }
      QString live = liveText(i);
      if (!live.isEmpty()) details = details.isEmpty() ? live : live + QStringLiteral("; ") + details;
      child->setText(3, details);
      child->setToolTip(3, details);
    }
  }
}

void RunnersPanel::report(const QString& message) {
  m_message->setText(message);
}

void RunnersPanel::deployOpenPipeline() {
  if (m_runners.empty()) return report(tr("Add a runner first."));
  const model::Pipeline& pipeline = m_document->pipeline();
  if (pipeline.name.empty()) return report(tr("Give the pipeline a name before deploying it."));
  const std::string text = model::serializePipeline(pipeline);
  const QString name = toQt(pipeline.name);
  report(tr("Deploying %1…").arg(name));
  const std::string restart = m_restart->currentData().toString().toStdString();
  for (int i : targets()) {
    RunnerEntry entry = m_runners[static_cast<std::size_t>(i)];
    runAsync(
        m_pool, this,
        [entry, text, restart] {
          auto client = clientFor(entry.url, entry.token);
          if (!client) return toQt(client.error().toString());
          if (auto d = (*client)->deploy(text, true, restart); !d) return tr("refused: %1").arg(toQt(d.error().message));
          return tr("deployed and started");
        },
        [this, url = entry.url, name](const QString& outcome) {
          report(tr("%1 on %2: %3").arg(name, url, outcome));
          refreshAll();
        });
  }
}

void RunnersPanel::lifecycle(const QString& action) {
  if (m_runners.empty()) return report(tr("Add a runner first."));
  const std::string name = m_document->pipeline().name;
  for (int i : targets()) {
    RunnerEntry entry = m_runners[static_cast<std::size_t>(i)];
    runAsync(
        m_pool, this,
        [entry, name, action] {
          auto client = clientFor(entry.url, entry.token);
          if (!client) return toQt(client.error().toString());
          auto r = action == QLatin1String("start") ? (*client)->start(name) : (*client)->stop(name);
          return r ? toQt(r->value("state", "")) : toQt(r.error().message);
        },
        [this, url = entry.url, name, action](const QString& outcome) {
          report(tr("%1 %2 on %3: %4").arg(action, toQt(name), url, outcome));
          refreshAll();
        });
  }
}

}  // namespace tributary::widgets
