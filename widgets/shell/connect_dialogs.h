#pragma once
// Kafka Connect configs in and out of the designer (File → Import / Export).
// ConnectImportDialog imports the chosen connector JSON files and shows what
// could not be carried over before the user opens the result; exportConnect
// writes one {"name", "config"} file per connector into a folder and lists the
// nodes without an equivalent. The mapping itself is core's
// (core/model/kafka_connect.h). GUI thread only.

#include <optional>

#include <QDialog>

#include "core/model/pipeline.h"

class QPlainTextEdit;

namespace tributary::widgets {

class ConnectImportDialog final : public QDialog {
  Q_OBJECT

 public:
  // Reads and imports `files` at once; a file that cannot be read or parsed is
  // reported in the dialog and nothing can be opened.
  ConnectImportDialog(const QStringList& files, QWidget* parent = nullptr);

  // The imported pipeline, when the import succeeded.
  const std::optional<model::Pipeline>& pipeline() const { return m_pipeline; }
  // The report as shown: one line per setting not carried over.
  QString report() const;

 private:
  std::optional<model::Pipeline> m_pipeline;
  QPlainTextEdit* m_report;
};

// Asks for a folder and writes the configs; shows what was written and the notes.
void exportConnect(const model::Pipeline& pipeline, QWidget* parent);

}  // namespace tributary::widgets
