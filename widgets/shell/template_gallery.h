#pragma once
// TemplateGallery: a dialog listing the shipped pipeline templates with a
// rendered thumbnail of each, its name, description and size. Choosing one
// returns its path; the main window opens it as a new unsaved pipeline.
// Created on the stack by the main window; GUI thread only.

#include <QDialog>

#include "core/model/pipeline.h"
#include "core/model/spec_registry.h"

class QListWidget;

namespace tributary::widgets {

class TemplateGallery final : public QDialog {
  Q_OBJECT

 public:
  TemplateGallery(const model::SpecRegistry& registry, const QStringList& files, QWidget* parent = nullptr);
  QString selectedFile() const;

  // A picture of a pipeline as the canvas would draw it.
  static QImage thumbnail(const model::SpecRegistry& registry, const model::Pipeline& pipeline, QSize size, qreal dpr);

 private:
  QListWidget* m_list;
};

}  // namespace tributary::widgets
