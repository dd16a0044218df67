#include "widgets/dashboard/panel_edit_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "widgets/document/qt_json.h"
#include "widgets/style/app_theme.h"

namespace tributary::widgets {

PanelEditDialog::PanelEditDialog(PanelSpec spec, const std::vector<std::string>& knownMetrics, QWidget* parent)
    : QDialog(parent),
      m_original(std::move(spec)),
      m_type(new QComboBox(this)),
      m_reduce(new QComboBox(this)),
      m_title(new QLineEdit(this)),
      m_unit(new QComboBox(this)),
      m_queries(new QPlainTextEdit(this)),
      m_metrics(new QComboBox(this)),
      m_scale(new QDoubleSpinBox(this)),
      m_thresholds(new QLineEdit(this)),
      m_width(new QSpinBox(this)),
      m_height(new QSpinBox(this)),
      m_error(new QLabel(this)) {
  setWindowTitle(m_original.id.empty() ? tr("Add panel") : tr("Edit panel"));
  auto* form = new QFormLayout;
  const std::pair<std::string, QString> types[] = {{"timeseries", tr("Time series")},
                                                   {"stat", tr("Single stat with sparkline")},
                                                   {"table", tr("Table per node")},
                                                   {"heatmap", tr("Heatmap per partition")}};
  for (const auto& [type, name] : types) m_type->addItem(name, toQt(type));
  m_type->setObjectName(QStringLiteral("panelType"));
  form->addRow(tr("Type"), m_type);
  m_reduce->addItem(tr("Sum of the series"), QStringLiteral("sum"));
  m_reduce->addItem(tr("Largest series"), QStringLiteral("max"));
  m_reduce->setToolTip(tr("How a stat panel combines its series' newest values"));
  form->addRow(tr("Stat shows"), m_reduce);
  form->addRow(tr("Title"), m_title);
  m_unit->setEditable(true);
  for (const auto& u : dashboardUnits()) m_unit->addItem(u.empty() ? tr("(none)") : toQt(u), toQt(u));
  form->addRow(tr("Unit"), m_unit);
  m_queries->setPlaceholderText(tr("metric{label=\"value\"} | legend with {node}"));
  m_queries->setMinimumHeight(90);
  auto* seriesBox = new QVBoxLayout;
  seriesBox->addWidget(m_queries);
  auto* add = new QHBoxLayout;
  for (const auto& m : knownMetrics) m_metrics->addItem(toQt(m));
  auto* insert = new QPushButton(tr("Add series"), this);
  insert->setEnabled(!knownMetrics.empty());
  add->addWidget(m_metrics, 1);
  add->addWidget(insert);
  seriesBox->addLayout(add);
  connect(insert, &QPushButton::clicked, this, [this] {
    m_queries->appendPlainText(m_metrics->currentText() + QStringLiteral(" | {node}"));
  });
  form->addRow(tr("Series"), seriesBox);
  m_scale->setDecimals(6);
  m_scale->setRange(-1e9, 1e9);
  m_scale->setToolTip(tr("Multiplies every value, e.g. 1000 turns seconds into milliseconds"));
  form->addRow(tr("Scale"), m_scale);
  m_thresholds->setPlaceholderText(tr("e.g. 1000, 5000"));
  form->addRow(tr("Threshold lines"), m_thresholds);
  m_width->setRange(1, 2);
  m_height->setRange(1, 2);
  auto* size = new QHBoxLayout;
  size->addWidget(new QLabel(tr("columns"), this));
  size->addWidget(m_width);
  size->addWidget(new QLabel(tr("rows"), this));
  size->addWidget(m_height);
  size->addStretch(1);
  form->addRow(tr("Size"), size);
  m_error->setStyleSheet(QStringLiteral("color: %1").arg(colors::error().name()));
  m_error->setWordWrap(true);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &PanelEditDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &PanelEditDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(m_error);
  layout->addWidget(buttons);
  resize(560, 460);
  fill(m_original);
  const bool adding = m_original.id.empty();
  connect(m_type, &QComboBox::activated, this, [this, adding](int) {
    const std::string type = toStd(m_type->currentData().toString());
    if (adding) {
      // A new panel starts from the type's usual series.
      PanelSpec fresh = newPanel(type);
      fresh.width = m_width->value();
      fresh.height = m_height->value();
      fill(fresh);
    }
    m_reduce->setEnabled(type == "stat");
  });
}

void PanelEditDialog::fill(const PanelSpec& spec) {
  m_type->setCurrentIndex(std::max(0, m_type->findData(toQt(spec.type))));
  m_reduce->setCurrentIndex(std::max(0, m_reduce->findData(toQt(spec.reduce))));
  m_reduce->setEnabled(spec.type == "stat");
  m_title->setText(toQt(spec.title));
  m_unit->setCurrentText(toQt(spec.unit));
  QString text;
  for (const auto& q : spec.queries)
    text += toQt(q.series) + (q.legend.empty() ? QString() : QStringLiteral(" | ") + toQt(q.legend)) + QLatin1Char('\n');
  m_queries->setPlainText(text.trimmed());
  m_scale->setValue(spec.scale);
  QStringList thresholds;
  for (double t : spec.thresholds) thresholds << QString::number(t, 'g', 10);
  m_thresholds->setText(thresholds.join(QStringLiteral(", ")));
  m_width->setValue(spec.width);
  m_height->setValue(spec.height);
}

Result<PanelSpec> PanelEditDialog::result() const {
  PanelSpec spec = m_original;
  spec.type = toStd(m_type->currentData().toString());
  spec.reduce = spec.type == "stat" ? toStd(m_reduce->currentData().toString()) : "sum";
  spec.title = toStd(m_title->text().trimmed());
  QString unit = m_unit->currentText().trimmed();
  spec.unit = unit == tr("(none)") ? std::string() : toStd(unit);
  spec.queries.clear();
  const QStringList lines = m_queries->toPlainText().split(QLatin1Char('\n'));
  for (int i = 0; i < lines.size(); ++i) {
    QString line = lines[i].trimmed();
    if (line.isEmpty()) continue;
    int bar = line.indexOf(QLatin1Char('|'));
    PanelQuery q{toStd((bar < 0 ? line : line.left(bar)).trimmed()),
                 bar < 0 ? std::string() : toStd(line.mid(bar + 1).trimmed())};
    std::string why;
    if (!metrics::SeriesSelector::parse(q.series, &why)) {
      return invalidInput(tr("Series line %1: %2").arg(i + 1).arg(toQt(why)));
    }
    spec.queries.push_back(std::move(q));
  }
  if (spec.queries.empty()) {
    return invalidInput(tr("Series: name at least one series, e.g. tributary_node_records_out_total:rate"));
  }
  if (m_scale->value() == 0) {
    return invalidInput(tr("Scale must not be 0"));
  }
  spec.scale = m_scale->value();
  spec.thresholds.clear();
  for (const QString& part : m_thresholds->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
    bool ok = false;
    double v = part.trimmed().toDouble(&ok);
    if (!ok) {
      return invalidInput(tr("Threshold lines: \"%1\" is not a number").arg(part.trimmed()));
    }
    spec.thresholds.push_back(v);
  }
  spec.width = m_width->value();
  spec.height = m_height->value();
  // The rules a saved dashboard is read with (a stat's thresholds, a heatmap's one series).
  PanelSpec check = spec;
  if (check.id.empty()) check.id = "new";
  if (auto read = dashboardFromJson(toJson(DashboardLayout{{check}, {}}), "$.dashboard"); !read)
    return invalidInput(toQt(read.error().message));
  return spec;
}

void PanelEditDialog::accept() {
  if (auto edited = result(); !edited) {
    m_error->setText(toQt(edited.error().toString()));
    return;
  }
  QDialog::accept();
}

}  // namespace tributary::widgets
