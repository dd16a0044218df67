#pragma once
// MessagesPage: Topic → Messages. Modes newest N, from offset, from time and
// live tail; a partition selector and a display format; a substring search
// and an expression filter (core/expr, see kafka::MessageFilter) over a
// bounded number of records, with progress and cancel; the table of messages
// (MessageTableModel) and the detail pane (MessageDetail); Produce and Export.
//
// Threads: browse, search and tail run as session jobs on threads of their
// own and push into a MessageQueue; a GUI-thread timer drains it in slices of
// at most kDrainSlice messages, so the event loop stays responsive while
// 100,000 messages stream in. Values longer than kPreviewBytes are kept cut
// and loaded whole (fetchOne, on the worker thread) when a row is selected.
// GUI thread only.

#include <functional>
#include <memory>
#include <vector>

#include <QElapsedTimer>
#include <QPointer>
#include <QWidget>

#include "core/kafka/browser.h"

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;
class QThread;
class QTimer;
class QToolButton;

namespace tributary::widgets {

class ClusterSession;
class MessageDetail;
class MessageQueue;
class MessageTableModel;
class ProduceDialog;

class MessagesPage final : public QWidget {
  Q_OBJECT

 public:
  enum class Mode { Newest, FromOffset, FromTime, Tail };
  enum class ExportFormat { JsonLines, Csv };
  static constexpr std::size_t kDrainSlice = 2500;
  static constexpr std::size_t kPreviewBytes = 4096;

  MessagesPage(ClusterSession* session, const QString& topic, QWidget* parent = nullptr);
  ~MessagesPage() override;

  QString topic() const { return m_topic; }
  void setPartitionCount(int partitions);

  // Programmatic versions of the controls (the buttons call these).
  void setMode(Mode mode);
  void setLimit(int n);
  void setPartition(int partition);  // -1: all
  void setStartOffset(qint64 offset);
  void setStartTime(qint64 msSinceEpoch);
  void setFormat(const QString& format);  // auto, json, string, hex
  void start();                           // runs the chosen mode
  // Substring and/or expression; an expression that does not compile is
  // reported under the search box and nothing starts (returns false).
  bool startSearch(const QString& substring, const QString& expression, qint64 maxScanned);
  void stop();
  ProduceDialog* openProduceDialog();
  // Writes all loaded messages (or only the rows shown) on a thread of its
  // own; exportFinished tells the outcome.
  void exportTo(const QString& path, ExportFormat format, bool onlyShown);
  static Status writeExport(const QString& path, ExportFormat format, const std::vector<kafka::Message>& messages);

  bool isBusy() const { return static_cast<bool>(m_cancel); }
  MessageTableModel* model() const { return m_model; }
  QTableView* view() const { return m_view; }
  MessageDetail* detail() const { return m_detail; }
  QProgressBar* progressBar() const { return m_progress; }
  QLabel* statusLabel() const { return m_status; }
  QLineEdit* searchEdit() const { return m_search; }
  QLineEdit* expressionEdit() const { return m_expression; }
  const kafka::SearchProgress& lastProgress() const { return m_lastProgress; }
  int progressReports() const { return m_progressReports; }
  // The longest one drain of the queue took in this job (the GUI thread's share of streaming).
  double longestDrainMs() const { return m_longestDrainMs; }
  double longestDrainCpuMs() const { return m_longestDrainCpuMs; }

 Q_SIGNALS:
  void jobFinished(bool ok, const QString& message);
  void searchProgress(qint64 scanned, qint64 total, qint64 matches);
  void exportFinished(bool ok, const QString& message);
  void produced(int partition, qint64 offset);
  // The detail pane got the Avro decoding of the message it shows.
  void avroDecoded();

 private:
  enum class Job { None, Browse, Search, Tail };
  // Job thread: reads and pushes what it finds into the queue.
  using JobWork = std::function<Status(kafka::ClusterClient&, const kafka::CancelFlag&, MessageQueue&)>;
  void startJob(Job job, JobWork work);
  void drain();
  void finishJob(const Status& status);
  void showRow(int row);
  // Shows `m` in the detail pane and, when it is Confluent-framed Avro, decodes it on the registry thread.
  void showInDetail(const kafka::Message& m);
  void loadFullValue(int row);
  void updateModeControls();
  std::vector<std::int32_t> partitions() const;
  void setStatus(const QString& text, bool error = false);

  ClusterSession* m_session;
  QString m_topic;
  MessageTableModel* m_model;
  MessageDetail* m_detail;
  QTableView* m_view;
  QComboBox* m_mode;
  QSpinBox* m_limit;
  QLineEdit* m_offset;
  QDateTimeEdit* m_time;
  QComboBox* m_partition;
  QComboBox* m_format;
  QPushButton* m_go;
  QPushButton* m_stop;
  QLineEdit* m_search;
  QLineEdit* m_expression;
  QSpinBox* m_maxScanned;
  QPushButton* m_searchButton;
  QProgressBar* m_progress;
  QLabel* m_status;
  QLabel* m_expressionError;
  QTimer* m_drainTimer;
  std::shared_ptr<MessageQueue> m_queue;
  std::shared_ptr<kafka::CancelFlag> m_cancel;
  Job m_job = Job::None;
  bool m_jobDone = true;
  Status m_jobStatus;
  QElapsedTimer m_jobClock;
  kafka::SearchProgress m_lastProgress;
  int m_progressReports = 0;
  double m_longestDrainMs = 0;
  double m_longestDrainCpuMs = 0;
  int m_partitions = 0;
  std::vector<QThread*> m_exports;
};

}  // namespace tributary::widgets
