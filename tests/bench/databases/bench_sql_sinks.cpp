// Prints rows/s of sink.postgres and sink.mysql (insert and upsert, batches of
// 1,000 rows of ~200 bytes) next to psql \copy and LOAD DATA LOCAL INFILE of
// the same rows into the same table shape, in the same run.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>

#include "core/connectors/builtin.h"
#include "tests/integration/databases/db_servers.h"

using namespace tributary;
using record::Value;

namespace {

// A client's answer without its trailing newline.
std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  return text;
}

class Ignore final : public runtime::ErrorReporter {
 public:
  void report(const record::Record&, const Error& e) override {
    std::fprintf(stderr, "bad: %s\n", e.toString().c_str());
  }
  void reportRaw(std::string_view, const Error&, record::SourcePosition) override {}
  bool failed() const override { return false; }
};

std::vector<record::Batch> makeRows(std::size_t rows, std::size_t batchSize) {
  std::vector<record::Batch> out;
  for (std::size_t i = 0; i < rows; ++i) {
    if (i % batchSize == 0) out.emplace_back();
    record::Record r;
    r.value = Value::makeObject(5);
    r.value.append("id", Value(static_cast<std::int64_t>(i + 1)));
    r.value.append("name", Value("user-" + std::to_string(i)));
    r.value.append("email", Value("user" + std::to_string(i) + "@example.com"));
    r.value.append("address", Value(std::string(120, static_cast<char>('a' + i % 26))));
    r.value.append("score", Value(static_cast<double>(i) * 0.5));
    out.back().push_back(std::move(r));
  }
  return out;
}

double seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

double runSink(const std::string& type, nlohmann::json config, const std::vector<record::Batch>& batches) {
  runtime::NodeContext ctx;
  ctx.nodeId = "bench";
  ctx.type = type;
  ctx.config = std::move(config);
  auto sink = connectors::builtinFactories().find(type)->sink(ctx);
  if (!sink) {
    std::fprintf(stderr, "%s\n", sink.error().toString().c_str());
    return 0;
  }
  Ignore errors;
  if (!(*sink)->open(errors).ok()) return 0;
  auto t0 = std::chrono::steady_clock::now();
  for (const auto& b : batches) {
    auto w = (*sink)->write(b, errors);
    if (!w) {
      std::fprintf(stderr, "%s\n", w.error().toString().c_str());
      return 0;
    }
  }
  double s = seconds(t0);
  (*sink)->close();
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t rows = argc > 1 ? std::stoul(argv[1]) : 200000;
  std::string only = argc > 2 ? argv[2] : "";  // "postgres" or "mariadb": just that server
  auto batches = makeRows(rows, 1000);
  std::string csv = "/tmp/tributary-bench-rows.csv";
  {
    std::ofstream out(csv);
    for (const auto& b : batches)
      for (const auto& r : b)
        out << r.value.find("id")->asInt() << ',' << r.value.find("name")->asString() << ','
            << r.value.find("email")->asString() << ',' << r.value.find("address")->asString() << ','
            << r.value.find("score")->asDouble() << '\n';
  }
  auto rate = [&](double s) { return s > 0 ? static_cast<double>(rows) / s : 0.0; };
  std::printf("rows: %zu (~%zu bytes each), batches of 1000\n", rows, std::size_t(200));

  if (only != "mariadb") {
  testing::PostgresServer pg;
  if (!pg.ok()) return 1;
  const char* pgTable =
      "CREATE TABLE %s (id bigint PRIMARY KEY, name text, email text, address text, score double precision)";
  char ddl[256];
  for (const char* t : {"ins", "ups", "cp"}) {
    std::snprintf(ddl, sizeof ddl, pgTable, t);
    pg.query(ddl);
  }
  double pgIns = runSink("sink.postgres", {{"url", pg.url()}, {"table", "ins"}}, batches);
  double pgUps = runSink("sink.postgres", {{"url", pg.url()}, {"table", "ups"}, {"mode", "upsert"}}, batches);
  auto t0 = std::chrono::steady_clock::now();
  pg.query("\\copy cp FROM '" + csv + "' WITH (FORMAT csv)");
  double pgCopy = seconds(t0);
  std::printf("postgres  sink insert: %10.0f rows/s\n", rate(pgIns));
  std::printf("postgres  sink upsert: %10.0f rows/s\n", rate(pgUps));
  std::printf("postgres  psql \\copy:  %10.0f rows/s   (count %s)\n", rate(pgCopy),
              trimmed(pg.query("SELECT count(*) FROM cp")).c_str());
  std::printf("postgres  ratios to \\copy: insert %.2f, upsert %.2f (target >= 0.5)\n", rate(pgIns) / rate(pgCopy),
              rate(pgUps) / rate(pgCopy));
  }
  if (only == "postgres") return 0;

  testing::MariaDbServer maria;
  if (!maria.ok()) return 1;
  for (const char* t : {"ins", "ups", "ld"})
    maria.client(std::string("CREATE TABLE ") + t +
                 " (id BIGINT PRIMARY KEY, name TEXT, email TEXT, address TEXT, score DOUBLE)");
  nlohmann::json mc = {{"url", maria.url()}, {"user", "tributary"}, {"password", "secret"}};
  nlohmann::json c1 = mc, c2 = mc;
  c1["table"] = "ins";
  c2["table"] = "ups";
  c2["mode"] = "upsert";
  double myIns = runSink("sink.mysql", c1, batches);
  double myUps = runSink("sink.mysql", c2, batches);
  auto t0 = std::chrono::steady_clock::now();
  testing::runCapture("mariadb --no-defaults --local-infile=1 --socket=" + maria.socket() +
                      " -uroot shop -e \"LOAD DATA LOCAL INFILE '" + csv +
                      "' INTO TABLE ld FIELDS TERMINATED BY ','\"");
  double myLoad = seconds(t0);
  std::printf("mariadb   sink insert: %10.0f rows/s\n", rate(myIns));
  std::printf("mariadb   sink upsert: %10.0f rows/s\n", rate(myUps));
  std::printf("mariadb   LOAD DATA:   %10.0f rows/s   (count %s)\n", rate(myLoad),
              trimmed(maria.client("SELECT count(*) FROM ld")).c_str());
  std::printf("mariadb   ratios to LOAD DATA: insert %.2f, upsert %.2f (target >= 0.5)\n", rate(myIns) / rate(myLoad),
              rate(myUps) / rate(myLoad));
  return 0;
}
