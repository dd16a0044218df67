#pragma once
// CRC-32C (Castagnoli), the checksum of Kafka record batches (magic 2).
// Uses the SSE4.2 instruction when the CPU has it. Thread-safe.

#include <cstddef>
#include <cstdint>

namespace tributary::broker {

uint32_t crc32c(const void* data, std::size_t size, uint32_t crc = 0);

}  // namespace tributary::broker
