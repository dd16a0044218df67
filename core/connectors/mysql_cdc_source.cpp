// source.mysql.cdc: change data capture from a MySQL / MariaDB binary log, in
// the manner of Debezium's MySQL connector. MariaDB Connector/C connects (a
// control connection for checks, schema and the snapshot; a replication
// connection for the binlog stream, via mariadb_rpl); binlog_decoder.h turns
// the events into rows.
//
//   1. Checks: log_bin ON, binlog_format ROW, binlog_row_image FULL, the user
//      holds REPLICATION SLAVE and REPLICATION CLIENT (BINLOG MONITOR).
//   2. Snapshot (snapshot_mode initial / when_needed, no usable checkpoint):
//      START TRANSACTION WITH CONSISTENT SNAPSHOT, then the binlog position of
//      exactly that snapshot. On MariaDB that is the status variables
//      binlog_snapshot_file / binlog_snapshot_position, which the server
//      fixes atomically with the snapshot — no global read lock, no RELOAD
//      privilege, writers never wait. On servers without them (MySQL) the
//      source falls back to what Debezium does: FLUSH TABLES WITH READ LOCK,
//      START TRANSACTION WITH CONSISTENT SNAPSHOT, SHOW MASTER STATUS, UNLOCK
//      TABLES (needs RELOAD; blocks writers for the moment it takes). Every
//      included table is then read inside that one transaction (op "r").
//   3. Streaming from the snapshot's (or the checkpoint's) file and position:
//      ROTATE follows the files, GTID events give source.gtid, each row of
//      WRITE/UPDATE/DELETE_ROWS becomes an envelope (op c/u/d) with column
//      names from information_schema.
//   4. A position (file, pos, gtid) becomes resumable only at a transaction
//      end (XID, COMMIT, or a standalone GTID group such as DDL), and is
//      checkpointed only once the sinks acknowledged every record before it.
//      A lost connection (server restart) is re-opened from the last
//      transaction end, so a transaction cut in half is read again whole
//      (at-least-once).
//
// Threads: the engine gives the source a thread of its own (blocking());
// open/poll/close run there. checkpointState runs on the supervisor thread
// and only touches m_mutex-guarded state.
#include <mysql.h>
#include <mysqld_error.h>
#include <errmsg.h>
#include <mariadb_rpl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "core/connectors/binlog_decoder.h"
#include "core/base/clock.h"
#include "core/connectors/binlog_query_tables.h"
#include "core/connectors/cdc_common.h"
#include "core/connectors/registration.h"
#include "core/connectors/sql_common.h"
#include "core/runtime/node_config.h"
#include "core/record/debezium.h"
#include "core/base/units.h"

namespace tributary::connectors {

using record::Value;
namespace dbz = record::debezium;

namespace {

using cdc::SnapshotMode;

struct TableRef {
  std::string db;
  std::string table;  // "*": every table of db
};

struct CdcOptions {
  sql::ConnectionSettings connection;
  std::string host = "127.0.0.1";
  unsigned port = 3306;
  std::vector<TableRef> tables;  // empty: every table outside the system databases
  SnapshotMode snapshot = SnapshotMode::Initial;
  std::uint32_t serverId = 0;
  std::string serverName;
  std::int64_t heartbeatMs = 100;
  bool tombstones = true;
};

// One row of a text-protocol result: nullopt for SQL NULL.
using TextRow = std::vector<std::optional<std::string>>;

bool isSystemDb(std::string_view db) {
  return db == "mysql" || db == "information_schema" || db == "performance_schema" || db == "sys";
}

// "enum('a','it''s')" -> {"a", "it's"}
std::vector<std::string> parseElements(std::string_view columnType) {
  std::vector<std::string> out;
  auto open = columnType.find('(');
  if (open == std::string_view::npos) return out;
  std::size_t i = open + 1;
  while (i < columnType.size() && columnType[i] == '\'') {
    std::string item;
    ++i;
    while (i < columnType.size()) {
      if (columnType[i] == '\'' && i + 1 < columnType.size() && columnType[i + 1] == '\'') {
        item.push_back('\'');
        i += 2;
      } else if (columnType[i] == '\\' && i + 1 < columnType.size()) {
        item.push_back(columnType[i + 1]);
        i += 2;
      } else if (columnType[i] == '\'') {
        ++i;
        break;
      } else {
        item.push_back(columnType[i++]);
      }
    }
    out.push_back(std::move(item));
    if (i < columnType.size() && columnType[i] == ',') ++i;
  }
  return out;
}

// A MariaDB Connector/C session (text protocol). Used by one thread.
class Connection {
 public:
  ~Connection() { close(); }
  Status open(const CdcOptions& o, unsigned readTimeoutS) {
    close();
    m_mysql = mysql_init(nullptr);
    if (!m_mysql) return makeError(ErrorCode::Internal, "mysql_init failed");
    unsigned connectTimeout = static_cast<unsigned>(std::max<std::int64_t>(1, o.connection.connectTimeoutMs / 1000));
    mysql_optionsv(m_mysql, MYSQL_OPT_CONNECT_TIMEOUT, &connectTimeout);
    mysql_optionsv(m_mysql, MYSQL_OPT_READ_TIMEOUT, &readTimeoutS);
    mysql_optionsv(m_mysql, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    if (!mysql_real_connect(m_mysql, o.host.c_str(), o.connection.user.c_str(), o.connection.password.c_str(), nullptr,
                            o.port, nullptr, 0)) {
      Error e = error("connecting to " + o.host + ":" + std::to_string(o.port));
      close();
      return e;
    }
    return {};
  }
  void close() {
    if (m_mysql) mysql_close(m_mysql);
    m_mysql = nullptr;
  }
  bool isOpen() const { return m_mysql != nullptr; }
  MYSQL* handle() { return m_mysql; }

  Error error(const std::string& what) const {
    unsigned no = m_mysql ? mysql_errno(m_mysql) : 0;
    std::string msg = m_mysql ? mysql_error(m_mysql) : "no connection";
    bool transient = no == CR_SERVER_GONE_ERROR || no == CR_SERVER_LOST || no == CR_CONN_HOST_ERROR ||
                     no == CR_CONNECTION_ERROR || no == ER_SERVER_SHUTDOWN || no == CR_UNKNOWN_HOST ||
                     no == ER_CON_COUNT_ERROR || no == 0;
    return makeError(transient ? ErrorCode::Unavailable : ErrorCode::Invalid, what + ": " + msg);
  }
  unsigned errorNumber() const { return m_mysql ? mysql_errno(m_mysql) : 0; }

  Status exec(const std::string& sql) {
    if (!m_mysql) return makeError(ErrorCode::Unavailable, "not connected");
    if (mysql_real_query(m_mysql, sql.data(), sql.size()) != 0) return error(sql);
    if (MYSQL_RES* res = mysql_store_result(m_mysql)) mysql_free_result(res);
    return {};
  }
  Result<std::vector<TextRow>> query(const std::string& sql) {
    if (!m_mysql) return makeError(ErrorCode::Unavailable, "not connected");
    if (mysql_real_query(m_mysql, sql.data(), sql.size()) != 0) return error(sql);
    MYSQL_RES* res = mysql_store_result(m_mysql);
    std::vector<TextRow> rows;
    if (!res) {
      if (mysql_field_count(m_mysql) != 0) return error(sql);
      return rows;
    }
    unsigned n = mysql_num_fields(res);
    while (MYSQL_ROW row = mysql_fetch_row(res)) {
      unsigned long* lengths = mysql_fetch_lengths(res);
      TextRow r(n);
      for (unsigned i = 0; i < n; ++i)
        if (row[i]) r[i] = std::string(row[i], lengths[i]);
      rows.push_back(std::move(r));
    }
    mysql_free_result(res);
    return rows;
  }
  // The first column of the first row, or "" when there is none.
  Result<std::string> scalar(const std::string& sql) {
    auto rows = query(sql);
    if (!rows) return rows.error();
    if (rows->empty() || rows->front().empty() || !rows->front()[0]) return std::string();
    return *rows->front()[0];
  }

 private:
  MYSQL* m_mysql = nullptr;
};

struct TableSchema {
  std::vector<binlog::ColumnInfo> columns;
  std::vector<std::string> key;  // primary key columns in key order
  std::vector<std::size_t> keyIndex;
};

// A committed-or-not resume mark: what checkpointState() returns for a sequence number.
struct Mark {
  bool snapshotDone = false;
  std::string file;
  std::uint64_t pos = 0;
  std::string gtid;
};

class MySqlCdcSource final : public runtime::Source, private binlog::SchemaLookup {
 public:
  explicit MySqlCdcSource(CdcOptions options)
      : m_options(std::move(options)), m_tail([this](record::Record& r) { r.position = {0, m_seq + 1}; }) {
    m_decoder.setTableFilter([this](std::string_view db, std::string_view table) { return included(db, table); });
  }
  ~MySqlCdcSource() override { close(); }

  bool blocking() const override { return true; }

  Status open(const nlohmann::json& checkpoint, runtime::ErrorReporter&) override {
    if (checkpoint.is_object()) {
      m_restored = checkpoint;
      m_seq = checkpoint.value("seq", std::int64_t{0});
    }
    if (Status s = m_control.open(m_options, 60); !s) return s;
    if (Status s = checkPrerequisites(); !s) return s;
    bool resumable = checkpoint.is_object() && checkpoint.value("snapshot_done", false) &&
                     !checkpoint.value("file", std::string()).empty();
    if (resumable) {
      m_file = checkpoint.value("file", std::string());
      m_pos = checkpoint.value("pos", std::uint64_t{4});
      m_gtid = checkpoint.value("gtid", std::string());
      auto purged = isPurged(m_file);
      if (!purged) return purged.error();
      if (*purged) {
        if (m_options.snapshot != SnapshotMode::WhenNeeded)
          return makeError(ErrorCode::NotFound, "binlog file " + m_file +
                                                    " was purged; take a new snapshot (snapshot mode when_needed)");
        spdlog::warn("source.mysql.cdc: binlog file {} was purged; taking a new snapshot", m_file);
        resumable = false;
      }
    }
    if (resumable) {
      m_phase = Phase::Streaming;
      m_lastCommit = {true, m_file, m_pos, m_gtid};
      spdlog::info("source.mysql.cdc: resuming at {}:{} (gtid {})", m_file, m_pos, m_gtid.empty() ? "-" : m_gtid);
      return {};
    }
    if (m_options.snapshot == SnapshotMode::Never) {
      auto status = m_control.query("SHOW MASTER STATUS");
      if (!status) return status.error();
      if (status->empty() || !(*status)[0][0]) return makeError(ErrorCode::Invalid, "SHOW MASTER STATUS returned nothing");
      m_file = *(*status)[0][0];
      m_pos = std::stoull((*status)[0][1].value_or("4"));
      auto gtid = m_control.scalar("SELECT @@gtid_binlog_pos");
      m_gtid = gtid ? *gtid : std::string();
      m_phase = Phase::Streaming;
      m_lastCommit = {true, m_file, m_pos, m_gtid};
      // Nothing to acknowledge yet: record the start so a restart begins here too.
      std::lock_guard lock(m_mutex);
      m_marks[++m_seq] = m_lastCommit;
      m_pendingResume = m_seq;
      return {};
    }
    return startSnapshot();
  }

  runtime::PollResult poll(record::Batch& out, std::size_t maxRecords, runtime::ErrorReporter&) override {
    runtime::PollResult result;
    out.reserve(std::min<std::size_t>(maxRecords, 4096));
    if (m_pendingResume) {
      result.resume.push_back({0, *m_pendingResume});
      m_pendingResume.reset();
    }
    if (m_phase == Phase::Snapshot) {
      if (Status s = pollSnapshot(out, maxRecords, result); !s) {
        if (s.error().code == ErrorCode::Unavailable) {
          // The snapshot transaction is gone with the connection: start it again.
          spdlog::warn("source.mysql.cdc: snapshot interrupted ({}); starting it again", s.error().message);
          dropSnapshotResult();
          m_control.close();
          m_retryAtMs = base::steadyMs() + m_backoff.next();
          m_phase = Phase::SnapshotRestart;
          result.waitMs = 100;
        } else {
          result.error = s.error();
        }
      }
      return result;
    }
    if (m_phase == Phase::SnapshotRestart) {
      if (base::steadyMs() < m_retryAtMs) {
        result.waitMs = 100;
        return result;
      }
      if (Status s = m_control.open(m_options, 60); !s) {
        m_retryAtMs = base::steadyMs() + m_backoff.next();
        result.waitMs = 100;
        return result;
      }
      if (Status s = startSnapshot(); !s) {
        if (s.error().code == ErrorCode::Unavailable) {
          m_control.close();
          m_retryAtMs = base::steadyMs() + m_backoff.next();
          result.waitMs = 100;
        } else {
          result.error = s.error();
        }
      }
      return result;
    }
    pollStream(out, maxRecords, result);
    return result;
  }

  nlohmann::json checkpointState(const runtime::PositionMap& committed) const override {
    std::lock_guard lock(m_mutex);
    auto it = committed.find(0);
    if (it == committed.end()) return m_restored;
    auto m = m_marks.upper_bound(it->second);
    if (m == m_marks.begin()) return m_restored;
    --m;
    nlohmann::json j = nlohmann::json::object();
    j["seq"] = m->first;
    j["snapshot_done"] = m->second.snapshotDone;
    if (m->second.snapshotDone) {
      j["file"] = m->second.file;
      j["pos"] = m->second.pos;
      j["gtid"] = m->second.gtid;
    }
    m_marks.erase(m_marks.begin(), m);
    return j;
  }

  void close() override {
    closeStream();
    dropSnapshotResult();
    m_control.close();
  }

 private:
  enum class Phase { Snapshot, SnapshotRestart, Streaming };

  bool included(std::string_view db, std::string_view table) const {
    if (m_options.tables.empty()) return !isSystemDb(db);
    for (const TableRef& t : m_options.tables)
      if (t.db == db && (t.table == "*" || t.table == table)) return true;
    return false;
  }

  Status checkPrerequisites() {
    // The global values: what the applications' sessions write with.
    auto vars = m_control.query(
        "SELECT @@GLOBAL.log_bin, @@GLOBAL.binlog_format, @@GLOBAL.binlog_row_image, @@GLOBAL.server_id");
    if (!vars) return vars.error();
    const TextRow& v = vars->at(0);
    if (v[0].value_or("0") != "1")
      return makeError(ErrorCode::Invalid, "log_bin is OFF; start the server with --log-bin and --binlog-format=ROW");
    if (v[1].value_or("") != "ROW")
      return makeError(ErrorCode::Invalid, "binlog_format is " + v[1].value_or("unset") +
                                               "; set binlog_format=ROW (start the server with --binlog-format=ROW, "
                                               "or SET GLOBAL binlog_format=ROW)");
    if (v[2].value_or("") != "FULL")
      return makeError(ErrorCode::Invalid, "binlog_row_image is " + v[2].value_or("unset") +
                                               "; set binlog_row_image=FULL so updates and deletes carry whole rows");
    auto grants = m_control.query("SHOW GRANTS FOR CURRENT_USER()");
    if (!grants) return grants.error();
    auto user = m_control.scalar("SELECT CURRENT_USER()");
    std::string who = user ? *user : std::string("the user");
    bool all = false, slave = false, client = false;
    for (const TextRow& row : *grants) {
      if (row.empty() || !row[0]) continue;
      const std::string& g = *row[0];
      if (g.find(" ON *.*") == std::string::npos) continue;
      std::string head = g.substr(0, g.find(" ON *.*"));
      if (head.find("ALL PRIVILEGES") != std::string::npos) all = true;
      if (head.find("REPLICATION SLAVE") != std::string::npos) slave = true;
      if (head.find("REPLICATION CLIENT") != std::string::npos || head.find("BINLOG MONITOR") != std::string::npos)
        client = true;
    }
    std::string grantee = "'" + who.substr(0, who.find('@')) + "'@'" +
                          (who.find('@') == std::string::npos ? std::string("%") : who.substr(who.find('@') + 1)) + "'";
    if (!all && !slave)
      return makeError(ErrorCode::Invalid, "the user lacks REPLICATION SLAVE; grant it with GRANT REPLICATION SLAVE, "
                                           "REPLICATION CLIENT ON *.* TO " + grantee);
    if (!all && !client)
      return makeError(ErrorCode::Invalid, "the user lacks REPLICATION CLIENT; grant it with GRANT REPLICATION "
                                           "CLIENT ON *.* TO " + grantee);
    if (v[3]) m_serverId = static_cast<std::uint32_t>(std::stoul(*v[3]));
    return {};
  }

  Result<bool> isPurged(const std::string& file) {
    auto logs = m_control.query("SHOW BINARY LOGS");
    if (!logs) return logs.error();
    for (const TextRow& row : *logs)
      if (!row.empty() && row[0] && *row[0] == file) return false;
    return true;
  }

  // ---- schema (information_schema), for names, signedness, ENUM/SET elements and keys ----

  Result<const TableSchema*> loadSchema(const std::string& db, const std::string& table) {
    auto quotedDb = sql::quoteLiteral(sql::Dialect::MySql, db);
    if (!quotedDb) return quotedDb.error();
    auto quotedTable = sql::quoteLiteral(sql::Dialect::MySql, table);
    if (!quotedTable) return quotedTable.error();
    std::string where = "TABLE_SCHEMA = " + *quotedDb + " AND TABLE_NAME = " + *quotedTable;
    auto cols = m_control.query(
        "SELECT COLUMN_NAME, COLUMN_TYPE, DATA_TYPE, CHARACTER_SET_NAME FROM information_schema.COLUMNS WHERE " +
        where + " ORDER BY ORDINAL_POSITION");
    if (!cols) return cols.error();
    auto keys = m_control.query("SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE " + where +
                                " AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX");
    if (!keys) return keys.error();
    TableSchema s;
    for (const TextRow& row : *cols) {
      binlog::ColumnInfo c;
      c.name = row[0].value_or("");
      std::string columnType = row[1].value_or("");
      std::string dataType = row[2].value_or("");
      c.isUnsigned = columnType.find("unsigned") != std::string::npos;
      if (dataType == "enum" || dataType == "set") c.elements = parseElements(columnType);
      c.binary = !row[3] && (dataType == "binary" || dataType == "varbinary" || dataType.find("blob") != std::string::npos);
      c.latin1 = row[3] && *row[3] == "latin1";
      s.columns.push_back(std::move(c));
    }
    for (const TextRow& row : *keys) {
      std::string name = row[0].value_or("");
      for (std::size_t i = 0; i < s.columns.size(); ++i)
        if (s.columns[i].name == name) {
          s.key.push_back(name);
          s.keyIndex.push_back(i);
        }
    }
    auto& slot = m_schemas[db + "." + table];
    slot = std::move(s);
    return &slot;
  }

  const TableSchema* schemaFor(const std::string& db, const std::string& table, std::size_t columns) {
    auto it = m_schemas.find(db + "." + table);
    if (it != m_schemas.end() && it->second.columns.size() == columns) return &it->second;
    if (!m_control.isOpen() && !m_control.open(m_options, 60)) return nullptr;
    auto loaded = loadSchema(db, table);
    if (!loaded) {
      spdlog::warn("source.mysql.cdc: cannot read the columns of {}.{}: {}", db, table, loaded.error().message);
      m_control.close();
      return nullptr;
    }
    if ((*loaded)->columns.size() != columns) {
      spdlog::warn("source.mysql.cdc: {}.{} has {} columns now but {} in the binlog (changed since); positional names",
                   db, table, (*loaded)->columns.size(), columns);
      return nullptr;
    }
    return *loaded;
  }

  const std::vector<binlog::ColumnInfo>* columns(const binlog::TableMap& t) override {
    const TableSchema* s = schemaFor(t.db, t.table, t.types.size());
    return s ? &s->columns : nullptr;
  }

  // ---- snapshot ----

  Status startSnapshot() {
    m_snapshotTables.clear();
    m_tail.clear();
    if (Status s = m_control.exec("SET SESSION time_zone = '+00:00'"); !s) return s;
    if (Status s = m_control.exec("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ"); !s) return s;
    // Rows are fetched as the pipeline takes them (mysql_use_result): a slow sink must not
    // make the server drop the connection mid-table (net_write_timeout is 60 s by default).
    if (Status s = m_control.exec("SET SESSION net_write_timeout = 86400"); !s) return s;
    // The tables first (information_schema reads are not part of the snapshot anyway).
    auto tables = m_control.query(
        "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE' "
        "ORDER BY TABLE_SCHEMA, TABLE_NAME");
    if (!tables) return tables.error();
    for (const TextRow& row : *tables) {
      std::string db = row[0].value_or(""), name = row[1].value_or("");
      if (included(db, name)) m_snapshotTables.push_back({db, name});
    }
    for (const TableRef& t : m_options.tables)
      if (t.table != "*" && std::none_of(m_snapshotTables.begin(), m_snapshotTables.end(), [&](const TableRef& s) {
            return s.db == t.db && s.table == t.table;
          }))
        spdlog::warn("source.mysql.cdc: table {}.{} does not exist (yet); it is streamed once created", t.db, t.table);
    for (const TableRef& t : m_snapshotTables) {
      auto s = loadSchema(t.db, t.table);
      if (!s) return s.error();
    }
    if (Status s = m_control.exec("START TRANSACTION WITH CONSISTENT SNAPSHOT"); !s) return s;
    // MariaDB: the binlog position of exactly this snapshot, without a global lock.
    auto status = m_control.query("SHOW STATUS LIKE 'binlog_snapshot_%'");
    if (!status) return status.error();
    std::string file;
    std::uint64_t pos = 0;
    for (const TextRow& row : *status) {
      if (row.size() < 2 || !row[0]) continue;
      std::string name = *row[0];  // "Binlog_snapshot_file"
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
      if (name == "binlog_snapshot_file") file = row[1].value_or("");
      if (name == "binlog_snapshot_position") pos = std::stoull(row[1].value_or("0"));
    }
    if (!file.empty()) spdlog::info("source.mysql.cdc: consistent snapshot at {}:{} (no global read lock)", file, pos);
    std::string gtid;
    if (!file.empty()) {
      // The GTID position that file:pos stands for (MariaDB's BINLOG_GTID_POS), for source.gtid and the checkpoint.
      auto quotedFile = sql::quoteLiteral(sql::Dialect::MySql, file);
      if (!quotedFile) return quotedFile.error();
      auto g = m_control.scalar("SELECT BINLOG_GTID_POS(" + *quotedFile + ", " + std::to_string(pos) + ")");
      if (g) gtid = *g;
    }
    if (file.empty()) {
      // MySQL: hold a global read lock while the transaction and position are taken.
      spdlog::info("source.mysql.cdc: no binlog_snapshot_* status; taking the position under FLUSH TABLES WITH READ LOCK");
      (void)m_control.exec("ROLLBACK");  // the MariaDB attempt; nothing was read in it
      if (Status s = m_control.exec("FLUSH TABLES WITH READ LOCK"); !s) return s;
      Status s = m_control.exec("START TRANSACTION WITH CONSISTENT SNAPSHOT");
      auto master = s ? m_control.query("SHOW MASTER STATUS") : Result<std::vector<TextRow>>(s.error());
      (void)m_control.exec("UNLOCK TABLES");  // also released when the connection ends
      if (!master) return master.error();
      if (master->empty() || !(*master)[0][0]) return makeError(ErrorCode::Invalid, "SHOW MASTER STATUS returned nothing");
      file = *(*master)[0][0];
      pos = std::stoull((*master)[0][1].value_or("4"));
      if ((*master)[0].size() > 4 && (*master)[0][4]) gtid = *(*master)[0][4];
    }
    m_file = file;
    m_pos = pos;
    m_gtid = gtid;
    m_snapshotIndex = 0;
    m_snapshotRows = 0;
    m_phase = Phase::Snapshot;
    spdlog::info("source.mysql.cdc: snapshot of {} tables at binlog {}:{}", m_snapshotTables.size(), file, pos);
    return {};
  }

  // Frees an unfinished snapshot read. Freeing an unbuffered result reads the
  // rest of the table first; cancelling the connection (shutting its socket)
  // makes that stop at once — the connection is unusable afterwards anyway.
  void dropSnapshotResult() {
    if (!m_snapshotResult) return;
    if (!mysql_eof(m_snapshotResult) && m_control.isOpen()) mariadb_cancel(m_control.handle());
    mysql_free_result(m_snapshotResult);
    m_snapshotResult = nullptr;
  }

  Status pollSnapshot(record::Batch& out, std::size_t maxRecords, runtime::PollResult& result) {
    std::int64_t deadline = base::steadyMs() + 80;
    while (out.size() < maxRecords) {
      if (!m_snapshotResult) {
        if (m_snapshotIndex >= m_snapshotTables.size()) return finishSnapshot(out, result);
        const TableRef& t = m_snapshotTables[m_snapshotIndex];
        auto quoted = sql::quoteTable(sql::Dialect::MySql, sql::TableName{t.db, t.table});
        if (!quoted) return quoted.error();
        std::string sql = "SELECT * FROM " + *quoted;
        if (mysql_real_query(m_control.handle(), sql.data(), sql.size()) != 0) {
          if (m_control.errorNumber() == ER_NO_SUCH_TABLE) {  // dropped since the list was made
            ++m_snapshotIndex;
            continue;
          }
          return m_control.error(sql);
        }
        m_snapshotResult = mysql_use_result(m_control.handle());
        if (!m_snapshotResult) return m_control.error(sql);
        m_snapshotSchema = &m_schemas[t.db + "." + t.table];
        m_snapshotSource = sourceBlock(t.db, t.table, "true", base::wallMs(), 0, 0);
      }
      const TableRef& t = m_snapshotTables[m_snapshotIndex];
      unsigned n = mysql_num_fields(m_snapshotResult);
      MYSQL_FIELD* fields = mysql_fetch_fields(m_snapshotResult);
      bool ended = false;
      while (out.size() < maxRecords) {
        MYSQL_ROW row = mysql_fetch_row(m_snapshotResult);
        if (!row) {
          ended = true;
          break;
        }
        unsigned long* lengths = mysql_fetch_lengths(m_snapshotResult);
        Value after = Value::makeObject(n);
        for (unsigned i = 0; i < n; ++i) {
          const binlog::ColumnInfo* info =
              i < m_snapshotSchema->columns.size() ? &m_snapshotSchema->columns[i] : nullptr;
          Value v;
          if (row[i])
            v = binlog::mySqlTextValue(static_cast<std::uint8_t>(fields[i].type), (fields[i].flags & UNSIGNED_FLAG) != 0,
                                       fields[i].charsetnr == 63, static_cast<std::uint32_t>(fields[i].length), info,
                                       std::string_view(row[i], lengths[i]));
          after.append(fields[i].name, std::move(v));
          result.bytes += lengths[i];
        }
        ++m_snapshotRows;
        record::Record rec;
        rec.key = keyOf(*m_snapshotSchema, after);
        rec.timestampMs = base::wallMs();
        rec.value = dbz::makeEnvelope(dbz::Op::Read, Value(), std::move(after), m_snapshotSource, rec.timestampMs);
        m_tail.push(std::move(rec), out);
        if ((m_snapshotRows & 1023) == 0 && base::steadyMs() > deadline) break;
      }
      if (!ended) break;
      if (mysql_errno(m_control.handle()) != 0) {
        Error e = m_control.error("reading " + t.db + "." + t.table);
        mysql_free_result(m_snapshotResult);
        m_snapshotResult = nullptr;
        return e;
      }
      mysql_free_result(m_snapshotResult);
      m_snapshotResult = nullptr;
      ++m_snapshotIndex;
      if (base::steadyMs() > deadline) break;
    }
    if (!out.empty()) {
      // Resuming inside a snapshot means taking it again: these batches map to "not done".
      std::lock_guard lock(m_mutex);
      m_marks[++m_seq] = Mark{};
      result.resume.push_back({0, m_seq});
    }
    return {};
  }

  Status finishSnapshot(record::Batch& out, runtime::PollResult& result) {
    m_tail.finish(out);  // the final row, source.snapshot "last"
    if (Status s = m_control.exec("COMMIT"); !s)  // read-only: nothing is lost
      spdlog::warn("source.mysql.cdc: ending the snapshot transaction: {}", s.error().message);
    spdlog::info("source.mysql.cdc: snapshot done ({} rows); streaming from {}:{}", m_snapshotRows, m_file, m_pos);
    m_phase = Phase::Streaming;
    m_lastCommit = {true, m_file, m_pos, m_gtid};
    std::lock_guard lock(m_mutex);
    m_marks[++m_seq] = m_lastCommit;
    result.resume.push_back({0, m_seq});
    return {};
  }

  Value keyOf(const TableSchema& s, const Value& row) const {
    if (s.key.empty() || row.type() != record::ValueType::Object) return Value();
    Value key = Value::makeObject(s.key.size());
    for (const std::string& k : s.key) {
      const Value* v = row.find(k);
      key.append(k, v ? *v : Value());
    }
    return key;
  }

  Value sourceBlock(const std::string& db, const std::string& table, const char* snapshot, std::int64_t tsMs,
                    std::uint32_t serverId, std::uint64_t pos, std::int64_t row = 0) const {
    dbz::SourceInfo info;
    info.connector = "mysql";
    info.name = m_options.serverName;
    info.tsMs = tsMs;
    info.snapshot = snapshot;
    info.db = db;
    info.table = table;
    Value extra = Value::makeObject(6);
    extra.append("server_id", Value(static_cast<std::int64_t>(serverId ? serverId : m_serverId)));
    extra.append("gtid", m_gtid.empty() ? Value() : Value(m_gtid));
    extra.append("file", Value(m_file));
    extra.append("pos", Value(static_cast<std::int64_t>(pos ? pos : m_pos)));
    extra.append("row", Value(row));
    info.extra = std::move(extra);
    return dbz::makeSource(info);
  }

  // ---- streaming ----

  void closeStream() {
    if (m_rpl) {
      if (m_event) mariadb_free_rpl_event(m_event);
      m_event = nullptr;
      mariadb_rpl_close(m_rpl);
      m_rpl = nullptr;
    }
    m_stream.close();
    m_decoder.reset();
    m_inTransaction = false;
    m_standalonePending = false;
  }

  Status openStream() {
    closeStream();
    if (Status s = m_stream.open(m_options, 30); !s) return s;
    std::int64_t heartbeatNs = m_options.heartbeatMs * 1000000;
    for (const std::string& sql :
         {std::string("SET @master_binlog_checksum = @@global.binlog_checksum"),
          std::string("SET @mariadb_slave_capability = 4"),
          "SET @master_heartbeat_period = " + std::to_string(heartbeatNs)})
      if (Status s = m_stream.exec(sql); !s) return s;
    m_rpl = mariadb_rpl_init(m_stream.handle());
    if (!m_rpl) return makeError(ErrorCode::Internal, "mariadb_rpl_init failed");
    const std::string& file = m_lastCommit.file;
    mariadb_rpl_optionsv(m_rpl, MARIADB_RPL_FILENAME, file.c_str(), file.size());
    mariadb_rpl_optionsv(m_rpl, MARIADB_RPL_START, static_cast<unsigned long>(m_lastCommit.pos));
    mariadb_rpl_optionsv(m_rpl, MARIADB_RPL_SERVER_ID, static_cast<unsigned int>(m_options.serverId));
    mariadb_rpl_optionsv(m_rpl, MARIADB_RPL_FLAGS, 0);
    if (mariadb_rpl_open(m_rpl) != 0) {
      Error e = m_stream.error("opening the binlog stream at " + file + ":" + std::to_string(m_lastCommit.pos));
      closeStream();
      return e;
    }
    m_file = m_lastCommit.file;
    m_pos = m_lastCommit.pos;
    m_gtid = m_lastCommit.gtid;
    spdlog::info("source.mysql.cdc: streaming the binlog from {}:{}", m_file, m_pos);
    return {};
  }

  // Reads events for up to ~80 ms or until a heartbeat says the stream is idle.
  void pollStream(record::Batch& out, std::size_t maxRecords, runtime::PollResult& result) {
    if (!m_rpl) {
      if (base::steadyMs() < m_retryAtMs) {
        result.waitMs = 100;
        return;
      }
      Status s = openStream();
      if (!s) {
        // The first error on reconnecting that is not about reaching the server ends the run.
        if (s.error().message.find("Could not find first log file") != std::string::npos) {
          result.error = makeError(ErrorCode::NotFound, "binlog file " + m_lastCommit.file +
                                                            " was purged; take a new snapshot (snapshot mode when_needed)");
          return;
        }
        if (m_stream.errorNumber() == ER_MASTER_FATAL_ERROR_READING_BINLOG) {
          result.error = s.error();
          return;
        }
        if (s.error().code != ErrorCode::Unavailable && !m_everStreamed) {
          result.error = s.error();
          return;
        }
        const std::int64_t wait = m_backoff.next();
        spdlog::warn("source.mysql.cdc: {} (retrying in {} ms)", s.error().message, wait);
        m_retryAtMs = base::steadyMs() + wait;
        result.waitMs = 100;
        return;
      }
      m_everStreamed = true;
      m_backoff.reset();
    }
    std::int64_t deadline = base::steadyMs() + 80;
    while (out.size() < maxRecords && base::steadyMs() < deadline) {
      m_event = mariadb_rpl_fetch(m_rpl, m_event);
      if (!m_event) {
        std::string why = mariadb_rpl_error(m_rpl);
        unsigned no = mysql_errno(m_stream.handle());
        if (why.empty()) why = mysql_error(m_stream.handle());
        if (no == ER_MASTER_FATAL_ERROR_READING_BINLOG) {
          result.error = makeError(ErrorCode::NotFound, "reading the binlog failed: " + why +
                                                            (why.find("Could not find first log file") !=
                                                                     std::string::npos
                                                                 ? "; binlog file " + m_lastCommit.file +
                                                                       " was purged; take a new snapshot (snapshot "
                                                                       "mode when_needed)"
                                                                 : ""));
          return;
        }
        spdlog::warn("source.mysql.cdc: the binlog stream ended ({}); reconnecting from {}:{}", why,
                     m_lastCommit.file, m_lastCommit.pos);
        closeStream();
        m_retryAtMs = base::steadyMs() + m_backoff.next();
        result.waitMs = 100;
        return;
      }
      if (m_event->raw_data_size < 1) continue;
      // raw_data starts with the OK byte of the network packet.
      std::string_view bytes(reinterpret_cast<const char*>(m_event->raw_data) + 1, m_event->raw_data_size - 1);
      result.bytes += bytes.size();
      auto ev = m_decoder.decode(bytes, this);
      if (!ev) {
        Error e = ev.error();
        e.where = m_file + ":" + std::to_string(m_pos);
        result.error = e;
        return;
      }
      if (handleEvent(*ev, out, result)) {
        if (out.empty() && result.resume.empty()) result.waitMs = 0;
        return;  // a heartbeat: nothing more for now
      }
    }
  }

  void endTransaction(runtime::PollResult& result) {
    m_inTransaction = false;
    m_standalonePending = false;
    m_lastCommit = {true, m_file, m_pos, m_gtid};
    std::lock_guard lock(m_mutex);
    m_marks[++m_seq] = m_lastCommit;
    // Positions only grow: a poll reports the last transaction end it saw.
    if (!result.resume.empty() && result.resume.back().partition == 0)
      result.resume.back().offset = m_seq;
    else
      result.resume.push_back({0, m_seq});
  }

  // A statement in a QUERY event (not BEGIN / COMMIT): a TRUNCATE of a
  // captured table becomes an op "t" envelope; DDL makes the tables it names
  // read their columns again before their next rows (from information_schema,
  // so rows are decoded with the definition of now: see docs/mysql-cdc.md).
  void applyStatement(const std::string& sql, const std::string& db, const binlog::EventHeader& h,
                      std::uint64_t eventPos, record::Batch& out) {
    binlog::QueryTables q = binlog::tablesOfQuery(sql, db);
    if (q.kind == binlog::QueryTables::Kind::None) return;
    if (q.unparsed) {
      spdlog::info("source.mysql.cdc: schema change not understood, reading every table's columns again: {}", sql);
      m_schemas.clear();
      return;
    }
    for (const auto& [tdb, table] : q.tables) {
      if (table == "*") {
        const std::string prefix = tdb + ".";  // a named variable: lambdas cannot capture bindings in clang 14
        std::erase_if(m_schemas, [&prefix](const auto& entry) { return entry.first.rfind(prefix, 0) == 0; });
        continue;
      }
      m_schemas.erase(tdb + "." + table);
      if (q.kind != binlog::QueryTables::Kind::Truncate || !included(tdb, table)) continue;
      std::int64_t tsMs = static_cast<std::int64_t>(h.timestamp) * 1000;
      record::Record rec;
      rec.timestampMs = tsMs;
      rec.value = dbz::makeEnvelope(dbz::Op::Truncate, Value(), Value(), sourceBlock(tdb, table, "false", tsMs,
                                                                                      h.serverId, eventPos, 0),
                                    base::wallMs());
      rec.position = {0, m_seq + 1};
      out.push_back(std::move(rec));
    }
  }

  // Applies one event; true when the stream is idle (a heartbeat).
  bool handleEvent(binlog::Event& ev, record::Batch& out, runtime::PollResult& result) {
    const binlog::EventHeader& h = ev.header;
    if (h.type == binlog::kHeartbeatEvent) return true;
    if (ev.rotate) {
      m_file = ev.rotate->first;
      m_pos = ev.rotate->second;
      return false;
    }
    bool artificial = (h.flags & binlog::kArtificialFlag) != 0 || h.timestamp == 0;
    std::uint64_t eventPos = h.nextPos >= h.length ? h.nextPos - h.length : 0;
    if (h.nextPos != 0 && !artificial) m_pos = h.nextPos;
    if (ev.gtid) {
      m_gtid = ev.gtid->text();
      // MariaDB's GTID event opens the transaction itself; MySQL's is followed by a
      // BEGIN query for DML, and by the statement alone for DDL (which ends there).
      m_inTransaction = ev.gtid->mysqlSource.empty();
      m_standalonePending = ev.gtid->standalone;
      return false;
    }
    if (ev.xid) {
      endTransaction(result);
      return false;
    }
    if (ev.query) {
      const std::string& q = *ev.query;
      if (q == "BEGIN") {
        m_inTransaction = true;
        return false;
      }
      if (q == "COMMIT" || q == "ROLLBACK") {
        endTransaction(result);
        return false;
      }
      applyStatement(q, ev.queryDb, h, eventPos, out);
      if (m_standalonePending || !m_inTransaction) endTransaction(result);
      return false;
    }
    if (ev.rows && !ev.rows->rows.empty()) {
      const binlog::TableMap& t = *ev.rows->table;
      const TableSchema* schema = schemaFor(t.db, t.table, t.types.size());
      std::vector<std::string> names;
      names.reserve(t.types.size());
      for (std::size_t i = 0; i < t.types.size(); ++i) {
        if (schema)
          names.push_back(schema->columns[i].name);
        else if (!t.names.empty())
          names.push_back(t.names[i]);
        else
          names.push_back("_" + std::to_string(i + 1));
      }
      auto toObject = [&](std::vector<Value>& values) {
        if (values.empty()) return Value();
        Value obj = Value::makeObject(values.size());
        for (std::size_t i = 0; i < values.size(); ++i) obj.append(names[i], std::move(values[i]));
        return obj;
      };
      dbz::Op op = ev.rows->kind == binlog::RowsKind::Write    ? dbz::Op::Create
                   : ev.rows->kind == binlog::RowsKind::Update ? dbz::Op::Update
                                                               : dbz::Op::Delete;
      std::int64_t tsMs = static_cast<std::int64_t>(h.timestamp) * 1000;
      std::int64_t rowIndex = 0;
      std::int64_t nowMs = base::wallMs();
      // One source block per event, copied per row with its row index: building it is
      // the dearest part of an envelope (a dozen text fields).
      Value source = sourceBlock(t.db, t.table, "false", tsMs, h.serverId, eventPos, 0);
      for (binlog::RowChange& change : ev.rows->rows) {
        Value before = toObject(change.before);
        Value after = toObject(change.after);
        record::Record rec;
        if (schema) rec.key = keyOf(*schema, op == dbz::Op::Delete ? before : after);
        rec.timestampMs = tsMs;
        Value rowSource = source;
        if (rowIndex > 0)
          if (Value* row = rowSource.find("row")) *row = Value(rowIndex);
        ++rowIndex;
        rec.value = dbz::makeEnvelope(op, std::move(before), std::move(after), std::move(rowSource), nowMs);
        rec.position = {0, m_seq + 1};
        out.push_back(std::move(rec));
        if (op == dbz::Op::Delete && m_options.tombstones) cdc::appendTombstone(out);
      }
    }
    if (ev.rows && !m_inTransaction && ev.rows->statementEnd) endTransaction(result);  // a non-transactional table
    return false;
  }

  CdcOptions m_options;
  Connection m_control;  // checks, schema, snapshot
  Connection m_stream;   // the binlog dump
  MARIADB_RPL* m_rpl = nullptr;
  MARIADB_RPL_EVENT* m_event = nullptr;
  binlog::BinlogDecoder m_decoder;
  std::map<std::string, TableSchema> m_schemas;  // "db.table"
  Phase m_phase = Phase::Snapshot;
  std::uint32_t m_serverId = 0;  // of the database server

  // Snapshot state.
  std::vector<TableRef> m_snapshotTables;
  std::size_t m_snapshotIndex = 0;
  MYSQL_RES* m_snapshotResult = nullptr;
  const TableSchema* m_snapshotSchema = nullptr;
  Value m_snapshotSource;
  std::uint64_t m_snapshotRows = 0;
  cdc::SnapshotTail m_tail;  // holds the newest snapshot row back for the "last" marker

  // Stream state: where the next event is, and the last transaction end.
  std::string m_file;
  std::uint64_t m_pos = 4;
  std::string m_gtid;
  Mark m_lastCommit;
  bool m_inTransaction = false;
  bool m_standalonePending = false;
  bool m_everStreamed = false;
  std::int64_t m_retryAtMs = 0;
  base::Backoff m_backoff{cdc::kReconnectBackoff};  // reconnects and snapshot restarts
  std::optional<std::int64_t> m_pendingResume;

  mutable std::mutex m_mutex;                    // guards m_marks
  mutable std::map<std::int64_t, Mark> m_marks;  // sequence number -> resume mark after it
  std::int64_t m_seq = 0;                        // poll thread only
  nlohmann::json m_restored;                     // the checkpoint open() was given
};

Result<CdcOptions> readMysqlCdcOptions(const runtime::NodeContext& ctx) {
  const nlohmann::json& c = ctx.config;
  CdcOptions o;
  runtime::NodeConfig config(c);
  auto connection = sql::readConnectionSettings(c);
  if (!connection) return connection.error();
  o.connection = std::move(*connection);
  std::string rest = o.connection.url;
  for (const char* scheme : {"tcp://", "mysql://", "mariadb://"})
    if (rest.rfind(scheme, 0) == 0) rest = rest.substr(std::strlen(scheme));
  if (auto at = rest.find('@'); at != std::string::npos) rest = rest.substr(at + 1);
  if (auto slash = rest.find('/'); slash != std::string::npos) rest.resize(slash);
  if (auto colon = rest.rfind(':'); colon != std::string::npos) {
    o.host = rest.substr(0, colon);
    try {
      o.port = static_cast<unsigned>(std::stoul(rest.substr(colon + 1)));
    } catch (...) {
      return makeError(ErrorCode::Invalid, "the url's port is not a number: " + o.connection.url, "config.url");
    }
  } else if (!rest.empty()) {
    o.host = rest;
  }
  if (c.contains("tables") && c["tables"].is_array()) {
    for (const auto& item : c["tables"]) {
      if (!item.is_string() || item.get<std::string>().empty()) continue;
      std::string text = item.get<std::string>();
      auto dot = text.find('.');
      if (dot == std::string::npos || dot == 0 || dot + 1 == text.size())
        return makeError(ErrorCode::Invalid, "\"" + text + "\" is not \"database.table\" (or \"database.*\")",
                         "config.tables");
      o.tables.push_back({text.substr(0, dot), text.substr(dot + 1)});
    }
  }
  auto mode = cdc::readSnapshotMode(c);
  if (!mode) return mode.error();
  o.snapshot = *mode;
  std::int64_t serverId = config.integer("server_id");
  if (serverId <= 0) {
    // Like Debezium: a fixed id per pipeline node in 5400..6399, unless configured.
    std::uint32_t h = static_cast<std::uint32_t>(std::hash<std::string>{}(ctx.pipeline + "/" + ctx.nodeId));
    serverId = 5400 + h % 1000;
  }
  o.serverId = static_cast<std::uint32_t>(serverId);
  o.serverName = config.optionalText("server_name");
  if (o.serverName.empty()) o.serverName = ctx.nodeId;
  o.heartbeatMs = config.durationMs("heartbeat");
  if (Status s = config.status(); !s) return s.error();
  o.tombstones = cdc::readTombstones(c);
  return o;
}

const char* const kHelp =
    "Change data capture from a MySQL / MariaDB binary log, like Debezium's MySQL connector: a consistent "
    "snapshot of the included tables (op \"r\"), then every insert, update and delete as it is committed "
    "(op \"c\", \"u\", \"d\"; TRUNCATE TABLE as op \"t\"; a tombstone after each delete unless "
    "tombstones_on_delete is off), as Debezium envelopes {before, after, source {file, pos, gtid, db, table, "
    "server_id, ts_ms, snapshot}, op, ts_ms} keyed by the primary key. The server needs log_bin, "
    "binlog_format=ROW and binlog_row_image=FULL; the user needs SELECT, REPLICATION SLAVE and REPLICATION "
    "CLIENT. Positions are checkpointed at transaction ends once the sinks acknowledged them, so a restart "
    "resumes without losing changes. Column values: integers, DECIMAL as exact text, floats, text, BLOBs as "
    "bytes, DATETIME/TIMESTAMP as UTC timestamps, DATE and TIME as text, ENUM/SET as their text, JSON as text.";

}  // namespace

void registerMySqlCdcSource(runtime::FactoryRegistry& registry) {
  runtime::NodeFactory f;
  model::NodeSpec& s = f.spec;
  s.type = "source.mysql.cdc";
  s.category = model::NodeCategory::Source;
  s.title = "MySQL / MariaDB CDC";
  s.icon = "database";
  s.help = kHelp;
  s.outputs = {{"out", model::PortKind::Changes, {}, true}};
  sql::addConnectionFields(s.fields, sql::Dialect::MySql);
  using model::FieldSpec;
  using model::FieldType;
  for (auto& field : s.fields)
    if (field.name == "url")
      field.help = "The server: tcp://host:3306 (a database name after the port is ignored; see \"tables\").";
  FieldSpec tables;
  tables.name = "tables";
  tables.type = FieldType::List;
  tables.defaultValue = nlohmann::json::array();
  tables.help =
      "The tables to capture, as \"database.table\" or \"database.*\". Empty: every table outside the system "
      "databases.";
  s.fields.push_back(tables);
  s.fields.push_back(cdc::snapshotModeField("the checkpointed binlog file was purged"));
  FieldSpec name;
  name.name = "server_name";
  name.help = "The logical server name in source.name (Debezium's topic prefix). Default: the node id.";
  s.fields.push_back(name);
  FieldSpec serverId;
  serverId.name = "server_id";
  serverId.type = FieldType::Int;
  serverId.defaultValue = 0;
  serverId.min = 0;
  serverId.max = 4294967295.0;
  serverId.advanced = true;
  serverId.help =
      "The replica server id this source uses on the binlog connection; it must differ from every other "
      "replica of the server. 0: one derived from the pipeline and node names (5400-6399).";
  s.fields.push_back(serverId);
  FieldSpec heartbeat;
  heartbeat.name = "heartbeat";
  heartbeat.type = FieldType::Duration;
  heartbeat.defaultValue = 100;
  heartbeat.min = 10;
  heartbeat.max = 60000;
  heartbeat.advanced = true;
  heartbeat.help = "How often an idle server sends a heartbeat on the binlog connection (keeps the source responsive).";
  s.fields.push_back(heartbeat);
  s.fields.push_back(cdc::tombstonesField());
  f.source = [](const runtime::NodeContext& ctx) -> Result<std::unique_ptr<runtime::Source>> {
    auto options = readMysqlCdcOptions(ctx);
    if (!options) return options.error();
    return std::unique_ptr<runtime::Source>(std::make_unique<MySqlCdcSource>(std::move(*options)));
  };
  registry.add(std::move(f));
}

}  // namespace tributary::connectors
