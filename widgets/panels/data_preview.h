#pragma once
// DataPreview: the last records that passed along the selected connection
// (a bounded sample), one per row, with the selected one as pretty JSON.
// It only shows what it is given; the run controller samples the records.
// Owned by the bottom dock; GUI thread only.

#include <QStringList>
#include <QWidget>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QStackedWidget;

namespace tributary::widgets {

class DataPreview final : public QWidget {
  Q_OBJECT

 public:
  explicit DataPreview(QWidget* parent = nullptr);

  // `records` are JSON texts, oldest first. Keeps the selection on the same row when possible.
  void setRecords(const QString& title, const QStringList& records);
  void showMessage(const QString& message);
  int recordCount() const;
  QString recordText(int row) const;

 private:
  QStackedWidget* m_stack;
  QLabel* m_message;
  QLabel* m_title;
  QListWidget* m_list;
  QPlainTextEdit* m_detail;
  QStringList m_records;
};

}  // namespace tributary::widgets
