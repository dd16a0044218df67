#pragma once
// Window definitions shared by transform.aggregate (and the join's time
// bounds): which windows an event time falls into, and when a window closes.
//
//   tumbling  size S: [k*S, (k+1)*S), one window per record
//   hopping   size S, advance A: every window [k*A, k*A + S) containing t
//   session   gap G: records closer than G merge into one session
//   none      no windows: one running result per group
//
// With a time zone, tumbling and hopping windows are aligned in local wall
// time (so a 1-day window runs from local midnight to local midnight, 23 or
// 25 hours on DST days); without one (UTC) they are aligned to the epoch.
// A window [start, end) closes when stream time >= end + grace.
// Pure values; safe on any thread.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/result.h"
#include "core/stream/time_zone.h"

namespace tributary::stream {

enum class WindowKind { Tumbling, Hopping, Session, None };

struct WindowBounds {
  std::int64_t start = 0;  // UTC ms, inclusive
  std::int64_t end = 0;    // UTC ms, exclusive (session: last event time + gap)
  bool operator==(const WindowBounds&) const = default;
};

struct WindowSpec {
  WindowKind kind = WindowKind::Tumbling;
  std::int64_t sizeMs = 0;
  std::int64_t advanceMs = 0;  // hopping
  std::int64_t gapMs = 0;      // session
  std::int64_t graceMs = 0;
  TimeZone zone;

  // From a node config: window, size, advance, gap, grace, time_zone. Errors name the field.
  static Result<WindowSpec> fromConfig(const nlohmann::json& config);

  // The windows (tumbling/hopping) containing event time `t`, earliest first.
  std::vector<WindowBounds> windowsFor(std::int64_t t) const;
  // The same into `out` (cleared first), without allocating once it has room.
  void windowsFor(std::int64_t t, std::vector<WindowBounds>& out) const;
};

// Floor division for negative times (before 1970).
inline std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

}  // namespace tributary::stream
