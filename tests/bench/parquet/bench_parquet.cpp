// Benchmark of Parquet against JSON lines and against npm hyparquet, on the
// same records (id int64, name string of 1000 distinct values, amount double,
// ok bool, at timestamp), in one run:
//   - our writer (snappy) and JSON lines writing the records, records/s;
//   - our reader and the JSON-lines parser reading them back, records/s;
//   - hyparquet-writer writing the same rows and hyparquet reading both
//     files, and our reader reading hyparquet-writer's file (node, tests/tools).
// Rates are by this thread's (node: process's) CPU time: the machine is
// shared. Usage: bench_parquet [records]
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include <QProcess>
#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include "core/base/files.h"
#include "core/parquet/reader.h"
#include "core/parquet/writer.h"
#include "core/record/json.h"

using namespace tributary;
using record::Value;

namespace {

double cpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::vector<Value> makeRows(std::size_t n) {
  std::vector<Value> rows;
  rows.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    Value r = Value::makeObject(5);
    r.append("id", Value(static_cast<std::int64_t>(i)));
    r.append("name", Value("user-" + std::to_string(i % 1000)));
    r.append("amount", Value(static_cast<double>(i) * 0.5));
    r.append("ok", Value(i % 2 == 0));
    r.append("at", Value::timestampMicros((1700000000000LL + static_cast<std::int64_t>(i)) * 1000));
    rows.push_back(std::move(r));
  }
  return rows;
}

double readRate(const std::string& path, std::size_t expect) {
  auto bytes = base::readFile(path, std::size_t{1} << 31);
  if (!bytes) {
    std::fprintf(stderr, "%s\n", bytes.error().toString().c_str());
    std::exit(1);
  }
  double t = cpuSeconds();
  auto reader = parquet::ParquetReader::openBuffer(std::move(*bytes), path);
  if (!reader) {
    std::fprintf(stderr, "%s\n", reader.error().toString().c_str());
    std::exit(1);
  }
  Value row;
  std::size_t n = 0;
  while (true) {
    auto more = reader->next(row);
    if (!more) {
      std::fprintf(stderr, "%s\n", more.error().toString().c_str());
      std::exit(1);
    }
    if (!*more) break;
    ++n;
  }
  double s = cpuSeconds() - t;
  if (n != expect) {
    std::fprintf(stderr, "%s: read %zu rows, expected %zu\n", path.c_str(), n, expect);
    std::exit(1);
  }
  return static_cast<double>(n) / s;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 500000;
  auto rows = makeRows(n);
  std::string dir = "/tmp/bench_parquet." + std::to_string(::getpid());
  std::filesystem::create_directories(dir);

  // Parquet write (schema inference included).
  double t = cpuSeconds();
  auto writer = parquet::ParquetWriter::make(parquet::inferSchema(rows), {});
  for (const Value& r : rows)
    if (!writer->append(r).ok()) return 1;
  auto file = writer->finish();
  double parquetWrite = static_cast<double>(n) / (cpuSeconds() - t);
  std::string ours = dir + "/ours.parquet";
  if (!base::writeFileAtomically(ours, *file).ok()) return 1;

  // JSON lines write.
  t = cpuSeconds();
  std::string jsonl;
  for (const Value& r : rows) {
    record::appendJson(r, jsonl);
    jsonl.push_back('\n');
  }
  double jsonWrite = static_cast<double>(n) / (cpuSeconds() - t);

  double parquetRead = readRate(ours, n);

  // JSON lines read.
  t = cpuSeconds();
  std::size_t count = 0, start = 0;
  while (start < jsonl.size()) {
    std::size_t nl = jsonl.find('\n', start);
    auto v = record::parseJson(std::string_view(jsonl).substr(start, nl - start));
    if (!v) return 1;
    ++count;
    start = nl + 1;
  }
  double jsonRead = static_cast<double>(count) / (cpuSeconds() - t);

  std::printf("records: %zu (id int64, name string, amount double, ok bool, at timestamp)\n", n);
  std::printf("file sizes: parquet (snappy) %zu bytes, JSON lines %zu bytes (%.2fx)\n", file->size(), jsonl.size(),
              static_cast<double>(jsonl.size()) / static_cast<double>(file->size()));
  std::printf("write: parquet %.0f records/s, JSON lines %.0f records/s, ratio parquet/json %.2f\n", parquetWrite,
              jsonWrite, parquetWrite / jsonWrite);
  std::printf("read:  parquet %.0f records/s, JSON lines %.0f records/s, ratio parquet/json %.2f\n", parquetRead,
              jsonRead, parquetRead / jsonRead);

  // npm hyparquet-writer / hyparquet on the same rows and files.
  std::string npm = dir + "/npm.parquet";
  QProcess node;
  node.start(QStringLiteral("/usr/bin/node"),
             {QStringLiteral(TRIBUTARY_SOURCE_DIR "/tests/integration/parquet/parquet_tool.mjs"),
              QStringLiteral("bench"), QString::fromStdString(npm), QString::number(n), QString::fromStdString(ours)});
  if (!node.waitForFinished(600000) || node.exitCode() != 0) {
    std::printf("npm comparison skipped: node failed (%s) — run scripts/test-tools.sh\n",
                node.readAllStandardError().constData());
  } else {
    auto js = nlohmann::json::parse(node.readAllStandardOutput().toStdString());
    double npmWrite = js["writeRowsPerS"], npmReadOwn = js["readOwnRowsPerS"], npmReadOurs = js["readOtherRowsPerS"];
    double oursReadNpm = readRate(npm, n);
    std::printf("write: ours %.0f rows/s, hyparquet-writer %.0f rows/s, ratio %.2f\n", parquetWrite, npmWrite,
                parquetWrite / npmWrite);
    std::printf("read ours.parquet: ours %.0f rows/s, hyparquet %.0f rows/s, ratio %.2f\n", parquetRead, npmReadOurs,
                parquetRead / npmReadOurs);
    std::printf("read npm.parquet (dictionary, v2 pages): ours %.0f rows/s, hyparquet %.0f rows/s, ratio %.2f\n",
                oursReadNpm, npmReadOwn, oursReadNpm / npmReadOwn);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
