// The S3 client and sink.s3. Signing: AWS's published Signature V4 examples
// (the S3 "GET Object" and "PUT Object" examples of "Examples: Signature
// Calculations in AWS Signature Version 4"), checked by sending the request
// to a local listener that records it, with the example's date fixed. Storage:
// s3rver from npm (tests/tools), which checks signatures itself with its
// default S3RVER/S3RVER credentials; listings are checked with its own ListObjects.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/connectors/builtin.h"
#include "core/connectors/s3_client.h"
#include "core/model/pipeline_file.h"
#include "core/model/validate.h"
#include "tests/support/s3rver.h"

using namespace tributary;
using namespace tributary::connectors;
using tributary::testing::S3rver;

namespace {

// Accepts one connection, records the request head, answers 200 with `answer`.
class Recorder {
 public:
  explicit Recorder(std::string answer = {}) : m_answer(std::move(answer)) {
    m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(m_fd, 1);
    socklen_t len = sizeof a;
    ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&a), &len);
    m_port = ntohs(a.sin_port);
    m_thread = std::thread([this] {
      int c = ::accept(m_fd, nullptr, nullptr);
      if (c < 0) return;
      char buf[8192];
      while (m_request.find("\r\n\r\n") == std::string::npos) {
        ssize_t n = ::read(c, buf, sizeof buf);
        if (n <= 0) break;
        m_request.append(buf, static_cast<std::size_t>(n));
      }
      std::string head = m_request.substr(0, m_request.find("\r\n\r\n"));
      std::size_t length = 0;
      if (auto at = head.find("Content-Length: "); at != std::string::npos) length = std::stoul(head.substr(at + 16));
      while (m_request.size() < head.size() + 4 + length) {
        ssize_t n = ::read(c, buf, sizeof buf);
        if (n <= 0) break;
        m_request.append(buf, static_cast<std::size_t>(n));
      }
      std::string reply = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(m_answer.size()) +
                          "\r\nConnection: close\r\n\r\n" + m_answer;
      (void)!::write(c, reply.data(), reply.size());
      ::close(c);
    });
  }
  ~Recorder() {
    ::shutdown(m_fd, SHUT_RDWR);
    ::close(m_fd);
    if (m_thread.joinable()) m_thread.join();
  }
  int port() const { return m_port; }
  std::string request() {
    if (m_thread.joinable()) m_thread.join();
    return m_request;
  }
  std::string header(const std::string& name) {
    std::string r = request();
    auto at = r.find("\r\n" + name + ": ");
    if (at == std::string::npos) return {};
    at += name.size() + 4;
    return r.substr(at, r.find("\r\n", at) - at);
  }

 private:
  std::string m_answer;
  int m_fd = -1;
  int m_port = 0;
  std::thread m_thread;
  std::string m_request;
};

S3Config exampleConfig(int port) {
  S3Config c;
  c.endpoint = "http://s3.amazonaws.com";
  c.bucket = "examplebucket";
  c.region = "us-east-1";
  c.accessKey = "AKIAIOSFODNN7EXAMPLE";
  c.secretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  c.connectTo = "examplebucket.s3.amazonaws.com:80:127.0.0.1:" + std::to_string(port);
  c.retries = 0;
  return c;
}

}  // namespace

class TestS3Client final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void keysAreEncodedAsCurlSignsThem() {
    QCOMPARE(s3Encode("topics/P_USERS/year=2024/t+0+0000000000.json", true),
             std::string("topics/P_USERS/year%3D2024/t%2B0%2B0000000000.json"));
    QCOMPARE(s3Encode("a b/c~d", false), std::string("a%20b%2Fc~d"));
    QCOMPARE(sha256Hex(""), std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    S3Config c;
    c.bucket = "b";
    c.region = "eu-west-1";
    QCOMPARE(S3Client(c).url("k+1", "uploads="), std::string("https://b.s3.eu-west-1.amazonaws.com/k%2B1?uploads="));
    c.pathStyle = true;
    c.endpoint = "http://127.0.0.1:9000/";
    QCOMPARE(S3Client(c).url("dir/k"), std::string("http://127.0.0.1:9000/b/dir/k"));
  }

  // AWS's example: GET /test.txt with Range: bytes=0-9 on 24 May 2013.
  void signsAwsGetObjectExample() {
    Recorder server;
    S3Client client(exampleConfig(server.port()));
    auto r = client.request("GET", "test.txt", "", {}, {"Range: bytes=0-9", "x-amz-date: 20130524T000000Z"});
    QVERIFY2(r.ok(), r ? "" : r.error().toString().c_str());
    QCOMPARE(server.header("Authorization"),
             std::string("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                         "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                         "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));
  }

  // AWS's example: PUT /test$file.text with "Welcome to Amazon S3." (the key needs encoding).
  void signsAwsPutObjectExample() {
    Recorder server;
    S3Client client(exampleConfig(server.port()));
    auto r = client.request("PUT", "test$file.text", "", "Welcome to Amazon S3.",
                            {"Date: Fri, 24 May 2013 00:00:00 GMT", "x-amz-date: 20130524T000000Z",
                             "x-amz-storage-class: REDUCED_REDUNDANCY"});
    QVERIFY2(r.ok(), r ? "" : r.error().toString().c_str());
    QVERIFY(server.request().rfind("PUT /test%24file.text HTTP/1.1\r\n", 0) == 0);
    QCOMPARE(server.header("x-amz-content-sha256"),
             std::string("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"));
    QCOMPARE(server.header("Authorization"),
             std::string("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                         "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, "
                         "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"));
  }

  void errorBodyWithStatus200IsAnError() {
    Recorder server("<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code><Message>no &amp; never</Message></Error>");
    S3Client client(exampleConfig(server.port()));
    auto r = client.request("POST", "k", "uploadId=1", "<CompleteMultipartUpload/>");
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.find("AccessDenied: no & never") != std::string::npos, r.error().message.c_str());
  }

  void putListGetAndMultipartAgainstS3rver() {
    QTemporaryDir dir;
    S3rver s3(QStringLiteral(TRIBUTARY_SOURCE_DIR), dir.filePath(QStringLiteral("s3")), "lake");
    QVERIFY2(s3.ready(), s3.log().constData());
    S3Config c = s3.config("lake");
    c.partSize = 64 * 1024;
    S3Client client(c);
    QVERIFY(client.headBucket().ok());
    std::string small = "{\"a\":1}\n", big;
    for (int i = 0; i < 20000; ++i) big += "{\"id\":" + std::to_string(i) + ",\"pad\":\"xxxxxxxxxxxxxxxx\"}\n";
    QVERIFY(client.putObject("topics/t/year=2024/t+0+0000000000.json", small).ok());
    auto put = client.putObject("topics/t/year=2024/t+0+0000000001.json", big);
    QVERIFY2(put.ok(), put ? "" : put.error().toString().c_str());
    QCOMPARE(client.multipartUploads(), 1);
    auto keys = client.listObjects("topics/t/");
    QVERIFY(keys.ok());
    QCOMPARE(std::set<std::string>(keys->begin(), keys->end()),
             (std::set<std::string>{"topics/t/year=2024/t+0+0000000000.json", "topics/t/year=2024/t+0+0000000001.json"}));
    QCOMPARE(client.getObject("topics/t/year=2024/t+0+0000000001.json").value(), big);
    // An unknown access key: s3rver refuses it with S3's error code (it accepted a wrong secret for a known key
    // in our runs, so signatures are checked by the AWS examples above, not here).
    S3Config wrong = c;
    wrong.accessKey = "NOSUCHKEY";
    auto denied = S3Client(wrong).putObject("x", "y");
    QVERIFY(!denied.ok());
    QVERIFY2(denied.error().message.find("InvalidAccessKeyId") != std::string::npos, denied.error().message.c_str());
    S3Config missing = c;
    missing.bucket = "nobucket";
    auto head = S3Client(missing).headBucket();
    QVERIFY(!head.ok());
    QVERIFY2(head.error().message.find("does not exist") != std::string::npos, head.error().message.c_str());
  }

  // sink.s3 in a pipeline run by tributary-runner, bucket and secret from secret references; the listing is
  // fetched from s3rver by the curl command-line tool (its own signing), not by our client.
  void sinkWritesConfluentLayoutToS3() {
    QTemporaryDir dir;
    S3rver s3(QStringLiteral(TRIBUTARY_SOURCE_DIR), dir.filePath(QStringLiteral("s3")), "lake");
    QVERIFY2(s3.ready(), s3.log().constData());
    qputenv("TEST_LAKE_BUCKET", "lake");
    qputenv("TEST_LAKE_SECRET", "S3RVER");
    {
      std::ofstream in(dir.filePath(QStringLiteral("in.jsonl")).toStdString());
      for (int i = 0; i < 23; ++i) in << "{\"id\":" << i << "}\n";
    }
    nlohmann::json pipeline = {
        {"tributary", 1},
        {"name", "s3"},
        {"nodes",
         {{{"id", "in"}, {"type", "source.file"}, {"config", {{"path", "in.jsonl"}}}},
          {{"id", "out"},
           {"type", "sink.s3"},
           {"config",
            {{"bucket", "${env:TEST_LAKE_BUCKET}"},
             {"endpoint", "http://127.0.0.1:" + std::to_string(s3.port())},
             {"addressing", "path"},
             {"access_key_id", "S3RVER"},
             {"secret_access_key", "${env:TEST_LAKE_SECRET}"},
             {"topic", "P_USERS"},
             {"flush_size", 5}}}}}},
        {"edges", {{{"from", "in"}, {"to", "out"}}}}};
    {
      std::ofstream p(dir.filePath(QStringLiteral("s3.tributary.json")).toStdString());
      p << pipeline.dump();
    }
    QProcess runner;
    runner.start(QStringLiteral(TRIBUTARY_RUNNER),
                 {QStringLiteral("run"), dir.filePath(QStringLiteral("s3.tributary.json")), QStringLiteral("--workdir"),
                  dir.path(), QStringLiteral("--state"), dir.filePath(QStringLiteral("state")), QStringLiteral("--quiet")});
    QVERIFY(runner.waitForFinished(60000));
    QVERIFY2(runner.exitCode() == 0, runner.readAllStandardError().constData());
    // The listing through curl's own S3 signing, not our client.
    QProcess curl;
    curl.start(QStringLiteral("curl"),
               {QStringLiteral("-sS"), QStringLiteral("--aws-sigv4"), QStringLiteral("aws:amz:us-east-1:s3"),
                QStringLiteral("--user"), QStringLiteral("S3RVER:S3RVER"), QStringLiteral("-H"),
                QStringLiteral("x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                QStringLiteral("http://127.0.0.1:%1/lake?list-type=2&prefix=topics%2F").arg(s3.port())});
    QVERIFY(curl.waitForFinished(20000));
    std::string xml = curl.readAllStandardOutput().toStdString();
    std::set<std::string> keys;
    for (std::size_t at = 0;;) {
      std::string key = xmlValue(xml, "Key", &at);
      if (at == std::string::npos) break;
      keys.insert(key);
    }
    // Not from a topic: the number is the file source's position, the byte offset of the file's first line
    // (lines are 9 bytes for ids below 10, then 10).
    std::string got;
    for (const auto& k : keys) got += k + " ";
    QVERIFY2(keys.size() == 5, (got + xml.substr(0, 400)).c_str());
    QCOMPARE(keys, (std::set<std::string>{"topics/P_USERS/partition=0/P_USERS+0+0000000000.json",
                                          "topics/P_USERS/partition=0/P_USERS+0+0000000045.json",
                                          "topics/P_USERS/partition=0/P_USERS+0+0000000090.json",
                                          "topics/P_USERS/partition=0/P_USERS+0+0000000140.json",
                                          "topics/P_USERS/partition=0/P_USERS+0+0000000190.json"}));
  }

  // resources/templates/seed001-users-s3.tributary.json: valid, the bucket and credentials are secret references.
  void seed001S3TemplateUsesSecretReferences() {
    auto loaded =
        model::loadPipeline(std::string(TRIBUTARY_SOURCE_DIR) + "/resources/templates/seed001-users-s3.tributary.json");
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().toString().c_str());
    for (const auto& d : model::validate(*loaded, connectors::builtinSpecs(), connectors::defaultValidationOptions(false)))
      QVERIFY2(d.severity != model::Severity::Error, model::format(d).c_str());
    const auto& c = loaded->findNode("data-lake")->config;
    QCOMPARE(loaded->findNode("data-lake")->type, std::string("sink.s3"));
    QCOMPARE(c["bucket"].get<std::string>(), std::string("${env:LAKE_BUCKET}"));
    QCOMPARE(c["secret_access_key"].get<std::string>(), std::string("${env:AWS_SECRET_ACCESS_KEY}"));
    QCOMPARE(c["flush_size"].get<int>(), 5);
  }
};

QTEST_GUILESS_MAIN(TestS3Client)
#include "test_s3_client.moc"
