#pragma once
// At-least-once bookkeeping for one source. Every batch the source emits gets
// a Ticket holding the resume positions after that batch. The ticket is
// reference-counted: each copy of the batch on its way to a sink holds a
// reference, and a sink releases it once its write succeeded (a filter that
// drops the records releases it at once). A source position becomes
// committed only when its ticket and every earlier ticket of the same source
// are complete — so a checkpoint never skips records still in flight.
// Thread-safe: tickets are released from any task thread; committed() is read
// by the supervisor.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <vector>

#include "core/runtime/node.h"

namespace tributary::runtime {

class AckTracker;

class Ticket {
 public:
  void addRef(int n = 1) noexcept { m_refs.fetch_add(n, std::memory_order_relaxed); }
  void release() noexcept;

  // Only AckTracker::open creates tickets.
  Ticket(AckTracker* tracker, std::uint64_t seq, std::vector<record::SourcePosition> resume)
      : m_tracker(tracker), m_seq(seq), m_resume(std::move(resume)) {}
  Ticket(const Ticket&) = delete;
  Ticket& operator=(const Ticket&) = delete;

 private:
  friend class AckTracker;
  AckTracker* m_tracker;
  std::uint64_t m_seq;
  std::vector<record::SourcePosition> m_resume;
  std::atomic<int> m_refs{1};  // the emitting task's own reference
  bool m_done = false;         // guarded by the tracker's mutex
};

class AckTracker {
 public:
  // `initial`: the positions restored from the last checkpoint.
  explicit AckTracker(PositionMap initial = {}) : m_committed(std::move(initial)) {}
  AckTracker(const AckTracker&) = delete;
  AckTracker& operator=(const AckTracker&) = delete;

  // A new ticket with one reference (the caller's). The pointer stays valid
  // until the ticket is complete and every earlier one too.
  Ticket* open(std::vector<record::SourcePosition> resume);

  PositionMap committed() const;
  // Waits until `done(committed())` holds (checked now and on every change)
  // or `timeout` passes; returns whether it held. Any thread but the ones
  // that release tickets of this tracker.
  bool waitUntil(const std::function<bool(const PositionMap&)>& done, std::chrono::milliseconds timeout) const;
  // Increases whenever committed() changes; cheap way to see whether a checkpoint is due.
  std::uint64_t version() const { return m_version.load(std::memory_order_acquire); }
  std::size_t inFlight() const;

 private:
  friend class Ticket;
  void complete(Ticket* ticket);

  mutable std::mutex m_mutex;
  mutable std::condition_variable m_changed;  // m_committed moved
  std::deque<Ticket> m_tickets;  // in emission order; deque keeps addresses stable
  std::uint64_t m_nextSeq = 0;
  PositionMap m_committed;
  std::atomic<std::uint64_t> m_version{0};
};

}  // namespace tributary::runtime
