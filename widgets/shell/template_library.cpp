#include "widgets/shell/template_library.h"

#include <QCoreApplication>
#include <QDir>

namespace tributary::widgets {

QString TemplateLibrary::directory() {
  QStringList candidates;
  QString env = qEnvironmentVariable("TRIBUTARY_TEMPLATES");
  if (!env.isEmpty()) candidates << env;
  candidates << QCoreApplication::applicationDirPath() + QStringLiteral("/../share/tributary/templates")
             << QStringLiteral(TRIBUTARY_SOURCE_TEMPLATES) << QStringLiteral(TRIBUTARY_INSTALLED_TEMPLATES);
  for (const QString& dir : candidates)
    if (!QDir(dir).entryList({QStringLiteral("*.tributary.json")}, QDir::Files).isEmpty())
      return QDir(dir).absolutePath();
  return {};
}

QStringList TemplateLibrary::files() {
  QString dir = directory();
  if (dir.isEmpty()) return {};
  QStringList out;
  const auto names = QDir(dir).entryList({QStringLiteral("*.tributary.json")}, QDir::Files, QDir::Name);
  for (const QString& name : names) {
    QString path = QDir(dir).filePath(name);
    if (name.startsWith(QLatin1String("demo")))
      out.prepend(path);
    else
      out.append(path);
  }
  return out;
}

}  // namespace tributary::widgets
