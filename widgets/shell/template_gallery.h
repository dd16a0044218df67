#pragma once
// TemplateGallery: a dialog listing the shipped pipeline templates with a
// rendered thumbnail of each, its name, description and size. Choosing one
// returns its path; the main window opens it as a new unsaved pipeline.
// Created on the stack by the main window; GUI thread only.

#include <QDialog>

#include "core/model/pipeline.h"
#include "core/model/spec_registry.h"

class QListWidget;
class QPushButton;

namespace tributary::widgets {

class TemplateGallery final : public QDialog {
  Q_OBJECT

 public:
  TemplateGallery(const model::SpecRegistry& registry, const QStringList& files, QWidget* parent = nullptr);
  QString selectedFile() const;
  // The user chose "Start sandbox and run" (the template ships a sandbox).
  bool startSandboxChosen() const { return m_startSandbox; }

  // A picture of a pipeline as the canvas would draw it.
  static QImage thumbnail(const model::SpecRegistry& registry, const model::Pipeline& pipeline, QSize size, qreal dpr);

 private:
  QListWidget* m_list;
  QPushButton* m_sandboxButton = nullptr;
  bool m_startSandbox = false;
};

}  // namespace tributary::widgets
