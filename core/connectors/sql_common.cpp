// Dialect helpers shared by the PostgreSQL and MySQL/MariaDB connectors:
// identifier quoting, table names, column types, placeholders and the
// connection fields of every SQL node's spec.
#include "core/connectors/sql_common.h"

#include <string>

#include <spdlog/spdlog.h>

#include "core/record/debezium.h"
#include "core/record/json.h"
#include "core/base/units.h"
#include "core/runtime/node_config.h"

namespace tributary::connectors::sql {

using record::Value;
using record::ValueType;

Result<std::string> quoteIdent(Dialect dialect, std::string_view name) {
  std::size_t limit = dialect == Dialect::Postgres ? 63 : 64;
  if (name.empty()) return makeError(ErrorCode::Invalid, "an empty name cannot be a table or column name");
  if (name.find('\0') != std::string_view::npos)
    return makeError(ErrorCode::Invalid, "a name with a NUL character cannot be a table or column name");
  if (name.size() > limit)
    return makeError(ErrorCode::Invalid, "the name \"" + std::string(name) + "\" is longer than the " +
                                             std::to_string(limit) + " bytes the database keeps");
  char q = dialect == Dialect::Postgres ? '"' : '`';
  std::string out;
  out.reserve(name.size() + 2);
  out.push_back(q);
  for (char c : name) {
    if (c == q) out.push_back(q);
    out.push_back(c);
  }
  out.push_back(q);
  return out;
}

Result<std::string> quoteLiteral(Dialect dialect, std::string_view text) {
  if (text.find('\0') != std::string_view::npos)
    return makeError(ErrorCode::Invalid, "text with a NUL character cannot be an SQL string literal");
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || (c == '\\' && dialect == Dialect::MySql)) out.push_back(c);
    out.push_back(c);
  }
  return out + "'";
}

Result<TableName> parseTableName(std::string_view text) {
  TableName t;
  auto dot = text.find('.');
  if (dot == std::string_view::npos) {
    t.name = std::string(text);
  } else {
    t.schema = std::string(text.substr(0, dot));
    t.name = std::string(text.substr(dot + 1));
    if (t.schema->empty() || t.name.find('.') != std::string::npos)
      return makeError(ErrorCode::Invalid, "the table must be \"name\" or \"schema.name\"", "config.table");
  }
  if (t.name.empty()) return makeError(ErrorCode::Invalid, "\"table\" is required", "config.table");
  return t;
}

Result<std::string> quoteTable(Dialect dialect, const TableName& table) {
  std::string out;
  if (table.schema) {
    auto s = quoteIdent(dialect, *table.schema);
    if (!s) return s.error();
    out = *s + ".";
  }
  auto n = quoteIdent(dialect, table.name);
  if (!n) return n.error();
  return out + *n;
}

std::string columnType(Dialect dialect, const Value& value, bool isKey) {
  bool pg = dialect == Dialect::Postgres;
  switch (value.type()) {
    case ValueType::Bool:
      return pg ? "boolean" : "BOOLEAN";
    case ValueType::Int:
      return pg ? "bigint" : "BIGINT";
    case ValueType::Double:
      return pg ? "double precision" : "DOUBLE";
    case ValueType::Decimal:
      return pg ? "numeric" : "DECIMAL(38,10)";
    case ValueType::Bytes:
      return pg ? "bytea" : (isKey ? "VARBINARY(255)" : "LONGBLOB");
    case ValueType::Timestamp:
      return pg ? "timestamptz" : "DATETIME(6)";
    case ValueType::Array:
    case ValueType::Object:
      return pg ? "jsonb" : "JSON";
    case ValueType::Null:
    case ValueType::String:
      break;
  }
  return pg ? "text" : (isKey ? "VARCHAR(255)" : "LONGTEXT");
}

std::string placeholder(Dialect dialect, std::size_t index1) {
  return dialect == Dialect::Postgres ? "$" + std::to_string(index1) : std::string("?");
}

Result<ConnectionSettings> readConnectionSettings(const nlohmann::json& c) {
  runtime::NodeConfig config(c);
  ConnectionSettings s;
  s.url = config.optionalText("url");
  s.user = config.optionalText("user");
  s.password = config.optionalText("password");
  s.connectTimeoutMs = config.durationMs("connect_timeout");
  if (Status st = config.status(); !st) return st.error();
  if (s.url.empty()) return makeError(ErrorCode::Invalid, "\"url\" is required", "config.url");
  return s;
}

void addConnectionFields(std::vector<model::FieldSpec>& fields, Dialect dialect) {
  using model::FieldSpec;
  using model::FieldType;
  FieldSpec url;
  url.name = "url";
  url.required = true;
  url.help = dialect == Dialect::Postgres
                 ? "The database, as a libpq URI (postgresql://host:5432/db) or key=value string (host=... dbname=...)."
                 : "The database: tcp://host:3306/database.";
  fields.push_back(url);
  FieldSpec user;
  user.name = "user";
  user.help = "The user to log in as (overrides one in the url).";
  fields.push_back(user);
  FieldSpec password;
  password.name = "password";
  password.type = FieldType::Secret;
  password.help = "The password, as a reference: ${env:NAME} or ${file:/path}.";
  fields.push_back(password);
  FieldSpec timeout;
  timeout.name = "connect_timeout";
  timeout.type = FieldType::Duration;
  timeout.defaultValue = "10s";
  timeout.min = 1000;
  timeout.advanced = true;
  timeout.help = "Give up a connection attempt after this long (the engine retries later).";
  fields.push_back(timeout);
}


}  // namespace tributary::connectors::sql
