#pragma once
// PipelineView: the canvas widget. Adds navigation to QGraphicsView: wheel
// zoom around the cursor, keyboard zoom, fit to contents, panning with the
// middle button or space+drag, rubber-band selection, a grid background and a
// hint on an empty canvas. Owned by the main window; GUI thread only.

#include <QGraphicsView>

namespace tributary::widgets {

class PipelineScene;

class PipelineView final : public QGraphicsView {
  Q_OBJECT

 public:
  explicit PipelineView(PipelineScene* scene, QWidget* parent = nullptr);

  PipelineScene* pipelineScene() const { return m_scene; }
  qreal zoom() const;
  void setZoom(qreal zoom, QPointF anchorScenePos);
  void setShowGrid(bool show);

 public Q_SLOTS:
  void zoomIn();
  void zoomOut();
  void resetZoom();
  void fitToContents();
  void centerOnNode(const QString& id);

 Q_SIGNALS:
  void zoomChanged(qreal zoom);

 protected:
  void drawBackground(QPainter* painter, const QRectF& rect) override;
  void drawForeground(QPainter* painter, const QRectF& rect) override;
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void keyReleaseEvent(QKeyEvent* event) override;
  void focusOutEvent(QFocusEvent* event) override;

 private:
  void scaleBy(qreal factor, QPointF anchorViewPos);

  PipelineScene* m_scene;
  bool m_panning = false;
  bool m_spaceHeld = false;
  QPoint m_lastPan;
  bool m_showGrid = true;
};

}  // namespace tributary::widgets
