// Prints source.postgres.cdc's initial snapshot and streaming rates for rows
// of ~200 bytes, next to pg_recvlogical decoding the same changes with the
// same plugin (pgoutput) and publication in the same run (the practical
// limit: the server's decoding). "per CPU s" divides by the CPU time this
// process spent, i.e. rows per second of one core of ours.
//   ./bench_postgres_cdc [rows]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>

#include "core/connectors/builtin.h"
#include "tests/integration/databases/db_servers.h"

using namespace tributary;

namespace {

class Ignore final : public runtime::ErrorReporter {
 public:
  void report(const record::Record&, const Error& e) override {
    std::fprintf(stderr, "bad: %s\n", e.toString().c_str());
  }
  void reportRaw(std::string_view, const Error&, record::SourcePosition) override {}
  bool failed() const override { return false; }
};

double cpuSeconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct Measured {
  std::size_t rows = 0;
  double wall = 0, cpu = 0;
};

// Polls until `rows` records arrived, acknowledging each batch as a fast sink would.
Measured drain(runtime::Source& src, std::size_t rows) {
  Ignore errors;
  Measured m;
  runtime::PositionMap acked;
  auto t0 = std::chrono::steady_clock::now();
  double c0 = cpuSeconds();
  auto deadline = t0 + std::chrono::minutes(5);
  while (m.rows < rows && std::chrono::steady_clock::now() < deadline) {
    record::Batch batch;
    auto r = src.poll(batch, 1024, errors);
    if (r.error) {
      std::fprintf(stderr, "poll: %s\n", r.error->toString().c_str());
      break;
    }
    m.rows += batch.size();
    for (const auto& p : r.resume) acked[p.partition] = p.offset;
    if (!r.resume.empty()) src.checkpointState(acked);
    if (r.waitMs > 0) std::this_thread::sleep_for(std::chrono::milliseconds(r.waitMs));
  }
  m.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  m.cpu = cpuSeconds() - c0;
  return m;
}

void print(const char* what, const Measured& m) {
  std::printf("%-34s %9zu rows  %10.0f rows/s  %10.0f rows per CPU s\n", what, m.rows,
              m.wall > 0 ? static_cast<double>(m.rows) / m.wall : 0,
              m.cpu > 0 ? static_cast<double>(m.rows) / m.cpu : 0);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t rows = argc > 1 ? std::stoul(argv[1]) : 200000;
  testing::PostgresServer pg;
  if (!pg.ok()) return 1;
  // ~200 bytes a row: id, two short texts, a 120-character address, a double.
  std::string fill =
      "INSERT INTO %T SELECT g, 'user-' || g, 'user' || g || '@example.com', repeat(chr(97 + g % 26), 120), "
      "g * 0.5 FROM generate_series(%A, %B) g";
  auto insert = [&](const std::string& table, std::size_t from, std::size_t to) {
    std::string s = fill;
    s.replace(s.find("%T"), 2, table);
    s.replace(s.find("%A"), 2, std::to_string(from));
    s.replace(s.find("%B"), 2, std::to_string(to));
    pg.query(s);
  };
  pg.query("CREATE TABLE users (id bigint PRIMARY KEY, name text, email text, address text, score double precision)");
  insert("users", 1, rows);
  std::string width = pg.query("SELECT avg(pg_column_size(u.*))::int FROM users u");
  if (!width.empty()) width.pop_back();
  std::printf("rows: %zu of ~%s bytes (pg_column_size)\n", rows, width.c_str());

  nlohmann::json config = {
      {"url", pg.url()}, {"tables", {"users"}}, {"slot_name", "bench"}, {"publication_name", "bench"}};
  runtime::NodeContext ctx;
  ctx.nodeId = "bench";
  ctx.type = "source.postgres.cdc";
  ctx.config = config;
  auto made = connectors::builtinFactories().find(ctx.type)->source(ctx);
  if (!made) {
    std::fprintf(stderr, "%s\n", made.error().toString().c_str());
    return 1;
  }
  auto& src = **made;
  Ignore errors;
  if (Status s = src.open(nullptr, errors); !s) {
    std::fprintf(stderr, "%s\n", s.error().toString().c_str());
    return 1;
  }
  Measured snap = drain(src, rows);
  auto t0 = std::chrono::steady_clock::now();
  pg.query("\\copy users TO '/dev/null'");
  double copySeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // Streaming: a second slot for pg_recvlogical, then the same changes for both.
  pg.query("SELECT pg_create_logical_replication_slot('recv', 'pgoutput')");
  std::string startLsn = pg.query("SELECT pg_current_wal_lsn()");
  insert("users", rows + 1, 2 * rows);
  std::string endLsn = pg.query("SELECT pg_current_wal_lsn()");
  endLsn.pop_back();
  startLsn.pop_back();
  Measured stream = drain(src, rows);
  src.close();

  t0 = std::chrono::steady_clock::now();
  int rc = 0;
  testing::runCapture("pg_recvlogical -h 127.0.0.1 -p " + std::to_string(pg.port()) +
                          " -U postgres -d postgres -S recv --start --endpos=" + endLsn +
                          " -o proto_version=1 -o publication_names=bench -f /dev/null 2>&1",
                      &rc);
  double recvSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  print("source.postgres.cdc snapshot", snap);
  std::printf("%-34s %9zu rows  %10.0f rows/s\n", "psql \\copy users TO /dev/null", rows,
              static_cast<double>(rows) / copySeconds);
  print("source.postgres.cdc streaming", stream);
  std::printf("%-34s %9zu rows  %10.0f rows/s   (exit %d, %s..%s)\n", "pg_recvlogical (pgoutput)", rows,
              static_cast<double>(rows) / recvSeconds, rc, startLsn.c_str(), endLsn.c_str());
  std::printf("streaming / pg_recvlogical: %.2f\n",
              (static_cast<double>(stream.rows) / stream.wall) / (static_cast<double>(rows) / recvSeconds));
  return 0;
}
