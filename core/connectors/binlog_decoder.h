#pragma once
// A pure decoder of MySQL / MariaDB binary log events: bytes in, events and
// rows out, no I/O. source.mysql.cdc feeds it the events the server streams
// (mariadb_rpl_fetch); tests and the fuzzer feed it bytes from binlog files.
//
// Handled: FORMAT_DESCRIPTION (post-header lengths, CRC32 checksums, which are
// verified), ROTATE, QUERY (BEGIN / COMMIT / DDL), XID, MariaDB and MySQL GTID,
// TABLE_MAP (with the optional metadata of binlog_row_metadata=MINIMAL/FULL:
// signedness and column names), and WRITE/UPDATE/DELETE_ROWS v1 and v2 with
// full or partial row images. Column types: integers (signed and unsigned),
// DECIMAL, FLOAT/DOUBLE, CHAR/VARCHAR/TEXT and binary strings, BLOBs, DATE,
// TIME/DATETIME/TIMESTAMP (old and fractional v2 formats), YEAR, ENUM, SET,
// BIT, GEOMETRY (raw bytes), NULL, MySQL 5.7+'s binary JSON (as JSON text,
// see mysql_json_binary.h; MariaDB stores JSON as LONGTEXT, also handled).
// Not handled (a clear error): the pre-5.0 DECIMAL, and MariaDB's compressed row events (log_bin_compress).
//
// Values (record::Value): integers -> Int (BIGINT UNSIGNED above 2^63-1 ->
// Decimal text); DECIMAL -> Decimal text with the column's scale ("12.50");
// FLOAT/DOUBLE -> Double; text -> String; binary strings, BLOBs, GEOMETRY,
// BIT(n>1) -> Bytes; BIT(1) -> Bool; DATE -> "YYYY-MM-DD"; TIME ->
// "[-]HH:MM:SS[.ffffff]"; DATETIME and TIMESTAMP -> Timestamp (UTC; DATETIME
// taken as UTC, as Debezium does); zero dates ("0000-00-00") -> null; YEAR ->
// Int; ENUM -> the element's text; SET -> the elements joined by ","; JSON
// (MariaDB's LONGTEXT, MySQL's binary JSON) -> String of JSON text. MySqlTextValue() converts a value of the text protocol
// the same way, so snapshot rows and streamed rows look alike.
//
// Threads: a BinlogDecoder is used by one thread at a time.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/record/value.h"

namespace tributary::connectors::binlog {

// Event type codes (sql/log_event.h).
enum EventType : std::uint8_t {
  kQueryEvent = 2,
  kStopEvent = 3,
  kRotateEvent = 4,
  kFormatDescriptionEvent = 15,
  kXidEvent = 16,
  kTableMapEvent = 19,
  kWriteRowsV1 = 23,
  kUpdateRowsV1 = 24,
  kDeleteRowsV1 = 25,
  kHeartbeatEvent = 27,
  kWriteRowsV2 = 30,
  kUpdateRowsV2 = 31,
  kDeleteRowsV2 = 32,
  kAnnotateRowsEvent = 160,
  kBinlogCheckpointEvent = 161,
  kGtidEvent = 162,
  kGtidListEvent = 163,
  kMySqlGtidEvent = 33,  // MySQL 5.6+: GTID_LOG_EVENT (server uuid and transaction number)
  kWriteRowsCompressedV1 = 166,
  kDeleteRowsCompressed = 171,
};

// Column type codes (include/mysql_com.h enum_field_types).
enum ColumnType : std::uint8_t {
  kTypeDecimal = 0,
  kTypeTiny = 1,
  kTypeShort = 2,
  kTypeLong = 3,
  kTypeFloat = 4,
  kTypeDouble = 5,
  kTypeNull = 6,
  kTypeTimestamp = 7,
  kTypeLongLong = 8,
  kTypeInt24 = 9,
  kTypeDate = 10,
  kTypeTime = 11,
  kTypeDateTime = 12,
  kTypeYear = 13,
  kTypeNewDate = 14,
  kTypeVarchar = 15,
  kTypeBit = 16,
  kTypeTimestamp2 = 17,
  kTypeDateTime2 = 18,
  kTypeTime2 = 19,
  kTypeJson = 245,
  kTypeNewDecimal = 246,
  kTypeEnum = 247,
  kTypeSet = 248,
  kTypeTinyBlob = 249,
  kTypeMediumBlob = 250,
  kTypeLongBlob = 251,
  kTypeBlob = 252,
  kTypeVarString = 253,
  kTypeString = 254,
  kTypeGeometry = 255,
};

constexpr std::size_t kHeaderSize = 19;
constexpr std::uint16_t kArtificialFlag = 0x20;  // LOG_EVENT_ARTIFICIAL_F: made up by the server for this stream

struct EventHeader {
  std::uint32_t timestamp = 0;  // seconds since the epoch
  std::uint8_t type = 0;
  std::uint32_t serverId = 0;
  std::uint32_t length = 0;  // whole event, header and checksum included
  std::uint32_t nextPos = 0;  // log_pos: where the next event starts in the current file (0 for some artificial events)
  std::uint16_t flags = 0;
};

// What the source needs to know about a table's columns beyond the binlog
// (from information_schema, since the binlog carries no names in the default
// binlog_row_metadata=NO_LOG, nor signedness, nor the ENUM/SET elements).
struct ColumnInfo {
  std::string name;
  bool isUnsigned = false;
  bool binary = false;                // a string column without a character set (BINARY, VARBINARY, BLOB)
  bool latin1 = false;                // text in latin1 (converted to UTF-8); other character sets pass as they are
  std::vector<std::string> elements;  // ENUM / SET elements in definition order
};

struct TableMap {
  std::uint64_t tableId = 0;
  std::string db;
  std::string table;
  std::vector<std::uint8_t> types;  // per column
  std::vector<std::uint16_t> meta;  // per column (see decodeValue)
  std::vector<bool> nullable;
  // From the optional metadata when the server writes it (else empty).
  std::vector<std::string> names;
  std::vector<bool> unsignedFlags;  // per column (numeric ones flagged from the SIGNEDNESS bitmap)
};

enum class RowsKind { Write, Update, Delete };

// One changed row: column values by position; a column not in the image is null.
struct RowChange {
  std::vector<record::Value> before;  // Update / Delete
  std::vector<record::Value> after;   // Write / Update
};

struct Rows {
  RowsKind kind = RowsKind::Write;
  std::uint64_t tableId = 0;
  const TableMap* table = nullptr;  // owned by the decoder; valid until the next TABLE_MAP or FORMAT_DESCRIPTION
  bool statementEnd = false;        // STMT_END_F: the last rows event of its statement
  std::vector<RowChange> rows;
};

struct Gtid {
  std::uint32_t domain = 0;
  std::uint32_t serverId = 0;
  std::uint64_t sequence = 0;    // MariaDB: sequence number; MySQL: transaction number (GNO)
  bool standalone = false;       // MariaDB FL_STANDALONE: no XID / COMMIT follows (DDL, non-transactional statement)
  std::string mysqlSource;       // MySQL: the source server's UUID ("3E11FA47-71CA-11E1-9E33-C80AA9429562" form)
  std::string text() const;      // MariaDB "domain-server-sequence", MySQL "uuid:gno"
};

// One decoded event. Only the part for its type is set.
struct Event {
  EventHeader header;
  std::optional<std::pair<std::string, std::uint64_t>> rotate;  // next file and position
  std::optional<Gtid> gtid;
  std::optional<std::uint64_t> xid;
  std::optional<std::string> query;  // QUERY_EVENT text ("BEGIN", "COMMIT", DDL, ...)
  std::string queryDb;               // its default database
  const TableMap* tableMap = nullptr;
  std::optional<Rows> rows;
};

// Column information for a table, asked for when its rows are decoded; null
// when unknown (then names are "_1", "_2", ... and integers signed, ENUM/SET
// give their numbers).
class SchemaLookup {
 public:
  virtual ~SchemaLookup() = default;
  virtual const std::vector<ColumnInfo>* columns(const TableMap& table) = 0;
};

class BinlogDecoder {
 public:
  BinlogDecoder();
  // Decodes one whole event: the 19-byte header, the body and (when the
  // format description said so) the CRC32 trailer. Rows are decoded only for
  // tables `wantRows` accepts (others give Rows with no rows), with the
  // columns `schema` reports. Errors name the event type and what is wrong.
  Result<Event> decode(std::string_view event, SchemaLookup* schema = nullptr);
  // Restricts row decoding to some tables (db, table); unset: all tables.
  void setTableFilter(std::function<bool(std::string_view db, std::string_view table)> wantRows);

  bool checksums() const { return m_checksum; }
  const TableMap* table(std::uint64_t tableId) const;
  // Forgets table maps (a new connection starts a new stream).
  void reset();

 private:
  Status decodeFormatDescription(std::string_view body);
  Result<const TableMap*> decodeTableMap(std::string_view body);
  Result<Rows> decodeRows(std::uint8_t type, std::string_view body, SchemaLookup* schema);
  std::size_t postHeaderLength(std::uint8_t type, std::size_t fallback) const;

  bool m_checksum = false;
  bool m_formatSeen = false;  // a FORMAT_DESCRIPTION was decoded since reset()
  std::vector<std::uint8_t> m_postHeader;  // by event type - 1, from the format description
  std::map<std::uint64_t, std::unique_ptr<TableMap>> m_tables;
  std::function<bool(std::string_view, std::string_view)> m_wantRows;
};

// Decodes one column value of a row image at `data` (type and metadata from
// the table map). Sets `used` to the bytes it took. Exposed for tests.
Result<record::Value> decodeValue(std::uint8_t type, std::uint16_t meta, const ColumnInfo* column,
                                  std::string_view data, std::size_t& used);

// The same value as decodeValue gives, from the text protocol (a SELECT):
// `type` is the result field's type (MYSQL_FIELD::type), `binary` its charset
// is binary (63), `decimals` its fraction digits; `column` may be null.
record::Value mySqlTextValue(std::uint8_t type, bool isUnsigned, bool binary, std::uint32_t length,
                             const ColumnInfo* column, std::string_view text);

// MySQL's binary DECIMAL(precision, scale) at the start of `data` as text
// ("-12.50"); nullopt when the bytes are too few or the type is impossible.
std::optional<std::string> decimalText(std::string_view data, unsigned precision, unsigned scale);

// CRC32 (ISO-HDLC, as zlib and the binlog use).
std::uint32_t crc32(std::string_view data, std::uint32_t crc = 0);

}  // namespace tributary::connectors::binlog
