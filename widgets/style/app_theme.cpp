#include "widgets/style/app_theme.h"

#include <QApplication>
#include <QCoreApplication>
#include <QPalette>
#include <QStyleFactory>

#include "widgets/style/icons.h"

namespace tributary::widgets {
namespace {

bool g_dark = false;
bool g_systemDarkKnown = false;
bool g_systemDark = false;

QPalette lightPalette() {
  QPalette p;
  const QColor window(0xf3, 0xf4, 0xf6), base(0xff, 0xff, 0xff), text(0x1f, 0x23, 0x29);
  p.setColor(QPalette::Window, window);
  p.setColor(QPalette::WindowText, text);
  p.setColor(QPalette::Base, base);
  p.setColor(QPalette::AlternateBase, QColor(0xf7, 0xf8, 0xfa));
  p.setColor(QPalette::ToolTipBase, QColor(0x1f, 0x23, 0x29));
  p.setColor(QPalette::ToolTipText, QColor(0xf3, 0xf4, 0xf6));
  p.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x91, 0x9c));
  p.setColor(QPalette::Text, text);
  p.setColor(QPalette::Button, QColor(0xfa, 0xfa, 0xfb));
  p.setColor(QPalette::ButtonText, text);
  p.setColor(QPalette::BrightText, Qt::white);
  p.setColor(QPalette::Light, Qt::white);
  p.setColor(QPalette::Midlight, QColor(0xe8, 0xea, 0xee));
  p.setColor(QPalette::Mid, QColor(0xc9, 0xcd, 0xd4));
  p.setColor(QPalette::Dark, QColor(0xa0, 0xa6, 0xb0));
  p.setColor(QPalette::Shadow, QColor(0x60, 0x66, 0x70));
  p.setColor(QPalette::Highlight, QColor(0x25, 0x63, 0xeb));
  p.setColor(QPalette::HighlightedText, Qt::white);
  p.setColor(QPalette::Link, QColor(0x25, 0x63, 0xeb));
  p.setColor(QPalette::Disabled, QPalette::Text, QColor(0xa0, 0xa6, 0xb0));
  p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0xa0, 0xa6, 0xb0));
  p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0xa0, 0xa6, 0xb0));
  return p;
}

QPalette darkPalette() {
  QPalette p;
  const QColor window(0x1e, 0x21, 0x26), base(0x17, 0x19, 0x1d), text(0xe3, 0xe6, 0xea);
  p.setColor(QPalette::Window, window);
  p.setColor(QPalette::WindowText, text);
  p.setColor(QPalette::Base, base);
  p.setColor(QPalette::AlternateBase, QColor(0x20, 0x23, 0x29));
  p.setColor(QPalette::ToolTipBase, QColor(0x2b, 0x2f, 0x36));
  p.setColor(QPalette::ToolTipText, text);
  p.setColor(QPalette::PlaceholderText, QColor(0x7d, 0x84, 0x8f));
  p.setColor(QPalette::Text, text);
  p.setColor(QPalette::Button, QColor(0x2a, 0x2e, 0x35));
  p.setColor(QPalette::ButtonText, text);
  p.setColor(QPalette::BrightText, Qt::white);
  p.setColor(QPalette::Light, QColor(0x3a, 0x3f, 0x47));
  p.setColor(QPalette::Midlight, QColor(0x33, 0x37, 0x3f));
  p.setColor(QPalette::Mid, QColor(0x3d, 0x42, 0x4a));
  p.setColor(QPalette::Dark, QColor(0x12, 0x14, 0x17));
  p.setColor(QPalette::Shadow, QColor(0x0a, 0x0b, 0x0d));
  p.setColor(QPalette::Highlight, QColor(0x3b, 0x82, 0xf6));
  p.setColor(QPalette::HighlightedText, Qt::white);
  p.setColor(QPalette::Link, QColor(0x60, 0xa5, 0xfa));
  p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x6b, 0x72, 0x7d));
  p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x6b, 0x72, 0x7d));
  p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x6b, 0x72, 0x7d));
  return p;
}

QString styleSheet(bool dark) {
  // Only what the palette cannot say: flat tool bar, dock titles, thin splitters.
  QString border = dark ? QStringLiteral("#33373f") : QStringLiteral("#dcdfe4");
  QString title = dark ? QStringLiteral("#23262c") : QStringLiteral("#e9ebef");
  QString muted = dark ? QStringLiteral("#9aa1ab") : QStringLiteral("#5f6672");
  return QStringLiteral(
             "QToolBar { border: none; border-bottom: 1px solid %1; spacing: 2px; padding: 3px 6px; }"
             "QToolBar::separator { width: 1px; background: %1; margin: 4px 6px; }"
             "QToolButton { border: 1px solid transparent; border-radius: 5px; padding: 3px; }"
             "QToolButton:hover { background: %2; border-color: %1; }"
             "QDockWidget { titlebar-close-icon: none; }"
             "QDockWidget::title { background: %2; padding: 5px 8px; border-bottom: 1px solid %1; }"
             "QMainWindow::separator { background: %1; width: 1px; height: 1px; }"
             "QStatusBar { border-top: 1px solid %1; }"
             "QStatusBar::item { border: none; }"
             "QLabel[role=\"muted\"] { color: %3; }"
             "QLabel[role=\"help\"] { color: %3; font-size: 11px; }"
             "QLabel[role=\"heading\"] { font-weight: 600; }"
             "QTabWidget::pane { border: none; }")
      .arg(border, title, muted);
}

}  // namespace

ThemeMode themeModeFromString(const QString& text) {
  if (text.compare(QStringLiteral("light"), Qt::CaseInsensitive) == 0) return ThemeMode::Light;
  if (text.compare(QStringLiteral("dark"), Qt::CaseInsensitive) == 0) return ThemeMode::Dark;
  return ThemeMode::System;
}

bool systemPrefersDark() {
  if (!g_systemDarkKnown) {
    g_systemDarkKnown = true;
    g_systemDark = QGuiApplication::palette().color(QPalette::Window).lightness() < 128;
  }
  return g_systemDark;
}

bool applyTheme(QApplication& app, ThemeMode mode) {
  bool systemDark = systemPrefersDark();  // read before we replace the palette
  g_dark = mode == ThemeMode::Dark || (mode == ThemeMode::System && systemDark);
  if (QStyle* fusion = QStyleFactory::create(QStringLiteral("Fusion"))) app.setStyle(fusion);
  app.setPalette(g_dark ? darkPalette() : lightPalette());
  app.setStyleSheet(styleSheet(g_dark));
  icons::clearCache();
  return g_dark;
}

bool isDarkTheme() {
  return g_dark;
}

QColor categoryColor(model::NodeCategory category, bool dark) {
  switch (category) {
    case model::NodeCategory::Source:
      return dark ? QColor(0x34, 0xa8, 0x73) : QColor(0x16, 0x8a, 0x5a);
    case model::NodeCategory::Transform:
      return dark ? QColor(0x5b, 0x8d, 0xef) : QColor(0x2f, 0x6b, 0xe0);
    case model::NodeCategory::Topic:
      return dark ? QColor(0xe0, 0x9a, 0x3e) : QColor(0xd4, 0x80, 0x1a);
    case model::NodeCategory::Sink:
      return dark ? QColor(0xa7, 0x7b, 0xf0) : QColor(0x83, 0x55, 0xd6);
  }
  return Qt::gray;
}

QString categoryName(model::NodeCategory category) {
  switch (category) {
    case model::NodeCategory::Source:
      return QCoreApplication::translate("Palette", "Sources");
    case model::NodeCategory::Transform:
      return QCoreApplication::translate("Palette", "Transforms");
    case model::NodeCategory::Topic:
      return QCoreApplication::translate("Palette", "Topics");
    case model::NodeCategory::Sink:
      return QCoreApplication::translate("Palette", "Sinks");
  }
  return {};
}

namespace colors {
QColor accent() {
  return g_dark ? QColor(0x3b, 0x82, 0xf6) : QColor(0x25, 0x63, 0xeb);
}
QColor error() {
  return g_dark ? QColor(0xf8, 0x71, 0x71) : QColor(0xdc, 0x26, 0x26);
}
QColor warning() {
  return g_dark ? QColor(0xfb, 0xbf, 0x24) : QColor(0xd9, 0x77, 0x06);
}
QColor success() {
  return g_dark ? QColor(0x34, 0xd3, 0x99) : QColor(0x05, 0x96, 0x69);
}
QColor mutedText() {
  return g_dark ? QColor(0x9a, 0xa1, 0xab) : QColor(0x5f, 0x66, 0x72);
}
}  // namespace colors

}  // namespace tributary::widgets
