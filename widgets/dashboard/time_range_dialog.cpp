#include "widgets/dashboard/time_range_dialog.h"

#include <QDateTime>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>

#include "widgets/style/app_theme.h"

namespace tributary::widgets {

TimeRangeDialog::TimeRangeDialog(std::int64_t fromMs, std::int64_t toMs, QWidget* parent)
    : QDialog(parent), m_from(new QDateTimeEdit(this)), m_to(new QDateTimeEdit(this)), m_problem(new QLabel(this)) {
  setWindowTitle(tr("Custom time range"));
  setObjectName(QStringLiteral("timeRangeDialog"));
  for (auto* e : {m_from, m_to}) {
    e->setCalendarPopup(true);
    e->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    connect(e, &QDateTimeEdit::dateTimeChanged, this, &TimeRangeDialog::validate);
  }
  m_from->setObjectName(QStringLiteral("rangeFrom"));
  m_to->setObjectName(QStringLiteral("rangeTo"));
  m_problem->setStyleSheet(QStringLiteral("color: %1").arg(colors::error().name()));
  auto* form = new QFormLayout(this);
  form->addRow(tr("From"), m_from);
  form->addRow(tr("To"), m_to);
  form->addRow(m_problem);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  m_ok = buttons->button(QDialogButtonBox::Ok);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  form->addRow(buttons);
  setRange(fromMs, toMs);
}

std::int64_t TimeRangeDialog::fromMs() const {
  return m_from->dateTime().toMSecsSinceEpoch();
}

std::int64_t TimeRangeDialog::toMs() const {
  return m_to->dateTime().toMSecsSinceEpoch();
}

void TimeRangeDialog::setRange(std::int64_t fromMs, std::int64_t toMs) {
  m_from->setDateTime(QDateTime::fromMSecsSinceEpoch(fromMs));
  m_to->setDateTime(QDateTime::fromMSecsSinceEpoch(toMs));
  validate();
}

QString TimeRangeDialog::problem() const {
  if (m_from->dateTime() >= m_to->dateTime()) return tr("“From” must be before “To”.");
  return {};
}

void TimeRangeDialog::validate() {
  QString why = problem();
  m_problem->setText(why);
  m_problem->setVisible(!why.isEmpty());
  m_ok->setEnabled(why.isEmpty());
}

}  // namespace tributary::widgets
