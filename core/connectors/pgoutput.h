#pragma once
// The wire formats source.postgres.cdc reads, decoded without a server so they
// can be fuzzed and unit-tested:
//  - the replication CopyBoth frames: XLogData ('w') and primary keepalive
//    ('k'), and the standby status update ('r') we send back;
//  - pgoutput's logical replication messages, protocol version 1 (Begin,
//    Commit, Origin, Relation, Type, Insert, Update, Delete, Truncate, Message);
//  - the text output of PostgreSQL types, turned into Values by type OID;
//  - one row of COPY ... TO STDOUT text format (the initial snapshot).
// Every decoder checks lengths and returns an error for truncated or malformed
// input; decoded text points into the caller's buffer (string_views), so a
// message must be used before its buffer is reused.
// Pure functions / plain classes; one decoder per thread.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/record/value.h"

namespace tributary::connectors::pgoutput {

// Microseconds between the Unix epoch and PostgreSQL's (2000-01-01).
constexpr std::int64_t kPgEpochOffsetMicros = 946684800000000LL;

// "16/B374D848" <-> 0x16B374D848.
std::string formatLsn(std::uint64_t lsn);
bool parseLsn(std::string_view text, std::uint64_t& lsn);

// ---- CopyBoth frames ----

struct XLogData {
  std::uint64_t walStart = 0;  // where this message's WAL record starts
  std::uint64_t walEnd = 0;    // the server's current end of WAL
  std::int64_t sendTime = 0;   // PG-epoch micros
  std::string_view payload;    // the pgoutput message
};
struct Keepalive {
  std::uint64_t walEnd = 0;
  std::int64_t sendTime = 0;
  bool replyRequested = false;
};
struct CopyFrame {
  char kind = 0;  // 'w' or 'k'
  XLogData data;
  Keepalive keepalive;
};
Status parseCopyFrame(std::string_view bytes, CopyFrame& out);

// The 34-byte standby status update ('r'): written, flushed and applied LSN.
std::string standbyStatusUpdate(std::uint64_t written, std::uint64_t flushed, std::uint64_t applied,
                                std::int64_t nowPgMicros, bool replyRequested);

// ---- pgoutput messages ----

struct Column {
  bool key = false;  // part of the replica identity
  std::string name;
  std::uint32_t typeOid = 0;
  std::int32_t typeMod = -1;
};

struct Relation {
  std::uint32_t oid = 0;
  std::string schema;
  std::string name;
  char replicaIdentity = 'd';  // d default (primary key), n nothing, f full, i index
  std::vector<Column> columns;
};

// One column of a tuple: 'n' null, 'u' unchanged TOAST (value not sent), 't' text, 'b' binary.
struct TupleValue {
  char kind = 'n';
  std::string_view data;
};
using Tuple = std::vector<TupleValue>;

struct Message {
  char kind = 0;  // 'B', 'C', 'O', 'R', 'Y', 'I', 'U', 'D', 'T', 'M'
  // Begin: finalLsn, commitTime, xid. Commit: flags, commitLsn, endLsn, commitTime.
  std::uint64_t finalLsn = 0;
  std::uint64_t commitLsn = 0;
  std::uint64_t endLsn = 0;
  std::int64_t commitTime = 0;  // PG-epoch micros
  std::uint32_t xid = 0;
  std::uint8_t flags = 0;  // Commit flags; Truncate options (1 cascade, 2 restart identity)
  // Relation ('R'): the whole relation.
  Relation relation;
  // Insert/Update/Delete: the relation OID; oldKind 'K' (key columns), 'O' (whole old row) or 0 (none).
  std::uint32_t relationOid = 0;
  char oldKind = 0;
  Tuple oldTuple;
  Tuple newTuple;
  // Truncate: the relations.
  std::vector<std::uint32_t> relations;
  // Origin name, Type name, or logical message prefix/content.
  std::string_view text;
  std::string_view content;
};

// Decodes one pgoutput message (protocol version 1) into `out`, reusing its
// vectors. Errors name the message kind and what was wrong.
Status decode(std::string_view bytes, Message& out);

// ---- values ----

// Some built-in type OIDs (pg_type.h; stable across versions).
namespace oid {
constexpr std::uint32_t Bool = 16, Bytea = 17, Char = 18, Name = 19, Int8 = 20, Int2 = 21, Int4 = 23, Text = 25,
                        Oid = 26, Json = 114, Float4 = 700, Float8 = 701, Money = 790, BpChar = 1042, VarChar = 1043,
                        Date = 1082, Time = 1083, Timestamp = 1114, TimestampTz = 1184, Interval = 1186, TimeTz = 1266,
                        Numeric = 1700, Uuid = 2950, Jsonb = 3802;
}

// Debezium's placeholder for a TOASTed column an update did not change.
inline constexpr std::string_view kUnavailableValue = "__debezium_unavailable_value";

// A Value from PostgreSQL's text output of type `typeOid` (session with
// DateStyle=ISO, TimeZone=UTC): integers -> Int, float -> Double (NaN and
// infinities too), numeric -> Decimal (NaN/Infinity as text), bool -> Bool,
// timestamp/timestamptz -> Timestamp (infinity as text), json/jsonb -> the
// parsed JSON, bytea (hex) -> Bytes; date, time, uuid, arrays, ... -> their text.
record::Value textToValue(std::uint32_t typeOid, std::string_view text);

// Splits one line of COPY ... TO STDOUT (text format, without the newline)
// into its fields, undoing the backslash escapes; \N is null (isNull set).
// `scratch` holds unescaped text the views point into (reserved by the caller
// so it does not move: at least line.size() bytes). False when the line is malformed.
struct CopyField {
  bool isNull = false;
  std::string_view text;
};
bool parseCopyTextLine(std::string_view line, std::vector<CopyField>& fields, std::string& scratch);

}  // namespace tributary::connectors::pgoutput
