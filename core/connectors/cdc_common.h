#pragma once
// What source.postgres.cdc and source.mysql.cdc share beyond the Debezium
// envelope itself: tombstones after deletes and the snapshot's "last" marker.
//
// Used on the source's poll thread only.

#include <functional>
#include <optional>
#include <string>

#include "core/base/backoff.h"
#include "core/base/result.h"
#include "core/model/node_spec.h"
#include "core/record/record.h"

namespace tributary::connectors::cdc {

// The config field "snapshot_mode" (initial | never | when_needed, default
// initial); `whenGone` says what makes "when_needed" snapshot again.
model::FieldSpec snapshotModeField(const std::string& whenGone);
enum class SnapshotMode { Initial, Never, WhenNeeded };
Result<SnapshotMode> readSnapshotMode(const nlohmann::json& config);

// The config field "tombstones_on_delete" (Debezium's tombstones.on.delete, default true).
model::FieldSpec tombstonesField();
bool readTombstones(const nlohmann::json& config);

// After the delete envelope at the back of `out`: a record with the same
// key, position and time and a null value, so a compacted topic forgets the
// key. Nothing when the delete has no key (a table without a primary key).
void appendTombstone(record::Batch& out);

// Debezium marks the final snapshot row source.snapshot = "last" (the others
// "true"). Rows are read one at a time, so the newest is held back until the
// next one arrives or the snapshot ends. `place` gives a row its position as
// it goes into a batch (so checkpoints never cover a held row).
class SnapshotTail {
 public:
  explicit SnapshotTail(std::function<void(record::Record&)> place) : m_place(std::move(place)) {}
  // Puts the held row (if any) into `out` and holds `row` instead.
  void push(record::Record row, record::Batch& out);
  // The snapshot is complete: the held row goes into `out` marked "last".
  void finish(record::Batch& out);
  // The snapshot starts over: the held row is dropped (it will be read again).
  void clear() { m_held.reset(); }

 private:
  std::function<void(record::Record&)> m_place;
  std::optional<record::Record> m_held;
};

// How both CDC sources wait before reconnecting to a server they lost (or
// retaking an interrupted snapshot): 0.5 s doubling to 10 s, jittered, back to
// 0.5 s once streaming again. Short enough to follow a server restart within
// seconds, capped so a long outage costs one attempt per 10 s per source.
inline constexpr base::BackoffPolicy kReconnectBackoff{500, 10'000, 0.2};

}  // namespace tributary::connectors::cdc
