// Back-pressure keeps memory flat: an unlimited datagen source feeds
// sink.stdout, whose pipe this test drains slowly (~1 MB/s). The runner's
// resident memory (VmRSS) must stay flat, and the source may run ahead of
// what was consumed only by the bounded channel and batch sizes.
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <regex>

#include "tests/support/process.h"

using namespace tributary::testing;

class TestRuntimeMemory final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void slowSinkKeepsResidentMemoryFlat() {
    QTemporaryDir dir;
    auto path = [&](const char* name) { return dir.filePath(QString::fromLatin1(name)).toStdString(); };
    {
      std::ofstream p(path("slow.tributary.json"));
      p << "{\"tributary\": 1, \"name\": \"slow\", \"nodes\": ["
           "{\"id\": \"gen\", \"type\": \"source.datagen\", \"config\": {\"template\": \"clickstream\", \"rate\": 0}},"
           "{\"id\": \"out\", \"type\": \"sink.stdout\"}],"
           "\"edges\": [{\"from\": \"gen\", \"to\": \"out\"}]}";
    }
    ChildProcess child({TRIBUTARY_RUNNER, "run", path("slow.tributary.json"), "--workdir", dir.path().toStdString(),
                        "--state", path("state"), "--status-interval", "200ms"},
                       path("stderr.txt"), /*stdoutPipe=*/true);
    std::size_t consumed = 0, consumedLines = 0;
    std::vector<long> rss;
    auto start = std::chrono::steady_clock::now();
    auto nextSample = start;
    std::string buf(16384, '\0');
    while (std::chrono::steady_clock::now() - start < std::chrono::seconds(8)) {
      QVERIFY(child.running());
      ssize_t n = ::read(child.stdoutFd(), buf.data(), buf.size());  // 16 KiB every 15 ms: ~1 MB/s
      if (n > 0) {
        consumed += static_cast<std::size_t>(n);
        consumedLines += static_cast<std::size_t>(std::count(buf.data(), buf.data() + n, '\n'));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(15));
      if (std::chrono::steady_clock::now() >= nextSample) {
        rss.push_back(child.residentKiB());
        nextSample += std::chrono::milliseconds(500);
      }
    }
    // The source's own count, from the status lines on standard error.
    std::ifstream err(path("stderr.txt"));
    std::regex gen("gen source\\.datagen in=\\d+ out=(\\d+)");
    std::size_t generated = 0;
    for (std::string line; std::getline(err, line);) {
      std::smatch m;
      if (std::regex_search(line, m, gen)) generated = std::stoull(m[1]);
    }
    child.signal(SIGKILL);
    QVERIFY(rss.size() >= 10);
    long warm = rss[3];  // after 1.5 s: buffers and pools are allocated
    long peak = *std::max_element(rss.begin() + 3, rss.end());
    QString samples;
    for (long r : rss) samples += QString::number(r / 1024) + QStringLiteral(" ");
    qInfo("consumed %zu bytes (%zu records); source generated %zu; RSS MiB: %s", consumed, consumedLines, generated,
          qPrintable(samples));
    QVERIFY(consumedLines > 10000);  // it did run
    QVERIFY(generated > 0);
    // Unbounded, an unlimited datagen makes about a million records a second here.
    // Bounded: channel (8 x 1024) + a batch in the source + one in the sink + the pipe (64 KiB).
    QVERIFY2(generated < consumedLines + 20000,
             qPrintable(QStringLiteral("source ran %1 records ahead").arg(generated - consumedLines)));
    QVERIFY2(peak - warm < 8 * 1024, qPrintable(QStringLiteral("RSS grew from %1 to %2 KiB").arg(warm).arg(peak)));
    QVERIFY2(peak < 64 * 1024, qPrintable(QStringLiteral("RSS peak %1 KiB").arg(peak)));
  }
};

QTEST_APPLESS_MAIN(TestRuntimeMemory)
#include "test_runtime_memory.moc"
