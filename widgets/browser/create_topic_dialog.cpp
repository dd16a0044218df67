#include "widgets/browser/create_topic_dialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

#include "widgets/style/app_theme.h"
#include "widgets/document/qt_json.h"

namespace tributary::widgets {

CreateTopicDialog::CreateTopicDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Create topic"));
  setObjectName(QStringLiteral("createTopicDialog"));
  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout;
  m_name = new QLineEdit;
  m_name->setPlaceholderText(tr("orders"));
  m_partitions = new QSpinBox;
  m_partitions->setRange(1, 10000);
  m_partitions->setValue(1);
  m_replication = new QSpinBox;
  m_replication->setRange(1, 32);
  m_configs = new QPlainTextEdit;
  m_configs->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  m_configs->setPlaceholderText(tr("cleanup.policy=compact\nretention.ms=604800000"));
  m_configs->setMaximumHeight(100);
  form->addRow(tr("Name"), m_name);
  form->addRow(tr("Partitions"), m_partitions);
  form->addRow(tr("Replication factor"), m_replication);
  form->addRow(tr("Configs"), m_configs);
  layout->addLayout(form);
  m_error = new QLabel;
  m_error->setWordWrap(true);
  m_error->setStyleSheet(QStringLiteral("color: %1").arg(colors::error().name()));
  m_error->setVisible(false);
  layout->addWidget(m_error);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
  buttons->addButton(tr("Create"), QDialogButtonBox::AcceptRole);
  connect(buttons, &QDialogButtonBox::accepted, this, &CreateTopicDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &CreateTopicDialog::reject);
  layout->addWidget(buttons);
}

Result<CreateTopicDialog::Request> CreateTopicDialog::request() const {
  Request r;
  r.name = m_name->text().trimmed();
  // Kafka's own rule: 1-249 characters of [a-zA-Z0-9._-], not "." or "..".
  static const QRegularExpression valid(QStringLiteral("^[a-zA-Z0-9._-]{1,249}$"));
  if (!valid.match(r.name).hasMatch() || r.name == QLatin1String(".") || r.name == QLatin1String(".."))
    return makeError(
        ErrorCode::Invalid,
        tr("a topic name is 1 to 249 letters, digits, '.', '_' or '-' (not \"%1\")").arg(r.name).toStdString(), "name");
  r.partitions = m_partitions->value();
  r.replication = m_replication->value();
  const QStringList lines = m_configs->toPlainText().split(QLatin1Char('\n'));
  for (int i = 0; i < lines.size(); ++i) {
    QString line = lines[i].trimmed();
    if (line.isEmpty()) continue;
    qsizetype eq = line.indexOf(QLatin1Char('='));
    if (eq <= 0)
      return makeError(ErrorCode::Invalid,
                       tr("config line %1 (\"%2\") is not KEY=VALUE").arg(i + 1).arg(line).toStdString(), "configs");
    r.configs.emplace_back(line.left(eq).trimmed().toStdString(), line.mid(eq + 1).trimmed().toStdString());
  }
  return r;
}

void CreateTopicDialog::showError(const QString& text) {
  m_error->setText(text);
  m_error->setVisible(!text.isEmpty());
}

void CreateTopicDialog::accept() {
  auto r = request();
  if (!r) {
    showError(toQt(r.error().message));
    return;
  }
  showError({});
  Q_EMIT createRequested(*r);
}

}  // namespace tributary::widgets
