#include "core/connectors/cdc_common.h"

#include "core/runtime/node_config.h"

namespace tributary::connectors::cdc {

model::FieldSpec snapshotModeField(const std::string& whenGone) {
  model::FieldSpec f;
  f.name = "snapshot_mode";
  f.type = model::FieldType::Enum;
  f.allowed = {"initial", "never", "when_needed"};
  f.defaultValue = "initial";
  f.help =
      "\"initial\": read the tables' current rows first (op \"r\") unless a checkpoint says that was done; "
      "\"never\": only stream changes; \"when_needed\": like initial, and also take a new snapshot when " +
      whenGone + ".";
  return f;
}

Result<SnapshotMode> readSnapshotMode(const nlohmann::json& config) {
  runtime::NodeConfig c(config);
  std::string mode = c.text("snapshot_mode");
  if (Status s = c.status(); !s) return s.error();
  if (mode == "initial") return SnapshotMode::Initial;
  if (mode == "never") return SnapshotMode::Never;
  if (mode == "when_needed") return SnapshotMode::WhenNeeded;
  return makeError(ErrorCode::Invalid, "snapshot_mode must be initial, never or when_needed", "config.snapshot_mode");
}

model::FieldSpec tombstonesField() {
  model::FieldSpec f;
  f.name = "tombstones_on_delete";
  f.type = model::FieldType::Bool;
  f.defaultValue = true;
  f.help =
      "After each delete event (op \"d\"), also emit a record with the same key and a null value (a tombstone), "
      "so Kafka's log compaction can drop every record of the deleted row, as Debezium does.";
  return f;
}

bool readTombstones(const nlohmann::json& config) {
  auto it = config.find("tombstones_on_delete");
  return it == config.end() || !it->is_boolean() || it->get<bool>();
}

void appendTombstone(record::Batch& out) {
  if (out.empty()) return;
  const record::Record& del = out.back();
  // A table without a primary key gives null keys: a tombstone would name
  // nothing (and a compacted topic refuses records without a key).
  if (del.key.isNull()) return;
  record::Record t;
  t.key = del.key;
  t.timestampMs = del.timestampMs;
  t.position = del.position;
  out.push_back(std::move(t));
}

void SnapshotTail::push(record::Record row, record::Batch& out) {
  if (m_held) {
    m_place(*m_held);
    out.push_back(std::move(*m_held));
  }
  m_held = std::move(row);
}

void SnapshotTail::finish(record::Batch& out) {
  if (!m_held) return;
  if (record::Value* source = m_held->value.find("source"))
    if (record::Value* snapshot = source->find("snapshot")) *snapshot = record::Value("last");
  m_place(*m_held);
  out.push_back(std::move(*m_held));
  m_held.reset();
}

}  // namespace tributary::connectors::cdc
