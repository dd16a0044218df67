#pragma once
// An expression filter over Kafka messages for the topic browser and
// `tributary-runner kafka search --where`: a core/expr predicate compiled once
// and turned into a SearchRequest::matcher.
//
// The expression sees one object with the fields
//   key        the key as a string (NULL without a key)
//   value      the value parsed as JSON when it parses, else the text (NULL for a tombstone)
//   headers    an object of header name → value (a string, NULL for a null header)
//   partition  offset   (integers)
//   timestamp  the message timestamp (a TIMESTAMP)
// so `value.status = 'shipped' AND headers.origin = 'kcat'` or
// `partition = 1 AND offset >= 100`. The record's own `_key`, `_timestamp` and
// `_headers.name` work too. A value cut at the browser's size limit is matched
// as far as it was read (it rarely parses as JSON then).
//
// Thread-safety: a MessageFilter is immutable; its matcher may be called on any
// thread (the search runs on a worker thread), concurrently.

#include <functional>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/expr/expression.h"
#include "core/kafka/browser.h"
#include "core/record/record.h"

namespace tributary::kafka {

class MessageFilter {
 public:
  // Compiles `text`; an error names the position ("expected ... at 7").
  static Result<MessageFilter> compile(std::string_view text);

  // True when the predicate is TRUE for the message (FALSE, NULL and runtime errors: false).
  bool matches(const Message& message) const;
  // For SearchRequest::matcher (a copy shares the compiled expression).
  std::function<bool(const Message&)> matcher() const;

  const std::string& text() const { return m_expression.text(); }

  // The record the expression is evaluated against (exposed for tests and previews).
  static record::Record toRecord(const Message& message);

 private:
  explicit MessageFilter(expr::Expression expression) : m_expression(std::move(expression)) {}
  expr::Expression m_expression;
};

}  // namespace tributary::kafka
