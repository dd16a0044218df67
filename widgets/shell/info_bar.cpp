#include "widgets/shell/info_bar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>

#include "widgets/style/app_theme.h"
#include "widgets/style/icons.h"

namespace tributary::widgets {

InfoBar::InfoBar(QWidget* parent)
    : QFrame(parent), m_icon(new QLabel(this)), m_text(new QLabel(this)), m_action(new QPushButton(this)) {
  setObjectName(QStringLiteral("infoBar"));
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(10, 5, 6, 5);
  layout->setSpacing(8);
  layout->addWidget(m_icon);
  m_text->setWordWrap(true);
  m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(m_text, 1);
  layout->addWidget(m_action);
  auto* close = new QToolButton(this);
  close->setIcon(icons::action(QStringLiteral("clear")));
  close->setAutoRaise(true);
  close->setToolTip(tr("Dismiss"));
  layout->addWidget(close);
  connect(close, &QToolButton::clicked, this, &QWidget::hide);
  connect(m_action, &QPushButton::clicked, this, [this] {
    hide();
    if (m_callback) m_callback();
  });
  hide();
}

void InfoBar::showMessage(Kind kind, const QString& text, const QString& actionText, std::function<void()> action) {
  QColor color = kind == Kind::Error ? colors::error() : kind == Kind::Warning ? colors::warning() : colors::accent();
  QColor bg = color;
  bg.setAlpha(isDarkTheme() ? 45 : 28);
  setStyleSheet(
      QStringLiteral("#infoBar { background: rgba(%1,%2,%3,%4); border-bottom: 1px solid rgba(%1,%2,%3,90); }")
          .arg(bg.red())
          .arg(bg.green())
          .arg(bg.blue())
          .arg(bg.alpha()));
  QString icon = kind == Kind::Error     ? QStringLiteral("error")
                 : kind == Kind::Warning ? QStringLiteral("warning")
                                         : QStringLiteral("info");
  m_icon->setPixmap(icons::glyph(icon, 18, color, devicePixelRatioF()));
  m_text->setText(text);
  m_callback = std::move(action);
  m_action->setVisible(!actionText.isEmpty());
  m_action->setText(actionText);
  show();
}

QString InfoBar::text() const {
  return m_text->text();
}

}  // namespace tributary::widgets
