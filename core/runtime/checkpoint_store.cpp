#include "core/runtime/checkpoint_store.h"

#include <chrono>

#include "core/base/clock.h"
#include "core/base/files.h"
#include "core/record/timestamp.h"

namespace tributary::runtime {

std::filesystem::path stateFolderFor(const std::filesystem::path& checkpointFile) {
  return checkpointFile.parent_path() / (checkpointFile.stem().stem().string() + ".state");
}

CheckpointStore::CheckpointStore(std::filesystem::path directory, std::string pipelineName)
    : m_pipeline(std::move(pipelineName)) {
  std::string safe = m_pipeline.empty() ? "pipeline" : m_pipeline;
  for (char& c : safe)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) c = '_';
  m_file = std::move(directory) / (safe + ".checkpoint.json");
}

Result<nlohmann::json> CheckpointStore::load() const {
  std::error_code ec;
  if (!std::filesystem::exists(m_file, ec)) return nlohmann::json::object();
  auto text = base::readFile(m_file, 64 * 1024 * 1024);
  if (!text) return text.error();
  auto doc = nlohmann::json::parse(*text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("sources") || !doc["sources"].is_object())
    return makeError(ErrorCode::Invalid,
                     "the checkpoint file is damaged; move it away to start from the beginning of every source",
                     m_file.string());
  return doc["sources"];
}

Status CheckpointStore::save(const nlohmann::json& sources) {
  std::error_code ec;
  std::filesystem::create_directories(m_file.parent_path(), ec);
  auto now = base::wallMicros();
  nlohmann::json doc = {{"tributary_checkpoint", 1},
                        {"pipeline", m_pipeline},
                        {"updated", record::formatIsoTimestamp(now)},
                        {"sources", sources}};
  return base::writeFileAtomically(m_file, doc.dump(2) + "\n");
}

}  // namespace tributary::runtime
