// sink.mysql, and the mysql-connector-c++ (1.1, cppconn) SqlConnection the
// MySQL/MariaDB connectors share. Values are bound to server-side prepared
// statements (cached per SQL text); connector exceptions stop here and become
// Errors.
#include <mysql_connection.h>
#include <mysql_driver.h>

#include <cppconn/datatype.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>

#include <strings.h>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>

#include "core/connectors/registration.h"
#include "core/connectors/sql_sink.h"
#include "core/record/json.h"
#include "core/record/timestamp.h"

namespace tributary::connectors {
namespace sql {
namespace {

using record::Value;
using record::ValueType;

// Client and server errors after which the session is gone or the statement
// is worth repeating: CR_CONNECTION_ERROR, CR_CONN_HOST_ERROR, CR_SERVER_GONE_ERROR,
// CR_SERVER_LOST, CR_SERVER_LOST_EXTENDED, ER_SERVER_SHUTDOWN, ER_LOCK_WAIT_TIMEOUT,
// ER_LOCK_DEADLOCK, ER_CONNECTION_KILLED, ER_CLIENT_INTERACTION_TIMEOUT.
bool lostConnection(int code) {
  return code == 2002 || code == 2003 || code == 2006 || code == 2013 || code == 2055 || code == 1053 || code == 1927 ||
         code == 4031;
}
bool transientCode(int code) {
  return lostConnection(code) || code == 1205 || code == 1213;
}

std::string mysqlDateTime(std::int64_t micros) {
  record::CivilTime t = record::civilFromMicros(micros);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d %02d:%02d:%02d.%06d", static_cast<long long>(t.year), t.month, t.day,
                t.hour, t.minute, t.second, t.micros);
  return buf;
}

::sql::Driver* driver() {
  // get_mysql_driver_instance() is not safe to call concurrently the first time.
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  return ::sql::mysql::get_mysql_driver_instance();
}

struct Target {
  std::string host;  // tcp://host:port
  std::string database;
};

Target parseUrl(const std::string& url) {
  Target t;
  std::string rest = url;
  for (const char* scheme : {"tcp://", "mysql://", "mariadb://"})
    if (rest.rfind(scheme, 0) == 0) rest = rest.substr(std::strlen(scheme));
  auto slash = rest.find('/');
  if (slash != std::string::npos) {
    t.database = rest.substr(slash + 1);
    auto q = t.database.find('?');
    if (q != std::string::npos) t.database.resize(q);
    rest.resize(slash);
  }
  t.host = "tcp://" + rest;
  return t;
}

class MySqlConnection final : public SqlConnection {
 public:
  explicit MySqlConnection(ConnectionSettings settings) : m_settings(std::move(settings)) {}
  ~MySqlConnection() override { disconnect(); }

  Dialect dialect() const override { return Dialect::MySql; }
  std::string currentSchemaExpr() const override { return "DATABASE()"; }
  std::string nowMinusMillisExpr(const std::string& param) const override {
    return "(UTC_TIMESTAMP(6) - INTERVAL " + param + " * 1000 MICROSECOND)";
  }
  bool caseInsensitiveNames() const override { return true; }

  Status connect() override {
    disconnect();
    Target target = parseUrl(m_settings.url);
    try {
      ::sql::ConnectOptionsMap options;
      options["hostName"] = ::sql::SQLString(target.host);
      options["userName"] = ::sql::SQLString(m_settings.user);
      options["password"] = ::sql::SQLString(m_settings.password);
      if (!target.database.empty()) options["schema"] = ::sql::SQLString(target.database);
      options["OPT_CONNECT_TIMEOUT"] = static_cast<int>(std::max<std::int64_t>(1, m_settings.connectTimeoutMs / 1000));
      options["OPT_RECONNECT"] = false;
      options["OPT_CHARSET_NAME"] = ::sql::SQLString("utf8mb4");
      m_conn.reset(driver()->connect(options));
      std::unique_ptr<::sql::Statement> st(m_conn->createStatement());
      st->execute("SET time_zone = '+00:00'");
      m_conn->setAutoCommit(true);
    } catch (const ::sql::SQLException& e) {
      m_conn.reset();
      return makeError(ErrorCode::Unavailable,
                       "cannot connect to MySQL/MariaDB at " + target.host.substr(6) +
                           (target.database.empty() ? "" : "/" + target.database) +
                           (m_settings.user.empty() ? "" : " as " + m_settings.user) + ": " + e.what() + " (error " +
                           std::to_string(e.getErrorCode()) +
                           ") — is the server running there, and are the url, user and password right?",
                       "config.url");
    }
    return {};
  }

  bool connected() const override { return m_conn != nullptr; }

  void disconnect() override {
    m_statements.clear();
    if (m_conn) {
      try {
        m_conn->close();
      } catch (const ::sql::SQLException&) {
      }
    }
    m_conn.reset();
  }

  Result<QueryResult> execute(const std::string& sqlText, const std::vector<const Value*>& params) override {
    if (!m_conn) return makeError(ErrorCode::Unavailable, "not connected to MySQL/MariaDB");
    try {
      std::unique_ptr<::sql::ResultSet> rs;
      QueryResult out;
      // cppconn 1.1 has no getUpdateCount() for prepared statements, so the
      // kind of statement decides between executeQuery and executeUpdate.
      std::size_t start = sqlText.find_first_not_of(" \t\n(");
      bool query = start != std::string::npos && (strncasecmp(sqlText.c_str() + start, "SELECT", 6) == 0 ||
                                                  strncasecmp(sqlText.c_str() + start, "WITH", 4) == 0 ||
                                                  strncasecmp(sqlText.c_str() + start, "SHOW", 4) == 0);
      if (params.empty()) {
        std::unique_ptr<::sql::Statement> st(m_conn->createStatement());
        if (query)
          rs.reset(st->executeQuery(sqlText));
        else
          out.affected = st->executeUpdate(sqlText);
      } else {
        ::sql::PreparedStatement* ps = prepared(sqlText);
        for (std::size_t i = 0; i < params.size(); ++i) bind(*ps, static_cast<unsigned>(i + 1), params[i]);
        if (query)
          rs.reset(ps->executeQuery());
        else
          out.affected = ps->executeUpdate();
      }
      if (rs) read(*rs, out);
      return out;
    } catch (const ::sql::SQLException& e) {
      return fail(e);
    }
  }

  Status begin() override {
    if (!m_conn) return makeError(ErrorCode::Unavailable, "not connected to MySQL/MariaDB");
    try {
      m_conn->setAutoCommit(false);
    } catch (const ::sql::SQLException& e) {
      return fail(e);
    }
    return {};
  }
  Status commit() override {
    if (!m_conn) return makeError(ErrorCode::Unavailable, "not connected to MySQL/MariaDB");
    try {
      m_conn->commit();
      m_conn->setAutoCommit(true);
    } catch (const ::sql::SQLException& e) {
      return fail(e);
    }
    return {};
  }
  void rollback() override {
    if (!m_conn) return;
    try {
      m_conn->rollback();
      m_conn->setAutoCommit(true);
    } catch (const ::sql::SQLException&) {
      disconnect();
    }
  }

 private:
  ::sql::PreparedStatement* prepared(const std::string& sqlText) {
    auto it = m_statements.find(sqlText);
    if (it != m_statements.end()) return it->second.get();
    if (m_statements.size() >= 64) m_statements.clear();
    std::unique_ptr<::sql::PreparedStatement> ps(m_conn->prepareStatement(sqlText));
    return m_statements.emplace(sqlText, std::move(ps)).first->second.get();
  }

  static void bind(::sql::PreparedStatement& ps, unsigned i, const Value* v) {
    if (!v || v->isNull()) {
      ps.setNull(i, ::sql::DataType::VARCHAR);
      return;
    }
    switch (v->type()) {
      case ValueType::Bool:
        ps.setBoolean(i, v->asBool());
        break;
      case ValueType::Int:
        ps.setInt64(i, v->asInt());
        break;
      case ValueType::Double: {
        double d = v->asDouble();
        if (std::isfinite(d))
          ps.setDouble(i, d);
        else
          ps.setNull(i, ::sql::DataType::DOUBLE);  // MySQL has no NaN/Infinity
        break;
      }
      case ValueType::Decimal:
      case ValueType::String:
      case ValueType::Bytes:
        ps.setString(i, ::sql::SQLString(std::string(v->asString())));
        break;
      case ValueType::Timestamp:
        ps.setString(i, ::sql::SQLString(mysqlDateTime(v->asTimestampMicros())));
        break;
      case ValueType::Array:
      case ValueType::Object:
        ps.setString(i, ::sql::SQLString(record::toJson(*v)));
        break;
      case ValueType::Null:
        break;
    }
  }

  static void read(::sql::ResultSet& rs, QueryResult& out) {
    ::sql::ResultSetMetaData* meta = rs.getMetaData();
    unsigned cols = meta->getColumnCount();
    std::vector<int> types(cols);
    std::vector<bool> isSigned(cols);
    for (unsigned c = 0; c < cols; ++c) {
      out.columns.emplace_back(meta->getColumnLabel(c + 1).asStdString());
      types[c] = meta->getColumnType(c + 1);
      isSigned[c] = meta->isSigned(c + 1);
    }
    while (rs.next()) {
      std::vector<Value> row;
      row.reserve(cols);
      for (unsigned c = 0; c < cols; ++c) {
        unsigned idx = c + 1;
        if (rs.isNull(idx)) {
          row.emplace_back();
          continue;
        }
        switch (types[c]) {
          case ::sql::DataType::BIT:
          case ::sql::DataType::TINYINT:
          case ::sql::DataType::SMALLINT:
          case ::sql::DataType::MEDIUMINT:
          case ::sql::DataType::INTEGER:
          case ::sql::DataType::YEAR:
            row.emplace_back(static_cast<std::int64_t>(rs.getInt64(idx)));
            break;
          case ::sql::DataType::BIGINT:
            if (isSigned[c])
              row.emplace_back(static_cast<std::int64_t>(rs.getInt64(idx)));
            else
              row.push_back(Value::decimal(rs.getString(idx).asStdString()));
            break;
          case ::sql::DataType::REAL:
          case ::sql::DataType::DOUBLE:
            row.emplace_back(static_cast<double>(rs.getDouble(idx)));
            break;
          case ::sql::DataType::DECIMAL:
          case ::sql::DataType::NUMERIC:
            row.push_back(Value::decimal(rs.getString(idx).asStdString()));
            break;
          case ::sql::DataType::TIMESTAMP: {
            std::string s = rs.getString(idx).asStdString();
            if (auto t = record::parseIsoTimestamp(s))
              row.push_back(Value::timestampMicros(*t));
            else
              row.emplace_back(s);
            break;
          }
          case ::sql::DataType::BINARY:
          case ::sql::DataType::VARBINARY:
          case ::sql::DataType::LONGVARBINARY:
            row.push_back(Value::bytes(rs.getString(idx).asStdString()));
            break;
          case ::sql::DataType::JSON: {
            std::string s = rs.getString(idx).asStdString();
            auto v = record::parseJson(s);
            row.push_back(v ? std::move(*v) : Value(s));
            break;
          }
          default:
            row.emplace_back(rs.getString(idx).asStdString());
            break;
        }
      }
      out.rows.push_back(std::move(row));
    }
  }

  Error fail(const ::sql::SQLException& e) {
    int code = e.getErrorCode();
    std::string msg =
        std::string(e.what()) + " (error " + std::to_string(code) + ", SQLSTATE " + e.getSQLStateCStr() + ")";
    if (lostConnection(code)) {
      disconnect();
      return makeError(ErrorCode::Unavailable, "lost the connection to MySQL/MariaDB: " + msg + " — will reconnect");
    }
    return makeError(transientCode(code) ? ErrorCode::Unavailable : ErrorCode::Invalid, "MySQL/MariaDB: " + msg);
  }

  ConnectionSettings m_settings;
  std::unique_ptr<::sql::Connection> m_conn;
  std::map<std::string, std::unique_ptr<::sql::PreparedStatement>> m_statements;
};

}  // namespace

std::unique_ptr<SqlConnection> makeMySqlConnection(ConnectionSettings settings) {
  return std::make_unique<MySqlConnection>(std::move(settings));
}

}  // namespace sql

void registerMySqlSink(runtime::FactoryRegistry& registry) {
  runtime::NodeFactory f;
  model::NodeSpec& s = f.spec;
  s.type = "sink.mysql";
  s.category = model::NodeCategory::Sink;
  s.title = "MySQL / MariaDB";
  s.icon = "database";
  s.help =
      "Writes records as rows of a MySQL or MariaDB table: insert or upsert (INSERT ... ON DUPLICATE KEY "
      "UPDATE on the primary key), delete on tombstones and Debezium delete events. Each batch is one "
      "transaction of multi-row prepared statements. Can create the table (timestamps as DATETIME(6) in UTC) "
      "and add missing columns. When the server goes away the batch fails and is retried on a new connection.";
  s.inputs = {{"in",
               model::PortKind::Records,
               {model::PortKind::Records, model::PortKind::Changes, model::PortKind::Any},
               true}};
  sql::addConnectionFields(s.fields, sql::Dialect::MySql);
  sql::addSinkFields(s.fields);
  f.sink = [](const runtime::NodeContext& ctx) -> Result<std::unique_ptr<runtime::Sink>> {
    auto settings = sql::readConnectionSettings(ctx.config);
    if (!settings) return settings.error();
    auto options = sql::readSinkOptions(ctx.config);
    if (!options) return options.error();
    return std::unique_ptr<runtime::Sink>(
        std::make_unique<sql::SqlSink>(sql::makeMySqlConnection(std::move(*settings)), std::move(*options)));
  };
  registry.add(std::move(f));
}

}  // namespace tributary::connectors
