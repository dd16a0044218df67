#include "core/stream/aggregator.h"
#include "core/base/units.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>

#include "core/expr/nodes.h"
#include "core/base/units.h"
#include "core/model/node_spec.h"
#include "core/record/json.h"
#include "core/record/timestamp.h"
#include "core/stream/state_codec.h"

namespace tributary::stream {

using record::Value;
using record::ValueType;

namespace {

std::int64_t wallClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string describeTime(std::int64_t ms) { return record::formatIsoTimestamp(ms * 1000); }

bool needsNumber(AggregateFn fn) { return fn == AggregateFn::Sum || fn == AggregateFn::Avg; }

// Adds a number to a sum: ints stay exact until they would overflow, then the sum turns double.
void addToSum(Aggregator::Acc& a, const Value& v) {
  if (v.type() == ValueType::Int && a.intSum) {
    std::int64_t r = 0;
    if (!__builtin_add_overflow(a.isum, v.asInt(), &r)) {
      a.isum = r;
      a.dsum += static_cast<double>(v.asInt());
      return;
    }
  }
  double d = 0;
  expr::toNumber(v, d);
  if (a.intSum) a.dsum = static_cast<double>(a.isum);
  a.intSum = false;
  a.dsum += d;
}

void mergeSum(Aggregator::Acc& into, const Aggregator::Acc& from) {
  if (into.intSum && from.intSum) {
    std::int64_t r = 0;
    if (!__builtin_add_overflow(into.isum, from.isum, &r)) {
      into.isum = r;
      into.dsum += from.dsum;
      return;
    }
  }
  double a = into.intSum ? static_cast<double>(into.isum) : into.dsum;
  double b = from.intSum ? static_cast<double>(from.isum) : from.dsum;
  into.intSum = false;
  into.dsum = a + b;
}

// Folds `v` (event time ts) into one accumulator. `v` was checked by check().
void apply(AggregateFn fn, Aggregator::Acc& a, const Value& v, std::int64_t ts) {
  switch (fn) {
    case AggregateFn::CountAll:
      ++a.count;
      return;
    case AggregateFn::Count:
      if (!v.isNull()) ++a.count;
      return;
    default:
      break;
  }
  if (v.isNull()) return;
  switch (fn) {
    case AggregateFn::Sum:
    case AggregateFn::Avg:
      addToSum(a, v);
      break;
    case AggregateFn::Min:
    case AggregateFn::Max: {
      int c = 0;
      if (a.count == 0 || (expr::compareValues(v, a.best, c) && (fn == AggregateFn::Min ? c < 0 : c > 0))) a.best = v;
      break;
    }
    case AggregateFn::First:
      if (a.count == 0 || ts < a.bestTs) a.best = v, a.bestTs = ts;
      break;
    case AggregateFn::Last:
      if (a.count == 0 || ts >= a.bestTs) a.best = v, a.bestTs = ts;
      break;
    case AggregateFn::CountDistinct:
      a.distinct.insert(record::toJson(v));
      break;
    default:
      break;
  }
  ++a.count;
}

// Session merge: `from` joins `into`.
void merge(AggregateFn fn, Aggregator::Acc& into, const Aggregator::Acc& from) {
  if (fn == AggregateFn::CountAll || fn == AggregateFn::Count) {
    into.count += from.count;
    return;
  }
  if (from.count == 0) return;
  switch (fn) {
    case AggregateFn::Sum:
    case AggregateFn::Avg:
      mergeSum(into, from);
      break;
    case AggregateFn::Min:
    case AggregateFn::Max: {
      int c = 0;
      if (into.count == 0 || (expr::compareValues(from.best, into.best, c) && (fn == AggregateFn::Min ? c < 0 : c > 0)))
        into.best = from.best;
      break;
    }
    case AggregateFn::First:
      if (into.count == 0 || from.bestTs < into.bestTs) into.best = from.best, into.bestTs = from.bestTs;
      break;
    case AggregateFn::Last:
      if (into.count == 0 || from.bestTs >= into.bestTs) into.best = from.best, into.bestTs = from.bestTs;
      break;
    case AggregateFn::CountDistinct:
      into.distinct.insert(from.distinct.begin(), from.distinct.end());
      break;
    default:
      break;
  }
  into.count += from.count;
}

}  // namespace

namespace {

std::string trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string_view::npos ? std::string() : std::string(s.substr(b, e - b + 1));
}

// "sum(amount * 2) AS total" -> {"fn": "sum", "expr": "amount * 2", "as": "total"}; null when not of that shape.
nlohmann::json parseCompactItem(const std::string& text) {
  std::string upper = text;
  for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  std::size_t as = upper.rfind(" AS ");
  std::size_t open = text.find('('), close = text.rfind(')');
  if (as == std::string::npos || open == std::string::npos || close == std::string::npos || close < open ||
      close > as)
    return nullptr;
  std::string fn = trim(std::string_view(text).substr(0, open));
  for (char& ch : fn) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return {{"fn", fn}, {"expr", trim(std::string_view(text).substr(open + 1, close - open - 1))},
          {"as", trim(std::string_view(text).substr(as + 4))}};
}

}  // namespace

Result<AggregateItem> parseAggregateItem(const nlohmann::json& item) {
  if (item.is_string()) {
    // The form's list editor gives text: "sum(amount) AS total", or an object written as JSON.
    std::string text = trim(item.get<std::string>());
    nlohmann::json parsed = !text.empty() && text.front() == '{' ? nlohmann::json::parse(text, nullptr, false)
                                                                  : parseCompactItem(text);
    if (parsed.is_discarded() || !parsed.is_object())
      return makeError(ErrorCode::Invalid, "write an aggregate as fn(expr) AS name, e.g. sum(amount) AS total, not \"" +
                                               text + "\"");
    return parseAggregateItem(parsed);
  }
  if (!item.is_object())
    return makeError(ErrorCode::Invalid,
                     "each aggregate is an object {\"fn\", \"expr\", \"as\"} or text such as sum(amount) AS total");
  static const std::map<std::string, AggregateFn> fns = {
      {"count", AggregateFn::Count}, {"sum", AggregateFn::Sum},   {"min", AggregateFn::Min},
      {"max", AggregateFn::Max},     {"avg", AggregateFn::Avg},   {"count_distinct", AggregateFn::CountDistinct},
      {"first", AggregateFn::First}, {"last", AggregateFn::Last}};
  AggregateItem out;
  std::string fn = item.value("fn", std::string());
  auto it = fns.find(fn);
  if (it == fns.end())
    return makeError(ErrorCode::Invalid, "\"fn\" must be one of count, sum, min, max, avg, count_distinct, first, last" +
                                             (fn.empty() ? std::string() : ", not \"" + fn + "\""));
  out.fn = it->second;
  std::string text = item.contains("expr") && item["expr"].is_string() ? item["expr"].get<std::string>() : "";
  if (item.contains("expr") && !item["expr"].is_string() && !item["expr"].is_null())
    return makeError(ErrorCode::Invalid, "\"expr\" must be an expression in text");
  if (text.find_first_not_of(" \t\r\n") == std::string::npos || text == "*") {
    if (out.fn != AggregateFn::Count) return makeError(ErrorCode::Invalid, fn + " needs an \"expr\"");
    out.fn = AggregateFn::CountAll;
  } else {
    auto compiled = expr::Expression::compile(text);
    if (!compiled) return makeError(ErrorCode::Invalid, "\"expr\": " + compiled.error().message);
    out.expr = std::move(compiled).value();
  }
  out.name = item.value("as", std::string());
  if (out.name.empty()) return makeError(ErrorCode::Invalid, "name the result with \"as\"");
  return out;
}

Result<Aggregator> Aggregator::create(const nlohmann::json& c) {
  Aggregator a;
  auto window = WindowSpec::fromConfig(c);
  if (!window) return window.error();
  a.m_window = std::move(window).value();
  std::set<std::string> names;
  auto claim = [&](const std::string& name, const std::string& where) -> Status {
    if (!names.insert(name).second)
      return makeError(ErrorCode::Invalid, "two outputs are named \"" + name + "\"; rename one with AS", where);
    return {};
  };
  if (a.m_window.kind != WindowKind::None) {
    names.insert("window_start");
    names.insert("window_end");
  }
  if (auto it = c.find("group_by"); it != c.end() && !it->is_null()) {
    if (!it->is_array()) return makeError(ErrorCode::Invalid, "\"group_by\" must be a list of expressions", "config.group_by");
    for (std::size_t i = 0; i < it->size(); ++i) {
      std::string where = "config.group_by[" + std::to_string(i) + "]";
      const auto& item = (*it)[i];
      if (!item.is_string()) return makeError(ErrorCode::Invalid, "must be an expression in text", where);
      auto p = expr::Projection::compile(item.get<std::string>());
      if (!p) return makeError(ErrorCode::Invalid, p.error().message, where);
      auto itemNames = p->itemNames();
      if (itemNames.size() != 1)
        return makeError(ErrorCode::Invalid, "give one expression per entry, e.g. \"upper(region) AS region\"", where);
      if (auto s = claim(itemNames[0], where); !s) return s.error();
      // Evaluate "expr AS name" / "field.path" as a bare expression; the projection stays the reference.
      std::string text = item.get<std::string>();
      std::string upper = text;
      for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      std::size_t as = upper.rfind(" AS ");
      std::optional<expr::Expression> bare;
      if (auto e = expr::Expression::compile(as == std::string::npos ? text : text.substr(0, as))) bare = std::move(e).value();
      a.m_groupBy.push_back({itemNames[0], std::move(p).value(), std::move(bare)});
    }
  }
  std::string ts = c.value("timestamp", std::string());
  if (ts.find_first_not_of(" \t\r\n") != std::string::npos) {
    auto e = expr::Expression::compile(ts);
    if (!e) return makeError(ErrorCode::Invalid, e.error().message, "config.timestamp");
    a.m_timestamp = std::move(e).value();
  }
  auto aggs = c.find("aggregates");
  if (aggs == c.end() || !aggs->is_array() || aggs->empty())
    return makeError(ErrorCode::Invalid,
                     "list at least one aggregate, e.g. [{\"fn\": \"count\", \"as\": \"orders\"}]", "config.aggregates");
  for (std::size_t i = 0; i < aggs->size(); ++i) {
    std::string where = "config.aggregates[" + std::to_string(i) + "]";
    auto item = parseAggregateItem((*aggs)[i]);
    if (!item) return makeError(ErrorCode::Invalid, item.error().message, where);
    if (auto s = claim(item->name, where); !s) return s.error();
    a.m_aggs.push_back(std::move(item).value());
  }
  std::string emit = c.value("emit", std::string("final"));
  if (emit != "final" && emit != "changes")
    return makeError(ErrorCode::Invalid, "\"emit\" must be final or changes, not \"" + emit + "\"", "config.emit");
  a.m_emitChanges = emit == "changes";
  if (a.m_window.kind == WindowKind::None && !a.m_emitChanges)
    return makeError(ErrorCode::Invalid,
                     "without a window nothing ever closes, so there is no final result: use emit \"changes\"",
                     "config.emit");
  auto duration = [&](const char* name, std::int64_t& out) -> Status {
    if (auto it = c.find(name); it != c.end() && !it->is_null()) {
      auto ms = base::parseDurationMs(*it);
      if (!ms || *ms < 0)
        return makeError(ErrorCode::Invalid, std::string("\"") + name + "\" must be a duration such as \"10s\"",
                         std::string("config.") + name);
      out = *ms;
    }
    return {};
  };
  if (auto s = duration("emit_interval", a.m_emitIntervalMs); !s) return s.error();
  if (auto s = duration("idle_timeout", a.m_idleTimeoutMs); !s) return s.error();
  a.m_now = wallClockMs;
  return a;
}

std::int64_t Aggregator::tickIntervalMs() const {
  std::int64_t t = 0;
  if (m_idleTimeoutMs > 0) t = m_idleTimeoutMs;
  if (m_emitChanges && m_emitIntervalMs > 0) t = t == 0 ? m_emitIntervalMs : std::min(t, m_emitIntervalMs);
  return t;
}

std::int64_t Aggregator::closeAt(const Window& w) const {
  if (m_window.kind == WindowKind::None) return INT64_MAX;
  // A session still takes a record exactly `gap` after its last one, so it closes one ms later.
  std::int64_t end = m_window.kind == WindowKind::Session ? w.bounds.end + m_window.gapMs + 1 : w.bounds.end;
  return end + m_window.graceMs;
}

void Aggregator::markDirty(const std::string& key, std::int64_t start, Window& w) {
  if (!m_emitChanges || w.dirty) return;
  w.dirty = true;
  m_dirty.emplace_back(key, start);
}

void Aggregator::process(record::Batch& batch, runtime::ErrorReporter& errors) {
  record::Batch in = std::move(batch);
  batch.clear();
  std::vector<Value> inputs(m_aggs.size());
  std::string key;
  for (record::Record& r : in) {
    // Event time.
    std::int64_t ts = r.timestampMs;
    if (m_timestamp) {
      auto v = m_timestamp->evaluate(r);
      std::int64_t micros = 0;
      if (!v) {
        errors.report(r, makeError(v.error().code, v.error().message, "timestamp"));
        if (errors.failed()) return;
        continue;
      }
      if (v->isNull() || !expr::toTimestampMicros(*v, micros)) {
        errors.report(r, makeError(ErrorCode::Invalid,
                                   "the timestamp expression gave " + expr::describe(*v) + ", not a timestamp",
                                   "timestamp"));
        if (errors.failed()) return;
        continue;
      }
      ts = floorDiv(micros, 1000);
    }
    // Late: older than stream time - grace (windowless aggregation has nothing to be late for).
    if (m_window.kind != WindowKind::None && m_streamTime != INT64_MIN && ts < m_streamTime - m_window.graceMs) {
      ++m_late;
      errors.report(r, makeError(ErrorCode::Invalid,
                                 "late record: event time " + describeTime(ts) + " is older than stream time " +
                                     describeTime(m_streamTime) + " minus the grace period of " +
                                     std::to_string(m_window.graceMs) + " ms",
                                 "late"));
      if (errors.failed()) return;
      continue;
    }
    // Group values and aggregate inputs; an error leaves the state untouched.
    std::vector<Value> groupValues;
    groupValues.reserve(m_groupBy.size());
    std::optional<Error> problem;
    for (const GroupItem& item : m_groupBy) {
      if (item.expr) {
        auto v = item.expr->evaluate(r);
        if (!v) {
          problem = makeError(v.error().code, v.error().message, "group_by " + item.name);
          break;
        }
        groupValues.push_back(std::move(v).value());
        continue;
      }
      auto v = item.projection.apply(r);
      if (!v) {
        problem = makeError(v.error().code, v.error().message, "group_by " + item.name);
        break;
      }
      const Value* field = v->find(item.name);
      groupValues.push_back(field ? *field : Value());
    }
    for (std::size_t i = 0; !problem && i < m_aggs.size(); ++i) {
      if (!m_aggs[i].expr) continue;
      auto v = m_aggs[i].expr->evaluate(r);
      if (!v) {
        problem = makeError(v.error().code, v.error().message, "aggregate " + m_aggs[i].name);
        break;
      }
      inputs[i] = std::move(v).value();
      if (needsNumber(m_aggs[i].fn) && !inputs[i].isNull() && !inputs[i].isNumber())
        problem = makeError(ErrorCode::Invalid,
                            "cannot add up " + expr::describe(inputs[i]) + "; it needs a number",
                            "aggregate " + m_aggs[i].name);
    }
    if (problem) {
      errors.report(r, *problem);
      if (errors.failed()) return;
      continue;
    }
    key.clear();
    // The group's identity: the values' JSON texts, each ended by a unit separator
    // (which JSON text never contains unescaped).
    for (const Value& v : groupValues) {
      record::appendJson(v, key);
      key += '\x1f';
    }
    auto [git, fresh] = m_groups.try_emplace(key);
    Group& g = git->second;
    if (m_track) m_touched.insert(key);
    if (fresh) g.values = std::move(groupValues);

    // Which windows the record updates.
    std::vector<Window*>& targets = m_targets;
    targets.clear();
    if (m_window.kind == WindowKind::Tumbling || m_window.kind == WindowKind::Hopping) {
      m_window.windowsFor(ts, m_bounds);
      for (const WindowBounds& b : m_bounds) {
        auto [wit, made] = g.windows.try_emplace(b.start);
        if (made) {
          wit->second.bounds = b;
          wit->second.accs.resize(m_aggs.size());
          wit->second.maxTs = ts;
          m_closing.emplace(closeAt(wit->second), key, b.start);
          ++m_open;
        }
        targets.push_back(&wit->second);
      }
    } else if (m_window.kind == WindowKind::None) {
      auto [wit, made] = g.windows.try_emplace(0);
      if (made) {
        wit->second.accs.resize(m_aggs.size());
        wit->second.maxTs = ts;
        ++m_open;
      }
      targets.push_back(&wit->second);
    } else {
      // Session: merge every session within `gap` of ts into one (bounds.end = last event time).
      Window merged;
      merged.bounds = {ts, ts};
      merged.maxTs = ts;
      merged.accs.resize(m_aggs.size());
      std::vector<std::int64_t> absorbed;
      for (auto& [start, w] : g.windows)
        if (w.bounds.start - m_window.gapMs <= ts && ts <= w.bounds.end + m_window.gapMs) absorbed.push_back(start);
      std::vector<std::int64_t> retracted;
      for (std::int64_t start : absorbed) {
        Window& w = g.windows.at(start);
        if (w.emitted) retracted.push_back(start);
        merged.bounds.start = std::min(merged.bounds.start, w.bounds.start);
        merged.bounds.end = std::max(merged.bounds.end, w.bounds.end);
        merged.maxTs = std::max(merged.maxTs, w.maxTs);
        for (std::size_t i = 0; i < m_aggs.size(); ++i) merge(m_aggs[i].fn, merged.accs[i], w.accs[i]);
        m_closing.erase({closeAt(w), key, start});
        g.windows.erase(start);
        --m_open;
      }
      if (m_emitChanges && !absorbed.empty()) {
        // Sessions that merged away are replaced by the merged one (emitted below).
        for (auto& d : m_dirty)
          if (d.first == key && std::find(absorbed.begin(), absorbed.end(), d.second) != absorbed.end())
            d.second = INT64_MIN;  // forgotten; emitDirty skips it
      }
      // A session already emitted as a change under another start is gone: retract it with a tombstone.
      for (std::int64_t start : retracted)
        if (start != merged.bounds.start) retract(g, start, batch);
      merged.emitted = std::find(retracted.begin(), retracted.end(), merged.bounds.start) != retracted.end();
      auto [wit, made] = g.windows.try_emplace(merged.bounds.start, std::move(merged));
      (void)made;
      wit->second.dirty = false;
      ++m_open;
      targets.push_back(&wit->second);
    }
    for (Window* w : targets) {
      for (std::size_t i = 0; i < m_aggs.size(); ++i) apply(m_aggs[i].fn, w->accs[i], inputs[i], ts);
      w->maxTs = std::max(w->maxTs, ts);
      if (m_window.kind == WindowKind::Session) {
        w->bounds.end = std::max(w->bounds.end, ts);
        m_closing.emplace(closeAt(*w), key, w->bounds.start);
      }
      markDirty(key, w->bounds.start, *w);
    }
    m_streamTime = std::max(m_streamTime, ts);
  }
  if (!in.empty()) {
    m_lastInputWall = m_now();
    m_streamTimeAtInput = m_streamTime;
  }
  if (m_emitChanges && (m_emitIntervalMs == 0 || m_now() - m_lastEmitWall >= m_emitIntervalMs)) emitDirty(batch);
  closeDue(batch);
}

void Aggregator::tick(record::Batch& out) {
  std::int64_t now = m_now();
  if (m_idleTimeoutMs > 0 && m_streamTimeAtInput != INT64_MIN && now - m_lastInputWall >= m_idleTimeoutMs) {
    // Nothing arrived for a while: let stream time move on with the wall clock.
    m_streamTime = std::max(m_streamTime, m_streamTimeAtInput + (now - m_lastInputWall));
  }
  if (m_emitChanges && now - m_lastEmitWall >= m_emitIntervalMs) emitDirty(out);
  closeDue(out);
}

void Aggregator::finish(record::Batch& out) {
  if (m_emitChanges) emitDirty(out);
  if (m_window.kind == WindowKind::None) return;
  m_streamTime = INT64_MAX;
  closeDue(out);
}

void Aggregator::emitDirty(record::Batch& out) {
  m_lastEmitWall = m_now();
  for (auto& [key, start] : m_dirty) {
    if (start == INT64_MIN) continue;
    auto g = m_groups.find(key);
    if (g == m_groups.end()) continue;
    auto w = g->second.windows.find(start);
    if (w == g->second.windows.end() || !w->second.dirty) continue;
    w->second.dirty = false;
    w->second.emitted = true;
    if (m_track) m_touched.insert(key);
    emitRow(g->second, w->second, out);
  }
  m_dirty.clear();
}

void Aggregator::closeDue(record::Batch& out) {
  while (!m_closing.empty()) {
    auto first = m_closing.begin();
    auto [at, key, start] = *first;
    if (at > m_streamTime) break;
    m_closing.erase(first);
    auto g = m_groups.find(key);
    if (g == m_groups.end()) continue;
    auto w = g->second.windows.find(start);
    // A session that grew since this entry was made has a later entry of its own.
    if (w == g->second.windows.end() || closeAt(w->second) != at) continue;
    if (!m_emitChanges || w->second.dirty) emitRow(g->second, w->second, out);
    if (m_track) m_touched.insert(key);
    g->second.windows.erase(w);
    --m_open;
    if (g->second.windows.empty()) {
      m_storedBytes -= g->second.stored;  // its removal is in the next saveChanges()
      m_groups.erase(g);
    }
  }
}

record::Value Aggregator::result(const AggregateItem& item, const Acc& a) const {
  switch (item.fn) {
    case AggregateFn::CountAll:
    case AggregateFn::Count:
      return Value(a.count);
    case AggregateFn::Sum:
      if (a.count == 0) return Value();
      return a.intSum ? Value(a.isum) : Value(a.dsum);
    case AggregateFn::Avg:
      if (a.count == 0) return Value();
      return Value((a.intSum ? static_cast<double>(a.isum) : a.dsum) / static_cast<double>(a.count));
    case AggregateFn::CountDistinct:
      return Value(static_cast<std::int64_t>(a.distinct.size()));
    case AggregateFn::Min:
    case AggregateFn::Max:
    case AggregateFn::First:
    case AggregateFn::Last:
      return a.count == 0 ? Value() : a.best;
  }
  return Value();
}

void Aggregator::retract(const Group& g, std::int64_t start, record::Batch& out) const {
  record::Record r;
  Value key = Value::makeObject(g.values.size() + 1);
  for (std::size_t i = 0; i < m_groupBy.size(); ++i) key.append(m_groupBy[i].name, g.values[i]);
  key.append("window_start", Value::timestampMicros(start * 1000));
  r.key = std::move(key);
  r.timestampMs = m_streamTime == INT64_MIN ? start : m_streamTime;
  out.push_back(std::move(r));  // null value: a tombstone for that key
}

void Aggregator::emitRow(const Group& g, const Window& w, record::Batch& out) const {
  record::Record r;
  bool windowed = m_window.kind != WindowKind::None;
  Value value = Value::makeObject(g.values.size() + m_aggs.size() + 2);
  Value key = Value::makeObject(g.values.size() + 1);
  for (std::size_t i = 0; i < m_groupBy.size(); ++i) {
    value.append(m_groupBy[i].name, g.values[i]);
    key.append(m_groupBy[i].name, g.values[i]);
  }
  if (windowed) {
    value.append("window_start", Value::timestampMicros(w.bounds.start * 1000));
    value.append("window_end", Value::timestampMicros(w.bounds.end * 1000));
    key.append("window_start", Value::timestampMicros(w.bounds.start * 1000));
  }
  for (std::size_t i = 0; i < m_aggs.size(); ++i) value.append(m_aggs[i].name, result(m_aggs[i], w.accs[i]));
  r.value = std::move(value);
  r.key = key.size() == 0 ? Value() : std::move(key);
  r.timestampMs = w.maxTs;
  out.push_back(std::move(r));
}

namespace {
constexpr std::string_view kGroupPrefix = "g/";
}

void Aggregator::saveChanges(StateStore::Batch& batch) {
  std::string key, buffer;
  for (const std::string& name : m_touched) {
    key.assign(kGroupPrefix);
    key += name;
    auto g = m_groups.find(name);
    if (g == m_groups.end()) {
      batch.remove(key);
      continue;
    }
    buffer.clear();
    StateWriter w(buffer);
    w.u64(g->second.values.size());
    for (const Value& v : g->second.values) w.value(v);
    w.u64(g->second.windows.size());
    for (const auto& [start, win] : g->second.windows) {
      w.i64(win.bounds.start);
      w.i64(win.bounds.end);
      w.i64(win.maxTs);
      w.u64((win.dirty ? 1u : 0u) | (win.emitted ? 2u : 0u));
      w.u64(win.accs.size());
      for (const Acc& a : win.accs) {
        w.i64(a.count);
        w.u64(a.intSum ? 1 : 0);
        w.i64(a.isum);
        w.f64(a.dsum);
        w.value(a.best);
        w.i64(a.bestTs);
        w.u64(a.distinct.size());
        for (const std::string& d : a.distinct) w.text(d);
      }
    }
    batch.put(key, buffer);
    m_storedBytes += key.size() + buffer.size() - g->second.stored;
    g->second.stored = key.size() + buffer.size();
  }
  m_touched.clear();
}

nlohmann::json Aggregator::stateMeta() const {
  return {{"stream_time", m_streamTime}};
}

Status Aggregator::restore(const StateStore& store, const nlohmann::json& meta) {
  bool ok = true;
  store.forEach(kGroupPrefix, [&](std::string_view k, std::string_view value) {
    if (!ok) return;
    std::string name(k.substr(kGroupPrefix.size()));
    Group g;
    g.stored = k.size() + value.size();
    StateReader r(value);
    std::uint64_t n = 0;
    ok = r.u64(n) && n == m_groupBy.size();
    for (std::uint64_t i = 0; ok && i < n; ++i) ok = r.value(g.values.emplace_back());
    std::uint64_t windows = 0;
    ok = ok && r.u64(windows);
    for (std::uint64_t i = 0; ok && i < windows; ++i) {
      Window win;
      std::uint64_t flags = 0, accs = 0;
      ok = r.i64(win.bounds.start) && r.i64(win.bounds.end) && r.i64(win.maxTs) && r.u64(flags) && r.u64(accs) &&
           accs == m_aggs.size();
      win.dirty = flags & 1;
      win.emitted = flags & 2;
      win.accs.resize(accs);
      for (Acc& a : win.accs) {
        std::uint64_t intSum = 0, distinct = 0;
        ok = ok && r.i64(a.count) && r.u64(intSum) && r.i64(a.isum) && r.f64(a.dsum) && r.value(a.best) &&
             r.i64(a.bestTs) && r.u64(distinct);
        a.intSum = intSum != 0;
        for (std::uint64_t d = 0; ok && d < distinct; ++d) {
          std::string text;
          ok = r.text(text);
          a.distinct.insert(std::move(text));
        }
      }
      if (!ok) break;
      std::int64_t start = win.bounds.start;
      if (m_window.kind == WindowKind::None) start = 0;
      if (m_window.kind != WindowKind::None) m_closing.emplace(closeAt(win), name, start);
      if (win.dirty) m_dirty.emplace_back(name, start);
      g.windows.emplace(start, std::move(win));
      ++m_open;
    }
    if (!ok) return;
    m_storedBytes += g.stored;
    m_groups.emplace(std::move(name), std::move(g));
  });
  if (!ok) return makeError(ErrorCode::Invalid, "the stored state of a group cannot be read (written by another version?)");
  if (!meta.is_object()) return {};
  m_streamTime = meta.value("stream_time", INT64_MIN);
  return {};
}

}  // namespace tributary::stream
