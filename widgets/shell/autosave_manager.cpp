#include "widgets/shell/autosave_manager.h"

#include <csignal>
#include <filesystem>

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTimer>
#include <QUndoStack>

#include "core/base/log.h"
#include "core/model/pipeline_file.h"
#include "widgets/document/pipeline_document.h"
#include "widgets/document/qt_json.h"

namespace tributary::widgets {
namespace {

bool processAlive(qint64 pid) {
  return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) == 0;
}

}  // namespace

AutosaveManager::AutosaveManager(PipelineDocument* document, QString directory, int intervalMs,
                                 std::function<QString()> originalFile, QObject* parent)
    : QObject(parent),
      m_document(document),
      m_directory(directory.isEmpty() ? toQt((log::stateDirectory() / "autosave").string()) : std::move(directory)),
      m_originalFile(std::move(originalFile)),
      m_timer(new QTimer(this)) {
  connect(m_document, &PipelineDocument::changed, this, [this] { ++m_revision; });
  m_timer->setInterval(intervalMs);
  connect(m_timer, &QTimer::timeout, this, &AutosaveManager::saveNow);
  m_timer->start();
}

QString AutosaveManager::path() const {
  return QDir(m_directory).filePath(QStringLiteral("session-%1.tributary.json").arg(QCoreApplication::applicationPid()));
}

void AutosaveManager::saveNow() {
  if (m_document->undoStack()->isClean() || m_revision == m_savedRevision) return;
  QDir().mkpath(m_directory);
  const QString file = path();
  if (!model::savePipeline(m_document->pipeline(), std::filesystem::path(file.toStdString()))) return;
  QJsonObject meta{{QStringLiteral("file"), m_originalFile ? m_originalFile() : QString()},
                   {QStringLiteral("pid"), QCoreApplication::applicationPid()},
                   {QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}};
  QSaveFile metaFile(file + QStringLiteral(".meta"));
  if (metaFile.open(QIODevice::WriteOnly)) {
    metaFile.write(QJsonDocument(meta).toJson());
    metaFile.commit();
  }
  m_savedRevision = m_revision;
}

void AutosaveManager::clear() {
  discard(path());
  m_savedRevision = m_revision;
}

void AutosaveManager::discard(const QString& path) {
  QFile::remove(path);
  QFile::remove(path + QStringLiteral(".meta"));
}

std::vector<AutosaveManager::Orphan> AutosaveManager::orphans() const {
  std::vector<Orphan> out;
  QDir dir(m_directory);
  const auto files = dir.entryList({QStringLiteral("session-*.tributary.json")}, QDir::Files, QDir::Time);
  for (const QString& name : files) {
    QString file = dir.filePath(name);
    QFile metaFile(file + QStringLiteral(".meta"));
    QJsonObject meta;
    if (metaFile.open(QIODevice::ReadOnly)) meta = QJsonDocument::fromJson(metaFile.readAll()).object();
    qint64 pid = meta.value(QStringLiteral("pid")).toInteger();
    if (pid == QCoreApplication::applicationPid() || processAlive(pid)) continue;  // ours, or another live window's
    auto loaded = model::loadPipeline(std::filesystem::path(file.toStdString()));
    if (!loaded) {
      discard(file);
      continue;
    }
    Orphan o;
    o.path = file;
    o.original = meta.value(QStringLiteral("file")).toString();
    o.when =
        QDateTime::fromString(meta.value(QStringLiteral("time")).toString(), Qt::ISODate).toLocalTime().toString();
    o.pipeline = std::move(loaded.value());
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace tributary::widgets
