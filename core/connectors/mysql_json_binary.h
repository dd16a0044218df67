#pragma once
// MySQL 5.7+/8's binary JSON (the value of a JSON column in row events;
// sql-common/json_binary.h) to JSON text, written the way MySQL's own
// SELECT prints it ({"a": 1, "b": [true, null]}), so streamed rows and
// snapshot rows (text protocol) agree. MariaDB keeps JSON as LONGTEXT and
// never sends this format.
//
// Handled: small and large objects and arrays, the literals, int16/32/64,
// uint16/32/64, double, strings, and opaque values: DATE, TIME, DATETIME,
// TIMESTAMP and DECIMAL as MySQL prints them; other opaque types as MySQL's
// "base64:typeNN:..." string. Not handled: partial JSON updates
// (binlog_row_value_options=PARTIAL_JSON, PARTIAL_UPDATE_ROWS events).
//
// Pure function; any thread.

#include <string>
#include <string_view>

#include "core/base/result.h"

namespace tributary::connectors::binlog {

// The whole value of a JSON column (without the column's length prefix). An
// empty value is JSON null (MySQL writes one for a JSON column set to '' by
// a non-strict insert). Errors say where the bytes stop making sense.
Result<std::string> mySqlJsonText(std::string_view binary);

}  // namespace tributary::connectors::binlog
