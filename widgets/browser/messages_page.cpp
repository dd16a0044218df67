#include "widgets/browser/messages_page.h"

#include <ctime>

#include <QComboBox>
#include <QDateTimeEdit>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QThread>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

#include "core/kafka/message_filter.h"
#include "widgets/browser/cluster_session.h"
#include "widgets/browser/message_detail.h"
#include "widgets/browser/message_queue.h"
#include "widgets/browser/message_table_model.h"
#include "widgets/browser/produce_dialog.h"
#include "widgets/document/qt_json.h"
#include "widgets/style/app_theme.h"
#include "widgets/style/icons.h"

namespace tributary::widgets {
namespace {

nlohmann::json payloadJson(const std::optional<std::string>& bytes) {
  if (!bytes) return nullptr;
  auto parsed = nlohmann::json::parse(*bytes, nullptr, false);
  if (!parsed.is_discarded() && (parsed.is_object() || parsed.is_array())) return parsed;
  return *bytes;
}

std::string csvField(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

MessagesPage::MessagesPage(ClusterSession* session, const QString& topic, QWidget* parent)
    : QWidget(parent),
      m_session(session),
      m_topic(topic),
      m_model(new MessageTableModel(this)),
      m_drainTimer(new QTimer(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 6);

  // Row 1: what to read.
  auto* row1 = new QHBoxLayout;
  m_mode = new QComboBox;
  m_mode->addItem(tr("Newest"), static_cast<int>(Mode::Newest));
  m_mode->addItem(tr("From offset"), static_cast<int>(Mode::FromOffset));
  m_mode->addItem(tr("From time"), static_cast<int>(Mode::FromTime));
  m_mode->addItem(tr("Live tail"), static_cast<int>(Mode::Tail));
  m_limit = new QSpinBox;
  m_limit->setRange(1, 1'000'000);
  m_limit->setValue(100);
  m_limit->setGroupSeparatorShown(true);
  m_limit->setToolTip(tr("How many messages to show (for a search: the most matches to collect)"));
  m_offset = new QLineEdit(QStringLiteral("0"));
  m_offset->setMaximumWidth(130);
  m_offset->setToolTip(tr("The first offset to read, in each selected partition"));
  m_time = new QDateTimeEdit(QDateTime::currentDateTime().addSecs(-3600));
  m_time->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
  m_time->setCalendarPopup(true);
  m_partition = new QComboBox;
  m_partition->addItem(tr("All partitions"), -1);
  m_format = new QComboBox;
  for (const char* f : {"auto", "json", "string", "hex"})
    m_format->addItem(QString::fromLatin1(f), QString::fromLatin1(f));
  m_format->setToolTip(tr("How keys and values are shown"));
  m_go = new QPushButton(icons::action(QStringLiteral("run")), tr("Show"));
  m_go->setDefault(true);
  m_stop = new QPushButton(icons::action(QStringLiteral("stop")), tr("Stop"));
  m_stop->setEnabled(false);
  auto* produce = new QPushButton(icons::action(QStringLiteral("add")), tr("Produce…"));
  auto* exportButton = new QToolButton;
  exportButton->setText(tr("Export"));
  exportButton->setIcon(icons::action(QStringLiteral("save")));
  exportButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  exportButton->setPopupMode(QToolButton::InstantPopup);
  auto* exportMenu = new QMenu(exportButton);
  exportButton->setMenu(exportMenu);
  row1->addWidget(m_mode);
  row1->addWidget(m_limit);
  row1->addWidget(m_offset);
  row1->addWidget(m_time);
  row1->addWidget(m_partition);
  row1->addWidget(new QLabel(tr("Format")));
  row1->addWidget(m_format);
  row1->addWidget(m_go);
  row1->addWidget(m_stop);
  row1->addStretch();
  row1->addWidget(produce);
  row1->addWidget(exportButton);
  layout->addLayout(row1);

  // Row 2: search.
  auto* row2 = new QHBoxLayout;
  m_search = new QLineEdit;
  m_search->setPlaceholderText(tr("Text in key, value or headers"));
  m_search->setClearButtonEnabled(true);
  m_search->addAction(icons::action(QStringLiteral("search")), QLineEdit::LeadingPosition);
  m_expression = new QLineEdit;
  m_expression->setPlaceholderText(tr("Filter, e.g. value.amount > 100 AND headers.origin = 'web'"));
  m_expression->setClearButtonEnabled(true);
  m_expression->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  m_maxScanned = new QSpinBox;
  m_maxScanned->setRange(1, 100'000'000);
  m_maxScanned->setValue(1'000'000);
  m_maxScanned->setGroupSeparatorShown(true);
  m_maxScanned->setPrefix(tr("scan "));
  m_maxScanned->setToolTip(tr("The most records to scan (the newest ones)"));
  m_searchButton = new QPushButton(tr("Search"));
  m_progress = new QProgressBar;
  m_progress->setMaximumWidth(180);
  m_progress->setTextVisible(true);
  m_progress->setVisible(false);
  row2->addWidget(m_search, 2);
  row2->addWidget(m_expression, 3);
  row2->addWidget(m_maxScanned);
  row2->addWidget(m_searchButton);
  row2->addWidget(m_progress);
  layout->addLayout(row2);
  m_expressionError = new QLabel;
  m_expressionError->setStyleSheet(QStringLiteral("color: %1").arg(colors::error().name()));
  m_expressionError->setWordWrap(true);
  m_expressionError->setVisible(false);
  layout->addWidget(m_expressionError);

  auto* split = new QSplitter(Qt::Vertical);
  m_view = new QTableView;
  m_view->setObjectName(QStringLiteral("messagesTable"));
  m_view->setModel(m_model);
  m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_view->setSelectionMode(QAbstractItemView::SingleSelection);
  m_view->setAlternatingRowColors(true);
  m_view->setWordWrap(false);
  m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
  // Fixed row heights: the view never measures 100,000 rows.
  m_view->verticalHeader()->setVisible(false);
  m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
  QHeaderView* h = m_view->horizontalHeader();
  h->setSectionResizeMode(QHeaderView::Interactive);
  h->resizeSection(MessageTableModel::Partition, 70);
  h->resizeSection(MessageTableModel::Offset, 90);
  h->resizeSection(MessageTableModel::Timestamp, 170);
  h->resizeSection(MessageTableModel::Key, 120);
  h->resizeSection(MessageTableModel::Value, 520);
  h->setStretchLastSection(true);
  m_detail = new MessageDetail;
  split->addWidget(m_view);
  split->addWidget(m_detail);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  layout->addWidget(split, 1);
  m_status = new QLabel(tr("Choose what to show, then Show."));
  layout->addWidget(m_status);

  m_drainTimer->setInterval(20);
  connect(m_drainTimer, &QTimer::timeout, this, &MessagesPage::drain);
  connect(m_mode, &QComboBox::currentIndexChanged, this, &MessagesPage::updateModeControls);
  connect(m_go, &QPushButton::clicked, this, &MessagesPage::start);
  connect(m_stop, &QPushButton::clicked, this, &MessagesPage::stop);
  connect(m_searchButton, &QPushButton::clicked, this,
          [this] { startSearch(m_search->text(), m_expression->text(), m_maxScanned->value()); });
  connect(m_search, &QLineEdit::returnPressed, m_searchButton, &QPushButton::click);
  connect(m_expression, &QLineEdit::returnPressed, m_searchButton, &QPushButton::click);
  connect(m_format, &QComboBox::currentIndexChanged, this, [this] {
    m_model->setFormat(m_format->currentData().toString());
    if (m_view->currentIndex().isValid()) showRow(m_view->currentIndex().row());
  });
  connect(produce, &QPushButton::clicked, this, &MessagesPage::openProduceDialog);
  connect(exportMenu, &QMenu::aboutToShow, this, [this, exportMenu] {
    exportMenu->clear();
    auto ask = [this](bool onlyShown) {
      QString selected;
      QString path = QFileDialog::getSaveFileName(this, tr("Export messages"), m_topic + QStringLiteral(".jsonl"),
                                                  tr("JSON lines (*.jsonl);;CSV (*.csv)"), &selected);
      if (path.isEmpty()) return;
      bool csv = path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive) || selected.startsWith(QLatin1String("CSV"));
      exportTo(path, csv ? ExportFormat::Csv : ExportFormat::JsonLines, onlyShown);
    };
    exportMenu->addAction(tr("Shown rows (%1)…").arg(m_model->shown()), this, [ask] { ask(true); });
    exportMenu->addAction(tr("All loaded or matching (%1)…").arg(m_model->loaded()), this, [ask] { ask(false); });
  });
  connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
    if (current.isValid()) showRow(current.row());
  });
  connect(m_detail, &MessageDetail::loadFullValueRequested, this, [this] {
    if (m_view->currentIndex().isValid()) loadFullValue(m_view->currentIndex().row());
  });
  updateModeControls();
}

MessagesPage::~MessagesPage() {
  if (m_cancel) m_cancel->store(true);
  for (QThread* t : m_exports) {
    t->wait();
    delete t;
  }
}

void MessagesPage::setStatus(const QString& text, bool error) {
  m_status->setStyleSheet(error ? QStringLiteral("color: %1").arg(colors::error().name()) : QString());
  m_status->setText(text);
}

void MessagesPage::setPartitionCount(int partitions) {
  m_partitions = partitions;
  int keep = m_partition->currentData().toInt();
  m_partition->clear();
  m_partition->addItem(tr("All partitions"), -1);
  for (int p = 0; p < partitions; ++p) m_partition->addItem(tr("Partition %1").arg(p), p);
  setPartition(keep < partitions ? keep : -1);
}

void MessagesPage::setMode(Mode mode) {
  m_mode->setCurrentIndex(m_mode->findData(static_cast<int>(mode)));
}
void MessagesPage::setLimit(int n) {
  m_limit->setValue(n);
}
void MessagesPage::setPartition(int partition) {
  int i = m_partition->findData(partition);
  m_partition->setCurrentIndex(i < 0 ? 0 : i);
}
void MessagesPage::setStartOffset(qint64 offset) {
  m_offset->setText(QString::number(offset));
}
void MessagesPage::setStartTime(qint64 ms) {
  m_time->setDateTime(QDateTime::fromMSecsSinceEpoch(ms));
}
void MessagesPage::setFormat(const QString& format) {
  m_format->setCurrentIndex(m_format->findData(format));
}

void MessagesPage::updateModeControls() {
  auto mode = static_cast<Mode>(m_mode->currentData().toInt());
  m_offset->setVisible(mode == Mode::FromOffset);
  m_time->setVisible(mode == Mode::FromTime);
  m_limit->setEnabled(mode != Mode::Tail);
  m_go->setText(mode == Mode::Tail ? tr("Start") : tr("Show"));
}

std::vector<std::int32_t> MessagesPage::partitions() const {
  int p = m_partition->currentData().toInt();
  if (p < 0) return {};
  return {p};
}

void MessagesPage::startJob(Job job, JobWork work) {
  if (m_cancel) m_cancel->store(true);  // the previous job stops; its late answers are ignored
  m_queue = std::make_shared<MessageQueue>();
  m_model->clear();
  m_detail->clear();
  m_job = job;
  m_jobDone = false;
  m_jobStatus = Status();
  m_lastProgress = {};
  m_progressReports = 0;
  m_longestDrainMs = 0;
  m_longestDrainCpuMs = 0;
  m_jobClock.start();
  m_stop->setEnabled(true);
  m_progress->setVisible(job == Job::Search);
  m_progress->setRange(0, 0);
  auto queue = m_queue;
  m_cancel = m_session->startJob(
      this,
      [queue, work = std::move(work)](kafka::ClusterClient& c, const kafka::CancelFlag& cancel) {
        return work(c, cancel, *queue);
      },
      [this, queue](Status status) {
        if (queue != m_queue) return;  // an older job
        m_jobDone = true;
        m_jobStatus = status;
        drain();
      });
  m_drainTimer->start();
}

void MessagesPage::start() {
  auto mode = static_cast<Mode>(m_mode->currentData().toInt());
  std::string topic = m_topic.toStdString();
  auto parts = partitions();
  if (mode == Mode::Tail) {
    setStatus(tr("Waiting for new messages…"));
    startJob(Job::Tail, [topic, parts](kafka::ClusterClient& c, const kafka::CancelFlag& cancel, MessageQueue& queue) {
      kafka::MessageBrowser browser(c);
      return browser.tail(
          topic, parts,
          [&queue](const kafka::Message& m) {
            kafka::Message copy = m;
            if (copy.value && copy.value->size() > kPreviewBytes) copy.value->resize(kPreviewBytes);
            queue.push(std::move(copy));
          },
          cancel);
    });
    return;
  }
  kafka::BrowseRequest request;
  request.topic = topic;
  request.partitions = parts;
  request.limit = static_cast<std::size_t>(m_limit->value());
  request.maxValueBytes = kPreviewBytes;
  if (mode == Mode::Newest) {
    request.from = kafka::StartAt::Newest;
  } else if (mode == Mode::FromOffset) {
    bool ok = false;
    request.offset = m_offset->text().trimmed().toLongLong(&ok);
    if (!ok || request.offset < 0) {
      setStatus(tr("The start offset must be a number ≥ 0, not \"%1\".").arg(m_offset->text()), true);
      return;
    }
    request.from = kafka::StartAt::Offset;
  } else {
    request.from = kafka::StartAt::Timestamp;
    request.timestampMs = m_time->dateTime().toMSecsSinceEpoch();
  }
  setStatus(tr("Reading…"));
  startJob(Job::Browse,
           [request](kafka::ClusterClient& c, const kafka::CancelFlag& cancel, MessageQueue& queue) -> Status {
             kafka::MessageBrowser browser(c);
             auto messages = browser.browse(request, &cancel);
             if (!messages) return messages.error();
             queue.push(std::move(*messages));
             return {};
           });
}

bool MessagesPage::startSearch(const QString& substring, const QString& expression, qint64 maxScanned) {
  kafka::SearchRequest request;
  request.topic = m_topic.toStdString();
  request.partitions = partitions();
  request.substring = substring.toStdString();
  request.maxScanned = maxScanned;
  request.maxResults = static_cast<std::size_t>(m_limit->value());
  request.maxValueBytes = kPreviewBytes;
  if (!expression.trimmed().isEmpty()) {
    auto filter = kafka::MessageFilter::compile(expression.toStdString());
    if (!filter) {
      m_expressionError->setText(tr("Filter: %1").arg(toQt(filter.error().message)));
      m_expressionError->setVisible(true);
      return false;
    }
    request.matcher = filter->matcher();
  }
  m_expressionError->setVisible(false);
  setStatus(tr("Searching…"));
  startJob(Job::Search,
           [request](kafka::ClusterClient& c, const kafka::CancelFlag& cancel, MessageQueue& queue) -> Status {
             kafka::MessageBrowser browser(c);
             auto result = browser.search(
                 request, [&queue](const kafka::Message& m) { queue.push(m); },
                 [&queue](const kafka::SearchProgress& p) { queue.setProgress(p); }, &cancel);
             if (!result) return result.error();
             queue.setProgress(*result);
             return {};
           });
  return true;
}

void MessagesPage::stop() {
  if (m_cancel) m_cancel->store(true);
  m_stop->setEnabled(false);
}

void MessagesPage::drain() {
  if (!m_queue) return;
  // Wall and CPU time of this slice: on a loaded machine the two differ, and
  // only the second is the work done here.
  auto threadCpuMs = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
  };
  QElapsedTimer clock;
  clock.start();
  struct Measure {
    QElapsedTimer& clock;
    double cpuStart;
    decltype(threadCpuMs)& cpu;
    double& longest;
    double& longestCpu;
    ~Measure() {
      longest = std::max(longest, static_cast<double>(clock.nsecsElapsed()) / 1e6);
      longestCpu = std::max(longestCpu, cpu() - cpuStart);
    }
  } measure{clock, threadCpuMs(), threadCpuMs, m_longestDrainMs, m_longestDrainCpuMs};
  QScrollBar* bar = m_view->verticalScrollBar();
  bool atBottom = bar->value() >= bar->maximum() - 2;
  auto batch = m_queue->take(kDrainSlice);
  if (!batch.empty()) m_model->append(std::move(batch));
  // Following a tail: reveal what arrived (bounded per tick) and stay at the
  // bottom. Otherwise rows appear as the user scrolls (the view's fetchMore).
  if (m_job == Job::Tail && atBottom) {
    if (m_model->canFetchMore({})) m_model->fetchMore({});
    if (m_model->rowCount() > 0) m_view->scrollToBottom();
  }
  kafka::SearchProgress p;
  if (m_job == Job::Search && m_queue->progress(p) &&
      (p.scanned != m_lastProgress.scanned || p.matches != m_lastProgress.matches || m_progressReports == 0)) {
    m_lastProgress = p;
    ++m_progressReports;
    // QProgressBar takes ints: show per-mille of a range that may exceed 2^31.
    m_progress->setRange(0, 1000);
    m_progress->setValue(p.total > 0 ? static_cast<int>(p.scanned * 1000 / p.total) : 1000);
    m_progress->setFormat(tr("%1 of %2")
                              .arg(QLocale().toString(static_cast<qlonglong>(p.scanned)),
                                   QLocale().toString(static_cast<qlonglong>(p.total))));
    setStatus(tr("Scanned %1 of %2 · %3 found…")
                  .arg(QLocale().toString(static_cast<qlonglong>(p.scanned)),
                       QLocale().toString(static_cast<qlonglong>(p.total)))
                  .arg(p.matches));
    Q_EMIT searchProgress(p.scanned, p.total, static_cast<qint64>(p.matches));
  }
  if (m_job == Job::Tail && !m_jobDone)
    setStatus(tr("Live tail: %1 message(s) received%2")
                  .arg(QLocale().toString(static_cast<qulonglong>(m_model->loaded() + m_model->dropped())))
                  .arg(m_model->dropped() == 0
                           ? QString()
                           : tr(" (the oldest %1 let go to bound memory)")
                                 .arg(QLocale().toString(static_cast<qulonglong>(m_model->dropped())))));
  if (!m_jobDone || m_queue->pending() > 0) return;

  // The job has ended and everything it found is in the model.
  m_drainTimer->stop();
  m_stop->setEnabled(false);
  m_cancel.reset();
  qint64 ms = m_jobClock.elapsed();
  QString text;
  bool ok = m_jobStatus.ok();
  if (!ok) {
    text = toQt(m_jobStatus.error().message);
  } else if (m_job == Job::Search) {
    text = tr("Scanned %1 of %2 in %3 ms · %4 found%5")
               .arg(QLocale().toString(static_cast<qlonglong>(m_lastProgress.scanned)),
                    QLocale().toString(static_cast<qlonglong>(m_lastProgress.total)))
               .arg(ms)
               .arg(m_lastProgress.matches)
               .arg(m_lastProgress.cancelled      ? tr(" (cancelled)")
                    : m_lastProgress.limitReached ? tr(" (stopped at the limit)")
                                                  : QString());
    m_progress->setValue(1000);
  } else if (m_job == Job::Tail) {
    text = tr("Tail stopped after %1 message(s).").arg(m_model->loaded());
  } else {
    text = tr("%1 message(s) in %2 ms").arg(m_model->loaded()).arg(ms);
  }
  setStatus(text, !ok);
  Q_EMIT jobFinished(ok, text);
}

void MessagesPage::showRow(int row) {
  if (row < 0 || static_cast<std::size_t>(row) >= m_model->loaded()) return;
  const kafka::Message& m = m_model->message(static_cast<std::size_t>(row));
  showInDetail(m);
  if (m.valueTruncated()) loadFullValue(row);
}

void MessagesPage::showInDetail(const kafka::Message& m) {
  m_detail->setMessage(m_topic, m, m_model->format());
  const QString format = m_model->format();
  if (format == QLatin1String("hex") || format == QLatin1String("string")) return;  // raw bytes asked for
  std::int32_t id = ClusterSession::confluentSchemaId(m.value);
  if (!id) id = ClusterSession::confluentSchemaId(m.key);
  if (!id) return;
  if (!m_session->hasRegistry()) {
    m_detail->setAvroNote(tr("Confluent-framed Avro (schema id %1): give this cluster a Schema Registry to decode "
                             "it. Shown as hex.")
                              .arg(id),
                          true);
    return;
  }
  m_detail->setAvroNote(tr("Decoding Avro (schema id %1)…").arg(id), false);
  const std::int32_t partition = m.partition;
  const std::int64_t offset = m.offset;
  const bool truncated = m.valueTruncated();
  m_session->decodeAvro(this, m, [this, partition, offset, truncated](ClusterSession::DecodedMessage d) {
    const kafka::Message& shown = m_detail->message();
    // Another row (or the whole value) may be shown by now.
    if (!m_detail->hasMessage() || shown.partition != partition || shown.offset != offset ||
        shown.valueTruncated() != truncated)
      return;
    m_detail->setAvro(d.key, d.value);
    Q_EMIT avroDecoded();
  });
}

void MessagesPage::loadFullValue(int row) {
  const kafka::Message& m = m_model->message(static_cast<std::size_t>(row));
  std::string topic = m_topic.toStdString();
  std::int32_t partition = m.partition;
  std::int64_t offset = m.offset;
  m_detail->setLoading(tr("Loading the whole value (%1 bytes)…").arg(m.valueSize));
  m_session->call<kafka::Message>(
      this,
      [topic, partition, offset](kafka::ClusterClient& c) {
        return kafka::MessageBrowser(c).fetchOne(topic, partition, offset);
      },
      [this, partition, offset](Result<kafka::Message> full) {
        // The row may have moved (a tail drops old rows): find it again.
        int row = -1;
        for (std::size_t i = 0; i < m_model->loaded(); ++i)
          if (m_model->message(i).partition == partition && m_model->message(i).offset == offset) {
            row = static_cast<int>(i);
            break;
          }
        if (!full) {
          m_detail->setLoading(tr("Cannot load the value: %1").arg(toQt(full.error().message)));
          return;
        }
        bool current = row >= 0 && m_view->currentIndex().row() == row;
        if (current) showInDetail(*full);
        if (row >= 0) m_model->replace(row, std::move(*full));
      });
}

ProduceDialog* MessagesPage::openProduceDialog() {
  auto* dialog = new ProduceDialog(m_topic, m_partitions, m_session, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &ProduceDialog::produceRequested, this, [this, dialog](const kafka::ProduceMessage& message) {
    QPointer<ProduceDialog> guard(dialog);
    dialog->setEnabled(false);
    std::string topic = m_topic.toStdString();
    m_session->call<kafka::Produced>(
        this, [topic, message](kafka::ClusterClient& c) { return c.produce(topic, message); },
        [this, guard](Result<kafka::Produced> result) {
          if (!result) {
            if (guard) {
              guard->setEnabled(true);
              guard->showError(toQt(result.error().message));
            }
            return;
          }
          if (guard) guard->close();
          setStatus(tr("Produced to partition %1 at offset %2.").arg(result->partition).arg(result->offset));
          Q_EMIT produced(result->partition, result->offset);
        });
  });
  dialog->open();
  return dialog;
}

Status MessagesPage::writeExport(const QString& path, ExportFormat format,
                                 const std::vector<kafka::Message>& messages) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly))
    return makeError(ErrorCode::Io, "cannot write " + path.toStdString() + ": " + file.errorString().toStdString(),
                     path.toStdString());
  std::string out;
  auto flush = [&] {
    file.write(out.data(), static_cast<qint64>(out.size()));
    out.clear();
  };
  if (format == ExportFormat::Csv) out += "partition,offset,timestamp,key,value,headers\n";
  for (const auto& m : messages) {
    nlohmann::json headers = nlohmann::json::object();
    for (const auto& [k, v] : m.headers) headers[k] = v ? nlohmann::json(*v) : nlohmann::json(nullptr);
    auto dump = [](const nlohmann::json& j) {
      return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    };
    if (format == ExportFormat::JsonLines) {
      nlohmann::json line{{"partition", m.partition},      {"offset", m.offset},
                          {"timestamp", m.timestampMs},    {"key", m.key ? nlohmann::json(*m.key) : nullptr},
                          {"value", payloadJson(m.value)}, {"headers", headers}};
      if (m.valueTruncated()) line["value_size"] = m.valueSize;  // cut at the browse limit
      out += dump(line);
      out += '\n';
    } else {
      out += std::to_string(m.partition) + ',' + std::to_string(m.offset) + ',' + std::to_string(m.timestampMs) + ',' +
             (m.key ? csvField(*m.key) : std::string()) + ',' + (m.value ? csvField(*m.value) : std::string()) + ',' +
             csvField(dump(headers)) + '\n';
    }
    if (out.size() > (1 << 20)) flush();
  }
  flush();
  if (!file.commit())
    return makeError(ErrorCode::Io, "cannot write " + path.toStdString() + ": " + file.errorString().toStdString(),
                     path.toStdString());
  return {};
}

void MessagesPage::exportTo(const QString& path, ExportFormat format, bool onlyShown) {
  std::size_t n = onlyShown ? static_cast<std::size_t>(m_model->shown()) : m_model->loaded();
  auto messages = std::make_shared<std::vector<kafka::Message>>();
  messages->reserve(n);
  for (std::size_t i = 0; i < n; ++i) messages->push_back(m_model->message(i));
  setStatus(tr("Exporting %1 message(s)…").arg(n));
  QThread* thread = QThread::create([this, path, format, messages] {
    Status s = writeExport(path, format, *messages);
    // The page waits for this thread in its destructor, so it exists here.
    QMetaObject::invokeMethod(
        this,
        [this, s, path, n = messages->size()] {
          bool ok = s.ok();
          QString text =
              ok ? tr("Exported %1 message(s) to %2.").arg(n).arg(QFileInfo(path).fileName()) : toQt(s.error().message);
          setStatus(text, !ok);
          Q_EMIT exportFinished(ok, text);
        },
        Qt::QueuedConnection);
  });
  connect(thread, &QThread::finished, this, [this, thread] {
    m_exports.erase(std::remove(m_exports.begin(), m_exports.end(), thread), m_exports.end());
    thread->deleteLater();
  });
  m_exports.push_back(thread);
  thread->start();
}

}  // namespace tributary::widgets
