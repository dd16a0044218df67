#include "widgets/panels/log_panel.h"

#include <algorithm>
#include <atomic>
#include <deque>
#include <mutex>

#include <set>
#include <utility>

#include <spdlog/sinks/base_sink.h>

#include <QAbstractTableModel>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QRegularExpression>
#include <QLineEdit>
#include <QScrollBar>
#include <QShortcut>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/base/log.h"
#include "widgets/style/app_theme.h"
#include "widgets/style/icons.h"

namespace tributary::widgets {

struct LogRecord {
  int level = 0;
  qint64 timeMs = 0;
  QString logger, node, message;
};

namespace {

constexpr std::size_t kMaxQueued = 20000;  // between two drains
constexpr int kMaxRows = 50000;            // in the table

// "node shape: ..." is how the runtime names the node a message is about.
QString nodeOf(const QString& message) {
  if (!message.startsWith(QStringLiteral("node "))) return {};
  int colon = message.indexOf(QLatin1Char(':'), 5);
  if (colon < 0) return {};
  QString id = message.mid(5, colon - 5);
  static const QRegularExpression kId(QStringLiteral("^[A-Za-z0-9_.-]+$"));
  return kId.match(id).hasMatch() ? id : QString();
}

const char* levelName(int level) {
  static const char* names[] = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "CRIT", ""};
  return names[std::clamp(level, 0, 6)];
}

}  // namespace

// The bridge to the GUI thread: the sink emits ready() from the logging
// thread; the connection to the panel is queued.
class LogSignal final : public QObject {
  Q_OBJECT
 Q_SIGNALS:
  void ready();
};

class LogSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  LogSink() : m_signal(std::make_unique<LogSignal>()) {}
  LogSignal* signal() const { return m_signal.get(); }

  std::deque<LogRecord> take() {
    std::lock_guard lock(mutex_);
    m_pending.store(false);
    std::deque<LogRecord> out;
    out.swap(m_records);
    return out;
  }
  std::size_t dropped() {
    std::lock_guard lock(mutex_);
    return std::exchange(m_dropped, 0);
  }
  void detach() {
    std::lock_guard lock(mutex_);
    m_detached = true;
    m_records.clear();
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    if (m_detached) return;
    LogRecord r;
    r.level = static_cast<int>(msg.level);
    r.timeMs = std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count();
    r.logger = QString::fromUtf8(msg.logger_name.data(), static_cast<qsizetype>(msg.logger_name.size()));
    r.message = QString::fromUtf8(msg.payload.data(), static_cast<qsizetype>(msg.payload.size()));
    r.node = nodeOf(r.message);
    m_records.push_back(std::move(r));
    if (m_records.size() > kMaxQueued) {
      m_records.pop_front();  // a flood while the GUI is busy: keep the newest
      ++m_dropped;
    }
    // One queued signal per batch: the next one after the panel has taken the queue.
    if (!m_pending.exchange(true)) Q_EMIT m_signal->ready();
  }
  void flush_() override {}

 private:
  std::unique_ptr<LogSignal> m_signal;
  std::deque<LogRecord> m_records;
  std::size_t m_dropped = 0;
  std::atomic<bool> m_pending{false};
  bool m_detached = false;
};

class LogModel final : public QAbstractTableModel {
 public:
  enum Column { Time, Level, Node, Message, ColumnCount };
  using QAbstractTableModel::QAbstractTableModel;

  int rowCount(const QModelIndex& parent = {}) const override {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
  }
  int columnCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : ColumnCount; }
  QVariant headerData(int section, Qt::Orientation o, int role) const override {
    if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* names[] = {QT_TRANSLATE_NOOP("LogPanel", "Time"), QT_TRANSLATE_NOOP("LogPanel", "Level"),
                                  QT_TRANSLATE_NOOP("LogPanel", "Node"), QT_TRANSLATE_NOOP("LogPanel", "Message")};
    return QCoreApplication::translate("LogPanel", names[section]);
  }
  QVariant data(const QModelIndex& index, int role) const override {
    const LogRecord& r = m_rows[static_cast<std::size_t>(index.row())];
    if (role == Qt::DisplayRole) {
      switch (index.column()) {
        case Time:
          return QDateTime::fromMSecsSinceEpoch(r.timeMs).toString(QStringLiteral("HH:mm:ss.zzz"));
        case Level:
          return QString::fromLatin1(levelName(r.level));
        case Node:
          return r.node;
        case Message:
          return r.message;
      }
    } else if (role == Qt::ForegroundRole && (index.column() == Level || index.column() == Message)) {
      if (r.level >= spdlog::level::err) return colors::error();
      if (r.level == spdlog::level::warn) return colors::warning();
      if (index.column() == Level) return colors::mutedText();
    } else if (role == Qt::ForegroundRole && index.column() == Time) {
      return colors::mutedText();
    } else if (role == Qt::UserRole) {
      return r.level;
    } else if (role == Qt::ToolTipRole && index.column() == Message) {
      return r.message;
    }
    return {};
  }
  void append(std::deque<LogRecord>& records) {
    if (records.empty()) return;
    // Trim the oldest first, so the table never holds more than kMaxRows.
    std::size_t incoming = std::min<std::size_t>(records.size(), kMaxRows);
    while (records.size() > incoming) records.pop_front();
    std::size_t overflow = m_rows.size() + incoming > kMaxRows ? m_rows.size() + incoming - kMaxRows : 0;
    if (overflow > 0) {
      beginRemoveRows({}, 0, static_cast<int>(overflow) - 1);
      m_rows.erase(m_rows.begin(), m_rows.begin() + static_cast<std::ptrdiff_t>(overflow));
      endRemoveRows();
    }
    int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + static_cast<int>(incoming) - 1);
    for (auto& r : records) {
      if (!r.node.isEmpty()) m_nodes.insert(r.node);
      m_rows.push_back(std::move(r));
    }
    endInsertRows();
  }
  const std::set<QString>& nodes() const { return m_nodes; }

 private:
  std::deque<LogRecord> m_rows;
  std::set<QString> m_nodes;
};

class LogFilter final : public QSortFilterProxyModel {
 public:
  using QSortFilterProxyModel::QSortFilterProxyModel;
  void set(int level, const QString& node, const QString& text) {
    m_level = level;
    m_node = node;
    m_text = text;
    invalidateFilter();
  }

 protected:
  bool filterAcceptsRow(int row, const QModelIndex& parent) const override {
    auto* m = sourceModel();
    if (m->index(row, 0, parent).data(Qt::UserRole).toInt() < m_level) return false;
    if (!m_node.isEmpty() && m->index(row, LogModel::Node, parent).data().toString() != m_node) return false;
    if (!m_text.isEmpty() && !m->index(row, LogModel::Message, parent).data().toString().contains(m_text, Qt::CaseInsensitive))
      return false;
    return true;
  }

 private:
  int m_level = 0;
  QString m_node, m_text;
};

LogPanel::LogPanel(QWidget* parent)
    : QWidget(parent),
      m_model(new LogModel(this)),
      m_filter(new LogFilter(this)),
      m_view(new QTableView(this)),
      m_level(new QComboBox(this)),
      m_node(new QComboBox(this)),
      m_text(new QLineEdit(this)),
      m_follow(new QCheckBox(tr("Follow"), this)),
      m_sink(std::make_shared<LogSink>()) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  auto* bar = new QHBoxLayout;
  bar->setContentsMargins(6, 3, 6, 3);
  m_level->addItem(tr("All levels"), 0);
  m_level->addItem(tr("Info and above"), static_cast<int>(spdlog::level::info));
  m_level->addItem(tr("Warnings and errors"), static_cast<int>(spdlog::level::warn));
  m_level->addItem(tr("Errors only"), static_cast<int>(spdlog::level::err));
  m_level->setCurrentIndex(1);
  m_node->addItem(tr("All nodes"), QString());
  m_node->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  m_text->setPlaceholderText(tr("Filter messages"));
  m_text->setClearButtonEnabled(true);
  m_follow->setChecked(true);
  m_follow->setToolTip(tr("Keep the newest line in view"));
  auto* copy = new QToolButton(this);
  copy->setIcon(icons::action(QStringLiteral("copy")));
  copy->setToolTip(tr("Copy the selected lines (or all lines shown)"));
  copy->setAutoRaise(true);
  auto* clear = new QToolButton(this);
  clear->setIcon(icons::action(QStringLiteral("clear")));
  clear->setToolTip(tr("Clear the log view (the log file keeps everything)"));
  clear->setAutoRaise(true);
  bar->addWidget(m_level);
  bar->addWidget(m_node);
  bar->addWidget(m_text, 1);
  bar->addWidget(m_follow);
  bar->addWidget(copy);
  bar->addWidget(clear);
  layout->addLayout(bar);
  layout->addWidget(m_view, 1);

  m_filter->setSourceModel(m_model);
  m_view->setModel(m_filter);
  m_view->setFrameShape(QFrame::NoFrame);
  m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_view->setShowGrid(false);
  m_view->setWordWrap(false);
  m_view->verticalHeader()->hide();
  QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
  m_view->setFont(fixed);
  m_view->verticalHeader()->setDefaultSectionSize(QFontMetrics(fixed).height() + 4);
  m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  m_view->horizontalHeader()->setStretchLastSection(true);
  m_view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
  m_view->horizontalHeader()->setSectionResizeMode(LogModel::Time, QHeaderView::ResizeToContents);
  m_view->horizontalHeader()->setSectionResizeMode(LogModel::Level, QHeaderView::ResizeToContents);
  m_view->setColumnWidth(LogModel::Node, 110);
  m_filter->set(m_level->currentData().toInt(), {}, {});

  auto refilter = [this] {
    m_filter->set(m_level->currentData().toInt(), m_node->currentData().toString(), m_text->text());
    if (m_follow->isChecked()) m_view->scrollToBottom();
  };
  connect(m_level, &QComboBox::currentIndexChanged, this, refilter);
  connect(m_node, &QComboBox::currentIndexChanged, this, refilter);
  connect(m_text, &QLineEdit::textChanged, this, refilter);
  connect(m_follow, &QCheckBox::toggled, this, [this](bool on) {
    if (on) m_view->scrollToBottom();
  });
  // Scrolling up by hand leaves follow mode, as a terminal would.
  connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
    if (value < m_view->verticalScrollBar()->maximum() && m_view->verticalScrollBar()->isSliderDown())
      m_follow->setChecked(false);
  });
  connect(copy, &QToolButton::clicked, this, &LogPanel::copy);
  auto* shortcut = new QShortcut(QKeySequence(QKeySequence::Copy), m_view);
  shortcut->setContext(Qt::WidgetShortcut);
  connect(shortcut, &QShortcut::activated, this, &LogPanel::copy);
  connect(clear, &QToolButton::clicked, this, [this] {
    delete m_model;
    m_model = new LogModel(this);
    m_filter->setSourceModel(m_model);
  });
  connect(m_sink->signal(), &LogSignal::ready, this, &LogPanel::drain, Qt::QueuedConnection);
  m_sink->set_level(spdlog::level::trace);
  log::addSink(m_sink);
}

LogPanel::~LogPanel() {
  m_sink->detach();
  // The signal object lives as long as the sink; no queued call may reach us now.
  disconnect(m_sink->signal(), nullptr, this, nullptr);
}

void LogPanel::drain() {
  auto records = m_sink->take();
  if (std::size_t dropped = m_sink->dropped()) {
    LogRecord note;
    note.level = spdlog::level::warn;
    note.timeMs = QDateTime::currentMSecsSinceEpoch();
    note.message = tr("%n log record(s) were dropped while the view was busy (the log file has them)", nullptr,
                      static_cast<int>(dropped));
    records.push_front(std::move(note));
  }
  if (records.empty()) return;
  std::size_t nodes = m_model->nodes().size();
  m_model->append(records);
  if (m_model->nodes().size() != nodes) updateNodes();
  if (m_follow->isChecked()) m_view->scrollToBottom();
}

void LogPanel::updateNodes() {
  QString current = m_node->currentData().toString();
  QSignalBlocker block(m_node);
  m_node->clear();
  m_node->addItem(tr("All nodes"), QString());
  for (const QString& n : m_model->nodes()) m_node->addItem(n, n);
  m_node->setCurrentIndex(std::max(0, m_node->findData(current)));
}

void LogPanel::append(int level, const QString& time, const QString& logger, const QString& message) {
  LogRecord r;
  r.level = level;
  QTime t = QTime::fromString(time, QStringLiteral("HH:mm:ss.zzz"));
  r.timeMs = t.isValid() ? QDateTime(QDate::currentDate(), t).toMSecsSinceEpoch() : QDateTime::currentMSecsSinceEpoch();
  r.logger = logger;
  r.message = message;
  r.node = nodeOf(message);
  std::deque<LogRecord> one{std::move(r)};
  std::size_t nodes = m_model->nodes().size();
  m_model->append(one);
  if (m_model->nodes().size() != nodes) updateNodes();
  if (m_follow->isChecked()) m_view->scrollToBottom();
}

static QString rowText(const QAbstractItemModel* m, int row) {
  QString node = m->index(row, LogModel::Node).data().toString();
  return m->index(row, LogModel::Time).data().toString() + QLatin1Char(' ') +
         m->index(row, LogModel::Level).data().toString().leftJustified(5) + QLatin1Char(' ') +
         (node.isEmpty() ? QString() : QStringLiteral("[%1] ").arg(node)) +
         m->index(row, LogModel::Message).data().toString();
}

QString LogPanel::text() const {
  QStringList lines;
  for (int row = 0; row < m_filter->rowCount(); ++row) lines << rowText(m_filter, row);
  return lines.join(QLatin1Char('\n'));
}

int LogPanel::rowCount() const {
  return m_filter->rowCount();
}

int LogPanel::totalCount() const {
  return m_model->rowCount();
}

void LogPanel::copy() {
  QModelIndexList rows = m_view->selectionModel()->selectedRows();
  QString out;
  if (rows.isEmpty()) {
    out = text();
  } else {
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    QStringList lines;
    for (const QModelIndex& i : rows) lines << rowText(m_filter, i.row());
    out = lines.join(QLatin1Char('\n'));
  }
  QApplication::clipboard()->setText(out);
}

void LogPanel::setMinimumLevel(int level) {
  int index = m_level->findData(level);
  if (index >= 0) m_level->setCurrentIndex(index);
}

void LogPanel::setNodeFilter(const QString& node) {
  int index = m_node->findData(node);
  if (index < 0) {
    m_node->addItem(node, node);
    index = m_node->count() - 1;
  }
  m_node->setCurrentIndex(index);
}

void LogPanel::setTextFilter(const QString& text) {
  m_text->setText(text);
}

void LogPanel::setFollow(bool follow) {
  m_follow->setChecked(follow);
}

bool LogPanel::follow() const {
  return m_follow->isChecked();
}

}  // namespace tributary::widgets

#include "log_panel.moc"
