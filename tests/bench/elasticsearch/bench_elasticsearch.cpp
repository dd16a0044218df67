// bench_elasticsearch: sink.elasticsearch's bulk throughput against the
// Elasticsearch test double (tests/integration/elasticsearch/es_double.py),
// next to the double's own ceiling: the same NDJSON bodies, prepared in
// advance, posted by a bare libcurl loop with the same concurrency. The ratio
// says how much of what the server can take the sink uses. (No real
// Elasticsearch was available; the double is single-process Python, so the
// absolute figures are the double's, not Elasticsearch's.)
// Usage: bench_elasticsearch [RECORDS] [MAX_ACTIONS] [CONCURRENCY]   (default 50000, 1000, 2)
#include <curl/curl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "core/connectors/builtin.h"
#include "core/record/json.h"

using namespace tributary;

namespace {

class NoErrors final : public runtime::ErrorReporter {
 public:
  void report(const record::Record&, const Error& e) override { std::fprintf(stderr, "%s\n", e.toString().c_str()); }
  void reportRaw(std::string_view, const Error&, record::SourcePosition) override {}
  bool failed() const override { return false; }
};

size_t discard(char*, size_t size, size_t n, void*) { return size * n; }

pid_t startDouble(const std::string& portFile, int& port) {
  pid_t pid = ::fork();
  if (pid == 0) {
    std::string script = TRIBUTARY_SOURCE_DIR "/tests/integration/elasticsearch/es_double.py";
    ::execl("/usr/bin/python3", "python3", script.c_str(), "--port-file", portFile.c_str(), nullptr);
    ::_exit(127);
  }
  for (int i = 0; i < 400 && !std::filesystem::exists(portFile); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  std::ifstream(portFile) >> port;
  return pid;
}

record::Batch makeRecords(std::size_t n, std::int64_t offset0) {
  record::Batch b;
  for (std::size_t i = 0; i < n; ++i) {
    record::Record r;
    r.key = record::Value(std::to_string(i));
    r.value.set("id", record::Value(static_cast<std::int64_t>(i)));
    r.value.set("name", record::Value("user" + std::to_string(i)));
    r.value.set("email", record::Value("user" + std::to_string(i) + "@example.com"));
    r.value.set("amount", record::Value(static_cast<double>(i % 1000) / 7.0));
    r.position = {0, offset0 + static_cast<std::int64_t>(i)};
    b.push_back(std::move(r));
  }
  return b;
}

// The double's ceiling: prepared bodies posted with `concurrency` handles in flight.
double ceiling(const std::string& url, const std::vector<std::string>& bodies, int concurrency) {
  CURLM* multi = curl_multi_init();
  curl_slist* h = curl_slist_append(nullptr, "Content-Type: application/x-ndjson");
  h = curl_slist_append(h, "Expect:");
  std::size_t next = 0;
  int flying = 0;
  auto start = std::chrono::steady_clock::now();
  while (next < bodies.size() || flying > 0) {
    while (flying < concurrency && next < bodies.size()) {
      CURL* c = curl_easy_init();
      std::string u = url + "/_bulk";
      curl_easy_setopt(c, CURLOPT_URL, u.c_str());
      curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, bodies[next].data());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(bodies[next].size()));
      curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
      curl_multi_add_handle(multi, c);
      ++next;
      ++flying;
    }
    int running = 0;
    curl_multi_perform(multi, &running);
    int left = 0;
    while (CURLMsg* m = curl_multi_info_read(multi, &left)) {
      if (m->msg != CURLMSG_DONE) continue;
      curl_multi_remove_handle(multi, m->easy_handle);
      curl_easy_cleanup(m->easy_handle);
      --flying;
    }
    if (flying > 0) curl_multi_poll(multi, nullptr, 0, 100, nullptr);
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  curl_slist_free_all(h);
  curl_multi_cleanup(multi);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t n = argc > 1 ? std::stoul(argv[1]) : 50000;
  int maxActions = argc > 2 ? std::stoi(argv[2]) : 1000;
  int concurrency = argc > 3 ? std::stoi(argv[3]) : 2;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  std::string portFile = (std::filesystem::temp_directory_path() / ("bench_es." + std::to_string(::getpid()))).string();
  int port = 0;
  pid_t pid = startDouble(portFile, port);
  std::string url = "http://127.0.0.1:" + std::to_string(port);
  const runtime::NodeFactory* f = connectors::builtinFactories().find("sink.elasticsearch");
  runtime::NodeContext ctx;
  ctx.config = f->spec.withDefaults(
      {{"url", url}, {"index", "bench"}, {"max_actions", maxActions}, {"concurrency", concurrency}});
  auto sink = f->sink(ctx);
  NoErrors errors;
  if (!sink || !(*sink)->open(errors)) {
    std::fprintf(stderr, "cannot open the sink\n");
    ::kill(pid, SIGTERM);
    return 1;
  }
  auto records = makeRecords(n, 0);
  auto start = std::chrono::steady_clock::now();
  for (std::size_t at = 0; at < n; at += 10000) {
    record::Batch batch(records.begin() + static_cast<std::ptrdiff_t>(at),
                        records.begin() + static_cast<std::ptrdiff_t>(std::min(n, at + 10000)));
    if (!(*sink)->write(batch, errors)) {
      std::fprintf(stderr, "write failed\n");
      ::kill(pid, SIGTERM);
      return 1;
    }
  }
  double sinkSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // The same documents under other ids, so the double does the same work (new documents, not conflicts).
  std::vector<std::string> bodies;
  std::string body;
  for (std::size_t i = 0; i < n; ++i) {
    body += "{\"index\":{\"_index\":\"ceiling\",\"_id\":\"" + std::to_string(i) + "\",\"version\":" + std::to_string(i) +
            ",\"version_type\":\"external\"}}\n";
    record::appendJson(records[i].value, body);
    body += '\n';
    if ((i + 1) % static_cast<std::size_t>(maxActions) == 0 || i + 1 == n) {
      bodies.push_back(std::move(body));
      body.clear();
    }
  }
  double ceilingSeconds = ceiling(url, bodies, concurrency);
  ::kill(pid, SIGTERM);
  ::waitpid(pid, nullptr, 0);
  std::filesystem::remove(portFile);
  std::printf("%zu documents, bulk requests of %d actions, %d in flight, against es_double.py\n", n, maxActions,
              concurrency);
  std::printf("%-46s %8.3f s %10.0f docs/s\n", "sink.elasticsearch", sinkSeconds, n / sinkSeconds);
  std::printf("%-46s %8.3f s %10.0f docs/s\n", "double's ceiling (prepared bodies, bare curl)", ceilingSeconds,
              n / ceilingSeconds);
  std::printf("ratio sink / ceiling: %.2f\n", ceilingSeconds / sinkSeconds);
  return 0;
}
