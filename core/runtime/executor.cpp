#include "core/runtime/executor.h"

#include <pthread.h>

#include <algorithm>

#include "core/runtime/task.h"

namespace tributary::runtime {

namespace {
void nameThread(const std::string& name) {
  std::string n = name.substr(0, 15);  // the kernel's limit
  pthread_setname_np(pthread_self(), n.c_str());
}
}  // namespace

WorkerPool::WorkerPool(std::size_t threads, std::string name) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  for (std::size_t i = 0; i < threads; ++i)
    m_threads.emplace_back([this, n = name + "-" + std::to_string(i)] {
      nameThread(n);
      loop();
    });
}

WorkerPool::~WorkerPool() {
  shutdown();
}

void WorkerPool::submit(Task* task) {
  {
    std::lock_guard lock(m_mutex);
    m_ready.push_back(task);
  }
  m_cv.notify_one();
}

void WorkerPool::wakeAt(Task* task, Clock::time_point when) {
  bool earliest;
  {
    std::lock_guard lock(m_mutex);
    earliest = m_timers.empty() || when < m_timers.top().when;
    m_timers.push({when, task});
  }
  if (earliest) m_cv.notify_one();
}

void WorkerPool::shutdown() {
  {
    std::lock_guard lock(m_mutex);
    if (m_stop && m_threads.empty()) return;
    m_stop = true;
  }
  m_cv.notify_all();
  for (auto& t : m_threads)
    if (t.joinable()) t.join();
  m_threads.clear();
}

void WorkerPool::loop() {
  std::unique_lock lock(m_mutex);
  std::vector<Task*> due;
  while (!m_stop) {
    auto now = Clock::now();
    while (!m_timers.empty() && m_timers.top().when <= now) {
      due.push_back(m_timers.top().task);
      m_timers.pop();
    }
    if (!due.empty()) {
      lock.unlock();
      for (Task* t : due) t->wake();  // may submit: takes the lock again
      due.clear();
      lock.lock();
      continue;
    }
    if (!m_ready.empty()) {
      Task* task = m_ready.front();
      m_ready.pop_front();
      lock.unlock();
      task->runOnce();
      lock.lock();
      continue;
    }
    if (m_timers.empty())
      m_cv.wait(lock);
    else
      m_cv.wait_until(lock, m_timers.top().when);
  }
}

DedicatedThread::DedicatedThread(std::string name) : m_name(std::move(name)) {
  m_thread = std::thread([this] {
    nameThread(m_name);
    loop();
  });
}

DedicatedThread::~DedicatedThread() {
  shutdown();
}

void DedicatedThread::submit(Task* task) {
  {
    std::lock_guard lock(m_mutex);
    m_task = task;
    m_runnable = true;
  }
  m_cv.notify_one();
}

void DedicatedThread::wakeAt(Task* task, Clock::time_point when) {
  {
    std::lock_guard lock(m_mutex);
    m_task = task;
    if (!m_deadline || when < *m_deadline) m_deadline = when;
  }
  m_cv.notify_one();
}

void DedicatedThread::shutdown() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_cv.notify_one();
  if (m_thread.joinable()) m_thread.join();
}

void DedicatedThread::loop() {
  std::unique_lock lock(m_mutex);
  while (!m_stop) {
    if (m_runnable) {
      m_runnable = false;
      Task* task = m_task;
      lock.unlock();
      task->runOnce();
      lock.lock();
      continue;
    }
    if (m_deadline && Clock::now() >= *m_deadline) {
      m_deadline.reset();
      Task* task = m_task;
      lock.unlock();
      task->wake();
      lock.lock();
      continue;
    }
    if (m_deadline)
      m_cv.wait_until(lock, *m_deadline);
    else
      m_cv.wait(lock);
  }
}

}  // namespace tributary::runtime
