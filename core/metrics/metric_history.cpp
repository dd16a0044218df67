#include "core/metrics/metric_history.h"

#include <algorithm>
#include <cctype>

#include "core/metrics/prometheus.h"

namespace tributary::metrics {
namespace {

std::string render(const std::string& metric, const Labels& labels) {
  std::string out = metric;
  if (labels.empty()) return out;
  out += '{';
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i) out += ',';
    out += labels[i].first + "=\"";
    for (char c : labels[i].second) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + '}';
}

}  // namespace

std::string SeriesKey::label(const std::string& key) const {
  for (const auto& [k, v] : labels)
    if (k == key) return v;
  return {};
}

std::string SeriesKey::toString() const {
  return render(metric, labels);
}

bool SeriesSelector::matches(const SeriesKey& key) const {
  if (key.metric != metric) return false;
  for (const auto& [k, v] : matchers)
    if (key.label(k) != v) return false;
  return true;
}

std::string SeriesSelector::toString() const {
  Labels sorted = matchers;
  std::sort(sorted.begin(), sorted.end());
  return render(metric, sorted);
}

std::optional<SeriesSelector> SeriesSelector::parse(const std::string& text, std::string* error) {
  auto fail = [&](const std::string& why, std::size_t at) -> std::optional<SeriesSelector> {
    if (error) *error = why + " at column " + std::to_string(at + 1) + " of \"" + text + "\"";
    return std::nullopt;
  };
  SeriesSelector s;
  std::size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  std::size_t start = i;
  while (i < text.size() && isMetricNameChar(text[i], i == start)) ++i;
  if (i == start) return fail("expected a metric name", i);
  s.metric = text.substr(start, i - start);
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  if (i < text.size() && text[i] == '{') {
    ++i;
    for (;;) {
      while (i < text.size() && (std::isspace(static_cast<unsigned char>(text[i])) || text[i] == ',')) ++i;
      if (i < text.size() && text[i] == '}') {
        ++i;
        break;
      }
      std::size_t ks = i;
      while (i < text.size() && isMetricNameChar(text[i], i == ks) && text[i] != ':') ++i;
      if (i == ks) return fail("expected a label name or '}'", i);
      std::string key = text.substr(ks, i - ks);
      while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
      if (i >= text.size() || text[i] != '=') return fail("expected '=' after label " + key, i);
      ++i;
      while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
      if (i >= text.size() || text[i] != '"') return fail("expected a quoted value for label " + key, i);
      ++i;
      std::string value;
      while (i < text.size() && text[i] != '"') {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        value += text[i++];
      }
      if (i >= text.size()) return fail("unterminated value of label " + key, i);
      ++i;
      s.matchers.emplace_back(key, value);
    }
  }
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  if (i != text.size()) return fail("unexpected text", i);
  std::sort(s.matchers.begin(), s.matchers.end());
  return s;
}

MetricHistory::MetricHistory(std::size_t maxSeries, std::vector<TierSpec> tiers)
    : m_maxSeries(maxSeries), m_tiers(std::move(tiers)) {}

void MetricHistory::add(const SeriesKey& key, std::int64_t timeMs, double value) {
  std::lock_guard lock(m_mutex);
  auto it = m_series.find(key);
  if (it == m_series.end()) {
    if (m_series.size() >= m_maxSeries) {
      ++m_dropped;
      return;
    }
    it = m_series.emplace(key, TimeSeries(m_tiers)).first;
  }
  it->second.add(timeMs, value);
}

std::vector<SeriesKey> MetricHistory::keys() const {
  std::lock_guard lock(m_mutex);
  std::vector<SeriesKey> out;
  out.reserve(m_series.size());
  for (const auto& [k, s] : m_series) out.push_back(k);
  return out;
}

std::vector<SeriesKey> MetricHistory::select(const SeriesSelector& selector) const {
  std::lock_guard lock(m_mutex);
  std::vector<SeriesKey> out;
  for (auto it = m_series.lower_bound(SeriesKey{selector.metric, {}});
       it != m_series.end() && it->first.metric == selector.metric; ++it)
    if (selector.matches(it->first)) out.push_back(it->first);
  return out;
}

std::vector<SeriesPoint> MetricHistory::range(const SeriesKey& key, std::int64_t fromMs, std::int64_t toMs,
                                              std::size_t maxPoints) const {
  std::lock_guard lock(m_mutex);
  auto it = m_series.find(key);
  if (it == m_series.end()) return {};
  return it->second.range(fromMs, toMs, maxPoints);
}

MetricHistory::Buckets MetricHistory::buckets(const SeriesKey& key, std::int64_t fromMs, std::int64_t toMs) const {
  std::lock_guard lock(m_mutex);
  auto it = m_series.find(key);
  if (it == m_series.end() || toMs < fromMs) return {};
  Buckets out;
  out.resolutionMs = it->second.resolutionFor(fromMs);
  if (out.resolutionMs <= 0) return {};
  // Room for every bucket of the range, so none is merged with another.
  auto count = static_cast<std::size_t>((toMs - fromMs) / out.resolutionMs + 2);
  out.points = it->second.range(fromMs, toMs, count);
  return out;
}

std::int64_t MetricHistory::finestResolutionMs() const {
  std::lock_guard lock(m_mutex);
  return m_tiers.empty() ? 0 : m_tiers.front().resolutionMs;
}

std::optional<MetricHistory::Latest> MetricHistory::latest(const SeriesKey& key) const {
  std::lock_guard lock(m_mutex);
  auto it = m_series.find(key);
  if (it == m_series.end() || it->second.lastTimeMs() < 0) return std::nullopt;
  return Latest{it->second.lastTimeMs(), it->second.lastValue()};
}

std::size_t MetricHistory::seriesCount() const {
  std::lock_guard lock(m_mutex);
  return m_series.size();
}

std::size_t MetricHistory::droppedSeries() const {
  std::lock_guard lock(m_mutex);
  return m_dropped;
}

std::size_t MetricHistory::memoryBytes() const {
  std::lock_guard lock(m_mutex);
  std::size_t bytes = sizeof(*this);
  for (const auto& [k, s] : m_series) {
    // Key strings and the map node, roughly; the buckets dominate.
    bytes += s.memoryBytes() + k.metric.capacity() + 64;
    for (const auto& [lk, lv] : k.labels) bytes += lk.capacity() + lv.capacity() + 2 * sizeof(std::string);
  }
  return bytes;
}

std::size_t MetricHistory::maxBytes() const {
  TimeSeries probe(m_tiers);
  return sizeof(*this) + m_maxSeries * (probe.maxBytes() + 512);
}

void MetricHistory::clear() {
  std::lock_guard lock(m_mutex);
  m_series.clear();
  m_dropped = 0;
}

}  // namespace tributary::metrics
