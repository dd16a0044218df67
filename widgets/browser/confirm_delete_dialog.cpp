#include "widgets/browser/confirm_delete_dialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace tributary::widgets {

ConfirmDeleteDialog::ConfirmDeleteDialog(const QString& topic, qint64 messages, QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Delete topic %1").arg(topic));
  setObjectName(QStringLiteral("confirmDeleteDialog"));
  auto* layout = new QVBoxLayout(this);
  auto* text = new QLabel(tr("Deleting <b>%1</b> removes it and its %2 message(s) from the cluster. This cannot be "
                             "undone.<br><br>Type the topic's name to confirm:")
                              .arg(topic.toHtmlEscaped())
                              .arg(messages));
  text->setWordWrap(true);
  layout->addWidget(text);
  m_name = new QLineEdit;
  m_name->setPlaceholderText(topic);
  layout->addWidget(m_name);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
  m_delete = buttons->addButton(tr("Delete"), QDialogButtonBox::DestructiveRole);
  m_delete->setEnabled(false);
  connect(m_name, &QLineEdit::textChanged, this, [this, topic](const QString& t) { m_delete->setEnabled(t == topic); });
  connect(m_delete, &QPushButton::clicked, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
}

}  // namespace tributary::widgets
