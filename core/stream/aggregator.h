#pragma once
// The state machine behind transform.aggregate: groups records by key and
// window, keeps running aggregates, and emits result records when windows
// close (emit final) or as they change (emit changes).
//
// Time is event time (the `timestamp` expression, else the record's
// timestamp). Stream time is the largest event time seen so far by this
// aggregator (one per task). A record older than stream time - grace is
// late: it is reported to the error policy with where = "late" and counted,
// and changes nothing. A window closes — is emitted (final) and forgotten —
// once stream time >= window end + grace (sessions: last event + gap + grace).
// When no record arrives for `idle_timeout` of wall-clock time, stream time
// advances by the idle time, so windows of a quiet input still close. At the
// end of a finite input every window closes.
//
// Result record: value {group fields..., window_start, window_end, aggregates...}
// (no window fields for window = none); key {group fields..., window_start};
// timestamp = the latest event time in the window.
//
// State is kept in memory; the transform makes it durable through
// trackChanges/saveChanges/restore (state_keeper.h, docs/stream-processing.md).
// Not thread-safe: one task drives it.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/result.h"
#include "core/expr/expression.h"
#include "core/record/record.h"
#include "core/runtime/node.h"
#include "core/stream/state_store.h"
#include "core/stream/window.h"

namespace tributary::stream {

enum class AggregateFn { CountAll, Count, Sum, Min, Max, Avg, CountDistinct, First, Last };

struct AggregateItem {
  AggregateFn fn = AggregateFn::CountAll;
  std::optional<expr::Expression> expr;  // none for count(*)
  std::string name;
};

// Parses one {"fn": "sum", "expr": "price", "as": "total"} entry (also "count" without expr).
Result<AggregateItem> parseAggregateItem(const nlohmann::json& item);

class Aggregator {
 public:
  // From a transform.aggregate config (defaults filled in). Errors name the field.
  static Result<Aggregator> create(const nlohmann::json& config);

  // Absorbs `batch` and replaces its contents with the result records due now.
  void process(record::Batch& batch, runtime::ErrorReporter& errors);
  // Wall-clock duties: idle timeout and throttled changes. Appends results to `out`.
  void tick(record::Batch& out);
  // End of a finite input: closes every window. Appends results to `out`.
  void finish(record::Batch& out);

  // How often tick() has work to do (ms), 0 when never.
  std::int64_t tickIntervalMs() const;
  std::uint64_t lateRecords() const { return m_late; }
  std::int64_t streamTime() const { return m_streamTime; }
  std::size_t openWindows() const { return m_open; }
  // Durable state: after trackChanges(), saveChanges() writes the groups changed
  // since its previous call ("g/<group>" keys) and stateMeta() the rest;
  // restore() rebuilds the state from a store written that way.
  void trackChanges() { m_track = true; }
  void saveChanges(StateStore::Batch& batch);
  nlohmann::json stateMeta() const;
  Status restore(const StateStore& store, const nlohmann::json& meta);
  // Bytes (keys + values) of the groups as the store holds them after the
  // last saveChanges() or restore(): the live state, without the store's own
  // overhead or superseded versions.
  std::uint64_t storedBytes() const { return m_storedBytes; }
  // Wall clock in ms (tests replace it).
  void setClock(std::function<std::int64_t()> nowMs) { m_now = std::move(nowMs); }

  // One aggregate's running state; public for the merge helpers.
  struct Acc {
    std::int64_t count = 0;  // rows (count), or values seen (others)
    bool intSum = true;
    std::int64_t isum = 0;
    double dsum = 0;
    record::Value best;  // min/max/first/last
    std::int64_t bestTs = 0;
    std::set<std::string> distinct;
  };

 private:
  struct Window {
    WindowBounds bounds;
    std::int64_t maxTs = 0;
    std::vector<Acc> accs;
    bool dirty = false;
    bool emitted = false;  // a change of this window went out (sessions: a merge must retract it)
  };
  struct Group {
    std::vector<record::Value> values;
    std::map<std::int64_t, Window> windows;  // by start
    std::uint64_t stored = 0;                // bytes of its entry in the store (0: none)
  };
  using CloseKey = std::tuple<std::int64_t, std::string, std::int64_t>;  // closeAt, group, start

  Aggregator() = default;
  std::int64_t closeAt(const Window& w) const;
  void closeDue(record::Batch& out);
  void emitDirty(record::Batch& out);
  void emitRow(const Group& g, const Window& w, record::Batch& out) const;
  void retract(const Group& g, std::int64_t start, record::Batch& out) const;
  record::Value result(const AggregateItem& item, const Acc& acc) const;
  void markDirty(const std::string& key, std::int64_t start, Window& w);

  WindowSpec m_window;
  struct GroupItem {
    std::string name;
    expr::Projection projection;      // one item: validates the text and names it
    std::optional<expr::Expression> expr;  // the same item as a bare expression (cheaper), when it splits cleanly
  };
  std::vector<GroupItem> m_groupBy;
  std::vector<WindowBounds> m_bounds;  // scratch, reused per record
  std::vector<Window*> m_targets;      // scratch, reused per record
  std::optional<expr::Expression> m_timestamp;
  std::vector<AggregateItem> m_aggs;
  bool m_emitChanges = false;
  std::int64_t m_emitIntervalMs = 0;
  std::int64_t m_idleTimeoutMs = 0;
  std::function<std::int64_t()> m_now;

  std::unordered_map<std::string, Group> m_groups;
  std::set<CloseKey> m_closing;
  std::vector<std::pair<std::string, std::int64_t>> m_dirty;
  std::size_t m_open = 0;
  std::int64_t m_streamTime = INT64_MIN;
  std::int64_t m_lastInputWall = 0;
  std::int64_t m_streamTimeAtInput = INT64_MIN;
  std::int64_t m_lastEmitWall = 0;
  std::uint64_t m_late = 0;
  bool m_track = false;
  std::uint64_t m_storedBytes = 0;  // sum of the groups' `stored`, and of groups erased but not yet removed
  std::unordered_set<std::string> m_touched;  // groups changed since saveChanges()
};

}  // namespace tributary::stream
