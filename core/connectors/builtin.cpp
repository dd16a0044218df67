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
  return options;
}

}  // namespace tributary::connectors
