#pragma once
// Debezium change-event envelopes: {"before", "after", "source", "op", "ts_ms"}.
// CDC sources build them with makeEnvelope(); transform.unwrap turns them into
// plain rows with unwrap(), following Debezium's ExtractNewRecordState SMT
// (io.debezium.transforms.ExtractNewRecordState) and its option names:
//
//   drop.tombstones       (default true)  drop records whose value is null
//   delete.handling.mode  (default drop)  drop | none | rewrite
//       drop:    delete events are dropped
//       none:    delete events pass on as tombstones (value null); "tombstone"
//                is accepted as a synonym
//       rewrite: delete events become the `before` row plus __deleted="true";
//                every other row gets __deleted="false" (strings, as Debezium)
//   add.fields            comma-separated envelope/source fields to copy into
//                         the row as <prefix><name> with '.' -> '_':
//                         op -> __op, table -> __table (source.table),
//                         source.ts_ms -> __source_ts_ms, ts_ms -> __ts_ms, lsn -> __lsn.
//                         A name without "source." is looked up in the envelope
//                         when it is one of op/ts_ms/ts_us/ts_ns/transaction, else in source.
//   add.fields.prefix     (default "__")
//   add.headers, add.headers.prefix   the same into record headers (text values)
//
// Truncate events (op "t") carry no row and are dropped. A value that is not
// an envelope (no "op") is an error, so the node's error policy applies.
// Envelopes wrapped as {"schema": ..., "payload": {...}} (Kafka Connect's JSON
// converter with schemas) are read through their payload.
// Pure functions; safe on any thread.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/record/record.h"
#include "core/record/value.h"

namespace tributary::record::debezium {

enum class Op : char { Create = 'c', Update = 'u', Delete = 'd', Read = 'r', Truncate = 't' };

std::optional<Op> parseOp(std::string_view code);
std::string_view opCode(Op op);  // "c", "u", "d", "r", "t"

// Source block fields common to Debezium's connectors; `extra` (an object or
// null) adds connector-specific ones (lsn, txId, file, pos, gtid, ...).
struct SourceInfo {
  std::string version = "tributary";
  std::string connector;           // "postgresql", "mysql"
  std::string name;                // the logical server / topic prefix
  std::int64_t tsMs = 0;           // when the change happened in the database
  std::string snapshot = "false";  // "true", "last", "false"
  std::string db;
  std::string schema;  // empty: omitted (MySQL has none)
  std::string table;
  Value extra;
};
Value makeSource(const SourceInfo& info);

// {"before": before, "after": after, "source": source, "op": "c", "ts_ms": tsMs}
// (null before for c/r, null after for d).
Value makeEnvelope(Op op, Value before, Value after, Value source, std::int64_t tsMs);

// A view into an envelope Value (pointers into it; valid while it lives).
struct EnvelopeView {
  Op op = Op::Create;
  const Value* before = nullptr;  // never null pointers: they point at a null Value when absent
  const Value* after = nullptr;
  const Value* source = nullptr;
  std::int64_t tsMs = 0;  // 0 when absent
  const Value* envelope = nullptr;
};
Result<EnvelopeView> readEnvelope(const Value& value);
Result<EnvelopeView> readEnvelope(Value&& value) = delete;  // the view would dangle

enum class DeleteHandling { Drop, None, Rewrite };

struct UnwrapOptions {
  bool dropTombstones = true;
  DeleteHandling deleteHandling = DeleteHandling::Drop;
  std::vector<std::string> addFields;
  std::string addFieldsPrefix = "__";
  std::vector<std::string> addHeaders;
  std::string addHeadersPrefix = "__";

  // Reads the Debezium option names above from a config object; unknown
  // keys are ignored. Errors name the key ("delete.handling.mode: expected
  // one of drop, none, rewrite, found 'x'").
  static Result<UnwrapOptions> fromConfig(const Value& config);
};

enum class UnwrapResult { Keep, Drop };

// Replaces record.value by the row (or null for a kept tombstone / delete in
// mode none) and adds headers; tells whether to keep the record.
Result<UnwrapResult> unwrap(Record& record, const UnwrapOptions& options);

}  // namespace tributary::record::debezium
