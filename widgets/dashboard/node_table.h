#pragma once
// NodeTable: the newest value of each column's series per node, one row per
// node (series of several runners for one node add up), in the pipeline's
// node order where `setNodeOrder` gave one, else by name. Values older than
// 5 s count as none ("–"). The table panel type, and the table of the
// full-size dashboard. GUI thread only.

#include <string>
#include <vector>

#include <QTableWidget>

#include "core/metrics/metric_history.h"

namespace tributary::widgets {

class NodeTable final : public QTableWidget {
  Q_OBJECT

 public:
  struct Column {
    QString title;
    std::string series;  // a selector (parsed; one that does not parse gives an empty column)
    std::string unit;    // for formatting ("" : a plain number)
    double scale = 1;
  };
  explicit NodeTable(std::vector<Column> columns, QWidget* parent = nullptr);

  void setColumns(std::vector<Column> columns);
  void setNodeOrder(std::vector<std::string> nodes) { m_order = std::move(nodes); }
  void refresh(const metrics::MetricHistory& history, const metrics::Labels& scope, std::int64_t nowMs);
  // As tall as its rows (up to `maxRows`; it scrolls beyond).
  void fitHeight(int maxRows);

 private:
  std::vector<Column> m_columns;
  std::vector<std::string> m_order;
};

}  // namespace tributary::widgets
