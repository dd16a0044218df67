#include "core/runtime/ack_tracker.h"

namespace tributary::runtime {

void Ticket::release() noexcept {
  if (m_refs.fetch_sub(1, std::memory_order_acq_rel) == 1) m_tracker->complete(this);
}

Ticket* AckTracker::open(std::vector<record::SourcePosition> resume) {
  std::lock_guard lock(m_mutex);
  m_tickets.emplace_back(this, m_nextSeq++, std::move(resume));
  return &m_tickets.back();
}

void AckTracker::complete(Ticket* ticket) {
  std::lock_guard lock(m_mutex);
  ticket->m_done = true;
  bool changed = false;
  while (!m_tickets.empty() && m_tickets.front().m_done) {
    for (const record::SourcePosition& p : m_tickets.front().m_resume) m_committed[p.partition] = p.offset;
    changed |= !m_tickets.front().m_resume.empty();
    m_tickets.pop_front();
  }
  if (changed) {
    m_version.fetch_add(1, std::memory_order_release);
    m_changed.notify_all();
  }
}

PositionMap AckTracker::committed() const {
  std::lock_guard lock(m_mutex);
  return m_committed;
}

bool AckTracker::waitUntil(const std::function<bool(const PositionMap&)>& done,
                           std::chrono::milliseconds timeout) const {
  std::unique_lock lock(m_mutex);
  return m_changed.wait_for(lock, timeout, [&] { return done(m_committed); });
}

std::size_t AckTracker::inFlight() const {
  std::lock_guard lock(m_mutex);
  return m_tickets.size();
}

}  // namespace tributary::runtime
