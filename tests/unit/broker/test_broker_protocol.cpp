// Request decoding: every field of the versions we advertise, and refusal of
// truncated or lying input.
#include <QTest>

#include "core/broker/protocol.h"
#include "core/broker/record_batch.h"
#include "tests/unit/broker/batch_builder.h"

using namespace tributary::broker;

namespace {

std::string header(int16_t key, int16_t version) {
  std::string s;
  wire::Writer w(s);
  w.i16(key);
  w.i16(version);
  w.i32(7);
  w.string("client");
  return s;
}

}  // namespace

class TestBrokerProtocol final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void decodesFetchV11() {
    std::string body;
    wire::Writer w(body);
    w.i32(-1);
    w.i32(500);
    w.i32(1);
    w.i32(52428800);
    w.i8(0);
    w.i32(0);
    w.i32(-1);
    w.array(1);
    w.string("orders");
    w.array(1);
    w.i32(3);
    w.i32(-1);
    w.i64(42);
    w.i64(-1);
    w.i32(1048576);
    w.array(0);
    w.string("");
    proto::FetchRequest req;
    wire::Reader r(body);
    QVERIFY(proto::decode(r, 11, req));
    QCOMPARE(req.topics.size(), std::size_t(1));
    QCOMPARE(req.topics[0].partitions[0].index, 3);
    QCOMPARE(req.topics[0].partitions[0].fetchOffset, int64_t(42));
    QCOMPARE(req.maxBytes, 52428800);
    QVERIFY(proto::decodeFrame(header(proto::kFetch, 11) + body));
    // Every shorter prefix is refused.
    for (std::size_t n = 0; n < body.size(); ++n) {
      proto::FetchRequest partial;
      wire::Reader pr(body.data(), n);
      QVERIFY(!proto::decode(pr, 11, partial));
    }
    // Trailing bytes are refused too.
    QVERIFY(!proto::decodeFrame(header(proto::kFetch, 11) + body + "x"));
  }

  void refusesForgedCountsWithoutAllocating() {
    std::string body;
    wire::Writer w(body);
    w.i32(0x7fffffff);  // a topic array of two billion entries in a 4-byte request
    proto::MetadataRequest req;
    wire::Reader r(body);
    QVERIFY(!proto::decode(r, 1, req));
    QVERIFY(!proto::decodeFrame(header(proto::kMetadata, 9) + std::string(4, '\0')));  // flexible: not advertised
    QVERIFY(!proto::decodeFrame(header(1234, 0)));
    QVERIFY(!proto::decodeFrame("\x00\x03"));
  }

  void advertisesOnlyNonFlexibleVersions() {
    // The first flexible version of each API (from the Kafka protocol guide): we must stay below it,
    // except for DescribeTransactions and ListTransactions, flexible from v0 and implemented so (the bounds
    // here are one past what we implement: v0 and v0-1).
    const std::map<int16_t, int16_t> firstFlexible = {{0, 9},  {1, 12}, {2, 6},  {3, 9},  {8, 8},  {9, 6},  {10, 3},
                                                      {11, 6}, {12, 4}, {13, 4}, {14, 4}, {15, 5}, {16, 3}, {18, 3},
                                                      {19, 5}, {20, 4}, {21, 2}, {22, 2}, {24, 3}, {25, 3}, {26, 3},
                                                      {28, 3}, {32, 4}, {33, 2}, {37, 2}, {65, 1}, {66, 2}};
    for (const proto::ApiRange& a : proto::supportedApis()) {
      QVERIFY2(firstFlexible.count(a.key), proto::apiName(a.key));
      QVERIFY2(a.maxVersion < firstFlexible.at(a.key), proto::apiName(a.key));
    }
  }

  void decodesFlexibleTransactionRequests() {
    // ListTransactions v0: header tagged fields, states ["Ongoing"], producer ids [7], tagged fields.
    std::string body;
    wire::Writer w(body);
    w.noTaggedFields();
    w.compactArray(1);
    w.compactString("Ongoing");
    w.compactArray(1);
    w.i64(7);
    w.noTaggedFields();
    proto::ListTransactionsRequest list;
    wire::Reader r(body);
    QVERIFY(proto::decode(r, 0, list));
    QCOMPARE(list.stateFilters, std::vector<std::string>{"Ongoing"});
    QCOMPARE(list.producerIdFilters, std::vector<int64_t>{7});
    QCOMPARE(list.durationFilterMs, int64_t(-1));
    // v1 adds DurationFilter (KIP-994) after the producer ids.
    std::string v1;
    wire::Writer w1(v1);
    w1.noTaggedFields();
    w1.compactArray(0);
    w1.compactArray(0);
    w1.i64(60000);
    w1.noTaggedFields();
    proto::ListTransactionsRequest listV1;
    wire::Reader r1(v1);
    QVERIFY(proto::decode(r1, 1, listV1));
    QCOMPARE(listV1.durationFilterMs, int64_t(60000));
    QVERIFY(listV1.stateFilters.empty() && listV1.producerIdFilters.empty());
    // A forged compact array of a billion ids in a few bytes is refused.
    std::string forged;
    wire::Writer f(forged);
    f.noTaggedFields();
    f.uvarint(1000000001);
    proto::DescribeTransactionsRequest describe;
    wire::Reader rf(forged);
    QVERIFY(!proto::decode(rf, 0, describe));
    QVERIFY(describe.transactionalIds.empty());
  }

  void encodesStaticMembersByVersion() {
    // LeaveGroup v2 answers the first member's error alone; v3 one entry per member (KIP-345).
    proto::LeaveGroupResponse leave;
    leave.members.push_back({"m-1", std::nullopt, 0});
    leave.members.push_back({"", std::string("inst-b"), 82});  // FENCED_INSTANCE_ID
    std::string v2;
    wire::Writer w2(v2);
    proto::encode(w2, 2, leave);
    QCOMPARE(v2.size(), std::size_t(6));
    std::string v3;
    wire::Writer w3(v3);
    proto::encode(w3, 3, leave);
    wire::Reader r3(v3);
    QCOMPARE(r3.i32(), 0);          // throttle
    QCOMPARE(r3.i16(), int16_t(0)); // top-level error
    QCOMPARE(r3.i32(), 2);
    QCOMPARE(r3.string(), std::string("m-1"));
    QVERIFY(!r3.nullableString());
    QCOMPARE(r3.i16(), int16_t(0));
    QCOMPARE(r3.string(), std::string(""));
    QCOMPARE(r3.nullableString().value_or(""), std::string("inst-b"));
    QCOMPARE(r3.i16(), int16_t(82));
    QCOMPARE(r3.remaining(), std::size_t(0));

    // JoinGroup v5 names each member's instance id; v4 has no such field.
    proto::JoinGroupResponse join{0, 3, "range", "m-1", "m-1", {{"m-1", std::string("inst-a"), "meta"}}};
    std::string j4, j5;
    wire::Writer wj4(j4), wj5(j5);
    proto::encode(wj4, 4, join);
    proto::encode(wj5, 5, join);
    QCOMPARE(j5.size(), j4.size() + 2 + 6);
    QVERIFY(j5.find("inst-a") != std::string::npos);
    QVERIFY(j4.find("inst-a") == std::string::npos);
  }

  void encodesTransactionResponses() {
    proto::AddPartitionsToTxnResponse add;
    add.topics.push_back({"orders", {{0, 0}, {1, 3}}});
    std::string out;
    wire::Writer w(out);
    proto::encode(w, 1, add);
    wire::Reader r(out);
    QCOMPARE(r.i32(), 0);
    QCOMPARE(r.i32(), 1);
    QCOMPARE(r.string(), std::string("orders"));
    QCOMPARE(r.i32(), 2);
    QCOMPARE(r.i32(), 0);
    QCOMPARE(r.i16(), int16_t(0));
    QCOMPARE(r.i32(), 1);
    QCOMPARE(r.i16(), int16_t(3));
    QCOMPARE(r.remaining(), std::size_t(0));
    std::string end;
    wire::Writer we(end);
    proto::encode(we, 2, proto::EndTxnResponse{48});  // INVALID_TXN_STATE
    wire::Reader re(end);
    QCOMPARE(re.i32(), 0);
    QCOMPARE(re.i16(), int16_t(48));
    QCOMPARE(re.remaining(), std::size_t(0));
  }

  void checksRecordBatches() {
    std::string batch = testing::makeBatch(5, 1000, 10);
    BatchHeader h;
    QCOMPARE(checkBatch(batch, h, true), BatchCheck::Ok);
    QCOMPARE(h.recordCount, 5);
    auto found = findRecordByTimestamp(batch, h, 1025);
    QVERIFY(found);
    QCOMPARE(found->offset, int64_t(3));
    QCOMPARE(found->timestamp, int64_t(1030));
    QCOMPARE(checkBatch(batch.substr(0, batch.size() - 1), h, true), BatchCheck::Truncated);
    std::string damaged = batch;
    damaged[damaged.size() - 3] ^= 1;
    QCOMPARE(checkBatch(damaged, h, true), BatchCheck::Corrupt);
    std::string oldFormat = batch;
    oldFormat[16] = 1;
    QCOMPARE(checkBatch(oldFormat, h, true), BatchCheck::UnsupportedMagic);
  }
};

QTEST_APPLESS_MAIN(TestBrokerProtocol)
#include "test_broker_protocol.moc"
