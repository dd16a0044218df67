// Feeds arbitrary bytes to the pipeline loader, then saves what it accepted and
// loads that again: parsing must never crash, and save → load must round-trip.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/model/pipeline_file.h"
#include "core/model/validate.h"
#include "core/model/spec_registry.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tributary::model;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto pipeline = parsePipeline(text);
  if (!pipeline.ok()) return 0;
  static const SpecRegistry empty;
  (void)validate(*pipeline, empty);
  std::string saved = serializePipeline(*pipeline);
  auto again = parsePipeline(saved);
  if (!again.ok() || !(*again == *pipeline) || serializePipeline(*again) != saved) std::abort();
  return 0;
}
