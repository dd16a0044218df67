#include "core/stream/state_keeper.h"

#include <cstdio>
#include <unordered_set>

#include <spdlog/spdlog.h>

#include "core/base/clock.h"
#include "core/runtime/ack_tracker.h"
#include "core/stream/state_codec.h"

namespace tributary::stream {

namespace {
constexpr const char* kMetaKey = "m";
constexpr const char* kOutboxPrefix = "o/";
// A result stored with the input position that proves its delivery once
// committed: "<port> <partition> <offset>\n" then the record.
constexpr const char* kProvenPrefix = "p/";

std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

std::string StateKeeper::outboxKey(std::uint64_t seq, bool withProof) {
  std::string key = withProof ? kProvenPrefix : kOutboxPrefix;
  for (int shift = 56; shift >= 0; shift -= 8) key.push_back(static_cast<char>((seq >> shift) & 0xff));
  return key;
}

Status StateKeeper::attach(const std::filesystem::path& directory, std::vector<const runtime::AckTracker*> inputs,
                           std::int64_t flushIntervalMs, const std::string& fingerprint, Changelog* changelog,
                           const std::function<void(std::uint64_t, std::uint64_t)>& progress) {
  auto store = StateStore::open(directory);
  if (!store) return store.error();
  m_store = std::move(store).value();
  m_inputs = std::move(inputs);
  m_flushIntervalMs = std::max<std::int64_t>(10, flushIntervalMs);
  m_fingerprint = fingerprint;
  m_changelog = changelog;
  m_lastFlushMs = nowMs();
  nlohmann::json local;  // the local store's metadata, null when it has none that fits
  if (std::optional<std::string> meta = m_store->get(kMetaKey)) {
    auto doc = nlohmann::json::parse(*meta, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || doc.value("fingerprint", std::string()) != fingerprint) {
      spdlog::warn("state store {} was written for another configuration of the node; starting with empty state",
                   directory.string());
      if (Status s = m_store->clear(); !s) return s;
    } else {
      local = std::move(doc);
    }
  }
  if (m_changelog)
    if (Status s = restoreFromChangelog(local, progress); !s) return s;
  std::optional<std::string> meta = m_store->get(kMetaKey);
  if (!meta) return {};
  auto doc = nlohmann::json::parse(*meta, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return makeError(ErrorCode::Invalid, "the state store " + directory.string() + " holds corrupt metadata");
  m_flushSeq = std::max(m_flushSeq, doc.value("flush", std::uint64_t{0}) + 1);
  for (const auto& [port, partitions] : doc["covered"].items())
    for (const auto& [partition, offset] : partitions.items())
      m_covered[static_cast<std::uint16_t>(std::stoi(port))][std::stoi(partition)] = offset.get<std::int64_t>();
  m_replayUpTo = m_covered;
  m_nextSeq = doc.value("next_outbox", std::uint64_t{0});
  if (auto node = doc.find("node"); node != doc.end() && node->is_object()) m_restoredMeta = *node;
  bool corrupt = false;
  std::map<std::uint64_t, Kept> restored;  // by sequence number: both prefixes, in emission order
  for (const char* prefix : {kOutboxPrefix, kProvenPrefix})
    m_store->forEach(prefix, [&](std::string_view key, std::string_view value) {
      Kept kept;
      for (char c : key.substr(2)) kept.seq = (kept.seq << 8) | static_cast<unsigned char>(c);
      if (prefix == kProvenPrefix) {
        std::size_t eol = value.find('\n');
        unsigned port = 0;
        int partition = 0;
        long long offset = 0;
        if (eol == std::string_view::npos ||
            std::sscanf(std::string(value.substr(0, eol)).c_str(), "%u %d %lld", &port, &partition, &offset) != 3) {
          corrupt = true;
          return;
        }
        kept.proof = std::make_pair(static_cast<std::uint16_t>(port), record::SourcePosition{partition, offset});
        kept.withProof = true;
        value.remove_prefix(eol + 1);
      }
      StateReader reader(value);
      if (!reader.record(kept.record)) {
        corrupt = true;
        return;
      }
      kept.stored = true;  // without a proof: the first batch of this run proves it
      kept.pending = true;
      restored.emplace(kept.seq, std::move(kept));
    });
  if (corrupt)
    return makeError(ErrorCode::Invalid, "the state store " + directory.string() + " holds a corrupt result");
  if (exactlyOnce()) {
    // Results commit with the state in one transaction: none is emitted again. An outbox left by an
    // at-least-once run of the node is removed at the first flush.
    for (auto& [seq, kept] : restored) m_dropped.push_back(outboxKey(seq, kept.withProof));
    return {};
  }
  for (auto& [seq, kept] : restored) m_outbox.push_back(std::move(kept));
  m_pending = m_outbox.size();
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
  if (!m_store || exactlyOnce()) return;
  for (std::size_t i = from; i < out.size(); ++i) {
    Kept k;
    k.seq = m_nextSeq++;
    k.record = out[i];
    if (fromInput) k.proof = m_lastAdmitted;  // the batch just absorbed carries the result
    m_outbox.push_back(std::move(k));
  }
}

void StateKeeper::dropDelivered(const std::function<bool(std::uint16_t, const record::SourcePosition&)>& delivered) {
  if (m_pending == 0) return;
  std::size_t dropped = 0;
  for (auto it = m_outbox.begin(); it != m_outbox.end();) {
    if (it->pending && it->proof && delivered(it->proof->first, it->proof->second)) {
      m_dropped.push_back(outboxKey(it->seq, it->withProof));
      it = m_outbox.erase(it);
      --m_pending;
      ++dropped;
    } else {
      ++it;
    }
  }
  if (dropped > 0 && m_store)
    spdlog::info("state store {}: {} stored result(s) were delivered before the handover (their source position is "
                 "committed): not emitted again",
                 m_store->directory().string(), dropped);
}

void StateKeeper::takeRestored(record::Batch& out) {
  if (m_pending == 0) return;
  std::size_t again = 0;
  for (Kept& k : m_outbox)
    if (k.pending) {
      out.push_back(k.record);
      k.pending = false;
      ++again;
    }
  m_pending = 0;
  if (again > 0 && m_store)
    spdlog::info("state store {}: emitting {} result(s) again that may not have reached the sinks before the last stop",
                 m_store->directory().string(), again);
}

bool StateKeeper::flushDue() const {
  return m_store && nowMs() - m_lastFlushMs >= m_flushIntervalMs;
}

void StateKeeper::prune(StateStore::Batch& batch) {
  std::map<std::uint16_t, runtime::PositionMap> committed;
  for (std::size_t port = 0; port < m_inputs.size(); ++port)
    committed[static_cast<std::uint16_t>(port)] = m_inputs[port]->committed();
  auto delivered = [&](const Kept& k) {
    if (m_allDelivered) return true;
    if (!k.proof) return false;
    const auto& positions = committed[k.proof->first];
    auto it = positions.find(k.proof->second.partition);
    return it != positions.end() && it->second > k.proof->second.offset;
  };
  // Results are proven in order per port; drop every proven one.
  for (const std::string& key : m_dropped) batch.remove(key);
  m_dropped.clear();
  for (auto it = m_outbox.begin(); it != m_outbox.end();) {
    if (!it->pending && delivered(*it)) {
      if (it->stored) batch.remove(outboxKey(it->seq, it->withProof));
      it = m_outbox.erase(it);
    } else {
      ++it;
    }
  }
}

// The changelog is read in three steps. (1) Watermarks, and where the local
// store says it stopped reading (the offsets of the markers of its last
// flush). (2) The last record of each partition: every flush ends with a
// marker in every partition, so the largest flush number found there, f, is
// complete when a marker of f is among them, else f was cut short by a crash
// and f - 1 is the last complete flush, K. (3) Everything after the local
// store's position: changes of flushes up to K are applied (flushes the
// local store has are skipped), changes of later flushes are remembered and
// rewritten by the next flush with their current value, so that the
// changelog never keeps a value the store never had.
Status StateKeeper::restoreFromChangelog(const nlohmann::json& local,
                                         const std::function<void(std::uint64_t, std::uint64_t)>& progress) {
  const std::string& topic = m_changelog->name();
  auto fail = [&](const Error& e) {
    return makeError(e.code, "changelog topic " + topic + ": " + e.message, e.where);
  };
  auto marks = m_changelog->watermarks();
  if (!marks) return fail(marks.error());
  const std::size_t partitions = marks->size();
  std::vector<std::int64_t> from(partitions), to(partitions);
  for (std::size_t p = 0; p < partitions; ++p) {
    from[p] = (*marks)[p].first;
    to[p] = (*marks)[p].second;
  }
  std::uint64_t stored = 0;  // the last flush the local store has
  bool located = false;
  if (local.is_object())
    if (auto loc = local.find("changelog"); loc != local.end() && loc->is_array() && loc->size() == partitions) {
      located = true;
      stored = local.value("flush", std::uint64_t{0});
      bool behind = false;
      for (std::size_t p = 0; p < partitions; ++p) {
        std::int64_t next = (*loc)[p].get<std::int64_t>() + 1;
        if (next > to[p]) behind = true;
        from[p] = std::max(from[p], next);
      }
      if (behind) {
        spdlog::warn("changelog topic {} ends before what the state store {} read from it (recreated or emptied?): "
                     "it is rewritten from the store",
                     topic, m_store->directory().string());
        m_seedChangelog = true;
        m_flushSeq = stored + 1;
        return {};
      }
    }
  std::uint64_t total = 0;
  for (std::size_t p = 0; p < partitions; ++p) total += static_cast<std::uint64_t>(std::max<std::int64_t>(0, to[p] - from[p]));
  if (total == 0) {
    // A store kept before the pipeline had a changelog: the changelog starts as its copy.
    if (local.is_object() && !located) m_seedChangelog = true;
    m_flushSeq = stored + 1;
    return {};
  }
  if (!located) {
    // From scratch: whatever the store holds (a restore cut short leaves keys without metadata) goes first.
    if (local.is_object())
      spdlog::warn("state store {} does not know the changelog topic {}, which holds state: restoring from the topic",
                   m_store->directory().string(), topic);
    if (Status s = m_store->clear(); !s) return s;
  }
  // (2) The last complete flush: the newest marker, read from the end
  // backwards in growing steps. (Usually the last record of a partition is
  // a marker; read_committed hides the commit and abort markers of
  // transactions and aborted records, so there the newest visible record
  // can lie further back.)
  std::uint64_t last = stored;       // the highest flush number seen
  std::uint64_t newestMarker = 0;    // the highest flush number with a marker seen
  bool sawMarker = false;
  for (std::int64_t span = 8;; span *= 8) {
    std::vector<std::int64_t> tails(partitions);
    bool all = true;
    for (std::size_t p = 0; p < partitions; ++p) {
      tails[p] = std::max(from[p], to[p] - span);
      if (tails[p] > from[p]) all = false;
    }
    Status read = m_changelog->read(tails, to, [&](const ChangelogRecord& r) {
      last = std::max(last, r.flush);
      if (r.key == kChangelogMarker) {
        sawMarker = true;
        newestMarker = std::max(newestMarker, r.flush);
      }
    });
    if (!read) return fail(read.error());
    if (sawMarker || all) break;
  }
  // Without any marker after the local position, the last complete flush is the one the store has (or none).
  const std::uint64_t complete = sawMarker ? std::max(newestMarker, stored) : stored;
  // (3) The changes.
  spdlog::info("restoring the state store {} from changelog topic {}: {} record(s)", m_store->directory().string(),
               topic, total);
  if (progress) progress(0, total);
  auto batch = std::make_unique<StateStore::Batch>();
  nlohmann::json meta;
  std::unordered_set<std::string> unfinished;
  std::vector<std::int64_t> firstUnfinished(partitions, -1);  // per partition: where the cut-short flush begins
  std::uint64_t done = 0;
  Status written;
  Status read = m_changelog->read(from, to, [&](const ChangelogRecord& r) {
    if (++done % 8192 == 0 && progress) progress(done, total);
    if (!written) return;
    if (r.key == kChangelogMarker) {
      if (r.flush == complete && r.flush > stored && r.value) meta = nlohmann::json::parse(*r.value, nullptr, false);
      return;
    }
    if (r.flush <= stored) return;  // the local store has it
    if (r.flush > complete) {
      unfinished.insert(r.key);
      auto& first = firstUnfinished[static_cast<std::size_t>(r.partition)];
      if (first < 0) first = r.offset;
      return;
    }
    if (r.value)
      batch->put(r.key, *r.value);
    else
      batch->remove(r.key);
    if (batch->count() >= 8192) {
      written = m_store->write(*batch, false);
      batch = std::make_unique<StateStore::Batch>();
    }
  });
  if (!read) return fail(read.error());
  if (!written) return written;
  if (progress) progress(total, total);
  m_flushSeq = last + 1;
  m_repair.assign(unfinished.begin(), unfinished.end());
  if (complete > stored) {
    if (!meta.is_object())
      return makeError(ErrorCode::Invalid, "changelog topic " + topic + ": the marker of flush " +
                                               std::to_string(complete) + " is missing or unreadable");
    if (meta.value("fingerprint", std::string()) != m_fingerprint) {
      // Written for another configuration: start empty, and remove its keys from the changelog.
      spdlog::warn("changelog topic {} was written for another configuration of the node; starting with empty state",
                   topic);
      if (Status s = m_store->write(*batch, false); !s) return s;
      m_store->forEach("", [&](std::string_view key, std::string_view) {
        if (key != kMetaKey) m_repair.emplace_back(key);
      });
      return m_store->clear();
    }
    // The position stays before a cut-short flush: if the process dies before
    // the next flush rewrites its keys, the next start finds them again.
    nlohmann::json& loc = meta["changelog"] = nlohmann::json::array();
    for (std::size_t p = 0; p < partitions; ++p) loc.push_back((firstUnfinished[p] >= 0 ? firstUnfinished[p] : to[p]) - 1);
    meta["flush"] = complete;
    batch->put(kMetaKey, meta.dump());
  }
  if (Status s = m_store->write(*batch); !s) return s;
  spdlog::info("restored the state store {} from changelog topic {} up to flush {}{}", m_store->directory().string(),
               topic, complete,
               m_repair.empty() ? std::string()
                                : "; " + std::to_string(m_repair.size()) + " key(s) of an unfinished flush are rewritten");
  return {};
}

Status StateKeeper::writeChangelog(const StateStore::Batch& batch, const std::string& offsets, nlohmann::json& doc) {
  std::vector<ChangelogEntry> entries;
  if (m_seedChangelog)
    m_store->forEach("", [&](std::string_view key, std::string_view value) {
      if (key != kMetaKey) entries.push_back({std::string(key), std::string(value), -1});
    });
  for (const std::string& key : m_repair) entries.push_back({key, m_store->get(key), -1});
  for (const StateStore::Batch::Op& op : batch.ops())
    if (op.key != kMetaKey) entries.push_back({op.key, op.value, -1});
  std::string marker = doc.dump();
  // Nothing changed since the last flush: the changelog has it all already.
  if (entries.empty() && marker == m_lastMarker && !m_markerOffsets.empty()) {
    doc["changelog"] = m_markerOffsets;
    doc["flush"] = m_flushSeq - 1;
    return {};
  }
  const std::string& topic = m_changelog->name();
  std::vector<ChangelogEntry> markers;
  for (int p = 0; p < m_changelog->partitions(); ++p) markers.push_back({std::string(kChangelogMarker), marker, p});
  if (m_changelog->transactional()) {
    // One transaction holds the whole flush or none of it: changes and markers in one write.
    std::size_t changes = entries.size();
    entries.insert(entries.end(), markers.begin(), markers.end());
    auto w = m_changelog->write(entries, m_flushSeq, offsets);
    if (!w) return makeError(w.error().code, "changelog topic " + topic + ": " + w.error().message);
    m_markerOffsets.assign(w->begin() + static_cast<std::ptrdiff_t>(changes), w->end());
  } else {
    if (!entries.empty()) {
      auto w = m_changelog->write(entries, m_flushSeq, offsets);
      if (!w) return makeError(w.error().code, "changelog topic " + topic + ": " + w.error().message);
    }
    auto w = m_changelog->write(markers, m_flushSeq, offsets);
    if (!w) return makeError(w.error().code, "changelog topic " + topic + ": " + w.error().message);
    m_markerOffsets = *w;
  }
  m_lastMarker = std::move(marker);
  doc["changelog"] = m_markerOffsets;
  doc["flush"] = m_flushSeq;
  ++m_flushSeq;
  m_seedChangelog = false;
  m_repair.clear();
  return {};
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
  if (m_changelog) batch.recordOps();
  changes(batch);
  prune(batch);
  std::string buffer;
  for (Kept& k : m_outbox) {
    if (k.stored) continue;
    buffer.clear();
    if (k.proof)
      buffer = std::to_string(k.proof->first) + " " + std::to_string(k.proof->second.partition) + " " +
               std::to_string(k.proof->second.offset) + "\n";
    StateWriter(buffer).record(k.record);
    k.withProof = k.proof.has_value();
    batch.put(outboxKey(k.seq, k.withProof), buffer);
    k.stored = true;
  }
  nlohmann::json doc = {{"fingerprint", m_fingerprint}, {"next_outbox", m_nextSeq}, {"node", meta}};
  nlohmann::json& covered = doc["covered"] = nlohmann::json::object();
  for (const auto& [port, partitions] : m_covered)
    for (const auto& [partition, offset] : partitions)
      covered[std::to_string(port)][std::to_string(partition)] = offset;
  // With a changelog: the changes and the marker are in Kafka (acks=all)
  // before the local batch is written and the tickets released.
  if (m_changelog)
    if (Status s = writeChangelog(batch, covered.dump(), doc); !s) {
      m_failure = makeError(s.error().code, s.error().message + "; the node's progress stops here until a restart");
      return *m_failure;
    }
  if (exactlyOnce()) {
    // In the open transaction now: the tickets go (the stage commits once every record it read is covered);
    // the local batch waits for that commit.
    auto kept = std::make_unique<StateStore::Batch>();
    for (const StateStore::Batch::Op& op : batch.ops())
      if (op.value)
        kept->put(op.key, *op.value);
      else
        kept->remove(op.key);
    kept->put(kMetaKey, doc.dump());
    m_uncommitted.emplace_back(m_changelog->transaction(), std::move(kept));
    releaseHeld();
    return writeCommitted();
  }
  batch.put(kMetaKey, doc.dump());
  if (Status s = m_store->write(batch); !s) {
    m_failure = makeError(s.error().code, s.error().message + "; the node's progress stops here until a restart");
    return *m_failure;
  }
  releaseHeld();
  return {};
}

Status StateKeeper::writeCommitted() {
  if (m_failure) return *m_failure;
  if (!m_store || !m_changelog) return {};
  std::uint64_t committed = m_changelog->committed();
  while (!m_uncommitted.empty() && m_uncommitted.front().first <= committed) {
    // Not synced: a batch lost in a crash is read again from the changelog (the store is its cache).
    if (Status s = m_store->write(*m_uncommitted.front().second, false); !s) {
      m_failure = makeError(s.error().code, s.error().message + "; the node's progress stops here until a restart");
      return *m_failure;
    }
    m_uncommitted.pop_front();
  }
  return {};
}

void StateKeeper::shareHeld(std::vector<runtime::Ticket*>& out) {
  for (runtime::Ticket* t : m_held) {
    t->addRef();
    out.push_back(t);
  }
}

void StateKeeper::releaseHeld() {
  for (runtime::Ticket* t : m_held) t->release();
  m_held.clear();
}

}  // namespace tributary::stream
