// Prints how long the model's everyday operations take on a large pipeline:
// parse, validate, copy (what an undo snapshot costs) and save.
//   build/tests/bench/model/bench_model [nodes]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/connectors/builtin.h"
#include "core/model/pipeline_file.h"
#include "core/model/validate.h"

using namespace tributary::model;
using Clock = std::chrono::steady_clock;

template <typename F>
double microsPerCall(int calls, F&& f) {
  auto start = Clock::now();
  for (int i = 0; i < calls; ++i) f();
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count() / calls;
}

int main(int argc, char** argv) {
  int nodes = argc > 1 ? std::atoi(argv[1]) : 1000;
  Pipeline p;
  p.name = "bench";
  for (int i = 0; i < nodes; ++i) {
    Node n;
    n.id = "n" + std::to_string(i);
    n.type = i == 0 ? "source.datagen" : "transform.filter";
    n.config = {{"where", "amount > " + std::to_string(i)}, {"label", "node number " + std::to_string(i)}};
    n.position = Position{double(i % 40) * 220, double(i / 40) * 120};
    p.nodes.push_back(std::move(n));
    if (i > 0) p.edges.push_back(Edge{"n" + std::to_string(i - 1), "", "n" + std::to_string(i), ""});
  }
  std::string text = serializePipeline(p);
  const auto& registry = tributary::connectors::builtinSpecs();
  volatile std::size_t sink = 0;
  double parse = microsPerCall(20, [&] { sink = sink + parsePipeline(text)->nodes.size(); });
  double serialize = microsPerCall(20, [&] { sink = sink + serializePipeline(p).size(); });
  double validateUs = microsPerCall(20, [&] { sink = sink + validate(p, registry).size(); });
  double copy = microsPerCall(200, [&] {
    Pipeline c = p;
    sink = sink + c.nodes.size();
  });
  std::printf("pipeline of %d nodes, %zu bytes of JSON\n", nodes, text.size());
  std::printf("  parse      %10.1f us\n  serialize  %10.1f us\n  validate   %10.1f us\n  copy       %10.1f us\n",
              parse, serialize, validateUs, copy);
  return 0;
}
