#include "core/stream/state_store.h"

#include <atomic>
#include <mutex>

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>
#include <rocksdb/write_buffer_manager.h>

namespace tributary::stream {

namespace {

std::atomic<std::uint64_t> g_budget{kDefaultStateMemory};

// The process's shared cache and write-buffer manager, made on first use.
struct SharedMemory {
  std::shared_ptr<rocksdb::Cache> cache;
  std::shared_ptr<rocksdb::WriteBufferManager> writeBuffers;
};

SharedMemory& sharedMemory() {
  static std::once_flag once;
  static SharedMemory shared;
  std::call_once(once, [] {
    std::uint64_t budget = g_budget.load();
    shared.cache = rocksdb::NewLRUCache(budget);
    // Memtables count against the same cache: half of the budget at most.
    shared.writeBuffers = std::make_shared<rocksdb::WriteBufferManager>(budget / 2, shared.cache);
  });
  return shared;
}

Error storeError(const rocksdb::Status& s, const std::string& what) {
  return makeError(ErrorCode::Io, what + ": " + s.ToString());
}

}  // namespace

void setStateMemoryBudget(std::uint64_t bytes) {
  g_budget = bytes == 0 ? kDefaultStateMemory : bytes;
}

std::uint64_t stateMemoryBudget() {
  return g_budget.load();
}

std::uint64_t stateMemoryUsed() {
  return sharedMemory().cache->GetUsage();
}

StateMemoryUse stateMemoryUse() {
  SharedMemory& shared = sharedMemory();
  return {shared.cache->GetUsage(), shared.writeBuffers->memory_usage(), shared.cache->GetPinnedUsage()};
}

struct StateStore::Batch::Impl {
  rocksdb::WriteBatch batch;
};

StateStore::Batch::Batch() : m_impl(std::make_unique<Impl>()) {}
StateStore::Batch::~Batch() = default;

void StateStore::Batch::put(std::string_view key, std::string_view value) {
  m_impl->batch.Put(rocksdb::Slice(key.data(), key.size()), rocksdb::Slice(value.data(), value.size()));
  if (m_record) m_ops.push_back({std::string(key), std::string(value)});
}

void StateStore::Batch::remove(std::string_view key) {
  m_impl->batch.Delete(rocksdb::Slice(key.data(), key.size()));
  if (m_record) m_ops.push_back({std::string(key), std::nullopt});
}

std::size_t StateStore::Batch::count() const {
  return static_cast<std::size_t>(m_impl->batch.Count());
}

struct StateStore::Impl {
  std::unique_ptr<rocksdb::DB> db;
};

Result<std::unique_ptr<StateStore>> StateStore::open(const std::filesystem::path& directory) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec) return makeError(ErrorCode::Io, "cannot create the state folder " + directory.string() + ": " + ec.message());
  SharedMemory& shared = sharedMemory();
  rocksdb::Options options;
  options.create_if_missing = true;
  options.write_buffer_manager = shared.writeBuffers;
  // A stateful node rewrites the same keys at every flush, so a memtable holds mostly superseded
  // versions until RocksDB flushes it: its size is a sawtooth of process memory, not state. 4 MiB
  // (RocksDB's default is 64) keeps that swing small; a flush then writes only the latest versions
  // (docs/stream-processing.md, "Memory over a 20-minute run").
  options.write_buffer_size = 4 << 20;
  options.max_write_buffer_number = 2;
  options.max_open_files = 64;
  options.keep_log_file_num = 2;
  options.max_background_jobs = 1;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = shared.cache;
  // Index and filter blocks stay with their table reader and go when RocksDB deletes the file after
  // a compaction. In the shared cache they outlived their files: nothing evicts them from an LRU cache
  // that is not full, so its usage climbed by the index and filter blocks of every file ever flushed
  // (measured: 0.4-0.7 MiB a minute in soak_state) until the whole budget was in use.
  table.cache_index_and_filter_blocks = false;
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, directory.string(), &db);
  if (!s.ok()) return storeError(s, "cannot open the state store " + directory.string());
  std::unique_ptr<StateStore> store(new StateStore());
  store->m_impl = std::make_unique<Impl>();
  store->m_impl->db.reset(db);
  store->m_directory = directory;
  return store;
}

StateStore::~StateStore() {
  if (m_impl && m_impl->db) m_impl->db->Close();
}

std::optional<std::string> StateStore::get(std::string_view key) const {
  std::string value;
  rocksdb::Status s = m_impl->db->Get(rocksdb::ReadOptions(), rocksdb::Slice(key.data(), key.size()), &value);
  if (!s.ok()) return std::nullopt;
  return value;
}

void StateStore::forEach(std::string_view prefix,
                         const std::function<void(std::string_view key, std::string_view value)>& f) const {
  std::unique_ptr<rocksdb::Iterator> it(m_impl->db->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(rocksdb::Slice(prefix.data(), prefix.size())); it->Valid(); it->Next()) {
    rocksdb::Slice k = it->key();
    std::string_view key(k.data(), k.size());
    if (!key.starts_with(prefix)) break;
    rocksdb::Slice v = it->value();
    f(key, std::string_view(v.data(), v.size()));
  }
}

Status StateStore::write(Batch& batch, bool sync) {
  rocksdb::WriteOptions options;
  options.sync = sync;
  rocksdb::Status s = m_impl->db->Write(options, &batch.m_impl->batch);
  if (!s.ok()) return storeError(s, "cannot write the state store " + m_directory.string());
  return {};
}

Status StateStore::clear() {
  Batch batch;
  forEach("", [&](std::string_view key, std::string_view) { batch.remove(key); });
  return write(batch);
}

std::uint64_t StateStore::approximateBytes() const {
  std::uint64_t live = 0, mem = 0;
  m_impl->db->GetIntProperty("rocksdb.estimate-live-data-size", &live);
  m_impl->db->GetIntProperty("rocksdb.cur-size-all-mem-tables", &mem);
  return live + mem;
}

}  // namespace tributary::stream
