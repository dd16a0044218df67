#pragma once
// TimeSeries: the history of one number, kept in fixed-capacity ring buffers
// ("tiers"). Tier 0 holds one bucket per second for 6 hours; coarser tiers
// (1 minute for 7 days, 10 minutes for 30 days) receive every sample too, so a
// long view never has to re-aggregate the fine tier. Each bucket keeps min,
// max, sum and count of the samples that fell into it, so downsampling (by a
// tier or by merging buckets for a query) never loses a spike: the min and max
// of a merged bucket are the min and max of its parts.
//
// Memory is bounded: each tier grows up to its capacity and then wraps; a
// series' worst case is maxBytes(). Not thread-safe: MetricHistory locks.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace tributary::metrics {

// One bucket of a tier, or one point of a query result.
struct SeriesPoint {
  std::int64_t timeMs = 0;  // start of the bucket
  double min = std::numeric_limits<double>::quiet_NaN();
  double max = std::numeric_limits<double>::quiet_NaN();
  double sum = 0;
  std::uint32_t count = 0;
  double mean() const { return count ? sum / count : std::numeric_limits<double>::quiet_NaN(); }
};

struct TierSpec {
  std::int64_t resolutionMs;
  std::size_t capacity;  // buckets; resolutionMs * capacity is how far back the tier reaches
};

class TimeSeries {
 public:
  // 1 s × 6 h, 1 min × 7 d, 10 min × 30 d: at most ~0.87 MB per series.
  static std::vector<TierSpec> defaultTiers();

  explicit TimeSeries(std::vector<TierSpec> tiers = defaultTiers());

  // Adds a sample. Samples older than a tier's reach are dropped by that tier;
  // NaN is ignored (a gap stays a gap).
  void add(std::int64_t timeMs, double value);

  // Buckets overlapping [fromMs, toMs], from the finest tier that still reaches
  // back to fromMs (the coarsest tier otherwise), merged further so at most
  // maxPoints come back. Empty buckets are left out; ascending time.
  std::vector<SeriesPoint> range(std::int64_t fromMs, std::int64_t toMs, std::size_t maxPoints = 2000) const;

  // The resolution of the tier range(fromMs, ...) reads (0: no tiers).
  std::int64_t resolutionFor(std::int64_t fromMs) const;

  // The newest sample's time and value (timeMs < 0: no sample yet).
  std::int64_t lastTimeMs() const { return m_lastTime; }
  double lastValue() const { return m_lastValue; }

  std::size_t tierCount() const { return m_tiers.size(); }
  const TierSpec& tierSpec(std::size_t i) const { return m_tiers[i].spec; }
  // Bytes held now, and the most the series can ever hold.
  std::size_t memoryBytes() const;
  std::size_t maxBytes() const;

 private:
  // Compact bucket: floats for min/max keep tier memory small (a dashboard
  // draws them; 7 significant digits are plenty), the sum stays a double.
  struct Bucket {
    float min, max;
    double sum;
    std::uint32_t count;
  };
  struct Tier {
    TierSpec spec;
    std::vector<Bucket> ring;        // grows to spec.capacity, then wraps
    std::int64_t newest = INT64_MIN;  // absolute bucket index (time / resolution) of the newest bucket
  };
  static void addToTier(Tier& tier, std::int64_t timeMs, double value);
  static std::int64_t oldestIndex(const Tier& tier);
  const Tier* tierFor(std::int64_t fromMs) const;

  std::vector<Tier> m_tiers;
  std::int64_t m_lastTime = -1;
  double m_lastValue = std::numeric_limits<double>::quiet_NaN();
};

}  // namespace tributary::metrics
