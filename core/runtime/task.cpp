#include "core/runtime/task.h"

#include <chrono>

#include <spdlog/spdlog.h>

namespace tributary::runtime {

namespace {
double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}
}  // namespace

Task::Task(std::string name, TaskEnv env) : m_name(std::move(name)), m_env(std::move(env)) {}

void Task::wake() {
  int s = m_state.load(std::memory_order_acquire);
  while (true) {
    if (s == kIdle) {
      if (m_state.compare_exchange_weak(s, kQueued, std::memory_order_acq_rel)) {
        m_executor->submit(this);
        return;
      }
    } else if (s == kRunning) {
      if (m_state.compare_exchange_weak(s, kRunningWoken, std::memory_order_acq_rel)) return;
    } else {
      return;  // queued, already woken, or done
    }
  }
}

void Task::runOnce() {
  if (m_state.load(std::memory_order_acquire) == kDone) return;
  m_state.store(kRunning, std::memory_order_release);
  Step r = step();
  if (r == Step::Done) {
    m_state.store(kDone, std::memory_order_release);
    if (m_env.finished) m_env.finished(this);
    return;
  }
  if (r == Step::Progress) {
    m_state.store(kQueued, std::memory_order_release);
    m_executor->submit(this);
    return;
  }
  if (m_nextSinkTick && (!m_wakeAt || *m_nextSinkTick < *m_wakeAt)) m_wakeAt = m_nextSinkTick;  // the sink's tick is due first
  if (m_wakeAt) {
    m_executor->wakeAt(this, *m_wakeAt);
    m_wakeAt.reset();
  }
  int expected = kRunning;
  if (!m_state.compare_exchange_strong(expected, kIdle, std::memory_order_acq_rel)) {
    // Woken while running: whatever we waited for may have happened already.
    m_state.store(kQueued, std::memory_order_release);
    m_executor->submit(this);
  }
}

void Task::addTransform(TransformBinding t) {
  std::int64_t every = t.transform->tickIntervalMs();
  if (every > 0 && (m_tickEveryMs == 0 || every < m_tickEveryMs)) {
    m_tickEveryMs = every;
    m_nextTick = Clock::now() + std::chrono::milliseconds(every);
  }
  m_chain.push_back(std::move(t));
}

bool Task::tickDue() {
  if (m_tickEveryMs <= 0) return false;
  auto now = Clock::now();
  if (now < m_nextTick) return false;
  m_nextTick = now + std::chrono::milliseconds(m_tickEveryMs);
  return true;
}

Task::Step Task::step() {
  if (aborting()) {
    finish(false);
    return Step::Done;
  }
  tickSink();
  if (!flushPending()) return Step::Wait;
  if (m_current) {
    if (m_retryAt && Clock::now() < *m_retryAt) {  // woken early (by a channel): keep backing off
      m_wakeAt = m_retryAt;
      return Step::Wait;
    }
    return writeSink();
  }
  if (tickDue()) {
    bool routed = false;
    Step s = routeCollected(collectFromChain(false), routed);
    if (routed) return s;
  }

  Envelope env;
  bool have = false;
  bool draining = m_env.draining && m_env.draining->load(std::memory_order_relaxed);
  if (m_source) {
    if (m_sourceEnded && !draining && !m_chainFinished) {
      // A finite input is exhausted: stateful transforms emit what they hold first.
      bool routed = false;
      Step s = routeCollected(collectFromChain(true), routed);
      if (routed) return s;
    }
    Step s = pollSource(env, have);
    if (!have) {
      if (s == Step::Wait && m_tickEveryMs > 0 && (!m_wakeAt || m_nextTick < *m_wakeAt)) m_wakeAt = m_nextTick;
      return s;
    }
  } else if (m_input) {
    if (!m_input->tryPop(env)) {
      if (m_input->finished()) {
        if (!draining && !m_chainFinished) {
          bool routed = false;
          Step s = routeCollected(collectFromChain(true), routed);
          if (routed) return s;
        }
        finish(true);
        return Step::Done;
      }
      if (m_tickEveryMs > 0) m_wakeAt = m_nextTick;
      return Step::Wait;
    }
  } else {
    finish(true);
    return Step::Done;
  }

  if (!runChain(env)) return Step::Wait;  // failing; the abort flag finishes us next time
  return route(std::move(env));
}

Envelope Task::collectFromChain(bool finishing) {
  if (finishing) m_chainFinished = true;
  Envelope env;
  for (TransformBinding& t : m_chain) {
    if (!env.records.empty()) {
      auto start = Clock::now();
      std::size_t in = env.records.size();
      t.transform->process(env.records, *t.errors);
      t.metrics->batchLatency.observe(secondsSince(start));
      t.metrics->recordsIn.inc(in);
      t.metrics->recordsOut.inc(env.records.size());
      if (t.errors->failed()) return {};
    }
    record::Batch own;
    if (finishing)
      t.transform->finish(own, *t.errors);
    else if (t.transform->tickIntervalMs() > 0)
      t.transform->tick(own, *t.errors);
    if (t.errors->failed()) return {};
    t.metrics->recordsOut.inc(own.size());
    if (!own.empty())
      if (StateHook* state = t.transform->stateHook()) state->ticketsForEmitted(env.tickets);
    for (record::Record& r : own) env.records.push_back(std::move(r));
  }
  if (!env.records.empty()) env.ingest = Clock::now();
  return env;
}

Task::Step Task::routeCollected(Envelope&& env, bool& routed) {
  routed = !env.records.empty();
  if (routed) return route(std::move(env));
  for (Ticket* t : env.tickets) t->release();  // emitted records filtered away downstream: nothing to wait for
  return Step::Progress;
}

Task::Step Task::route(Envelope&& env) {
  if (m_sink) {
    if (!env.records.empty()) {
      m_sink->metrics->recordsIn.inc(env.records.size());
      m_sink->metrics->setPosition(env.records.back().position);
    }
    m_current = std::move(env);
    m_attempts = 0;
    return writeSink();
  }
  deliver(std::move(env));
  if (!m_pending.empty()) return Step::Wait;
  if (m_wakeAt) return Step::Wait;  // the source asked for a pause (rate limit, nothing new)
  return Step::Progress;
}

Task::Step Task::pollSource(Envelope& env, bool& have) {
  SourceBinding& s = *m_source;
  bool draining = m_env.draining && m_env.draining->load(std::memory_order_relaxed);
  if (m_sourceEnded || draining) {
    finish(true);
    return Step::Done;
  }
  if (m_env.paused && m_env.paused->load(std::memory_order_relaxed)) return Step::Wait;  // resume() wakes us

  auto start = Clock::now();
  PollResult r = s.source->poll(env.records, m_env.batchSize, *s.errors);
  if (r.error) {
    m_env.fail(s.nodeId, "node " + s.nodeId + ": " + r.error->toString());
    finish(false);
    return Step::Done;
  }
  if (s.errors->failed()) return Step::Wait;
  if (r.end) m_sourceEnded = true;
  if (r.waitMs > 0) m_wakeAt = Clock::now() + std::chrono::milliseconds(r.waitMs);
  if (!env.records.empty() || !r.resume.empty()) {
    s.metrics->batchLatency.observe(secondsSince(start));
    s.metrics->recordsIn.inc(env.records.size());
    s.metrics->recordsOut.inc(env.records.size());
    s.metrics->bytesIn.inc(r.bytes);
    if (!env.records.empty()) s.metrics->setPosition(env.records.back().position);
    env.tickets.push_back(s.tracker->open(std::move(r.resume)));
    env.ingest = Clock::now();
    have = true;
    return Step::Progress;
  }
  if (m_sourceEnded) return Step::Progress;  // finish on the next step
  return m_wakeAt ? Step::Wait : Step::Progress;
}

bool Task::runChain(Envelope& env) {
  for (std::size_t i = 0; i < m_chain.size(); ++i) {
    TransformBinding& t = m_chain[i];
    if (env.records.empty()) break;
    auto start = Clock::now();
    std::size_t in = env.records.size();
    if (StateHook* state = t.transform->stateHook()) state->hold(env.tickets);
    if (i == 0 && !m_source)
      t.transform->processFrom(env.port, env.records, *t.errors);
    else
      t.transform->process(env.records, *t.errors);
    t.metrics->batchLatency.observe(secondsSince(start));
    t.metrics->recordsIn.inc(in);
    t.metrics->recordsOut.inc(env.records.size());
    if (!env.records.empty()) t.metrics->setPosition(env.records.back().position);
    if (t.errors->failed()) return false;
  }
  return true;
}

Task::Step Task::writeSink() {
  SinkBinding& k = *m_sink;
  Envelope& env = *m_current;
  bool written = false;  // by a successful write(): counts towards Sink::durableRecords
  if (!env.records.empty()) {
    auto start = Clock::now();
    std::uint64_t errorsBefore = k.metrics->errors.value();
    Result<std::uint64_t> result = k.sink->write(env.records, *k.errors);
    if (k.errors->failed()) return Step::Wait;
    if (!result) {
      ++m_attempts;
      if (m_attempts <= k.retry.retries) {
        std::int64_t delay = k.retry.delayMs(m_attempts);
        spdlog::warn("node {}: write failed ({}), retry {}/{} in {} ms", k.nodeId, result.error().toString(),
                     m_attempts, k.retry.retries, delay);
        m_retryAt = m_wakeAt = Clock::now() + std::chrono::milliseconds(delay);
        return Step::Wait;
      }
      // Out of retries: the policy decides about each record of the batch.
      Error e = result.error();
      e.message += " (after " + std::to_string(k.retry.retries) + " retries)";
      for (const record::Record& r : env.records) {
        k.errors->report(r, e);
        if (k.errors->failed()) return Step::Wait;
      }
    } else {
      k.metrics->batchLatency.observe(secondsSince(start));
      std::uint64_t bad = k.metrics->errors.value() - errorsBefore;
      std::uint64_t delivered = env.records.size() - std::min<std::uint64_t>(bad, env.records.size());
      k.metrics->recordsOut.inc(delivered);
      k.metrics->bytesOut.inc(*result);
      written = true;
      if (env.ingest != Clock::time_point{}) {
        double latency = secondsSince(env.ingest);
        if (k.latency) k.latency->observe(latency, delivered);
        if (k.pipelineLatency) k.pipelineLatency->observe(latency, delivered);
      }
    }
  }
  if (written && k.sink->defersAcks()) {
    m_written += env.records.size();
    m_held.emplace_back(m_written, std::move(env.tickets));
    releaseDurable();
  } else {
    for (Ticket* t : env.tickets) t->release();
  }
  m_current.reset();
  m_retryAt.reset();
  m_attempts = 0;
  return Step::Progress;
}

void Task::deliver(Envelope&& env) {
  std::size_t n = m_outputs.size();
  std::vector<Ticket*> tickets = env.tickets;
  if (n > 0) {
    // One reference per copy, taken before any consumer can release one.
    for (Ticket* t : tickets) t->addRef(static_cast<int>(n));
    for (std::size_t i = 0; i < n; ++i) {
      Envelope copy = i + 1 == n ? std::move(env) : env;
      copy.port = m_outputs[i].second;
      if (!m_outputs[i].first->tryPush(copy, this)) m_pending.emplace_back(m_outputs[i].first, std::move(copy));
    }
  }
  // The task's own reference: the copies carry the batch from here on.
  for (Ticket* t : tickets) t->release();
}

bool Task::flushPending() {
  for (auto it = m_pending.begin(); it != m_pending.end();) {
    if (it->first->tryPush(it->second, this))
      it = m_pending.erase(it);
    else
      return false;
  }
  return true;
}

void Task::tickSink() {
  if (!m_sink || m_sink->sink->tickMs() <= 0) return;
  auto now = Clock::now();
  if (m_nextSinkTick && now < *m_nextSinkTick) return;
  if (m_nextSinkTick) {
    if (Status s = m_sink->sink->tick(); !s)
      spdlog::warn("node {}: {} (tried again in {} ms)", m_sink->nodeId, s.error().toString(), m_sink->sink->tickMs());
    releaseDurable();
  }
  m_nextSinkTick = now + std::chrono::milliseconds(m_sink->sink->tickMs());
}

void Task::releaseDurable() {
  std::uint64_t durable = m_sink->sink->durableRecords();
  while (!m_held.empty() && m_held.front().first <= durable) {
    for (Ticket* t : m_held.front().second) t->release();
    m_held.pop_front();
  }
}

void Task::closeSource() {
  if (m_source) m_source->source->close();
}

void Task::finish(bool normal) {
  for (TransformBinding& t : m_chain) t.transform->close();
  if (m_sink) {
    if (normal && !aborting()) {
      if (Status s = m_sink->sink->flush(); !s) {
        m_env.fail(m_sink->nodeId, "node " + m_sink->nodeId + ": " + s.error().toString());
      } else {
        for (auto& held : m_held)  // flushed: every record written so far is durable
          for (Ticket* t : held.second) t->release();
      }
    }
    m_held.clear();  // not flushed: never acknowledged, read again after a restart
    m_sink->sink->close();
  }
  // Envelopes still pending are dropped unacknowledged: their records are read again after a restart.
  m_pending.clear();
  m_current.reset();
  for (auto& out : m_outputs) out.first->closeProducer();
}

}  // namespace tributary::runtime
