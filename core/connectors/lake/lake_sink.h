#pragma once
// The settings sink.lake and sink.s3 share (layout, partitioner, rotation,
// format): their spec fields and how a node's config becomes LakeOptions.

#include "core/connectors/lake/lake_writer.h"
#include "core/model/node_spec.h"

namespace tributary::connectors::lake {

void addLakeFields(model::NodeSpec& spec);
Result<LakeOptions> lakeOptionsFromConfig(const nlohmann::json& config);

}  // namespace tributary::connectors::lake
