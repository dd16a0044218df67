#pragma once
// LogPanel: the program's log (spdlog) as a table — time, level, node,
// message — with filters by level, node and text, follow mode (keeps the
// newest line in view) and copy (selected rows, or everything shown).
//
// Records arrive through LogSink, a spdlog sink added with log::addSink, so
// they pass the same redaction and also go to the rotating log file. The sink
// runs on whatever thread logs: it appends to a bounded queue and emits one
// queued signal per batch; the panel takes the queue on the GUI thread. A
// flood keeps the newest records (queue and table are bounded), and a busy
// worker never waits for the GUI. The sink outlives the panel safely (it is
// detached in the destructor). GUI thread only (the sink: any thread).

#include <memory>

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QTableView;

namespace tributary::widgets {

class LogSink;
class LogModel;
class LogFilter;

class LogPanel final : public QWidget {
  Q_OBJECT

 public:
  explicit LogPanel(QWidget* parent = nullptr);
  ~LogPanel() override;

  // Appends a record directly (GUI thread); level as spdlog's level_enum.
  void append(int level, const QString& time, const QString& logger, const QString& message);
  // The rows shown (after filters), one line each: "time LEVEL [node] message".
  QString text() const;
  int rowCount() const;
  int totalCount() const;

  void setMinimumLevel(int level);
  void setNodeFilter(const QString& node);  // empty: all nodes
  void setTextFilter(const QString& text);
  void setFollow(bool follow);
  bool follow() const;
  // Copies the selected rows (or, with nothing selected, every row shown) to the clipboard.
  void copy();
  // Takes what the sink has queued now (normally triggered by the sink's queued signal).
  void drain();

  QTableView* view() const { return m_view; }

 private:
  void updateNodes();

  LogModel* m_model;
  LogFilter* m_filter;
  QTableView* m_view;
  QComboBox* m_level;
  QComboBox* m_node;
  QLineEdit* m_text;
  QCheckBox* m_follow;
  std::shared_ptr<LogSink> m_sink;
};

}  // namespace tributary::widgets
