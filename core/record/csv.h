#pragma once
// CSV codec (RFC 4180): a header row names the columns, each following row
// becomes an object Value with fields in column order. Quoted fields may hold
// delimiters, doubled quotes and line breaks; CRLF and LF line ends are both
// accepted. The reader is incremental so a file source can feed it chunks and
// checkpoint the byte offset after each row. Reader and writer objects are
// used by one thread at a time; distinct objects are independent.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/record/value.h"

namespace tributary::record {

struct CsvOptions {
  char delimiter = ',';
  char quote = '"';
  // The first row names the columns (an empty name becomes c<N>, a repeated
  // one gets a suffix: id, id_2). Without a header, `columns` names them (or
  // they are called c1, c2, ...).
  bool header = true;
  std::vector<std::string> columns;
  // Reading: unquoted fields that look like integers, doubles or booleans
  // (true/false, any case) become Int/Double/Bool and empty unquoted fields
  // become null; quoted fields always stay strings ("007" too). Numbers with
  // leading zeros stay strings. When false every field is a string ("" for empty).
  // Writing: strings that would read back as another type are quoted.
  bool inferTypes = true;
  // Writing: "\r\n" line ends (RFC 4180) instead of "\n".
  bool crlf = false;
};

class CsvReader {
 public:
  explicit CsvReader(CsvOptions options = {});

  enum class StepKind {
    Row,       // `row` holds the next record
    Header,    // the header line was read (columns() now names the columns)
    Blank,     // an empty line was skipped
    NeedMore,  // `data` ends inside a record: call again with more data (consumed == 0)
  };
  struct Step {
    StepKind kind = StepKind::NeedMore;
    std::size_t consumed = 0;  // bytes of `data` used, including the line end
    Value row;
  };

  // Reads one line (record) from the front of `data`. `final` says that no
  // more data follows, so a last line without a line end is complete.
  // Errors (malformed quoting, too many fields) name the line and field;
  // their `consumed`-equivalent is skipLength(): callers that skip bad rows
  // advance by it.
  Result<Step> next(std::string_view data, bool final);

  // After an error: the bytes to skip to get past the bad line.
  std::size_t skipLength() const { return m_skip; }

  const std::vector<std::string>& columns() const { return m_columns; }
  // For resuming in the middle of a file whose header was read before.
  void setColumns(std::vector<std::string> columns);
  // 1-based line number of the next line to read (counting physical lines).
  std::size_t line() const { return m_line; }

 private:
  Value convertField(std::string&& text, bool quoted) const;

  CsvOptions m_options;
  std::vector<std::string> m_columns;
  bool m_haveColumns = false;
  std::size_t m_line = 1;
  std::size_t m_skip = 0;
  std::vector<std::string> m_fields;
  std::vector<bool> m_quoted;
};

// Reads a whole text (header + rows) into object Values.
Result<std::vector<Value>> parseCsv(std::string_view text, const CsvOptions& options = {});

// Infers the type of one unquoted field as the reader does.
Value inferCsvField(std::string_view text);

class CsvWriter {
 public:
  // `columns` empty: taken from the first row written (its field names).
  explicit CsvWriter(CsvOptions options = {}, std::vector<std::string> columns = {});

  // Appends the header line (once; later calls do nothing). writeRow() calls
  // it first when the options ask for a header.
  void writeHeader(std::string& out);
  // Appends one line: the row's fields by column name; missing or null fields
  // are empty; nested arrays/objects are written as JSON text; timestamps as
  // ISO-8601; bytes as base64.
  void writeRow(const Value& row, std::string& out);

  const std::vector<std::string>& columns() const { return m_columns; }

 private:
  void appendField(std::string_view text, bool forceQuote, std::string& out) const;

  CsvOptions m_options;
  std::vector<std::string> m_columns;
  bool m_headerWritten = false;
};

}  // namespace tributary::record
