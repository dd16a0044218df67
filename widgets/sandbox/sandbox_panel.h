#pragma once
// SandboxPanel: one row per sandbox server (PostgreSQL, MariaDB, Mosquitto):
// its state, connection settings, Start/Stop, "Open in terminal" (psql,
// mariadb, mosquitto_sub in a terminal emulator) and "Keep running" (pin:
// survive the window). Shown in a dock of the main window; GUI thread only.

#include <QWidget>

#include "core/sandbox/sandbox.h"

class QCheckBox;
class QLabel;
class QPushButton;

namespace tributary::widgets {

class SandboxController;

class SandboxPanel final : public QWidget {
  Q_OBJECT

 public:
  explicit SandboxPanel(SandboxController* controller, QWidget* parent = nullptr);

  // For tests and automation.
  QString stateText(sandbox::Kind kind) const;
  QString connectionText(sandbox::Kind kind) const;
  QPushButton* terminalButton(sandbox::Kind kind) const;
  // The command "Open in terminal" runs (terminal emulator first), empty when none is installed.
  static QStringList terminalCommand(const sandbox::ServerStatus& status);

 private:
  struct Row {
    QLabel* name;
    QLabel* state;
    QLabel* connection;
    QPushButton* startStop;
    QPushButton* terminal;
    QCheckBox* pin;
  };
  void update();
  void openTerminal(sandbox::Kind kind);
  Row& row(sandbox::Kind kind);
  const Row& row(sandbox::Kind kind) const;

  SandboxController* m_controller;
  QLabel* m_message;
  std::vector<Row> m_rows;
};

}  // namespace tributary::widgets
