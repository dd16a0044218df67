#include "widgets/canvas/pipeline_view.h"

#include <algorithm>
#include <cmath>

#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>
#include <QVarLengthArray>
#include <QWheelEvent>

#include "widgets/canvas/pipeline_scene.h"

namespace tributary::widgets {
namespace {
constexpr qreal kMinZoom = 0.08;
constexpr qreal kMaxZoom = 3.0;
}  // namespace

PipelineView::PipelineView(PipelineScene* scene, QWidget* parent) : QGraphicsView(scene, parent), m_scene(scene) {
  setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
  setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
  setOptimizationFlags(QGraphicsView::DontSavePainterState | QGraphicsView::DontAdjustForAntialiasing);
  setDragMode(QGraphicsView::RubberBandDrag);
  setRubberBandSelectionMode(Qt::IntersectsItemShape);
  setTransformationAnchor(QGraphicsView::NoAnchor);
  setResizeAnchor(QGraphicsView::AnchorViewCenter);
  setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  setFrameShape(QFrame::NoFrame);
  setAcceptDrops(true);
  setFocusPolicy(Qt::StrongFocus);
  setContextMenuPolicy(Qt::ActionsContextMenu);
  centerOn(0, 0);
}

qreal PipelineView::zoom() const {
  return transform().m11();
}

void PipelineView::scaleBy(qreal factor, QPointF anchorViewPos) {
  qreal target = std::clamp(zoom() * factor, kMinZoom, kMaxZoom);
  factor = target / zoom();
  if (std::abs(factor - 1.0) < 1e-9) return;
  QPointF before = mapToScene(anchorViewPos.toPoint());
  scale(factor, factor);
  // Keep the point under the anchor where it was by moving the scroll bars.
  QPointF shift = mapFromScene(before) - anchorViewPos;
  horizontalScrollBar()->setValue(horizontalScrollBar()->value() + qRound(shift.x()));
  verticalScrollBar()->setValue(verticalScrollBar()->value() + qRound(shift.y()));
  Q_EMIT zoomChanged(zoom());
}

void PipelineView::setZoom(qreal value, QPointF anchorScenePos) {
  scaleBy(value / zoom(), mapFromScene(anchorScenePos));
}

void PipelineView::setShowGrid(bool show) {
  m_showGrid = show;
  viewport()->update();
}

void PipelineView::zoomIn() {
  scaleBy(1.25, viewport()->rect().center());
}
void PipelineView::zoomOut() {
  scaleBy(0.8, viewport()->rect().center());
}
void PipelineView::resetZoom() {
  scaleBy(1.0 / zoom(), viewport()->rect().center());
}

void PipelineView::fitToContents() {
  QRectF rect = m_scene->contentRect();
  if (rect.isEmpty()) {
    resetZoom();
    centerOn(0, 0);
    return;
  }
  rect.adjust(-36, -36, 36, 36);
  qreal fit = std::min(viewport()->width() / rect.width(), viewport()->height() / rect.height());
  fit = std::clamp(fit, kMinZoom, 1.0);  // never blow a small pipeline up beyond 100 %
  setTransform(QTransform::fromScale(fit, fit));
  centerOn(rect.center());
  Q_EMIT zoomChanged(zoom());
}

void PipelineView::centerOnNode(const QString& id) {
  if (NodeItem* item = m_scene->nodeItem(id)) {
    QRectF visible = mapToScene(viewport()->rect()).boundingRect();
    if (!visible.adjusted(40, 40, -40, -40).contains(item->sceneBoundingRect())) centerOn(item);
  }
}

void PipelineView::drawBackground(QPainter* painter, const QRectF& rect) {
  const CanvasColors& c = m_scene->theme().colors();
  painter->fillRect(rect, c.background);
  if (!m_showGrid) return;
  const qreal grid = m_scene->theme().geometry().gridSize();
  const qreal z = zoom();
  // Minor lines fade out when they would be closer than ~8 pixels.
  bool minor = grid * z >= 8;
  qreal step = minor ? grid : grid * 5;
  qreal left = std::floor(rect.left() / step) * step;
  qreal top = std::floor(rect.top() / step) * step;
  QVarLengthArray<QLineF, 256> minorLines, majorLines;
  for (qreal x = left; x < rect.right(); x += step) {
    bool major = std::fmod(std::abs(std::round(x / grid)), 5.0) == 0;
    (major ? majorLines : minorLines).append(QLineF(x, rect.top(), x, rect.bottom()));
  }
  for (qreal y = top; y < rect.bottom(); y += step) {
    bool major = std::fmod(std::abs(std::round(y / grid)), 5.0) == 0;
    (major ? majorLines : minorLines).append(QLineF(rect.left(), y, rect.right(), y));
  }
  painter->setRenderHint(QPainter::Antialiasing, false);
  painter->setPen(QPen(c.gridMinor, 0));
  painter->drawLines(minorLines.data(), static_cast<int>(minorLines.size()));
  painter->setPen(QPen(c.gridMajor, 0));
  painter->drawLines(majorLines.data(), static_cast<int>(majorLines.size()));
  painter->setRenderHint(QPainter::Antialiasing, true);
}

void PipelineView::drawForeground(QPainter* painter, const QRectF& /*rect*/) {
  if (!m_scene->document()->pipeline().nodes.empty()) return;
  painter->save();
  painter->resetTransform();
  const CanvasColors& c = m_scene->theme().colors();
  QRect area = viewport()->rect();
  QFont font = painter->font();
  font.setPixelSize(17);
  font.setWeight(QFont::DemiBold);
  painter->setFont(font);
  painter->setPen(c.mutedText);
  painter->drawText(area.adjusted(0, -30, 0, -30), Qt::AlignCenter, tr("Drag a source from the palette to begin"));
  font.setPixelSize(13);
  font.setWeight(QFont::Normal);
  painter->setFont(font);
  painter->drawText(area.adjusted(0, 20, 0, 20), Qt::AlignCenter,
                    tr("Connect outputs to inputs by dragging between ports · File ▸ New from Template for examples"));
  painter->restore();
}

void PipelineView::wheelEvent(QWheelEvent* event) {
  QPoint pixels = event->pixelDelta();
  if ((event->modifiers() & Qt::ShiftModifier) || (!pixels.isNull() && !(event->modifiers() & Qt::ControlModifier))) {
    // Touchpads scroll; Shift+wheel pans sideways.
    QPoint delta = pixels.isNull() ? event->angleDelta() / 4 : pixels;
    if (event->modifiers() & Qt::ShiftModifier && delta.x() == 0) delta = QPoint(delta.y(), 0);
    horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
    verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
    event->accept();
    return;
  }
  qreal steps = event->angleDelta().y() / 120.0;
  if (steps == 0) return;
  scaleBy(std::pow(1.15, steps), event->position());
  event->accept();
}

void PipelineView::mousePressEvent(QMouseEvent* event) {
  if (event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && m_spaceHeld)) {
    m_panning = true;
    m_lastPan = event->position().toPoint();
    viewport()->setCursor(Qt::ClosedHandCursor);
    event->accept();
    return;
  }
  QGraphicsView::mousePressEvent(event);
}

void PipelineView::mouseMoveEvent(QMouseEvent* event) {
  if (m_panning) {
    QPoint delta = event->position().toPoint() - m_lastPan;
    m_lastPan = event->position().toPoint();
    horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
    verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
    event->accept();
    return;
  }
  QGraphicsView::mouseMoveEvent(event);
}

void PipelineView::mouseReleaseEvent(QMouseEvent* event) {
  if (m_panning && (event->button() == Qt::MiddleButton || event->button() == Qt::LeftButton)) {
    m_panning = false;
    if (m_spaceHeld)
      viewport()->setCursor(Qt::OpenHandCursor);
    else
      viewport()->unsetCursor();
    event->accept();
    return;
  }
  QGraphicsView::mouseReleaseEvent(event);
}

void PipelineView::keyPressEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
    m_spaceHeld = true;
    viewport()->setCursor(Qt::OpenHandCursor);
    event->accept();
    return;
  }
  if (event->key() == Qt::Key_Space) {
    event->accept();
    return;
  }
  if (event->matches(QKeySequence::Delete) || event->key() == Qt::Key_Backspace) {
    m_scene->deleteSelection();
    event->accept();
    return;
  }
  QGraphicsView::keyPressEvent(event);
}

void PipelineView::keyReleaseEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
    m_spaceHeld = false;
    if (!m_panning) viewport()->unsetCursor();
    event->accept();
    return;
  }
  QGraphicsView::keyReleaseEvent(event);
}

void PipelineView::focusOutEvent(QFocusEvent* event) {
  m_spaceHeld = false;
  QGraphicsView::focusOutEvent(event);
}

}  // namespace tributary::widgets
