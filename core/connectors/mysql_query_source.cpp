// source.mysql.query: JDBC-source style polling of a MySQL / MariaDB table or query (the
// logic is SqlQuerySource in sql_query_source.cpp, shared with the other dialect).
#include "core/connectors/registration.h"
#include "core/connectors/sql_query_source.h"

namespace tributary::connectors {

void registerMySqlQuerySource(runtime::FactoryRegistry& registry) {
  sql::registerQuerySource(registry, sql::Dialect::MySql, "source.mysql.query", "MySQL / MariaDB query",
                           &sql::makeMySqlConnection);
}

}  // namespace tributary::connectors
