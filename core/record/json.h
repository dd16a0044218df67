#pragma once
// JSON codec for Values. parseJson uses simdjson (On-Demand) with one parser per
// thread; appendJson is a hand-written writer that appends to a caller-owned
// buffer so a batch can be serialised without allocating per record.
// All functions are safe to call from any thread.
//
// Mapping:
//   JSON integers -> Int; integers beyond int64 (and numbers beyond double's
//   range) -> Decimal with the exact text; other numbers -> Double.
//   Writing: Double uses the shortest text that round-trips (with ".0" added to
//   whole numbers so they read back as Double); NaN and +-Inf -> null;
//   Timestamp -> ISO-8601 string with 'Z'; Bytes -> base64 string; Decimal ->
//   JSON number (its digits; written as a string if they are not a JSON number).
//   Duplicate object keys: the last one wins.

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "core/base/result.h"
#include "core/record/value.h"

namespace tributary::record {

// Parses one JSON document (any JSON value at the top, surrounded by optional
// whitespace). Errors (ErrorCode::Invalid) name the byte offset:
// "invalid JSON at byte 12: expected ',' or '}' in an object".
Result<Value> parseJson(std::string_view text);

// Appends the compact JSON text of `value` to `out`.
void appendJson(const Value& value, std::string& out);
std::string toJson(const Value& value);

// Appends `text` as a JSON string literal with quotes (escaping ", \ and control
// characters; invalid UTF-8 sequences become U+FFFD).
void appendJsonString(std::string_view text, std::string& out);

// Conversions for config-ish uses (slow path). Bytes become base64 strings,
// timestamps ISO strings, decimals numbers when they fit a double exactly
// enough for nlohmann (otherwise strings).
nlohmann::json toNlohmann(const Value& value);
Value fromNlohmann(const nlohmann::json& json);

void appendBase64(std::string_view data, std::string& out);
// nullopt-like: returns false on invalid input (padding optional, whitespace not allowed).
bool decodeBase64(std::string_view text, std::string& out);

}  // namespace tributary::record
