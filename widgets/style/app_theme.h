#pragma once
// The application's look: Fusion with our own light or dark palette, a few
// style-sheet touches, and the colours the canvas and panels share. Qt 6.4
// has no QStyleHints::colorScheme, so "system" is decided from the lightness
// of the palette's window colour at start-up. GUI thread only.

#include <QColor>
#include <QString>

#include "core/model/node_spec.h"

class QApplication;

namespace tributary::widgets {

enum class ThemeMode { System, Light, Dark };

ThemeMode themeModeFromString(const QString& text);  // "light", "dark", anything else: System
// True when the platform's palette (before we change it) is dark.
bool systemPrefersDark();
// Applies the theme to the whole application; returns whether it is dark.
bool applyTheme(QApplication& app, ThemeMode mode);
bool isDarkTheme();

// Accent colours per node category, tuned for the given background.
QColor categoryColor(model::NodeCategory category, bool dark);
QString categoryName(model::NodeCategory category);  // translated plural: "Sources"

namespace colors {
QColor accent();
QColor error();
QColor warning();
QColor success();
QColor mutedText();
}  // namespace colors

}  // namespace tributary::widgets
