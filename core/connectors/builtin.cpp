#include "core/connectors/builtin.h"

#include "core/connectors/registration.h"
#include "core/expr/expression.h"

namespace tributary::connectors {

const runtime::FactoryRegistry& builtinFactories() {
  static const runtime::FactoryRegistry registry = [] {
    runtime::FactoryRegistry r;
    registerDatagenSource(r);
    registerFileSource(r);
    registerParquetSource(r);
    registerFilterTransform(r);
    registerMapTransform(r);
    registerUnwrapTransform(r);
    registerFileSink(r);
    registerStdoutSink(r);
    registerTopic(r);
    registerPostgresSink(r);
    registerMySqlSink(r);
    registerPostgresQuerySource(r);
    registerMySqlQuerySource(r);
    registerPostgresCdcSource(r);
    registerMySqlCdcSource(r);
    registerAggregateTransform(r);
    registerJoinTransform(r);
    registerLakeSink(r);
    registerS3Sink(r);
    registerElasticsearchSink(r);
    registerMqttSource(r);
    registerHttpSource(r);
    return r;
  }();
  return registry;
}

const model::SpecRegistry& builtinSpecs() {
  return builtinFactories().specs();
}

model::ValidationOptions defaultValidationOptions(bool checkSecrets) {
  static const model::SecretSource systemSecrets = model::SecretSource::system();
  model::ValidationOptions options;
  options.checkExpression = [](std::string_view text) { return expr::checkExpression(text); };
  options.checkProjection = [](std::string_view text) { return expr::checkProjection(text); };
  if (checkSecrets) options.secrets = &systemSecrets;
  options.checkPipeline = [](const model::Pipeline& pipeline) { return checkCoPartitioning(pipeline).problems; };
  return options;
}

CoPartitioning checkCoPartitioning(const model::Pipeline& pipeline, const runtime::PartitionLookup& lookup) {
  CoPartitioning out;
  auto planned = runtime::insertRepartitions(pipeline, builtinSpecs(), lookup);
  Error e;
  if (planned) {
    Status members = runtime::checkJoinMembers(*planned, builtinSpecs());
    out.repartitions = std::move(planned->inserted);
    if (members) return out;
    e = members.error();
  } else {
    e = planned.error();
  }
  model::Diagnostic d;
  // A refusal names the join; a failed lookup names "node <topic>".
  const bool lookupFailed = e.where.rfind("node ", 0) == 0;
  d.nodeId = lookupFailed ? e.where.substr(5) : e.where;
  d.severity = lookupFailed ? model::Severity::Warning : model::Severity::Error;
  d.message = e.message;
  for (std::size_t i = 0; i < pipeline.nodes.size(); ++i)
    if (pipeline.nodes[i].id == d.nodeId) d.path = "$.nodes[" + std::to_string(i) + "]";
  out.problems.push_back(std::move(d));
  return out;
}

}  // namespace tributary::connectors
