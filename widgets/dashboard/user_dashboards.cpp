#include "widgets/dashboard/user_dashboards.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QStandardPaths>

#include "widgets/document/qt_json.h"

namespace tributary::widgets {
namespace {
constexpr const char* kSuffix = ".json";
}

UserDashboards::UserDashboards(QString directory)
    : m_directory(directory.isEmpty() ? defaultDirectory() : std::move(directory)) {}

QString UserDashboards::defaultDirectory() {
  return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/dashboards");
}

QString UserDashboards::checkName(const QString& name) {
  if (name.trimmed().isEmpty()) return QObject::tr("The name is empty.");
  if (name.size() > 100) return QObject::tr("The name is longer than 100 characters.");
  if (name.startsWith(QLatin1Char('.'))) return QObject::tr("The name must not start with a dot.");
  if (name != name.trimmed()) return QObject::tr("The name must not start or end with a space.");
  for (QChar c : name)
    if (!c.isLetterOrNumber() && c != QLatin1Char(' ') && c != QLatin1Char('-') && c != QLatin1Char('_') &&
        c != QLatin1Char('.'))
      return QObject::tr("\"%1\" is not allowed in a name (letters, digits, space, '.', '-' and '_' are).").arg(c);
  return {};
}

QString UserDashboards::pathFor(const QString& name) const {
  return m_directory + QLatin1Char('/') + name + QLatin1String(kSuffix);
}

QStringList UserDashboards::names() const {
  QStringList out;
  const auto files = QDir(m_directory).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
  for (const QString& file : files) {
    QString name = file.chopped(static_cast<qsizetype>(std::char_traits<char>::length(kSuffix)));
    if (checkName(name).isEmpty()) out << name;
  }
  return out;
}

bool UserDashboards::exists(const QString& name) const {
  return checkName(name).isEmpty() && QFile::exists(pathFor(name));
}

Result<DashboardLayout> UserDashboards::load(const QString& name) const {
  if (QString why = checkName(name); !why.isEmpty())
    return makeError(ErrorCode::Invalid, toStd(why), "user dashboard \"" + toStd(name) + "\"");
  QString path = pathFor(name);
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    return makeError(file.exists() ? ErrorCode::Io : ErrorCode::NotFound,
                     "cannot read it: " + toStd(file.errorString()), toStd(path));
  QByteArray bytes = file.readAll();
  nlohmann::json json = nlohmann::json::parse(bytes.constData(), bytes.constData() + bytes.size(), nullptr, false);
  if (json.is_discarded()) return makeError(ErrorCode::Invalid, "not valid JSON", toStd(path));
  auto layout = dashboardFromJson(json, "$");
  if (!layout)
    return makeError(layout.error().code, layout.error().message, toStd(path) + " " + layout.error().where);
  return layout;
}

Status UserDashboards::save(const QString& name, const DashboardLayout& layout) const {
  if (QString why = checkName(name); !why.isEmpty())
    return makeError(ErrorCode::Invalid, toStd(why), "user dashboard \"" + toStd(name) + "\"");
  if (!QDir().mkpath(m_directory))
    return makeError(ErrorCode::Io, "cannot create the folder", toStd(m_directory));
  QString path = pathFor(name);
  QSaveFile file(path);
  QByteArray text = QByteArray::fromStdString(toJson(layout).dump(2) + "\n");
  if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit())
    return makeError(ErrorCode::Io, "cannot write it: " + toStd(file.errorString()), toStd(path));
  return {};
}

Status UserDashboards::remove(const QString& name) const {
  if (!exists(name)) return makeError(ErrorCode::NotFound, "no such user dashboard", toStd(pathFor(name)));
  QFile file(pathFor(name));
  if (!file.remove()) return makeError(ErrorCode::Io, "cannot delete it: " + toStd(file.errorString()), toStd(pathFor(name)));
  return {};
}

}  // namespace tributary::widgets
