// source.postgres.query: JDBC-source style polling of a PostgreSQL table or query (the
// logic is SqlQuerySource in sql_common.cpp, shared with the other dialect).
#include "core/connectors/registration.h"
#include "core/connectors/sql_common.h"

namespace tributary::connectors {

void registerPostgresQuerySource(runtime::FactoryRegistry& registry) {
  runtime::NodeFactory f;
  model::NodeSpec& s = f.spec;
  s.type = "source.postgres.query";
  s.category = model::NodeCategory::Source;
  s.title = "PostgreSQL query";
  s.icon = "database";
  s.help = sql::kQuerySourceHelp;
  s.outputs = {{"out", model::PortKind::Records, {}, true}};
  sql::addConnectionFields(s.fields, sql::Dialect::Postgres);
  sql::addQueryFields(s.fields);
  f.source = [](const runtime::NodeContext& ctx) -> Result<std::unique_ptr<runtime::Source>> {
    auto settings = sql::readConnectionSettings(ctx.config);
    if (settings.url.empty()) return makeError(ErrorCode::Invalid, "\"url\" is required", "config.url");
    settings.applicationName = "tributary:" + ctx.nodeId;
    auto options = sql::readQueryOptions(ctx.config);
    if (!options) return options.error();
    return std::unique_ptr<runtime::Source>(
        std::make_unique<sql::SqlQuerySource>(sql::makePostgresConnection(std::move(settings)), std::move(*options)));
  };
  registry.add(std::move(f));
}

}  // namespace tributary::connectors
