#pragma once
// Where tasks run. WorkerPool: a fixed set of threads (one per core by
// default) shared by all tasks, each task run by at most one worker at a
// time. DedicatedThread: one thread for one task whose node may block (a
// client library's poll loop, a pipe). Both also run timers that wake a task
// at a given time (rate limits, retry back-off, idle polling).

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <queue>
#include <string>
#include <thread>
#include <vector>

namespace tributary::runtime {

using Clock = std::chrono::steady_clock;
class Task;

class Executor {
 public:
  virtual ~Executor() = default;
  // Runs task->runOnce() soon, on one of this executor's threads.
  virtual void submit(Task* task) = 0;
  // Calls task->wake() at `when` (or a little later).
  virtual void wakeAt(Task* task, Clock::time_point when) = 0;
  // Stops the threads after the work in hand; pending timers are dropped.
  virtual void shutdown() = 0;
};

class WorkerPool final : public Executor {
 public:
  // threads == 0: one per hardware thread.
  explicit WorkerPool(std::size_t threads, std::string name = "worker");
  ~WorkerPool() override;
  void submit(Task* task) override;
  void wakeAt(Task* task, Clock::time_point when) override;
  void shutdown() override;
  std::size_t size() const { return m_threads.size(); }

 private:
  void loop();
  struct Timer {
    Clock::time_point when;
    Task* task;
    bool operator>(const Timer& o) const { return when > o.when; }
  };
  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::deque<Task*> m_ready;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> m_timers;
  bool m_stop = false;
  std::vector<std::thread> m_threads;
};

class DedicatedThread final : public Executor {
 public:
  explicit DedicatedThread(std::string name);
  ~DedicatedThread() override;
  void submit(Task* task) override;
  void wakeAt(Task* task, Clock::time_point when) override;
  void shutdown() override;

 private:
  void loop();
  std::mutex m_mutex;
  std::condition_variable m_cv;
  Task* m_task = nullptr;  // set by the first submit; one task per thread
  bool m_runnable = false;
  std::optional<Clock::time_point> m_deadline;
  bool m_stop = false;
  std::thread m_thread;
  std::string m_name;
};

}  // namespace tributary::runtime
