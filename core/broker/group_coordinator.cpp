#include "core/broker/group_coordinator.h"

#include <algorithm>
#include <random>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "core/base/files.h"
#include "core/broker/error_codes.h"

namespace tributary::broker {

namespace fs = std::filesystem;

const char* GroupCoordinator::stateName(State s) {
  switch (s) {
    case State::Empty:
      return "Empty";
    case State::PreparingRebalance:
      return "PreparingRebalance";
    case State::CompletingRebalance:
      return "CompletingRebalance";
    case State::Stable:
      return "Stable";
  }
  return "Dead";
}

fs::path GroupCoordinator::fileFor(const std::string& groupId) const {
  // Group ids may hold any character: hex keeps the file name safe.
  static const char* hex = "0123456789abcdef";
  std::string name;
  for (unsigned char c : groupId) {
    name.push_back(hex[c >> 4]);
    name.push_back(hex[c & 15]);
  }
  if (name.size() > 200) name = name.substr(0, 180) + "-" + std::to_string(std::hash<std::string>{}(groupId));
  return m_dir / (name + ".json");
}

Status GroupCoordinator::load() {
  std::error_code ec;
  fs::create_directories(m_dir, ec);
  if (ec) return makeError(ErrorCode::Io, "cannot create the groups folder: " + ec.message(), m_dir.string());
  for (const auto& entry : fs::directory_iterator(m_dir, ec)) {
    if (entry.path().extension() != ".json") continue;
    auto text = base::readFile(entry.path(), 64 << 20);
    if (!text) continue;
    try {
      auto j = nlohmann::json::parse(*text);
      Group g;
      g.id = j.at("group").get<std::string>();
      for (const auto& o : j.at("offsets"))
        g.offsets[{o.at("topic").get<std::string>(), o.at("partition").get<int32_t>()}] =
            CommittedOffset{o.at("offset").get<int64_t>(), o.value("metadata", "")};
      m_groups[g.id] = std::move(g);
    } catch (const std::exception& e) {
      spdlog::warn("broker: skipping unreadable group file {}: {}", entry.path().string(), e.what());
    }
  }
  return {};
}

Status GroupCoordinator::persist(const Group& g) const {
  nlohmann::json offsets = nlohmann::json::array();
  for (const auto& [tp, c] : g.offsets)
    offsets.push_back({{"topic", tp.first}, {"partition", tp.second}, {"offset", c.offset}, {"metadata", c.metadata}});
  nlohmann::json j{{"group", g.id}, {"offsets", offsets}};
  return base::writeFileAtomically(fileFor(g.id), j.dump());
}

void GroupCoordinator::dropIfUnused(const std::string& groupId) {
  auto it = m_groups.find(groupId);
  if (it == m_groups.end() || it->second.state != State::Empty || !it->second.offsets.empty()) return;
  std::error_code ec;
  fs::remove(fileFor(groupId), ec);
  m_groups.erase(it);
}

void GroupCoordinator::prepareRebalance(Group& g, int64_t nowMs, const char* reason) {
  spdlog::info("broker: group {} rebalances ({}), generation {}", g.id, reason, g.generation);
  bool wasEmpty = g.state == State::Empty;
  g.state = State::PreparingRebalance;
  for (auto& [id, m] : g.members)
    if (m.pendingSync) {
      auto reply = std::move(m.pendingSync);
      m.pendingSync = nullptr;
      reply(SyncResult{kerr::kRebalanceInProgress, {}});
    }
  int32_t timeout = 0;
  for (auto& [id, m] : g.members) timeout = std::max(timeout, m.rebalanceTimeoutMs);
  g.rebalanceDeadlineMs = nowMs + timeout;
  g.initialDelayUntilMs = wasEmpty ? nowMs + m_options.initialRebalanceDelayMs : 0;
}

void GroupCoordinator::maybeCompleteJoin(Group& g, int64_t nowMs, bool deadlinePassed) {
  if (g.state != State::PreparingRebalance) return;
  bool allJoined =
      std::all_of(g.members.begin(), g.members.end(), [](const auto& kv) { return bool(kv.second.pendingJoin); });
  if (!deadlinePassed && (!allJoined || nowMs < g.initialDelayUntilMs)) return;
  for (auto it = g.members.begin(); it != g.members.end();) {
    if (!it->second.pendingJoin) {
      spdlog::info("broker: group {}: member {} did not rejoin in time; removed", g.id, it->first);
      if (it->second.instanceId) g.staticMembers.erase(*it->second.instanceId);
      it = g.members.erase(it);
    } else {
      ++it;
    }
  }
  ++g.generation;
  if (g.members.empty()) {
    g.state = State::Empty;
    g.protocol.clear();
    g.leader.clear();
    return;
  }
  // The protocol: the leader's (or first member's) first choice that every member supports.
  if (!g.members.count(g.leader)) g.leader = g.members.begin()->first;
  const Member& leader = g.members.at(g.leader);
  g.protocol.clear();
  for (const auto& candidate : leader.protocols) {
    const std::string& name = candidate.first;
    bool everyone = std::all_of(g.members.begin(), g.members.end(), [&](const auto& kv) {
      return std::any_of(kv.second.protocols.begin(), kv.second.protocols.end(),
                         [&](const auto& p) { return p.first == name; });
    });
    if (everyone) {
      g.protocol = name;
      break;
    }
  }
  g.protocolType = leader.protocolType;
  g.state = State::CompletingRebalance;
  int32_t timeout = 0;
  for (auto& [id, m] : g.members) timeout = std::max(timeout, m.rebalanceTimeoutMs);
  g.syncDeadlineMs = nowMs + timeout;
  spdlog::info("broker: group {} generation {}: {} member(s), protocol {}, leader {}", g.id, g.generation,
               g.members.size(), g.protocol, g.leader);
  std::vector<std::pair<std::string, std::string>> everyone;
  for (const auto& [id, m] : g.members)
    for (const auto& [name, meta] : m.protocols)
      if (name == g.protocol) everyone.emplace_back(id, meta);
  for (auto& [id, m] : g.members) {
    JoinResult r;
    r.generationId = g.generation;
    r.protocolName = g.protocol;
    r.leaderId = g.leader;
    r.memberId = id;
    if (id == g.leader) r.members = everyone;
    m.lastHeartbeatMs = nowMs;
    auto reply = std::move(m.pendingJoin);
    m.pendingJoin = nullptr;
    reply(r);
  }
}

void GroupCoordinator::removeMember(Group& g, const std::string& memberId, int64_t nowMs, const char* reason) {
  auto it = g.members.find(memberId);
  if (it == g.members.end()) return;
  spdlog::info("broker: group {}: member {} {}", g.id, memberId, reason);
  if (it->second.instanceId) g.staticMembers.erase(*it->second.instanceId);
  if (it->second.pendingJoin) it->second.pendingJoin(JoinResult{kerr::kUnknownMemberId, -1, {}, {}, memberId, {}});
  if (it->second.pendingSync) it->second.pendingSync(SyncResult{kerr::kUnknownMemberId, {}});
  g.members.erase(it);
  if (g.leader == memberId) g.leader.clear();
  if (g.state == State::PreparingRebalance) {
    maybeCompleteJoin(g, nowMs, false);
  } else if (g.members.empty()) {
    g.state = State::Empty;
    ++g.generation;
    g.protocol.clear();
  } else {
    prepareRebalance(g, nowMs, reason);
  }
}

void GroupCoordinator::join(const proto::JoinGroupRequest& req, const std::string& clientId,
                            const std::string& clientHost, int64_t nowMs, JoinReply reply) {
  JoinResult fail;
  fail.memberId = req.memberId;
  if (req.groupId.empty()) {
    fail.error = kerr::kInvalidGroupId;
    return reply(fail);
  }
  if (req.sessionTimeoutMs < m_options.minSessionTimeoutMs || req.sessionTimeoutMs > m_options.maxSessionTimeoutMs) {
    fail.error = kerr::kInvalidSessionTimeout;
    return reply(fail);
  }
  Group& g = m_groups[req.groupId];
  g.id = req.groupId;
  if (req.protocols.empty() || req.protocolType.empty()) {
    fail.error = kerr::kInconsistentGroupProtocol;
    return reply(fail);
  }
  if (!g.members.empty()) {
    bool typeOk = g.protocolType.empty() || g.protocolType == req.protocolType;
    bool shared = std::any_of(req.protocols.begin(), req.protocols.end(), [&](const auto& p) {
      return std::all_of(g.members.begin(), g.members.end(), [&](const auto& kv) {
        return kv.first == req.memberId || std::any_of(kv.second.protocols.begin(), kv.second.protocols.end(),
                                                       [&](const auto& q) { return q.first == p.first; });
      });
    });
    if (!typeOk || !shared) {
      fail.error = kerr::kInconsistentGroupProtocol;
      return reply(fail);
    }
  }
  if (req.groupInstanceId && req.groupInstanceId->empty()) {
    fail.error = kerr::kInvalidRequest;  // Kafka refuses an empty group.instance.id on the client already
    return reply(fail);
  }
  std::string memberId = req.memberId;
  std::optional<std::string> previous;  // a static member this join takes over
  if (memberId.empty()) {
    static std::mt19937_64 rng{std::random_device{}()};
    char suffix[40];
    std::snprintf(suffix, sizeof suffix, "-%llu-%016llx", static_cast<unsigned long long>(++m_memberCounter),
                  static_cast<unsigned long long>(rng()));
    memberId = (req.groupInstanceId ? *req.groupInstanceId : clientId.empty() ? std::string("member") : clientId) +
               suffix;
    if (req.groupInstanceId)
      if (auto known = g.staticMembers.find(*req.groupInstanceId); known != g.staticMembers.end())
        previous = known->second;
  } else if (int16_t e = checkInstance(g, memberId, req.groupInstanceId); e != kerr::kNone) {
    fail.error = e;
    return reply(fail);
  } else if (!g.members.count(memberId)) {
    fail.error = kerr::kUnknownMemberId;
    return reply(fail);
  }
  if (previous) {
    replaceStaticMember(g, *previous, memberId, *req.groupInstanceId);
    Member& m = g.members.at(memberId);
    m.clientId = clientId;
    m.clientHost = clientHost;
    m.sessionTimeoutMs = req.sessionTimeoutMs;
    m.rebalanceTimeoutMs = req.rebalanceTimeoutMs > 0 ? req.rebalanceTimeoutMs : req.sessionTimeoutMs;
    m.lastHeartbeatMs = nowMs;
    bool sameProtocol = std::any_of(req.protocols.begin(), req.protocols.end(),
                                    [&](const auto& p) { return p.first == g.protocol; });
    if (g.state == State::Stable && sameProtocol) {
      // KIP-345: a known instance back after a restart keeps its partitions
      // with no rebalance. It is told the current generation and the old
      // leader id, so it does not take itself for the leader and reassign.
      m.protocols = req.protocols;
      spdlog::info("broker: group {}: static member {} is back as {}; no rebalance", g.id, *req.groupInstanceId,
                   memberId);
      JoinResult r;
      r.generationId = g.generation;
      r.protocolName = g.protocol;
      r.leaderId = g.leader;  // possibly the old member id: then nobody reassigns
      if (g.leader == *previous) g.leader = memberId;
      r.memberId = memberId;
      return reply(r);
    }
  }
  if (req.groupInstanceId) g.staticMembers[*req.groupInstanceId] = memberId;
  if (g.members.empty()) g.protocolType = req.protocolType;
  Member& m = g.members[memberId];
  m.id = memberId;
  m.instanceId = req.groupInstanceId;
  m.clientId = clientId;
  m.clientHost = clientHost;
  m.protocolType = req.protocolType;
  m.sessionTimeoutMs = req.sessionTimeoutMs;
  m.rebalanceTimeoutMs = req.rebalanceTimeoutMs > 0 ? req.rebalanceTimeoutMs : req.sessionTimeoutMs;
  m.protocols = req.protocols;
  m.lastHeartbeatMs = nowMs;
  if (m.pendingJoin) m.pendingJoin(JoinResult{kerr::kRebalanceInProgress, -1, {}, {}, memberId, {}});
  m.pendingJoin = std::move(reply);
  if (g.state != State::PreparingRebalance)
    prepareRebalance(g, nowMs, req.memberId.empty() ? "a member joined" : "a member rejoined");
  else
    g.rebalanceDeadlineMs = std::max(g.rebalanceDeadlineMs, nowMs + m.rebalanceTimeoutMs);
  maybeCompleteJoin(g, nowMs, false);
}

void GroupCoordinator::sync(const proto::SyncGroupRequest& req, int64_t nowMs, SyncReply reply) {
  auto git = m_groups.find(req.groupId);
  if (git == m_groups.end()) return reply(SyncResult{kerr::kUnknownMemberId, {}});
  Group& g = git->second;
  if (int16_t e = checkInstance(g, req.memberId, req.groupInstanceId); e != kerr::kNone) return reply(SyncResult{e, {}});
  if (!g.members.count(req.memberId)) return reply(SyncResult{kerr::kUnknownMemberId, {}});
  if (req.generationId != g.generation) return reply(SyncResult{kerr::kIllegalGeneration, {}});
  Member& m = g.members.at(req.memberId);
  m.lastHeartbeatMs = nowMs;
  switch (g.state) {
    case State::Empty:
      return reply(SyncResult{kerr::kUnknownMemberId, {}});
    case State::PreparingRebalance:
      return reply(SyncResult{kerr::kRebalanceInProgress, {}});
    case State::Stable:
      return reply(SyncResult{kerr::kNone, m.assignment});
    case State::CompletingRebalance:
      break;
  }
  m.pendingSync = std::move(reply);
  if (req.memberId != g.leader) return;
  for (auto& [id, member] : g.members) member.assignment.clear();
  for (const auto& [id, assignment] : req.assignments)
    if (auto it = g.members.find(id); it != g.members.end()) it->second.assignment = assignment;
  g.state = State::Stable;
  spdlog::info("broker: group {} generation {} is stable", g.id, g.generation);
  for (auto& [id, member] : g.members) {
    member.lastHeartbeatMs = nowMs;
    if (member.pendingSync) {
      auto r = std::move(member.pendingSync);
      member.pendingSync = nullptr;
      r(SyncResult{kerr::kNone, member.assignment});
    }
  }
}

int16_t GroupCoordinator::heartbeat(const proto::HeartbeatRequest& req, int64_t nowMs) {
  auto git = m_groups.find(req.groupId);
  if (git == m_groups.end()) return kerr::kUnknownMemberId;
  Group& g = git->second;
  if (int16_t e = checkInstance(g, req.memberId, req.groupInstanceId); e != kerr::kNone) return e;
  auto mit = g.members.find(req.memberId);
  if (mit == g.members.end()) return kerr::kUnknownMemberId;
  if (req.generationId != g.generation) return kerr::kIllegalGeneration;
  mit->second.lastHeartbeatMs = nowMs;
  if (g.state == State::PreparingRebalance) return kerr::kRebalanceInProgress;
  return kerr::kNone;
}

std::vector<int16_t> GroupCoordinator::leave(const proto::LeaveGroupRequest& req, int64_t nowMs) {
  std::vector<int16_t> errors;
  auto git = m_groups.find(req.groupId);
  for (const auto& leaving : req.members) {
    if (git == m_groups.end()) {
      errors.push_back(kerr::kUnknownMemberId);
      continue;
    }
    Group& g = git->second;
    // A static member may be named by its instance id alone (member id empty),
    // as Kafka's admin client does to remove it.
    std::string memberId = leaving.memberId;
    if (leaving.groupInstanceId) {
      auto known = g.staticMembers.find(*leaving.groupInstanceId);
      if (known == g.staticMembers.end()) {
        errors.push_back(kerr::kUnknownMemberId);
        continue;
      }
      if (!memberId.empty() && memberId != known->second) {
        errors.push_back(kerr::kFencedInstanceId);
        continue;
      }
      memberId = known->second;
    }
    if (!g.members.count(memberId)) {
      errors.push_back(kerr::kUnknownMemberId);
      continue;
    }
    removeMember(g, memberId, nowMs, "left the group");
    errors.push_back(kerr::kNone);
  }
  dropIfUnused(req.groupId);
  return errors;
}

std::optional<std::string> GroupCoordinator::instanceOf(const std::string& groupId, const std::string& memberId) const {
  auto git = m_groups.find(groupId);
  if (git == m_groups.end()) return std::nullopt;
  auto mit = git->second.members.find(memberId);
  return mit == git->second.members.end() ? std::nullopt : mit->second.instanceId;
}

int16_t GroupCoordinator::checkInstance(const Group& g, const std::string& memberId,
                                        const std::optional<std::string>& instanceId) {
  if (!instanceId) return kerr::kNone;
  auto known = g.staticMembers.find(*instanceId);
  // An instance id taken over by a newer member id: this one is a stale process.
  if (known != g.staticMembers.end() && known->second != memberId) return kerr::kFencedInstanceId;
  return kerr::kNone;
}

void GroupCoordinator::replaceStaticMember(Group& g, const std::string& oldId, const std::string& newId,
                                           const std::string& instanceId) {
  auto it = g.members.find(oldId);
  if (it == g.members.end()) return;
  Member m = std::move(it->second);
  g.members.erase(it);
  // The old process may still wait on a JoinGroup or SyncGroup: it is fenced.
  if (m.pendingJoin) m.pendingJoin(JoinResult{kerr::kFencedInstanceId, -1, {}, {}, oldId, {}});
  if (m.pendingSync) m.pendingSync(SyncResult{kerr::kFencedInstanceId, {}});
  m.pendingJoin = nullptr;
  m.pendingSync = nullptr;
  m.id = newId;
  g.members[newId] = std::move(m);
  g.staticMembers[instanceId] = newId;
  if (g.leader == oldId && g.state != State::Stable) g.leader = newId;
  spdlog::info("broker: group {}: instance {} moves from member {} to {}", g.id, instanceId, oldId, newId);
}

int16_t GroupCoordinator::checkCommit(const std::string& groupId, int32_t generationId, const std::string& memberId,
                                      const std::optional<std::string>& instanceId) {
  if (groupId.empty()) return kerr::kInvalidGroupId;
  auto git = m_groups.find(groupId);
  if (git == m_groups.end() || git->second.state == State::Empty) {
    // A group without members accepts commits from simple (unsubscribed) consumers and tools.
    if (generationId < 0) return kerr::kNone;
    return kerr::kUnknownMemberId;
  }
  const Group& g = git->second;
  if (int16_t e = checkInstance(g, memberId, instanceId); e != kerr::kNone) return e;  // a stale process
  if (!g.members.count(memberId)) return kerr::kUnknownMemberId;
  if (generationId != g.generation) return kerr::kIllegalGeneration;
  if (g.state == State::CompletingRebalance) return kerr::kRebalanceInProgress;
  return kerr::kNone;
}

int16_t GroupCoordinator::commit(
    const std::string& groupId,
    const std::vector<std::pair<std::pair<std::string, int32_t>, CommittedOffset>>& offsets) {
  Group& g = m_groups[groupId];
  g.id = groupId;
  for (const auto& [tp, c] : offsets) g.offsets[tp] = c;
  if (Status s = persist(g); !s) {
    spdlog::error("broker: cannot save offsets of group {}: {}", groupId, s.error().toString());
    return kerr::kUnknownServerError;
  }
  return kerr::kNone;
}

std::optional<CommittedOffset> GroupCoordinator::committed(const std::string& groupId, const std::string& topic,
                                                           int32_t partition) const {
  auto git = m_groups.find(groupId);
  if (git == m_groups.end()) return std::nullopt;
  auto it = git->second.offsets.find({topic, partition});
  if (it == git->second.offsets.end()) return std::nullopt;
  return it->second;
}

std::map<std::pair<std::string, int32_t>, CommittedOffset> GroupCoordinator::allCommitted(
    const std::string& groupId) const {
  auto git = m_groups.find(groupId);
  if (git == m_groups.end()) return {};
  return git->second.offsets;
}

std::vector<std::pair<std::string, std::string>> GroupCoordinator::list() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [id, g] : m_groups) out.emplace_back(id, g.protocolType);
  return out;
}

GroupDescription GroupCoordinator::describe(const std::string& groupId) const {
  GroupDescription d;
  d.groupId = groupId;
  auto git = m_groups.find(groupId);
  if (git == m_groups.end()) {
    d.state = "Dead";
    return d;
  }
  const Group& g = git->second;
  d.state = stateName(g.state);
  d.protocolType = g.protocolType;
  if (g.state == State::Stable || g.state == State::CompletingRebalance) d.protocol = g.protocol;
  for (const auto& [id, m] : g.members) {
    GroupMemberDescription md{id, m.clientId, m.clientHost, {}, m.assignment, m.instanceId};
    for (const auto& [name, meta] : m.protocols)
      if (name == g.protocol) md.metadata = meta;
    d.members.push_back(std::move(md));
  }
  return d;
}

void GroupCoordinator::forgetTopic(const std::string& topic) {
  for (auto& [id, g] : m_groups) {
    bool changed = false;
    for (auto it = g.offsets.begin(); it != g.offsets.end();) {
      if (it->first.first == topic) {
        it = g.offsets.erase(it);
        changed = true;
      } else {
        ++it;
      }
    }
    if (changed)
      if (Status s = persist(g); !s) spdlog::error("broker: {}", s.error().toString());
  }
}

void GroupCoordinator::tick(int64_t nowMs) {
  std::vector<std::string> emptied;
  for (auto& [id, g] : m_groups) {
    if (g.state == State::PreparingRebalance) {
      // A member that neither rejoins nor heartbeats is dead (kill -9, lost
      // host): drop it at its session timeout as Kafka does, instead of
      // holding the whole group until the much longer rebalance timeout.
      std::vector<std::string> dead;
      for (const auto& [mid, m] : g.members)
        if (!m.pendingJoin && nowMs - m.lastHeartbeatMs > m.sessionTimeoutMs) dead.push_back(mid);
      for (const std::string& mid : dead) removeMember(g, mid, nowMs, "missed its session timeout during a rebalance");
      if (g.state == State::PreparingRebalance) maybeCompleteJoin(g, nowMs, nowMs >= g.rebalanceDeadlineMs);
      continue;
    }
    if (g.state == State::CompletingRebalance && nowMs >= g.syncDeadlineMs) {
      // The leader never sent its assignment: start over.
      prepareRebalance(g, nowMs, "the leader did not sync in time");
      continue;
    }
    std::vector<std::string> expired;
    for (const auto& [mid, m] : g.members)
      if (!m.pendingJoin && nowMs - m.lastHeartbeatMs > m.sessionTimeoutMs) expired.push_back(mid);
    for (const std::string& mid : expired) removeMember(g, mid, nowMs, "missed its session timeout");
    if (g.state == State::Empty && g.offsets.empty()) emptied.push_back(id);
  }
  for (const std::string& id : emptied) dropIfUnused(id);
}

}  // namespace tributary::broker
