// At-least-once across crashes: a file -> file pipeline run by
// tributary-runner is killed with SIGKILL several times at random moments
// and restarted each time; in the end every input record is in the output
// (duplicates are allowed and counted, nothing may be missing).
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <random>

#include "tests/support/process.h"

using namespace tributary::testing;

class TestRuntimeCrash final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void killNineLosesNothing() {
    QTemporaryDir dir;
    auto path = [&](const char* name) { return dir.filePath(QString::fromLatin1(name)).toStdString(); };
    constexpr int kRecords = 600000;
    {
      std::ofstream in(path("input.jsonl"));
      for (int i = 0; i < kRecords; ++i)
        in << "{\"id\":" << i << ",\"sku\":\"SKU-" << (i * 7919LL) % 100000 << "\",\"qty\":" << i % 13
           << ",\"note\":\"crash test payload line\"}\n";
    }
    {
      std::ofstream p(path("crash.tributary.json"));
      p << "{\"tributary\": 1, \"name\": \"crash\", \"nodes\": ["
           "{\"id\": \"in\", \"type\": \"source.file\", \"config\": {\"path\": \"input.jsonl\"}},"
           "{\"id\": \"out\", \"type\": \"sink.file\", \"config\": {\"path\": \"output.jsonl\", \"fsync\": \"none\"}}],"
           "\"edges\": [{\"from\": \"in\", \"to\": \"out\"}]}";
    }
    std::vector<std::string> argv = {
        TRIBUTARY_RUNNER, "run",         path("crash.tributary.json"), "--workdir", dir.path().toStdString(),
        "--state",        path("state"), "--checkpoint-interval",      "50ms",      "--quiet"};
    std::mt19937 rng(std::random_device{}());
    int killedMidRun = 0;
    auto outputSize = [&] {
      std::error_code ec;
      auto s = std::filesystem::file_size(path("output.jsonl"), ec);
      return ec ? std::uintmax_t{0} : s;
    };
    for (int round = 0; round < 6; ++round) {
      // Kill after the output grew by a random 0.5–4 MB: mid-write, mid-checkpoint, anywhere.
      std::uintmax_t start = outputSize();
      std::uintmax_t grow = std::uniform_int_distribution<std::uintmax_t>(500000, 4000000)(rng);
      ChildProcess child(argv, path("stderr.txt"));
      while (child.running() && outputSize() < start + grow)
        std::this_thread::sleep_for(std::chrono::microseconds(300));
      if (child.running()) {
        // A little random extra so the kill lands at any point of a batch.
        std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(0, 3000)(rng)));
        child.signal(SIGKILL);
        auto code = child.wait(std::chrono::seconds(10));
        QVERIFY(code.has_value());
        if (*code == 128 + SIGKILL) ++killedMidRun;
      }
    }
    QVERIFY2(killedMidRun >= 3, qPrintable(QStringLiteral("only %1 kills landed mid-run").arg(killedMidRun)));
    // The last run goes to the end of the input and stops cleanly.
    ChildProcess last(argv, path("stderr.txt"));
    auto code = last.wait(std::chrono::seconds(120));
    QVERIFY(code.has_value());
    QCOMPARE(*code, 0);

    std::vector<std::uint8_t> seen(kRecords, 0);
    std::size_t lines = 0, duplicates = 0, broken = 0;
    std::ifstream out(path("output.jsonl"));
    for (std::string line; std::getline(out, line);) {
      ++lines;
      auto colon = line.find("\"id\":");
      auto comma = line.find(',', colon);
      if (line.rfind("{\"id\":", 0) != 0 || comma == std::string::npos || line.back() != '}') {
        ++broken;
        continue;
      }
      int id = std::stoi(line.substr(6, comma - 6));
      if (seen[static_cast<std::size_t>(id)]++) ++duplicates;
    }
    std::size_t missing = 0;
    for (auto s : seen) missing += s == 0;
    qInfo("%d kills mid-run; %zu output lines for %d records: %zu duplicates, %zu missing, %zu broken lines",
          killedMidRun, lines, kRecords, duplicates, missing, broken);
    QCOMPARE(broken, std::size_t{0});
    QCOMPARE(missing, std::size_t{0});
    QCOMPARE(lines, static_cast<std::size_t>(kRecords) + duplicates);
  }
};

QTEST_APPLESS_MAIN(TestRuntimeCrash)
#include "test_runtime_crash.moc"
