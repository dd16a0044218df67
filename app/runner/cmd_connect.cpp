// tributary-runner import-connect FILE... [--name NAME] [--out PIPELINE]
// tributary-runner export-connect PIPELINE [--out-dir DIR]
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/runner/cli.h"
#include "core/connectors/builtin.h"
#include "core/model/kafka_connect.h"
#include "core/model/pipeline_file.h"
#include "core/model/validate.h"

namespace tributary::cli {
namespace {

const char* kImportUsage = R"(Usage: tributary-runner import-connect FILE... [--name NAME] [--out PIPELINE.tributary.json]

Turns Kafka Connect connector configs (the JSON sent to Connect's REST API:
{"name": ..., "config": {...}}, a bare config, or an array of them) into one
pipeline. Connectors naming the same topic share its topic node; single
message transforms become transform nodes. Every setting without an
equivalent is listed on stderr with the reason; passwords become ${env:...}
references and are never written into the pipeline.

Covered: JDBC source and sink (PostgreSQL, MySQL/MariaDB), Debezium MySQL and
PostgreSQL, Confluent S3 sink, Elasticsearch sink, MQTT source, Datagen; SMTs
ExtractNewRecordState, ReplaceField, InsertField, Filter.

  --name NAME   the pipeline's name (default: the first file's name)
  --out FILE    write the pipeline there (default: print it)

Exit status: 0 imported (notes allowed), 1 nothing could be imported or the
result is not a valid pipeline, 2 a file is unreadable or malformed.
)";

const char* kExportUsage = R"(Usage: tributary-runner export-connect PIPELINE [--out-dir DIR]

Writes Kafka Connect configs for the nodes that have an equivalent, one
{"name", "config"} object per connector, ready for
  curl -X POST -H 'Content-Type: application/json' --data @NAME.json http://connect:8083/connectors
Nodes without an equivalent (a join, an aggregation, a file sink, ...) are
listed on stderr, with ksqlDB suggested where it applies.

  --out-dir DIR   write DIR/<connector>.json files (default: print a JSON array)

Exit status: 0 written (notes allowed), 1 no node has an equivalent,
2 the pipeline file is unreadable or malformed.
)";

Result<std::string> readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return makeError(ErrorCode::Io, "cannot read the file", path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int runImport(const std::vector<std::string>& argv) {
  Args args(argv);
  std::string name, out;
  args.option("--name", name);
  args.option("--out", out);
  std::vector<std::string> files;
  std::string error;
  if (!args.positionals(files, error) || files.empty()) {
    std::cerr << "import-connect: " << (error.empty() ? "name a connector config file" : error) << "\n" << kImportUsage;
    return kExitBadInput;
  }
  std::vector<model::connect::ConnectorConfig> connectors;
  for (const auto& file : files) {
    auto text = readFile(file);
    if (!text) {
      std::cerr << "import-connect: " << text.error().toString() << "\n";
      return kExitBadInput;
    }
    auto stem = std::filesystem::path(file).stem().string();
    auto parsed = model::connect::parseConnectorJson(*text, stem);
    if (!parsed) {
      std::cerr << "import-connect: " << file << ": " << parsed.error().toString() << "\n";
      return kExitBadInput;
    }
    for (auto& c : *parsed) connectors.push_back(std::move(c));
  }
  if (name.empty()) name = std::filesystem::path(files[0]).stem().string();
  auto imported = model::connect::importConnectors(connectors, name);
  if (!imported) {
    std::cerr << "import-connect: " << imported.error().toString() << "\n";
    return kExitInvalid;
  }
  std::cerr << model::connect::formatNotes(imported->notes);
  auto diagnostics = model::validate(imported->pipeline, connectors::builtinSpecs(), connectors::defaultValidationOptions(false));
  for (const auto& d : diagnostics) std::cerr << "import-connect: " << model::format(d) << "\n";
  if (out.empty()) {
    std::cout << model::serializePipeline(imported->pipeline);
  } else if (auto saved = model::savePipeline(imported->pipeline, out); !saved) {
    std::cerr << "import-connect: " << saved.error().toString() << "\n";
    return kExitFailure;
  } else {
    std::cerr << "import-connect: wrote " << out << " (" << imported->pipeline.nodes.size() << " nodes, "
              << imported->notes.size() << " notes)\n";
  }
  return model::hasErrors(diagnostics) ? kExitInvalid : kExitOk;
}

int runExport(const std::vector<std::string>& argv) {
  Args args(argv);
  std::string outDir;
  args.option("--out-dir", outDir);
  std::vector<std::string> files;
  std::string error;
  if (!args.positionals(files, error) || files.size() != 1) {
    std::cerr << "export-connect: " << (error.empty() ? "name one pipeline file" : error) << "\n" << kExportUsage;
    return kExitBadInput;
  }
  auto pipeline = model::loadPipeline(files[0]);
  if (!pipeline) {
    std::cerr << "export-connect: " << pipeline.error().toString() << "\n";
    return kExitBadInput;
  }
  auto exported = model::connect::exportConnectors(*pipeline);
  std::cerr << model::connect::formatNotes(exported.notes);
  if (exported.connectors.empty()) {
    std::cerr << "export-connect: no node of " << files[0] << " has a Kafka Connect equivalent\n";
    return kExitInvalid;
  }
  nlohmann::json all = nlohmann::json::array();
  for (const auto& c : exported.connectors) {
    nlohmann::json body = {{"name", c.name}, {"config", c.config}};
    if (outDir.empty()) {
      all.push_back(body);
      continue;
    }
    std::error_code ec;
    std::filesystem::create_directories(outDir, ec);
    auto path = std::filesystem::path(outDir) / (c.name + ".json");
    std::ofstream out(path);
    out << body.dump(2) << "\n";
    if (!out) {
      std::cerr << "export-connect: cannot write " << path.string() << "\n";
      return kExitFailure;
    }
    std::cerr << "export-connect: wrote " << path.string() << "\n";
  }
  if (outDir.empty()) std::cout << all.dump(2) << "\n";
  return kExitOk;
}

}  // namespace

Command importConnectCommand() {
  return {"import-connect", "turn Kafka Connect / Debezium connector configs into a pipeline", kImportUsage, runImport};
}
Command exportConnectCommand() {
  return {"export-connect", "write Kafka Connect configs for a pipeline's nodes", kExportUsage, runExport};
}

}  // namespace tributary::cli
