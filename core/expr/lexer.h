#pragma once
// Internal: the lexer of the expression language, text -> tokens. The parser
// (parser.cpp) reads the tokens; keywords are plain identifiers here and are
// recognised by the parser.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tributary::expr {

enum class Tok {
  End,
  Ident,        // name or keyword (keywords are recognised by the parser)
  QuotedIdent,  // `name`
  Int,
  Double,
  String,  // 'text'
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Concat,
  Eq,
  Ne,
  Lt,
  Le,
  Gt,
  Ge,
  LParen,
  RParen,
  Comma,
  Dot,
  LBracket,
  RBracket,
};

struct Token {
  Tok kind = Tok::End;
  std::string text;  // identifier / string contents / number text
  std::size_t offset = 0;
  std::size_t length = 0;
};

// Where the text cannot be split into tokens and why ("unexpected '!' ...").
struct LexError {
  std::size_t offset = 0;
  std::string message;
};

// Appends the tokens of `text` to `tokens`, ending with a Tok::End token.
// Comments (-- to the end of the line) and white space are skipped.
std::optional<LexError> tokenize(std::string_view text, std::vector<Token>& tokens);

}  // namespace tributary::expr
