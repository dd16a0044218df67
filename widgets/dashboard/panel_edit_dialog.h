#pragma once
// PanelEditDialog: adds or edits a dashboard panel — its type (time series,
// stat, table, heatmap; choosing another type while adding starts from that
// type's usual series), title, unit, the series
// it draws (one selector per line, "selector | legend"), a scale factor,
// threshold lines and size. The metric list offers the series the history
// knows. OK is refused (with the line named) while a selector does not parse.
// GUI thread only.

#include <QDialog>

#include "core/base/result.h"
#include "widgets/dashboard/dashboard_layout.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace tributary::widgets {

class PanelEditDialog final : public QDialog {
  Q_OBJECT

 public:
  PanelEditDialog(PanelSpec spec, const std::vector<std::string>& knownMetrics, QWidget* parent = nullptr);

  // The edited panel; an error saying what is wrong while the input is invalid.
  Result<PanelSpec> result() const;

  void accept() override;

 private:
  void fill(const PanelSpec& spec);

  PanelSpec m_original;
  QComboBox* m_type;
  QComboBox* m_reduce;
  QLineEdit* m_title;
  QComboBox* m_unit;
  QPlainTextEdit* m_queries;
  QComboBox* m_metrics;
  QDoubleSpinBox* m_scale;
  QLineEdit* m_thresholds;
  QSpinBox* m_width;
  QSpinBox* m_height;
  QLabel* m_error;
};

}  // namespace tributary::widgets
