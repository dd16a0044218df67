#include "core/stream/joiner.h"

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

const char* sideName(std::uint16_t side) { return side == Joiner::kLeft ? "left" : "right"; }

std::int64_t steadyClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// A Debezium delete (raw envelope, or unwrapped with delete_handling rewrite) or a tombstone.
bool isDelete(const Value& v) {
  if (v.isNull()) return true;
  if (const Value* op = v.find("op"); op && op->type() == ValueType::String && op->asString() == "d") return true;
  if (const Value* d = v.find("__deleted"); d && d->type() == ValueType::String && d->asString() == "true") return true;
  return false;
}

}  // namespace

std::optional<std::string> joinKeyText(const Value& key) {
  switch (key.type()) {
    case ValueType::Null:
      return std::nullopt;
    case ValueType::Int:
      return std::to_string(key.asInt());
    case ValueType::Double: {
      double d = key.asDouble();
      if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15)
        return std::to_string(static_cast<std::int64_t>(d));
      return record::toJson(key);
    }
    case ValueType::String:
    case ValueType::Decimal:
      return std::string(key.asString());
    default:
      return record::toJson(key);  // objects, arrays, timestamps: by their JSON text
  }
}

Result<Joiner> Joiner::create(const nlohmann::json& c) {
  Joiner j;
  std::string type = c.value("type", std::string("inner"));
  if (type == "inner")
    j.m_type = Type::Inner;
  else if (type == "left")
    j.m_type = Type::Left;
  else if (type == "full")
    j.m_type = Type::Full;
  else
    return makeError(ErrorCode::Invalid, "\"type\" must be inner, left or full, not \"" + type + "\"", "config.type");
  std::string mode = c.value("mode", std::string("window"));
  if (mode == "window")
    j.m_mode = Mode::Window;
  else if (mode == "table")
    j.m_mode = Mode::Table;
  else
    return makeError(ErrorCode::Invalid, "\"mode\" must be window or table, not \"" + mode + "\"", "config.mode");
  if (j.m_mode == Mode::Table && j.m_type == Type::Full)
    return makeError(ErrorCode::Invalid,
                     "a table join matches each left record against the table as it stands; it has no full type "
                     "(use inner or left, or mode window)",
                     "config.type");
  const char* keyFields[2] = {"left_key", "right_key"};
  const char* tsFields[2] = {"left_timestamp", "right_timestamp"};
  for (int side = 0; side < 2; ++side) {
    std::string text = c.value(keyFields[side], std::string());
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
      return makeError(ErrorCode::Invalid, std::string("name the ") + sideName(static_cast<std::uint16_t>(side)) +
                                               " join key, e.g. order_id or _key",
                       std::string("config.") + keyFields[side]);
    auto e = expr::Expression::compile(text);
    if (!e) return makeError(ErrorCode::Invalid, e.error().message, std::string("config.") + keyFields[side]);
    j.m_keys[side] = std::move(e).value();
    std::string ts = c.value(tsFields[side], std::string());
    if (ts.find_first_not_of(" \t\r\n") != std::string::npos) {
      auto t = expr::Expression::compile(ts);
      if (!t) return makeError(ErrorCode::Invalid, t.error().message, std::string("config.") + tsFields[side]);
      j.m_timestamps[side] = std::move(t).value();
    }
  }
  auto duration = [&](const char* name, std::int64_t& out) -> Status {
    if (auto it = c.find(name); it != c.end() && !it->is_null()) {
      auto ms = base::parseDurationMs(*it);
      if (!ms || *ms < 0)
        return makeError(ErrorCode::Invalid, std::string("\"") + name + "\" must be a duration such as \"5m\"",
                         std::string("config.") + name);
      out = *ms;
    }
    return {};
  };
  if (auto s = duration("before", j.m_beforeMs); !s) return s.error();
  if (auto s = duration("after", j.m_afterMs); !s) return s.error();
  if (auto s = duration("grace", j.m_graceMs); !s) return s.error();
  if (auto s = duration("max_idle", j.m_maxIdleMs); !s) return s.error();
  if (auto s = duration("idle_timeout", j.m_idleTimeoutMs); !s) return s.error();
  j.m_now = steadyClockMs;
  std::string select = c.value("select", std::string("*"));
  if (select.find_first_not_of(" \t\r\n") != std::string::npos && select != "*") {
    auto p = expr::Projection::compile(select);
    if (!p) return makeError(ErrorCode::Invalid, p.error().message, "config.select");
    j.m_select = std::move(p).value();
  }
  return j;
}

std::size_t Joiner::bufferedRecords() const {
  std::size_t n = m_table.size();
  for (const auto& side : m_buffers)
    for (const auto& [key, entries] : side) n += entries.size();
  return n;
}

void Joiner::emitRow(const record::Record* left, const record::Record* right, const Value& key, record::Batch& out,
                  runtime::ErrorReporter& errors) {
  record::Record joined;
  Value both = Value::makeObject(2);
  both.append("left", left ? left->value : Value());
  both.append("right", right ? right->value : Value());
  joined.value = std::move(both);
  joined.key = key;
  joined.timestampMs = std::max(left ? left->timestampMs : INT64_MIN, right ? right->timestampMs : INT64_MIN);
  joined.position = left ? left->position : right->position;
  if (m_select) {
    auto v = m_select->apply(std::move(joined));
    if (!v) {
      errors.report(left ? *left : *right, makeError(v.error().code, v.error().message, "select"));
      return;
    }
    joined.value = std::move(v).value();
  }
  out.push_back(std::move(joined));
}

void Joiner::process(std::uint16_t port, record::Batch& batch, runtime::ErrorReporter& errors) {
  record::Batch in = std::move(batch);
  batch.clear();
  std::uint16_t side = port == kRight ? kRight : kLeft;
  if (m_mode == Mode::Table) {
    processTable(side, in, batch, errors);
    return;
  }
  std::uint16_t other = side == kLeft ? kRight : kLeft;
  if (!in.empty()) arrived(side);  // a batch without records (only positions) says nothing of its input
  for (record::Record& r : in) {
    auto key = m_keys[side]->evaluate(r);
    if (!key) {
      errors.report(r, makeError(key.error().code, key.error().message, std::string(sideName(side)) + "_key"));
      if (errors.failed()) return;
      continue;
    }
    std::int64_t ts = r.timestampMs;
    if (m_timestamps[side]) {
      auto v = m_timestamps[side]->evaluate(r);
      std::int64_t micros = 0;
      if (!v || v->isNull() || !expr::toTimestampMicros(*v, micros)) {
        errors.report(r, v ? makeError(ErrorCode::Invalid, "the timestamp expression gave " + expr::describe(*v) +
                                                               ", not a timestamp",
                                       std::string(sideName(side)) + "_timestamp")
                           : v.error());
        if (errors.failed()) return;
        continue;
      }
      ts = micros >= 0 ? micros / 1000 : -((-micros + 999) / 1000);
      r.timestampMs = ts;
    }
    // Its own input's time, or the stream time if that ran ahead while this input was idle: older than
    // that minus grace, a record may miss matches already expired.
    std::int64_t own = std::max(m_sideTime[side], m_streamTime);
    if (own != INT64_MIN && ts < own - m_graceMs) {
      ++m_late;
      errors.report(r, makeError(ErrorCode::Invalid,
                                 "late record: event time " + record::formatIsoTimestamp(ts * 1000) +
                                     " is older than " +
                                     (own == m_sideTime[side] ? std::string("the ") + sideName(side) + " input's time "
                                                              : std::string("the join's stream time ")) +
                                     record::formatIsoTimestamp(own * 1000) + " minus the grace period of " +
                                     std::to_string(m_graceMs) + " ms",
                                 "late"));
      if (errors.failed()) return;
      continue;
    }
    m_sideTime[side] = std::max(m_sideTime[side], ts);
    auto text = joinKeyText(*key);
    if (!text) {
      // A null key matches nothing: an outer side keeps the record at once.
      if (m_type == Type::Full || (m_type == Type::Left && side == kLeft))
        emitRow(side == kLeft ? &r : nullptr, side == kRight ? &r : nullptr, Value(), batch, errors);
      continue;
    }
    Entry e{m_nextSeq++, encode(r), ts, false};
    // Bounds as seen from this record: left tl matches tr in [tl - before, tl + after].
    std::int64_t lo = side == kLeft ? ts - m_beforeMs : ts - m_afterMs;
    std::int64_t hi = side == kLeft ? ts + m_afterMs : ts + m_beforeMs;
    if (auto it = m_buffers[other].find(*text); it != m_buffers[other].end()) {
      for (Entry& o : it->second) {
        if (o.ts < lo || o.ts > hi) continue;
        if (!o.matched) touch(other == kLeft ? '0' : '1', *text);
        o.matched = e.matched = true;
        record::Record match = decode(o);
        if (side == kLeft)
          emitRow(&r, &match, *key, batch, errors);
        else
          emitRow(&match, &r, *key, batch, errors);
        if (errors.failed()) return;
      }
    }
    // No on-time record of the other side can match once stream time - grace passes the far bound.
    m_expiry.emplace(expiresAt(side, ts), side, *text, e.seq);
    touch(side == kLeft ? '0' : '1', *text);
    m_buffers[side][*text].push_back(std::move(e));
  }
  advanceStreamTime();
  // With one input not heard of yet, an idle timeout starts from the other's time.
  m_streamTimeAtInput = m_streamTime != INT64_MIN ? m_streamTime : std::max(m_sideTime[kLeft], m_sideTime[kRight]);
  // Keep records until stream time is strictly past their expiry: a record at exactly
  // stream time - grace is still on time.
  if (m_streamTime != INT64_MIN) expire(m_streamTime - 1, batch, errors);
}

void Joiner::tick(record::Batch& out, runtime::ErrorReporter& errors) {
  if (m_mode != Mode::Window || m_idleTimeoutMs <= 0 || m_streamTimeAtInput == INT64_MIN) return;
  std::int64_t last = std::max(m_lastArrival[kLeft].value_or(INT64_MIN), m_lastArrival[kRight].value_or(INT64_MIN));
  std::int64_t quiet = m_now() - last;
  if (last == INT64_MIN || quiet < m_idleTimeoutMs) return;
  // Neither input sent anything for a while: stream time moves on with the clock.
  m_streamTime = std::max(m_streamTime, m_streamTimeAtInput + quiet);
  expire(m_streamTime - 1, out, errors);
}

void Joiner::arrived(std::uint16_t side) {
  std::int64_t now = m_now();
  m_lastArrival[side] = now;
  m_waitedSince[side].reset();
  std::uint16_t other = side == kLeft ? kRight : kLeft;
  if (!m_waitedSince[other]) m_waitedSince[other] = now;
}

void Joiner::advanceStreamTime() {
  auto idle = [&](std::uint16_t side) {
    std::uint16_t other = side == kLeft ? kRight : kLeft;
    return m_waitedSince[side] && m_lastArrival[other] && *m_lastArrival[other] - *m_waitedSince[side] >= m_maxIdleMs;
  };
  std::int64_t target = idle(kLeft)    ? m_sideTime[kRight]
                        : idle(kRight) ? m_sideTime[kLeft]
                                       : std::min(m_sideTime[kLeft], m_sideTime[kRight]);
  m_streamTime = std::max(m_streamTime, target);
}

void Joiner::expire(std::int64_t upTo, record::Batch& out, runtime::ErrorReporter& errors) {
  while (!m_expiry.empty()) {
    auto first = m_expiry.begin();
    auto [at, side, key, seq] = *first;
    if (at > upTo) break;
    m_expiry.erase(first);
    auto it = m_buffers[side].find(key);
    if (it == m_buffers[side].end()) continue;
    auto& entries = it->second;
    touch(side == kLeft ? '0' : '1', key);
    for (auto e = entries.begin(); e != entries.end(); ++e) {
      if (e->seq != seq) continue;
      bool keep = m_type == Type::Full || (m_type == Type::Left && side == kLeft);
      if (!e->matched && keep) {
        record::Record unmatched = decode(*e);
        auto k = m_keys[side]->evaluate(unmatched);
        emitRow(side == kLeft ? &unmatched : nullptr, side == kRight ? &unmatched : nullptr, k ? *k : Value(), out,
             errors);
      }
      entries.erase(e);
      break;
    }
    if (entries.empty()) m_buffers[side].erase(it);
  }
}

void Joiner::processTable(std::uint16_t side, record::Batch& in, record::Batch& out, runtime::ErrorReporter& errors) {
  for (record::Record& r : in) {
    auto key = m_keys[side]->evaluate(r);
    if (!key) {
      errors.report(r, makeError(key.error().code, key.error().message, std::string(sideName(side)) + "_key"));
      if (errors.failed()) return;
      continue;
    }
    auto text = joinKeyText(*key);
    if (side == kRight) {
      if (!text) {
        errors.report(r, makeError(ErrorCode::Invalid, "a table row needs a key; right_key gave null", "right_key"));
        if (errors.failed()) return;
        continue;
      }
      touch('t', *text);
      if (isDelete(r.value))
        m_table.erase(*text);
      else
        m_table[*text] = std::move(r);
      continue;
    }
    const record::Record* match = nullptr;
    if (text)
      if (auto it = m_table.find(*text); it != m_table.end()) match = &it->second;
    if (match || m_type == Type::Left) emitRow(&r, match, *key, out, errors);
    if (errors.failed()) return;
  }
}

void Joiner::finish(record::Batch& out, runtime::ErrorReporter& errors) {
  if (m_mode == Mode::Window) expire(INT64_MAX, out, errors);
}

std::string Joiner::encode(const record::Record& r) {
  thread_local std::string scratch;  // grows once; each entry then gets a block of its exact size
  scratch.clear();
  StateWriter(scratch).record(r);
  return std::string(scratch);
}

record::Record Joiner::decode(const Entry& e) {
  record::Record r;
  // Bytes this joiner encoded itself (or read back whole from its store): they always decode.
  [[maybe_unused]] bool ok = StateReader(e.encoded).record(r);
  return r;
}

void Joiner::setStored(const std::string& storeKey, std::uint64_t bytes) {
  if (bytes == 0) {
    if (auto it = m_stored.find(storeKey); it != m_stored.end()) {
      m_storedBytes -= it->second;
      m_stored.erase(it);
    }
    return;
  }
  std::uint64_t& stored = m_stored[storeKey];
  m_storedBytes += bytes - stored;
  stored = bytes;
}

void Joiner::saveChanges(StateStore::Batch& batch) {
  std::string buffer;
  for (const std::string& storeKey : m_touched) {
    std::string key = storeKey.substr(2);
    buffer.clear();
    StateWriter w(buffer);
    if (storeKey[0] == 't') {
      auto it = m_table.find(key);
      if (it == m_table.end()) {
        batch.remove(storeKey);
        setStored(storeKey, 0);
        continue;
      }
      w.record(it->second);
    } else {
      const auto& side = m_buffers[storeKey[0] == '0' ? kLeft : kRight];
      auto it = side.find(key);
      if (it == side.end()) {
        batch.remove(storeKey);
        setStored(storeKey, 0);
        continue;
      }
      w.u64(it->second.size());
      for (const Entry& e : it->second) {
        w.u64(e.seq);
        w.i64(e.ts);
        w.u64(e.matched ? 1 : 0);
        w.encoded(e.encoded);
      }
    }
    batch.put(storeKey, buffer);
    setStored(storeKey, storeKey.size() + buffer.size());
  }
  m_touched.clear();
}

nlohmann::json Joiner::stateMeta() const {
  return {{"stream_time", m_streamTime},
          {"left_time", m_sideTime[kLeft]},
          {"right_time", m_sideTime[kRight]},
          {"next_seq", m_nextSeq}};
}

Status Joiner::restore(const StateStore& store, const nlohmann::json& meta) {
  bool ok = true;
  store.forEach("t/", [&](std::string_view k, std::string_view value) {
    record::Record r;
    StateReader reader(value);
    if (!ok || !(ok = reader.record(r))) return;
    setStored(std::string(k), k.size() + value.size());
    m_table.emplace(std::string(k.substr(2)), std::move(r));
  });
  for (std::uint16_t side : {kLeft, kRight}) {
    store.forEach(side == kLeft ? "0/" : "1/", [&](std::string_view k, std::string_view value) {
      if (!ok) return;
      std::string key(k.substr(2));
      StateReader reader(value);
      std::uint64_t n = 0;
      ok = reader.u64(n) && n <= value.size();
      std::deque<Entry> entries;
      for (std::uint64_t i = 0; ok && i < n; ++i) {
        Entry e;
        std::uint64_t matched = 0;
        record::Record r;
        ok = reader.u64(e.seq) && reader.i64(e.ts) && reader.u64(matched) && reader.record(r);
        e.matched = matched != 0;
        if (ok) {
          e.encoded = encode(r);
          m_expiry.emplace(expiresAt(side, e.ts), side, key, e.seq);
          entries.push_back(std::move(e));
        }
      }
      if (!ok) return;
      setStored(std::string(k), k.size() + value.size());
      m_buffers[side].emplace(std::move(key), std::move(entries));
    });
  }
  if (!ok) return makeError(ErrorCode::Invalid, "the stored state of the join cannot be read (written by another version?)");
  if (!meta.is_object()) return {};
  m_streamTime = meta.value("stream_time", INT64_MIN);
  // A store written before time was kept per input has one stream time (the larger of the two): both sides start there.
  m_sideTime[kLeft] = meta.value("left_time", m_streamTime);
  m_sideTime[kRight] = meta.value("right_time", m_streamTime);
  m_nextSeq = meta.value("next_seq", std::uint64_t{0});
  return {};
}

}  // namespace tributary::stream
