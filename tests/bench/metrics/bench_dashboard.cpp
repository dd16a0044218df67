// Dashboard cost, in two cases, each redrawn every second for [seconds]:
//   A. 50 series with an hour of 1 s history: 10 panels of 5 series, 1 h range;
//   B. 200 series with 24 hours of 1 s history: 20 panels of 10 series, 24 h
//      range (read from the history's 1-minute tier).
// All panels are visible at once (the worst case; a panel scrolled out of
// view is skipped). Each redraw = one sample per series into the history, every
// panel's refresh, and a synchronous repaint of the window. Prints p50/p99 of
// the redraw time (GUI thread) and the CPU the process used over the case as a
// share of one core (getrusage, so sampling, queries, QtCharts and painting
// all count), the GUI thread's own CPU time per redraw (the wall time also
// holds waiting for a core on a busy machine) and the machine's load average
// before and after the case, next to the targets (A: p99 <= 16 ms, <= 5 % of a core;
// B: p99 <= 33 ms), and the memory the history holds.
//   QT_QPA_PLATFORM=offscreen ./bench_dashboard [seconds per case, default 20]

#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QGridLayout>
#include <QTimer>
#include <QWidget>

#include "core/metrics/metric_history.h"
#include "widgets/dashboard/chart_panel.h"

using namespace tributary;

namespace {

double cpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// CPU time of the calling (GUI) thread: what a redraw costs even when other
// processes compete for the cores and stretch its wall time.
double threadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

long rssKiB() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

// The machine's 1-minute load average and its number of cores, so readers can
// judge the wall times (other processes stretch them, not the CPU times).
std::string loadText() {
  double load[3] = {0, 0, 0};
  if (getloadavg(load, 3) < 1) return "unknown";
  char text[96];
  std::snprintf(text, sizeof text, "%.2f %.2f %.2f (1/5/15 min) on %ld cores", load[0], load[1], load[2],
                sysconf(_SC_NPROCESSORS_ONLN));
  return text;
}

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  // Nearest rank: with 20 redraws p99 is the slowest one.
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
  return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

struct Case {
  const char* name;
  int panels, perPanel;
  int historySeconds;
  std::int64_t rangeMs;
  int width, height;
  double p99TargetMs;
  double cpuTargetPercent;  // <= 0: none
};

void run(QApplication& app, const Case& c, int seconds) {
  long rssBefore = rssKiB();
  metrics::MetricHistory history;
  std::vector<metrics::SeriesKey> keys;
  for (int p = 0; p < c.panels; ++p)
    for (int s = 0; s < c.perPanel; ++s)
      keys.push_back({"bench_metric_" + std::to_string(p), {{"node", "node-" + std::to_string(s)}, {"pipeline", "bench"}}});
  std::int64_t now = QDateTime::currentMSecsSinceEpoch();
  auto value = [](std::size_t k, std::int64_t t) {
    return 1000.0 + 500.0 * std::sin(static_cast<double>(t) / 60000.0 + static_cast<double>(k)) +
           static_cast<double>((t / 1000 * 7919 + static_cast<std::int64_t>(k) * 104729) % 200);
  };
  QElapsedTimer fill;
  fill.start();
  for (int i = c.historySeconds; i > 0; --i)
    for (std::size_t k = 0; k < keys.size(); ++k) history.add(keys[k], now - i * 1000LL, value(k, now - i * 1000LL));
  double fillSeconds = static_cast<double>(fill.elapsed()) / 1000.0;
  long rssFilled = rssKiB();

  QWidget window;
  auto* grid = new QGridLayout(&window);
  std::vector<widgets::ChartPanel*> panels;
  for (int p = 0; p < c.panels; ++p) {
    widgets::PanelSpec spec;
    spec.id = "p" + std::to_string(p);
    spec.title = "Panel " + std::to_string(p);
    spec.unit = "records/s";
    spec.queries = {{"bench_metric_" + std::to_string(p), "{node}"}};
    spec.thresholds = {1400};
    auto* panel = new widgets::ChartPanel(spec, &window);
    grid->addWidget(panel, p / 2, p % 2);
    panels.push_back(panel);
  }
  window.resize(c.width, c.height);  // every panel visible at once
  window.show();
  QApplication::processEvents();

  std::vector<double> redraws, refreshes, paints, cpus;
  auto tick = [&] {
    QElapsedTimer t;
    t.start();
    double cpuStart = threadCpuMs();
    std::int64_t at = QDateTime::currentMSecsSinceEpoch();
    for (std::size_t k = 0; k < keys.size(); ++k) history.add(keys[k], at, value(k, at));
    for (auto* panel : panels) panel->refresh(history, {{"pipeline", "bench"}}, at - c.rangeMs, at);
    double refreshed = static_cast<double>(t.nsecsElapsed()) / 1e6;
    window.repaint();  // paint now, synchronously, so the cost lands in this redraw
    redraws.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    refreshes.push_back(refreshed);
    paints.push_back(redraws.back() - refreshed);
    cpus.push_back(threadCpuMs() - cpuStart);
  };
  tick();  // warm-up: first layout and series creation are not steady state
  tick();
  redraws.clear();
  refreshes.clear();
  paints.clear();
  cpus.clear();
  const std::string loadBefore = loadText();
  double cpu0 = cpuSeconds();
  auto wall0 = std::chrono::steady_clock::now();
  QEventLoop loop;
  QTimer timer;
  timer.setTimerType(Qt::PreciseTimer);
  QObject::connect(&timer, &QTimer::timeout, &app, tick);
  timer.start(1000);
  QTimer::singleShot(seconds * 1000 + 200, &loop, &QEventLoop::quit);
  loop.exec();
  timer.stop();
  double cpu = cpuSeconds() - cpu0;
  // A look at what was drawn: BENCH_DASHBOARD_SHOT=prefix saves prefix-A.png, prefix-B.png.
  if (QByteArray shot = qgetenv("BENCH_DASHBOARD_SHOT"); !shot.isEmpty())
    window.grab().save(QString::fromUtf8(shot) + QLatin1Char('-') + QLatin1String(c.name) + QStringLiteral(".png"));
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();

  std::size_t lines = 0, points = 0;
  for (auto* panel : panels)
    for (const auto& line : panel->lines()) {
      ++lines;
      points += line.points.size();
    }
  double mean = 0;
  for (double r : redraws) mean += r;
  mean = redraws.empty() ? 0 : mean / static_cast<double>(redraws.size());
  double p50 = percentile(redraws, 0.50), p99 = percentile(redraws, 0.99);
  double cpuShare = 100.0 * cpu / wall;
  std::printf("%s: %zu series x %d s of history, %d panels of %d, %lld h range, %dx%d window, redraw every 1 s\n",
              c.name, keys.size(), c.historySeconds, c.panels, c.perPanel,
              static_cast<long long>(c.rangeMs / 3'600'000), c.width, c.height);
  std::printf("  history filled in:    %.1f s\n", fillSeconds);
  std::printf("  lines drawn:          %zu (%zu points in total per redraw)\n", lines, points);
  std::printf("  redraws:              %zu in %.1f s; p50 %.1f ms, p99 %.1f ms (target <= %.0f ms) %s; mean %.1f ms\n",
              redraws.size(), wall, p50, p99, c.p99TargetMs, p99 <= c.p99TargetMs ? "MET" : "MISSED", mean);
  const double cpuP99 = percentile(cpus, 0.99);
  std::printf("  GUI-thread CPU:       p50 %.1f ms, p99 %.1f ms per redraw (target <= %.0f ms) %s\n",
              percentile(cpus, 0.5), cpuP99, c.p99TargetMs, cpuP99 <= c.p99TargetMs ? "MET" : "MISSED");
  std::printf("  load average:         %s before, %s after\n", loadBefore.c_str(), loadText().c_str());
  std::printf("  of which:             sampling + refresh (queries, QtCharts geometry) p50 %.1f ms, paint p50 %.1f ms\n",
              percentile(refreshes, 0.5), percentile(paints, 0.5));
  if (c.cpuTargetPercent > 0)
    std::printf("  CPU:                  %.1f %% of one core (target <= %.0f %%) %s\n", cpuShare, c.cpuTargetPercent,
                cpuShare <= c.cpuTargetPercent ? "MET" : "MISSED");
  else
    std::printf("  CPU:                  %.1f %% of one core\n", cpuShare);
  std::printf("  history memory:       %.1f MB by the history's count\n",
              static_cast<double>(history.memoryBytes()) / 1e6);
  std::printf("  resident growth:      %.1f MB while filling the history\n",
              static_cast<double>(rssFilled - rssBefore) / 1024.0);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  int seconds = argc > 1 ? std::atoi(argv[1]) : 20;
  // BENCH_DASHBOARD_CASE=A or B runs only that case (for a profiler).
  const QByteArray only = qgetenv("BENCH_DASHBOARD_CASE");
  if (only.isEmpty() || only == "A") run(app, {"A", 10, 5, 3600, 3'600'000, 1440, 1400, 16, 5}, seconds);
  if (only.isEmpty() || only == "B") run(app, {"B", 20, 10, 24 * 3600, 24 * 3'600'000LL, 1440, 2400, 33, 0}, seconds);
  metrics::TimeSeries probe;
  std::printf("worst case per series: %.2f MB (1 s x 6 h, 1 min x 7 d, 10 min x 30 d, all full)\n",
              static_cast<double>(probe.maxBytes()) / 1e6);
  return 0;
}
