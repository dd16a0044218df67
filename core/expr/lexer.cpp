// The lexer of the expression language (see lexer.h).
#include "core/expr/lexer.h"

namespace tributary::expr {

std::optional<LexError> tokenize(std::string_view text, std::vector<Token>& tokens) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (true) {
    while (i < n && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
    // -- comments to the end of the line
    if (i + 1 < n && text[i] == '-' && text[i + 1] == '-') {
      while (i < n && text[i] != '\n') ++i;
      continue;
    }
    Token t;
    t.offset = i;
    if (i >= n) {
      t.kind = Tok::End;
      tokens.push_back(t);
      break;
    }
    char c = text[i];
    auto single = [&](Tok kind, std::size_t len) {
      t.kind = kind;
      t.text = std::string(text.substr(i, len));
      i += len;
    };
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || static_cast<unsigned char>(c) >= 0x80) {
      std::size_t s = i;
      while (i < n && ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z') ||
                       (text[i] >= '0' && text[i] <= '9') || text[i] == '_' || text[i] == '$' ||
                       static_cast<unsigned char>(text[i]) >= 0x80)) {
        ++i;
      }
      t.kind = Tok::Ident;
      t.text = std::string(text.substr(s, i - s));
    } else if (c >= '0' && c <= '9') {
      std::size_t s = i;
      bool isDouble = false;
      while (i < n && text[i] >= '0' && text[i] <= '9') ++i;
      if (i < n && text[i] == '.' && i + 1 < n && text[i + 1] >= '0' && text[i + 1] <= '9') {
        isDouble = true;
        ++i;
        while (i < n && text[i] >= '0' && text[i] <= '9') ++i;
      }
      if (i < n && (text[i] == 'e' || text[i] == 'E')) {
        std::size_t e = i + 1;
        if (e < n && (text[e] == '+' || text[e] == '-')) ++e;
        if (e < n && text[e] >= '0' && text[e] <= '9') {
          isDouble = true;
          i = e;
          while (i < n && text[i] >= '0' && text[i] <= '9') ++i;
        }
      }
      if (i < n && ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z') || text[i] == '_')) {
        t.offset = i;
        tokens.push_back(t);
        return LexError{
            i, "unexpected '" + std::string(1, text[i]) + "' after the number " + std::string(text.substr(s, i - s))};
      }
      t.kind = isDouble ? Tok::Double : Tok::Int;
      t.text = std::string(text.substr(s, i - s));
    } else if (c == '\'') {
      ++i;
      std::string s;
      while (true) {
        if (i >= n) {
          return LexError{t.offset, "the string starting here is not closed with '"};
        }
        if (text[i] == '\'') {
          if (i + 1 < n && text[i + 1] == '\'') {
            s.push_back('\'');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        s.push_back(text[i++]);
      }
      t.kind = Tok::String;
      t.text = std::move(s);
    } else if (c == '`') {
      ++i;
      std::string s;
      while (true) {
        if (i >= n) {
          return LexError{t.offset, "the quoted name starting here is not closed with `"};
        }
        if (text[i] == '`') {
          if (i + 1 < n && text[i + 1] == '`') {
            s.push_back('`');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        s.push_back(text[i++]);
      }
      t.kind = Tok::QuotedIdent;
      t.text = std::move(s);
    } else {
      char d = i + 1 < n ? text[i + 1] : '\0';
      switch (c) {
        case '+':
          single(Tok::Plus, 1);
          break;
        case '-':
          single(Tok::Minus, 1);
          break;
        case '*':
          single(Tok::Star, 1);
          break;
        case '/':
          single(Tok::Slash, 1);
          break;
        case '%':
          single(Tok::Percent, 1);
          break;
        case '(':
          single(Tok::LParen, 1);
          break;
        case ')':
          single(Tok::RParen, 1);
          break;
        case ',':
          single(Tok::Comma, 1);
          break;
        case '.':
          single(Tok::Dot, 1);
          break;
        case '[':
          single(Tok::LBracket, 1);
          break;
        case ']':
          single(Tok::RBracket, 1);
          break;
        case '=':
          single(Tok::Eq, d == '=' ? 2 : 1);
          break;
        case '|':
          if (d == '|') {
            single(Tok::Concat, 2);
            break;
          }
          return LexError{i, "unexpected '|' (did you mean || to concatenate?)"};
        case '!':
          if (d == '=') {
            single(Tok::Ne, 2);
            break;
          }
          return LexError{i, "unexpected '!' (use NOT, or != for 'not equal')"};
        case '<':
          if (d == '=') {
            single(Tok::Le, 2);
          } else if (d == '>') {
            single(Tok::Ne, 2);
          } else {
            single(Tok::Lt, 1);
          }
          break;
        case '>':
          single(d == '=' ? Tok::Ge : Tok::Gt, d == '=' ? 2 : 1);
          break;
        case '"':
          return LexError{
              i, "double quotes are not used in expressions: write strings as 'text' and quote names with backticks"};
        default: {
          std::string shown = (c >= 0x20 && c < 0x7f) ? std::string("'") + c + "'" : "a control character";
          return LexError{i, "unexpected character " + shown};
        }
      }
    }
    t.length = i - t.offset;
    tokens.push_back(std::move(t));
  }
  return std::nullopt;
}

}  // namespace tributary::expr
