#pragma once
// InfoBar: a slim message strip above the canvas (like an IDE's info bars)
// with an optional action button and a close button. Owned by the main window; GUI thread only.

#include <functional>

#include <QFrame>

class QLabel;
class QPushButton;

namespace tributary::widgets {

class InfoBar final : public QFrame {
  Q_OBJECT

 public:
  enum class Kind { Info, Warning, Error };
  explicit InfoBar(QWidget* parent = nullptr);
  // Shows `text`; with `actionText` a button calls `action` (and hides the bar).
  void showMessage(Kind kind, const QString& text, const QString& actionText = {}, std::function<void()> action = {});
  QString text() const;

 private:
  QLabel* m_icon;
  QLabel* m_text;
  QPushButton* m_action;
  std::function<void()> m_callback;
};

}  // namespace tributary::widgets
