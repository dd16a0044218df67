#pragma once
// Consumer groups: membership, rebalances (JoinGroup/SyncGroup), heartbeats,
// session and rebalance timeouts, generation checks, and committed offsets
// (persisted under <data>/groups/, one JSON file per group, written atomically
// on each commit). Membership is not persisted: after a restart members get
// UNKNOWN_MEMBER_ID and rejoin, as after a coordinator move in Kafka.
//
// Static members (KIP-345, group.instance.id): a member that joins with an
// instance id the group already knows takes over that member's place and
// assignment under a new member id, without a rebalance when the group is
// stable; the old member id is then fenced (FENCED_INSTANCE_ID) on every
// request that names the instance. A static member is removed only by its
// session timeout or an explicit LeaveGroup, never by closing its connection.
//
// Not thread-safe: owned and driven by the broker's network thread. Replies to
// JoinGroup and SyncGroup may be deferred; their callbacks run later on that
// same thread (from another request or from tick()).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/base/result.h"
#include "core/broker/protocol.h"

namespace tributary::broker {

struct GroupOptions {
  int32_t minSessionTimeoutMs = 1000;
  int32_t maxSessionTimeoutMs = 30 * 60 * 1000;
  int32_t initialRebalanceDelayMs = 300;  // Kafka's group.initial.rebalance.delay.ms (3000 there)
};

struct JoinResult {
  int16_t error = 0;
  int32_t generationId = -1;
  std::string protocolName;
  std::string leaderId;
  std::string memberId;
  std::vector<std::pair<std::string, std::string>> members;  // leader only: member id, metadata
};

struct SyncResult {
  int16_t error = 0;
  std::string assignment;
};

struct CommittedOffset {
  int64_t offset = -1;
  std::string metadata;
};

struct GroupMemberDescription {
  std::string memberId, clientId, clientHost, metadata, assignment;
  std::optional<std::string> instanceId;
};
struct GroupDescription {
  std::string groupId, state, protocolType, protocol;
  std::vector<GroupMemberDescription> members;
};

class GroupCoordinator {
 public:
  using JoinReply = std::function<void(const JoinResult&)>;
  using SyncReply = std::function<void(const SyncResult&)>;

  GroupCoordinator(std::filesystem::path dir, GroupOptions options) : m_dir(std::move(dir)), m_options(options) {}
  Status load();

  void join(const proto::JoinGroupRequest& request, const std::string& clientId, const std::string& clientHost,
            int64_t nowMs, JoinReply reply);
  void sync(const proto::SyncGroupRequest& request, int64_t nowMs, SyncReply reply);
  int16_t heartbeat(const proto::HeartbeatRequest& request, int64_t nowMs);
  // One error code per member of the request, in its order.
  std::vector<int16_t> leave(const proto::LeaveGroupRequest& request, int64_t nowMs);
  // The instance id of a member (for JoinGroup v5+ responses), if it is static.
  std::optional<std::string> instanceOf(const std::string& groupId, const std::string& memberId) const;

  // Checks that the commit is allowed (generation, membership, not fenced); returns an error code.
  int16_t checkCommit(const std::string& groupId, int32_t generationId, const std::string& memberId,
                      const std::optional<std::string>& instanceId = std::nullopt);
  // Stores offsets (already checked) and persists the group.
  int16_t commit(const std::string& groupId,
                 const std::vector<std::pair<std::pair<std::string, int32_t>, CommittedOffset>>& offsets);
  std::optional<CommittedOffset> committed(const std::string& groupId, const std::string& topic,
                                           int32_t partition) const;
  std::map<std::pair<std::string, int32_t>, CommittedOffset> allCommitted(const std::string& groupId) const;

  std::vector<std::pair<std::string, std::string>> list() const;  // group id, protocol type
  GroupDescription describe(const std::string& groupId) const;
  void forgetTopic(const std::string& topic);

  // Completes rebalances whose waiting is over and expires silent members.
  void tick(int64_t nowMs);

 private:
  enum class State { Empty, PreparingRebalance, CompletingRebalance, Stable };
  struct Member {
    std::string id, clientId, clientHost, protocolType;
    std::optional<std::string> instanceId;
    int32_t sessionTimeoutMs = 0, rebalanceTimeoutMs = 0;
    std::vector<std::pair<std::string, std::string>> protocols;
    std::string assignment;
    int64_t lastHeartbeatMs = 0;
    JoinReply pendingJoin;
    SyncReply pendingSync;
  };
  struct Group {
    std::string id;
    State state = State::Empty;
    int32_t generation = 0;
    std::string protocolType, protocol, leader;
    std::map<std::string, Member> members;
    std::map<std::string, std::string> staticMembers;  // group.instance.id -> current member id
    int64_t rebalanceDeadlineMs = 0;
    int64_t initialDelayUntilMs = 0;
    int64_t syncDeadlineMs = 0;
    std::map<std::pair<std::string, int32_t>, CommittedOffset> offsets;
  };
  static const char* stateName(State s);
  void prepareRebalance(Group& g, int64_t nowMs, const char* reason);
  void maybeCompleteJoin(Group& g, int64_t nowMs, bool deadlinePassed);
  void removeMember(Group& g, const std::string& memberId, int64_t nowMs, const char* reason);
  // FENCED_INSTANCE_ID when `instanceId` belongs to another member id, else NONE.
  static int16_t checkInstance(const Group& g, const std::string& memberId, const std::optional<std::string>& instanceId);
  // A static member rejoining with an unknown member id: replaces the old member.
  void replaceStaticMember(Group& g, const std::string& oldId, const std::string& newId, const std::string& instanceId);
  Status persist(const Group& g) const;
  std::filesystem::path fileFor(const std::string& groupId) const;
  void dropIfUnused(const std::string& groupId);

  std::filesystem::path m_dir;
  GroupOptions m_options;
  std::map<std::string, Group> m_groups;
  uint64_t m_memberCounter = 0;
};

}  // namespace tributary::broker
