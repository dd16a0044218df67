#include "widgets/dashboard/alert_notifier.h"

#include <QSystemTrayIcon>

#include "widgets/style/icons.h"

namespace tributary::widgets {

AlertNotifier::AlertNotifier(QObject* parent) : QObject(parent) {
  m_backend = [this](const QString& title, const QString& text) { return showInTray(title, text); };
}

void AlertNotifier::setBackend(Backend backend) {
  m_backend = std::move(backend);
}

std::pair<QString, QString> AlertNotifier::message(const std::vector<std::pair<QString, QString>>& alerts) {
  if (alerts.size() == 1) return {tr("Alert firing: %1").arg(alerts[0].first), alerts[0].second};
  QStringList lines;
  for (const auto& [name, detail] : alerts) lines << name + QStringLiteral(": ") + detail;
  return {tr("%1 alerts firing").arg(alerts.size()), lines.join(QLatin1Char('\n'))};
}

void AlertNotifier::firing(const std::vector<std::pair<QString, QString>>& alerts) {
  if (alerts.empty()) return;
  auto [title, text] = message(alerts);
  bool shown = m_backend && m_backend(title, text);
  Q_EMIT notified(title, text, shown);
}

bool AlertNotifier::showInTray(const QString& title, const QString& text) {
  if (!QSystemTrayIcon::isSystemTrayAvailable()) return false;
  if (!m_tray) {
    m_tray = new QSystemTrayIcon(icons::appIcon(), this);
    m_tray->setToolTip(tr("Tributary alerts"));
    m_tray->show();
  }
  m_tray->showMessage(title, text, QSystemTrayIcon::Warning, 10000);
  return true;
}

}  // namespace tributary::widgets
