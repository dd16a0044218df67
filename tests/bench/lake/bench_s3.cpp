// bench_s3: S3 upload throughput of sink.s3's client (S3Client::putObject,
// as the lake writer stores each file: SigV4 by libcurl, the body's SHA-256
// in x-amz-content-sha256, the last-offset metadata header) against the curl
// command-line tool uploading the same objects (same keys, sizes and count)
// to the same s3rver instance, in one curl run (one connection, as curl
// reuses it across URLs; SigV4 with UNSIGNED-PAYLOAD, so curl hashes nothing).
// Each side runs twice, in swapped order; the faster run of each is printed.
// s3rver (Node, writing each object to disk) is the ceiling of both.
// Usage: bench_s3 [OBJECTS] [OBJECT_BYTES]   (default 200, 1048576)
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <QCoreApplication>
#include <QProcess>
#include <QString>
#include <QStringList>

#include "core/connectors/s3_client.h"
#include "tests/support/s3rver.h"

using namespace tributary;
namespace fs = std::filesystem;

namespace {

double seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string keyOf(const std::string& prefix, std::size_t i) {
  char name[96];
  std::snprintf(name, sizeof name, "%s/topics/bench/partition=0/bench+0+%010zu.json", prefix.c_str(), i * 1000);
  return name;
}

// JSON lines of about `size` bytes, different per object.
std::string body(std::size_t i, std::size_t size) {
  std::string out;
  out.reserve(size + 128);
  for (std::size_t n = 0; out.size() < size; ++n)
    out += "{\"object\":" + std::to_string(i) + ",\"line\":" + std::to_string(n) +
           ",\"note\":\"a line of the bench's lake file, long enough to look like a row\"}\n";
  out.resize(size);
  return out;
}

double ours(const testing::S3rver& s3, const std::vector<std::string>& bodies, const std::string& prefix) {
  connectors::S3Client client(s3.config("bench"));
  auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    Status s = client.putObject(keyOf(prefix, i), bodies[i],
                                {"x-amz-meta-tributary-last-offset: " + std::to_string(i * 1000 + 999)});
    if (!s) {
      std::fprintf(stderr, "S3Client: %s\n", s.error().toString().c_str());
      std::exit(1);
    }
  }
  return seconds(start);
}

double curl(const testing::S3rver& s3, const std::vector<fs::path>& files, const std::string& prefix) {
  QStringList args = {QStringLiteral("-sS"),         QStringLiteral("-f"),
                      QStringLiteral("-o"),          QStringLiteral("/dev/null"),
                      QStringLiteral("--aws-sigv4"), QStringLiteral("aws:amz:us-east-1:s3"),
                      QStringLiteral("--user"),      QStringLiteral("S3RVER:S3RVER"),
                      QStringLiteral("-H"),          QStringLiteral("x-amz-content-sha256: UNSIGNED-PAYLOAD")};
  for (std::size_t i = 0; i < files.size(); ++i) {
    args << QStringLiteral("-T") << QString::fromStdString(files[i].string())
         << QString::fromStdString(s3.endpoint() + "/bench/" + connectors::s3Encode(keyOf(prefix, i), true));
  }
  QProcess p;
  p.setProcessChannelMode(QProcess::MergedChannels);
  auto start = std::chrono::steady_clock::now();
  p.start(QStringLiteral("curl"), args);
  if (!p.waitForFinished(600000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
    std::fprintf(stderr, "curl failed: %s\n", p.readAll().constData());
    std::exit(1);
  }
  return seconds(start);
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  std::size_t count = argc > 1 ? std::stoul(argv[1]) : 200;
  std::size_t size = argc > 2 ? std::stoul(argv[2]) : 1048576;
  fs::path work = fs::temp_directory_path() / ("bench_s3." + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work / "objects");
  std::vector<std::string> bodies;
  std::vector<fs::path> files;
  for (std::size_t i = 0; i < count; ++i) {
    bodies.push_back(body(i, size));
    files.push_back(work / "objects" / std::to_string(i));
    std::ofstream(files.back(), std::ios::binary) << bodies.back();
  }
  double best = 0, bestCurl = 0;
  {
    testing::S3rver s3(QStringLiteral(TRIBUTARY_SOURCE_DIR), QString::fromStdString((work / "s3").string()), "bench");
    if (!s3.ready()) {
      std::fprintf(stderr, "s3rver did not start: %s\n", s3.log().constData());
      return 1;
    }
    for (int round = 0; round < 2; ++round) {  // ours first, then curl first: the bucket grows as they go
      double a = 0, b = 0;
      if (round == 0) {
        a = ours(s3, bodies, "ours" + std::to_string(round));
        b = curl(s3, files, "curl" + std::to_string(round));
      } else {
        b = curl(s3, files, "curl" + std::to_string(round));
        a = ours(s3, bodies, "ours" + std::to_string(round));
      }
      best = round == 0 ? a : std::min(best, a);
      bestCurl = round == 0 ? b : std::min(bestCurl, b);
    }
    // Both wrote every object: the listings agree.
    connectors::S3Client client(s3.config("bench"));
    auto mine = client.listObjects("ours0/");
    auto theirs = client.listObjects("curl0/");
    if (!mine || !theirs || mine->size() != count || theirs->size() != count) {
      std::fprintf(stderr, "listing: expected %zu objects under each prefix\n", count);
      return 1;
    }
    auto back = client.getObject(keyOf("curl0", count - 1));
    if (!back || *back != bodies.back()) {
      std::fprintf(stderr, "curl's last object does not read back\n");
      return 1;
    }
  }
  double mb = static_cast<double>(count * size) / 1e6;
  std::printf("%zu objects of %zu bytes (%.1f MB) to one s3rver on loopback, best of 2 runs each\n", count, size, mb);
  std::printf("%-40s %8.3f s %8.1f MB/s %8.1f objects/s\n", "sink.s3 client (S3Client::putObject)", best, mb / best,
              static_cast<double>(count) / best);
  std::printf("%-40s %8.3f s %8.1f MB/s %8.1f objects/s\n", "curl command line (one run, all objects)", bestCurl,
              mb / bestCurl, static_cast<double>(count) / bestCurl);
  std::printf("ratio sink.s3 / curl: %.2f\n", bestCurl / best);
  fs::remove_all(work);
  return 0;
}
