#pragma once
// SqlQuerySource: the polling query source behind source.postgres.query and
// source.mysql.query, with its options and spec fields.
//
// Threads: poll() runs on the source's task; checkpointState() is called by
// the engine's supervisor without the task's lock (m_marks is guarded for it).

#include <climits>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/connectors/sql_common.h"
#include "core/runtime/factory.h"
#include "core/runtime/node.h"

namespace tributary::connectors::sql {

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
