#pragma once
// Shared by the PostgreSQL and MySQL/MariaDB connectors: identifier quoting,
// Value <-> column type mapping, SQL text building, and the one sink
// implementation (SqlSink) both dialects use. Each dialect supplies a
// SqlConnection (libpq in postgres_sink.cpp, mysql-connector-c++ in
// mysql_sink.cpp); everything above the wire is here, written once.
//
// Safety rule: record data (field names and values) never becomes SQL text
// except as a quoted identifier (quoteIdent, which doubles the quote
// character) — values always travel as bound parameters.
//
// Threads: a SqlConnection / SqlSink is used by one task at a time.

#include <climits>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/result.h"
#include "core/runtime/factory.h"
#include "core/model/node_spec.h"
#include "core/record/record.h"
#include "core/runtime/node.h"

namespace tributary::connectors::sql {

enum class Dialect { Postgres, MySql };

// "a" -> "\"a\"" (Postgres) or "`a`" (MySQL), with the quote character
// doubled inside. Rejects names that are empty, contain NUL, or are longer
// than the server keeps (63 / 64 bytes) — a silently truncated name would
// write to another column.
Result<std::string> quoteIdent(Dialect dialect, std::string_view name);

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
ConnectionSettings readConnectionSettings(const nlohmann::json& config);
void addConnectionFields(std::vector<model::FieldSpec>& fields, Dialect dialect);

// Defined in postgres_sink.cpp (libpq) and mysql_sink.cpp (mysql-connector-c++).
std::unique_ptr<SqlConnection> makePostgresConnection(ConnectionSettings settings);
std::unique_ptr<SqlConnection> makeMySqlConnection(ConnectionSettings settings);

enum class WriteMode { Insert, Upsert };

struct SinkOptions {
  TableName table;
  std::string tableText;  // as configured, for messages
  WriteMode mode = WriteMode::Insert;
  std::vector<std::string> key;  // configured key columns (may be empty)
  bool deleteEnabled = true;
  bool autoCreate = false;
  bool autoEvolve = false;
  std::size_t rowsPerStatement = 500;
};

// Reads the sink fields every SQL sink shares (table, mode, key, delete_enabled,
// auto_create, auto_evolve, rows_per_statement) from a node config.
Result<SinkOptions> readSinkOptions(const nlohmann::json& config);

// Appends the spec fields shared by sink.postgres and sink.mysql (after the connection fields).
void addSinkFields(std::vector<model::FieldSpec>& fields);

// The sink both dialects use. Records are rows (objects), tombstones (null
// value: delete by the record key) or Debezium envelopes (c/u/r: the `after`
// row; d: delete by `before`). A batch is one transaction; consecutive rows
// with the same columns go into one multi-row statement.
class SqlSink final : public runtime::Sink {
 public:
  SqlSink(std::unique_ptr<SqlConnection> connection, SinkOptions options);
  ~SqlSink() override;
  Status open(runtime::ErrorReporter& errors) override;
  Result<std::uint64_t> write(const record::Batch& batch, runtime::ErrorReporter& errors) override;
  void close() override;
  bool blocking() const override { return true; }

 private:
  struct Change;
  struct Statement;
  Status ensureConnected();
  Status loadTable();
  Status prepareTable(const std::vector<Change>& changes);
  Result<std::vector<Statement>> buildStatements(const std::vector<Change>& changes, std::size_t begin,
                                                 std::size_t end) const;
  Status runStatements(const std::vector<Statement>& statements);
  Status runInTransaction(const std::vector<Statement>& statements);
  Status loadColumnTypes();
  Status writeRowByRow(const std::vector<Change>& changes, runtime::ErrorReporter& errors);
  bool hasColumn(std::string_view name) const;
  Error connectionError(const Error& e) const;

  std::unique_ptr<SqlConnection> m_conn;
  SinkOptions m_options;
  std::string m_quotedTable;
  bool m_tableLoaded = false;
  bool m_tableExists = false;
  std::vector<std::string> m_columns;  // existing columns of the table
  std::vector<std::string> m_key;      // key columns in use
  // PostgreSQL upserts: the columns' types without modifiers (to cast the
  // text arrays), read once per connection and again after the columns changed.
  std::vector<std::pair<std::string, std::string>> m_columnTypes;
  bool m_columnTypesLoaded = false;
};

// ---- polling query source (source.postgres.query, source.mysql.query) ----

enum class PollMode { Incrementing, Timestamp, TimestampIncrementing };

struct QueryOptions {
  PollMode mode = PollMode::Incrementing;
  std::optional<TableName> table;  // either table ...
  std::string query;               // ... or a custom SELECT
  std::string incrementingColumn;
  std::string timestampColumn;
  std::int64_t pollMs = 1000;
  std::int64_t delayMs = 0;
  std::size_t batchSize = 1000;
};
Result<QueryOptions> readQueryOptions(const nlohmann::json& config);
void addQueryFields(std::vector<model::FieldSpec>& fields);
extern const char* const kQuerySourceHelp;

// Registers a polling query source (source.postgres.query, source.mysql.query):
// the same spec and SqlQuerySource, with the dialect's connection.
void registerQuerySource(runtime::FactoryRegistry& registry, Dialect dialect, std::string type, std::string title,
                         std::unique_ptr<SqlConnection> (*makeConnection)(ConnectionSettings));

// Polls a table or query for rows past its high-water mark (the last
// incrementing id and/or timestamp it emitted). Each batch is one position
// (partition 0, offset = batch number); checkpointState() maps the committed
// batch back to its high-water mark, so a restart resumes after the last
// acknowledged row.
class SqlQuerySource final : public runtime::Source {
 public:
  SqlQuerySource(std::unique_ptr<SqlConnection> connection, QueryOptions options);
  ~SqlQuerySource() override;
  Status open(const nlohmann::json& checkpoint, runtime::ErrorReporter& errors) override;
  runtime::PollResult poll(record::Batch& out, std::size_t maxRecords, runtime::ErrorReporter& errors) override;
  nlohmann::json checkpointState(const runtime::PositionMap& committed) const override;
  void close() override;
  bool blocking() const override { return true; }

 private:
  struct Mark {
    std::optional<std::int64_t> incrementing;
    std::optional<std::int64_t> timestampMicros;
  };
  static nlohmann::json toJson(const Mark& m);
  Result<std::string> fromClause() const;  // the quoted table, or the custom query as a subquery
  Result<std::string> buildQuery(std::size_t limit, std::vector<record::Value>& params) const;
  Result<QueryResult> readGroup(const record::Value& ts);
  void emitRows(record::Batch& out, std::size_t maxRecords, runtime::PollResult& result);

  std::unique_ptr<SqlConnection> m_conn;
  QueryOptions m_options;
  Mark m_mark;  // of the last row emitted (poll thread only)
  std::int64_t m_batch = 0;
  std::int64_t m_nextPollMs = 0;
  mutable std::mutex m_mutex;                    // guards m_marks
  mutable std::map<std::int64_t, Mark> m_marks;  // batch number -> mark after it
  // Rows read but not emitted yet (a timestamp group larger than a batch), poll thread only.
  std::vector<std::string> m_columns;
  std::vector<std::vector<record::Value>> m_pending;
  std::size_t m_pendingNext = 0;
  Mark m_markBeforePending;
  std::size_t m_incIdx = SIZE_MAX, m_tsIdx = SIZE_MAX;
  Mark m_restored;                               // from the checkpoint
  std::int64_t m_restoredBatch = 0;
};

}  // namespace tributary::connectors::sql
