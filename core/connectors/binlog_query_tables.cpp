// tablesOfQuery: a small SQL tokenizer and reader of the table names in a
// binlog QUERY event's DDL statement (see binlog_query_tables.h).
#include "core/connectors/binlog_query_tables.h"

#include <cctype>
#include <initializer_list>

namespace tributary::connectors::binlog {
namespace {

// Words, `quoted` names, and single punctuation characters of a statement;
// comments and the text of string literals are skipped.
struct Token {
  std::string text;
  bool quoted = false;
  bool is(std::string_view word) const {
    if (quoted || text.size() != word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i)
      if (std::toupper(static_cast<unsigned char>(text[i])) != word[i]) return false;
    return true;
  }
};

std::vector<Token> tokenize(std::string_view sql, std::size_t limit) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < sql.size() && out.size() < limit) {
    char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      // A versioned comment /*!50100 ... */ is executed by MySQL: read its inside.
      if (i + 2 < sql.size() && sql[i + 2] == '!') {
        i += 3;
        while (i < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i]))) ++i;
        continue;
      }
      auto end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else if (c == '*' && i + 1 < sql.size() && sql[i + 1] == '/') {
      i += 2;  // the end of a versioned comment
    } else if (c == '#' || (c == '-' && i + 2 < sql.size() && sql[i + 1] == '-' && std::isspace(static_cast<unsigned char>(sql[i + 2])))) {
      auto end = sql.find('\n', i);
      i = end == std::string_view::npos ? sql.size() : end + 1;
    } else if (c == '`') {
      Token t;
      t.quoted = true;
      ++i;
      while (i < sql.size()) {
        if (sql[i] == '`') {
          if (i + 1 < sql.size() && sql[i + 1] == '`') {
            t.text.push_back('`');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        t.text.push_back(sql[i++]);
      }
      out.push_back(std::move(t));
    } else if (c == '\'' || c == '"') {
      ++i;
      while (i < sql.size() && sql[i] != c) i += sql[i] == '\\' ? 2 : 1;
      ++i;
      out.push_back({"''", false});
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || static_cast<unsigned char>(c) >= 0x80) {
      Token t;
      while (i < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_' || sql[i] == '$' ||
                                static_cast<unsigned char>(sql[i]) >= 0x80))
        t.text.push_back(sql[i++]);
      out.push_back(std::move(t));
    } else {
      out.push_back({std::string(1, c), false});
      ++i;
    }
  }
  return out;
}

}  // namespace

QueryTables tablesOfQuery(std::string_view sql, std::string_view defaultDb) {
  QueryTables out;
  std::vector<Token> t = tokenize(sql, 4096);
  std::size_t i = 0;
  auto at = [&](std::string_view word) { return i < t.size() && t[i].is(word); };
  auto skipWords = [&](std::initializer_list<std::string_view> words) {
    for (bool again = true; again;) {
      again = false;
      for (auto w : words)
        if (at(w)) {
          ++i;
          again = true;
        }
    }
  };
  // [db.]table at i.
  auto name = [&]() -> bool {
    if (i >= t.size() || (!t[i].quoted && t[i].text.size() == 1 && !std::isalnum(static_cast<unsigned char>(t[i].text[0]))))
      return false;
    std::string first = t[i++].text;
    if (i + 1 < t.size() && !t[i].quoted && t[i].text == ".") {
      i += 1;
      out.tables.emplace_back(first, t[i++].text);
    } else {
      out.tables.emplace_back(std::string(defaultDb), first);
    }
    return true;
  };
  auto comma = [&]() {
    if (i < t.size() && !t[i].quoted && t[i].text == ",") {
      ++i;
      return true;
    }
    return false;
  };
  if (at("TRUNCATE")) {
    ++i;
    skipWords({"TABLE"});
    out.kind = QueryTables::Kind::Truncate;
    if (!name()) out.kind = QueryTables::Kind::None;
    return out;
  }
  bool create = at("CREATE"), alter = at("ALTER"), drop = at("DROP"), rename = at("RENAME");
  if (!create && !alter && !drop && !rename) return out;
  ++i;
  skipWords({"OR", "REPLACE", "TEMPORARY", "ONLINE", "OFFLINE", "IGNORE", "DEFINER"});
  if (at("DATABASE") || at("SCHEMA")) {
    ++i;
    skipWords({"IF", "NOT", "EXISTS"});
    out.kind = QueryTables::Kind::SchemaChange;
    if (i < t.size()) out.tables.emplace_back(t[i].text, "*");
    else out.unparsed = true;
    return out;
  }
  if (!at("TABLE") && !at("TABLES")) return out;  // views, indexes, users, procedures...
  ++i;
  out.kind = QueryTables::Kind::SchemaChange;
  skipWords({"IF", "NOT", "EXISTS"});
  if (drop || rename) {
    // DROP TABLE a, b; RENAME TABLE a TO b, c TO d.
    do {
      if (!name()) break;
      if (rename && at("TO")) {
        ++i;
        if (!name()) break;
      }
    } while (comma());
  } else if (name() && alter) {
    // ALTER TABLE a ..., RENAME [TO|AS] b
    for (; i < t.size(); ++i)
      if (t[i].is("RENAME") && i + 1 < t.size() && !t[i + 1].is("COLUMN") && !t[i + 1].is("INDEX") &&
          !t[i + 1].is("KEY") && !t[i + 1].is("CONSTRAINT")) {
        ++i;
        skipWords({"TO", "AS"});
        name();
        break;
      }
  }
  if (out.tables.empty()) out.unparsed = true;
  return out;
}

}  // namespace tributary::connectors::binlog
