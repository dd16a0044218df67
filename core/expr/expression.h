#pragma once
// The expression language of filters and maps: SQL-flavoured (like KSQL).
//
//   literals    42  2.5  1e3  'it''s'  TRUE FALSE NULL  DECIMAL '12.50'  TIMESTAMP '2024-01-01T00:00:00Z'
//               (integers beyond int64 are decimals)
//   fields      price  after.price  items[0].sku  `odd name`.x
//               _key, _timestamp (the record's timestamp), _headers.name (a header as a string)
//               Unquoted names match exactly, or case-insensitively when no field matches exactly.
//               A missing field is NULL.
//   operators   + - * / %   || (concat)   = != <> < <= > >=   AND OR NOT
//               IS [NOT] NULL   [NOT] IN (...)   [NOT] LIKE 'a%_'   [NOT] BETWEEN a AND b
//               CASE WHEN c THEN v [...] [ELSE e] END,  CASE x WHEN v THEN r [...] [ELSE e] END
//   functions   upper lower trim concat substr length replace coalesce cast(x AS type)
//               round floor ceil abs now date_trunc format_timestamp parse_timestamp json_extract
//               (see functions.cpp for each one's contract)
//
// Semantics (SQL): NULL propagates through operators and functions (except
// coalesce, concat(), IS NULL and the boolean rules); comparisons with NULL
// are NULL; AND/OR use three-valued logic; a filter keeps a record only when
// its predicate is TRUE. Int op Int stays Int (integer division truncates);
// any Double makes it Double; Decimals are computed as doubles.
// Division or modulo by zero gives NULL. Integer overflow, a failed CAST, and
// operators applied to the wrong types (e.g. 'a' + 1) are runtime errors:
// evaluate() returns the error and the node's error policy decides.
//
// Compiled once (fields resolved to paths, functions to pointers, literals
// converted); evaluation walks the tree without parsing or looking names up,
// and reads fields by reference (no copies). LIKE matches the pattern text
// directly (no regex). Bounded: at most 100,000 characters, 10,000 nodes,
// nesting depth 200, string results of replace() at most 16 MiB; no loops
// and no I/O (now() reads the clock).
//
// Thread-safety: Expression and Projection are immutable after compile();
// evaluate()/apply() are const and may run concurrently on many threads.
// Copies share the compiled tree.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/record/record.h"
#include "core/record/value.h"

namespace tributary::expr {

class Node;
struct Compiled;

class Expression {
 public:
  static Result<Expression> compile(std::string_view text);

  // Fields resolve against input.value; `_key`, `_timestamp`, `_headers.name`
  // give the key, the timestamp and headers.
  Result<record::Value> evaluate(const record::Record& input) const;
  // TRUE -> true; FALSE, NULL and errors -> false (the error is stored in *error when given).
  bool evaluatePredicate(const record::Record& input, Error* error = nullptr) const;

  const std::string& text() const;

 private:
  explicit Expression(std::shared_ptr<const Compiled> compiled) : m_compiled(std::move(compiled)) {}
  std::shared_ptr<const Compiled> m_compiled;
};

// A select list for transform.map, e.g.
//   "*, upper(category) AS category, CASE WHEN category = 'CAT_5' THEN price * 0.8 ELSE price END AS discount_price"
// `*` keeps all input fields in order; a later item with the same name
// replaces that field in place; `* EXCEPT (a, b)` drops fields; an item
// without AS is named after its field path's last segment (others need AS).
// Every item sees the INPUT record (SQL semantics), not earlier items.
class Projection {
 public:
  static Result<Projection> compile(std::string_view selectList);

  // Returns the new object value. A non-object input value acts as an empty object for `*`.
  Result<record::Value> apply(const record::Record& input) const;
  // Same result; moves the input's fields instead of copying them (cheaper when the caller
  // no longer needs input.value). `input.value` is left unspecified.
  Result<record::Value> apply(record::Record&& input) const;

  const std::string& text() const;
  // Output names of the computed items, in order (not including `*`).
  std::vector<std::string> itemNames() const;

 private:
  struct Impl;
  explicit Projection(std::shared_ptr<const Impl> impl) : m_impl(std::move(impl)) {}
  std::shared_ptr<const Impl> m_impl;
};

// For the model's validation hook: nullopt when `text` compiles, else the message.
std::optional<std::string> checkExpression(std::string_view text);
// The same for a select list.
std::optional<std::string> checkProjection(std::string_view selectList);

}  // namespace tributary::expr
