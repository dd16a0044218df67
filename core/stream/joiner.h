#pragma once
// The state machine behind transform.join: matches records of a left and a
// right input by key.
//
// mode window: a left record at time tl and a right record at time tr match
//   when tr is within [tl - before, tl + after]. Each side is buffered until no
//   on-time record of the other side can match it any more (stream time >
//   its time + the far bound + grace). Only then does a left (or full) join
//   emit it unmatched, and never when it found a match.
//   Time is kept per input: each side's time is the largest event time seen
//   on it, and the join's stream time is the lower of the two (never going
//   back), so one input running ahead of the other (a backlog read one side
//   first, a slower branch) expires nothing the other can still match. A
//   record is late when it is older than grace before its own side's time
//   (or before the stream time, if that is ahead after an idle side, below):
//   out of order beyond grace within its own input. Late records go to the
//   error policy (where = "late"). So every pair of on-time records within
//   the window matches, whatever the interleaving of the two inputs, and
//   lateness depends only on each input's own order.
//   An input that has sent nothing while the other kept sending for
//   `max_idle` (wall clock, from the first record of the other side after its
//   own last one) is idle: stream time follows the other side alone until it
//   sends again (Kafka Streams' max.task.idle.ms). Only arrivals count, so two
//   inputs that stop together leave stream time at the lower of them — unless
//   `idle_timeout` is set: when neither input has sent anything that long,
//   stream time advances with the clock (tick()), as the aggregate's does.
// mode table: the right input is a table — the latest value per key; a
//   tombstone (null value) or a Debezium delete (op "d") removes the key. A
//   left record is matched against the table as it stands when it arrives:
//   inner drops it without a match, left emits it with right = null.
//
// Keys compare by value, with numbers and strings matched by their text
// (42 = '42' = 42.0), so a key that is an int on one side and a string on the
// other still joins; a null key never matches.
// Output: `select` applied to {"left": <left value>, "right": <right value>}
// (default *: both, nested), key = the join key, timestamp = the later one.
// State is kept in memory; the transform makes it durable through
// trackChanges/saveChanges/restore (state_keeper.h). Not thread-safe: one task drives it.

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "core/base/result.h"
#include "core/expr/expression.h"
#include "core/record/record.h"
#include "core/runtime/node.h"
#include "core/stream/state_store.h"

namespace tributary::stream {

// The text a join key is compared by; nullopt for null (never matches).
std::optional<std::string> joinKeyText(const record::Value& key);

class Joiner {
 public:
  enum class Type { Inner, Left, Full };
  enum class Mode { Window, Table };
  static constexpr std::uint16_t kLeft = 0;
  static constexpr std::uint16_t kRight = 1;

  static Result<Joiner> create(const nlohmann::json& config);

  // Takes the batch arriving on `port` (kLeft / kRight); replaces it with the joined records due now.
  void process(std::uint16_t port, record::Batch& batch, runtime::ErrorReporter& errors);
  // idle_timeout: how often tick() wants to run (0: never), and the tick, which advances stream time by the
  // time neither input has sent anything once that exceeds idle_timeout, and emits what expires.
  std::int64_t tickIntervalMs() const { return m_mode == Mode::Window ? m_idleTimeoutMs : 0; }
  void tick(record::Batch& out, runtime::ErrorReporter& errors);
  // End of the inputs: every buffered record expires (unmatched ones are emitted for left/full joins).
  void finish(record::Batch& out, runtime::ErrorReporter& errors);

  // Durable state: after trackChanges(), saveChanges() writes the buffers and
  // table rows changed since its previous call ("0/", "1/" (left, right buffers), "t/" + key)
  // and stateMeta() the rest; restore() rebuilds the state from such a store.
  void trackChanges() { m_track = true; }
  void saveChanges(StateStore::Batch& batch);
  nlohmann::json stateMeta() const;
  Status restore(const StateStore& store, const nlohmann::json& meta);
  // Bytes (keys + values) of the buffers and table rows as the store holds
  // them after the last saveChanges() or restore(): the live state, without
  // the store's own overhead or superseded versions.
  std::uint64_t storedBytes() const { return m_storedBytes; }

  std::uint64_t lateRecords() const { return m_late; }
  std::size_t bufferedRecords() const;
  // The clock max_idle is measured with (milliseconds, any epoch); tests set their own.
  void setClock(std::function<std::int64_t()> nowMs) { m_now = std::move(nowMs); }
  static constexpr std::int64_t kDefaultMaxIdleMs = 5000;

 private:
  // A buffered record is kept encoded (state_codec.h), as one block of about
  // the size it takes in the store, not as the tree of values it arrived as
  // (measured: 0.9 KiB of heap per datagen order against 212 bytes encoded).
  // A record waits until its window and grace pass, while the batches around
  // it come and go: one small block per record keeps memory in use near the
  // state's size and leaves few long-lived holes in the allocator's heaps
  // (docs/stream-processing.md, "Memory over a 20-minute run"). It is
  // decoded only when it matches, expires unmatched, or is restored.
  struct Entry {
    std::uint64_t seq = 0;
    std::string encoded;  // StateWriter::record
    std::int64_t ts = 0;
    bool matched = false;
  };
  static std::string encode(const record::Record& r);
  static record::Record decode(const Entry& e);
  using Expiry = std::tuple<std::int64_t, std::uint16_t, std::string, std::uint64_t>;  // at, side, key, seq

  Joiner() = default;
  void processTable(std::uint16_t port, record::Batch& in, record::Batch& out, runtime::ErrorReporter& errors);
  void expire(std::int64_t upTo, record::Batch& out, runtime::ErrorReporter& errors);
  // Notes a batch arriving on `side` and moves stream time: the lower side time, or the other side's alone
  // while this one is idle.
  void arrived(std::uint16_t side);
  void advanceStreamTime();
  // Emits select({left, right}); a projection error goes to the policy with the left (else right) record.
  void emitRow(const record::Record* left, const record::Record* right, const record::Value& key, record::Batch& out,
            runtime::ErrorReporter& errors);

  Type m_type = Type::Inner;
  Mode m_mode = Mode::Window;
  std::optional<expr::Expression> m_keys[2];
  std::optional<expr::Expression> m_timestamps[2];
  std::optional<expr::Projection> m_select;
  std::int64_t m_beforeMs = 0, m_afterMs = 0, m_graceMs = 0;
  std::int64_t m_maxIdleMs = kDefaultMaxIdleMs;
  std::int64_t m_idleTimeoutMs = 0;
  std::function<std::int64_t()> m_now;

  std::unordered_map<std::string, std::deque<Entry>> m_buffers[2];
  std::set<Expiry> m_expiry;
  std::unordered_map<std::string, record::Record> m_table;
  std::uint64_t m_nextSeq = 0;
  std::int64_t m_sideTime[2] = {INT64_MIN, INT64_MIN};  // largest on-time event time per input
  std::int64_t m_streamTime = INT64_MIN;                // what expiry follows (stateMeta "stream_time")
  // Arrivals (clock of m_now), not stored: after a restore every side starts afresh.
  std::optional<std::int64_t> m_lastArrival[2];
  std::optional<std::int64_t> m_waitedSince[2];  // first arrival of the other side after this side's last one
  std::int64_t m_streamTimeAtInput = INT64_MIN;    // idle_timeout: where stream time stood at the last arrival
  std::uint64_t m_late = 0;
  bool m_track = false;
  std::unordered_set<std::string> m_touched;  // store keys changed since saveChanges()
  std::unordered_map<std::string, std::uint64_t> m_stored;  // store key -> bytes of its entry in the store
  std::uint64_t m_storedBytes = 0;                          // their sum
  void setStored(const std::string& storeKey, std::uint64_t bytes);
  void touch(char kind, const std::string& key) {
    if (m_track) m_touched.insert(std::string(1, kind) + "/" + key);
  }
  std::int64_t expiresAt(std::uint16_t side, std::int64_t ts) const {
    return (side == kLeft ? ts + m_afterMs : ts + m_beforeMs) + m_graceMs;
  }
};

}  // namespace tributary::stream
