#pragma once
// Clock: where the time comes from. Code that stamps or schedules takes a
// `const Clock&` (default: systemClock()) so that tests can hand it a
// ManualClock and move time on instead of sleeping. The free functions are
// the system clock, for code that has no reason to be driven by a test.
//
// Threads: every method may be called from any thread.

#include <atomic>
#include <cstdint>

namespace tributary::base {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch (wall time: stamps, shown to people).
  virtual std::int64_t wallMs() const = 0;
  // Microseconds since the Unix epoch.
  virtual std::int64_t wallMicros() const = 0;
  // Milliseconds of a monotonic clock (deadlines, intervals); its zero means nothing.
  virtual std::int64_t steadyMs() const = 0;
};

// The machine's clocks (std::chrono::system_clock and steady_clock).
const Clock& systemClock();

inline std::int64_t wallMs() { return systemClock().wallMs(); }
inline std::int64_t wallMicros() { return systemClock().wallMicros(); }
inline std::int64_t steadyMs() { return systemClock().steadyMs(); }

// A clock that moves only when told to: for tests. Wall and steady time move together.
class ManualClock : public Clock {
 public:
  explicit ManualClock(std::int64_t wallMs = 1'700'000'000'000, std::int64_t steadyMs = 1'000'000)
      : m_wallMicros(wallMs * 1000), m_steadyMicros(steadyMs * 1000) {}
  std::int64_t wallMs() const override { return m_wallMicros.load() / 1000; }
  std::int64_t wallMicros() const override { return m_wallMicros.load(); }
  std::int64_t steadyMs() const override { return m_steadyMicros.load() / 1000; }
  void advanceMs(std::int64_t ms) {
    m_wallMicros += ms * 1000;
    m_steadyMicros += ms * 1000;
  }

 private:
  std::atomic<std::int64_t> m_wallMicros;
  std::atomic<std::int64_t> m_steadyMicros;
};

}  // namespace tributary::base
