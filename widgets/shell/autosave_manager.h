#pragma once
// AutosaveManager: keeps a copy of the open pipeline while it has unsaved
// changes (every `intervalMs`, and on saveNow()), so that a crash loses at
// most one interval; and finds the copies that sessions which ended without
// closing left behind, for the main window to offer. One file per process:
// <dir>/session-<pid>.tributary.json, plus a ".meta" file naming the
// original file, the process id and the time.
// Owned by the MainWindow; GUI thread only.

#include <functional>
#include <vector>

#include <QObject>
#include <QString>

#include "core/model/pipeline.h"

class QTimer;

namespace tributary::widgets {

class PipelineDocument;

class AutosaveManager final : public QObject {
  Q_OBJECT

 public:
  // `directory`: where the files go; empty: <state dir>/autosave.
  // `originalFile`: the path the open pipeline was loaded from or saved to (empty: none yet).
  AutosaveManager(PipelineDocument* document, QString directory, int intervalMs,
                  std::function<QString()> originalFile, QObject* parent = nullptr);

  QString directory() const { return m_directory; }
  // This session's autosave file.
  QString path() const;
  // Writes the pipeline if it has unsaved changes not written yet.
  void saveNow();
  // The pipeline was saved (or the window closes): the copy is no longer needed.
  void clear();

  // What a session that ended without closing left behind.
  struct Orphan {
    QString path;      // its autosave file
    QString original;  // the file it had open (empty: an unsaved pipeline)
    QString when;      // when it was written, local time, for people
    model::Pipeline pipeline;
  };
  // Copies of sessions whose process is gone (unreadable ones are deleted), newest first.
  std::vector<Orphan> orphans() const;
  // Deletes an autosave file and its .meta.
  static void discard(const QString& path);

 private:
  PipelineDocument* m_document;
  QString m_directory;
  std::function<QString()> m_originalFile;
  QTimer* m_timer;
  quint64 m_revision = 0;       // document changes so far
  quint64 m_savedRevision = 0;  // the revision the file holds
};

}  // namespace tributary::widgets
