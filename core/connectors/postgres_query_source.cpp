// source.postgres.query: JDBC-source style polling of a PostgreSQL table or query (the
// logic is SqlQuerySource in sql_query_source.cpp, shared with the other dialect).
#include "core/connectors/registration.h"
#include "core/connectors/sql_query_source.h"

namespace tributary::connectors {

void registerPostgresQuerySource(runtime::FactoryRegistry& registry) {
  sql::registerQuerySource(registry, sql::Dialect::Postgres, "source.postgres.query", "PostgreSQL query",
                           &sql::makePostgresConnection);
}

}  // namespace tributary::connectors
