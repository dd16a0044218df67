#pragma once
// A bounded queue of batches between two tasks: several producers (fan-in),
// one consumer. Bounded in batches, so a slow consumer makes producers wait —
// that is the back-pressure that keeps memory flat. Never blocks a thread: a
// full push or an empty pop returns false and the channel wakes the task when
// that changes. Thread-safe.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

#include "core/metrics/metric.h"
#include "core/record/record.h"

namespace tributary::runtime {

class Task;
class Ticket;

// A batch in flight with the acknowledgement tickets of the source batches it came from.
struct Envelope {
  record::Batch records;
  std::vector<Ticket*> tickets;
  std::uint16_t port = 0;  // index of the consumer's input port (joins, later)
  // When the source handed the batch over (end_to_end_latency.h); unset for batches made elsewhere.
  std::chrono::steady_clock::time_point ingest{};
};

class Channel {
 public:
  // depth: records waiting; fill: batches waiting / capacity (0..1), what the
  // canvas colours an edge by.
  Channel(std::size_t capacityBatches, int producers, metrics::Gauge* depth = nullptr,
          metrics::Gauge* fill = nullptr);

  void setConsumer(Task* consumer) { m_consumer = consumer; }
  // Moves `e` in and returns true, or returns false (leaving `e` alone) when
  // full; `producer` is then woken as soon as there is room.
  bool tryPush(Envelope& e, Task* producer);
  // Moves the oldest envelope into `out`; false when empty (the consumer is
  // woken by the next push or the last closeProducer).
  bool tryPop(Envelope& out);
  // A producer is done. When all are and the queue is empty, finished() is true.
  void closeProducer();
  bool finished() const;
  std::size_t batches() const;
  std::size_t records() const;
  std::size_t capacity() const { return m_capacity; }

 private:
  mutable std::mutex m_mutex;
  std::deque<Envelope> m_queue;
  std::size_t m_capacity;
  int m_producers;
  std::size_t m_records = 0;
  std::vector<Task*> m_waitingProducers;
  Task* m_consumer = nullptr;
  metrics::Gauge* m_depth;
  metrics::Gauge* m_fill;
};

}  // namespace tributary::runtime
