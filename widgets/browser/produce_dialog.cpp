#include "widgets/browser/produce_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "widgets/style/app_theme.h"
#include "widgets/document/qt_json.h"

namespace tributary::widgets {

ProduceDialog::ProduceDialog(const QString& topic, int partitions, QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Produce to %1").arg(topic));
  setObjectName(QStringLiteral("produceDialog"));
  resize(560, 460);
  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout;
  m_key = new QLineEdit;
  m_key->setPlaceholderText(tr("key (text)"));
  m_nullKey = new QCheckBox(tr("No key"));
  connect(m_nullKey, &QCheckBox::toggled, m_key, &QLineEdit::setDisabled);
  auto* keyRow = new QHBoxLayout;
  keyRow->addWidget(m_key, 1);
  keyRow->addWidget(m_nullKey);
  form->addRow(tr("Key"), keyRow);
  QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
  m_value = new QPlainTextEdit;
  m_value->setFont(mono);
  m_value->setPlaceholderText(tr("{\"id\": 1}"));
  form->addRow(tr("Value"), m_value);
  m_headers = new QPlainTextEdit;
  m_headers->setFont(mono);
  m_headers->setPlaceholderText(tr("one NAME=VALUE a line"));
  m_headers->setMaximumHeight(90);
  form->addRow(tr("Headers"), m_headers);
  m_partition = new QComboBox;
  m_partition->addItem(tr("Partitioner (by key)"), -1);
  for (int p = 0; p < partitions; ++p) m_partition->addItem(tr("Partition %1").arg(p), p);
  form->addRow(tr("Partition"), m_partition);
  layout->addLayout(form);
  m_error = new QLabel;
  m_error->setWordWrap(true);
  m_error->setStyleSheet(QStringLiteral("color: %1").arg(colors::error().name()));
  m_error->setVisible(false);
  layout->addWidget(m_error);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
  buttons->addButton(tr("Produce"), QDialogButtonBox::AcceptRole);
  connect(buttons, &QDialogButtonBox::accepted, this, &ProduceDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &ProduceDialog::reject);
  layout->addWidget(buttons);
}

Result<kafka::ProduceMessage> ProduceDialog::message() const {
  kafka::ProduceMessage m;
  if (!m_nullKey->isChecked()) m.key = m_key->text().toStdString();
  m.value = m_value->toPlainText().toStdString();
  const QStringList lines = m_headers->toPlainText().split(QLatin1Char('\n'));
  for (int i = 0; i < lines.size(); ++i) {
    QString line = lines[i].trimmed();
    if (line.isEmpty()) continue;
    qsizetype eq = line.indexOf(QLatin1Char('='));
    if (eq <= 0)
      return makeError(ErrorCode::Invalid,
                       tr("header line %1 (\"%2\") is not NAME=VALUE").arg(i + 1).arg(line).toStdString(), "headers");
    m.headers.emplace_back(line.left(eq).trimmed().toStdString(), line.mid(eq + 1).toStdString());
  }
  m.partition = m_partition->currentData().toInt();
  return m;
}

void ProduceDialog::showError(const QString& text) {
  m_error->setText(text);
  m_error->setVisible(!text.isEmpty());
}

void ProduceDialog::accept() {
  auto m = message();
  if (!m) {
    showError(toQt(m.error().message));
    return;
  }
  showError({});
  Q_EMIT produceRequested(*m);
}

}  // namespace tributary::widgets
