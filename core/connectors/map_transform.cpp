// transform.map: computes each record's new value from a select list
// ("*, upper(category) AS category, price * 0.8 AS discount_price"), then
// applies the rename and drop conveniences. A record whose evaluation fails
// goes through the error policy with its original value.
#include "core/connectors/registration.h"
#include "core/expr/expression.h"
#include "core/runtime/node_config.h"

namespace tributary::connectors {
namespace {

class MapTransform final : public runtime::Transform {
 public:
  MapTransform(std::optional<expr::Projection> projection, std::vector<std::pair<std::string, std::string>> renames,
               std::vector<std::string> drops)
      : m_projection(std::move(projection)), m_renames(std::move(renames)), m_drops(std::move(drops)) {}

  void process(record::Batch& batch, runtime::ErrorReporter& errors) override {
    std::size_t out = 0;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      record::Record& r = batch[i];
      if (m_projection) {
        // Moving the input's fields is much cheaper than copying them. The
        // current Projection evaluates every item before it moves anything, so
        // on an error the record is still intact for the dead letter
        // (expressionErrorsGoThroughThePolicy in test_runtime_pipelines checks it).
        auto value = m_projection->apply(std::move(r));
        if (!value) {
          errors.report(r, value.error());
          if (errors.failed()) return;
          continue;
        }
        r.value = std::move(value).value();
      }
      if (r.value.type() == record::ValueType::Object) {
        record::Object& fields = r.value.asObject();
        for (const auto& [from, to] : m_renames)
          for (auto& field : fields)
            if (field.first == from) {
              r.value.erase(to);  // the new name wins over an existing field of that name
              field.first = to;
              break;
            }
        for (const std::string& name : m_drops) r.value.erase(name);
      }
      if (out != i) batch[out] = std::move(r);
      ++out;
    }
    batch.resize(out);
  }

 private:
  std::optional<expr::Projection> m_projection;
  std::vector<std::pair<std::string, std::string>> m_renames;
  std::vector<std::string> m_drops;
};

}  // namespace

void registerMapTransform(runtime::FactoryRegistry& registry) {
  using model::FieldSpec;
  using model::FieldType;
  runtime::NodeFactory f;
  model::NodeSpec& s = f.spec;
  s.type = "transform.map";
  s.category = model::NodeCategory::Transform;
  s.title = "Map";
  s.icon = "map";
  s.help =
      "Reshapes each record with a select list, as in SQL: keep fields (*), compute new ones, replace or "
      "drop some. For example seed 004's rule: *, upper(category) AS category, CASE WHEN upper(category) = "
      "'CAT_5' THEN price * 0.8 ELSE price END AS discount_price. Every item sees the input record. Rename and "
      "drop apply afterwards.";
  s.inputs = {
      {"in", model::PortKind::Any, {model::PortKind::Records, model::PortKind::Changes, model::PortKind::Any}, true}};
  s.outputs = {{"out", model::PortKind::Records, {}, true}};
  FieldSpec select;
  select.name = "select";
  select.type = FieldType::Projection;
  select.help =
      "Comma-separated items: * (all input fields, in order), * EXCEPT (a, b), a field path (after.id), "
      "or an expression with AS name. A later item with the name of an existing field replaces it in "
      "place.";
  select.defaultValue = "*";
  s.fields.push_back(select);
  FieldSpec rename;
  rename.name = "rename";
  rename.type = FieldType::Map;
  rename.help = "Fields to rename, old name to new name, e.g. {\"cust_id\": \"customer_id\"}.";
  rename.defaultValue = nlohmann::json::object();
  s.fields.push_back(rename);
  FieldSpec drop;
  drop.name = "drop";
  drop.type = FieldType::List;
  drop.itemType = FieldType::String;
  drop.help = "Fields to remove, e.g. [\"password\", \"ssn\"].";
  drop.defaultValue = nlohmann::json::array();
  s.fields.push_back(drop);
  f.transform = [](const runtime::NodeContext& ctx) -> Result<std::unique_ptr<runtime::Transform>> {
    const auto& c = ctx.config;
    runtime::NodeConfig config(c);
    std::string select = config.text("select");
    if (Status s = config.status(); !s) return s.error();
    std::optional<expr::Projection> projection;
    if (select.find_first_not_of(" \t\r\n") != std::string::npos && select != "*") {
      auto compiled = expr::Projection::compile(select);
      if (!compiled) return makeError(ErrorCode::Invalid, compiled.error().message, "config.select");
      projection = std::move(compiled).value();
    }
    std::vector<std::pair<std::string, std::string>> renames;
    if (auto it = c.find("rename"); it != c.end() && it->is_object())
      for (auto r = it->begin(); r != it->end(); ++r)
        if (r->is_string()) renames.emplace_back(r.key(), r->get<std::string>());
    std::vector<std::string> drops;
    if (auto it = c.find("drop"); it != c.end() && it->is_array())
      for (const auto& d : *it)
        if (d.is_string()) drops.push_back(d.get<std::string>());
    return std::unique_ptr<runtime::Transform>(
        std::make_unique<MapTransform>(std::move(projection), std::move(renames), std::move(drops)));
  };
  registry.add(std::move(f));
}

}  // namespace tributary::connectors
