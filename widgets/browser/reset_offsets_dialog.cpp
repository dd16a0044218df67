#include "widgets/browser/reset_offsets_dialog.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

#include "widgets/style/app_theme.h"
#include "widgets/document/qt_json.h"

namespace tributary::widgets {

ResetOffsetsDialog::ResetOffsetsDialog(const QString& group, const QStringList& topics, QWidget* parent)
    : QDialog(parent) {
  setWindowTitle(tr("Reset offsets of %1").arg(group));
  setObjectName(QStringLiteral("resetOffsetsDialog"));
  setMinimumWidth(440);
  auto* layout = new QVBoxLayout(this);
  auto* intro = new QLabel(tr("Moves the committed offsets of group <b>%1</b> for every partition of the topic. "
                              "The group's consumers start from there when they next join.")
                               .arg(group.toHtmlEscaped()));
  intro->setWordWrap(true);
  layout->addWidget(intro);
  auto* form = new QFormLayout;
  m_topic = new QComboBox;
  m_topic->addItems(topics);
  m_target = new QComboBox;
  m_target->addItem(tr("Earliest"), static_cast<int>(kafka::OffsetReset::To::Earliest));
  m_target->addItem(tr("Latest"), static_cast<int>(kafka::OffsetReset::To::Latest));
  m_target->addItem(tr("Time"), static_cast<int>(kafka::OffsetReset::To::Timestamp));
  m_target->addItem(tr("Offset"), static_cast<int>(kafka::OffsetReset::To::Offset));
  m_offset = new QLineEdit(QStringLiteral("0"));
  m_time = new QDateTimeEdit(QDateTime::currentDateTime().addSecs(-3600));
  m_time->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
  m_time->setCalendarPopup(true);
  form->addRow(tr("Topic"), m_topic);
  form->addRow(tr("Move to"), m_target);
  form->addRow(tr("Offset"), m_offset);
  form->addRow(tr("Time"), m_time);
  layout->addLayout(form);
  auto update = [this, form] {
    auto to = static_cast<kafka::OffsetReset::To>(m_target->currentData().toInt());
    form->setRowVisible(m_offset, to == kafka::OffsetReset::To::Offset);
    form->setRowVisible(m_time, to == kafka::OffsetReset::To::Timestamp);
  };
  connect(m_target, &QComboBox::currentIndexChanged, this, update);
  update();
  m_error = new QLabel;
  m_error->setWordWrap(true);
  m_error->setStyleSheet(QStringLiteral("color: %1").arg(colors::error().name()));
  m_error->setVisible(false);
  layout->addWidget(m_error);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
  buttons->addButton(tr("Reset"), QDialogButtonBox::AcceptRole);
  connect(buttons, &QDialogButtonBox::accepted, this, &ResetOffsetsDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &ResetOffsetsDialog::reject);
  layout->addWidget(buttons);
}

QString ResetOffsetsDialog::topic() const {
  return m_topic->currentText();
}

Result<kafka::OffsetReset> ResetOffsetsDialog::reset() const {
  kafka::OffsetReset r;
  r.to = static_cast<kafka::OffsetReset::To>(m_target->currentData().toInt());
  if (r.to == kafka::OffsetReset::To::Offset) {
    bool ok = false;
    r.value = m_offset->text().trimmed().toLongLong(&ok);
    if (!ok || r.value < 0)
      return makeError(ErrorCode::Invalid,
                       tr("the offset must be a number ≥ 0, not \"%1\"").arg(m_offset->text()).toStdString(), "offset");
  } else if (r.to == kafka::OffsetReset::To::Timestamp) {
    r.value = m_time->dateTime().toMSecsSinceEpoch();
  }
  if (topic().isEmpty())
    return makeError(ErrorCode::Invalid, tr("the group has no topic to reset").toStdString(), "topic");
  return r;
}

void ResetOffsetsDialog::showError(const QString& text) {
  m_error->setText(text);
  m_error->setVisible(!text.isEmpty());
}

void ResetOffsetsDialog::accept() {
  auto r = reset();
  if (!r) {
    showError(toQt(r.error().message));
    return;
  }
  showError({});
  Q_EMIT resetRequested(topic(), *r);
}

}  // namespace tributary::widgets
