#include "widgets/panels/problems_panel.h"

#include <QHeaderView>
#include <QLabel>
#include <QStackedLayout>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "widgets/document/pipeline_document.h"
#include "widgets/document/qt_json.h"
#include "widgets/style/app_theme.h"
#include "widgets/style/icons.h"

namespace tributary::widgets {

ProblemsPanel::ProblemsPanel(PipelineDocument* document, QWidget* parent)
    : QWidget(parent), m_document(document), m_list(new QTreeWidget(this)) {
  auto* layout = new QStackedLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_list);
  m_empty = new QLabel(tr("No problems: the pipeline is valid."), this);
  m_empty->setAlignment(Qt::AlignCenter);
  m_empty->setProperty("role", QStringLiteral("muted"));
  layout->addWidget(m_empty);
  m_list->setColumnCount(3);
  m_list->setHeaderLabels({tr("Problem"), tr("Node"), tr("Where")});
  m_list->setRootIsDecorated(false);
  m_list->setUniformRowHeights(true);
  m_list->setAlternatingRowColors(true);
  m_list->setFrameShape(QFrame::NoFrame);
  m_list->header()->setStretchLastSection(false);
  m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  m_list->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
  connect(m_list, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
    Q_EMIT problemActivated(item->data(0, Qt::UserRole).toString(), item->data(0, Qt::UserRole + 1).toString());
  });
  connect(document, &PipelineDocument::diagnosticsChanged, this, &ProblemsPanel::refresh);
  connect(document, &PipelineDocument::documentReset, this, &ProblemsPanel::refresh);
  refresh();
}

int ProblemsPanel::count() const {
  return m_list->topLevelItemCount();
}

QString ProblemsPanel::title() const {
  int n = m_errors + m_warnings;
  return n ? tr("Problems (%1)").arg(n) : tr("Problems");
}

void ProblemsPanel::refresh() {
  m_list->clear();
  m_errors = m_warnings = 0;
  QIcon error = icons::action(QStringLiteral("error"));
  QIcon warning = icons::action(QStringLiteral("warning"));
  QList<QTreeWidgetItem*> items;
  for (const auto& d : m_document->diagnostics()) {
    bool isError = d.severity == model::Severity::Error;
    (isError ? m_errors : m_warnings)++;
    auto* item = new QTreeWidgetItem;
    QString message = toQt(d.message);
    if (!message.isEmpty()) message[0] = message[0].toUpper();
    item->setText(0, message);
    item->setIcon(0, isError ? error : warning);
    item->setForeground(0, isError ? colors::error() : colors::warning());
    item->setText(1, toQt(d.nodeId));
    item->setText(2, toQt(d.path));
    item->setToolTip(0, toQt(model::format(d)));
    item->setData(0, Qt::UserRole, toQt(d.nodeId));
    item->setData(0, Qt::UserRole + 1, toQt(d.field));
    items << item;
  }
  m_list->addTopLevelItems(items);
  static_cast<QStackedLayout*>(layout())->setCurrentWidget(items.isEmpty() ? static_cast<QWidget*>(m_empty) : m_list);
  Q_EMIT countChanged(m_errors, m_warnings);
}

}  // namespace tributary::widgets
