#pragma once
// Left-to-right layered layout: each node goes one column right of its
// furthest upstream node, and nodes in a column are ordered by the average
// row of their upstream neighbours to keep edges from crossing. Pure function.

#include <map>

#include <QPointF>
#include <QString>

#include "core/model/pipeline.h"
#include "core/model/spec_registry.h"
#include "widgets/canvas/canvas_theme.h"

namespace tributary::widgets {

std::map<QString, QPointF> autoLayout(const model::Pipeline& pipeline, const model::SpecRegistry& registry,
                                      const NodeGeometry& geometry, QPointF origin = {0, 0});

}  // namespace tributary::widgets
