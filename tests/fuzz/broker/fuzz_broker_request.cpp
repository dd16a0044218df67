// libFuzzer target for the broker's request decoder: the input is one request
// frame (header + body, without the size prefix), as the network thread hands
// it to the decoders. The record-batch checker is fed the same bytes, since
// Produce bodies carry batches straight from the network.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/broker/protocol.h"
#include "core/broker/record_batch.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  tributary::broker::proto::decodeFrame(bytes);
  tributary::broker::BatchHeader header;
  if (tributary::broker::checkBatch(bytes, header, false) == tributary::broker::BatchCheck::Ok)
    tributary::broker::findRecordByTimestamp(bytes, header, 0);
  return 0;
}
