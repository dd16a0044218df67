#pragma once
// What `tributary-runner run` says about where a pipeline resumes, and what
// `run --reset` clears: the checkpoint file of the sources the engine reads
// (datagen, files, ...) and, for the topics the pipeline consumes, the
// committed offsets of their consumer groups.

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/result.h"
#include "core/model/pipeline.h"
#include "core/runtime/repartition.h"

namespace tributary::cli {

// The checkpoint's "sources" object (empty when there is no file or it is unreadable).
nlohmann::json readCheckpointSources(const std::filesystem::path& file);

// "resuming: source `gen` at record 49,990 of 200,000; topic `mid` from
// committed offsets (group ...)", or "" when nothing is resumed.
std::string describeResume(const model::Pipeline& pipeline, const nlohmann::json& sources);

// Removes the checkpoint file and makes consumed topic nodes start at their
// `start` (earliest, latest or start_time) instead of their group's
// committed offsets (connectors::setTopicsStartOver).
// The repartition topics the planner inserted are emptied: what they hold was
// counted by the state that is deleted.
Status resetRun(const model::Pipeline& pipeline, const std::filesystem::path& checkpointFile,
                const std::vector<runtime::Repartition>& repartitions = {});

// A client.id for a `run`: host name plus a short hash of the state folder,
// so a restarted run (same folder) is the same static group member and two
// runs with different folders are not.
std::string runClientId(const std::filesystem::path& stateDir);

}  // namespace tributary::cli
