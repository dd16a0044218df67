#pragma once
// Shared by the PostgreSQL and MySQL/MariaDB connectors: identifier quoting,
// Value <-> column type mapping, placeholders, the connection fields, and the
// SqlConnection interface each dialect implements (libpq in postgres_sink.cpp,
// mysql-connector-c++ in mysql_sink.cpp). The nodes built on it are SqlSink
// (sql_sink.h) and SqlQuerySource (sql_query_source.h), written once for both.
//
// Safety rule: record data (field names and values) never becomes SQL text
// except as a quoted identifier (quoteIdent, which doubles the quote
// character) — values always travel as bound parameters.
//
// Threads: a SqlConnection is used by one task at a time.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/result.h"
#include "core/model/node_spec.h"
#include "core/record/record.h"

namespace tributary::connectors::sql {

enum class Dialect { Postgres, MySql };

// "a" -> "\"a\"" (Postgres) or "`a`" (MySQL), with the quote character
// doubled inside. Rejects names that are empty, contain NUL, or are longer
// than the server keeps (63 / 64 bytes) — a silently truncated name would
// write to another column.
Result<std::string> quoteIdent(Dialect dialect, std::string_view name);

// A string literal for SQL text: '...' with the quote doubled, and for MySQL
// the backslash too (its default sql_mode reads backslash escapes). Only for
// names and settings that must be literals in a statement (slot and snapshot
// names, information_schema lookups); record values are always bound
// parameters. Rejects text with NUL, which would end the statement early.
Result<std::string> quoteLiteral(Dialect dialect, std::string_view text);

// A configured table name "schema.table" or "table" (MySQL: "db.table").
struct TableName {
  std::optional<std::string> schema;
  std::string name;
};
Result<TableName> parseTableName(std::string_view text);
Result<std::string> quoteTable(Dialect dialect, const TableName& table);

// The column type to create for a field holding `value` (Null -> text).
// `isKey`: MySQL cannot index TEXT/BLOB without a length, so key columns get VARCHAR/VARBINARY.
std::string columnType(Dialect dialect, const record::Value& value, bool isKey);

// "$3" or "?".
std::string placeholder(Dialect dialect, std::size_t index1);

// A query result, converted to Values by each dialect from its column types.
struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<record::Value>> rows;
  std::int64_t affected = 0;
};

// One database session. execute() binds `params` (nullptr entries are NULL);
// errors come back with ErrorCode::Unavailable when the connection was lost or
// the failure is transient (the caller reconnects and retries), Invalid otherwise.
class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  virtual Dialect dialect() const = 0;
  virtual Status connect() = 0;
  virtual bool connected() const = 0;
  virtual void disconnect() = 0;
  virtual Result<QueryResult> execute(const std::string& sql, const std::vector<const record::Value*>& params) = 0;
  // Bulk load: `columns` values per row, row after row (COPY ... FROM STDIN).
  // Only where supportsCopy(); `copySql` is the COPY statement.
  virtual bool supportsCopy() const { return false; }
  virtual Status copyIn(const std::string& /*copySql*/, const std::vector<const record::Value*>& /*values*/,
                        std::size_t /*columns*/) {
    return makeError(ErrorCode::Unsupported, "COPY is not supported here");
  }
  // PostgreSQL: runs `sql` with one array parameter per column ($1 .. $n, n =
  // kinds.size()), sent in binary; element r of parameter c is values[r * n + c]
  // (nullptr: NULL), as text (text[]) or, where every value of the column is an
  // integer / a number, as int8[] / float8[]. Lets one statement take a whole
  // batch without a stage table.
  enum class ArrayKind { Text, Int8, Float8 };
  virtual bool supportsColumnArrays() const { return false; }
  virtual Result<QueryResult> executeColumnArrays(const std::string& /*sql*/,
                                                  const std::vector<const record::Value*>& /*values*/,
                                                  const std::vector<ArrayKind>& /*kinds*/) {
    return makeError(ErrorCode::Unsupported, "array parameters are not supported here");
  }
  virtual Status begin() = 0;
  virtual Status commit() = 0;
  virtual void rollback() = 0;
  // The SQL expression naming the session's current schema (Postgres) or database (MySQL).
  virtual std::string currentSchemaExpr() const = 0;
  // The server's current UTC time minus a number of milliseconds bound as parameter `param`.
  virtual std::string nowMinusMillisExpr(const std::string& param) const = 0;
  // Case-insensitive column names (MySQL).
  virtual bool caseInsensitiveNames() const { return false; }
};

// Connection fields every SQL node shares (url, user, password, connect_timeout).
struct ConnectionSettings {
  std::string url;  // Postgres: a libpq URI or "key=value" string; MySQL: tcp://host:port/database
  std::string user;
  std::string password;
  std::int64_t connectTimeoutMs = 10000;
  std::string applicationName = "tributary";
};
// Fails when "url" is empty or a field has the wrong type.
Result<ConnectionSettings> readConnectionSettings(const nlohmann::json& config);
void addConnectionFields(std::vector<model::FieldSpec>& fields, Dialect dialect);

// Defined in postgres_sink.cpp (libpq) and mysql_sink.cpp (mysql-connector-c++).
std::unique_ptr<SqlConnection> makePostgresConnection(ConnectionSettings settings);
std::unique_ptr<SqlConnection> makeMySqlConnection(ConnectionSettings settings);

}  // namespace tributary::connectors::sql
