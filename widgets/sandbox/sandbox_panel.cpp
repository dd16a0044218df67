#include "widgets/sandbox/sandbox_panel.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QStandardPaths>
#include <QVBoxLayout>

#include "widgets/sandbox/sandbox_controller.h"

namespace tributary::widgets {

namespace {

QString q(std::string_view s) { return QString::fromUtf8(s.data(), static_cast<int>(s.size())); }

QString title(sandbox::Kind kind) {
  switch (kind) {
    case sandbox::Kind::Postgres: return QObject::tr("PostgreSQL");
    case sandbox::Kind::MariaDb: return QObject::tr("MariaDB");
    case sandbox::Kind::Mosquitto: return QObject::tr("Mosquitto (MQTT)");
  }
  return {};
}

// The state as the panel shows it (core's names are English identifiers).
QString stateName(sandbox::ServerState state) {
  switch (state) {
    case sandbox::ServerState::Absent: return QObject::tr("absent");
    case sandbox::ServerState::Running: return QObject::tr("running");
    case sandbox::ServerState::Starting: return QObject::tr("starting");
    case sandbox::ServerState::Stopped: return QObject::tr("stopped");
    case sandbox::ServerState::Dead: return QObject::tr("dead");
  }
  return q(sandbox::toString(state));
}

}  // namespace

SandboxPanel::SandboxPanel(SandboxController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_message(new QLabel(this)) {
  auto* outer = new QVBoxLayout(this);
  auto* intro = new QLabel(tr("Local throw-away servers for templates. They stop when Tributary quits unless "
                              "<i>Keep running</i> is ticked."),
                           this);
  intro->setWordWrap(true);
  outer->addWidget(intro);
  auto* grid = new QGridLayout;
  outer->addLayout(grid);
  int r = 0;
  for (auto kind : sandbox::allKinds()) {
    Row row;
    row.name = new QLabel(QStringLiteral("<b>%1</b>").arg(title(kind)), this);
    row.state = new QLabel(this);
    row.state->setObjectName(QStringLiteral("state-") + q(sandbox::toString(kind)));
    row.connection = new QLabel(this);
    row.connection->setTextInteractionFlags(Qt::TextSelectableByMouse);
    row.connection->setObjectName(QStringLiteral("connection-") + q(sandbox::toString(kind)));
    row.startStop = new QPushButton(this);
    row.terminal = new QPushButton(tr("Open in terminal"), this);
    row.terminal->setObjectName(QStringLiteral("terminal-") + q(sandbox::toString(kind)));
    row.pin = new QCheckBox(tr("Keep running"), this);
    row.pin->setToolTip(tr("Leave this server running when Tributary quits"));
    grid->addWidget(row.name, r, 0);
    grid->addWidget(row.state, r, 1);
    grid->addWidget(row.startStop, r, 2);
    grid->addWidget(row.terminal, r, 3);
    grid->addWidget(row.pin, r, 4);
    grid->addWidget(row.connection, r + 1, 0, 1, 5);
    r += 2;
    connect(row.startStop, &QPushButton::clicked, this, [this, kind] {
      auto s = m_controller->sandbox().status(kind);
      if (s.state == sandbox::ServerState::Running || s.state == sandbox::ServerState::Starting)
        m_controller->stopServer(kind);
      else
        m_controller->startServer(kind);
    });
    connect(row.terminal, &QPushButton::clicked, this, [this, kind] { openTerminal(kind); });
    connect(row.pin, &QCheckBox::toggled, this, [this, kind](bool on) { m_controller->setPinned(kind, on); });
    m_rows.push_back(row);
  }
  grid->setColumnStretch(1, 1);
  m_message->setWordWrap(true);
  outer->addWidget(m_message);
  outer->addStretch(1);
  connect(m_controller, &SandboxController::changed, this, &SandboxPanel::update);
  connect(m_controller, &SandboxController::progress, m_message, &QLabel::setText);
  connect(m_controller, &SandboxController::failed, this,
          [this](const QString& text) { m_message->setText(QStringLiteral("<b>%1</b>").arg(text.toHtmlEscaped())); });
  update();
}

SandboxPanel::Row& SandboxPanel::row(sandbox::Kind kind) { return m_rows[static_cast<std::size_t>(kind)]; }
const SandboxPanel::Row& SandboxPanel::row(sandbox::Kind kind) const { return m_rows[static_cast<std::size_t>(kind)]; }

QString SandboxPanel::stateText(sandbox::Kind kind) const { return row(kind).state->text(); }
QString SandboxPanel::connectionText(sandbox::Kind kind) const { return row(kind).connection->text(); }
QPushButton* SandboxPanel::terminalButton(sandbox::Kind kind) const { return row(kind).terminal; }

void SandboxPanel::update() {
  for (const auto& s : m_controller->servers()) {
    Row& r = row(s.kind);
    bool up = s.state == sandbox::ServerState::Running || s.state == sandbox::ServerState::Starting;
    QString color = s.state == sandbox::ServerState::Running ? QStringLiteral("#2e9d4f")
                    : s.state == sandbox::ServerState::Dead  ? QStringLiteral("#d64545")
                                                             : QStringLiteral("#8a8f98");
    r.state->setText(QStringLiteral("<span style='color:%1'>●</span> %2").arg(color, stateName(s.state)));
    r.state->setToolTip(QString::fromStdString(s.detail));
    const auto& c = s.connection;
    if (s.state == sandbox::ServerState::Absent) {
      r.connection->setText(tr("not created yet"));
    } else {
      QString text = QStringLiteral("%1").arg(QString::fromStdString(c.url));
      if (!c.user.empty())
        text += tr("  ·  user %1  ·  password %2").arg(QString::fromStdString(c.user), QString::fromStdString(c.password));
      r.connection->setText(text);
    }
    r.startStop->setText(up ? tr("Stop") : tr("Start"));
    r.startStop->setEnabled(!m_controller->busy());
    r.terminal->setEnabled(s.state == sandbox::ServerState::Running);
    r.terminal->setToolTip(QString::fromStdString([&] {
      std::string cmd;
      for (const auto& a : c.terminalCommand) cmd += (cmd.empty() ? "" : " ") + a;
      return cmd;
    }()));
    r.pin->setChecked(m_controller->isPinned(s.kind));
  }
}

QStringList SandboxPanel::terminalCommand(const sandbox::ServerStatus& status) {
  QStringList client;
  for (const auto& a : status.connection.terminalCommand) client << QString::fromStdString(a);
  if (client.isEmpty()) return {};
  // psql asks for the password otherwise.
  if (status.kind == sandbox::Kind::Postgres)
    client = QStringList{QStringLiteral("env"), QStringLiteral("PGPASSWORD=") + QString::fromStdString(status.connection.password)} + client;
  for (const char* terminal : {"x-terminal-emulator", "gnome-terminal", "konsole", "xfce4-terminal", "xterm"}) {
    QString path = QStandardPaths::findExecutable(QString::fromLatin1(terminal));
    if (path.isEmpty()) continue;
    return QStringList{path, QString::fromLatin1(qstrcmp(terminal, "gnome-terminal") == 0 ? "--" : "-e")} + client;
  }
  return {};
}

void SandboxPanel::openTerminal(sandbox::Kind kind) {
  auto s = m_controller->sandbox().status(kind);
  QStringList command = terminalCommand(s);
  if (command.isEmpty()) {
    m_message->setText(tr("No terminal emulator found (x-terminal-emulator, gnome-terminal, konsole, xterm). Run: %1")
                           .arg(row(kind).terminal->toolTip()));
    return;
  }
  QString program = command.takeFirst();
  if (!QProcess::startDetached(program, command))
    m_message->setText(tr("Could not start %1").arg(program));
}

}  // namespace tributary::widgets
