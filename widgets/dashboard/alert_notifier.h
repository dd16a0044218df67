#pragma once
// AlertNotifier: the desktop notification of alerts that start firing, sent
// through the system tray when the desktop has one (QSystemTrayIcon). Alerts
// that start firing in the same evaluation make one message, so a burst does
// not flood the desktop. Without a tray (offscreen, some desktops) nothing is
// shown; the dashboard's banner, the canvas badges and the log still are.
// The backend is replaceable (tests, other notification services).
// GUI thread only.

#include <functional>
#include <utility>
#include <vector>

#include <QObject>
#include <QString>

class QSystemTrayIcon;

namespace tributary::widgets {

class AlertNotifier final : public QObject {
  Q_OBJECT

 public:
  // Shows a message; returns whether it could.
  using Backend = std::function<bool(const QString& title, const QString& text)>;

  explicit AlertNotifier(QObject* parent = nullptr);

  void setBackend(Backend backend);
  // One evaluation's alerts that started firing: (rule name, what fired).
  void firing(const std::vector<std::pair<QString, QString>>& alerts);
  // The message firing() makes of them.
  static std::pair<QString, QString> message(const std::vector<std::pair<QString, QString>>& alerts);
  QSystemTrayIcon* trayIcon() const { return m_tray; }

 Q_SIGNALS:
  // After each message: `shown` says whether the desktop got it.
  void notified(const QString& title, const QString& text, bool shown);

 private:
  bool showInTray(const QString& title, const QString& text);

  Backend m_backend;
  QSystemTrayIcon* m_tray = nullptr;
};

}  // namespace tributary::widgets
