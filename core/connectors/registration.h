#pragma once
// Internal: each connector file defines one of these; builtin.cpp calls them
// all to fill builtinFactories().

#include <memory>
#include <string>

#include "core/runtime/factory.h"

namespace tributary::connectors {

void registerDatagenSource(runtime::FactoryRegistry& registry);
void registerFileSource(runtime::FactoryRegistry& registry);
void registerParquetSource(runtime::FactoryRegistry& registry);
// The Parquet source over a path or glob (already resolved): source.parquet,
// and source.file with format parquet.
std::unique_ptr<runtime::Source> makeParquetSource(std::string pattern);
void registerFilterTransform(runtime::FactoryRegistry& registry);
void registerMapTransform(runtime::FactoryRegistry& registry);
void registerUnwrapTransform(runtime::FactoryRegistry& registry);
void registerFileSink(runtime::FactoryRegistry& registry);
void registerStdoutSink(runtime::FactoryRegistry& registry);
void registerTopic(runtime::FactoryRegistry& registry);
void registerPostgresSink(runtime::FactoryRegistry& registry);
void registerMySqlSink(runtime::FactoryRegistry& registry);
void registerPostgresQuerySource(runtime::FactoryRegistry& registry);
void registerMySqlQuerySource(runtime::FactoryRegistry& registry);
void registerPostgresCdcSource(runtime::FactoryRegistry& registry);
void registerMySqlCdcSource(runtime::FactoryRegistry& registry);
void registerAggregateTransform(runtime::FactoryRegistry& registry);
void registerJoinTransform(runtime::FactoryRegistry& registry);
void registerLakeSink(runtime::FactoryRegistry& registry);
void registerS3Sink(runtime::FactoryRegistry& registry);
void registerElasticsearchSink(runtime::FactoryRegistry& registry);
void registerMqttSource(runtime::FactoryRegistry& registry);
void registerHttpSource(runtime::FactoryRegistry& registry);

}  // namespace tributary::connectors
