#include "core/metrics/prometheus_parse.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <string>

#include "core/metrics/prometheus.h"

namespace tributary::metrics {
namespace {

bool parseNumber(std::string_view text, double& out) {
  if (text == "+Inf" || text == "Inf") {
    out = INFINITY;
    return true;
  }
  if (text == "-Inf") {
    out = -INFINITY;
    return true;
  }
  if (text == "NaN") {
    out = NAN;
    return true;
  }
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

struct Sample {
  std::string name;
  Labels labels;
  double value = 0;
};

// name{k="v",...} value [timestamp]
Result<Sample> parseSample(std::string_view line) {
  Sample s;
  std::size_t i = 0;
  while (i < line.size() && isMetricNameChar(line[i], i == 0)) ++i;
  if (i == 0) return makeError(ErrorCode::Invalid, "a sample line starts with a metric name");
  s.name = std::string(line.substr(0, i));
  if (i < line.size() && line[i] == '{') {
    ++i;
    while (true) {
      while (i < line.size() && (line[i] == ' ' || line[i] == ',')) ++i;
      if (i < line.size() && line[i] == '}') {
        ++i;
        break;
      }
      std::size_t start = i;
      while (i < line.size() && isMetricNameChar(line[i], i == start)) ++i;
      if (i == start || i + 1 >= line.size() || line[i] != '=' || line[i + 1] != '"')
        return makeError(ErrorCode::Invalid, "a label is name=\"value\"");
      std::string key(line.substr(start, i - start));
      i += 2;
      std::string value;
      bool closed = false;
      for (; i < line.size(); ++i) {
        char c = line[i];
        if (c == '\\' && i + 1 < line.size()) {
          char n = line[++i];
          value += n == 'n' ? '\n' : n;
        } else if (c == '"') {
          closed = true;
          ++i;
          break;
        } else {
          value += c;
        }
      }
      if (!closed) return makeError(ErrorCode::Invalid, "a label value is not closed");
      s.labels.emplace_back(std::move(key), std::move(value));
    }
  }
  while (i < line.size() && line[i] == ' ') ++i;
  std::size_t end = line.find(' ', i);
  std::string_view number = line.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
  if (!parseNumber(number, s.value))
    return makeError(ErrorCode::Invalid, "\"" + std::string(number) + "\" is not a number");
  std::sort(s.labels.begin(), s.labels.end());
  return s;
}

struct HistogramParts {
  std::vector<std::pair<double, double>> buckets;  // (le, cumulative count)
  double sum = 0, count = 0;
};

}  // namespace

Result<std::vector<FamilySnapshot>> parsePrometheus(std::string_view text) {
  std::vector<FamilySnapshot> families;
  std::map<std::string, std::size_t> index;  // family name -> position
  std::map<std::string, MetricType> types;
  std::map<std::string, std::string> helps;
  std::map<std::string, std::map<Labels, HistogramParts>> histograms;
  auto family = [&](const std::string& name, MetricType type) -> FamilySnapshot& {
    auto [it, added] = index.emplace(name, families.size());
    if (added) families.push_back({name, helps[name], type, {}});
    return families[it->second];
  };
  std::size_t lineNo = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++lineNo;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line.empty()) continue;
    auto fail = [&](const std::string& why) {
      return makeError(ErrorCode::Invalid, "line " + std::to_string(lineNo) + ": " + why);
    };
    if (line.front() == '#') {
      // "# HELP name text" / "# TYPE name type"; other comments are ignored.
      bool help = line.rfind("# HELP ", 0) == 0, type = line.rfind("# TYPE ", 0) == 0;
      if (!help && !type) continue;
      std::string_view rest = line.substr(7);
      std::size_t space = rest.find(' ');
      std::string name(rest.substr(0, space));
      std::string_view value = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
      if (help) {
        helps[name] = std::string(value);
      } else if (value == "counter") {
        types[name] = MetricType::Counter;
      } else if (value == "histogram") {
        types[name] = MetricType::Histogram;
      } else if (value == "gauge" || value == "untyped" || value == "summary") {
        types[name] = MetricType::Gauge;
      } else {
        return fail("unknown metric type \"" + std::string(value) + "\"");
      }
      continue;
    }
    auto sample = parseSample(line);
    if (!sample) return fail(sample.error().message);
    // A histogram's parts name their family by a suffix.
    bool isHistogramPart = false;
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
      std::string_view n = sample->name;
      std::string_view sfx = suffix;
      if (n.size() <= sfx.size() || n.substr(n.size() - sfx.size()) != sfx) continue;
      std::string base(n.substr(0, n.size() - sfx.size()));
      auto t = types.find(base);
      if (t == types.end() || t->second != MetricType::Histogram) continue;
      isHistogramPart = true;
      family(base, MetricType::Histogram);
      Labels labels = sample->labels;
      if (sfx == "_bucket") {
        auto le = std::find_if(labels.begin(), labels.end(), [](const auto& l) { return l.first == "le"; });
        double bound = 0;
        if (le == labels.end() || !parseNumber(le->second, bound)) return fail("a _bucket sample needs a numeric le label");
        labels.erase(le);
        histograms[base][labels].buckets.emplace_back(bound, sample->value);
      } else if (sfx == "_sum") {
        histograms[base][labels].sum = sample->value;
      } else {
        histograms[base][labels].count = sample->value;
      }
      break;
    }
    if (isHistogramPart) continue;
    auto t = types.find(sample->name);
    MetricType type = t == types.end() ? MetricType::Gauge : t->second;
    if (type == MetricType::Histogram) return fail("a histogram's samples end in _bucket, _sum or _count");
    family(sample->name, type).series.push_back({std::move(sample->labels), sample->value, {}});
  }
  for (auto& [name, byLabels] : histograms) {
    FamilySnapshot& f = families[index[name]];
    for (auto& [labels, parts] : byLabels) {
      std::sort(parts.buckets.begin(), parts.buckets.end());
      HistogramSnapshot h;
      double previous = 0;
      for (const auto& [bound, cumulative] : parts.buckets) {
        if (!std::isinf(bound)) h.upperBounds.push_back(bound);
        h.counts.push_back(static_cast<std::uint64_t>(std::max(0.0, cumulative - previous)));
        previous = cumulative;
      }
      if (parts.buckets.empty() || !std::isinf(parts.buckets.back().first))
        h.counts.push_back(static_cast<std::uint64_t>(std::max(0.0, parts.count - previous)));
      h.sum = parts.sum;
      h.count = static_cast<std::uint64_t>(parts.count);
      f.series.push_back({labels, 0, std::move(h)});
    }
  }
  for (FamilySnapshot& f : families)
    std::sort(f.series.begin(), f.series.end(),
              [](const SeriesSnapshot& a, const SeriesSnapshot& b) { return a.labels < b.labels; });
  return families;
}

}  // namespace tributary::metrics
