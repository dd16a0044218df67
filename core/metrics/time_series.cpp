#include "core/metrics/time_series.h"

#include <algorithm>
#include <cmath>

namespace tributary::metrics {
namespace {

std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

}  // namespace

std::vector<TierSpec> TimeSeries::defaultTiers() {
  return {{1000, 6 * 3600}, {60 * 1000, 7 * 24 * 60}, {10 * 60 * 1000, 30 * 24 * 6}};
}

TimeSeries::TimeSeries(std::vector<TierSpec> tiers) {
  for (const TierSpec& spec : tiers) {
    if (spec.resolutionMs <= 0 || spec.capacity == 0) continue;
    m_tiers.push_back(Tier{spec, {}, INT64_MIN});
  }
}

std::int64_t TimeSeries::oldestIndex(const Tier& tier) {
  // Until the ring is full it holds every bucket since the first sample.
  return tier.newest - static_cast<std::int64_t>(tier.ring.size()) + 1;
}

void TimeSeries::addToTier(Tier& tier, std::int64_t timeMs, double value) {
  // Two layouts: while the ring is smaller than its capacity it is in time
  // order (slot 0 = oldest bucket); once full, slot = index mod capacity.
  const std::int64_t index = floorDiv(timeMs, tier.spec.resolutionMs);
  const auto capacity = static_cast<std::int64_t>(tier.spec.capacity);
  const Bucket empty{0, 0, 0, 0};
  auto mod = [capacity](std::int64_t i) { return static_cast<std::size_t>(((i % capacity) + capacity) % capacity); };
  if (tier.ring.empty()) {
    tier.ring.reserve(std::min<std::size_t>(tier.spec.capacity, 64));
    tier.ring.push_back(empty);
    tier.newest = index;
  } else if (index > tier.newest) {
    auto size = static_cast<std::int64_t>(tier.ring.size());
    if (size < capacity) {
      std::int64_t oldest = oldestIndex(tier);
      std::int64_t needed = index - oldest + 1;
      if (needed < capacity) {
        auto wanted = static_cast<std::size_t>(needed);
        if (wanted > tier.ring.capacity())
          tier.ring.reserve(std::min(tier.spec.capacity, std::max(wanted, tier.ring.capacity() * 2)));
        tier.ring.resize(wanted, empty);
      } else {
        // Turning full: lay the buckets still within reach out as index mod capacity.
        std::vector<Bucket> laidOut(tier.spec.capacity, empty);
        for (std::int64_t i = 0; i < size; ++i)
          if (oldest + i > index - capacity) laidOut[mod(oldest + i)] = tier.ring[static_cast<std::size_t>(i)];
        tier.ring.swap(laidOut);
      }
    } else if (index - tier.newest >= capacity) {
      std::fill(tier.ring.begin(), tier.ring.end(), empty);
    } else {
      for (std::int64_t i = tier.newest + 1; i <= index; ++i) tier.ring[mod(i)] = empty;
    }
    tier.newest = index;
  } else if (index < oldestIndex(tier)) {
    return;  // older than the tier reaches
  }
  bool full = static_cast<std::int64_t>(tier.ring.size()) == capacity;
  Bucket& b = tier.ring[full ? mod(index) : static_cast<std::size_t>(index - oldestIndex(tier))];
  auto f = static_cast<float>(value);
  if (b.count == 0) {
    b.min = b.max = f;
  } else {
    b.min = std::min(b.min, f);
    b.max = std::max(b.max, f);
  }
  b.sum += value;
  ++b.count;
}

void TimeSeries::add(std::int64_t timeMs, double value) {
  if (std::isnan(value)) return;
  for (Tier& tier : m_tiers) addToTier(tier, timeMs, value);
  if (timeMs >= m_lastTime) {
    m_lastTime = timeMs;
    m_lastValue = value;
  }
}

const TimeSeries::Tier* TimeSeries::tierFor(std::int64_t fromMs) const {
  if (m_tiers.empty()) return nullptr;
  // The finest tier that reaches back to fromMs, or holds everything it ever got.
  for (const Tier& t : m_tiers) {
    if (t.ring.empty()) continue;
    bool complete = t.ring.size() < t.spec.capacity;
    if (complete || oldestIndex(t) * t.spec.resolutionMs <= fromMs) return &t;
  }
  return &m_tiers.back();
}

std::int64_t TimeSeries::resolutionFor(std::int64_t fromMs) const {
  const Tier* tier = tierFor(fromMs);
  return tier ? tier->spec.resolutionMs : 0;
}

std::vector<SeriesPoint> TimeSeries::range(std::int64_t fromMs, std::int64_t toMs, std::size_t maxPoints) const {
  std::vector<SeriesPoint> out;
  if (m_tiers.empty() || toMs < fromMs) return out;
  const Tier* tier = tierFor(fromMs);
  if (tier->ring.empty()) return out;
  const std::int64_t res = tier->spec.resolutionMs;
  const auto capacity = static_cast<std::int64_t>(tier->spec.capacity);
  const bool full = static_cast<std::int64_t>(tier->ring.size()) == capacity;
  const std::int64_t oldest = oldestIndex(*tier);
  std::int64_t first = std::max(oldest, floorDiv(fromMs, res));
  std::int64_t last = std::min(tier->newest, floorDiv(toMs, res));
  if (last < first) return out;
  // Merge `group` buckets per point, groups aligned to absolute time (so a
  // sliding window keeps its points stable), as few as keep <= maxPoints.
  const auto limit = static_cast<std::int64_t>(std::max<std::size_t>(maxPoints, 1));
  std::int64_t group = std::max<std::int64_t>(1, (last - first + 1 + limit - 1) / limit);
  while (floorDiv(last, group) - floorDiv(first, group) + 1 > limit) ++group;
  SeriesPoint current;
  std::int64_t currentGroup = INT64_MIN;
  for (std::int64_t i = first; i <= last; ++i) {
    std::size_t slot = full ? static_cast<std::size_t>(((i % capacity) + capacity) % capacity)
                            : static_cast<std::size_t>(i - oldest);
    const Bucket& b = tier->ring[slot];
    if (b.count == 0) continue;
    std::int64_t g = floorDiv(i, group);
    if (g != currentGroup) {
      if (current.count) out.push_back(current);
      current = SeriesPoint{};
      current.timeMs = g * group * res;
      current.min = b.min;
      current.max = b.max;
      currentGroup = g;
    } else {
      current.min = std::min<double>(current.min, b.min);
      current.max = std::max<double>(current.max, b.max);
    }
    current.sum += b.sum;
    current.count += b.count;
  }
  if (current.count) out.push_back(current);
  return out;
}

std::size_t TimeSeries::memoryBytes() const {
  std::size_t bytes = sizeof(*this) + m_tiers.capacity() * sizeof(Tier);
  for (const Tier& t : m_tiers) bytes += t.ring.capacity() * sizeof(Bucket);
  return bytes;
}

std::size_t TimeSeries::maxBytes() const {
  std::size_t bytes = sizeof(*this) + m_tiers.capacity() * sizeof(Tier);
  for (const Tier& t : m_tiers) bytes += t.spec.capacity * sizeof(Bucket);
  return bytes;
}

}  // namespace tributary::metrics
