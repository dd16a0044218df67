#pragma once
// MessageQueue: hands messages from a browse/search/tail job (its own thread)
// to the GUI thread, which drains it on a timer in bounded slices. Search
// progress travels the same way. Thread-safe; shared by both sides.

#include <deque>
#include <mutex>
#include <vector>

#include "core/kafka/browser.h"

namespace tributary::widgets {

class MessageQueue {
 public:
  // Job thread.
  void push(kafka::Message message) {
    std::lock_guard lock(m_mutex);
    m_messages.push_back(std::move(message));
  }
  void push(std::vector<kafka::Message> messages) {
    std::lock_guard lock(m_mutex);
    for (auto& m : messages) m_messages.push_back(std::move(m));
  }
  void setProgress(const kafka::SearchProgress& progress) {
    std::lock_guard lock(m_mutex);
    m_progress = progress;
    m_hasProgress = true;
  }
  // GUI thread: up to `max` messages, oldest first.
  std::vector<kafka::Message> take(std::size_t max) {
    std::lock_guard lock(m_mutex);
    std::size_t n = std::min(max, m_messages.size());
    std::vector<kafka::Message> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      out.push_back(std::move(m_messages.front()));
      m_messages.pop_front();
    }
    return out;
  }
  bool progress(kafka::SearchProgress& out) const {
    std::lock_guard lock(m_mutex);
    out = m_progress;
    return m_hasProgress;
  }
  std::size_t pending() const {
    std::lock_guard lock(m_mutex);
    return m_messages.size();
  }

 private:
  mutable std::mutex m_mutex;
  std::deque<kafka::Message> m_messages;
  kafka::SearchProgress m_progress;
  bool m_hasProgress = false;
};

}  // namespace tributary::widgets
