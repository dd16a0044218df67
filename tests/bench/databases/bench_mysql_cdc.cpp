// Prints source.mysql.cdc's snapshot and streaming rows/s for ~200-byte rows
// on a throw-away MariaDB 10.11, next to the server's own tools on the same
// data in the same run: `mariadb -e 'SELECT *'` for the snapshot and
// `mariadb-binlog --read-from-remote-server -v` (mysqlbinlog) decoding the
// same binlog stretch for streaming. Also rows per CPU-second: of this process
// for the source (it runs on one thread, so that is rows/s per core), of the
// client tool for the references (the server's own CPU is in neither).
//   ./bench_mysql_cdc [rows]      (default 200000)
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "core/connectors/builtin.h"
#include "tests/integration/databases/db_servers.h"

using namespace tributary;

namespace {

class Quiet final : public runtime::ErrorReporter {
 public:
  void report(const record::Record&, const Error& e) override { std::fprintf(stderr, "bad: %s\n", e.toString().c_str()); }
  void reportRaw(std::string_view, const Error&, record::SourcePosition) override {}
  bool failed() const override { return false; }
};

double cpuSeconds(int who = RUSAGE_SELF) {
  rusage u{};
  ::getrusage(who, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::unique_ptr<runtime::Source> makeSource(const testing::MariaDbServer& db, nlohmann::json config) {
  config["url"] = "tcp://127.0.0.1:" + std::to_string(db.port());
  config["user"] = "tributary";
  config["password"] = "secret";
  config["tables"] = {"shop.bench"};
  runtime::NodeContext ctx;
  ctx.pipeline = "bench";
  ctx.nodeId = "cdc";
  ctx.type = "source.mysql.cdc";
  ctx.config = config;
  auto s = connectors::builtinFactories().find("source.mysql.cdc")->source(ctx);
  if (!s) {
    std::fprintf(stderr, "%s\n", s.error().toString().c_str());
    return nullptr;
  }
  return std::move(*s);
}

struct Run {
  double seconds = 0;
  double cpu = 0;
  std::uint64_t rows = 0;
  std::uint64_t bytes = 0;
};

// Polls until `rows` records came (batches of 1,024, as the engine asks for).
Run drain(runtime::Source& s, std::uint64_t rows) {
  Quiet errors;
  Run r;
  auto t0 = std::chrono::steady_clock::now();
  double c0 = cpuSeconds();
  while (r.rows < rows && since(t0) < 600) {
    record::Batch batch;
    auto p = s.poll(batch, 1024, errors);
    if (p.error) {
      std::fprintf(stderr, "poll: %s\n", p.error->toString().c_str());
      break;
    }
    r.rows += batch.size();
    r.bytes += p.bytes;
  }
  r.seconds = since(t0);
  r.cpu = cpuSeconds() - c0;
  return r;
}

void print(const char* what, const Run& r) {
  std::printf("%-56s %9.0f rows/s  (%llu rows in %.2f s; %.0f rows per CPU-second)\n", what,
              r.rows / r.seconds, static_cast<unsigned long long>(r.rows), r.seconds,
              r.cpu > 0 ? r.rows / r.cpu : 0.0);
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t rows = argc > 1 ? std::stoull(argv[1]) : 200000;
  testing::MariaDbServer db;
  if (!db.ok()) {
    std::fprintf(stderr, "MariaDB did not start\n");
    return 1;
  }
  db.client(
      "CREATE TABLE bench (id INT PRIMARY KEY, name VARCHAR(40), email VARCHAR(60), address VARCHAR(150), "
      "score DOUBLE, created DATETIME(6)) ENGINE=InnoDB");
  std::string status = db.client("SHOW MASTER STATUS");
  std::string file = status.substr(0, status.find('\t'));
  std::string pos = status.substr(status.find('\t') + 1);
  pos = pos.substr(0, pos.find('\t'));
  // ~200-byte rows, 10,000 per transaction (row events of ~8 KB each, as the server writes them).
  auto t0 = std::chrono::steady_clock::now();
  for (std::uint64_t from = 1; from <= rows; from += 10000) {
    std::uint64_t to = std::min(rows, from + 9999);
    db.client("INSERT INTO bench SELECT seq, CONCAT('user-', seq), CONCAT('user', seq, '@example.com'), "
              "REPEAT(CHAR(97 + seq % 26), 150), seq * 0.5, '2024-01-01 00:00:00' + INTERVAL seq SECOND FROM seq_" +
              std::to_string(from) + "_to_" + std::to_string(to));
  }
  std::string count = db.client("SELECT COUNT(*), AVG(LENGTH(name) + LENGTH(email) + LENGTH(address) + 8 + 8 + 4) FROM bench");
  std::printf("MariaDB 10.11, %s rows (count, avg bytes: %s) loaded in %.1f s; binlog from %s:%s\n",
              std::to_string(rows).c_str(), count.substr(0, count.size() - 1).c_str(), since(t0), file.c_str(),
              pos.c_str());

  // Snapshot: the consistent read of the whole table.
  {
    auto src = makeSource(db, {{"snapshot_mode", "initial"}});
    Quiet errors;
    if (!src || !src->open(nullptr, errors).ok()) return 1;
    print("source.mysql.cdc snapshot (op r envelopes)", drain(*src, rows));
    src->close();
  }
  {
    auto t = std::chrono::steady_clock::now();
    double c0 = cpuSeconds(RUSAGE_CHILDREN);
    int rc = 0;
    testing::runCapture("mariadb --no-defaults --socket=" + db.socket() +
                            " -uroot -N -B shop -e 'SELECT * FROM bench' > /dev/null",
                        &rc);
    Run r;
    r.rows = rows;
    r.seconds = since(t);
    r.cpu = cpuSeconds(RUSAGE_CHILDREN) - c0;
    print("mariadb client SELECT * > /dev/null (reference)", r);
  }
  // Streaming: the same rows as row events, from the position before the inserts.
  {
    auto src = makeSource(db, {{"snapshot_mode", "initial"}});
    Quiet errors;
    nlohmann::json cp = {{"seq", 1}, {"snapshot_done", true}, {"file", file}, {"pos", std::stoull(pos)}, {"gtid", ""}};
    if (!src || !src->open(cp, errors).ok()) return 1;
    print("source.mysql.cdc streaming (op c envelopes)", drain(*src, rows));
    src->close();
  }
  {
    auto t = std::chrono::steady_clock::now();
    double c0 = cpuSeconds(RUSAGE_CHILDREN);
    int rc = 0;
    testing::runCapture("mariadb-binlog --no-defaults --read-from-remote-server --host=127.0.0.1 --port=" +
                            std::to_string(db.port()) + " --user=tributary --password=secret --start-position=" + pos +
                            " -v --base64-output=DECODE-ROWS " + file + " > /dev/null 2>&1",
                        &rc);
    Run r;
    r.rows = rows;
    r.seconds = since(t);
    r.cpu = cpuSeconds(RUSAGE_CHILDREN) - c0;
    print(rc == 0 ? "mariadb-binlog -v decoding the same binlog (reference)" : "mariadb-binlog FAILED", r);
  }
  return 0;
}
