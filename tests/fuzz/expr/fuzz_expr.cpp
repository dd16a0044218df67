// libFuzzer target: any text must compile or fail with a positioned message,
// and compiled expressions/select lists must evaluate without crashing,
// hanging or reading out of bounds.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/expr/expression.h"
#include "core/record/json.h"

using namespace tributary;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const record::Record input = [] {
    record::Record r;
    r.value = std::move(record::parseJson(R"({"id":7,"name":"Widget","category":"cat_5","price":10.5,"qty":3,)"
                                          R"("tags":["a","b"],"after":{"price":1},"nothing":null,"flag":true,)"
                                          R"("ts":"2024-03-01T12:34:56Z","payload":"{\"a\":[1,2]}"})"))
                  .value();
    r.key = record::Value("k");
    r.headers.push_back({"h", "v"});
    r.timestampMs = 1700000000000;
    return r;
  }();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto expression = expr::Expression::compile(text);
  if (expression.ok()) {
    (void)expression->evaluate(input);
    (void)expression->evaluatePredicate(input);
  } else if (expression.error().message.empty()) {
    std::abort();  // every compile error must say something
  }
  auto projection = expr::Projection::compile(text);
  if (projection.ok()) (void)projection->apply(input);
  return 0;
}
