// Group coordinator with a hand-driven clock: rebalances, generation checks,
// session timeouts and offsets that survive a reload.
#include <QTemporaryDir>
#include <QTest>

#include <optional>

#include "core/broker/error_codes.h"
#include "core/broker/group_coordinator.h"

using namespace tributary::broker;

namespace {

proto::JoinGroupRequest joinRequest(const std::string& memberId) {
  proto::JoinGroupRequest r;
  r.groupId = "g";
  r.sessionTimeoutMs = 3000;
  r.rebalanceTimeoutMs = 5000;
  r.memberId = memberId;
  r.protocolType = "consumer";
  r.protocols = {{"range", "meta-" + memberId}};
  return r;
}

}  // namespace

class TestBrokerGroups final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void rebalancesAndExpiresSilentMembers() {
    QTemporaryDir dir;
    GroupOptions options;
    options.initialRebalanceDelayMs = 100;
    GroupCoordinator gc(dir.path().toStdString(), options);
    QVERIFY(gc.load().ok());
    std::optional<JoinResult> a, b;
    gc.join(joinRequest(""), "client-a", "/127.0.0.1", 0, [&](const JoinResult& r) { a = r; });
    gc.join(joinRequest(""), "client-b", "/127.0.0.1", 10, [&](const JoinResult& r) { b = r; });
    QVERIFY(!a && !b);  // the initial delay holds the first rebalance back
    gc.tick(150);
    QVERIFY(a && b);
    QCOMPARE(a->error, int16_t(0));
    QCOMPARE(a->generationId, 1);
    QCOMPARE(a->generationId, b->generationId);
    QCOMPARE(a->leaderId, a->memberId);  // the first member leads and sees everyone
    QCOMPARE(a->members.size(), std::size_t(2));
    QVERIFY(b->members.empty());
    std::optional<SyncResult> sa, sb;
    proto::SyncGroupRequest sync;
    sync.groupId = "g";
    sync.generationId = 1;
    sync.memberId = b->memberId;
    gc.sync(sync, 200, [&](const SyncResult& r) { sb = r; });
    QVERIFY(!sb);  // waits for the leader
    sync.memberId = a->memberId;
    sync.assignments = {{a->memberId, "A"}, {b->memberId, "B"}};
    gc.sync(sync, 210, [&](const SyncResult& r) { sa = r; });
    QVERIFY(sa && sb);
    QCOMPARE(sa->assignment, std::string("A"));
    QCOMPARE(sb->assignment, std::string("B"));
    QCOMPARE(gc.describe("g").state, std::string("Stable"));
    // Generation checks.
    proto::HeartbeatRequest hb;
    hb.groupId = "g";
    hb.memberId = a->memberId;
    hb.generationId = 0;
    QCOMPARE(gc.heartbeat(hb, 300), kerr::kIllegalGeneration);
    hb.generationId = 1;
    QCOMPARE(gc.heartbeat(hb, 2000), kerr::kNone);
    QCOMPARE(gc.checkCommit("g", 0, a->memberId), kerr::kIllegalGeneration);
    QCOMPARE(gc.checkCommit("g", 1, "stranger"), kerr::kUnknownMemberId);
    QCOMPARE(gc.checkCommit("g", 1, a->memberId), kerr::kNone);
    // b stays silent past its session timeout: it is removed and a rebalances alone.
    gc.tick(3300);
    QCOMPARE(gc.describe("g").state, std::string("PreparingRebalance"));
    QCOMPARE(gc.heartbeat(hb, 3310), kerr::kRebalanceInProgress);
    hb.memberId = b->memberId;
    QCOMPARE(gc.heartbeat(hb, 3310), kerr::kUnknownMemberId);
    std::optional<JoinResult> again;
    gc.join(joinRequest(a->memberId), "client-a", "/127.0.0.1", 3320, [&](const JoinResult& r) { again = r; });
    QVERIFY(again);
    QCOMPARE(again->generationId, 2);
    QCOMPARE(again->members.size(), std::size_t(1));
  }

  // A consumer killed with SIGKILL never rejoins: when a new member's join starts
  // a rebalance, the dead one is dropped at its session timeout (not the far
  // longer rebalance timeout), and the newcomer gets the group.
  void deadMemberDoesNotHoldARebalance() {
    QTemporaryDir dir;
    GroupOptions options;
    options.initialRebalanceDelayMs = 0;
    GroupCoordinator gc(dir.path().toStdString(), options);
    QVERIFY(gc.load().ok());
    auto request = [](const std::string& member) {
      proto::JoinGroupRequest r = joinRequest(member);
      r.rebalanceTimeoutMs = 300000;  // librdkafka's max.poll.interval.ms
      return r;
    };
    std::optional<JoinResult> dead, fresh;
    gc.join(request(""), "dead", "/127.0.0.1", 0, [&](const JoinResult& r) { dead = r; });
    gc.tick(10);
    QVERIFY(dead);
    proto::SyncGroupRequest sync;
    sync.groupId = "g";
    sync.generationId = dead->generationId;
    sync.memberId = dead->memberId;
    sync.assignments = {{dead->memberId, "all"}};
    gc.sync(sync, 20, [](const SyncResult&) {});
    QCOMPARE(gc.describe("g").state, std::string("Stable"));
    // The new member joins 1 s later; the dead one never heartbeats again.
    gc.join(request(""), "fresh", "/127.0.0.1", 1000, [&](const JoinResult& r) { fresh = r; });
    gc.tick(2000);
    QVERIFY(!fresh);  // within the dead member's session: still waiting for it
    gc.tick(3100);    // 3 s session timeout passed since its last heartbeat at 20 ms
    QVERIFY(fresh);
    QCOMPARE(fresh->error, int16_t(0));
    QCOMPARE(fresh->leaderId, fresh->memberId);
    QCOMPARE(fresh->members.size(), std::size_t(1));
  }

  // KIP-345: a static member restarted (new process, same group.instance.id)
  // takes its old place and assignment at once with no rebalance; the old
  // member id is fenced; LeaveGroup v3 removes it by instance id.
  void staticMemberReturnsWithoutRebalance() {
    QTemporaryDir dir;
    GroupOptions options;
    options.initialRebalanceDelayMs = 100;
    GroupCoordinator gc(dir.path().toStdString(), options);
    QVERIFY(gc.load().ok());
    auto request = [](const std::string& member, std::optional<std::string> instance) {
      proto::JoinGroupRequest r = joinRequest(member);
      r.groupInstanceId = std::move(instance);
      return r;
    };
    std::optional<JoinResult> a, b;
    gc.join(request("", "runner-1"), "a", "/127.0.0.1", 0, [&](const JoinResult& r) { a = r; });
    gc.join(request("", std::nullopt), "b", "/127.0.0.1", 0, [&](const JoinResult& r) { b = r; });
    gc.tick(150);
    QVERIFY(a && b);
    QCOMPARE(gc.instanceOf("g", a->memberId), std::optional<std::string>("runner-1"));
    proto::SyncGroupRequest sync;
    sync.groupId = "g";
    sync.generationId = a->generationId;
    sync.memberId = a->leaderId == a->memberId ? b->memberId : a->memberId;  // the follower first
    gc.sync(sync, 200, [](const SyncResult&) {});
    sync.memberId = a->leaderId;
    sync.assignments = {{a->memberId, "A"}, {b->memberId, "B"}};
    gc.sync(sync, 200, [](const SyncResult&) {});
    QCOMPARE(gc.describe("g").state, std::string("Stable"));

    // The process holding runner-1 is killed and restarted: same instance, no member id.
    std::optional<JoinResult> back;
    gc.join(request("", "runner-1"), "a2", "/127.0.0.1", 500, [&](const JoinResult& r) { back = r; });
    QVERIFY(back);  // answered at once
    QCOMPARE(back->error, int16_t(0));
    QCOMPARE(back->generationId, a->generationId);  // no new generation
    QVERIFY(back->memberId != a->memberId);
    QVERIFY(back->leaderId != back->memberId);  // must not reassign
    QVERIFY(back->members.empty());
    QCOMPARE(gc.describe("g").state, std::string("Stable"));
    std::optional<SyncResult> mine;
    sync.memberId = back->memberId;
    sync.groupInstanceId = "runner-1";
    sync.assignments.clear();
    gc.sync(sync, 510, [&](const SyncResult& r) { mine = r; });
    QVERIFY(mine);
    QCOMPARE(mine->error, int16_t(0));
    QCOMPARE(mine->assignment, std::string("A"));

    // The old process (had it survived) is fenced everywhere it names the instance.
    proto::HeartbeatRequest hb;
    hb.groupId = "g";
    hb.generationId = a->generationId;
    hb.memberId = a->memberId;
    hb.groupInstanceId = "runner-1";
    QCOMPARE(gc.heartbeat(hb, 600), kerr::kFencedInstanceId);
    QCOMPARE(gc.checkCommit("g", a->generationId, a->memberId, std::string("runner-1")), kerr::kFencedInstanceId);
    QCOMPARE(gc.checkCommit("g", a->generationId, back->memberId, std::string("runner-1")), kerr::kNone);
    std::optional<JoinResult> stale;
    gc.join(request(a->memberId, "runner-1"), "a", "/127.0.0.1", 600, [&](const JoinResult& r) { stale = r; });
    QVERIFY(stale);
    QCOMPARE(stale->error, kerr::kFencedInstanceId);
    hb.memberId = back->memberId;
    QCOMPARE(gc.heartbeat(hb, 700), kerr::kNone);
    proto::HeartbeatRequest hbB;
    hbB.groupId = "g";
    hbB.generationId = a->generationId;
    hbB.memberId = b->memberId;
    QCOMPARE(gc.heartbeat(hbB, 700), kerr::kNone);  // b saw no rebalance

    // LeaveGroup v3 by instance id (the admin client's way): a stale member id is fenced, the instance id alone works.
    proto::LeaveGroupRequest leave;
    leave.groupId = "g";
    leave.members = {{a->memberId, std::string("runner-1")}, {"", std::string("nobody")}};
    QCOMPARE(gc.leave(leave, 800), (std::vector<int16_t>{kerr::kFencedInstanceId, kerr::kUnknownMemberId}));
    leave.members = {{"", std::string("runner-1")}};
    QCOMPARE(gc.leave(leave, 800), std::vector<int16_t>{kerr::kNone});
    QCOMPARE(gc.heartbeat(hbB, 810), kerr::kRebalanceInProgress);
    QVERIFY(!gc.instanceOf("g", back->memberId));
  }

  void offsetsArePersisted() {
    QTemporaryDir dir;
    {
      GroupCoordinator gc(dir.path().toStdString(), GroupOptions{});
      QVERIFY(gc.load().ok());
      QCOMPARE(gc.checkCommit("tools", -1, ""), kerr::kNone);
      QCOMPARE(gc.commit("tools", {{{"orders", 3}, CommittedOffset{42, "m"}}}), kerr::kNone);
    }
    GroupCoordinator reloaded(dir.path().toStdString(), GroupOptions{});
    QVERIFY(reloaded.load().ok());
    auto c = reloaded.committed("tools", "orders", 3);
    QVERIFY(c);
    QCOMPARE(c->offset, int64_t(42));
    QCOMPARE(c->metadata, std::string("m"));
    QVERIFY(!reloaded.committed("tools", "orders", 4));
  }
};

QTEST_APPLESS_MAIN(TestBrokerGroups)
#include "test_broker_groups.moc"
