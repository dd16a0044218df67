#pragma once
// Reads which tables a binlog QUERY event's statement changes, for the MySQL
// CDC source: a tokenizer that knows MySQL's comments, quoting and versioned
// comments, and just enough of the DDL grammar to find the table names.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tributary::connectors::binlog {

// What a QUERY event's statement does to tables, for the CDC source: a
// TRUNCATE, or a change of table definitions (ALTER / CREATE / DROP /
// RENAME TABLE, also DROP / CREATE DATABASE), with the (database, table)
// pairs it names; unqualified names take `defaultDb` (the event's database).
// `table` "*" stands for every table of `db`. Other statements give None.
struct QueryTables {
  enum class Kind { None, Truncate, SchemaChange } kind = Kind::None;
  std::vector<std::pair<std::string, std::string>> tables;
  bool unparsed = false;  // a schema change whose tables could not be read: assume any table
};
QueryTables tablesOfQuery(std::string_view sql, std::string_view defaultDb);

}  // namespace tributary::connectors::binlog
