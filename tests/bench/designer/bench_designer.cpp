// How the designer copes with a large pipeline: time to open a generated
// 1,000-node pipeline file (parse, validate, build the scene, first paint) and
// the time of a full repaint of the canvas while panning, at 100 % zoom and
// zoomed out so that every node is visible. Prints the figures.
//
//   QT_QPA_PLATFORM=offscreen ./bench_designer [nodes]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <vector>

#include <QApplication>
#include <QScrollBar>

#include "core/connectors/builtin.h"
#include "core/model/pipeline_file.h"
#include "widgets/canvas/pipeline_scene.h"
#include "widgets/canvas/pipeline_view.h"
#include "widgets/document/pipeline_document.h"
#include "widgets/style/app_theme.h"

using namespace tributary;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Chains of datagen -> filter -> map -> file sink, laid out in rows.
model::Pipeline generate(int nodes) {
  model::Pipeline p;
  p.name = "bench";
  int chains = std::max(1, nodes / 4);
  for (int c = 0; c < chains; ++c) {
    std::string n = std::to_string(c);
    double y = c * 110.0;
    p.nodes.push_back(
        {"gen" + n, "source.datagen", "", {{"template", "orders"}, {"rate", 100}}, model::Position{0, y}});
    p.nodes.push_back({"filter" + n, "transform.filter", "", {{"condition", "amount > 10"}}, model::Position{300, y}});
    p.nodes.push_back({"map" + n, "transform.map", "", {{"select", "order_id, amount"}}, model::Position{600, y}});
    p.nodes.push_back({"sink" + n, "sink.file", "", {{"path", "out/" + n + ".jsonl"}}, model::Position{900, y}});
    p.edges.push_back({"gen" + n, "", "filter" + n, ""});
    p.edges.push_back({"filter" + n, "", "map" + n, ""});
    p.edges.push_back({"map" + n, "", "sink" + n, ""});
  }
  return p;
}

struct Stats {
  double mean = 0, p95 = 0, max = 0;
};

Stats panRepaint(widgets::PipelineView& view, int frames) {
  std::vector<double> times;
  QScrollBar* h = view.horizontalScrollBar();
  QScrollBar* v = view.verticalScrollBar();
  for (int i = 0; i < frames; ++i) {
    int step = (i / 50) % 2 == 0 ? 7 : -7;
    h->setValue(h->value() + step);
    v->setValue(v->value() + step / 2);
    auto start = Clock::now();
    view.viewport()->repaint();  // synchronous full repaint of the visible canvas
    times.push_back(msSince(start));
  }
  std::sort(times.begin(), times.end());
  Stats s;
  for (double t : times) s.mean += t;
  s.mean /= static_cast<double>(times.size());
  s.p95 = times[static_cast<std::size_t>(static_cast<double>(times.size()) * 0.95)];
  s.max = times.back();
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  int count = argc > 1 ? std::atoi(argv[1]) : 1000;
  widgets::applyTheme(app, widgets::ThemeMode::Light);
  const auto& registry = connectors::builtinSpecs();
  if (!registry.find("transform.filter") || !registry.find("transform.map")) {
    std::fprintf(stderr, "bench_designer: this build lacks transform.filter/map\n");
    return 1;
  }
  auto path = std::filesystem::temp_directory_path() / "bench_designer.tributary.json";
  model::Pipeline generated = generate(count);
  if (!model::savePipeline(generated, path)) return 1;
  std::printf("pipeline: %zu nodes, %zu edges, %ju bytes\n", generated.nodes.size(), generated.edges.size(),
              static_cast<std::uintmax_t>(std::filesystem::file_size(path)));

  widgets::PipelineDocument document(registry);
  widgets::PipelineScene scene(&document);
  widgets::PipelineView view(&scene);
  view.resize(1280, 800);
  view.show();
  app.processEvents();

  // Open = what MainWindow::openFile does: parse, reset (validates), build items, fit, paint.
  auto start = Clock::now();
  auto loaded = model::loadPipeline(path);
  double parseMs = msSince(start);
  auto t = Clock::now();
  document.reset(std::move(loaded.value()));
  double buildMs = msSince(t);
  t = Clock::now();
  view.fitToContents();
  view.viewport()->repaint();
  double paintMs = msSince(t);
  double openMs = msSince(start);
  std::printf("open: %.1f ms total (parse %.1f ms, validate + build scene %.1f ms, fit + first paint %.1f ms) %s\n",
              openMs, parseMs, buildMs, paintMs, openMs < 1000 ? "[< 1 s: ok]" : "[>= 1 s: TOO SLOW]");
  std::printf("diagnostics: %zu\n", document.diagnostics().size());

  t = Clock::now();
  document.validateNow();
  document.setConfigValue(QStringLiteral("gen0"), QStringLiteral("rate"), 200);
  document.validateNow();
  std::printf("one edit + re-validation: %.1f ms\n", msSince(t));

  const qreal fitted = view.zoom();
  for (qreal zoom : {1.0, 0.6, 0.4, fitted}) {
    view.setTransform(QTransform::fromScale(zoom, zoom));
    view.centerOn(scene.contentRect().center());
    app.processEvents();
    Stats s = panRepaint(view, 200);
    int visible = 0;
    QRectF area = view.mapToScene(view.viewport()->rect()).boundingRect();
    for (auto* node : scene.nodeItems()) visible += area.intersects(node->sceneBoundingRect());
    std::printf("pan repaint at %3.0f%% zoom (%d nodes visible, 1280x800): mean %.2f ms, p95 %.2f ms, max %.2f ms %s\n",
                zoom * 100, visible, s.mean, s.p95, s.max, s.p95 < 16 ? "[< 16 ms: ok]" : "[>= 16 ms: TOO SLOW]");
  }
  std::filesystem::remove(path);
  return 0;
}
