#include "core/record/csv.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/record/json.h"
#include "core/record/timestamp.h"

namespace tributary::record {

namespace {

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string describeChar(char c) {
  if (c >= 0x20 && c < 0x7f) return std::string("'") + c + "'";
  char buf[16];
  std::snprintf(buf, sizeof buf, "byte 0x%02x", static_cast<unsigned char>(c));
  return buf;
}

}  // namespace

Value inferCsvField(std::string_view s) {
  if (s.empty()) return Value();
  if (equalsIgnoreCase(s, "true")) return Value(true);
  if (equalsIgnoreCase(s, "false")) return Value(false);
  // The JSON number grammar: no leading '+', no leading zeros, digits on both sides of '.'.
  std::size_t i = 0;
  auto digit = [&](std::size_t k) { return k < s.size() && s[k] >= '0' && s[k] <= '9'; };
  if (s[i] == '-') ++i;
  if (!digit(i)) return Value(s);
  if (s[i] == '0') {
    ++i;
    if (digit(i)) return Value(s);  // "007": an identifier, not a number
  } else {
    while (digit(i)) ++i;
  }
  bool isFloat = false;
  if (i < s.size() && s[i] == '.') {
    isFloat = true;
    ++i;
    if (!digit(i)) return Value(s);
    while (digit(i)) ++i;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    isFloat = true;
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digit(i)) return Value(s);
    while (digit(i)) ++i;
  }
  if (i != s.size()) return Value(s);
  if (!isFloat) {
    std::int64_t n = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec == std::errc() && ptr == s.data() + s.size()) return Value(n);
    return Value::decimal(std::string(s));
  }
  double d = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ec == std::errc() && ptr == s.data() + s.size() && std::isfinite(d)) return Value(d);
  return Value::decimal(std::string(s));
}

CsvReader::CsvReader(CsvOptions options) : m_options(std::move(options)) {
  if (!m_options.header && !m_options.columns.empty()) {
    m_columns = m_options.columns;
    m_haveColumns = true;
  }
}

void CsvReader::setColumns(std::vector<std::string> columns) {
  m_columns = std::move(columns);
  m_haveColumns = true;
}

Value CsvReader::convertField(std::string&& text, bool quoted) const {
  if (!m_options.inferTypes || quoted) return Value(std::string_view(text));
  return inferCsvField(text);
}

Result<CsvReader::Step> CsvReader::next(std::string_view data, bool final) {
  Step step;
  m_skip = 0;
  if (data.empty()) return step;  // NeedMore (or end of input when final)
  // Blank line.
  if (data[0] == '\n' || data[0] == '\r') {
    if (data[0] == '\r' && data.size() == 1 && !final) return step;
    step.kind = StepKind::Blank;
    step.consumed = (data[0] == '\r' && data.size() > 1 && data[1] == '\n') ? 2 : 1;
    ++m_line;
    return step;
  }

  const char delimiter = m_options.delimiter;
  const char quote = m_options.quote;
  m_fields.clear();
  m_quoted.clear();
  std::size_t i = 0;
  std::size_t linesInRecord = 0;
  std::size_t consumed = 0;
  const std::size_t n = data.size();

  auto lineError = [&](std::string what, std::size_t at) -> Error {
    std::size_t end = data.find('\n', at);
    m_skip = end == std::string_view::npos ? n : end + 1;
    const std::size_t line = m_line + linesInRecord;
    m_line = line + 1;
    return makeError(ErrorCode::Invalid, "CSV line " + std::to_string(line) + ", field " +
                                             std::to_string(m_fields.size() + 1) + ": " + std::move(what));
  };

  while (true) {
    std::string field;
    bool quoted = false;
    if (i < n && data[i] == quote) {
      quoted = true;
      ++i;
      while (true) {
        std::size_t q = data.find(quote, i);
        if (q == std::string_view::npos) {
          if (!final) return step;  // NeedMore
          m_skip = n;
          return makeError(ErrorCode::Invalid, "CSV line " + std::to_string(m_line) + ", field " +
                                                   std::to_string(m_fields.size() + 1) +
                                                   ": a quoted field is not closed before the end of the input");
        }
        for (std::size_t k = i; k < q; ++k) {
          if (data[k] == '\n') ++linesInRecord;
        }
        field.append(data.data() + i, q - i);
        if (q + 1 < n && data[q + 1] == quote) {
          field.push_back(quote);
          i = q + 2;
          continue;
        }
        if (q + 1 == n && !final) return step;  // a doubled quote may follow
        i = q + 1;
        break;
      }
      if (i < n && data[i] != delimiter && data[i] != '\n' && data[i] != '\r') {
        return lineError(
            "unexpected " + describeChar(data[i]) + " after a closing quote (expected the delimiter or a line end)", i);
      }
    } else {
      std::size_t start = i;
      while (i < n && data[i] != delimiter && data[i] != '\n' && data[i] != '\r') ++i;
      field.assign(data.data() + start, i - start);
    }
    if (i == n) {
      if (!final) return step;  // NeedMore
      m_fields.push_back(std::move(field));
      m_quoted.push_back(quoted);
      consumed = n;
      break;
    }
    m_fields.push_back(std::move(field));
    m_quoted.push_back(quoted);
    if (data[i] == delimiter) {
      ++i;
      continue;
    }
    if (data[i] == '\r') {
      if (i + 1 < n && data[i + 1] == '\n') {
        consumed = i + 2;
      } else if (i + 1 == n && !final) {
        return step;  // NeedMore: the '\n' may follow
      } else {
        consumed = i + 1;
      }
    } else {
      consumed = i + 1;  // '\n'
    }
    break;
  }

  const std::size_t recordLine = m_line;
  m_line += linesInRecord + 1;
  step.consumed = consumed;

  if (!m_haveColumns && m_options.header) {
    // Column names become object keys, so they must be unique: an empty name
    // becomes c<N>, a repeated one gets _2, _3, ... ("id,id" -> id, id_2).
    m_columns.clear();
    for (std::size_t k = 0; k < m_fields.size(); ++k) {
      std::string base = m_fields[k].empty() ? "c" + std::to_string(k + 1) : m_fields[k];
      std::string name = base;
      for (int suffix = 2; std::find(m_columns.begin(), m_columns.end(), name) != m_columns.end(); ++suffix) {
        name = base + "_" + std::to_string(suffix);
      }
      m_columns.push_back(std::move(name));
    }
    m_haveColumns = true;
    step.kind = StepKind::Header;
    return step;
  }
  if (!m_haveColumns) {
    m_haveColumns = true;
  }
  if (!m_options.header && m_options.columns.empty()) {
    while (m_columns.size() < m_fields.size()) m_columns.push_back("c" + std::to_string(m_columns.size() + 1));
  }
  if (m_fields.size() > m_columns.size()) {
    m_skip = consumed;
    return makeError(ErrorCode::Invalid, "CSV line " + std::to_string(recordLine) + ": " +
                                             std::to_string(m_fields.size()) + " fields, but the header names " +
                                             std::to_string(m_columns.size()) + " columns");
  }
  Object fields;
  fields.reserve(m_columns.size());
  for (std::size_t k = 0; k < m_columns.size(); ++k) {
    if (k < m_fields.size()) {
      fields.emplace_back(m_columns[k], convertField(std::move(m_fields[k]), m_quoted[k]));
    } else {
      fields.emplace_back(m_columns[k], Value());
    }
  }
  step.kind = StepKind::Row;
  step.row = Value(std::move(fields));
  return step;
}

Result<std::vector<Value>> parseCsv(std::string_view text, const CsvOptions& options) {
  CsvReader reader(options);
  std::vector<Value> rows;
  while (!text.empty()) {
    auto step = reader.next(text, true);
    if (!step.ok()) return step.error();
    if (step->consumed == 0) break;
    if (step->kind == CsvReader::StepKind::Row) rows.push_back(std::move(step->row));
    text.remove_prefix(step->consumed);
  }
  return rows;
}

CsvWriter::CsvWriter(CsvOptions options, std::vector<std::string> columns)
    : m_options(std::move(options)), m_columns(std::move(columns)) {
  if (m_columns.empty() && !m_options.columns.empty()) m_columns = m_options.columns;
}

void CsvWriter::appendField(std::string_view text, bool forceQuote, std::string& out) const {
  const char q = m_options.quote;
  bool needsQuote = forceQuote;
  if (!needsQuote) {
    for (char c : text) {
      if (c == m_options.delimiter || c == q || c == '\n' || c == '\r') {
        needsQuote = true;
        break;
      }
    }
  }
  if (!needsQuote) {
    out.append(text);
    return;
  }
  out.push_back(q);
  for (char c : text) {
    if (c == q) out.push_back(q);
    out.push_back(c);
  }
  out.push_back(q);
}

void CsvWriter::writeHeader(std::string& out) {
  if (m_headerWritten) return;
  m_headerWritten = true;
  for (std::size_t k = 0; k < m_columns.size(); ++k) {
    if (k > 0) out.push_back(m_options.delimiter);
    appendField(m_columns[k], false, out);
  }
  out.append(m_options.crlf ? "\r\n" : "\n");
}

void CsvWriter::writeRow(const Value& row, std::string& out) {
  if (m_columns.empty() && row.type() == ValueType::Object) {
    for (const Field& field : row.asObject()) m_columns.push_back(field.first);
  }
  if (m_options.header) writeHeader(out);
  std::string text;
  for (std::size_t k = 0; k < m_columns.size(); ++k) {
    if (k > 0) out.push_back(m_options.delimiter);
    const Value* v = row.find(m_columns[k]);
    if (v == nullptr) continue;
    switch (v->type()) {
      case ValueType::Null:
        break;
      case ValueType::String: {
        std::string_view s = v->asString();
        bool force = m_options.inferTypes && inferCsvField(s).type() != ValueType::String;
        appendField(s, force, out);
        break;
      }
      case ValueType::Bool:
        out.append(v->asBool() ? "true" : "false");
        break;
      case ValueType::Double:
        if (std::isfinite(v->asDouble())) appendJson(*v, out);
        break;
      case ValueType::Int:
      case ValueType::Decimal:
        appendJson(*v, out);
        break;
      case ValueType::Timestamp:
        appendIsoTimestamp(v->asTimestampMicros(), out);
        break;
      case ValueType::Bytes:
        appendBase64(v->asString(), out);
        break;
      case ValueType::Array:
      case ValueType::Object:
        text.clear();
        appendJson(*v, text);
        appendField(text, false, out);
        break;
    }
  }
  out.append(m_options.crlf ? "\r\n" : "\n");
}

}  // namespace tributary::record
