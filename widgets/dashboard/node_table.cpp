#include "widgets/dashboard/node_table.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <QHeaderView>

#include "widgets/dashboard/chart_panel.h"
#include "widgets/document/qt_json.h"

namespace tributary::widgets {

NodeTable::NodeTable(std::vector<Column> columns, QWidget* parent) : QTableWidget(parent) {
  setObjectName(QStringLiteral("nodeTable"));
  horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  verticalHeader()->hide();
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  setColumns(std::move(columns));
}

void NodeTable::setColumns(std::vector<Column> columns) {
  m_columns = std::move(columns);
  setColumnCount(static_cast<int>(m_columns.size()) + 1);
  QStringList headers{tr("Node")};
  for (const auto& c : m_columns) headers << c.title;
  setHorizontalHeaderLabels(headers);
}

void NodeTable::refresh(const metrics::MetricHistory& history, const metrics::Labels& scope, std::int64_t nowMs) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::map<std::string, std::vector<double>> values;  // node -> column -> value
  for (std::size_t c = 0; c < m_columns.size(); ++c) {
    auto selector = metrics::SeriesSelector::parse(m_columns[c].series);
    if (!selector) continue;
    for (const auto& label : scope) selector->matchers.push_back(label);
    for (const auto& key : history.select(*selector)) {
      auto latest = history.latest(key);
      if (!latest || nowMs - latest->timeMs > 5000) continue;
      auto& row = values[key.label("node")];
      row.resize(m_columns.size(), nan);
      double v = latest->value * m_columns[c].scale;
      row[c] = std::isnan(row[c]) ? v : row[c] + v;  // per runner series add up
    }
  }
  std::vector<std::string> nodes;
  for (const auto& node : m_order)
    if (values.count(node)) nodes.push_back(node);
  for (const auto& [node, row] : values)
    if (std::find(nodes.begin(), nodes.end(), node) == nodes.end()) nodes.push_back(node);
  setRowCount(static_cast<int>(nodes.size()));
  for (int r = 0; r < static_cast<int>(nodes.size()); ++r) {
    const auto& row = values[nodes[static_cast<std::size_t>(r)]];
    auto set = [&](int column, const QString& text) {
      auto* cell = item(r, column);
      if (!cell) setItem(r, column, cell = new QTableWidgetItem);
      if (cell->text() != text) cell->setText(text);
      if (column > 0) cell->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    };
    set(0, toQt(nodes[static_cast<std::size_t>(r)]));
    for (std::size_t c = 0; c < m_columns.size(); ++c)
      set(static_cast<int>(c) + 1, ChartPanel::formatValue(row[c], m_columns[c].unit));
  }
}

void NodeTable::fitHeight(int maxRows) {
  const int rows = std::clamp(rowCount(), 1, maxRows);
  setFixedHeight(horizontalHeader()->height() + rows * verticalHeader()->defaultSectionSize() + 2 * frameWidth());
}

}  // namespace tributary::widgets
