// sink.postgres, and the libpq SqlConnection the PostgreSQL connectors share.
// Values go to the server as PQexecParams parameters (text format, bytea in
// binary), never inside the SQL text.
#include <libpq-fe.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "core/connectors/registration.h"
#include "core/connectors/sql_sink.h"
#include "core/record/json.h"
#include "core/record/timestamp.h"

namespace tributary::connectors {
namespace sql {
namespace {

using record::Value;
using record::ValueType;

// Type OIDs from pg_type.h (stable across versions).
constexpr Oid kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kOid = 26, kJson = 114, kFloat4 = 700,
              kFloat8 = 701, kTimestamp = 1114, kTimestampTz = 1184, kNumeric = 1700, kJsonb = 3802;

bool transientState(const char* state) {
  if (!state) return false;
  std::string_view s(state);
  return s.rfind("08", 0) == 0 || s.rfind("57P", 0) == 0 || s == "40001" || s == "40P01" || s.rfind("53", 0) == 0;
}

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Value fromText(Oid type, const char* text, int length) {
  std::string_view s(text, static_cast<std::size_t>(length));
  switch (type) {
    case kBool:
      return Value(s == "t");
    case kInt2:
    case kInt4:
    case kInt8:
    case kOid:
      return Value(static_cast<std::int64_t>(std::strtoll(text, nullptr, 10)));
    case kFloat4:
    case kFloat8:
      return Value(std::strtod(text, nullptr));
    case kNumeric:
      return Value::decimal(std::string(s));
    case kTimestamp:
    case kTimestampTz: {
      if (auto t = record::parseIsoTimestamp(s)) return Value::timestampMicros(*t);
      return Value(s);
    }
    case kJson:
    case kJsonb: {
      auto v = record::parseJson(s);
      return v ? std::move(*v) : Value(s);
    }
    case kBytea: {
      if (s.size() >= 2 && s[0] == '\\' && s[1] == 'x') {
        std::string out;
        out.reserve((s.size() - 2) / 2);
        for (std::size_t i = 2; i + 1 < s.size(); i += 2)
          out.push_back(static_cast<char>(hexDigit(s[i]) * 16 + hexDigit(s[i + 1])));
        return Value::bytes(std::move(out));
      }
      return Value::bytes(std::string(s));
    }
    default:
      return Value(s);
  }
}

// A value in PostgreSQL's text input syntax (bytea aside: it goes in binary or hex).
void toText(const Value& v, std::string& t) {
  switch (v.type()) {
    case ValueType::Bool:
      t = v.asBool() ? "t" : "f";
      break;
    case ValueType::Int:
      t = std::to_string(v.asInt());
      break;
    case ValueType::Double: {
      double d = v.asDouble();
      if (std::isnan(d))
        t = "NaN";
      else if (std::isinf(d))
        t = d > 0 ? "Infinity" : "-Infinity";
      else {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", d);
        t = buf;
      }
      break;
    }
    case ValueType::Decimal:
    case ValueType::String:
    case ValueType::Bytes:
      t = std::string(v.asString());
      break;
    case ValueType::Timestamp:
      t = record::formatIsoTimestamp(v.asTimestampMicros());
      break;
    case ValueType::Array:
    case ValueType::Object:
      t = record::toJson(v);
      break;
    case ValueType::Null:
      break;
  }
}

class PgConnection final : public SqlConnection {
 public:
  explicit PgConnection(ConnectionSettings settings) : m_settings(std::move(settings)) {}
  ~PgConnection() override { disconnect(); }

  Dialect dialect() const override { return Dialect::Postgres; }
  std::string currentSchemaExpr() const override { return "current_schema()"; }
  std::string nowMinusMillisExpr(const std::string& param) const override {
    return "(CURRENT_TIMESTAMP - " + param + "::bigint * interval '1 millisecond')";
  }

  Status connect() override {
    disconnect();
    std::string timeout = std::to_string(std::max<std::int64_t>(1, m_settings.connectTimeoutMs / 1000));
    std::vector<const char*> keys{"dbname", "connect_timeout", "application_name", "options"};
    std::vector<const char*> values{m_settings.url.c_str(), timeout.c_str(), m_settings.applicationName.c_str(),
                                    "-c TimeZone=UTC -c DateStyle=ISO"};
    if (!m_settings.user.empty()) {
      keys.push_back("user");
      values.push_back(m_settings.user.c_str());
    }
    if (!m_settings.password.empty()) {
      keys.push_back("password");
      values.push_back(m_settings.password.c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    m_conn = PQconnectdbParams(keys.data(), values.data(), 1);
    if (!m_conn || PQstatus(m_conn) != CONNECTION_OK) {
      std::string msg = m_conn ? PQerrorMessage(m_conn) : "out of memory";
      while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
      for (char& c : msg)
        if (c == '\n' || c == '\t') c = ' ';
      disconnect();
      return makeError(ErrorCode::Unavailable,
                       "cannot connect to PostgreSQL (" + describeTarget() + "): " + msg +
                           " — is PostgreSQL running there, and are the url, user and password right?",
                       "config.url");
    }
    // Notices ("relation already exists, skipping") would go to standard error.
    PQsetNoticeProcessor(
        m_conn, [](void*, const char*) {}, nullptr);
    return {};
  }

  bool connected() const override { return m_conn && PQstatus(m_conn) == CONNECTION_OK; }

  void disconnect() override {
    if (m_conn) PQfinish(m_conn);
    m_conn = nullptr;
  }

  Result<QueryResult> execute(const std::string& sql, const std::vector<const Value*>& params) override {
    if (!m_conn) return makeError(ErrorCode::Unavailable, "not connected to PostgreSQL");
    std::size_t n = params.size();
    m_text.assign(n, std::string());
    m_values.assign(n, nullptr);
    m_lengths.assign(n, 0);
    m_formats.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const Value* v = params[i];
      if (!v || v->isNull()) continue;
      std::string& t = m_text[i];
      if (v->type() == ValueType::Bytes) {
        t = std::string(v->asString());
        m_formats[i] = 1;
      } else {
        toText(*v, t);
      }
      m_values[i] = t.data();
      m_lengths[i] = static_cast<int>(t.size());
    }
    PGresult* res = PQexecParams(m_conn, sql.c_str(), static_cast<int>(n), nullptr, m_values.data(), m_lengths.data(),
                                 m_formats.data(), 0);
    return take(res);
  }

  bool supportsCopy() const override { return true; }

  // COPY in text format: one line per row, tab between columns, \N for NULL,
  // backslash escapes for the characters the format reserves.
  Status copyIn(const std::string& copySql, const std::vector<const Value*>& values, std::size_t columns) override {
    if (!m_conn) return makeError(ErrorCode::Unavailable, "not connected to PostgreSQL");
    PGresult* res = PQexec(m_conn, copySql.c_str());
    if (!res || PQresultStatus(res) != PGRES_COPY_IN) {
      auto r = take(res);
      if (!r) return r.error();
      return makeError(ErrorCode::Internal, "COPY did not start");
    }
    PQclear(res);
    std::string buf, text;
    buf.reserve(1 << 20);
    for (std::size_t i = 0; i < values.size(); ++i) {
      const Value* v = values[i];
      if (!v || v->isNull()) {
        buf += "\\N";
      } else if (v->type() == ValueType::Bytes) {
        static const char* hex = "0123456789abcdef";
        buf += "\\\\x";
        for (unsigned char c : v->asString()) {
          buf.push_back(hex[c >> 4]);
          buf.push_back(hex[c & 15]);
        }
      } else {
        text.clear();
        toText(*v, text);
        for (char c : text) {
          switch (c) {
            case '\\':
              buf += "\\\\";
              break;
            case '\n':
              buf += "\\n";
              break;
            case '\r':
              buf += "\\r";
              break;
            case '\t':
              buf += "\\t";
              break;
            default:
              buf.push_back(c);
          }
        }
      }
      buf.push_back((i + 1) % columns == 0 ? '\n' : '\t');
      if (buf.size() >= (1 << 20) || i + 1 == values.size()) {
        if (PQputCopyData(m_conn, buf.data(), static_cast<int>(buf.size())) != 1) break;
        buf.clear();
      }
    }
    if (PQputCopyEnd(m_conn, nullptr) != 1) {
      auto r = take(nullptr);
      return r ? Status{} : Status(r.error());
    }
    // The COPY's own result, then the end of the command.
    Status status;
    while (PGresult* r = PQgetResult(m_conn)) {
      if (PQresultStatus(r) != PGRES_COMMAND_OK && status) {
        auto t = take(r);
        if (!t) status = t.error();
        continue;
      }
      PQclear(r);
    }
    return status;
  }

  bool supportsColumnArrays() const override { return true; }

  // Each parameter a one-dimensional array in the binary array format: ndim,
  // has-nulls flag, element type, length, lower bound, then per element its
  // length (-1 for NULL) and bytes (text as is, int8 / float8 big-endian) —
  // no quoting or escaping on either side.
  Result<QueryResult> executeColumnArrays(const std::string& sql, const std::vector<const Value*>& values,
                                          const std::vector<ArrayKind>& kinds) override {
    if (!m_conn) return makeError(ErrorCode::Unavailable, "not connected to PostgreSQL");
    std::size_t columns = kinds.size();
    if (columns == 0 || values.size() % columns != 0)
      return makeError(ErrorCode::Internal, "column arrays: values do not fill whole rows");
    constexpr Oid kText = 25, kTextArray = 1009, kInt8Array = 1016, kFloat8Array = 1022;
    std::size_t rows = values.size() / columns;
    m_text.assign(columns, std::string());
    auto put32 = [](std::string& b, std::uint32_t v) {
      char c[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                   static_cast<char>(v)};
      b.append(c, 4);
    };
    auto put64 = [&](std::string& b, std::uint64_t v) {
      put32(b, static_cast<std::uint32_t>(v >> 32));
      put32(b, static_cast<std::uint32_t>(v));
    };
    std::vector<Oid> types(columns);
    std::string text;
    for (std::size_t c = 0; c < columns; ++c) {
      std::string& b = m_text[c];
      ArrayKind kind = kinds[c];
      types[c] = kind == ArrayKind::Int8 ? kInt8Array : kind == ArrayKind::Float8 ? kFloat8Array : kTextArray;
      b.reserve(20 + rows * (kind == ArrayKind::Text ? 24 : 12));
      put32(b, 1);  // dimensions
      put32(b, 1);  // may hold NULLs
      put32(b, kind == ArrayKind::Int8 ? kInt8 : kind == ArrayKind::Float8 ? kFloat8 : kText);
      put32(b, static_cast<std::uint32_t>(rows));
      put32(b, 1);  // lower bound
      for (std::size_t r = 0; r < rows; ++r) {
        const Value* v = values[r * columns + c];
        if (!v || v->isNull()) {
          put32(b, 0xFFFFFFFFu);
          continue;
        }
        if (kind == ArrayKind::Int8) {
          put32(b, 8);
          put64(b, static_cast<std::uint64_t>(v->asInt()));
          continue;
        }
        if (kind == ArrayKind::Float8) {
          put32(b, 8);
          put64(b, std::bit_cast<std::uint64_t>(v->asDouble()));
          continue;
        }
        if (v->type() == ValueType::Bytes) {  // bytea's hex input form
          static const char* hex = "0123456789abcdef";
          text = "\\x";
          for (unsigned char ch : v->asString()) {
            text.push_back(hex[ch >> 4]);
            text.push_back(hex[ch & 15]);
          }
        } else {
          toText(*v, text);
        }
        put32(b, static_cast<std::uint32_t>(text.size()));
        b += text;
      }
    }
    m_values.assign(columns, nullptr);
    m_lengths.assign(columns, 0);
    m_formats.assign(columns, 1);
    for (std::size_t c = 0; c < columns; ++c) {
      m_values[c] = m_text[c].data();
      m_lengths[c] = static_cast<int>(m_text[c].size());
    }
    PGresult* res = PQexecParams(m_conn, sql.c_str(), static_cast<int>(columns), types.data(), m_values.data(),
                                 m_lengths.data(), m_formats.data(), 0);
    return take(res);
  }

  Status begin() override { return simple("BEGIN"); }
  Status commit() override { return simple("COMMIT"); }
  void rollback() override {
    if (connected()) PQclear(PQexec(m_conn, "ROLLBACK"));
  }

 private:
  std::string describeTarget() const {
    return m_settings.url + (m_settings.user.empty() ? "" : " as " + m_settings.user);
  }

  Status simple(const char* sql) {
    if (!m_conn) return makeError(ErrorCode::Unavailable, "not connected to PostgreSQL");
    auto r = take(PQexec(m_conn, sql));
    if (!r) return r.error();
    return {};
  }

  Result<QueryResult> take(PGresult* res) {
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
      QueryResult out;
      int cols = PQnfields(res), rows = PQntuples(res);
      out.columns.reserve(static_cast<std::size_t>(cols));
      for (int c = 0; c < cols; ++c) out.columns.emplace_back(PQfname(res, c));
      out.rows.reserve(static_cast<std::size_t>(rows));
      for (int r = 0; r < rows; ++r) {
        std::vector<Value> row;
        row.reserve(static_cast<std::size_t>(cols));
        for (int c = 0; c < cols; ++c)
          row.push_back(PQgetisnull(res, r, c)
                            ? Value()
                            : fromText(PQftype(res, c), PQgetvalue(res, r, c), PQgetlength(res, r, c)));
        out.rows.push_back(std::move(row));
      }
      const char* affected = PQcmdTuples(res);
      out.affected = affected && *affected ? std::strtoll(affected, nullptr, 10) : 0;
      PQclear(res);
      return out;
    }
    std::string msg = res ? PQresultErrorMessage(res) : PQerrorMessage(m_conn);
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    bool lost = PQstatus(m_conn) != CONNECTION_OK;
    bool transient = lost || transientState(state);
    std::string code = state ? std::string(" [SQLSTATE ") + state + "]" : std::string();
    if (res) PQclear(res);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    for (char& c : msg)
      if (c == '\n' || c == '\t') c = ' ';
    if (lost) {
      disconnect();
      return makeError(ErrorCode::Unavailable,
                       "lost the connection to PostgreSQL (" + describeTarget() + "): " + msg + " — will reconnect");
    }
    return makeError(transient ? ErrorCode::Unavailable : ErrorCode::Invalid, "PostgreSQL: " + msg + code);
  }

  ConnectionSettings m_settings;
  PGconn* m_conn = nullptr;
  std::vector<std::string> m_text;
  std::vector<const char*> m_values;
  std::vector<int> m_lengths;
  std::vector<int> m_formats;
};

}  // namespace

std::unique_ptr<SqlConnection> makePostgresConnection(ConnectionSettings settings) {
  return std::make_unique<PgConnection>(std::move(settings));
}

}  // namespace sql

void registerPostgresSink(runtime::FactoryRegistry& registry) {
  runtime::NodeFactory f;
  model::NodeSpec& s = f.spec;
  s.type = "sink.postgres";
  s.category = model::NodeCategory::Sink;
  s.title = "PostgreSQL";
  s.icon = "database";
  s.help =
      "Writes records as rows of a PostgreSQL table: insert or upsert (INSERT ... ON CONFLICT on the key), "
      "delete on tombstones and Debezium delete events. Each batch is one transaction; many inserts go in one "
      "COPY, many upserts in one INSERT ... SELECT FROM unnest(arrays) ... ON CONFLICT, fewer rows in multi-row "
      "statements, values always bound, never spliced into SQL. Can create the table and add missing columns. When the server goes "
      "away the batch fails and is retried on a new connection.";
  s.inputs = {{"in",
               model::PortKind::Records,
               {model::PortKind::Records, model::PortKind::Changes, model::PortKind::Any},
               true}};
  sql::addConnectionFields(s.fields, sql::Dialect::Postgres);
  sql::addSinkFields(s.fields);
  f.sink = [](const runtime::NodeContext& ctx) -> Result<std::unique_ptr<runtime::Sink>> {
    auto settings = sql::readConnectionSettings(ctx.config);
    if (!settings) return settings.error();
    settings->applicationName = "tributary:" + ctx.nodeId;
    auto options = sql::readSinkOptions(ctx.config);
    if (!options) return options.error();
    return std::unique_ptr<runtime::Sink>(
        std::make_unique<sql::SqlSink>(sql::makePostgresConnection(std::move(*settings)), std::move(*options)));
  };
  registry.add(std::move(f));
}

}  // namespace tributary::connectors
