#pragma once
// TimeRangeDialog: the dashboard's "Custom…" time range — a From and a To
// time (local time, to the second). OK is enabled only while From is before
// To; the reason shows under the fields. GUI thread only.

#include <cstdint>

#include <QDialog>

class QDateTimeEdit;
class QLabel;
class QPushButton;

namespace tributary::widgets {

class TimeRangeDialog final : public QDialog {
  Q_OBJECT

 public:
  TimeRangeDialog(std::int64_t fromMs, std::int64_t toMs, QWidget* parent = nullptr);

  std::int64_t fromMs() const;
  std::int64_t toMs() const;
  void setRange(std::int64_t fromMs, std::int64_t toMs);
  // Empty while the range is usable, else why not.
  QString problem() const;

  QDateTimeEdit* fromEdit() const { return m_from; }
  QDateTimeEdit* toEdit() const { return m_to; }
  QPushButton* okButton() const { return m_ok; }

 private:
  void validate();

  QDateTimeEdit* m_from;
  QDateTimeEdit* m_to;
  QLabel* m_problem;
  QPushButton* m_ok;
};

}  // namespace tributary::widgets
