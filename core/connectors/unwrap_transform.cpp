// transform.unwrap: turns Debezium change events (before/after/source/op/ts_ms)
// into plain rows, like Debezium's ExtractNewRecordState SMT; the work is
// record::debezium::unwrap, this node maps its config onto those options.
#include "core/connectors/registration.h"
#include "core/record/debezium.h"
#include "core/record/json.h"
#include "core/runtime/node_config.h"

namespace tributary::connectors {
namespace {

namespace dbz = record::debezium;

class UnwrapTransform final : public runtime::Transform {
 public:
  explicit UnwrapTransform(dbz::UnwrapOptions options) : m_options(std::move(options)) {}

  void process(record::Batch& batch, runtime::ErrorReporter& errors) override {
    std::size_t out = 0;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      record::Record& r = batch[i];
      auto result = dbz::unwrap(r, m_options);
      if (!result) {
        errors.report(r, result.error());
        if (errors.failed()) return;
        continue;
      }
      if (*result == dbz::UnwrapResult::Drop) continue;
      if (out != i) batch[out] = std::move(r);
      ++out;
    }
    batch.resize(out);
  }

 private:
  dbz::UnwrapOptions m_options;
};

}  // namespace

void registerUnwrapTransform(runtime::FactoryRegistry& registry) {
  using model::FieldSpec;
  using model::FieldType;
  runtime::NodeFactory f;
  model::NodeSpec& s = f.spec;
  s.type = "transform.unwrap";
  s.category = model::NodeCategory::Transform;
  s.title = "Unwrap change events";
  s.icon = "unwrap";
  s.help =
      "Turns Debezium change events (before, after, source, op, ts_ms) into plain rows — the row after the "
      "change — as Debezium's ExtractNewRecordState does. Deletes are dropped, passed on as tombstones or "
      "rewritten to the old row with __deleted = \"true\". Envelope fields such as the operation and the table "
      "can be copied into the row.";
  s.inputs = {{"in", model::PortKind::Changes, {model::PortKind::Changes, model::PortKind::Any}, true}};
  s.outputs = {{"out", model::PortKind::Records, {}, true}};
  FieldSpec del;
  del.name = "delete_handling";
  del.type = FieldType::Enum;
  del.help =
      "Delete events: \"drop\" removes them, \"none\" passes them on as tombstones (null value), \"rewrite\" "
      "emits the row before the delete with __deleted = \"true\" (and \"false\" on every other row).";
  del.allowed = {"drop", "none", "rewrite"};
  del.defaultValue = "drop";
  s.fields.push_back(del);
  FieldSpec tomb;
  tomb.name = "drop_tombstones";
  tomb.type = FieldType::Bool;
  tomb.help = "Drop records whose value is null (Kafka tombstones) instead of passing them on.";
  tomb.defaultValue = true;
  s.fields.push_back(tomb);
  FieldSpec add;
  add.name = "add_fields";
  add.type = FieldType::List;
  add.itemType = FieldType::String;
  add.help =
      "Envelope or source fields to copy into the row, e.g. [\"op\", \"table\", \"source.ts_ms\"]; they are "
      "named with the prefix: __op, __table, __source_ts_ms.";
  add.defaultValue = nlohmann::json::array();
  s.fields.push_back(add);
  FieldSpec prefix;
  prefix.name = "add_fields_prefix";
  prefix.help = "Prefix of the copied field names.";
  prefix.defaultValue = "__";
  prefix.advanced = true;
  s.fields.push_back(prefix);

  f.transform = [](const runtime::NodeContext& ctx) -> Result<std::unique_ptr<runtime::Transform>> {
    const auto& c = ctx.config;
    runtime::NodeConfig nodeConfig(c);
    std::string deleteHandling = nodeConfig.text("delete_handling");
    bool dropTombstones = nodeConfig.boolean("drop_tombstones");
    std::string prefix = nodeConfig.text("add_fields_prefix");
    if (Status s = nodeConfig.status(); !s) return s.error();
    record::Value config;
    config.set("delete.handling.mode", record::Value(deleteHandling));
    config.set("drop.tombstones", record::Value(dropTombstones));
    std::string fields;
    if (auto it = c.find("add_fields"); it != c.end() && it->is_array())
      for (const auto& item : *it)
        if (item.is_string()) fields += (fields.empty() ? "" : ",") + item.get<std::string>();
    config.set("add.fields", record::Value(fields));
    config.set("add.fields.prefix", record::Value(prefix));
    auto options = dbz::UnwrapOptions::fromConfig(config);
    if (!options) return options.error();
    return std::unique_ptr<runtime::Transform>(std::make_unique<UnwrapTransform>(std::move(options).value()));
  };
  registry.add(std::move(f));
}

}  // namespace tributary::connectors
