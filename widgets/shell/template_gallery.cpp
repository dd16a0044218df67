#include "widgets/shell/template_gallery.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPushButton>
#include <QVBoxLayout>

#include "core/model/pipeline_file.h"
#include "core/sandbox/sandbox_template.h"
#include "widgets/canvas/pipeline_scene.h"
#include "widgets/document/pipeline_document.h"
#include "widgets/document/qt_json.h"
#include "widgets/style/app_theme.h"

namespace tributary::widgets {

QImage TemplateGallery::thumbnail(const model::SpecRegistry& registry, const model::Pipeline& pipeline, QSize size,
                                  qreal dpr) {
  PipelineDocument document(registry);
  document.reset(pipeline);
  PipelineScene scene(&document);
  scene.setTheme(CanvasTheme::forDark(isDarkTheme()));
  QImage image(size * dpr, QImage::Format_ARGB32_Premultiplied);
  image.setDevicePixelRatio(dpr);
  image.fill(scene.theme().colors().background);
  QRectF source = scene.contentRect().adjusted(-30, -30, 30, 30);
  if (source.isEmpty()) return image;
  QPainter painter(&image);
  painter.setRenderHints(QPainter::Antialiasing | QPainter::SmoothPixmapTransform | QPainter::TextAntialiasing);
  scene.render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), source, Qt::KeepAspectRatio);
  return image;
}

TemplateGallery::TemplateGallery(const model::SpecRegistry& registry, const QStringList& files, QWidget* parent)
    : QDialog(parent), m_list(new QListWidget(this)) {
  setWindowTitle(tr("New from Template"));
  auto* layout = new QVBoxLayout(this);
  auto* intro =
      new QLabel(tr("Start from a working pipeline. The copy is new and unsaved; the template stays as it is."), this);
  intro->setWordWrap(true);
  layout->addWidget(intro);
  m_list->setViewMode(QListView::IconMode);
  m_list->setIconSize(QSize(280, 150));
  m_list->setGridSize(QSize(310, 230));
  m_list->setResizeMode(QListView::Adjust);
  m_list->setMovement(QListView::Static);
  m_list->setWordWrap(true);
  m_list->setSpacing(8);
  layout->addWidget(m_list, 1);
  qreal dpr = devicePixelRatioF();
  for (const QString& file : files) {
    auto loaded = model::loadPipeline(std::filesystem::path(file.toStdString()));
    if (!loaded) continue;
    QImage image = thumbnail(registry, *loaded, QSize(280, 150), dpr);
    QString name = toQt(loaded->name.empty() ? QFileInfo(file).completeBaseName().toStdString() : loaded->name);
    auto* item = new QListWidgetItem(QIcon(QPixmap::fromImage(image)), name, m_list);
    item->setData(Qt::UserRole, file);
    QString description = toQt(loaded->description);
    item->setToolTip(QStringLiteral("<b>%1</b><br>%2<br><i>%3</i>")
                         .arg(name.toHtmlEscaped(), description.toHtmlEscaped(),
                              tr("%n node(s)", nullptr, static_cast<int>(loaded->nodes.size()))));
    item->setText(description.isEmpty() ? name : QStringLiteral("%1\n%2").arg(name, description.left(80)));
    // Templates with a sandbox (TEMPLATE.sandbox.json) can start their own servers.
    auto box = sandbox::loadTemplateSandbox(std::filesystem::path(file.toStdString()));
    if (box.ok() && box->has_value()) {
      QStringList servers;
      for (auto kind : (*box)->servers) servers << toQt(std::string(sandbox::toString(kind)));
      item->setData(Qt::UserRole + 1, servers.join(QStringLiteral(", ")));
    }
  }
  if (m_list->count() > 0) m_list->setCurrentRow(0);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Create"));
  buttons->button(QDialogButtonBox::Ok)->setEnabled(m_list->count() > 0);
  m_sandboxButton = buttons->addButton(tr("Start sandbox and run"), QDialogButtonBox::ActionRole);
  m_sandboxButton->setObjectName(QStringLiteral("startSandboxAndRun"));
  auto updateSandbox = [this] {
    auto* item = m_list->currentItem();
    QString servers = item ? item->data(Qt::UserRole + 1).toString() : QString();
    m_sandboxButton->setEnabled(!servers.isEmpty());
    m_sandboxButton->setToolTip(servers.isEmpty() ? tr("This template needs no local servers")
                                                  : tr("Starts local %1, loads the schema and sample traffic, "
                                                       "then runs the pipeline")
                                                        .arg(servers));
  };
  connect(m_list, &QListWidget::currentItemChanged, this, updateSandbox);
  updateSandbox();
  connect(m_sandboxButton, &QPushButton::clicked, this, [this] {
    m_startSandbox = true;
    accept();
  });
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(m_list, &QListWidget::itemActivated, this, &QDialog::accept);
  resize(1000, 640);
}

QString TemplateGallery::selectedFile() const {
  auto* item = m_list->currentItem();
  return item ? item->data(Qt::UserRole).toString() : QString();
}

}  // namespace tributary::widgets
