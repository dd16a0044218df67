#include "core/metrics/prometheus.h"

#include <charconv>
#include <cmath>

namespace tributary::metrics {
namespace {

void appendEscaped(std::string& out, const std::string& text, bool quotes) {
  for (char c : text) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (c == '"' && quotes)
      out += "\\\"";
    else
      out += c;
  }
}

void appendLabels(std::string& out, const Labels& labels, const char* extraKey = nullptr,
                  const std::string& extraValue = {}) {
  if (labels.empty() && !extraKey) return;
  out += '{';
  bool first = true;
  for (const auto& [k, v] : labels) {
    if (!first) out += ',';
    first = false;
    out += k;
    out += "=\"";
    appendEscaped(out, v, true);
    out += '"';
  }
  if (extraKey) {
    if (!first) out += ',';
    out += extraKey;
    out += "=\"";
    out += extraValue;
    out += '"';
  }
  out += '}';
}

const char* typeName(MetricType type) {
  switch (type) {
    case MetricType::Counter:
      return "counter";
    case MetricType::Gauge:
      return "gauge";
    case MetricType::Histogram:
      return "histogram";
  }
  return "untyped";
}

}  // namespace

std::string formatPrometheusValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, end);
}

std::string renderPrometheus(const std::vector<FamilySnapshot>& families) {
  std::string out;
  for (const FamilySnapshot& f : families) {
    out += "# HELP " + f.name + ' ';
    appendEscaped(out, f.help, false);
    out += "\n# TYPE " + f.name + ' ' + typeName(f.type) + '\n';
    for (const SeriesSnapshot& s : f.series) {
      if (f.type != MetricType::Histogram) {
        out += f.name;
        appendLabels(out, s.labels);
        out += ' ' + formatPrometheusValue(s.value) + '\n';
        continue;
      }
      const HistogramSnapshot& h = s.histogram;
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < h.counts.size(); ++i) {
        cumulative += h.counts[i];
        out += f.name + "_bucket";
        appendLabels(out, s.labels, "le", i < h.upperBounds.size() ? formatPrometheusValue(h.upperBounds[i]) : "+Inf");
        out += ' ' + std::to_string(cumulative) + '\n';
      }
      out += f.name + "_sum";
      appendLabels(out, s.labels);
      out += ' ' + formatPrometheusValue(h.sum) + '\n';
      out += f.name + "_count";
      appendLabels(out, s.labels);
      out += ' ' + std::to_string(h.count) + '\n';
    }
  }
  return out;
}

}  // namespace tributary::metrics
