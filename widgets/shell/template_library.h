#pragma once
// TemplateLibrary: where the pipeline templates shipped with the program are
// (*.tributary.json), found in this order: $TRIBUTARY_TEMPLATES, next to the
// executable (../share/tributary/templates), the source tree (running from a
// build folder), the install prefix. Stateless; any thread.

#include <QString>
#include <QStringList>

namespace tributary::widgets {

class TemplateLibrary {
 public:
  // The first candidate folder that holds templates; empty when none does.
  static QString directory();
  // Its templates, sorted by name, the demo first.
  static QStringList files();
};

}  // namespace tributary::widgets
