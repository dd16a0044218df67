#include "widgets/palette/node_palette.h"

#include <QApplication>
#include <QHeaderView>
#include <QLineEdit>
#include <QMimeData>
#include <QPainter>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QStyledItemDelegate>
#include <QTreeView>
#include <QVBoxLayout>

#include "widgets/canvas/pipeline_scene.h"
#include "widgets/document/qt_json.h"
#include "widgets/style/app_theme.h"
#include "widgets/style/icons.h"

namespace tributary::widgets {
namespace {

constexpr int kTypeRole = Qt::UserRole + 1;
constexpr int kSearchRole = Qt::UserRole + 2;
constexpr int kCategoryRole = Qt::UserRole + 3;

class PaletteModel final : public QStandardItemModel {
 public:
  using QStandardItemModel::QStandardItemModel;
  QStringList mimeTypes() const override { return {PipelineScene::nodeTypeMimeType()}; }
  QMimeData* mimeData(const QModelIndexList& indexes) const override {
    for (const QModelIndex& index : indexes) {
      QString type = index.data(kTypeRole).toString();
      if (!type.isEmpty()) return NodePalette::mimeDataFor(type);
    }
    return nullptr;
  }
};

class PaletteFilter final : public QSortFilterProxyModel {
 public:
  using QSortFilterProxyModel::QSortFilterProxyModel;
  void setText(const QString& text) {
    m_text = text.trimmed();
    invalidateFilter();
  }

 protected:
  bool filterAcceptsRow(int row, const QModelIndex& parent) const override {
    QModelIndex index = sourceModel()->index(row, 0, parent);
    if (!parent.isValid()) {
      // A category stays while any of its types matches.
      int n = sourceModel()->rowCount(index);
      for (int i = 0; i < n; ++i)
        if (filterAcceptsRow(i, index)) return true;
      return false;
    }
    if (m_text.isEmpty()) return true;
    const QString haystack = index.data(kSearchRole).toString();
    const auto words = m_text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString& word : words)
      if (!haystack.contains(word, Qt::CaseInsensitive)) return false;
    return true;
  }

 private:
  QString m_text;
};

// Two lines per type (title, then the type string in a muted colour); categories as small caps headers.
class PaletteDelegate final : public QStyledItemDelegate {
 public:
  using QStyledItemDelegate::QStyledItemDelegate;

  QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override {
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    return QSize(size.width(), index.parent().isValid() ? 42 : 30);
  }

  void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override {
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QRect r = option.rect;
    const QPalette& pal = option.palette;
    if (!index.parent().isValid()) {
      QFont f = option.font;
      f.setPixelSize(11);
      f.setWeight(QFont::DemiBold);
      f.setCapitalization(QFont::AllUppercase);
      f.setLetterSpacing(QFont::AbsoluteSpacing, 0.6);
      painter->setFont(f);
      auto category = static_cast<model::NodeCategory>(index.data(kCategoryRole).toInt());
      QColor dot = categoryColor(category, isDarkTheme());
      painter->setPen(Qt::NoPen);
      painter->setBrush(dot);
      painter->drawEllipse(QPointF(r.left() + 6, r.center().y() + 1), 3.5, 3.5);
      painter->setPen(colors::mutedText());
      painter->drawText(r.adjusted(16, 0, -8, 0), Qt::AlignVCenter | Qt::AlignLeft, index.data().toString());
      painter->restore();
      return;
    }
    bool selected = option.state & QStyle::State_Selected;
    bool hovered = option.state & QStyle::State_MouseOver;
    QRect card = r.adjusted(2, 2, -6, -2);
    if (selected || hovered) {
      QColor bg = pal.color(QPalette::Highlight);
      bg.setAlpha(selected ? 50 : 22);
      painter->setPen(Qt::NoPen);
      painter->setBrush(bg);
      painter->drawRoundedRect(card, 6, 6);
    }
    QIcon icon = index.data(Qt::DecorationRole).value<QIcon>();
    icon.paint(painter, QRect(card.left() + 6, card.center().y() - 13, 26, 26));
    QFont title = option.font;
    title.setWeight(QFont::Medium);
    painter->setFont(title);
    painter->setPen(pal.color(QPalette::Text));
    QRect text = card.adjusted(42, 4, -6, -4);
    painter->drawText(QRect(text.left(), text.top(), text.width(), text.height() / 2 + 1),
                      Qt::AlignLeft | Qt::AlignBottom, index.data().toString());
    QFont small = option.font;
    small.setPixelSize(11);
    painter->setFont(small);
    painter->setPen(colors::mutedText());
    painter->drawText(QRect(text.left(), text.center().y() + 2, text.width(), text.height() / 2),
                      Qt::AlignLeft | Qt::AlignTop, index.data(kTypeRole).toString());
    painter->restore();
  }
};

}  // namespace

NodePalette::NodePalette(const model::SpecRegistry& registry, QWidget* parent)
    : QWidget(parent),
      m_registry(registry),
      m_search(new QLineEdit(this)),
      m_view(new QTreeView(this)),
      m_model(new PaletteModel(this)),
      m_proxy(new PaletteFilter(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(8, 8, 4, 4);
  layout->setSpacing(6);
  m_search->setPlaceholderText(tr("Search nodes…"));
  m_search->setClearButtonEnabled(true);
  m_search->addAction(icons::action(QStringLiteral("search")), QLineEdit::LeadingPosition);
  layout->addWidget(m_search);
  layout->addWidget(m_view);

  m_proxy->setSourceModel(m_model);
  m_view->setModel(m_proxy);
  m_view->setHeaderHidden(true);
  m_view->setRootIsDecorated(false);
  m_view->setIndentation(0);
  m_view->setItemsExpandable(false);
  m_view->setDragEnabled(true);
  m_view->setDragDropMode(QAbstractItemView::DragOnly);
  m_view->setSelectionMode(QAbstractItemView::SingleSelection);
  m_view->setFrameShape(QFrame::NoFrame);
  m_view->setMouseTracking(true);
  m_view->setItemDelegate(new PaletteDelegate(m_view));
  m_view->viewport()->setAttribute(Qt::WA_Hover);
  m_view->setAutoFillBackground(false);
  m_view->viewport()->setAutoFillBackground(false);

  connect(m_search, &QLineEdit::textChanged, this, &NodePalette::setFilter);
  connect(m_view, &QTreeView::activated, this, [this](const QModelIndex& index) {
    QString type = index.data(kTypeRole).toString();
    if (!type.isEmpty()) Q_EMIT typeActivated(type);
  });
  rebuild();
  setMinimumWidth(200);
}

void NodePalette::rebuild() {
  m_model->clear();
  const model::NodeCategory order[] = {model::NodeCategory::Source, model::NodeCategory::Transform,
                                       model::NodeCategory::Topic, model::NodeCategory::Sink};
  for (auto category : order) {
    auto* group = new QStandardItem(categoryName(category));
    group->setFlags(Qt::ItemIsEnabled);
    group->setData(static_cast<int>(category), kCategoryRole);
    for (const model::NodeSpec* spec : m_registry.all()) {
      if (spec->category != category) continue;
      QString title = toQt(spec->title.empty() ? spec->type : spec->title);
      auto* item = new QStandardItem(icons::nodeIcon(*spec), title);
      item->setData(toQt(spec->type), kTypeRole);
      item->setData(
          QStringLiteral("%1 %2 %3 %4").arg(title, toQt(spec->type), toQt(spec->help), categoryName(category)),
          kSearchRole);
      item->setToolTip(
          QStringLiteral("<b>%1</b> <code>%2</code><br>%3")
              .arg(title.toHtmlEscaped(), toQt(spec->type).toHtmlEscaped(), toQt(spec->help).toHtmlEscaped()));
      item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled);
      group->appendRow(item);
    }
    if (group->rowCount() > 0)
      m_model->appendRow(group);
    else
      delete group;
  }
  m_view->expandAll();
}

void NodePalette::setFilter(const QString& text) {
  if (m_search->text() != text) m_search->setText(text);
  static_cast<PaletteFilter*>(m_proxy)->setText(text);
  m_view->expandAll();
}

QMimeData* NodePalette::mimeDataFor(const QString& type) {
  auto* data = new QMimeData;
  data->setData(PipelineScene::nodeTypeMimeType(), type.toUtf8());
  data->setText(type);
  return data;
}

QModelIndex NodePalette::indexOfType(const QString& type) const {
  for (int g = 0; g < m_proxy->rowCount(); ++g) {
    QModelIndex group = m_proxy->index(g, 0);
    for (int i = 0; i < m_proxy->rowCount(group); ++i) {
      QModelIndex index = m_proxy->index(i, 0, group);
      if (index.data(kTypeRole).toString() == type) return index;
    }
  }
  return {};
}

}  // namespace tributary::widgets
