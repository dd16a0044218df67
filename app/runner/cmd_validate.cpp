// tributary-runner validate FILE [--json] [--secrets]
#include <iostream>

#include "app/runner/cli.h"
#include "core/connectors/builtin.h"
#include "core/connectors/topic_common.h"
#include "core/model/pipeline_file.h"

namespace tributary::cli {
namespace {

const char* kUsage = R"(Usage: tributary-runner validate FILE... [--json] [--secrets] [--cluster ADDR]

Checks pipeline files and prints every problem with its JSON path, and the
repartition topics a run inserts in front of aggregates and joins whose input
topic is not keyed by their key (docs/stream-processing.md, Co-partitioning).

  --json      one JSON object per file: {"file", "valid", "problems": [...],
              "repartitions": [...]}
  --secrets   also check that every ${env:NAME} and ${file:PATH} reference resolves here
  --cluster ADDR  ask this Kafka cluster (HOST:PORT,...; "pipeline": the pipeline's
              own) for the partition counts of the topics the joins read, so that
              inputs with different counts are refused now rather than at run
              start; without it only counts the pipeline declares are compared

Exit status: 0 all valid (warnings allowed), 1 a pipeline is invalid,
2 a file is unreadable or malformed.
)";

int run(const std::vector<std::string>& argv) {
  Args args(argv);
  bool json = args.flag("--json");
  bool secrets = args.flag("--secrets");
  std::string cluster;
  bool askCluster = args.option("--cluster", cluster);
  std::vector<std::string> files;
  std::string error;
  if (!args.positionals(files, error) || files.empty()) {
    std::cerr << "validate: " << (error.empty() ? "name a pipeline file" : error) << "\n" << kUsage;
    return kExitBadInput;
  }
  int exitCode = kExitOk;
  for (const std::string& file : files) {
    auto pipeline = model::loadPipeline(file);
    if (!pipeline) {
      if (json)
        std::cout << nlohmann::json{{"file", file}, {"valid", false}, {"error", pipeline.error().toString()}}.dump()
                  << "\n";
      else
        std::cerr << pipeline.error().toString() << "\n";
      exitCode = kExitBadInput;
      continue;
    }
    model::ValidationOptions options = connectors::defaultValidationOptions(secrets);
    std::vector<runtime::Repartition> repartitions;
    model::Pipeline asked = *pipeline;
    if (askCluster && cluster != "pipeline") asked.cluster.bootstrap = cluster;
    options.checkPipeline = [&](const model::Pipeline& p) {
      runtime::PartitionLookup lookup;
      if (askCluster) lookup = [&](const model::Node& topic) { return connectors::topicPartitionCount(asked, topic); };
      auto checked = connectors::checkCoPartitioning(p, lookup);
      repartitions = std::move(checked.repartitions);
      return checked.problems;
    };
    auto diagnostics = model::validate(*pipeline, connectors::builtinSpecs(), options);
    bool valid = !model::hasErrors(diagnostics);
    if (!valid && exitCode == kExitOk) exitCode = kExitInvalid;
    if (json) {
      nlohmann::json problems = nlohmann::json::array();
      for (const auto& d : diagnostics) problems.push_back(model::toJson(d));
      nlohmann::json inserted = nlohmann::json::array();
      for (const runtime::Repartition& r : repartitions)
        inserted.push_back({{"node", r.node}, {"port", r.port}, {"topic_node", r.topicNode}, {"topic", r.topic},
                            {"key", r.key}, {"source_node", r.sourceNode}, {"source_topic", r.sourceTopic},
                            {"partitions", r.partitions}, {"reason", r.reason}});
      std::cout << nlohmann::json{{"file", file}, {"valid", valid}, {"problems", problems}, {"repartitions", inserted}}
                       .dump()
                << "\n";
      continue;
    }
    for (const auto& d : diagnostics) std::cout << file << ": " << model::format(d) << "\n";
    for (const runtime::Repartition& r : repartitions) std::cout << file << ": " << runtime::describe(r) << "\n";
    std::size_t errors = 0;
    for (const auto& d : diagnostics) errors += d.severity == model::Severity::Error;
    std::cout << file << ": " << (valid ? "valid" : "invalid") << " (" << errors << " error"
              << (errors == 1 ? "" : "s") << ", " << diagnostics.size() - errors << " warning"
              << (diagnostics.size() - errors == 1 ? "" : "s") << ")\n";
  }
  return exitCode;
}

}  // namespace

Command validateCommand() { return {"validate", "check pipeline files and list their problems", kUsage, run}; }

}  // namespace tributary::cli
