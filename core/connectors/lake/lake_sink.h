#pragma once
// The settings sink.lake and sink.s3 share (layout, partitioner, rotation,
// format): their spec fields and how a node's config becomes LakeOptions.

#include "core/connectors/lake/lake_writer.h"
#include "core/model/node_spec.h"
#include "core/runtime/node.h"

namespace tributary::connectors::lake {

void addLakeFields(model::NodeSpec& spec);
// Relative paths (an Avro schema file) resolve against the context's work
// folder; an Avro subject is read from the node's or the cluster's registry.
Result<LakeOptions> lakeOptionsFromConfig(const runtime::NodeContext& context);

}  // namespace tributary::connectors::lake
