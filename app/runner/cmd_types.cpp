// tributary-runner types [TYPE...]
#include <iostream>

#include "app/runner/cli.h"
#include "core/connectors/builtin.h"

namespace tributary::cli {
namespace {

const char* kUsage = R"(Usage: tributary-runner types [TYPE...]

Prints the specs of the node types this build knows (all, or the ones named)
as a JSON array: config fields with type, default, help and allowed values,
and the input and output ports.
)";

int run(const std::vector<std::string>& argv) {
  Args args(argv);
  std::vector<std::string> names;
  std::string error;
  if (!args.positionals(names, error)) {
    std::cerr << "types: " << error << "\n" << kUsage;
    return kExitBadInput;
  }
  const auto& registry = connectors::builtinSpecs();
  nlohmann::json out = nlohmann::json::array();
  if (names.empty()) {
    for (const model::NodeSpec* spec : registry.all()) out.push_back(model::toJson(*spec));
  } else {
    for (const std::string& name : names) {
      const model::NodeSpec* spec = registry.find(name);
      if (!spec) {
        std::cerr << "types: unknown node type '" << name << "'\n";
        return kExitBadInput;
      }
      out.push_back(model::toJson(*spec));
    }
  }
  std::cout << out.dump(2) << "\n";
  return kExitOk;
}

}  // namespace

Command typesCommand() { return {"types", "print the node types and their config fields as JSON", kUsage, run}; }

}  // namespace tributary::cli
