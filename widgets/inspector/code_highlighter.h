#pragma once
// Syntax colouring for the expression language and for SQL in the inspector's
// code editors: keywords, functions, strings, numbers, comments, ${...}
// references. Owned by the QTextDocument it colours; GUI thread only.

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace tributary::widgets {

class CodeHighlighter final : public QSyntaxHighlighter {
  Q_OBJECT

 public:
  enum class Language { Expression, Sql };
  CodeHighlighter(Language language, QTextDocument* document);

 protected:
  void highlightBlock(const QString& text) override;

 private:
  struct Rule {
    QRegularExpression pattern;
    QTextCharFormat format;
  };
  std::vector<Rule> m_rules;
};

}  // namespace tributary::widgets
