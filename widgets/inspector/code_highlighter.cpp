#include "widgets/inspector/code_highlighter.h"

#include "widgets/style/app_theme.h"

namespace tributary::widgets {

CodeHighlighter::CodeHighlighter(Language language, QTextDocument* document) : QSyntaxHighlighter(document) {
  bool dark = isDarkTheme();
  auto format = [](QColor color, bool bold = false, bool italic = false) {
    QTextCharFormat f;
    f.setForeground(color);
    if (bold) f.setFontWeight(QFont::DemiBold);
    f.setFontItalic(italic);
    return f;
  };
  QString keywords =
      QStringLiteral("and|or|not|case|when|then|else|end|as|is|null|true|false|in|like|between|cast|distinct|exists");
  if (language == Language::Sql)
    keywords += QStringLiteral(
        "|select|from|where|group|by|order|having|limit|offset|join|left|right|inner|outer|on|insert|into|values|"
        "update|set|delete|create|table|primary|key|with|union|all|asc|desc|returning|conflict|do|nothing");
  const QColor keyword = dark ? QColor(0xc0, 0x84, 0xfc) : QColor(0x7c, 0x3a, 0xed);
  const QColor function = dark ? QColor(0x60, 0xa5, 0xfa) : QColor(0x1d, 0x4e, 0xd8);
  const QColor string = dark ? QColor(0x86, 0xef, 0xac) : QColor(0x15, 0x80, 0x3d);
  const QColor number = dark ? QColor(0xfd, 0xba, 0x74) : QColor(0xc2, 0x41, 0x0c);
  const QColor comment = dark ? QColor(0x7d, 0x84, 0x8f) : QColor(0x8a, 0x91, 0x9c);
  const QColor reference = dark ? QColor(0xf4, 0x72, 0xb6) : QColor(0xbe, 0x18, 0x5d);
  // Later rules win, so strings and comments come last.
  m_rules.push_back({QRegularExpression(QStringLiteral("\\b[0-9]+(\\.[0-9]+)?\\b")), format(number)});
  m_rules.push_back({QRegularExpression(QStringLiteral("[A-Za-z_][A-Za-z0-9_]*(?=\\s*\\()")), format(function)});
  m_rules.push_back(
      {QRegularExpression(QStringLiteral("\\b(%1)\\b").arg(keywords), QRegularExpression::CaseInsensitiveOption),
       format(keyword, true)});
  m_rules.push_back({QRegularExpression(QStringLiteral("\\$\\{[^}]*\\}")), format(reference)});
  m_rules.push_back({QRegularExpression(QStringLiteral("'([^']|'')*'?")), format(string)});
  m_rules.push_back({QRegularExpression(QStringLiteral("\"[^\"]*\"?")), format(string, false, true)});
  m_rules.push_back({QRegularExpression(QStringLiteral("--[^\\n]*")), format(comment, false, true)});
}

void CodeHighlighter::highlightBlock(const QString& text) {
  for (const Rule& rule : m_rules) {
    auto it = rule.pattern.globalMatch(text);
    while (it.hasNext()) {
      auto match = it.next();
      setFormat(static_cast<int>(match.capturedStart()), static_cast<int>(match.capturedLength()), rule.format);
    }
  }
}

}  // namespace tributary::widgets
