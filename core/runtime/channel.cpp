#include "core/runtime/channel.h"

#include <algorithm>

#include "core/runtime/task.h"

namespace tributary::runtime {

Channel::Channel(std::size_t capacityBatches, int producers, metrics::Gauge* depth, metrics::Gauge* fill)
    : m_capacity(std::max<std::size_t>(1, capacityBatches)), m_producers(producers), m_depth(depth), m_fill(fill) {}

bool Channel::tryPush(Envelope& e, Task* producer) {
  {
    std::lock_guard lock(m_mutex);
    if (m_queue.size() >= m_capacity) {
      if (producer &&
          std::find(m_waitingProducers.begin(), m_waitingProducers.end(), producer) == m_waitingProducers.end())
        m_waitingProducers.push_back(producer);
      return false;
    }
    m_records += e.records.size();
    m_queue.push_back(std::move(e));
    if (m_depth) m_depth->set(static_cast<double>(m_records));
    if (m_fill) m_fill->set(static_cast<double>(m_queue.size()) / static_cast<double>(m_capacity));
  }
  if (m_consumer) m_consumer->wake();
  return true;
}

bool Channel::tryPop(Envelope& out) {
  std::vector<Task*> wake;
  {
    std::lock_guard lock(m_mutex);
    if (m_queue.empty()) return false;
    out = std::move(m_queue.front());
    m_queue.pop_front();
    m_records -= out.records.size();
    if (m_depth) m_depth->set(static_cast<double>(m_records));
    if (m_fill) m_fill->set(static_cast<double>(m_queue.size()) / static_cast<double>(m_capacity));
    if (!m_waitingProducers.empty()) wake.swap(m_waitingProducers);
  }
  for (Task* t : wake) t->wake();
  return true;
}

void Channel::closeProducer() {
  {
    std::lock_guard lock(m_mutex);
    --m_producers;
  }
  if (m_consumer) m_consumer->wake();
}

bool Channel::finished() const {
  std::lock_guard lock(m_mutex);
  return m_producers <= 0 && m_queue.empty();
}

std::size_t Channel::batches() const {
  std::lock_guard lock(m_mutex);
  return m_queue.size();
}

std::size_t Channel::records() const {
  std::lock_guard lock(m_mutex);
  return m_records;
}

}  // namespace tributary::runtime
