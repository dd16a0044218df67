#pragma once
// Icons drawn from our own SVGs (resources/icons). Glyphs use `currentColor`,
// which is replaced with the colour asked for, so one file serves light and
// dark themes; pixmaps are rendered at the screen's device pixel ratio so they
// stay crisp on HiDPI. Free functions with a small cache; GUI thread only.

#include <QColor>
#include <QIcon>
#include <QPixmap>
#include <QString>

#include "core/model/node_spec.h"

namespace tributary::widgets::icons {

// A toolbar/menu icon ("save", "run", ...) tinted for the current palette.
QIcon action(const QString& name);
// The glyph name for a node type: the spec's icon when we have it, else a guess from the type.
QString glyphFor(const model::NodeSpec& spec);
QString glyphFor(const std::string& type, model::NodeCategory category);
// A glyph rendered in `color`, `size` logical pixels square at `dpr`.
QPixmap glyph(const QString& name, int size, const QColor& color, qreal dpr);
// A node's badge: the glyph in white on a rounded square of its category colour.
QPixmap nodeBadge(const model::NodeSpec& spec, int size, qreal dpr);
QIcon nodeIcon(const model::NodeSpec& spec);
QIcon appIcon();
// Drops cached pixmaps (after a theme change).
void clearCache();

}  // namespace tributary::widgets::icons
