#pragma once
// Backoff: how long to wait before attempt N of something that failed — sink
// writes (the error policy), restarts of deployed pipelines, reconnects of the
// CDC sources. One policy everywhere: exponential (initial, doubling, capped
// at max) with jitter that only shortens the wait, by up to `jitter` of it.
//
// Why jitter: runners and sources that lost the same server at the same
// moment would otherwise retry in lock step and hit it together again. Why
// only shorter: the cap is what people configure ("retry_backoff_max",
// "--restart-max") and read as the longest wait; it stays true.

#include <cstdint>

namespace tributary::base {

struct BackoffPolicy {
  std::int64_t initialMs = 500;
  std::int64_t maxMs = 10'000;
  double jitter = 0.2;  // 0..1: a wait is in [(1 - jitter) * nominal, nominal]
};

class Backoff {
 public:
  explicit Backoff(BackoffPolicy policy = {}) : m_policy(policy) {}

  // The wait before attempt `attempt` (1-based) without jitter: initial * 2^(attempt-1), capped.
  static std::int64_t nominalMs(const BackoffPolicy& policy, int attempt);
  // The same with jitter applied (random; thread-safe).
  static std::int64_t delayMs(const BackoffPolicy& policy, int attempt);

  // Counts a failure and returns the wait before the next attempt.
  std::int64_t next() { return delayMs(m_policy, ++m_attempts); }
  // After a success: the next failure waits `initial` again.
  void reset() { m_attempts = 0; }
  int attempts() const { return m_attempts; }
  const BackoffPolicy& policy() const { return m_policy; }

 private:
  BackoffPolicy m_policy;
  int m_attempts = 0;
};

}  // namespace tributary::base
