// SqlSink: the sink behind sink.postgres and sink.mysql, with its options and spec fields.
#include "core/connectors/sql_sink.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdint>
#include <limits>
#include <set>
#include <unordered_map>

#include <spdlog/spdlog.h>

#include "core/record/debezium.h"
#include "core/record/json.h"
#include "core/runtime/node_config.h"

namespace tributary::connectors::sql {

using record::Value;
using record::ValueType;

namespace {

bool sameName(std::string_view a, std::string_view b, bool caseInsensitive) {
  if (!caseInsensitive) return a == b;
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// Bound parameters per statement: Postgres and MySQL both stop at 65,535.
constexpr std::size_t kMaxParams = 30000;

// Columns of the non-delete changes in first-seen order, each typed by its first non-null
// value; `skip` leaves out names the table already has.
template <class Changes, class Skip>
std::vector<std::pair<std::string, const Value*>> columnsOf(const Changes& changes, Skip skip) {
  std::vector<std::pair<std::string, const Value*>> cols;
  for (const auto& c : changes) {
    if (c.del) continue;
    for (const auto& field : c.row->asObject()) {
      const std::string& name = field.first;
      if (skip(name)) continue;
      auto it = std::find_if(cols.begin(), cols.end(), [&](const auto& p) { return p.first == name; });
      if (it == cols.end())
        cols.emplace_back(name, &field.second);
      else if (it->second->isNull())
        it->second = &field.second;
    }
  }
  return cols;
}

}  // namespace

Result<SinkOptions> readSinkOptions(const nlohmann::json& c) {
  runtime::NodeConfig config(c);
  SinkOptions o;
  o.tableText = config.optionalText("table");
  if (Status s = config.status(); !s) return s.error();
  auto t = parseTableName(o.tableText);
  if (!t) return t.error();
  o.table = *t;
  std::string mode = config.text("mode");
  if (mode == "upsert")
    o.mode = WriteMode::Upsert;
  else if (mode != "insert")
    return makeError(ErrorCode::Invalid, "mode must be \"insert\" or \"upsert\"", "config.mode");
  if (c.contains("key") && c["key"].is_array())
    for (const auto& k : c["key"])
      if (k.is_string() && !k.get<std::string>().empty()) o.key.push_back(k.get<std::string>());
  if (c.contains("key") && c["key"].is_string() && !c["key"].get<std::string>().empty())
    o.key.push_back(c["key"].get<std::string>());
  o.deleteEnabled = config.boolean("delete_enabled");
  o.autoCreate = config.boolean("auto_create");
  o.autoEvolve = config.boolean("auto_evolve");
  std::int64_t rows = config.integer("rows_per_statement");
  o.rowsPerStatement = static_cast<std::size_t>(std::clamp<std::int64_t>(rows, 1, 10000));
  if (Status s = config.status(); !s) return s.error();
  return o;
}

void addSinkFields(std::vector<model::FieldSpec>& fields) {
  using model::FieldSpec;
  using model::FieldType;
  FieldSpec table;
  table.name = "table";
  table.required = true;
  table.help =
      "The table to write to: \"name\" or \"schema.name\" (MySQL: \"database.name\"). Quoted as given, "
      "so case matters.";
  fields.push_back(table);
  FieldSpec mode;
  mode.name = "mode";
  mode.type = FieldType::Enum;
  mode.allowed = {"insert", "upsert"};
  mode.defaultValue = "insert";
  mode.help =
      "\"insert\": plain INSERT (a replayed batch fails on a duplicate key); \"upsert\": insert or update "
      "the row with the same key (INSERT ... ON CONFLICT / ON DUPLICATE KEY UPDATE), so replays are harmless.";
  fields.push_back(mode);
  FieldSpec key;
  key.name = "key";
  key.type = FieldType::List;
  key.help =
      "Key columns for upsert and delete. Empty: the table's primary key, or else the fields of the record "
      "key (an object), which auto_create also makes the primary key.";
  key.defaultValue = nlohmann::json::array();
  fields.push_back(key);
  FieldSpec del;
  del.name = "delete_enabled";
  del.type = FieldType::Bool;
  del.defaultValue = true;
  del.help =
      "Delete the row when a record is a tombstone (null value; the record key names the row) or a "
      "Debezium delete event (op \"d\"; its \"before\" names the row). Off: such records are skipped.";
  fields.push_back(del);
  FieldSpec create;
  create.name = "auto_create";
  create.type = FieldType::Bool;
  create.defaultValue = false;
  create.help =
      "Create the table when it does not exist, with a column per field of the first records (types from "
      "their values: integer -> bigint, text -> text, object -> jsonb/JSON, ...) and the key as primary key.";
  fields.push_back(create);
  FieldSpec evolve;
  evolve.name = "auto_evolve";
  evolve.type = FieldType::Bool;
  evolve.defaultValue = false;
  evolve.help =
      "Add a nullable column when a record has a field the table lacks. Off: such a record is reported "
      "as bad (error policy of the node).";
  fields.push_back(evolve);
  FieldSpec rows;
  rows.name = "rows_per_statement";
  rows.type = FieldType::Int;
  rows.defaultValue = 500;
  rows.min = 1;
  rows.max = 10000;
  rows.advanced = true;
  rows.help = "At most this many rows in one multi-row INSERT/DELETE statement.";
  fields.push_back(rows);
}

// ---- SqlSink ----

struct SqlSink::Change {
  bool del = false;
  const record::Record* record = nullptr;
  const Value* row = nullptr;  // an object: the full row (upsert) or at least the key columns (delete)
  Value owned;                 // backing for `row` when it had to be built (scalar record key)
};

struct SqlSink::Statement {
  std::string sql;
  std::vector<const Value*> params;
  std::size_t copyColumns = 0;   // > 0: `sql` is a COPY, params are its rows
  std::vector<SqlConnection::ArrayKind> arrays;  // not empty: params are rows for executeColumnArrays
};

// Runs of at least this many rows take the bulk path: COPY for plain inserts,
// one statement over column arrays for PostgreSQL upserts.
constexpr std::size_t kCopyMinRows = 64;

SqlSink::SqlSink(std::unique_ptr<SqlConnection> connection, SinkOptions options)
    : m_conn(std::move(connection)), m_options(std::move(options)) {}

SqlSink::~SqlSink() {
  close();
}

Status SqlSink::open(runtime::ErrorReporter&) {
  auto q = quoteTable(m_conn->dialect(), m_options.table);
  if (!q) return q.error();
  m_quotedTable = *q;
  return ensureConnected();
}

void SqlSink::close() {
  if (m_conn) m_conn->disconnect();
}

Error SqlSink::connectionError(const Error& e) const {
  Error out = e;
  if (out.where.empty()) out.where = "table " + m_options.tableText;
  return out;
}

Status SqlSink::ensureConnected() {
  if (m_conn->connected()) return {};
  m_tableLoaded = false;
  if (Status s = m_conn->connect(); !s) return s;
  return loadTable();
}

bool SqlSink::hasColumn(std::string_view name) const {
  bool ci = m_conn->caseInsensitiveNames();
  return std::any_of(m_columns.begin(), m_columns.end(), [&](const std::string& c) { return sameName(c, name, ci); });
}

// Reads the table's columns and primary key from information_schema (the
// same query works on both servers; only the current-schema function differs).
Status SqlSink::loadTable() {
  Value schema = m_options.table.schema ? Value(*m_options.table.schema) : Value();
  Value name(m_options.table.name);
  Dialect d = m_conn->dialect();
  std::string where = "table_schema = COALESCE(" + placeholder(d, 1) + ", " + m_conn->currentSchemaExpr() +
                      ") AND table_name = " + placeholder(d, 2);
  auto cols = m_conn->execute(
      "SELECT column_name FROM information_schema.columns WHERE " + where + " ORDER BY ordinal_position",
      {&schema, &name});
  if (!cols) return cols.error();
  m_columns.clear();
  for (auto& row : cols->rows)
    if (!row.empty() && row[0].type() == ValueType::String) m_columns.emplace_back(row[0].asString());
  m_tableExists = !m_columns.empty();
  m_key = m_options.key;
  if (m_key.empty() && m_tableExists) {
    std::string pkWhere = "tc.table_schema = COALESCE(" + placeholder(d, 1) + ", " + m_conn->currentSchemaExpr() +
                          ") AND tc.table_name = " + placeholder(d, 2);
    auto pk = m_conn->execute(
        "SELECT kcu.column_name FROM information_schema.table_constraints tc JOIN "
        "information_schema.key_column_usage kcu ON tc.constraint_name = kcu.constraint_name AND "
        "tc.table_schema = kcu.table_schema AND tc.table_name = kcu.table_name WHERE tc.constraint_type = "
        "'PRIMARY KEY' AND " +
            pkWhere + " ORDER BY kcu.ordinal_position",
        {&schema, &name});
    if (!pk) return pk.error();
    for (auto& row : pk->rows)
      if (!row.empty() && row[0].type() == ValueType::String) m_key.emplace_back(row[0].asString());
  }
  m_tableLoaded = true;
  m_columnTypesLoaded = false;  // a new connection, or the columns changed
  return {};
}

// For PostgreSQL upserts: each column's type without its modifier, so the
// text arrays cast to the base type and the column's own length/precision
// checks still apply on assignment (a too-long value is an error, not cut).
Status SqlSink::loadColumnTypes() {
  if (m_columnTypesLoaded || m_options.mode != WriteMode::Upsert || !m_conn->supportsColumnArrays() ||
      m_key.empty() || !m_tableExists)
    return {};
  Value table(m_quotedTable);
  auto r = m_conn->execute(
      "SELECT a.attname, format_type(a.atttypid, NULL) FROM pg_attribute a WHERE a.attrelid = $1::regclass AND "
      "a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
      {&table});
  if (!r) return r.error();
  m_columnTypes.clear();
  for (auto& row : r->rows)
    if (row.size() == 2 && row[0].type() == ValueType::String && row[1].type() == ValueType::String)
      m_columnTypes.emplace_back(std::string(row[0].asString()), std::string(row[1].asString()));
  m_columnTypesLoaded = true;
  return {};
}

// Creates the table or adds columns before the batch's transaction (MySQL
// commits DDL implicitly, so DDL never shares the batch's transaction).
Status SqlSink::prepareTable(const std::vector<Change>& changes) {
  Dialect d = m_conn->dialect();
  if (!m_tableExists) {
    if (!m_options.autoCreate)
      return makeError(ErrorCode::NotFound,
                       "table " + m_options.tableText + " does not exist; create it or set auto_create: true",
                       "config.table");
    auto cols = columnsOf(changes, [](const std::string&) { return false; });
    if (cols.empty()) return {};  // only deletes so far: nothing to create from
    if (m_key.empty())
      for (const Change& c : changes)
        if (c.record->key.type() == ValueType::Object) {
          for (const auto& f : c.record->key.asObject()) m_key.push_back(f.first);
          break;
        }
    std::string sql = "CREATE TABLE IF NOT EXISTS " + m_quotedTable + " (";
    bool first = true;
    for (const auto& [fname, fvalue] : cols) {
      auto q = quoteIdent(d, fname);
      if (!q) return q.error();
      bool isKey = std::find(m_key.begin(), m_key.end(), fname) != m_key.end();
      sql += (first ? "" : ", ") + *q + " " + columnType(d, *fvalue, isKey) + (isKey ? " NOT NULL" : "");
      first = false;
    }
    if (!m_key.empty()) {
      sql += ", PRIMARY KEY (";
      for (std::size_t i = 0; i < m_key.size(); ++i) {
        auto q = quoteIdent(d, m_key[i]);
        if (!q) return q.error();
        sql += (i ? ", " : "") + *q;
      }
      sql += ")";
    }
    sql += ")";
    spdlog::info("creating table {}: {}", m_options.tableText, sql);
    auto r = m_conn->execute(sql, {});
    if (!r) return r.error();
    return loadTable();
  }
  if (!m_options.autoEvolve) return {};
  auto missing = columnsOf(changes, [this](const std::string& name) { return hasColumn(name); });
  for (const auto& [fname, fvalue] : missing) {
    auto q = quoteIdent(d, fname);
    if (!q) continue;  // reported per record later
    std::string sql = "ALTER TABLE " + m_quotedTable + " ADD COLUMN " + *q + " " + columnType(d, *fvalue, false);
    spdlog::info("adding column to {}: {}", m_options.tableText, sql);
    auto r = m_conn->execute(sql, {});
    if (!r) return r.error();
  }
  if (!missing.empty()) return loadTable();
  return {};
}

// Statements for changes[begin, end): runs of upserts with the same columns
// become multi-row INSERTs, runs of deletes multi-row DELETEs. A run is cut
// where a key repeats, so a row changed twice in a batch keeps its order
// (and Postgres' ON CONFLICT never meets the same row twice in one statement).
Result<std::vector<SqlSink::Statement>> SqlSink::buildStatements(const std::vector<Change>& changes, std::size_t begin,
                                                                 std::size_t end) const {
  Dialect d = m_conn->dialect();
  std::vector<Statement> out;
  std::vector<std::string> quotedKey;
  for (const auto& k : m_key) {
    auto q = quoteIdent(d, k);
    if (!q) return q.error();
    quotedKey.push_back(*q);
  }
  auto keyOf = [&](const Change& c) {
    std::string k;
    for (const auto& name : m_key) {
      const Value* v = c.row->find(name);
      k += v ? record::toJson(*v) : "null";
      k.push_back('\x1f');
    }
    return k;
  };
  std::size_t i = begin;
  while (i < end) {
    const Change& first = changes[i];
    Statement st;
    if (first.del) {
      std::set<std::string> seen;
      std::size_t perRow = m_key.size();
      std::size_t maxRows = std::min(m_options.rowsPerStatement, kMaxParams / std::max<std::size_t>(perRow, 1));
      st.sql = "DELETE FROM " + m_quotedTable + " WHERE ";
      std::size_t n = 0;
      while (i < end && changes[i].del && n < maxRows) {
        if (!seen.insert(keyOf(changes[i])).second) break;
        st.sql += n ? " OR (" : "(";
        for (std::size_t k = 0; k < m_key.size(); ++k) {
          const Value* v = changes[i].row->find(m_key[k]);
          st.params.push_back(v);
          st.sql += (k ? " AND " : "") + quotedKey[k] + " = " + placeholder(d, st.params.size());
        }
        st.sql += ")";
        ++n;
        ++i;
      }
      out.push_back(std::move(st));
      continue;
    }
    const record::Object& firstRow = first.row->asObject();
    std::vector<std::string> quotedCols;
    for (const auto& f : firstRow) {
      auto q = quoteIdent(d, f.first);
      if (!q) return q.error();
      quotedCols.push_back(*q);
    }
    auto sameColumns = [&](const Change& c) {
      if (c.del) return false;
      const record::Object& o = c.row->asObject();
      if (o.size() != firstRow.size()) return false;
      for (std::size_t k = 0; k < o.size(); ++k)
        if (o[k].first != firstRow[k].first) return false;
      return true;
    };
    // The upsert tail: ON CONFLICT (key) DO UPDATE SET c = EXCLUDED.c / ON DUPLICATE KEY UPDATE c = VALUES(c).
    std::string conflict;
    if (m_options.mode == WriteMode::Upsert) {
      std::vector<std::string> updates;
      for (std::size_t k = 0; k < quotedCols.size(); ++k) {
        bool isKey = false;
        for (const auto& key : m_key) isKey = isKey || sameName(key, firstRow[k].first, m_conn->caseInsensitiveNames());
        if (isKey) continue;
        updates.push_back(quotedCols[k] + " = " +
                          (d == Dialect::Postgres ? "EXCLUDED." + quotedCols[k] : "VALUES(" + quotedCols[k] + ")"));
      }
      if (d == Dialect::Postgres) {
        conflict += " ON CONFLICT (";
        for (std::size_t k = 0; k < quotedKey.size(); ++k) conflict += (k ? ", " : "") + quotedKey[k];
        conflict += updates.empty() ? ") DO NOTHING" : ") DO UPDATE SET ";
      } else {
        conflict += " ON DUPLICATE KEY UPDATE ";
        if (updates.empty()) conflict += quotedKey[0] + " = " + quotedKey[0];
      }
      for (std::size_t k = 0; k < updates.size(); ++k) conflict += (k ? ", " : "") + updates[k];
    }
    std::string columnList;
    for (std::size_t k = 0; k < quotedCols.size(); ++k) columnList += (k ? ", " : "") + quotedCols[k];
    // Large upsert runs on PostgreSQL: one INSERT ... SELECT FROM unnest(one
    // text array per column) ... ON CONFLICT, the arrays sent in binary: no
    // stage table, one round trip. A key repeated within the run keeps only
    // its last row (same columns, so the last one alone gives the same
    // result), as ON CONFLICT cannot touch a row twice in one statement.
    std::vector<std::string> casts;
    if (m_options.mode == WriteMode::Upsert && m_conn->supportsColumnArrays() && !m_key.empty())
      for (const auto& f : firstRow) {
        auto t = std::find_if(m_columnTypes.begin(), m_columnTypes.end(), [&](const auto& c) { return c.first == f.first; });
        if (t == m_columnTypes.end()) {
          casts.clear();
          break;
        }
        casts.push_back(t->second);
      }
    if (!casts.empty()) {
      const std::size_t runStart = i;
      std::size_t runEnd = i;
      while (runEnd < end && sameColumns(changes[runEnd])) ++runEnd;
      if (runEnd - i >= kCopyMinRows) {
        std::vector<bool> superseded(runEnd - i, false);
        if (m_key.size() == 1) {
          // The common case, without building key strings: one key column.
          std::unordered_map<std::int64_t, std::size_t> lastInt;
          std::unordered_map<std::string, std::size_t> lastOther;
          for (std::size_t r = i; r < runEnd; ++r) {
            const Value* v = changes[r].row->find(m_key[0]);
            std::size_t* slot = nullptr;
            if (v && v->type() == ValueType::Int) {
              auto [it, fresh] = lastInt.try_emplace(v->asInt(), r);
              if (!fresh) slot = &it->second;
            } else {
              auto [it, fresh] = lastOther.try_emplace(v ? record::toJson(*v) : "null", r);
              if (!fresh) slot = &it->second;
            }
            if (slot) {
              superseded[*slot - runStart] = true;
              *slot = r;
            }
          }
        } else {
          std::unordered_map<std::string, std::size_t> last;
          for (std::size_t r = i; r < runEnd; ++r) {
            auto [it, fresh] = last.try_emplace(keyOf(changes[r]), r);
            if (!fresh) {
              superseded[it->second - runStart] = true;
              it->second = r;
            }
          }
        }
        Statement up;
        // BIGINT and DOUBLE PRECISION columns holding only numbers go as int8[] /
        // float8[] (no number text to print or parse); the rest as text[], cast.
        using Kind = SqlConnection::ArrayKind;
        up.arrays.assign(quotedCols.size(), Kind::Text);
        for (std::size_t k = 0; k < casts.size(); ++k) {
          bool ints = casts[k] == "bigint", doubles = casts[k] == "double precision";
          for (std::size_t r = i; r < runEnd && (ints || doubles); ++r) {
            const Value& v = changes[r].row->asObject()[k].second;
            ints = ints && (v.isNull() || v.type() == ValueType::Int);
            doubles = doubles && (v.isNull() || v.type() == ValueType::Int || v.type() == ValueType::Double);
          }
          up.arrays[k] = ints ? Kind::Int8 : doubles ? Kind::Float8 : Kind::Text;
        }
        up.sql = "INSERT INTO " + m_quotedTable + " (" + columnList + ") SELECT ";
        std::string args, names;
        for (std::size_t k = 0; k < casts.size(); ++k) {
          std::string n = std::to_string(k + 1);
          bool text = up.arrays[k] == Kind::Text;
          up.sql += (k ? ", v" : "v") + n + (text ? "::" + casts[k] : std::string());
          args += (k ? ", $" : "$") + n + (text ? "::text[]" : up.arrays[k] == Kind::Int8 ? "::int8[]" : "::float8[]");
          names += (k ? ", v" : "v") + n;
        }
        up.sql += " FROM unnest(" + args + ") AS u(" + names + ")" + conflict;
        up.params.reserve((runEnd - i) * quotedCols.size());
        for (; i < runEnd; ++i) {
          if (superseded[i - runStart]) continue;
          for (const auto& f : changes[i].row->asObject()) up.params.push_back(&f.second);
        }
        out.push_back(std::move(up));
        continue;
      }
    }
    if (m_options.mode == WriteMode::Insert && m_conn->supportsCopy()) {
      std::size_t runEnd = i;
      while (runEnd < end && sameColumns(changes[runEnd])) ++runEnd;
      if (runEnd - i >= kCopyMinRows) {
        st.sql = "COPY " + m_quotedTable + " (";
        for (std::size_t k = 0; k < quotedCols.size(); ++k) st.sql += (k ? ", " : "") + quotedCols[k];
        st.sql += ") FROM STDIN";
        st.copyColumns = quotedCols.size();
        st.params.reserve((runEnd - i) * quotedCols.size());
        for (; i < runEnd; ++i)
          for (const auto& f : changes[i].row->asObject()) st.params.push_back(&f.second);
        out.push_back(std::move(st));
        continue;
      }
    }
    std::size_t maxRows = std::min(m_options.rowsPerStatement, kMaxParams / std::max<std::size_t>(firstRow.size(), 1));
    st.sql = "INSERT INTO " + m_quotedTable + " (";
    for (std::size_t k = 0; k < quotedCols.size(); ++k) st.sql += (k ? ", " : "") + quotedCols[k];
    st.sql += ") VALUES ";
    std::set<std::string> seen;
    std::size_t n = 0;
    while (i < end && n < maxRows && sameColumns(changes[i])) {
      if (!m_key.empty() && !seen.insert(keyOf(changes[i])).second) break;
      st.sql += n ? ", (" : "(";
      const record::Object& o = changes[i].row->asObject();
      for (std::size_t k = 0; k < o.size(); ++k) {
        st.params.push_back(&o[k].second);
        st.sql += (k ? ", " : "") + placeholder(d, st.params.size());
      }
      st.sql += ")";
      ++n;
      ++i;
    }
    st.sql += conflict;
    out.push_back(std::move(st));
  }
  return out;
}

Status SqlSink::runStatements(const std::vector<Statement>& statements) {
  for (const auto& st : statements) {
    if (st.copyColumns > 0) {
      if (Status s = m_conn->copyIn(st.sql, st.params, st.copyColumns); !s) return s;
      continue;
    }
    if (!st.arrays.empty()) {
      auto r = m_conn->executeColumnArrays(st.sql, st.params, st.arrays);
      if (!r) return r.error();
      continue;
    }
    auto r = m_conn->execute(st.sql, st.params);
    if (!r) return r.error();
  }
  return {};
}

// The statements as one transaction. A single statement is atomic on its own
// (autocommit), so it goes without BEGIN / COMMIT: two round trips fewer per
// batch, which is most batches (one COPY or one multi-row statement).
Status SqlSink::runInTransaction(const std::vector<Statement>& statements) {
  if (statements.size() == 1) return runStatements(statements);
  Status s = m_conn->begin();
  if (s) s = runStatements(statements);
  if (s) s = m_conn->commit();
  if (!s) m_conn->rollback();
  return s;
}

// After a batch failed for a reason other than the connection: each change in
// a transaction of its own, so the bad records are found and reported and the
// good ones written. When every change fails the error is the batch's.
Status SqlSink::writeRowByRow(const std::vector<Change>& changes, runtime::ErrorReporter& errors) {
  std::vector<std::pair<std::size_t, Error>> failed;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    auto statements = buildStatements(changes, i, i + 1);
    Status s = statements ? runInTransaction(*statements) : Status(statements.error());
    if (!s) {
      if (s.error().code == ErrorCode::Unavailable) return s;
      failed.emplace_back(i, s.error());
    }
  }
  if (!failed.empty() && failed.size() == changes.size()) return failed.front().second;
  for (auto& [i, e] : failed) errors.report(*changes[i].record, e);
  return {};
}

Result<std::uint64_t> SqlSink::write(const record::Batch& batch, runtime::ErrorReporter& errors) {
  if (Status s = ensureConnected(); !s) return connectionError(s.error());
  std::vector<Change> changes;
  changes.reserve(batch.size());
  std::uint64_t bytes = 0;
  for (const record::Record& r : batch) {
    Change c;
    c.record = &r;
    if (r.value.isNull()) {
      if (!m_options.deleteEnabled) continue;
      c.del = true;
      if (r.key.type() == ValueType::Object) {
        c.row = &r.key;
      } else if (!r.key.isNull() && m_key.size() == 1) {
        c.owned.set(m_key[0], r.key);
        c.row = &c.owned;
      } else if (r.key.isNull()) {
        continue;  // a tombstone without a key names no row
      } else {
        c.owned = r.key;
      }
    } else if (r.value.type() == ValueType::Object && r.value.find("op") &&
               (r.value.find("after") || r.value.find("before"))) {
      auto env = record::debezium::readEnvelope(r.value);
      if (!env) {
        errors.report(r, env.error());
        continue;
      }
      if (env->op == record::debezium::Op::Truncate) continue;
      if (env->op == record::debezium::Op::Delete) {
        if (!m_options.deleteEnabled) continue;
        c.del = true;
        c.row = env->before->isNull() ? &r.key : env->before;
      } else {
        c.row = env->after;
      }
    } else {
      c.row = &r.value;
    }
    if (!c.row || c.row->type() != ValueType::Object) {
      errors.report(r, makeError(ErrorCode::Invalid, c.del ? "a delete needs the key as an object of key columns"
                                                           : "a row must be an object of column values"));
      continue;
    }
    bool bad = false;
    if (c.del || m_options.mode == WriteMode::Upsert) {
      if (m_key.empty() && m_tableExists) {
        errors.report(r,
                      makeError(ErrorCode::Invalid,
                                "table " + m_options.tableText + " has no primary key; set \"key\" to the key columns",
                                "config.key"));
        continue;
      }
      for (const auto& k : m_key)
        if (!c.row->find(k)) {
          errors.report(r, makeError(ErrorCode::Invalid, "the record lacks the key column \"" + k + "\""));
          bad = true;
          break;
        }
    }
    for (const auto& f : c.row->asObject()) {
      if (auto q = quoteIdent(m_conn->dialect(), f.first); !q) {
        errors.report(r, q.error());
        bad = true;
        break;
      }
      if (f.second.type() == ValueType::String && f.second.asString().find('\0') != std::string_view::npos &&
          m_conn->dialect() == Dialect::Postgres) {
        errors.report(r, makeError(ErrorCode::Invalid,
                                   "PostgreSQL text cannot hold a NUL character (field \"" + f.first + "\")"));
        bad = true;
        break;
      }
    }
    if (bad) continue;
    bytes += record::toJson(*c.row).size();
    changes.push_back(std::move(c));
  }
  // `owned` moved with the vector growth: point rows that use it at their own copy.
  for (Change& c : changes)
    if (!c.owned.isNull()) c.row = &c.owned;
  if (changes.empty()) return bytes;

  if (Status s = prepareTable(changes); !s) {
    if (s.error().code == ErrorCode::Unavailable) m_conn->disconnect();
    return connectionError(s.error());
  }
  if (!m_tableExists) return bytes;  // only deletes against a table that was never created
  if (m_key.empty())
    for (const Change& c : changes)
      if (c.del || m_options.mode == WriteMode::Upsert)
        return makeError(ErrorCode::Invalid,
                         "table " + m_options.tableText + " has no primary key; set \"key\" to the key columns",
                         "config.key");
  // Fields the table lacks (auto_evolve off) make their record bad.
  std::vector<Change> accepted;
  accepted.reserve(changes.size());
  for (Change& c : changes) {
    const Value* missing = nullptr;
    std::string name;
    if (!c.del)
      for (const auto& f : c.row->asObject())
        if (!hasColumn(f.first)) {
          missing = &f.second;
          name = f.first;
          break;
        }
    if (missing) {
      errors.report(*c.record, makeError(ErrorCode::Invalid, "table " + m_options.tableText + " has no column \"" +
                                                                 name + "\"; add it or set auto_evolve: true"));
      continue;
    }
    accepted.push_back(std::move(c));
  }
  for (Change& c : accepted)
    if (!c.owned.isNull()) c.row = &c.owned;
  if (accepted.empty()) return bytes;

  if (Status s = loadColumnTypes(); !s) {
    if (s.error().code == ErrorCode::Unavailable) m_conn->disconnect();
    return connectionError(s.error());
  }
  auto statements = buildStatements(accepted, 0, accepted.size());
  if (!statements) return statements.error();
  Status s = runInTransaction(*statements);
  if (s) return bytes;
  if (s.error().code == ErrorCode::Unavailable) {
    m_conn->disconnect();
    return connectionError(s.error());
  }
  spdlog::warn("batch into {} failed ({}); writing its rows one by one to find the bad ones", m_options.tableText,
               s.error().message);
  if (Status rs = writeRowByRow(accepted, errors); !rs) {
    if (rs.error().code == ErrorCode::Unavailable) m_conn->disconnect();
    return connectionError(rs.error());
  }
  return bytes;
}

}  // namespace tributary::connectors::sql
