#pragma once
// The on-disk store of one stateful task: a RocksDB database in its own
// folder. Every store of the process shares one memory budget — one LRU
// block cache, with a WriteBufferManager charging the memtables to it — so
// state memory stays bounded however many stores run (set once, early, with
// setStateMemoryBudget; the runner's --state-memory).
// RocksDB stays behind this header (connectors need not include it).
// Thread-compatible: one task uses a store; the budget setter is for main().

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace tributary::stream {

inline constexpr std::uint64_t kDefaultStateMemory = 256ull << 20;

// The budget of every store opened afterwards in this process (bytes; 0: the default).
void setStateMemoryBudget(std::uint64_t bytes);
std::uint64_t stateMemoryBudget();
// Bytes of the budget in use now: the shared block cache, with the memtables charged to it.
std::uint64_t stateMemoryUsed();
// What the budget's usage is made of (bytes): the memtables of every store
// (mutable and being flushed) and the cache's entries in use by a reader.
struct StateMemoryUse {
  std::uint64_t cache = 0;      // stateMemoryUsed(): blocks + the memtables' reservation
  std::uint64_t memtables = 0;  // every store's memtables
  std::uint64_t pinned = 0;     // cache entries held by readers now
};
StateMemoryUse stateMemoryUse();

class StateStore {
 public:
  // Changes applied together: all of them or none survive a crash.
  class Batch {
   public:
    Batch();
    ~Batch();
    void put(std::string_view key, std::string_view value);
    void remove(std::string_view key);
    std::size_t count() const;
    // Keeps a copy of every put and remove, in order (for the changelog).
    void recordOps() { m_record = true; }
    struct Op {
      std::string key;
      std::optional<std::string> value;  // none: removed
    };
    const std::vector<Op>& ops() const { return m_ops; }

   private:
    friend class StateStore;
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    bool m_record = false;
    std::vector<Op> m_ops;
  };

  // Opens (creating) the store in `directory`.
  static Result<std::unique_ptr<StateStore>> open(const std::filesystem::path& directory);
  ~StateStore();
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  std::optional<std::string> get(std::string_view key) const;
  // Every key starting with `prefix`, in key order.
  void forEach(std::string_view prefix,
               const std::function<void(std::string_view key, std::string_view value)>& f) const;
  // Applies the batch atomically, synced to disk (`sync` false: not synced, for bulk restores).
  Status write(Batch& batch, bool sync = true);
  // Removes every key.
  Status clear();
  // Estimated bytes of live data, on disk and in memtables.
  std::uint64_t approximateBytes() const;
  const std::filesystem::path& directory() const { return m_directory; }

 private:
  StateStore() = default;
  struct Impl;
  std::unique_ptr<Impl> m_impl;
  std::filesystem::path m_directory;
};

}  // namespace tributary::stream
