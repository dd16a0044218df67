// SqlQuerySource: the polling source behind source.postgres.query and
// source.mysql.query, with its options, spec fields and registration.
#include "core/base/clock.h"
#include "core/connectors/sql_query_source.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>

#include <spdlog/spdlog.h>

#include "core/record/json.h"
#include "core/runtime/node_config.h"

namespace tributary::connectors::sql {

using record::Value;
using record::ValueType;

const char* const kQuerySourceHelp =
    "Polls a table (or a custom SELECT) for new and changed rows, like Kafka Connect's JDBC source. Modes: "
    "\"incrementing\" reads rows whose incrementing column (a strictly increasing id) is above the last one read — "
    "new rows only; \"timestamp\" reads rows whose timestamp column is newer than the last one read — new and "
    "updated rows; \"timestamp+incrementing\" orders by both, so rows sharing a timestamp are neither lost nor "
    "repeated. The high-water mark is checkpointed once the rows are delivered, so a restart resumes after them. "
    "The late-commit trap: a transaction that sets its timestamp early but commits after a poll has read past that "
    "timestamp is never seen. \"delay\" avoids it by only reading rows whose timestamp is older than the server's "
    "now minus delay; set it above your longest write transaction. Timestamps are compared in UTC on the server's "
    "clock.";

Result<QueryOptions> readQueryOptions(const nlohmann::json& c) {
  runtime::NodeConfig config(c);
  QueryOptions o;
  std::string mode = config.text("mode");
  if (mode == "incrementing")
    o.mode = PollMode::Incrementing;
  else if (mode == "timestamp")
    o.mode = PollMode::Timestamp;
  else if (mode == "timestamp+incrementing")
    o.mode = PollMode::TimestampIncrementing;
  else
    return makeError(ErrorCode::Invalid, "mode must be incrementing, timestamp or timestamp+incrementing",
                     "config.mode");
  std::string table = config.optionalText("table");
  o.query = config.optionalText("query");
  if (table.empty() == o.query.empty())
    return makeError(ErrorCode::Invalid, "set exactly one of \"table\" and \"query\"", "config.table");
  if (!table.empty()) {
    auto t = parseTableName(table);
    if (!t) return t.error();
    o.table = *t;
  }
  o.incrementingColumn = config.optionalText("incrementing_column");
  o.timestampColumn = config.optionalText("timestamp_column");
  if (o.mode != PollMode::Timestamp && o.incrementingColumn.empty())
    return makeError(ErrorCode::Invalid, "this mode needs \"incrementing_column\"", "config.incrementing_column");
  if (o.mode != PollMode::Incrementing && o.timestampColumn.empty())
    return makeError(ErrorCode::Invalid, "this mode needs \"timestamp_column\"", "config.timestamp_column");
  o.pollMs = config.durationMs("poll_interval");
  o.delayMs = config.durationMs("delay");
  std::int64_t batch = config.integer("batch_size");
  o.batchSize = static_cast<std::size_t>(std::clamp<std::int64_t>(batch, 1, 100000));
  if (Status s = config.status(); !s) return s.error();
  return o;
}

void addQueryFields(std::vector<model::FieldSpec>& fields) {
  using model::FieldSpec;
  using model::FieldType;
  FieldSpec mode;
  mode.name = "mode";
  mode.type = FieldType::Enum;
  mode.allowed = {"incrementing", "timestamp", "timestamp+incrementing"};
  mode.defaultValue = "incrementing";
  mode.help = "How new rows are found: by a strictly increasing column, by a last-modified timestamp, or both.";
  fields.push_back(mode);
  FieldSpec table;
  table.name = "table";
  table.help = "The table to poll (\"name\" or \"schema.name\"). Or set \"query\".";
  fields.push_back(table);
  FieldSpec query;
  query.name = "query";
  query.type = FieldType::Sql;
  query.help =
      "A custom SELECT to poll instead of a table; the source adds its own WHERE / ORDER BY / LIMIT "
      "around it, so do not end it with those.";
  fields.push_back(query);
  FieldSpec inc;
  inc.name = "incrementing_column";
  inc.help = "A strictly increasing integer column (an identity / auto-increment id).";
  fields.push_back(inc);
  FieldSpec ts;
  ts.name = "timestamp_column";
  ts.help = "A timestamp column set on insert and on every update (UTC).";
  fields.push_back(ts);
  FieldSpec poll;
  poll.name = "poll_interval";
  poll.type = FieldType::Duration;
  poll.defaultValue = "1s";
  poll.min = 10;
  poll.help = "How long to wait between polls once the source has caught up.";
  fields.push_back(poll);
  FieldSpec batch;
  batch.name = "batch_size";
  batch.type = FieldType::Int;
  batch.defaultValue = 1000;
  batch.min = 1;
  batch.max = 100000;
  batch.help = "At most this many rows per query.";
  fields.push_back(batch);
  FieldSpec delay;
  delay.name = "delay";
  delay.type = FieldType::Duration;
  delay.defaultValue = 0;
  delay.min = 0;
  delay.help =
      "Timestamp modes: read only rows whose timestamp is older than now minus this grace window, so rows "
      "of transactions that commit late (after a poll read past their timestamp) are not skipped. Set it "
      "above your longest write transaction, e.g. \"5s\".";
  fields.push_back(delay);
}

SqlQuerySource::SqlQuerySource(std::unique_ptr<SqlConnection> connection, QueryOptions options)
    : m_conn(std::move(connection)), m_options(std::move(options)) {}

SqlQuerySource::~SqlQuerySource() {
  close();
}

void SqlQuerySource::close() {
  if (m_conn) m_conn->disconnect();
}

nlohmann::json SqlQuerySource::toJson(const Mark& m) {
  nlohmann::json j = nlohmann::json::object();
  if (m.incrementing) j["incrementing"] = *m.incrementing;
  if (m.timestampMicros) j["timestamp_us"] = *m.timestampMicros;
  return j;
}

Status SqlQuerySource::open(const nlohmann::json& checkpoint, runtime::ErrorReporter&) {
  if (checkpoint.is_object()) {
    if (checkpoint.contains("incrementing") && checkpoint["incrementing"].is_number_integer())
      m_mark.incrementing = checkpoint["incrementing"].get<std::int64_t>();
    if (checkpoint.contains("timestamp_us") && checkpoint["timestamp_us"].is_number_integer())
      m_mark.timestampMicros = checkpoint["timestamp_us"].get<std::int64_t>();
  }
  if (checkpoint.is_object() && checkpoint.contains("batch") && checkpoint["batch"].is_number_integer())
    m_batch = checkpoint["batch"].get<std::int64_t>();
  m_restored = m_mark;
  m_restoredBatch = m_batch;
  if (Status s = m_conn->connect(); !s) return s;
  // Check the query and the columns once, so a typo fails now, not at the first poll.
  std::vector<Value> params;
  auto sqlText = buildQuery(1, params);
  if (!sqlText) return sqlText.error();
  std::vector<const Value*> ptrs;
  for (const Value& v : params) ptrs.push_back(&v);
  auto r = m_conn->execute(*sqlText, ptrs);
  if (!r) return makeError(r.error().code, r.error().message, "config");
  return {};
}

Result<std::string> SqlQuerySource::fromClause() const {
  if (!m_options.table) return "(" + m_options.query + ") tributary_q";
  return quoteTable(m_conn->dialect(), *m_options.table);
}

Result<std::string> SqlQuerySource::buildQuery(std::size_t limit, std::vector<Value>& params) const {
  Dialect d = m_conn->dialect();
  auto fromText = fromClause();
  if (!fromText) return fromText.error();
  const std::string& from = *fromText;
  std::string inc, ts;
  if (!m_options.incrementingColumn.empty()) {
    auto q = quoteIdent(d, m_options.incrementingColumn);
    if (!q) return q.error();
    inc = *q;
  }
  if (!m_options.timestampColumn.empty()) {
    auto q = quoteIdent(d, m_options.timestampColumn);
    if (!q) return q.error();
    ts = *q;
  }
  auto ph = [&](Value v) {
    params.push_back(std::move(v));
    return placeholder(d, params.size());
  };
  std::string where, order;
  switch (m_options.mode) {
    case PollMode::Incrementing:
      where = inc + " IS NOT NULL";
      if (m_mark.incrementing) where += " AND " + inc + " > " + ph(Value(*m_mark.incrementing));
      order = inc;
      break;
    case PollMode::Timestamp:
      where = ts + " IS NOT NULL";
      if (m_mark.timestampMicros) where += " AND " + ts + " > " + ph(Value::timestampMicros(*m_mark.timestampMicros));
      where += " AND " + ts + " < " + m_conn->nowMinusMillisExpr(ph(Value(m_options.delayMs)));
      order = ts;
      break;
    case PollMode::TimestampIncrementing:
      where = ts + " IS NOT NULL AND " + inc + " IS NOT NULL";
      if (m_mark.timestampMicros) {
        // One statement per placeholder: the operands of one `+` chain are
        // evaluated in no fixed order, and MySQL's "?" are positional.
        std::string p1 = ph(Value::timestampMicros(*m_mark.timestampMicros));
        std::string p2 = ph(Value::timestampMicros(*m_mark.timestampMicros));
        std::string p3 = ph(Value(m_mark.incrementing.value_or(std::numeric_limits<std::int64_t>::min())));
        where += " AND (" + ts + " > " + p1 + " OR (" + ts + " = " + p2 + " AND " + inc + " > " + p3 + "))";
      }
      where += " AND " + ts + " < " + m_conn->nowMinusMillisExpr(ph(Value(m_options.delayMs)));
      order = ts + ", " + inc;
      break;
  }
  return "SELECT * FROM " + from + " WHERE " + where + " ORDER BY " + order + " LIMIT " + std::to_string(limit);
}

runtime::PollResult SqlQuerySource::poll(record::Batch& out, std::size_t maxRecords, runtime::ErrorReporter&) {
  runtime::PollResult result;
  // Rows of a timestamp group read whole by an earlier poll go out first.
  if (m_pendingNext < m_pending.size()) {
    emitRows(out, maxRecords, result);
    return result;
  }
  if (base::steadyMs() < m_nextPollMs) {
    result.waitMs = std::min<std::int64_t>(100, m_nextPollMs - base::steadyMs());
    return result;
  }
  auto retryLater = [&](const Error& e) {
    spdlog::warn("polling {}: {} (retrying in {} ms)", m_options.table ? m_options.table->name : "query", e.message,
                 std::max<std::int64_t>(m_options.pollMs, 1000));
    m_conn->disconnect();
    m_nextPollMs = base::steadyMs() + std::max<std::int64_t>(m_options.pollMs, 1000);
    result.waitMs = 100;
  };
  if (!m_conn->connected()) {
    if (Status s = m_conn->connect(); !s) {
      retryLater(s.error());
      return result;
    }
  }
  std::size_t limit = std::min(maxRecords, m_options.batchSize);
  std::vector<Value> params;
  auto sqlText = buildQuery(limit, params);
  if (!sqlText) {
    result.error = sqlText.error();
    return result;
  }
  std::vector<const Value*> ptrs;
  for (const Value& v : params) ptrs.push_back(&v);
  auto rows = m_conn->execute(*sqlText, ptrs);
  if (!rows) {
    if (rows.error().code == ErrorCode::Unavailable)
      retryLater(rows.error());
    else
      result.error = rows.error();
    return result;
  }
  m_incIdx = SIZE_MAX;
  m_tsIdx = SIZE_MAX;
  for (std::size_t i = 0; i < rows->columns.size(); ++i) {
    if (!m_options.incrementingColumn.empty() && rows->columns[i] == m_options.incrementingColumn) m_incIdx = i;
    if (!m_options.timestampColumn.empty() && rows->columns[i] == m_options.timestampColumn) m_tsIdx = i;
  }
  if ((m_incIdx == SIZE_MAX && m_options.mode != PollMode::Timestamp) ||
      (m_tsIdx == SIZE_MAX && m_options.mode != PollMode::Incrementing)) {
    result.error =
        makeError(ErrorCode::Invalid, "the query result lacks the incrementing or timestamp column", "config");
    return result;
  }
  bool full = rows->rows.size() >= limit;
  // Timestamp mode alone cannot tell rows of the same timestamp apart, so a
  // batch never ends inside a run of equal timestamps: a full batch that does
  // leaves that run for the next poll (which starts after the previous
  // timestamp); a full batch that is all one run is replaced by the whole run,
  // read without a limit and emitted over as many polls as it takes, the
  // high-water mark passing the timestamp only with its last row.
  if (m_options.mode == PollMode::Timestamp && full && !rows->rows.empty()) {
    const Value last = rows->rows.back()[m_tsIdx];
    std::size_t keep = rows->rows.size();
    while (keep > 0 && rows->rows[keep - 1][m_tsIdx] == last) --keep;
    if (keep > 0) {
      rows->rows.resize(keep);
    } else {
      auto group = readGroup(last);
      if (!group) {
        if (group.error().code == ErrorCode::Unavailable)
          retryLater(group.error());
        else
          result.error = group.error();
        return result;
      }
      rows = std::move(group);
    }
  }
  m_columns = std::move(rows->columns);
  m_pending = std::move(rows->rows);
  m_pendingNext = 0;
  m_markBeforePending = m_mark;
  emitRows(out, maxRecords, result);
  if (!full) {
    m_nextPollMs = base::steadyMs() + m_options.pollMs;
    result.waitMs = std::min<std::int64_t>(100, m_options.pollMs);
  }
  return result;
}

// Every row whose timestamp equals `ts` (timestamp mode; the rows of one group).
Result<QueryResult> SqlQuerySource::readGroup(const Value& ts) {
  Dialect d = m_conn->dialect();
  auto fromText = fromClause();
  if (!fromText) return fromText.error();
  const std::string& from = *fromText;
  auto col = quoteIdent(d, m_options.timestampColumn);
  if (!col) return col.error();
  auto group = m_conn->execute("SELECT * FROM " + from + " WHERE " + *col + " = " + placeholder(d, 1), {&ts});
  if (!group) return group.error();
  if (group->columns.size() <= m_tsIdx || group->columns[m_tsIdx] != m_options.timestampColumn)
    return makeError(ErrorCode::Invalid, "the query result changed its columns between two queries", "config");
  spdlog::info("polling {}: {} rows share the timestamp {}, more than batch_size; reading them all",
               m_options.table ? m_options.table->name : "query", group->rows.size(), record::toJson(ts));
  return group;
}

// Emits up to `maxRecords` of m_pending as one batch.
void SqlQuerySource::emitRows(record::Batch& out, std::size_t maxRecords, runtime::PollResult& result) {
  ++m_batch;
  std::size_t end = std::min(m_pending.size(), m_pendingNext + std::max<std::size_t>(maxRecords, 1));
  for (; m_pendingNext < end; ++m_pendingNext) {
    auto& r = m_pending[m_pendingNext];
    record::Record rec;
    Value v = Value::makeObject(r.size());
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (i == m_incIdx && r[i].type() == ValueType::Int) m_mark.incrementing = r[i].asInt();
      if (i == m_tsIdx && r[i].type() == ValueType::Timestamp) {
        m_mark.timestampMicros = r[i].asTimestampMicros();
        rec.timestampMs = r[i].asTimestampMicros() / 1000;
      }
      if (i == m_incIdx) {
        rec.key = Value::makeObject(1);
        rec.key.append(m_columns[i], r[i]);
      }
      v.append(m_columns[i], std::move(r[i]));
    }
    if (rec.timestampMs == 0)
      rec.timestampMs = base::wallMs();
    rec.value = std::move(v);
    rec.position = {0, m_batch};
    result.bytes += 16 * r.size();
    out.push_back(std::move(rec));
  }
  bool more = m_pendingNext < m_pending.size();
  if (!more) {
    m_pending.clear();
    m_pendingNext = 0;
  }
  if (!out.empty()) {
    std::lock_guard lock(m_mutex);
    // Part of a group: a restart must read the group again, so this batch resumes before it.
    m_marks[m_batch] = more ? m_markBeforePending : m_mark;
    result.resume.push_back({0, m_batch});
  }
}

nlohmann::json SqlQuerySource::checkpointState(const runtime::PositionMap& committed) const {
  std::lock_guard lock(m_mutex);
  auto it = committed.find(0);
  auto restored = [this] {
    nlohmann::json j = toJson(m_restored);
    if (m_restoredBatch > 0) j["batch"] = m_restoredBatch;
    return j;
  };
  if (it == committed.end()) return restored();
  auto m = m_marks.upper_bound(it->second);
  if (m == m_marks.begin()) return restored();
  --m;
  Mark mark = m->second;
  std::int64_t batch = m->first;
  m_marks.erase(m_marks.begin(), m);  // older batches are behind the committed one
  nlohmann::json j = toJson(mark);
  // Batch numbers go on from here after a restart, so positions keep increasing.
  j["batch"] = batch;
  return j;
}


void registerQuerySource(runtime::FactoryRegistry& registry, Dialect dialect, std::string type, std::string title,
                         std::unique_ptr<SqlConnection> (*makeConnection)(ConnectionSettings)) {
  runtime::NodeFactory f;
  model::NodeSpec& s = f.spec;
  s.type = std::move(type);
  s.category = model::NodeCategory::Source;
  s.title = std::move(title);
  s.icon = "database";
  s.help = kQuerySourceHelp;
  s.outputs = {{"out", model::PortKind::Records, {}, true}};
  addConnectionFields(s.fields, dialect);
  addQueryFields(s.fields);
  f.source = [makeConnection](const runtime::NodeContext& ctx) -> Result<std::unique_ptr<runtime::Source>> {
    auto settings = readConnectionSettings(ctx.config);
    if (!settings) return settings.error();
    settings->applicationName = "tributary:" + ctx.nodeId;
    auto options = readQueryOptions(ctx.config);
    if (!options) return options.error();
    return std::unique_ptr<runtime::Source>(
        std::make_unique<SqlQuerySource>(makeConnection(std::move(*settings)), std::move(*options)));
  };
  registry.add(std::move(f));
}

}  // namespace tributary::connectors::sql
