// Benchmark of the Avro codec against the JSON codec on the same records
// (seed 004's product rows: id, name, category, price as a decimal(10,2),
// last_updated as timestamp-millis, stock, active, description), in one run:
// encode Value -> bytes and decode bytes -> Value, records/s per core (thread
// CPU time: the machine is shared) and the Avro/JSON ratios, plus the bytes
// per record. Single-threaded. Usage: bench_avro [records] [rounds]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/avro/codec.h"
#include "core/record/json.h"

using namespace tributary;
using record::Value;

namespace {

double cpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

const char* kSchema = R"({"type":"record","name":"Product","namespace":"seed004","fields":[
  {"name":"id","type":"long"},
  {"name":"name","type":"string"},
  {"name":"category","type":"string"},
  {"name":"price","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}},
  {"name":"last_updated","type":{"type":"long","logicalType":"timestamp-millis"}},
  {"name":"stock","type":"int"},
  {"name":"active","type":"boolean"},
  {"name":"description","type":["null","string"],"default":null}]})";

std::vector<Value> makeRecords(std::size_t n) {
  std::mt19937_64 rng(42);
  const char* words[] = {"lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do"};
  std::vector<Value> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::string desc;
    for (int w = 0; w < 5; ++w) desc += (w ? " " : "") + std::string(words[rng() % 10]);
    char price[32];
    std::snprintf(price, sizeof price, "%d.%02d", static_cast<int>(rng() % 100), static_cast<int>(rng() % 100));
    Value v = Value::makeObject(8);
    v.append("id", Value(static_cast<std::int64_t>(i)));
    v.append("name", Value("Product " + std::to_string(i)));
    v.append("category", Value("cat_" + std::to_string(rng() % 9 + 1)));
    v.append("price", Value::decimal(price));
    v.append("last_updated", Value::timestampMicros(1709251200000000LL + static_cast<std::int64_t>(rng() % 86400000) * 1000));
    v.append("stock", Value(static_cast<std::int64_t>(rng() % 500)));
    v.append("active", Value(rng() % 2 == 0));
    v.append("description", Value(desc));
    out.push_back(std::move(v));
  }
  return out;
}

struct Figures {
  double encodePerSec = 0, decodePerSec = 0, bytesPerRecord = 0;
};

}  // namespace

int main(int argc, char** argv) {
  std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 200000;
  int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
  auto schema = avro::Schema::parse(kSchema);
  if (!schema) {
    std::fprintf(stderr, "schema: %s\n", schema.error().toString().c_str());
    return 1;
  }
  auto codec = avro::Codec::create(std::make_shared<const avro::Schema>(std::move(*schema)));
  if (!codec) {
    std::fprintf(stderr, "codec: %s\n", codec.error().toString().c_str());
    return 1;
  }
  std::vector<Value> records = makeRecords(n);

  Figures json, avro;
  for (int round = 0; round < rounds; ++round) {
    // JSON: appendJson per record into one buffer, parseJson per record.
    std::vector<std::string> jsonBytes(n);
    double t0 = cpuSeconds();
    for (std::size_t i = 0; i < n; ++i) record::appendJson(records[i], jsonBytes[i]);
    double t1 = cpuSeconds();
    std::size_t checksum = 0, total = 0;
    for (std::size_t i = 0; i < n; ++i) {
      auto v = record::parseJson(jsonBytes[i]);
      if (!v) return 2;
      checksum += v->size();
      total += jsonBytes[i].size();
    }
    double t2 = cpuSeconds();
    json.encodePerSec = std::max(json.encodePerSec, static_cast<double>(n) / (t1 - t0));
    json.decodePerSec = std::max(json.decodePerSec, static_cast<double>(n) / (t2 - t1));
    json.bytesPerRecord = static_cast<double>(total) / static_cast<double>(n);

    // Avro: Codec::encode and Codec::decode per record (the same Values).
    std::vector<std::string> avroBytes(n);
    t0 = cpuSeconds();
    for (std::size_t i = 0; i < n; ++i)
      if (!(*codec)->encode(records[i], avroBytes[i]).ok()) return 3;
    t1 = cpuSeconds();
    total = 0;
    for (std::size_t i = 0; i < n; ++i) {
      auto v = (*codec)->decode(avroBytes[i]);
      if (!v) return 4;
      checksum -= v->size();
      total += avroBytes[i].size();
    }
    t2 = cpuSeconds();
    if (checksum != 0) return 5;  // both decoders saw every field
    avro.encodePerSec = std::max(avro.encodePerSec, static_cast<double>(n) / (t1 - t0));
    avro.decodePerSec = std::max(avro.decodePerSec, static_cast<double>(n) / (t2 - t1));
    avro.bytesPerRecord = static_cast<double>(total) / static_cast<double>(n);
  }
  std::printf("records: %zu x %d rounds (best round), one thread, CPU time\n", n, rounds);
  std::printf("%-8s %14s %14s %10s\n", "codec", "encode rec/s", "decode rec/s", "bytes/rec");
  std::printf("%-8s %14.0f %14.0f %10.1f\n", "json", json.encodePerSec, json.decodePerSec, json.bytesPerRecord);
  std::printf("%-8s %14.0f %14.0f %10.1f\n", "avro", avro.encodePerSec, avro.decodePerSec, avro.bytesPerRecord);
  std::printf("avro/json: encode %.2fx, decode %.2fx, size %.2fx\n", avro.encodePerSec / json.encodePerSec,
              avro.decodePerSec / json.decodePerSec, avro.bytesPerRecord / json.bytesPerRecord);
  return 0;
}
