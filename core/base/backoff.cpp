#include "core/base/backoff.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace tributary::base {

std::int64_t Backoff::nominalMs(const BackoffPolicy& policy, int attempt) {
  std::int64_t d = std::max<std::int64_t>(0, policy.initialMs);
  for (int i = 1; i < attempt && d < policy.maxMs; ++i) d *= 2;
  return std::min(d, policy.maxMs);
}

std::int64_t Backoff::delayMs(const BackoffPolicy& policy, int attempt) {
  const std::int64_t nominal = nominalMs(policy, attempt);
  const double jitter = std::clamp(policy.jitter, 0.0, 1.0);
  if (nominal <= 0 || jitter == 0) return nominal;
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::uniform_real_distribution<double> cut(0.0, jitter);
  return nominal - std::llround(static_cast<double>(nominal) * cut(random));
}

}  // namespace tributary::base
