// Dashboard cost: 50 series, each with an hour of 1 s history, updated every
// second and redrawn every second (10 panels of 5 series, all visible, 1 h
// range). Prints the CPU the redraws take as a share of one core (getrusage
// over the whole window, so it includes sampling, queries, QtCharts and
// painting) and the memory the history holds, next to the targets
// (< 10 % of a core, < 50 MB).
//   QT_QPA_PLATFORM=offscreen ./bench_dashboard [seconds, default 20]

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>

#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
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

long rssKiB() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  int seconds = argc > 1 ? std::atoi(argv[1]) : 20;
  constexpr int kPanels = 10, kPerPanel = 5, kHistory = 3600;

  long rssBefore = rssKiB();
  metrics::MetricHistory history;
  std::vector<metrics::SeriesKey> keys;
  for (int p = 0; p < kPanels; ++p)
    for (int s = 0; s < kPerPanel; ++s)
      keys.push_back({"bench_metric_" + std::to_string(p), {{"node", "node-" + std::to_string(s)}, {"pipeline", "bench"}}});
  std::int64_t now = QDateTime::currentMSecsSinceEpoch();
  auto value = [](std::size_t k, std::int64_t t) {
    return 1000.0 + 500.0 * std::sin(static_cast<double>(t) / 60000.0 + static_cast<double>(k)) +
           static_cast<double>((t / 1000 * 7919 + static_cast<std::int64_t>(k) * 104729) % 200);
  };
  for (int i = kHistory; i > 0; --i)
    for (std::size_t k = 0; k < keys.size(); ++k) history.add(keys[k], now - i * 1000, value(k, now - i * 1000));
  long rssFilled = rssKiB();

  QWidget window;
  auto* grid = new QGridLayout(&window);
  std::vector<widgets::ChartPanel*> panels;
  for (int p = 0; p < kPanels; ++p) {
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
  window.resize(1440, 1400);  // every panel visible at once
  window.show();
  QApplication::processEvents();

  int ticks = 0;
  double redrawMs = 0, worstMs = 0;
  auto tick = [&] {
    QElapsedTimer t;
    t.start();
    std::int64_t at = QDateTime::currentMSecsSinceEpoch();
    for (std::size_t k = 0; k < keys.size(); ++k) history.add(keys[k], at, value(k, at));
    for (auto* panel : panels) panel->refresh(history, {{"pipeline", "bench"}}, at - 3600 * 1000, at);
    window.repaint();  // paint now, synchronously, so the cost lands in this window
    double ms = static_cast<double>(t.nsecsElapsed()) / 1e6;
    redrawMs += ms;
    worstMs = std::max(worstMs, ms);
    ++ticks;
  };
  tick();  // warm-up: first layout and series creation are not steady state
  redrawMs = worstMs = 0;
  ticks = 0;
  double cpu0 = cpuSeconds();
  auto wall0 = std::chrono::steady_clock::now();
  QTimer timer;
  timer.setTimerType(Qt::PreciseTimer);
  QObject::connect(&timer, &QTimer::timeout, &app, tick);
  timer.start(1000);
  QTimer::singleShot(seconds * 1000 + 200, &app, &QApplication::quit);
  app.exec();
  double cpu = cpuSeconds() - cpu0;
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();

  std::size_t lines = 0, points = 0;
  for (auto* panel : panels)
    for (const auto& line : panel->lines()) {
      ++lines;
      points += line.points.size();
    }
  std::printf("dashboard benchmark: %zu series x %d s of history, %d panels, 1 h range, redraw every 1 s\n",
              keys.size(), kHistory, kPanels);
  std::printf("  lines drawn:          %zu (%zu points in total per redraw)\n", lines, points);
  std::printf("  redraws:              %d in %.1f s; %.1f ms each on average, %.1f ms the slowest\n", ticks, wall,
              ticks ? redrawMs / ticks : 0.0, worstMs);
  std::printf("  CPU:                  %.1f %% of one core (target < 10 %%)\n", 100.0 * cpu / wall);
  std::printf("  history memory:       %.1f MB by the history's count (target < 50 MB)\n",
              static_cast<double>(history.memoryBytes()) / 1e6);
  std::printf("  resident growth:      %.1f MB while filling the history\n",
              static_cast<double>(rssFilled - rssBefore) / 1024.0);
  metrics::TimeSeries probe;
  std::printf("  worst case per series: %.2f MB (1 s x 6 h, 1 min x 7 d, 10 min x 30 d, all full); x50 = %.1f MB\n",
              static_cast<double>(probe.maxBytes()) / 1e6, 50.0 * static_cast<double>(probe.maxBytes()) / 1e6);
  return 0;
}
