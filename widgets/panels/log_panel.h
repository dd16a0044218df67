#pragma once
// LogPanel: the program's log (spdlog) in a dock. A spdlog sink, added with
// log::addSink, queues formatted lines from any thread; the panel drains the
// queue on the GUI thread every 100 ms, so a busy worker never waits for the
// GUI. The sink outlives the panel safely (it is detached in the destructor).
// Owned by the bottom dock; GUI thread only (the sink: any thread).

#include <memory>

#include <QWidget>

class QPlainTextEdit;
class QComboBox;
class QTimer;

namespace tributary::widgets {

class LogQueueSink;

class LogPanel final : public QWidget {
  Q_OBJECT

 public:
  explicit LogPanel(QWidget* parent = nullptr);
  ~LogPanel() override;

  // Appends a line directly (GUI thread); level names as spdlog's ("info", "warning", "error").
  void append(int level, const QString& time, const QString& logger, const QString& message);
  QString text() const;

 private:
  void drain();

  QPlainTextEdit* m_view;
  QComboBox* m_level;
  QTimer* m_timer;
  std::shared_ptr<LogQueueSink> m_sink;
};

}  // namespace tributary::widgets
