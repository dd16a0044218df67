// What the CDC sources share: the snapshot's "last" marker (the final row of
// a snapshot only, whatever the batch boundaries; rows get their position as
// they leave), and tombstones after deletes.
#include <QtTest>

#include "core/connectors/cdc_common.h"
#include "core/record/debezium.h"

using namespace tributary;
using record::Value;
namespace dbz = tributary::record::debezium;

namespace {

record::Record snapshotRow(std::int64_t id) {
  dbz::SourceInfo info;
  info.snapshot = "true";
  Value after = Value::makeObject();
  after.append("id", Value(id));
  record::Record r;
  r.key = Value::makeObject();
  r.key.append("id", Value(id));
  r.value = dbz::makeEnvelope(dbz::Op::Read, Value(), std::move(after), dbz::makeSource(info), 1);
  return r;
}

std::string marker(const record::Record& r) {
  const Value* source = r.value.find("source");
  const Value* snapshot = source ? source->find("snapshot") : nullptr;
  return snapshot ? std::string(snapshot->asString()) : "-";
}

}  // namespace

class TestCdcCommon final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void lastSnapshotRowIsMarked() {
    std::int64_t placed = 0;
    connectors::cdc::SnapshotTail tail([&](record::Record& r) { r.position = {1, ++placed}; });
    record::Batch first, second, third;
    for (int i = 1; i <= 3; ++i) tail.push(snapshotRow(i), first);
    // The third row is held: only two have left, numbered in order.
    QCOMPARE(first.size(), std::size_t(2));
    QCOMPARE(first[1].position.offset, std::int64_t(2));
    tail.push(snapshotRow(4), second);
    tail.finish(second);
    QCOMPARE(second.size(), std::size_t(2));
    QCOMPARE(marker(first[0]), std::string("true"));
    QCOMPARE(marker(first[1]), std::string("true"));
    QCOMPARE(marker(second[0]), std::string("true"));
    QCOMPARE(marker(second[1]), std::string("last"));
    QCOMPARE(second[1].key.find("id")->asInt(), std::int64_t(4));
    QCOMPARE(second[1].position.offset, std::int64_t(4));
    // Finishing again, or an empty snapshot, adds nothing.
    tail.finish(third);
    QVERIFY(third.empty());
  }

  void restartDropsTheHeldRow() {
    connectors::cdc::SnapshotTail tail([](record::Record&) {});
    record::Batch out;
    tail.push(snapshotRow(1), out);
    tail.clear();
    tail.finish(out);
    QVERIFY(out.empty());
  }

  void tombstoneFollowsDelete() {
    record::Batch out;
    record::Record del = snapshotRow(7);
    del.position = {0, 42};
    del.timestampMs = 1234;
    out.push_back(del);
    connectors::cdc::appendTombstone(out);
    QCOMPARE(out.size(), std::size_t(2));
    QVERIFY(out[1].value.isNull());
    QVERIFY(out[1].key == del.key);
    QCOMPARE(out[1].position.offset, std::int64_t(42));
    QCOMPARE(out[1].timestampMs, std::int64_t(1234));
    // A keyless delete (no primary key): no tombstone.
    record::Record keyless = del;
    keyless.key = Value();
    record::Batch single{keyless};
    connectors::cdc::appendTombstone(single);
    QCOMPARE(single.size(), std::size_t(1));
    // Config: on unless set to false.
    QVERIFY(connectors::cdc::readTombstones(nlohmann::json::object()));
    QVERIFY(!connectors::cdc::readTombstones({{"tombstones_on_delete", false}}));
  }
};

QTEST_GUILESS_MAIN(TestCdcCommon)
#include "test_cdc_common.moc"
