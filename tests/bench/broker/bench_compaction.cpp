// Log cleaner throughput next to a plain sequential read of the same segment
// files, in one run. Builds a compacted partition log of MEGABYTES of
// 100-record batches (KEYS distinct keys, 100-byte values), then times:
//   (1) reading every segment file front to back in 4 MiB preads (no parsing);
//   (2) one cleaner pass (offset map, CRC checks, rewrite, fsync) and its swap.
// Usage: bench_compaction [megabytes=128] [keys=10000]
// Both run on files the page cache holds (they were just written).
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/broker/crc32c.h"
#include "core/broker/log_cleaner.h"
#include "core/broker/partition_log.h"
#include "core/broker/wire.h"

using namespace tributary;
using namespace tributary::broker;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

void varint(std::string& out, int64_t v) {
  uint64_t u = (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
  while (u >= 0x80) {
    out.push_back(static_cast<char>((u & 0x7f) | 0x80));
    u >>= 7;
  }
  out.push_back(static_cast<char>(u));
}

std::string keyedBatch(std::mt19937& rng, int keys, int count, int64_t ts) {
  std::string records;
  std::uniform_int_distribution<int> pick(0, keys - 1);
  for (int i = 0; i < count; ++i) {
    std::string rec;
    rec.push_back(0);
    varint(rec, 0);
    varint(rec, i);
    std::string key = "key-" + std::to_string(pick(rng));
    varint(rec, static_cast<int64_t>(key.size()));
    rec += key;
    std::string value(100, static_cast<char>('a' + i % 26));
    varint(rec, static_cast<int64_t>(value.size()));
    rec += value;
    varint(rec, 0);
    varint(records, static_cast<int64_t>(rec.size()));
    records += rec;
  }
  std::string tail;
  wire::Writer w(tail);
  w.i16(0);
  w.i32(count - 1);
  w.i64(ts);
  w.i64(ts);
  w.i64(-1);
  w.i16(-1);
  w.i32(-1);
  w.i32(count);
  tail += records;
  std::string batch;
  wire::Writer b(batch);
  b.i64(0);
  b.i32(static_cast<int32_t>(4 + 1 + 4 + tail.size()));
  b.i32(0);
  b.i8(2);
  b.u32(crc32c(tail.data(), tail.size()));
  batch += tail;
  return batch;
}

double mbps(int64_t bytes, double seconds) {
  return seconds > 0 ? static_cast<double>(bytes) / (1024.0 * 1024.0) / seconds : 0;
}

}  // namespace

int main(int argc, char** argv) {
  long megabytes = argc > 1 ? std::atol(argv[1]) : 128;
  int keys = argc > 2 ? std::atoi(argv[2]) : 10000;
  if (megabytes < 1 || keys < 1) {
    std::fprintf(stderr, "usage: bench_compaction [megabytes>=1] [keys>=1]\n");
    return 2;
  }
  fs::path dir = fs::temp_directory_path() / ("bench-compaction-" + std::to_string(::getpid()));
  LogConfig config;
  config.segmentBytes = 16 << 20;
  config.compact = true;
  config.deleteOld = false;
  auto log = PartitionLog::open(dir, config);
  if (!log) {
    std::fprintf(stderr, "%s\n", log.error().toString().c_str());
    return 1;
  }
  std::mt19937 rng(42);
  int64_t target = static_cast<int64_t>(megabytes) << 20;
  int64_t records = 0;
  while ((*log)->sizeBytes() < target) {
    std::string batch = keyedBatch(rng, keys, 100, 1000);
    BatchHeader h;
    checkBatch(batch, h, true);
    if ((*log)->append(batch, {h}, 1000).error != 0) {
      std::fprintf(stderr, "append failed\n");
      return 1;
    }
    records += 100;
  }
  if (Status s = (*log)->flush(); !s) std::fprintf(stderr, "%s\n", s.error().toString().c_str());
  auto job = (*log)->cleanJob(0, true);
  if (!job) {
    std::fprintf(stderr, "nothing to clean\n");
    return 1;
  }

  // (1) Plain sequential read of the same files.
  int64_t readBytes = 0;
  std::string buf(4u << 20, '\0');
  auto t0 = Clock::now();
  for (const CleanInput& in : job->segments) {
    int fd = ::open(in.path.c_str(), O_RDONLY | O_CLOEXEC);
    for (;;) {
      ssize_t n = ::read(fd, buf.data(), buf.size());
      if (n <= 0) break;
      readBytes += n;
    }
    ::close(fd);
  }
  double readSeconds = std::chrono::duration<double>(Clock::now() - t0).count();

  // (2) One cleaner pass and its swap.
  std::atomic<bool> abort{false};
  auto t1 = Clock::now();
  auto result = cleanLog(*job, abort);
  double cleanSeconds = std::chrono::duration<double>(Clock::now() - t1).count();
  if (!result) {
    std::fprintf(stderr, "%s\n", result.error().toString().c_str());
    return 1;
  }
  int64_t inputBytes = 0;
  for (const CleanInput& in : job->segments) inputBytes += in.size;
  auto t2 = Clock::now();
  (*log)->applyCleaned(*result);
  double swapSeconds = std::chrono::duration<double>(Clock::now() - t2).count();

  std::printf("log: %lld records, %d keys, %zu closed segments, %.1f MB\n", static_cast<long long>(records), keys,
              job->segments.size(), static_cast<double>(inputBytes) / (1 << 20));
  std::printf("sequential read of the segments: %8.1f MB/s (%.3f s)\n", mbps(readBytes, readSeconds), readSeconds);
  std::printf("cleaner pass (map + rewrite):    %8.1f MB/s (%.3f s), %lld records removed, %.1f MB written\n",
              mbps(inputBytes, cleanSeconds), cleanSeconds, static_cast<long long>(result->recordsRemoved),
              static_cast<double>(result->bytesWritten) / (1 << 20));
  std::printf("swap into the log:               %.3f s\n", swapSeconds);
  std::printf("cleaner / sequential read:       %.2f\n", mbps(inputBytes, cleanSeconds) / mbps(readBytes, readSeconds));
  log->reset();
  std::error_code ec;
  fs::remove_all(dir, ec);
  return 0;
}
