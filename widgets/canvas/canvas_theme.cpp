#include "widgets/canvas/canvas_theme.h"

#include <algorithm>
#include <cmath>

#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPainter>

#include "widgets/style/app_theme.h"

namespace tributary::widgets {
namespace {

constexpr qreal kNodeWidth = 200;
constexpr qreal kNodeHeight = 78;
constexpr qreal kPortSpacing = 22;
constexpr qreal kBadgeSize = 36;
constexpr qreal kHeaderHeight = 56;
constexpr qreal kFooterHeight = 24;

QFont baseFont() {
  return QGuiApplication::font();
}

QFont titleFont() {
  QFont font = baseFont();
  font.setPixelSize(13);
  font.setWeight(QFont::DemiBold);
  return font;
}

QFont smallFont() {
  QFont font = baseFont();
  font.setPixelSize(11);
  return font;
}

QColor statusColor(NodeStatus status, const CanvasColors& c) {
  switch (status) {
    case NodeStatus::Ok:
      return c.ok;
    case NodeStatus::Warning:
      return c.warning;
    case NodeStatus::Error:
    case NodeStatus::Failed:
      return c.error;
    case NodeStatus::Running:
      return c.running;
    case NodeStatus::Stopped:
      return c.mutedText;
  }
  return c.mutedText;
}

void drawStatusMark(QPainter* p, QPointF centre, NodeStatus status, const CanvasColors& c) {
  QColor color = statusColor(status, c);
  const qreal r = 7;
  p->setPen(Qt::NoPen);
  p->setBrush(color);
  p->drawEllipse(centre, r, r);
  QPen pen(c.nodeFill, 1.7, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
  p->setPen(pen);
  p->setBrush(Qt::NoBrush);
  switch (status) {
    case NodeStatus::Ok: {
      QPolygonF tick{centre + QPointF(-3.2, 0.2), centre + QPointF(-0.9, 2.5), centre + QPointF(3.3, -2.2)};
      p->drawPolyline(tick);
      break;
    }
    case NodeStatus::Warning:
    case NodeStatus::Error:
    case NodeStatus::Failed:
      p->drawLine(centre + QPointF(0, -3.4), centre + QPointF(0, 0.8));
      p->drawPoint(centre + QPointF(0, 3.3));
      break;
    case NodeStatus::Running: {
      p->setPen(Qt::NoPen);
      p->setBrush(c.nodeFill);
      QPolygonF play{centre + QPointF(-2.2, -3.3), centre + QPointF(-2.2, 3.3), centre + QPointF(3.4, 0)};
      p->drawPolygon(play);
      break;
    }
    case NodeStatus::Stopped:
      p->setPen(Qt::NoPen);
      p->setBrush(c.nodeFill);
      p->drawRect(QRectF(centre - QPointF(2.5, 2.5), QSizeF(5, 5)));
      break;
  }
}

void drawPort(QPainter* p, QPointF at, const PortVisual& port, const NodeGeometry& g, const CanvasColors& c) {
  qreal r = g.portRadius();
  QColor color = c.portColor(port.kind);
  if (port.highlight == PortHighlight::Accept || port.highlight == PortHighlight::Target) {
    QColor halo = c.accept;
    halo.setAlpha(port.highlight == PortHighlight::Target ? 110 : 60);
    p->setPen(Qt::NoPen);
    p->setBrush(halo);
    p->drawEllipse(at, r + 6, r + 6);
    color = c.accept;
  } else if (port.highlight == PortHighlight::Refuse) {
    color = c.refuse;
    color.setAlpha(140);
  }
  p->setPen(QPen(c.nodeFill, 2));
  p->setBrush(port.connected || port.highlight != PortHighlight::None ? color : c.nodeFill);
  p->drawEllipse(at, r, r);
  if (!port.connected && port.highlight == PortHighlight::None) {
    p->setPen(QPen(color, 2));
    p->setBrush(Qt::NoBrush);
    p->drawEllipse(at, r - 1, r - 1);
  }
  if (port.highlight == PortHighlight::Refuse) {
    p->setPen(QPen(c.refuse, 1.6, Qt::SolidLine, Qt::RoundCap));
    p->drawLine(at + QPointF(-r - 3, -r - 3), at + QPointF(r + 3, r + 3));
  }
}

}  // namespace

QColor CanvasColors::portColor(model::PortKind kind) const {
  switch (kind) {
    case model::PortKind::Records:
      return portRecords;
    case model::PortKind::Changes:
      return portChanges;
    case model::PortKind::Any:
      return portAny;
  }
  return portAny;
}

QColor CanvasColors::category(model::NodeCategory c) const {
  return categoryColor(c, dark);
}

// ---------------------------------------------------------------- geometry

QSizeF NodeGeometry::size(int inputs, int outputs) const {
  int ports = std::max(inputs, outputs);
  qreal height = ports <= 1 ? kNodeHeight : kHeaderHeight + ports * kPortSpacing + kFooterHeight;
  return {kNodeWidth, height};
}

QPointF NodeGeometry::portPosition(int index, int count, QSizeF size, qreal x) const {
  // A single port sits level with the badge; several are listed below the header.
  if (count <= 1) return {x, 30};
  qreal free = size.height() - kHeaderHeight - kFooterHeight - count * kPortSpacing;
  return {x, kHeaderHeight + free / 2 + kPortSpacing / 2 + index * kPortSpacing};
}

QPointF NodeGeometry::inputPosition(int index, int count, QSizeF size) const {
  return portPosition(index, count, size, 0);
}

QPointF NodeGeometry::outputPosition(int index, int count, QSizeF size) const {
  return portPosition(index, count, size, size.width());
}

// ---------------------------------------------------------------- nodes

void NodePainter::paint(QPainter* p, const NodeVisual& node, QSizeF card, const NodeGeometry& g, const CanvasColors& c,
                        qreal lod) const {
  QRectF rect(QPointF(0, 0), card);
  // `size`: the card without the run line's strip, where the footer and ports go.
  const qreal runLine = node.runLine.isEmpty() ? 0 : g.runLineHeight();
  const QSizeF size(card.width(), card.height() - runLine);
  const qreal radius = g.cornerRadius();
  QColor accent = c.category(node.category);

  if (lod < 0.35) {
    // Far away: a plain card in the category colour is all the eye can use.
    p->setPen(node.selected ? QPen(c.selection, 3 / lod) : Qt::NoPen);
    QColor fill = accent;
    if (node.status == NodeStatus::Error || node.status == NodeStatus::Failed) fill = c.error;
    p->setBrush(fill);
    p->drawRoundedRect(rect, radius, radius);
    return;
  }

  // Soft shadow, then the card.
  if (lod > 0.6) {
    p->setPen(Qt::NoPen);
    for (int i = 3; i >= 1; --i) {
      QColor s = c.nodeShadow;
      s.setAlphaF(s.alphaF() / (i * 1.6));
      p->setBrush(s);
      p->drawRoundedRect(rect.adjusted(-i + 0.5, -i + 2.5, i - 0.5, i + 1.5), radius + i, radius + i);
    }
  }
  bool failed = node.status == NodeStatus::Failed;
  QPen border(node.selected ? c.selection : (failed ? c.error : (node.hovered ? c.hover : c.nodeBorder)),
              node.selected || failed ? 2.0 : 1.0);
  p->setPen(border);
  p->setBrush(c.nodeFill);
  p->drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);

  // Category stripe along the top edge.
  {
    QPainterPath clip;
    clip.addRoundedRect(rect.adjusted(1, 1, -1, -1), radius - 1, radius - 1);
    p->save();
    p->setClipPath(clip);
    p->fillRect(QRectF(0, 0, size.width(), 3), accent);
    if (failed) {
      QColor wash = c.error;
      wash.setAlpha(c.dark ? 40 : 22);
      p->fillRect(rect, wash);
    }
    p->restore();
  }

  // Badge, title, type.
  const qreal top = 12;
  QRectF badgeRect(12, top, kBadgeSize, kBadgeSize);
  if (!node.badge.isNull()) p->drawPixmap(badgeRect.toRect(), node.badge);
  const qreal textX = badgeRect.right() + 10;
  const qreal textW = size.width() - textX - 30;
  if (lod > 0.5) {
    p->setFont(titleFont());
    p->setPen(c.text);
    QFontMetricsF tm(titleFont());
    p->drawText(QRectF(textX, top, textW, 19), Qt::AlignLeft | Qt::AlignVCenter,
                tm.elidedText(node.title, Qt::ElideRight, textW));
    p->setFont(smallFont());
    p->setPen(node.unknownType ? c.error : c.mutedText);
    QFontMetricsF sm(smallFont());
    p->drawText(QRectF(textX, top + 19, textW + 24, 17), Qt::AlignLeft | Qt::AlignVCenter,
                sm.elidedText(node.subtitle, Qt::ElideMiddle, textW + 24));
  }
  drawStatusMark(p, QPointF(size.width() - 18, top + 9), node.status, c);

  // Footer: status text, or live figures while running.
  p->setPen(QPen(c.divider, 1));
  p->drawLine(QPointF(1, kHeaderHeight), QPointF(size.width() - 1, kHeaderHeight));
  if (lod > 0.5) {
    p->setFont(smallFont());
    QColor footerColor = c.mutedText;
    if (node.status == NodeStatus::Error || node.status == NodeStatus::Failed)
      footerColor = c.error;
    else if (node.status == NodeStatus::Warning)
      footerColor = c.warning;
    else if (node.running)
      footerColor = c.text;
    p->setPen(footerColor);
    QFontMetricsF sm(smallFont());
    QRectF footer(12, kHeaderHeight, size.width() - 24, size.height() - kHeaderHeight);
    if (std::max(node.inputs.size(), node.outputs.size()) > 1)
      footer = QRectF(12, size.height() - kFooterHeight, size.width() - 24, kFooterHeight);
    qreal rightW = node.footerRight.isEmpty() ? 0 : sm.horizontalAdvance(node.footerRight) + 8;
    p->drawText(footer.adjusted(0, 0, -rightW, 0), Qt::AlignLeft | Qt::AlignVCenter,
                sm.elidedText(node.footer, Qt::ElideRight, footer.width() - rightW));
    if (rightW > 0) {
      p->setPen(node.running ? c.running : c.mutedText);
      p->drawText(footer, Qt::AlignRight | Qt::AlignVCenter, node.footerRight);
    }
    if (runLine > 0) paintRunLine(p, node, QRectF(0, size.height(), card.width(), runLine), c);
  }

  // Ports, and their names when a side has several.
  const int nIn = static_cast<int>(node.inputs.size());
  const int nOut = static_cast<int>(node.outputs.size());
  p->setFont(smallFont());
  for (int i = 0; i < nIn; ++i) {
    QPointF at = g.inputPosition(i, nIn, size);
    if (nIn > 1 && lod > 0.5) {
      p->setPen(c.mutedText);
      p->drawText(QRectF(at.x() + 12, at.y() - 9, 90, 18), Qt::AlignLeft | Qt::AlignVCenter, node.inputs[i].name);
    }
    drawPort(p, at, node.inputs[i], g, c);
  }
  for (int i = 0; i < nOut; ++i) {
    QPointF at = g.outputPosition(i, nOut, size);
    if (nOut > 1 && lod > 0.5) {
      p->setPen(c.mutedText);
      p->drawText(QRectF(at.x() - 102, at.y() - 9, 90, 18), Qt::AlignRight | Qt::AlignVCenter, node.outputs[i].name);
    }
    drawPort(p, at, node.outputs[i], g, c);
  }
}

void NodePainter::paintRunLine(QPainter* p, const NodeVisual& node, QRectF strip, const CanvasColors& c) const {
  p->setPen(QPen(c.divider, 1));
  p->drawLine(QPointF(strip.left() + 1, strip.top()), QPointF(strip.right() - 1, strip.top()));
  QRectF text = strip.adjusted(12, 0, -12, 0);
  if (node.progress >= 0) {
    // A thin bar along the bottom of the strip; the text sits above it.
    const QRectF track(text.left(), strip.bottom() - 6, text.width(), 3);
    p->setPen(Qt::NoPen);
    p->setBrush(c.divider);
    p->drawRoundedRect(track, 1.5, 1.5);
    p->setBrush(c.running);
    p->drawRoundedRect(QRectF(track.topLeft(), QSizeF(track.width() * std::clamp(node.progress, 0.0, 1.0), 3)), 1.5,
                       1.5);
    text.setBottom(track.top());
  }
  p->setFont(smallFont());
  QFontMetricsF sm(smallFont());
  const qreal rightW = node.runLineRight.isEmpty() ? 0 : sm.horizontalAdvance(node.runLineRight) + 8;
  p->setPen(c.mutedText);
  p->drawText(text.adjusted(0, 0, -rightW, 0), Qt::AlignLeft | Qt::AlignVCenter,
              sm.elidedText(node.runLine, Qt::ElideRight, text.width() - rightW));
  if (rightW > 0) {
    p->setPen(c.warning);
    p->drawText(text, Qt::AlignRight | Qt::AlignVCenter, node.runLineRight);
  }
}

// ---------------------------------------------------------------- edges

QPainterPath EdgePainter::path(QPointF from, QPointF to) const {
  QPainterPath path(from);
  qreal dx = std::max(std::abs(to.x() - from.x()) * 0.5, 50.0);
  if (to.x() < from.x()) dx = std::max(dx, std::min(std::abs(to.y() - from.y()), 160.0));
  path.cubicTo(from + QPointF(dx, 0), to - QPointF(dx, 0), to);
  return path;
}

void EdgePainter::paint(QPainter* p, const QPainterPath& path, const EdgeVisual& e, const CanvasColors& c) const {
  QColor color = e.refused ? c.refuse : (e.selected ? c.selection : e.color);
  if (e.selected || e.hovered) {
    QColor glow = color;
    glow.setAlpha(e.selected ? 70 : 45);
    p->setPen(QPen(glow, e.width + 6, Qt::SolidLine, Qt::RoundCap));
    p->setBrush(Qt::NoBrush);
    p->drawPath(path);
  }
  QPen pen(color, e.width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
  if (e.temporary) {
    pen.setStyle(Qt::DashLine);
    pen.setDashPattern({4, 3});
  }
  p->setPen(pen);
  p->setBrush(Qt::NoBrush);
  p->drawPath(path);
  if (e.flowing) {
    // Light dashes running along the edge show the direction of flow.
    QColor light = c.dark ? QColor(255, 255, 255, 120) : QColor(255, 255, 255, 170);
    QPen dash(light, std::max<qreal>(1.0, e.width * 0.45), Qt::CustomDashLine, Qt::RoundCap);
    dash.setDashPattern({2, 6});
    dash.setDashOffset(-e.dashOffset);
    p->setPen(dash);
    p->drawPath(path);
  }
}

// ---------------------------------------------------------------- themes

CanvasTheme::CanvasTheme(CanvasColors colors, std::shared_ptr<const NodeGeometry> geometry,
                         std::shared_ptr<const NodePainter> nodePainter, std::shared_ptr<const EdgePainter> edgePainter)
    : m_colors(std::move(colors)),
      m_geometry(std::move(geometry)),
      m_nodePainter(std::move(nodePainter)),
      m_edgePainter(std::move(edgePainter)) {}

std::shared_ptr<const CanvasTheme> CanvasTheme::light() {
  static const auto theme = [] {
    CanvasColors c;
    c.dark = false;
    c.background = QColor(0xf6, 0xf7, 0xf9);
    c.gridMinor = QColor(0xe6, 0xe8, 0xec);
    c.gridMajor = QColor(0xd5, 0xd9, 0xdf);
    c.nodeFill = QColor(0xff, 0xff, 0xff);
    c.nodeHeader = QColor(0xfa, 0xfb, 0xfc);
    c.nodeBorder = QColor(0xd3, 0xd7, 0xde);
    c.nodeShadow = QColor(16, 24, 40, 40);
    c.text = QColor(0x1f, 0x23, 0x29);
    c.mutedText = QColor(0x6b, 0x72, 0x80);
    c.divider = QColor(0xee, 0xf0, 0xf3);
    c.selection = QColor(0x25, 0x63, 0xeb);
    c.hover = QColor(0x9c, 0xa3, 0xaf);
    c.ok = QColor(0x10, 0xa3, 0x6e);
    c.warning = QColor(0xd9, 0x77, 0x06);
    c.error = QColor(0xdc, 0x26, 0x26);
    c.running = QColor(0x25, 0x63, 0xeb);
    c.portRecords = QColor(0x3b, 0x82, 0xf6);
    c.portChanges = QColor(0xa8, 0x55, 0xf7);
    c.portAny = QColor(0x8b, 0x93, 0xa1);
    c.edge = QColor(0x94, 0xa3, 0xb8);
    c.accept = QColor(0x10, 0xb9, 0x81);
    c.refuse = QColor(0xef, 0x44, 0x44);
    return std::make_shared<const CanvasTheme>(c, std::make_shared<NodeGeometry>(), std::make_shared<NodePainter>(),
                                               std::make_shared<EdgePainter>());
  }();
  return theme;
}

std::shared_ptr<const CanvasTheme> CanvasTheme::dark() {
  static const auto theme = [] {
    CanvasColors c;
    c.dark = true;
    c.background = QColor(0x16, 0x18, 0x1c);
    c.gridMinor = QColor(0x1f, 0x22, 0x27);
    c.gridMajor = QColor(0x28, 0x2c, 0x33);
    c.nodeFill = QColor(0x26, 0x2a, 0x31);
    c.nodeHeader = QColor(0x2b, 0x2f, 0x37);
    c.nodeBorder = QColor(0x3a, 0x40, 0x4a);
    c.nodeShadow = QColor(0, 0, 0, 120);
    c.text = QColor(0xe6, 0xe8, 0xeb);
    c.mutedText = QColor(0x9a, 0xa1, 0xac);
    c.divider = QColor(0x32, 0x37, 0x3f);
    c.selection = QColor(0x60, 0xa5, 0xfa);
    c.hover = QColor(0x6b, 0x72, 0x80);
    c.ok = QColor(0x34, 0xd3, 0x99);
    c.warning = QColor(0xfb, 0xbf, 0x24);
    c.error = QColor(0xf8, 0x71, 0x71);
    c.running = QColor(0x60, 0xa5, 0xfa);
    c.portRecords = QColor(0x60, 0xa5, 0xfa);
    c.portChanges = QColor(0xc0, 0x84, 0xfc);
    c.portAny = QColor(0x9c, 0xa3, 0xaf);
    c.edge = QColor(0x6b, 0x75, 0x85);
    c.accept = QColor(0x34, 0xd3, 0x99);
    c.refuse = QColor(0xf8, 0x71, 0x71);
    return std::make_shared<const CanvasTheme>(c, std::make_shared<NodeGeometry>(), std::make_shared<NodePainter>(),
                                               std::make_shared<EdgePainter>());
  }();
  return theme;
}

}  // namespace tributary::widgets
