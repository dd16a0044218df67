// tributary-runner validate FILE [--json] [--secrets]
#include <iostream>

#include "app/runner/cli.h"
#include "core/connectors/builtin.h"
#include "core/model/pipeline_file.h"

namespace tributary::cli {
namespace {

const char* kUsage = R"(Usage: tributary-runner validate FILE... [--json] [--secrets]

Checks pipeline files and prints every problem with its JSON path.

  --json      one JSON object per file: {"file", "valid", "problems": [...]}
  --secrets   also check that every ${env:NAME} and ${file:PATH} reference resolves here

Exit status: 0 all valid (warnings allowed), 1 a pipeline is invalid,
2 a file is unreadable or malformed.
)";

int run(const std::vector<std::string>& argv) {
  Args args(argv);
  bool json = args.flag("--json");
  bool secrets = args.flag("--secrets");
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
    auto diagnostics =
        model::validate(*pipeline, connectors::builtinSpecs(), connectors::defaultValidationOptions(secrets));
    bool valid = !model::hasErrors(diagnostics);
    if (!valid && exitCode == kExitOk) exitCode = kExitInvalid;
    if (json) {
      nlohmann::json problems = nlohmann::json::array();
      for (const auto& d : diagnostics) problems.push_back(model::toJson(d));
      std::cout << nlohmann::json{{"file", file}, {"valid", valid}, {"problems", problems}}.dump() << "\n";
      continue;
    }
    for (const auto& d : diagnostics) std::cout << file << ": " << model::format(d) << "\n";
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
