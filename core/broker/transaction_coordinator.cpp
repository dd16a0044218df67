#include "core/broker/transaction_coordinator.h"

#include <algorithm>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "core/base/files.h"
#include "core/broker/error_codes.h"

namespace tributary::broker {

namespace fs = std::filesystem;

Status TransactionCoordinator::load() {
  std::error_code ec;
  fs::create_directories(m_dir, ec);
  if (ec) return makeError(ErrorCode::Io, "cannot create the transactions folder: " + ec.message(), m_dir.string());
  fs::path file = m_dir / "state.json";
  if (!fs::exists(file, ec)) return {};
  auto text = base::readFile(file, 256 << 20);
  if (!text) return text.error();
  try {
    auto j = nlohmann::json::parse(*text);
    for (const auto& t : j.at("transactions")) {
      Txn x;
      x.producerId = t.at("producer_id").get<int64_t>();
      x.epoch = t.at("epoch").get<int16_t>();
      x.timeoutMs = t.at("timeout_ms").get<int32_t>();
      x.ongoing = t.value("ongoing", false);
      x.startMs = t.value("start_ms", int64_t{-1});
      x.lastOutcome = t.value("last", std::string("Empty"));
      for (const auto& p : t.value("partitions", nlohmann::json::array()))
        x.partitions[{p.at("topic").get<std::string>(), p.at("partition").get<int32_t>()}] =
            p.at("first").get<int64_t>();
      for (const auto& g : t.value("groups", nlohmann::json::array())) x.groups.insert(g.get<std::string>());
      for (const auto& o : t.value("offsets", nlohmann::json::array()))
        x.offsets[o.at("group").get<std::string>()][{o.at("topic").get<std::string>(), o.at("partition").get<int32_t>()}] =
            CommittedOffset{o.at("offset").get<int64_t>(), o.value("metadata", "")};
      std::string id = t.at("id").get<std::string>();
      if (x.ongoing)
        for (const auto& [tp, first] : x.partitions)
          if (first >= 0) m_open[tp][id] = first;
      m_txns[id] = std::move(x);
    }
    for (const auto& a : j.at("aborted"))
      m_aborted[{a.at("topic").get<std::string>(), a.at("partition").get<int32_t>()}].push_back(
          Aborted{a.at("producer_id").get<int64_t>(), a.at("first").get<int64_t>(), a.at("last").get<int64_t>()});
  } catch (const std::exception& e) {
    return makeError(ErrorCode::Invalid, std::string("the transaction state is damaged: ") + e.what(), file.string());
  }
  std::size_t open = std::count_if(m_txns.begin(), m_txns.end(), [](const auto& kv) { return kv.second.ongoing; });
  if (open > 0) spdlog::info("broker: {} open transaction(s) recovered; they end at their timeout", open);
  return {};
}

void TransactionCoordinator::persist() const {
  nlohmann::json txns = nlohmann::json::array();
  for (const auto& [id, t] : m_txns) {
    nlohmann::json parts = nlohmann::json::array(), offsets = nlohmann::json::array();
    for (const auto& [tp, first] : t.partitions)
      parts.push_back({{"topic", tp.first}, {"partition", tp.second}, {"first", first}});
    for (const auto& [group, list] : t.offsets)
      for (const auto& [tp, c] : list)
        offsets.push_back({{"group", group},
                           {"topic", tp.first},
                           {"partition", tp.second},
                           {"offset", c.offset},
                           {"metadata", c.metadata}});
    txns.push_back({{"id", id},
                    {"producer_id", t.producerId},
                    {"epoch", t.epoch},
                    {"timeout_ms", t.timeoutMs},
                    {"ongoing", t.ongoing},
                    {"start_ms", t.startMs},
                    {"last", t.lastOutcome},
                    {"partitions", parts},
                    {"groups", t.groups},
                    {"offsets", offsets}});
  }
  nlohmann::json aborted = nlohmann::json::array();
  for (const auto& [tp, list] : m_aborted)
    for (const Aborted& a : list)
      aborted.push_back({{"topic", tp.first},
                         {"partition", tp.second},
                         {"producer_id", a.producerId},
                         {"first", a.firstOffset},
                         {"last", a.lastOffset}});
  nlohmann::json j{{"transactions", txns}, {"aborted", aborted}};
  if (Status s = base::writeFileAtomically(m_dir / "state.json", j.dump()); !s)
    spdlog::error("broker: cannot save the transaction state: {}", s.error().toString());
}

TransactionCoordinator::InitResult TransactionCoordinator::initProducerId(const std::string& id, int32_t timeoutMs,
                                                                          int64_t wallNowMs) {
  InitResult r;
  if (id.empty()) {
    r.error = kerr::kInvalidRequest;
    return r;
  }
  if (timeoutMs <= 0 || timeoutMs > kMaxTimeoutMs) {
    r.error = kerr::kInvalidTransactionTimeout;
    return r;
  }
  auto it = m_txns.find(id);
  if (it == m_txns.end() || it->second.epoch >= INT16_MAX - 1) {
    auto pid = m_hooks.allocateProducerId();
    if (!pid) {
      spdlog::error("broker: {}", pid.error().toString());
      r.error = kerr::kUnknownServerError;
      return r;
    }
    Txn fresh;
    fresh.producerId = *pid;
    fresh.epoch = 0;
    if (it != m_txns.end() && it->second.ongoing) complete(id, it->second, false);
    it = m_txns.insert_or_assign(id, std::move(fresh)).first;
  } else {
    // The same transactional id again: a new producer instance. What the old
    // one left open is aborted, and the new epoch fences it.
    if (it->second.ongoing) {
      spdlog::info("broker: transactional id {} re-initialised; aborting its open transaction", id);
      if (int16_t e = complete(id, it->second, false); e != kerr::kNone) {
        r.error = e;
        return r;
      }
    }
    ++it->second.epoch;
  }
  Txn& t = it->second;
  t.timeoutMs = timeoutMs;
  (void)wallNowMs;
  persist();
  r.producerId = t.producerId;
  r.epoch = t.epoch;
  return r;
}

int16_t TransactionCoordinator::check(const std::string& id, int64_t producerId, int16_t epoch, const Txn** out) const {
  auto it = m_txns.find(id);
  if (it == m_txns.end() || it->second.producerId != producerId) return kerr::kInvalidProducerIdMapping;
  if (epoch != it->second.epoch) return kerr::kInvalidProducerEpoch;  // fenced by a newer instance
  *out = &it->second;
  return kerr::kNone;
}

int16_t TransactionCoordinator::addPartition(const std::string& id, int64_t producerId, int16_t epoch,
                                             const TopicPartition& tp, int64_t wallNowMs) {
  return addPartitions(id, producerId, epoch, {tp}, wallNowMs).front();
}

std::vector<int16_t> TransactionCoordinator::addPartitions(const std::string& id, int64_t producerId, int16_t epoch,
                                                           const std::vector<TopicPartition>& tps, int64_t wallNowMs) {
  const Txn* found = nullptr;
  if (int16_t e = check(id, producerId, epoch, &found); e != kerr::kNone) return std::vector<int16_t>(tps.size(), e);
  Txn& t = m_txns.at(id);
  if (!t.ongoing) {
    t.ongoing = true;
    t.startMs = wallNowMs;
  }
  bool added = false;
  for (const TopicPartition& tp : tps) added |= t.partitions.emplace(tp, -1).second;
  if (added) persist();  // once per request: each save is a synced file
  return std::vector<int16_t>(tps.size(), kerr::kNone);
}

int16_t TransactionCoordinator::addOffsets(const std::string& id, int64_t producerId, int16_t epoch,
                                           const std::string& group, int64_t wallNowMs) {
  const Txn* found = nullptr;
  if (int16_t e = check(id, producerId, epoch, &found); e != kerr::kNone) return e;
  if (group.empty()) return kerr::kInvalidGroupId;
  Txn& t = m_txns.at(id);
  if (!t.ongoing) {
    t.ongoing = true;
    t.startMs = wallNowMs;
  }
  if (t.groups.insert(group).second) persist();
  return kerr::kNone;
}

int16_t TransactionCoordinator::txnOffsetCommit(const std::string& id, int64_t producerId, int16_t epoch,
                                                const std::string& group, const Offsets& offsets) {
  const Txn* found = nullptr;
  if (int16_t e = check(id, producerId, epoch, &found); e != kerr::kNone) return e;
  Txn& t = m_txns.at(id);
  if (!t.ongoing || !t.groups.count(group)) return kerr::kInvalidTxnState;  // AddOffsetsToTxn first
  for (const auto& [tp, c] : offsets) t.offsets[group][tp] = c;
  persist();
  return kerr::kNone;
}

int16_t TransactionCoordinator::endTxn(const std::string& id, int64_t producerId, int16_t epoch, bool commit) {
  const Txn* found = nullptr;
  if (int16_t e = check(id, producerId, epoch, &found); e != kerr::kNone) return e;
  Txn& t = m_txns.at(id);
  if (!t.ongoing) {
    // A retried EndTxn of the outcome just written succeeds; anything else is out of place.
    if ((commit && t.lastOutcome == "CompleteCommit") || (!commit && t.lastOutcome == "CompleteAbort"))
      return kerr::kNone;
    return kerr::kInvalidTxnState;
  }
  return complete(id, t, commit);
}

int16_t TransactionCoordinator::complete(const std::string& id, Txn& t, bool commit) {
  for (const auto& [tp, first] : t.partitions) {
    auto marker = m_hooks.writeMarker(tp, t.producerId, t.epoch, commit);
    if (!marker) {
      // The partition is gone (topic deleted) or the disk failed: the other
      // partitions still get their markers; a deleted one needs none.
      spdlog::warn("broker: transaction {}: no {} marker in {}[{}]: {}", id, commit ? "commit" : "abort", tp.first,
                   tp.second, marker.error().toString());
      continue;
    }
    if (!commit && first >= 0) m_aborted[tp].push_back(Aborted{t.producerId, first, *marker});
  }
  for (const auto& [tp, first] : t.partitions)
    if (auto open = m_open.find(tp); open != m_open.end()) {
      open->second.erase(id);
      if (open->second.empty()) m_open.erase(open);
    }
  if (commit)
    for (const auto& [group, list] : t.offsets) {
      Offsets out(list.begin(), list.end());
      if (int16_t e = m_hooks.commitOffsets(group, out); e != kerr::kNone)
        spdlog::error("broker: transaction {}: the offsets of group {} were not stored (error {})", id, group, e);
    }
  spdlog::debug("broker: transaction {} {} ({} partition(s))", id, commit ? "committed" : "aborted",
                t.partitions.size());
  t.ongoing = false;
  t.startMs = -1;
  t.partitions.clear();
  t.groups.clear();
  t.offsets.clear();
  t.lastOutcome = commit ? "CompleteCommit" : "CompleteAbort";
  persist();
  return kerr::kNone;
}

int16_t TransactionCoordinator::checkProduce(const std::string& id, int64_t producerId, int16_t epoch,
                                             const TopicPartition& tp) const {
  const Txn* t = nullptr;
  if (int16_t e = check(id, producerId, epoch, &t); e != kerr::kNone) return e;
  if (!t->ongoing || !t->partitions.count(tp)) return kerr::kInvalidTxnState;  // AddPartitionsToTxn first
  return kerr::kNone;
}

void TransactionCoordinator::appended(const std::string& id, const TopicPartition& tp, int64_t baseOffset) {
  auto it = m_txns.find(id);
  if (it == m_txns.end()) return;
  auto p = it->second.partitions.find(tp);
  if (p == it->second.partitions.end() || p->second >= 0) return;
  p->second = baseOffset;
  m_open[tp][id] = baseOffset;
  persist();
}

int64_t TransactionCoordinator::lastStableOffset(const TopicPartition& tp, int64_t highWatermark) const {
  int64_t lso = highWatermark;
  if (auto open = m_open.find(tp); open != m_open.end())
    for (const auto& [id, first] : open->second) lso = std::min(lso, first);
  return lso;
}

std::vector<TransactionCoordinator::Aborted> TransactionCoordinator::abortedBetween(const TopicPartition& tp,
                                                                                    int64_t from, int64_t to) const {
  std::vector<Aborted> out;
  auto it = m_aborted.find(tp);
  if (it == m_aborted.end()) return out;
  for (const Aborted& a : it->second)
    if (a.lastOffset >= from && a.firstOffset < to) out.push_back(a);
  return out;
}

void TransactionCoordinator::forgetAborted(const TopicPartition& tp, int64_t producerId, int64_t markerOffset) {
  auto it = m_aborted.find(tp);
  if (it == m_aborted.end()) return;
  auto n = std::erase_if(it->second,
                         [&](const Aborted& a) { return a.producerId == producerId && a.lastOffset == markerOffset; });
  if (it->second.empty()) m_aborted.erase(it);
  if (n > 0) persist();
}

void TransactionCoordinator::tick(int64_t wallNowMs) {
  for (auto& [id, t] : m_txns) {
    if (!t.ongoing || t.startMs < 0 || wallNowMs - t.startMs < t.timeoutMs) continue;
    spdlog::info("broker: transaction {} passed its timeout of {} ms; aborting it", id, t.timeoutMs);
    // Kafka bumps the epoch of a timed-out transaction so the producer cannot
    // go on with it: its next request is fenced.
    ++t.epoch;
    complete(id, t, false);
  }
}

void TransactionCoordinator::forgetTopic(const std::string& topic) {
  bool changed = false;
  std::erase_if(m_open, [&](const auto& kv) { return kv.first.first == topic; });
  for (auto it = m_aborted.begin(); it != m_aborted.end();) {
    if (it->first.first == topic) {
      it = m_aborted.erase(it);
      changed = true;
    } else {
      ++it;
    }
  }
  for (auto& [id, t] : m_txns)
    for (auto it = t.partitions.begin(); it != t.partitions.end();) {
      if (it->first.first == topic) {
        it = t.partitions.erase(it);
        changed = true;
      } else {
        ++it;
      }
    }
  if (changed) persist();
}

std::vector<TransactionCoordinator::Description> TransactionCoordinator::list() const {
  std::vector<Description> out;
  for (const auto& [id, t] : m_txns) {
    Description d{id, t.ongoing ? "Ongoing" : t.lastOutcome, t.producerId, t.epoch, t.timeoutMs, t.startMs, {}};
    for (const auto& [tp, first] : t.partitions) d.partitions.push_back(tp);
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace tributary::broker
