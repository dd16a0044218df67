// transform.filter: keeps the records for which a boolean expression is TRUE
// (SQL semantics: FALSE and NULL drop the record). A record whose evaluation
// fails (a failed CAST, 'a' + 1) goes through the error policy.
#include "core/connectors/registration.h"
#include "core/expr/expression.h"
#include "core/runtime/node_config.h"

namespace tributary::connectors {
namespace {

class FilterTransform final : public runtime::Transform {
 public:
  explicit FilterTransform(expr::Expression condition) : m_condition(std::move(condition)) {}

  void process(record::Batch& batch, runtime::ErrorReporter& errors) override {
    std::size_t out = 0;
    Error error;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      bool keep = m_condition.evaluatePredicate(batch[i], &error);
      if (!error.message.empty()) {
        errors.report(batch[i], error);
        if (errors.failed()) return;
        error = Error{};
        continue;
      }
      if (!keep) continue;
      if (out != i) batch[out] = std::move(batch[i]);
      ++out;
    }
    batch.resize(out);
  }

 private:
  expr::Expression m_condition;
};

}  // namespace

void registerFilterTransform(runtime::FactoryRegistry& registry) {
  runtime::NodeFactory f;
  model::NodeSpec& s = f.spec;
  s.type = "transform.filter";
  s.category = model::NodeCategory::Transform;
  s.title = "Filter";
  s.icon = "filter";
  s.help =
      "Keeps only the records for which the condition is TRUE, e.g. amount > 100 AND status IN ('paid', "
      "'shipped'). A condition that is NULL (a missing field) drops the record, as in SQL's WHERE.";
  s.inputs = {
      {"in", model::PortKind::Any, {model::PortKind::Records, model::PortKind::Changes, model::PortKind::Any}, true}};
  s.outputs = {{"out", model::PortKind::Any, {}, true}};
  model::FieldSpec condition;
  condition.name = "condition";
  condition.type = model::FieldType::Expression;
  condition.required = true;
  condition.help = "A boolean expression over the record's fields, e.g. after.price >= 10 OR category LIKE 'cat_%'.";
  s.fields.push_back(condition);
  f.transform = [](const runtime::NodeContext& ctx) -> Result<std::unique_ptr<runtime::Transform>> {
    runtime::NodeConfig config(ctx.config);
    std::string condition = config.optionalText("condition");
    if (Status s = config.status(); !s) return s.error();
    auto compiled = expr::Expression::compile(condition);
    if (!compiled) return makeError(ErrorCode::Invalid, compiled.error().message, "config.condition");
    return std::unique_ptr<runtime::Transform>(std::make_unique<FilterTransform>(std::move(compiled).value()));
  };
  registry.add(std::move(f));
}

}  // namespace tributary::connectors
