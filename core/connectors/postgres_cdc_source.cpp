// source.postgres.cdc: change data capture from PostgreSQL by logical
// replication with the built-in pgoutput plugin, emitting Debezium envelopes.
//
// Life of a run:
//  1. open(): prerequisite checks on a normal connection (wal_level, the
//     REPLICATION privilege, the tables and their replica identity), then the
//     publication and the replication slot are created or reused.
//  2. Initial snapshot (snapshot_mode): a new slot is created with
//     EXPORT_SNAPSHOT and the normal connection imports that snapshot (SET
//     TRANSACTION SNAPSHOT), so the rows read (op "r", COPY ... TO STDOUT) and
//     the changes streamed after the slot's consistent point neither overlap
//     nor leave a gap. With an existing slot the snapshot is a plain REPEATABLE
//     READ one and streaming starts at the slot's confirmed position, so a
//     change may be seen twice (at-least-once), never missed.
//  3. Streaming: START_REPLICATION ... LOGICAL over the replication
//     connection (CopyBoth), pgoutput protocol 1; inserts, updates, deletes
//     and truncates become envelopes.
//
// Positions and acknowledgement: partition 0 carries LSNs (the end of the last
// whole transaction emitted, or a keepalive's WAL end when idle), partition 1
// the snapshot's progress (row numbers, kSnapshotDone once complete). The
// engine commits a position once every record up to it reached its sinks and
// then calls checkpointState(); only that committed LSN is ever confirmed to
// the server (standby status update, "flushed"), so the slot never lets go of
// WAL that a sink has not acknowledged. A restart resumes at the checkpointed
// LSN (the server forwards to the slot's confirmed position if that is newer).
//
// Losing the replication connection (the server restarted) is not an error:
// the source reconnects with back-off (cdc::kReconnectBackoff: 0.5 s doubling to 10 s) and restarts
// streaming at the end of the last whole transaction it emitted, skipping the
// changes of a half-emitted transaction it already passed on.
//
// Threads: open/poll/close on the source's own thread (blocking() is true);
// checkpointState() on the engine's supervisor thread (it only touches atomics).
#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <climits>
#include <cstring>
#include <map>
#include <memory>

#include <spdlog/spdlog.h>

#include "core/connectors/cdc_common.h"
#include "core/base/clock.h"
#include "core/connectors/pgoutput.h"
#include "core/connectors/registration.h"
#include "core/connectors/sql_common.h"
#include "core/runtime/node_config.h"
#include "core/record/debezium.h"
#include "core/base/units.h"

namespace tributary::connectors {
namespace {

using record::Value;
namespace dbz = record::debezium;

constexpr std::int64_t kSnapshotDone = INT64_MAX;

std::string oneLine(std::string msg) {
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  for (char& c : msg)
    if (c == '\n' || c == '\t') c = ' ';
  return msg;
}

using cdc::SnapshotMode;

struct Options {
  sql::ConnectionSettings connection;
  std::string slot = "tributary";
  std::string publication = "tributary";
  std::vector<sql::TableName> tables;  // empty: all tables
  std::vector<std::string> tableTexts;
  SnapshotMode snapshotMode = SnapshotMode::Initial;
  std::string serverName;
  std::int64_t statusIntervalMs = 10000;
  bool tombstones = true;
};

struct PgResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

// One libpq connection, normal or replication (replication=database).
class PgLink {
 public:
  ~PgLink() { close(); }
  Status open(const sql::ConnectionSettings& s, bool replication) {
    close();
    std::string timeout = std::to_string(std::max<std::int64_t>(1, s.connectTimeoutMs / 1000));
    std::vector<const char*> keys{"dbname", "connect_timeout", "application_name", "options"};
    std::vector<const char*> values{s.url.c_str(), timeout.c_str(), s.applicationName.c_str(),
                                    "-c TimeZone=UTC -c DateStyle=ISO -c extra_float_digits=3 -c bytea_output=hex"};
    if (replication) {
      keys.push_back("replication");
      values.push_back("database");
    }
    if (!s.user.empty()) {
      keys.push_back("user");
      values.push_back(s.user.c_str());
    }
    if (!s.password.empty()) {
      keys.push_back("password");
      values.push_back(s.password.c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    m_conn = PQconnectdbParams(keys.data(), values.data(), 1);
    if (!m_conn || PQstatus(m_conn) != CONNECTION_OK) {
      std::string msg = m_conn ? oneLine(PQerrorMessage(m_conn)) : "out of memory";
      close();
      return makeError(ErrorCode::Unavailable,
                       "cannot connect to PostgreSQL (" + s.url + (s.user.empty() ? "" : " as " + s.user) +
                           (replication ? ", replication connection" : "") + "): " + msg,
                       "config.url");
    }
    PQsetNoticeProcessor(
        m_conn, [](void*, const char*) {}, nullptr);
    return {};
  }
  void close() {
    if (m_conn) PQfinish(m_conn);
    m_conn = nullptr;
  }
  bool ok() const { return m_conn && PQstatus(m_conn) == CONNECTION_OK; }
  PGconn* get() const { return m_conn; }

  // Runs a statement; `params` are bound as text. Errors say what failed.
  Result<PgResult> exec(const std::string& sqlText, const std::vector<std::string>& params = {},
                        ExecStatusType expect = PGRES_TUPLES_OK) {
    if (!m_conn) return makeError(ErrorCode::Unavailable, "not connected to PostgreSQL");
    std::vector<const char*> p;
    for (const auto& s : params) p.push_back(s.c_str());
    PgResult r(params.empty() ? PQexec(m_conn, sqlText.c_str())
                              : PQexecParams(m_conn, sqlText.c_str(), static_cast<int>(p.size()), nullptr, p.data(),
                                             nullptr, nullptr, 0));
    ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (st == expect || (expect == PGRES_TUPLES_OK && st == PGRES_COMMAND_OK) ||
        (expect == PGRES_COMMAND_OK && st == PGRES_TUPLES_OK))
      return r;
    return error(r.get());
  }
  Error error(const PGresult* r) const {
    std::string msg = oneLine(r ? PQresultErrorMessage(r) : PQerrorMessage(m_conn));
    if (msg.empty()) msg = oneLine(PQerrorMessage(m_conn));
    bool lost = !m_conn || PQstatus(m_conn) != CONNECTION_OK;
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    bool transient =
        lost ||
        (state && (std::string_view(state).rfind("08", 0) == 0 || std::string_view(state).rfind("57P", 0) == 0));
    return makeError(transient ? ErrorCode::Unavailable : ErrorCode::Invalid, "PostgreSQL: " + msg);
  }

 private:
  PGconn* m_conn = nullptr;
};

std::string cell(const PgResult& r, int row, int col) {
  if (PQgetisnull(r.get(), row, col)) return {};
  return std::string(PQgetvalue(r.get(), row, col), static_cast<std::size_t>(PQgetlength(r.get(), row, col)));
}

// What the source knows about one published table, by relation OID.
struct TableInfo {
  std::string schema;
  std::string name;
  std::vector<std::string> columns;
  std::vector<std::uint32_t> types;
  std::vector<bool> key;  // the record key: primary key columns (or replica identity ones)
  Value source;           // the envelope's source block without the per-event fields
};

class PostgresCdcSource final : public runtime::Source {
 public:
  explicit PostgresCdcSource(Options options)
      : m_options(std::move(options)), m_tail([this](record::Record& r) { r.position = {1, ++m_snapshotRow}; }) {}
  ~PostgresCdcSource() override { close(); }

  Status open(const nlohmann::json& checkpoint, runtime::ErrorReporter& errors) override;
  runtime::PollResult poll(record::Batch& out, std::size_t maxRecords, runtime::ErrorReporter& errors) override;
  nlohmann::json checkpointState(const runtime::PositionMap& committed) const override;
  void close() override {
    if (m_repl.ok() && m_streaming) sendStatus(false);
    m_repl.close();
    m_sql.close();
    m_streaming = false;
  }
  bool blocking() const override { return true; }
  bool confirmsUpstream() const override { return true; }

 private:
  enum class Phase { Snapshot, Stream };

  Status checkPrerequisites();
  Status ensurePublication();
  Result<std::vector<std::uint32_t>> publishedTables();
  Status loadTable(std::uint32_t relid);
  void rememberTable(std::uint32_t relid, TableInfo t);  // adds its Debezium source block
  Status beginSnapshot(const std::string& exportedSnapshot);
  Status startStreaming();
  void pollSnapshot(record::Batch& out, std::size_t maxRecords, runtime::PollResult& result);
  void pollStream(record::Batch& out, std::size_t maxRecords, runtime::PollResult& result,
                  runtime::ErrorReporter& errors);
  Status handleMessage(const pgoutput::XLogData& data, record::Batch& out, runtime::ErrorReporter& errors);
  Value rowValue(const TableInfo& t, const pgoutput::Tuple& tuple) const;
  Value keyValue(const TableInfo& t, const pgoutput::Tuple& tuple) const;
  void emitChange(const TableInfo& t, dbz::Op op, Value key, Value before, Value after, std::uint64_t lsn,
                  record::Batch& out);
  bool sendStatus(bool replyRequested);
  void lostStream(const std::string& why);
  std::string where() const { return "slot " + m_options.slot; }

  Options m_options;
  PgLink m_sql;   // catalog queries and the snapshot
  PgLink m_repl;  // the replication connection
  std::string m_db;
  Phase m_phase = Phase::Stream;

  // Restored / decided at open (read by checkpointState: atomics).
  std::atomic<std::uint64_t> m_restoredLsn{0};
  std::atomic<bool> m_snapshotCompleted{false};   // before this run, or not wanted
  mutable std::atomic<std::uint64_t> m_acked{0};  // committed LSN, set by checkpointState

  // Snapshot (poll thread).
  std::vector<std::uint32_t> m_snapshotTables;
  std::size_t m_snapshotIndex = 0;
  bool m_copyActive = false;
  bool m_snapshotRestart = false;  // lost the connection: take the snapshot again at m_snapshotRetryAtMs
  std::int64_t m_snapshotRetryAtMs = 0;
  std::int64_t m_snapshotRow = 0;
  std::uint64_t m_snapshotLsn = 0;
  Value m_snapshotTxId;
  cdc::SnapshotTail m_tail;  // holds the newest snapshot row back for the "last" marker
  std::vector<pgoutput::CopyField> m_fields;
  std::string m_scratch;

  // Streaming (poll thread).
  std::map<std::uint32_t, TableInfo> m_tables;
  bool m_streaming = false;
  std::uint64_t m_startLsn = 0;    // where (re)starting the stream begins
  std::uint64_t m_lastResume = 0;  // the last partition-0 position handed to the engine
  std::uint64_t m_received = 0;    // the furthest WAL position received
  std::uint64_t m_confirmed = 0;   // the last flush position sent to the server
  std::int64_t m_lastStatusMs = 0;
  std::int64_t m_reconnectAtMs = 0;
  base::Backoff m_backoff{cdc::kReconnectBackoff};
  bool m_inTxn = false;
  std::uint64_t m_txnFinalLsn = 0;
  std::int64_t m_txnCommitMicros = 0;
  std::uint32_t m_txnXid = 0;
  std::uint64_t m_txnEmitted = 0;       // changes of the open transaction already emitted
  std::uint64_t m_skip = 0;             // changes to skip when a half-emitted transaction is replayed
  std::uint64_t m_partialFinalLsn = 0;  // the half-emitted transaction, after a lost connection
  std::uint64_t m_partialEmitted = 0;
  std::uint64_t m_batchResume = 0;  // commit end reached in the current poll
  pgoutput::CopyFrame m_frame;
  pgoutput::Message m_msg;
};

// ---- open ----

Status PostgresCdcSource::checkPrerequisites() {
  auto wal = m_sql.exec("SHOW wal_level");
  if (!wal) return wal.error();
  std::string level = PQntuples(wal->get()) ? cell(*wal, 0, 0) : "";
  if (level != "logical")
    return makeError(ErrorCode::Invalid, "wal_level is " + level + "; set wal_level=logical and restart", "config.url");
  auto role = m_sql.exec(
      "SELECT current_user, rolreplication OR rolsuper, current_database() FROM pg_roles WHERE rolname = "
      "current_user");
  if (!role) return role.error();
  if (PQntuples(role->get()) == 1) {
    std::string user = cell(*role, 0, 0);
    m_db = cell(*role, 0, 2);
    if (cell(*role, 0, 1) != "t")
      return makeError(ErrorCode::Invalid,
                       "the user " + user + " lacks the REPLICATION privilege; grant it (ALTER ROLE " + user +
                           " REPLICATION) or connect as a user that has it",
                       "config.user");
  }
  auto senders = m_sql.exec(
      "SELECT current_setting('max_replication_slots')::int, "
      "current_setting('max_wal_senders')::int");
  if (!senders) return senders.error();
  if (cell(*senders, 0, 0) == "0" || cell(*senders, 0, 1) == "0")
    return makeError(ErrorCode::Invalid,
                     "max_replication_slots or max_wal_senders is 0; set both above 0 and restart PostgreSQL",
                     "config.url");
  // Each configured table must exist and be able to publish updates and deletes.
  for (std::size_t i = 0; i < m_options.tables.size(); ++i) {
    const auto& t = m_options.tables[i];
    auto q = sql::quoteTable(sql::Dialect::Postgres, t);
    if (!q) return q.error();
    auto r = m_sql.exec(
        "SELECT c.relreplident, EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND (i.indisprimary OR "
        "i.indisreplident)) FROM pg_class c WHERE c.oid = to_regclass($1)",
        {*q});
    if (!r) return r.error();
    if (PQntuples(r->get()) == 0)
      return makeError(ErrorCode::NotFound, "table " + m_options.tableTexts[i] + " does not exist", "config.tables");
    std::string ident = cell(*r, 0, 0);
    bool hasIndex = cell(*r, 0, 1) == "t";
    if (ident == "n" || (ident == "d" && !hasIndex) || (ident == "i" && !hasIndex))
      return makeError(ErrorCode::Invalid,
                       "table " + m_options.tableTexts[i] +
                           " has no primary key or replica identity, so PostgreSQL would reject its updates and "
                           "deletes once it is published; add a primary key or run ALTER TABLE " +
                           *q + " REPLICA IDENTITY FULL",
                       "config.tables");
  }
  return {};
}

Status PostgresCdcSource::ensurePublication() {
  auto pub = m_sql.exec("SELECT puballtables FROM pg_publication WHERE pubname = $1", {m_options.publication});
  if (!pub) return pub.error();
  auto quotedPub = sql::quoteIdent(sql::Dialect::Postgres, m_options.publication);
  if (!quotedPub) return quotedPub.error();
  if (PQntuples(pub->get()) == 0) {
    std::string sqlText = "CREATE PUBLICATION " + *quotedPub;
    if (m_options.tables.empty()) {
      // FOR ALL TABLES would make updates fail on tables without identity: refuse those.
      auto bad = m_sql.exec(
          "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
          "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND "
          "n.nspname NOT LIKE 'pg_toast%' AND (c.relreplident = 'n' OR (c.relreplident IN ('d', 'i') AND NOT "
          "EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND (i.indisprimary OR i.indisreplident)))) "
          "ORDER BY 1");
      if (!bad) return bad.error();
      if (PQntuples(bad->get()) > 0) {
        std::string names;
        for (int i = 0; i < PQntuples(bad->get()); ++i) names += (i ? ", " : "") + cell(*bad, i, 0);
        return makeError(ErrorCode::Invalid,
                         "cannot publish all tables: " + names +
                             " have no primary key or replica identity, so PostgreSQL would reject their updates "
                             "and deletes; add primary keys, set REPLICA IDENTITY FULL, or list the tables to "
                             "capture in \"tables\"",
                         "config.tables");
      }
      sqlText += " FOR ALL TABLES";
    } else {
      sqlText += " FOR TABLE ";
      for (std::size_t i = 0; i < m_options.tables.size(); ++i) {
        auto q = sql::quoteTable(sql::Dialect::Postgres, m_options.tables[i]);
        if (!q) return q.error();
        sqlText += (i ? ", " : "") + *q;
      }
    }
    spdlog::info("source.postgres.cdc: creating publication: {}", sqlText);
    auto r = m_sql.exec(sqlText, {}, PGRES_COMMAND_OK);
    if (!r) {
      Error e = r.error();
      e.message = "cannot create publication " + m_options.publication + ": " + e.message;
      e.where = "config.publication_name";
      return e;
    }
    return {};
  }
  // An existing publication must cover the configured tables.
  if (cell(*pub, 0, 0) == "t") return {};
  for (std::size_t i = 0; i < m_options.tables.size(); ++i) {
    auto q = sql::quoteTable(sql::Dialect::Postgres, m_options.tables[i]);
    if (!q) return q.error();
    auto r = m_sql.exec(
        "SELECT 1 FROM pg_publication_tables p JOIN pg_class c ON c.relname = p.tablename JOIN pg_namespace n ON "
        "n.oid = c.relnamespace AND n.nspname = p.schemaname WHERE p.pubname = $1 AND c.oid = to_regclass($2)",
        {m_options.publication, *q});
    if (!r) return r.error();
    if (PQntuples(r->get()) == 0)
      return makeError(ErrorCode::Invalid,
                       "publication " + m_options.publication + " exists but does not include table " +
                           m_options.tableTexts[i] + "; run ALTER PUBLICATION " + *quotedPub + " ADD TABLE " + *q +
                           " or choose another publication_name",
                       "config.publication_name");
  }
  return {};
}

Result<std::vector<std::uint32_t>> PostgresCdcSource::publishedTables() {
  std::vector<std::uint32_t> out;
  if (!m_options.tables.empty()) {
    for (const auto& t : m_options.tables) {
      auto q = sql::quoteTable(sql::Dialect::Postgres, t);
      if (!q) return q.error();
      auto r = m_sql.exec("SELECT to_regclass($1)::oid", {*q});
      if (!r) return r.error();
      out.push_back(static_cast<std::uint32_t>(std::stoul(cell(*r, 0, 0))));
    }
    return out;
  }
  auto r = m_sql.exec(
      "SELECT c.oid FROM pg_publication_tables p JOIN pg_namespace n ON n.nspname = p.schemaname JOIN pg_class c ON "
      "c.relnamespace = n.oid AND c.relname = p.tablename WHERE p.pubname = $1 ORDER BY p.schemaname, p.tablename",
      {m_options.publication});
  if (!r) return r.error();
  for (int i = 0; i < PQntuples(r->get()); ++i) out.push_back(static_cast<std::uint32_t>(std::stoul(cell(*r, i, 0))));
  return out;
}

// Columns (as pgoutput sends them: no dropped or generated ones) and primary key of a table.
Status PostgresCdcSource::loadTable(std::uint32_t relid) {
  std::string id = std::to_string(relid);
  auto r = m_sql.exec(
      "SELECT n.nspname, c.relname, a.attname, a.atttypid, COALESCE(a.attnum = ANY (i.indkey), false) FROM pg_class "
      "c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 "
      "AND NOT a.attisdropped AND a.attgenerated = '' LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary "
      "WHERE c.oid = $1::oid ORDER BY a.attnum",
      {id});
  if (!r) return r.error();
  if (PQntuples(r->get()) == 0)
    return makeError(ErrorCode::NotFound, "relation " + id + " has no columns or no longer exists");
  TableInfo t;
  t.schema = cell(*r, 0, 0);
  t.name = cell(*r, 0, 1);
  for (int i = 0; i < PQntuples(r->get()); ++i) {
    t.columns.push_back(cell(*r, i, 2));
    t.types.push_back(static_cast<std::uint32_t>(std::stoul(cell(*r, i, 3))));
    t.key.push_back(cell(*r, i, 4) == "t");
  }
  rememberTable(relid, std::move(t));
  return {};
}

void PostgresCdcSource::rememberTable(std::uint32_t relid, TableInfo t) {
  dbz::SourceInfo info;
  info.connector = "postgresql";
  info.name = m_options.serverName;
  info.db = m_db;
  info.schema = t.schema;
  info.table = t.name;
  t.source = dbz::makeSource(info);
  m_tables[relid] = std::move(t);
}

Status PostgresCdcSource::open(const nlohmann::json& checkpoint, runtime::ErrorReporter&) {
  std::uint64_t restored = 0;
  bool snapshotDone = false;
  bool hasCheckpoint = false;
  if (checkpoint.is_object()) {
    if (checkpoint.contains("lsn") && checkpoint["lsn"].is_string()) {
      if (!pgoutput::parseLsn(checkpoint["lsn"].get<std::string>(), restored))
        return makeError(ErrorCode::Invalid,
                         "the checkpoint's lsn \"" + checkpoint["lsn"].get<std::string>() + "\" is not an LSN");
      hasCheckpoint = true;
    }
    snapshotDone = checkpoint.value("snapshot_completed", false);
  }
  m_restoredLsn = restored;
  m_acked = restored;
  if (Status s = m_sql.open(m_options.connection, false); !s) return s;
  if (Status s = checkPrerequisites(); !s) return s;
  if (Status s = ensurePublication(); !s) return s;

  auto slot = m_sql.exec(
      "SELECT plugin, slot_type, database, confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = $1",
      {m_options.slot});
  if (!slot) return slot.error();
  bool slotExists = PQntuples(slot->get()) == 1;
  std::uint64_t slotConfirmed = 0;
  if (slotExists) {
    if (cell(*slot, 0, 1) != "logical" || cell(*slot, 0, 0) != "pgoutput")
      return makeError(ErrorCode::Invalid,
                       "replication slot " + m_options.slot + " exists but is not a logical pgoutput slot (" +
                           cell(*slot, 0, 1) + ", " + cell(*slot, 0, 0) + "); choose another slot_name",
                       "config.slot_name");
    if (cell(*slot, 0, 2) != m_db)
      return makeError(ErrorCode::Invalid,
                       "replication slot " + m_options.slot + " belongs to database " + cell(*slot, 0, 2) + ", not " +
                           m_db + "; choose another slot_name",
                       "config.slot_name");
    pgoutput::parseLsn(cell(*slot, 0, 3), slotConfirmed);
  }

  bool snapshot = false;
  switch (m_options.snapshotMode) {
    case SnapshotMode::Never:
      break;
    case SnapshotMode::Initial:
      snapshot = !snapshotDone;
      break;
    case SnapshotMode::WhenNeeded:
      snapshot = !snapshotDone || (hasCheckpoint && !slotExists);
      break;
  }
  if (hasCheckpoint && !slotExists && !snapshot)
    return makeError(ErrorCode::Invalid,
                     "replication slot " + m_options.slot + " no longer exists, so the changes since the checkpoint (" +
                         pgoutput::formatLsn(restored) +
                         ") are gone; set snapshot_mode to when_needed to take a new snapshot, or remove the "
                         "pipeline's checkpoint to start over",
                     "config.slot_name");
  m_snapshotCompleted = !snapshot;

  std::string exported;
  if (!slotExists) {
    if (Status s = m_repl.open(m_options.connection, true); !s) return s;
    auto q = sql::quoteIdent(sql::Dialect::Postgres, m_options.slot);
    if (!q) return q.error();
    auto created = m_repl.exec("CREATE_REPLICATION_SLOT " + *q + " LOGICAL pgoutput " +
                               (snapshot ? "EXPORT_SNAPSHOT" : "NOEXPORT_SNAPSHOT"));
    if (!created) {
      Error e = created.error();
      e.message = "cannot create replication slot " + m_options.slot + ": " + e.message;
      e.where = "config.slot_name";
      return e;
    }
    spdlog::info("source.postgres.cdc: created replication slot {} at {}", m_options.slot, cell(*created, 0, 1));
    pgoutput::parseLsn(cell(*created, 0, 1), m_startLsn);
    if (snapshot) exported = cell(*created, 0, 2);
  } else {
    m_startLsn = std::max(restored, slotConfirmed);
    if (!hasCheckpoint && snapshot)
      spdlog::warn(
          "source.postgres.cdc: slot {} already exists; the snapshot is not synchronised with it, so changes made "
          "since {} may be emitted twice",
          m_options.slot, pgoutput::formatLsn(slotConfirmed));
  }
  // Never confirm below what the slot already has: PostgreSQL 15 would move it back.
  m_acked = std::max({restored, slotConfirmed, m_startLsn});
  if (hasCheckpoint && slotExists) m_startLsn = restored;  // the server forwards to its confirmed position
  m_lastResume = m_startLsn;
  m_received = m_startLsn;
  m_confirmed = 0;
  if (snapshot) {
    m_phase = Phase::Snapshot;
    if (Status s = beginSnapshot(exported); !s) return s;
  } else {
    m_phase = Phase::Stream;
  }
  return {};
}

Status PostgresCdcSource::beginSnapshot(const std::string& exportedSnapshot) {
  m_tail.clear();
  auto b = m_sql.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", {}, PGRES_COMMAND_OK);
  if (!b) return b.error();
  if (!exportedSnapshot.empty()) {
    auto snapshot = sql::quoteLiteral(sql::Dialect::Postgres, exportedSnapshot);
    if (!snapshot) return snapshot.error();
    auto s = m_sql.exec("SET TRANSACTION SNAPSHOT " + *snapshot, {}, PGRES_COMMAND_OK);
    if (!s) return s.error();
  }
  auto x = m_sql.exec("SELECT pg_snapshot_xmin(pg_current_snapshot())::text");
  if (!x) return x.error();
  std::string xmin = cell(*x, 0, 0);
  m_snapshotTxId = xmin.empty() ? Value() : Value(static_cast<std::int64_t>(std::stoll(xmin)));
  m_snapshotLsn = m_startLsn;
  auto tables = publishedTables();
  if (!tables) return tables.error();
  m_snapshotTables = *tables;
  for (std::uint32_t relid : m_snapshotTables)
    if (Status s = loadTable(relid); !s) return s;
  m_snapshotIndex = 0;
  m_copyActive = false;
  spdlog::info("source.postgres.cdc: snapshot of {} table(s) at {}", m_snapshotTables.size(),
               pgoutput::formatLsn(m_snapshotLsn));
  return {};
}

// ---- snapshot ----

void PostgresCdcSource::pollSnapshot(record::Batch& out, std::size_t maxRecords, runtime::PollResult& result) {
  auto fail = [&](Error e) {
    if (e.code != ErrorCode::Unavailable) {
      e.message = "initial snapshot: " + e.message;
      result.error = e;
      return;
    }
    // The server went away: take the snapshot again (the slot exists now, so
    // a plain one; changes since its consistent point may repeat, none is lost).
    const std::int64_t wait = m_backoff.next();
    spdlog::warn("source.postgres.cdc: initial snapshot interrupted ({}); taking it again in {} ms", e.message, wait);
    m_sql.close();
    m_copyActive = false;
    m_snapshotRestart = true;
    m_snapshotRetryAtMs = base::steadyMs() + wait;
    if (!out.empty()) result.resume.push_back({1, m_snapshotRow});
    result.waitMs = 100;
  };
  if (m_snapshotRestart) {
    if (base::steadyMs() < m_snapshotRetryAtMs) {
      result.waitMs = std::min<std::int64_t>(100, m_snapshotRetryAtMs - base::steadyMs());
      return;
    }
    Status s = m_sql.open(m_options.connection, false);
    if (s) s = beginSnapshot("");
    if (!s) return fail(s.error());
    m_snapshotRestart = false;
    m_backoff.reset();
  }
  std::int64_t deadline = base::steadyMs() + 80;
  PGconn* c = m_sql.get();
  while (out.size() < maxRecords) {
    if (!m_copyActive) {
      if (m_snapshotIndex >= m_snapshotTables.size()) {
        auto done = m_sql.exec("COMMIT", {}, PGRES_COMMAND_OK);
        if (!done) return fail(done.error());
        m_tail.finish(out);  // the final row, source.snapshot "last"
        spdlog::info("source.postgres.cdc: snapshot complete ({} rows); streaming from {}", m_snapshotRow,
                     pgoutput::formatLsn(m_startLsn));
        result.resume.push_back({1, kSnapshotDone});
        result.resume.push_back({0, static_cast<std::int64_t>(m_startLsn)});
        m_phase = Phase::Stream;
        return;
      }
      const TableInfo& t = m_tables[m_snapshotTables[m_snapshotIndex]];
      std::string sqlText = "COPY " + *sql::quoteTable(sql::Dialect::Postgres, {t.schema, t.name}) + " (";
      for (std::size_t i = 0; i < t.columns.size(); ++i)
        sqlText += (i ? ", " : "") + *sql::quoteIdent(sql::Dialect::Postgres, t.columns[i]);
      sqlText += ") TO STDOUT";
      auto r = m_sql.exec(sqlText, {}, PGRES_COPY_OUT);
      if (!r) return fail(r.error());
      m_copyActive = true;
    }
    const TableInfo& t = m_tables[m_snapshotTables[m_snapshotIndex]];
    char* buf = nullptr;
    int n = PQgetCopyData(c, &buf, 1);
    if (n == 0) {
      if (!out.empty() || base::steadyMs() >= deadline) break;
      pollfd pfd{PQsocket(c), POLLIN, 0};
      ::poll(&pfd, 1, static_cast<int>(std::max<std::int64_t>(1, deadline - base::steadyMs())));
      if (!PQconsumeInput(c)) return fail(m_sql.error(nullptr));
      continue;
    }
    if (n == -1) {  // this table is done
      PgResult end(PQgetResult(c));
      if (!end || PQresultStatus(end.get()) != PGRES_COMMAND_OK) return fail(m_sql.error(end.get()));
      while (PGresult* extra = PQgetResult(c)) PQclear(extra);
      m_copyActive = false;
      ++m_snapshotIndex;
      continue;
    }
    if (n < 0) return fail(m_sql.error(nullptr));
    std::string_view line(buf, static_cast<std::size_t>(n));
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    bool parsed = pgoutput::parseCopyTextLine(line, m_fields, m_scratch);
    if (!parsed || m_fields.size() != t.columns.size()) {
      PQfreemem(buf);
      return fail(makeError(ErrorCode::Internal, "unexpected COPY row from table " + t.schema + "." + t.name));
    }
    Value after = Value::makeObject(t.columns.size());
    Value key;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      Value v = m_fields[i].isNull ? Value() : pgoutput::textToValue(t.types[i], m_fields[i].text);
      if (t.key[i]) {
        if (key.isNull()) key = Value::makeObject(1);
        key.append(t.columns[i], v);
      }
      after.append(t.columns[i], std::move(v));
    }
    result.bytes += static_cast<std::uint64_t>(n);
    PQfreemem(buf);
    Value source = t.source;
    source.set("ts_ms", Value(base::wallMs()));
    source.set("snapshot", Value("true"));
    source.set("txId", m_snapshotTxId);
    source.set("lsn", Value(static_cast<std::int64_t>(m_snapshotLsn)));
    record::Record rec;
    rec.timestampMs = base::wallMs();
    rec.key = std::move(key);
    rec.value = dbz::makeEnvelope(dbz::Op::Read, Value(), std::move(after), std::move(source), rec.timestampMs);
    m_tail.push(std::move(rec), out);
    if (base::steadyMs() >= deadline) break;
  }
  if (!out.empty()) result.resume.push_back({1, m_snapshotRow});
}

// ---- streaming ----

Status PostgresCdcSource::startStreaming() {
  if (!m_repl.ok())
    if (Status s = m_repl.open(m_options.connection, true); !s) return s;
  auto slot = sql::quoteIdent(sql::Dialect::Postgres, m_options.slot);
  auto pub = sql::quoteIdent(sql::Dialect::Postgres, m_options.publication);
  if (!slot) return slot.error();
  if (!pub) return pub.error();
  auto pubLiteral = sql::quoteLiteral(sql::Dialect::Postgres, *pub);
  if (!pubLiteral) return pubLiteral.error();
  std::string cmd = "START_REPLICATION SLOT " + *slot + " LOGICAL " + pgoutput::formatLsn(m_startLsn) +
                    " (proto_version '1', publication_names " + *pubLiteral + ")";
  auto r = m_repl.exec(cmd, {}, PGRES_COPY_BOTH);
  if (!r) {
    Error e = r.error();
    e.message = "cannot start streaming from slot " + m_options.slot + ": " + e.message;
    return e;
  }
  if (PQsetnonblocking(m_repl.get(), 1) != 0)
    return makeError(ErrorCode::Internal, "cannot make the stream non-blocking");
  m_streaming = true;
  m_inTxn = false;
  m_lastStatusMs = 0;
  spdlog::info("source.postgres.cdc: streaming slot {} from {}", m_options.slot, pgoutput::formatLsn(m_startLsn));
  return {};
}

bool PostgresCdcSource::sendStatus(bool replyRequested) {
  std::uint64_t flushed = m_acked.load(std::memory_order_acquire);
  std::int64_t nowPg = base::wallMs() * 1000 - pgoutput::kPgEpochOffsetMicros;
  std::string msg =
      pgoutput::standbyStatusUpdate(std::max(m_received, flushed), flushed, flushed, nowPg, replyRequested);
  if (PQputCopyData(m_repl.get(), msg.data(), static_cast<int>(msg.size())) != 1) return false;
  if (PQflush(m_repl.get()) < 0) return false;
  m_confirmed = flushed;
  m_lastStatusMs = base::steadyMs();
  return true;
}

void PostgresCdcSource::lostStream(const std::string& why) {
  const std::int64_t wait = m_backoff.next();
  spdlog::warn("source.postgres.cdc: lost the replication stream of slot {} ({}); reconnecting in {} ms",
               m_options.slot, why, wait);
  // Resume after the last whole transaction emitted; skip what was emitted of a half one.
  m_startLsn = std::max(m_startLsn, m_lastResume);
  if (m_inTxn) {
    m_partialFinalLsn = m_txnFinalLsn;
    m_partialEmitted = m_txnEmitted;
  }
  m_inTxn = false;
  m_streaming = false;
  m_repl.close();
  m_reconnectAtMs = base::steadyMs() + wait;
}

Value PostgresCdcSource::rowValue(const TableInfo& t, const pgoutput::Tuple& tuple) const {
  Value row = Value::makeObject(t.columns.size());
  std::size_t n = std::min(tuple.size(), t.columns.size());
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    if (i >= n) {
      row.append(t.columns[i], Value());
      continue;
    }
    const pgoutput::TupleValue& v = tuple[i];
    switch (v.kind) {
      case 't':
        row.append(t.columns[i], pgoutput::textToValue(t.types[i], v.data));
        break;
      case 'b':
        row.append(t.columns[i], Value::bytes(std::string(v.data)));
        break;
      case 'u':
        row.append(t.columns[i], Value(pgoutput::kUnavailableValue));
        break;
      default:
        row.append(t.columns[i], Value());
    }
  }
  return row;
}

Value PostgresCdcSource::keyValue(const TableInfo& t, const pgoutput::Tuple& tuple) const {
  Value key;
  for (std::size_t i = 0; i < t.columns.size() && i < tuple.size(); ++i) {
    if (!t.key[i]) continue;
    if (key.isNull()) key = Value::makeObject(1);
    const pgoutput::TupleValue& v = tuple[i];
    key.append(t.columns[i], v.kind == 't' ? pgoutput::textToValue(t.types[i], v.data) : Value());
  }
  return key;
}

void PostgresCdcSource::emitChange(const TableInfo& t, dbz::Op op, Value key, Value before, Value after,
                                   std::uint64_t lsn, record::Batch& out) {
  ++m_txnEmitted;
  if (m_skip > 0) {  // already emitted before the connection was lost
    --m_skip;
    return;
  }
  std::int64_t commitMs = (m_txnCommitMicros + pgoutput::kPgEpochOffsetMicros) / 1000;
  Value source = t.source;
  source.set("ts_ms", Value(commitMs));
  source.set("txId", Value(static_cast<std::int64_t>(m_txnXid)));
  source.set("lsn", Value(static_cast<std::int64_t>(lsn)));
  record::Record rec;
  rec.timestampMs = commitMs;
  rec.key = std::move(key);
  rec.value = dbz::makeEnvelope(op, std::move(before), std::move(after), std::move(source), base::wallMs());
  rec.position = {0, static_cast<std::int64_t>(lsn)};
  out.push_back(std::move(rec));
  if (op == dbz::Op::Delete && m_options.tombstones) cdc::appendTombstone(out);
}

Status PostgresCdcSource::handleMessage(const pgoutput::XLogData& data, record::Batch& out, runtime::ErrorReporter&) {
  if (Status s = pgoutput::decode(data.payload, m_msg); !s) {
    Error e = s.error();
    e.where = where() + " at " + pgoutput::formatLsn(data.walStart);
    return e;
  }
  auto table = [&](std::uint32_t relid) -> const TableInfo* {
    auto it = m_tables.find(relid);
    return it == m_tables.end() ? nullptr : &it->second;
  };
  switch (m_msg.kind) {
    case 'B':
      m_inTxn = true;
      m_txnFinalLsn = m_msg.finalLsn;
      m_txnCommitMicros = m_msg.commitTime;
      m_txnXid = m_msg.xid;
      m_txnEmitted = 0;
      m_skip = m_partialFinalLsn && m_partialFinalLsn == m_msg.finalLsn ? m_partialEmitted : 0;
      m_partialFinalLsn = 0;
      m_partialEmitted = 0;
      return {};
    case 'C':
      m_inTxn = false;
      m_skip = 0;
      m_batchResume = m_msg.endLsn;
      return {};
    case 'R': {
      const pgoutput::Relation& rel = m_msg.relation;
      TableInfo t;
      auto old = m_tables.find(rel.oid);
      bool fullIdentity = rel.replicaIdentity == 'f';
      for (const auto& c : rel.columns) {
        t.columns.push_back(c.name);
        t.types.push_back(c.typeOid);
        t.key.push_back(c.key && !fullIdentity);
      }
      // With REPLICA IDENTITY FULL every column is flagged: take the primary key from the catalog.
      if (fullIdentity) {
        if (old != m_tables.end() && old->second.columns == t.columns) {
          t.key = old->second.key;
        } else if (m_sql.ok() || m_sql.open(m_options.connection, false).ok()) {
          auto pk = m_sql.exec(
              "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY "
              "(i.indkey) WHERE i.indrelid = $1::oid AND i.indisprimary",
              {std::to_string(rel.oid)});
          if (pk)
            for (int r = 0; r < PQntuples(pk->get()); ++r)
              for (std::size_t i = 0; i < t.columns.size(); ++i)
                if (t.columns[i] == cell(*pk, r, 0)) t.key[i] = true;
        }
      }
      t.schema = rel.schema;
      t.name = rel.name;
      rememberTable(rel.oid, std::move(t));
      return {};
    }
    case 'I': {
      const TableInfo* t = table(m_msg.relationOid);
      if (!t) break;
      emitChange(*t, dbz::Op::Create, keyValue(*t, m_msg.newTuple), Value(), rowValue(*t, m_msg.newTuple),
                 data.walStart, out);
      return {};
    }
    case 'U': {
      const TableInfo* t = table(m_msg.relationOid);
      if (!t) break;
      Value before = m_msg.oldKind ? rowValue(*t, m_msg.oldTuple) : Value();
      // An unchanged TOASTed column is not sent again; with REPLICA IDENTITY FULL the old row has it.
      if (m_msg.oldKind == 'O')
        for (std::size_t i = 0; i < m_msg.newTuple.size() && i < m_msg.oldTuple.size(); ++i)
          if (m_msg.newTuple[i].kind == 'u') m_msg.newTuple[i] = m_msg.oldTuple[i];
      emitChange(*t, dbz::Op::Update, keyValue(*t, m_msg.newTuple), std::move(before), rowValue(*t, m_msg.newTuple),
                 data.walStart, out);
      return {};
    }
    case 'D': {
      const TableInfo* t = table(m_msg.relationOid);
      if (!t) break;
      emitChange(*t, dbz::Op::Delete, keyValue(*t, m_msg.oldTuple), rowValue(*t, m_msg.oldTuple), Value(),
                 data.walStart, out);
      return {};
    }
    case 'T': {
      for (std::uint32_t relid : m_msg.relations) {
        const TableInfo* t = table(relid);
        if (!t)
          return makeError(ErrorCode::Internal,
                           "truncate of relation " + std::to_string(relid) + " that the stream never described",
                           where());
        emitChange(*t, dbz::Op::Truncate, Value(), Value(), Value(), data.walStart, out);
      }
      return {};
    }
    default:  // Origin, Type, logical messages: nothing to emit
      return {};
  }
  return makeError(ErrorCode::Internal,
                   "change of relation " + std::to_string(m_msg.relationOid) + " that the stream never described",
                   where() + " at " + pgoutput::formatLsn(data.walStart));
}

void PostgresCdcSource::pollStream(record::Batch& out, std::size_t maxRecords, runtime::PollResult& result,
                                   runtime::ErrorReporter& errors) {
  if (!m_streaming) {
    if (base::steadyMs() < m_reconnectAtMs) {
      result.waitMs = std::min<std::int64_t>(100, m_reconnectAtMs - base::steadyMs());
      return;
    }
    if (Status s = startStreaming(); !s) {
      if (s.error().code != ErrorCode::Unavailable) {
        result.error = s.error();
        return;
      }
      lostStream(s.error().message);
      result.waitMs = 100;
      return;
    }
  }
  PGconn* c = m_repl.get();
  std::int64_t deadline = base::steadyMs() + 100;
  m_batchResume = 0;
  std::uint64_t idleEnd = 0;  // a keepalive's WAL end while no transaction is open
  while (out.size() < maxRecords) {
    char* buf = nullptr;
    int n = PQgetCopyData(c, &buf, 1);
    if (n == 0) {
      if (!out.empty() || m_batchResume || base::steadyMs() >= deadline) break;
      if (m_acked.load(std::memory_order_acquire) > m_confirmed) break;  // confirm promptly
      pollfd pfd{PQsocket(c), POLLIN, 0};
      ::poll(&pfd, 1, static_cast<int>(std::max<std::int64_t>(1, deadline - base::steadyMs())));
      if (!PQconsumeInput(c)) {
        lostStream(oneLine(PQerrorMessage(c)));
        break;
      }
      continue;
    }
    if (n < 0) {
      std::string why = n == -1 ? "the server ended the stream" : oneLine(PQerrorMessage(c));
      if (n == -1) {
        PgResult end(PQgetResult(c));
        if (end && PQresultStatus(end.get()) == PGRES_FATAL_ERROR) why = oneLine(PQresultErrorMessage(end.get()));
      }
      lostStream(why);
      break;
    }
    std::string_view frame(buf, static_cast<std::size_t>(n));
    result.bytes += static_cast<std::uint64_t>(n);
    Status s = pgoutput::parseCopyFrame(frame, m_frame);
    if (s && m_frame.kind == 'w') {
      m_received = std::max(m_received, m_frame.data.walStart);
      s = handleMessage(m_frame.data, out, errors);
    } else if (s && m_frame.kind == 'k') {
      m_received = std::max(m_received, m_frame.keepalive.walEnd);
      if (!m_inTxn) idleEnd = m_frame.keepalive.walEnd;
      if (m_frame.keepalive.replyRequested && !sendStatus(false)) {
        PQfreemem(buf);
        lostStream(oneLine(PQerrorMessage(c)));
        break;
      }
    }
    PQfreemem(buf);
    if (!s) {
      result.error = s.error();
      return;
    }
    if (base::steadyMs() >= deadline) break;
  }
  if (m_batchResume > m_lastResume) {
    m_lastResume = m_batchResume;
  } else if (idleEnd > m_lastResume && !m_inTxn && out.empty()) {
    // Caught up: let the slot move past WAL that holds nothing for us.
    m_lastResume = idleEnd;
  }
  if (m_batchResume || (idleEnd && m_lastResume == idleEnd))
    result.resume.push_back({0, static_cast<std::int64_t>(m_lastResume)});
  if (m_streaming) {
    bool due = base::steadyMs() - m_lastStatusMs >= m_options.statusIntervalMs;
    if ((m_acked.load(std::memory_order_acquire) > m_confirmed || due) && !sendStatus(false))
      lostStream(oneLine(PQerrorMessage(c)));
  }
  if (m_streaming) m_backoff.reset();
}

runtime::PollResult PostgresCdcSource::poll(record::Batch& out, std::size_t maxRecords,
                                            runtime::ErrorReporter& errors) {
  runtime::PollResult result;
  if (m_phase == Phase::Snapshot) {
    pollSnapshot(out, maxRecords, result);
    return result;
  }
  pollStream(out, maxRecords, result, errors);
  return result;
}

nlohmann::json PostgresCdcSource::checkpointState(const runtime::PositionMap& committed) const {
  std::uint64_t lsn = m_restoredLsn.load();
  if (auto it = committed.find(0); it != committed.end() && it->second > 0)
    lsn = static_cast<std::uint64_t>(it->second);
  bool snapshotDone = m_snapshotCompleted.load();
  if (auto it = committed.find(1); it != committed.end() && it->second == kSnapshotDone) snapshotDone = true;
  // Only positions after the snapshot (which commits partition 0 with it) are confirmed to the server.
  if (snapshotDone && lsn > m_acked.load()) m_acked.store(lsn, std::memory_order_release);
  nlohmann::json j = {{"slot", m_options.slot}, {"snapshot_completed", snapshotDone}};
  if (lsn > 0) j["lsn"] = pgoutput::formatLsn(lsn);
  return j;
}

Result<Options> readPostgresCdcOptions(const runtime::NodeContext& ctx) {
  const nlohmann::json& c = ctx.config;
  Options o;
  runtime::NodeConfig config(c);
  auto connection = sql::readConnectionSettings(c);
  if (!connection) return connection.error();
  o.connection = std::move(*connection);
  o.connection.applicationName = "tributary:" + ctx.nodeId;
  o.slot = config.text("slot_name");
  o.publication = config.text("publication_name");
  if (Status s = config.status(); !s) return s.error();
  if (o.slot.empty()) return makeError(ErrorCode::Invalid, "\"slot_name\" must not be empty", "config.slot_name");
  if (o.publication.empty())
    return makeError(ErrorCode::Invalid, "\"publication_name\" must not be empty", "config.publication_name");
  // Slot names: lower-case letters, digits and underscores only (the server's rule).
  for (char ch : o.slot)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'))
      return makeError(ErrorCode::Invalid,
                       "slot_name \"" + o.slot + "\" may only contain lower-case letters, digits and underscores",
                       "config.slot_name");
  if (c.contains("tables") && c["tables"].is_array()) {
    for (const auto& t : c["tables"]) {
      if (!t.is_string() || t.get<std::string>().empty()) continue;
      auto parsed = sql::parseTableName(t.get<std::string>());
      if (!parsed) return makeError(ErrorCode::Invalid, parsed.error().message, "config.tables");
      o.tables.push_back(*parsed);
      o.tableTexts.push_back(t.get<std::string>());
    }
  }
  auto mode = cdc::readSnapshotMode(c);
  if (!mode) return mode.error();
  o.snapshotMode = *mode;
  o.serverName = config.optionalText("server_name");
  if (o.serverName.empty()) o.serverName = ctx.nodeId;
  o.statusIntervalMs = config.durationMs("status_interval");
  if (Status s = config.status(); !s) return s.error();
  o.tombstones = cdc::readTombstones(c);
  return o;
}

}  // namespace

void registerPostgresCdcSource(runtime::FactoryRegistry& registry) {
  using model::FieldSpec;
  using model::FieldType;
  runtime::NodeFactory f;
  model::NodeSpec& s = f.spec;
  s.type = "source.postgres.cdc";
  s.category = model::NodeCategory::Source;
  s.title = "PostgreSQL CDC";
  s.icon = "database";
  s.help =
      "Change data capture by logical replication (pgoutput), like Debezium's PostgreSQL connector: a snapshot of "
      "the tables (op r), then every insert, update, delete and truncate as a Debezium envelope, keyed by the "
      "primary key. Needs wal_level=logical and the REPLICATION privilege; creates the publication and slot. The "
      "slot advances only once sinks have acknowledged, so restarts lose nothing. A slot keeps WAL while the "
      "pipeline is stopped: drop it (pg_drop_replication_slot) when retiring the pipeline.";
  s.outputs = {{"out", model::PortKind::Changes, {}, true}};
  sql::addConnectionFields(s.fields, sql::Dialect::Postgres);
  FieldSpec tables;
  tables.name = "tables";
  tables.type = FieldType::List;
  tables.defaultValue = nlohmann::json::array();
  tables.help =
      "Tables to capture (\"name\" or \"schema.name\"). Empty: every table (the publication is created FOR ALL "
      "TABLES, which needs a superuser).";
  s.fields.push_back(tables);
  s.fields.push_back(cdc::snapshotModeField("the checkpointed position is gone (the slot was dropped)"));
  FieldSpec slot;
  slot.name = "slot_name";
  slot.defaultValue = "tributary";
  slot.help = "The logical replication slot (lower-case letters, digits, _). One per pipeline source.";
  s.fields.push_back(slot);
  FieldSpec pub;
  pub.name = "publication_name";
  pub.defaultValue = "tributary";
  pub.help = "The publication to read; created for the tables when it does not exist.";
  s.fields.push_back(pub);
  FieldSpec server;
  server.name = "server_name";
  server.help = "The logical server name in each event's source.name (Debezium's topic.prefix). Empty: the node id.";
  server.advanced = true;
  s.fields.push_back(server);
  FieldSpec status;
  status.name = "status_interval";
  status.type = FieldType::Duration;
  status.defaultValue = "10s";
  status.min = 100;
  status.advanced = true;
  status.help = "How often to send the server a status update (keep-alive) even when nothing changed.";
  s.fields.push_back(status);
  s.fields.push_back(cdc::tombstonesField());
  f.source = [](const runtime::NodeContext& ctx) -> Result<std::unique_ptr<runtime::Source>> {
    auto options = readPostgresCdcOptions(ctx);
    if (!options) return options.error();
    return std::unique_ptr<runtime::Source>(std::make_unique<PostgresCdcSource>(std::move(*options)));
  };
  registry.add(std::move(f));
}

}  // namespace tributary::connectors
