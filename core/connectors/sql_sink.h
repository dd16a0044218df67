#pragma once
// SqlSink: the one sink implementation sink.postgres and sink.mysql share,
// with the options and spec fields of those nodes.
//
// Threads: a SqlSink is used by one task at a time.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/connectors/sql_common.h"
#include "core/runtime/node.h"

namespace tributary::connectors::sql {

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

}  // namespace tributary::connectors::sql
