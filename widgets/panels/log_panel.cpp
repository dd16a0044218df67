#include "widgets/panels/log_panel.h"

#include <deque>
#include <mutex>

#include <spdlog/sinks/base_sink.h>

#include <QComboBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QPlainTextEdit>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/base/log.h"
#include "widgets/style/app_theme.h"
#include "widgets/style/icons.h"

namespace tributary::widgets {

struct LogLine {
  int level;
  QString time, logger, message;
};

// Collects log lines from any thread; the panel takes them on the GUI thread.
class LogQueueSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::deque<LogLine> take() {
    std::lock_guard lock(mutex_);
    std::deque<LogLine> out;
    out.swap(m_lines);
    return out;
  }
  void detach() {
    std::lock_guard lock(mutex_);
    m_detached = true;
    m_lines.clear();
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    if (m_detached) return;
    auto seconds = std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count();
    QString time = QDateTime::fromMSecsSinceEpoch(seconds).toString(QStringLiteral("HH:mm:ss.zzz"));
    m_lines.push_back(LogLine{static_cast<int>(msg.level), time,
                              QString::fromUtf8(msg.logger_name.data(), static_cast<qsizetype>(msg.logger_name.size())),
                              QString::fromUtf8(msg.payload.data(), static_cast<qsizetype>(msg.payload.size()))});
    if (m_lines.size() > 20000) m_lines.pop_front();  // a flood while the GUI is busy: keep the newest
  }
  void flush_() override {}

 private:
  std::deque<LogLine> m_lines;
  bool m_detached = false;
};

LogPanel::LogPanel(QWidget* parent)
    : QWidget(parent),
      m_view(new QPlainTextEdit(this)),
      m_level(new QComboBox(this)),
      m_timer(new QTimer(this)),
      m_sink(std::make_shared<LogQueueSink>()) {
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
  auto* clear = new QToolButton(this);
  clear->setIcon(icons::action(QStringLiteral("clear")));
  clear->setToolTip(tr("Clear the log"));
  clear->setAutoRaise(true);
  bar->addWidget(m_level);
  bar->addStretch(1);
  bar->addWidget(clear);
  layout->addLayout(bar);
  layout->addWidget(m_view);
  m_view->setReadOnly(true);
  m_view->setFrameShape(QFrame::NoFrame);
  m_view->setMaximumBlockCount(5000);
  m_view->setLineWrapMode(QPlainTextEdit::NoWrap);
  m_view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  connect(clear, &QToolButton::clicked, m_view, &QPlainTextEdit::clear);
  m_timer->setInterval(100);
  connect(m_timer, &QTimer::timeout, this, &LogPanel::drain);
  m_timer->start();
  m_sink->set_level(spdlog::level::trace);
  log::addSink(m_sink);
}

LogPanel::~LogPanel() {
  m_sink->detach();
}

void LogPanel::drain() {
  auto lines = m_sink->take();
  for (const auto& line : lines) append(line.level, line.time, line.logger, line.message);
}

void LogPanel::append(int level, const QString& time, const QString& logger, const QString& message) {
  if (level < m_level->currentData().toInt()) return;
  QColor color = level >= spdlog::level::err    ? colors::error()
                 : level == spdlog::level::warn ? colors::warning()
                                                : colors::mutedText();
  static const char* names[] = {"TRACE", "DEBUG", "INFO ", "WARN ", "ERROR", "CRIT ", "     "};
  QString name = QString::fromLatin1(names[std::clamp(level, 0, 6)]);
  m_view->appendHtml(QStringLiteral("<span style='color:%1'>%2</span> <span style='color:%3'><b>%4</b></span> "
                                    "<span style='color:%1'>%5</span> %6")
                         .arg(colors::mutedText().name(), time.toHtmlEscaped(), color.name(), name,
                              logger.isEmpty() ? QString() : QStringLiteral("[%1]").arg(logger.toHtmlEscaped()),
                              message.toHtmlEscaped()));
}

QString LogPanel::text() const {
  return m_view->toPlainText();
}

}  // namespace tributary::widgets
