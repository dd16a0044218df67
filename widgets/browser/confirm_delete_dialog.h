#pragma once
// ConfirmDeleteDialog: deleting a topic cannot be undone, so the user types
// its name; Delete is enabled only when the text matches. GUI thread only.

#include <QDialog>

class QLineEdit;
class QPushButton;

namespace tributary::widgets {

class ConfirmDeleteDialog final : public QDialog {
  Q_OBJECT

 public:
  ConfirmDeleteDialog(const QString& topic, qint64 messages, QWidget* parent = nullptr);
  QLineEdit* nameEdit() const { return m_name; }
  QPushButton* deleteButton() const { return m_delete; }

 private:
  QLineEdit* m_name;
  QPushButton* m_delete;
};

}  // namespace tributary::widgets
