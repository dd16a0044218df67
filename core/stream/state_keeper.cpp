#include "core/stream/state_keeper.h"

#include <spdlog/spdlog.h>

#include "core/base/clock.h"
#include "core/runtime/ack_tracker.h"
#include "core/stream/state_codec.h"

namespace tributary::stream {

namespace {
constexpr const char* kMetaKey = "m";
constexpr const char* kOutboxPrefix = "o/";

std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

std::string StateKeeper::outboxKey(std::uint64_t seq) {
  std::string key = kOutboxPrefix;
  for (int shift = 56; shift >= 0; shift -= 8) key.push_back(static_cast<char>((seq >> shift) & 0xff));
  return key;
}

Status StateKeeper::attach(const std::filesystem::path& directory, std::vector<const runtime::AckTracker*> inputs,
                           std::int64_t flushIntervalMs, const std::string& fingerprint) {
  auto store = StateStore::open(directory);
  if (!store) return store.error();
  m_store = std::move(store).value();
  m_inputs = std::move(inputs);
  m_flushIntervalMs = std::max<std::int64_t>(10, flushIntervalMs);
  m_fingerprint = fingerprint;
  m_lastFlushMs = nowMs();
  std::optional<std::string> meta = m_store->get(kMetaKey);
  if (!meta) return {};
  auto doc = nlohmann::json::parse(*meta, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || doc.value("fingerprint", std::string()) != fingerprint) {
    spdlog::warn("state store {} was written for another configuration of the node; starting with empty state",
                 directory.string());
    return m_store->clear();
  }
  for (const auto& [port, partitions] : doc["covered"].items())
    for (const auto& [partition, offset] : partitions.items())
      m_covered[static_cast<std::uint16_t>(std::stoi(port))][std::stoi(partition)] = offset.get<std::int64_t>();
  m_replayUpTo = m_covered;
  m_nextSeq = doc.value("next_outbox", std::uint64_t{0});
  if (auto node = doc.find("node"); node != doc.end() && node->is_object()) m_restoredMeta = *node;
  bool corrupt = false;
  m_store->forEach(kOutboxPrefix, [&](std::string_view key, std::string_view value) {
    Kept kept;
    for (char c : key.substr(2)) kept.seq = (kept.seq << 8) | static_cast<unsigned char>(c);
    StateReader reader(value);
    if (!reader.record(kept.record)) {
      corrupt = true;
      return;
    }
    kept.stored = true;  // proof unset: the first batch of this run proves it
    m_restored.push_back(kept.record);
    m_outbox.push_back(std::move(kept));
  });
  if (corrupt)
    return makeError(ErrorCode::Invalid, "the state store " + directory.string() + " holds a corrupt result");
  if (!m_restored.empty())
    spdlog::info("state store {}: emitting {} result(s) again that may not have reached the sinks before the last stop",
                 directory.string(), m_restored.size());
  return {};
}

void StateKeeper::hold(const std::vector<runtime::Ticket*>& tickets) {
  if (!m_store) return;
  for (runtime::Ticket* t : tickets) {
    t->addRef();
    m_held.push_back(t);
  }
}

void StateKeeper::admit(std::uint16_t port, record::Batch& batch) {
  if (!m_store || batch.empty()) return;
  for (const record::Record& r : batch)
    if (r.position.partition >= 0) m_lastAdmitted = std::make_pair(port, r.position);
  // Results waiting for proof: this batch travels behind them.
  if (m_lastAdmitted)
    for (auto it = m_outbox.rbegin(); it != m_outbox.rend() && !it->proof; ++it) it->proof = m_lastAdmitted;
  auto& covered = m_covered[port];
  auto replay = m_replayUpTo.find(port);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const record::SourcePosition& p = batch[i].position;
    if (p.partition >= 0) {
      // Only records replayed after a restart are compared with what the store
      // covers (sources may give several records of one poll the same offset).
      if (replay != m_replayUpTo.end()) {
        auto limit = replay->second.find(p.partition);
        if (limit != replay->second.end()) {
          if (p.offset <= limit->second) continue;  // already in the stored state
          replay->second.erase(limit);              // past the stored state: the replay is over here
        }
      }
      auto [it, fresh] = covered.try_emplace(p.partition, p.offset);
      if (!fresh && p.offset > it->second) it->second = p.offset;
    }
    if (kept != i) batch[kept] = std::move(batch[i]);
    ++kept;
  }
  batch.resize(kept);
}

void StateKeeper::keep(const record::Batch& out, std::size_t from, bool fromInput) {
  if (!m_store) return;
  for (std::size_t i = from; i < out.size(); ++i) {
    Kept k;
    k.seq = m_nextSeq++;
    k.record = out[i];
    if (fromInput) k.proof = m_lastAdmitted;  // the batch just absorbed carries the result
    m_outbox.push_back(std::move(k));
  }
}

void StateKeeper::takeRestored(record::Batch& out) {
  if (m_restored.empty()) return;
  for (record::Record& r : m_restored) out.push_back(std::move(r));
  m_restored.clear();
}

bool StateKeeper::flushDue() const {
  return m_store && nowMs() - m_lastFlushMs >= m_flushIntervalMs;
}

void StateKeeper::prune(StateStore::Batch& batch) {
  std::map<std::uint16_t, runtime::PositionMap> committed;
  for (std::size_t port = 0; port < m_inputs.size(); ++port)
    committed[static_cast<std::uint16_t>(port)] = m_inputs[port]->committed();
  auto delivered = [&](const Kept& k) {
    if (!k.proof) return false;
    const auto& positions = committed[k.proof->first];
    auto it = positions.find(k.proof->second.partition);
    return it != positions.end() && it->second > k.proof->second.offset;
  };
  // Results are proven in order per port; drop every proven one.
  for (auto it = m_outbox.begin(); it != m_outbox.end();) {
    if (delivered(*it)) {
      if (it->stored) batch.remove(outboxKey(it->seq));
      it = m_outbox.erase(it);
    } else {
      ++it;
    }
  }
}

Status StateKeeper::flush(const std::function<void(StateStore::Batch&)>& changes, const nlohmann::json& meta) {
  if (!m_store) return {};
  // After a failed write the changes it carried are gone from the change
  // tracking: writing later ones would store a state that never existed. So
  // nothing is written or released any more; positions stop advancing, and a
  // restart rebuilds the state from the last good write and the replay.
  if (m_failure) return *m_failure;
  m_lastFlushMs = nowMs();
  StateStore::Batch batch;
  changes(batch);
  prune(batch);
  std::string buffer;
  for (Kept& k : m_outbox) {
    if (k.stored) continue;
    buffer.clear();
    StateWriter(buffer).record(k.record);
    batch.put(outboxKey(k.seq), buffer);
    k.stored = true;
  }
  nlohmann::json doc = {{"fingerprint", m_fingerprint}, {"next_outbox", m_nextSeq}, {"node", meta}};
  nlohmann::json& covered = doc["covered"] = nlohmann::json::object();
  for (const auto& [port, partitions] : m_covered)
    for (const auto& [partition, offset] : partitions)
      covered[std::to_string(port)][std::to_string(partition)] = offset;
  batch.put(kMetaKey, doc.dump());
  if (Status s = m_store->write(batch); !s) {
    m_failure = makeError(s.error().code, s.error().message + "; the node's progress stops here until a restart");
    return *m_failure;
  }
  releaseHeld();
  return {};
}

void StateKeeper::releaseHeld() {
  for (runtime::Ticket* t : m_held) t->release();
  m_held.clear();
}

}  // namespace tributary::stream
