#pragma once
// Internal: the compiled expression tree. Each node evaluates to a reference:
// either into `tmp` (a value it computed), into itself (a literal) or into
// the input record (a field), so reading fields never copies them.
// Nodes are immutable after compilation and shared between threads.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/record/record.h"
#include "core/record/value.h"

namespace tributary::expr {

using record::Value;
using record::ValueType;

class Node;

struct EvalContext {
  const record::Record* record = nullptr;
  Error* error = nullptr;  // the first runtime error, if any (must not be null)
  std::int64_t nowMicros = 0;

  bool failed() const { return !error->message.empty(); }
  // Records a runtime error (the first one wins) and returns a null value.
  const Value& fail(const Node& where, std::string message);
};

const Value& nullValue();

class Node {
 public:
  virtual ~Node() = default;
  virtual const Value& eval(EvalContext& ctx, Value& tmp) const = 0;
  virtual const Value* literal() const { return nullptr; }  // non-null for constants

  // Where the node starts in the text and how it reads there, for errors.
  int line = 1;
  int column = 1;
  std::string snippet;
};

using NodePtr = std::unique_ptr<Node>;

// A function implementation: arguments are already evaluated (NULL checks
// are the function's business), the result goes to `out`.
using FunctionImpl = void (*)(const Value* const* args, std::size_t count, Value& out, EvalContext& ctx,
                              const Node& call);

struct FunctionSpec {
  std::string_view name;
  int minArgs;
  int maxArgs;  // -1: any number
  FunctionImpl impl;
  bool nullIfAnyArgNull;       // the common SQL rule, applied before calling impl
  std::string_view signature;  // for messages: "substr(string, start [, length])"
};

// Case-insensitive lookup; nullptr when unknown.
const FunctionSpec* findFunction(std::string_view name);
// Closest known function name (for "did you mean"), or empty.
std::string_view suggestFunction(std::string_view name);

// Shared helpers used by operators and functions.
bool toNumber(const Value& v, double& out);         // Int/Double/Decimal
std::string describe(const Value& v);               // "string 'abc'", "int 5" for messages
void appendText(const Value& v, std::string& out);  // the text of a value for || and casts
// Compares two non-null values; false when they are not comparable (types differ).
bool compareValues(const Value& a, const Value& b, int& result);
bool likeMatch(std::string_view text, std::string_view pattern);

enum class CastType { Int, Double, String, Boolean, Decimal, Timestamp };
// Casts `v` (not null) into `out`; false with a message when impossible.
bool castValue(const Value& v, CastType type, int decimalScale, Value& out, std::string& message);
// Reads a timestamp from a Timestamp, an ISO string or epoch milliseconds (Int).
bool toTimestampMicros(const Value& v, std::int64_t& out);

// --- node factories used by the parser ---

NodePtr makeLiteral(Value v);

enum class RootKind { Value, Key, Timestamp, Headers };
struct PathSegment {
  std::string name;
  std::int64_t index = -1;  // >= 0 for [n]
  bool quoted = false;
};
NodePtr makeField(RootKind root, std::vector<PathSegment> path);

enum class BinaryOp { Add, Sub, Mul, Div, Mod, Concat, Eq, Ne, Lt, Le, Gt, Ge, And, Or };
NodePtr makeBinary(BinaryOp op, NodePtr left, NodePtr right);
NodePtr makeNot(NodePtr operand);
NodePtr makeNegate(NodePtr operand);
NodePtr makeIsNull(NodePtr operand, bool negated);
NodePtr makeIn(NodePtr operand, std::vector<NodePtr> list, bool negated);
NodePtr makeLike(NodePtr operand, NodePtr pattern, bool negated);
NodePtr makeBetween(NodePtr operand, NodePtr low, NodePtr high, bool negated);
// Searched CASE when `subject` is null; simple CASE otherwise. `otherwise` may be null (-> NULL).
NodePtr makeCase(NodePtr subject, std::vector<std::pair<NodePtr, NodePtr>> whens, NodePtr otherwise);
NodePtr makeCast(NodePtr operand, CastType type, int decimalScale);
NodePtr makeCall(const FunctionSpec* spec, std::vector<NodePtr> args);
NodePtr makeCoalesce(std::vector<NodePtr> args);

// The parsed select list of a Projection.
struct SelectItem {
  bool star = false;
  std::vector<std::string> except;  // for `* EXCEPT (...)`
  NodePtr expr;
  std::string name;
};

// Parser entry points (parser.cpp). Errors: "column 14: expected ..." (or
// "line 2, column 3: ..." for multi-line text).
Result<NodePtr> parseExpression(std::string_view text, bool& usesNow);
Result<std::vector<SelectItem>> parseSelectList(std::string_view text, bool& usesNow);

}  // namespace tributary::expr
