#pragma once
// The lake writer behind sink.lake and sink.s3: gathers records into one open
// file per source partition (in memory, through the format's encoder), and
// stores each file complete under a name fixed by its first record's source
// position (lake_layout.h). It acknowledges late (Sink::defersAcks): a record
// counts as delivered only once the file holding it is stored.
//
// Exactly once across crashes: every stored file carries the source position
// of its last record beside it (LakeStorage::put). At open() the writer lists
// the files already stored for its topic and reads that position of the
// newest one per partition; replayed records up to it are already stored and
// are skipped, so the next file starts at the same record, with the same name
// and content, as it would have without the crash. (A file stored without
// the position, by an older build, falls back to counting its records.) Records without a topic (a file source, a database)
// use their source position as the number in the name (byte offset, LSN,
// sequence), which is monotonic and the same on replay. Where several records
// share a position (a query's batch, a transaction), a file ends only where
// the position changes, so it may hold more than flush_size records.
//
// Storing runs on a thread of the writer's own, so that encoding the next
// file overlaps the disk (or network) work of the last: a closed file joins a
// queue (at most kQueuedBytes, or one file, waiting), and the thread stores
// the queued files in order with LakeStorage::putAll (one folder sync for a
// run of files in one folder). durableRecords() counts a file's records only
// once it is stored. While a file cannot be stored, write(), tick(), flush()
// and waitStored() return the error, and each of them has it tried again.
//
// A file is closed when it holds flush_size records, when the next record's
// time is rotate_interval past its first record's (record time:
// deterministic), when the next record belongs to another encoded partition,
// at a rotate_schedule_interval boundary of the wall clock (not deterministic:
// a replay may cut files differently), and when the pipeline stops.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/connectors/lake/lake_format.h"
#include "core/connectors/lake/lake_layout.h"
#include "core/connectors/lake/lake_storage.h"
#include "core/runtime/node.h"

namespace tributary::connectors::lake {

struct LakeOptions {
  std::string topicsDir = "topics";
  std::string topic;  // the name in paths: the topic the records come from, or the source's name
  std::int64_t flushSize = 1000;
  std::int64_t rotateIntervalMs = 0;
  std::int64_t rotateScheduleMs = 0;
  PartitionerOptions partitioner;
  bool failOnNull = false;  // a null value (tombstone): report it, instead of leaving it out
  std::string format = "json";
  std::string compression = "none";
  AvroSchemaSource avro;  // format avro
};

class LakeWriter final : public runtime::Sink {
 public:
  // Validates the options: the error names the config field at fault.
  static Result<std::unique_ptr<LakeWriter>> make(std::unique_ptr<LakeStorage> storage, LakeOptions options,
                                                   bool blocking);
  ~LakeWriter() override;
  LakeWriter(const LakeWriter&) = delete;
  LakeWriter& operator=(const LakeWriter&) = delete;

  Status open(runtime::ErrorReporter& errors) override;
  Result<std::uint64_t> write(const record::Batch& batch, runtime::ErrorReporter& errors) override;
  // Stores every open file and waits until every file is stored.
  Status flush() override;
  // Stores the files already closed and ends the storing thread; open files are dropped.
  void close() override;
  bool blocking() const override { return m_blocking; }
  bool defersAcks() const override { return true; }
  std::uint64_t durableRecords() const override;
  std::int64_t tickMs() const override;
  Status tick() override;

  // Waits until every closed file is stored (open files stay open); the error of one that could not be.
  Status waitStored();
  std::size_t filesStored() const;

  // Bytes of closed files that may wait for the storing thread before write() waits for it.
  static constexpr std::size_t kQueuedBytes = 64u << 20;
  // How often the task asks (tick()) at the most, so that stored files are acknowledged while no input comes.
  static constexpr std::int64_t kAckTickMs = 100;

 private:
  struct OpenFile {
    std::string encoded;
    std::int64_t startOffset = 0;
    std::int64_t firstTimestampMs = 0;
    std::int64_t deadlineMs = 0;  // rotate_schedule_interval boundary (wall clock); 0 none
    std::int64_t count = 0;
    std::int64_t lastOffset = 0;
    std::uint64_t firstIndex = 0;  // the first record's number (Sink::defersAcks)
    std::unique_ptr<LakeFileEncoder> encoder;
    std::optional<std::string> data;  // finished bytes, kept while storing them fails
  };
  struct Stream {
    std::optional<OpenFile> file;
    std::optional<std::int64_t> storedLast;   // recovery: the newest stored file's last position
    std::optional<std::int64_t> storedStart;  // recovery without it: the newest file's start
    std::size_t storedLeft = 0;                // ... and its records still to skip
    // Records share positions (a query's batch, a transaction): files then
    // end only where the position changes, so a replay, which restarts at
    // a position, finds the same boundaries.
    bool grouped = false;
    std::optional<std::int64_t> lastOffset;
  };
  // The retried batch, to skip the records already placed before it failed.
  struct Progress {
    std::size_t size = 0;
    record::SourcePosition first, last;
    std::size_t done = 0;
  };

  LakeWriter(std::unique_ptr<LakeStorage> storage, LakeOptions options, std::unique_ptr<LakeFormat> format,
             Partitioner partitioner, bool blocking);
  Status place(const record::Record& r, std::uint64_t index, std::int64_t nowMs, runtime::ErrorReporter& errors,
               std::uint64_t& bytes);
  Status commit(std::int32_t partition, Stream& stream);
  // A closed file waiting for (or being stored by) the storing thread.
  struct Closed {
    std::string key;
    std::string data;
    std::int64_t lastOffset = 0;
    std::uint64_t firstIndex = 0;
  };
  Status enqueue(Closed file);
  Status takeStoreError();
  Status storeFailure();  // m_mutex held
  void storeLoop();
  Status commitDue(std::int64_t nowMs);
  Status recover();

  std::unique_ptr<LakeStorage> m_storage;
  LakeOptions m_options;
  std::unique_ptr<LakeFormat> m_format;
  Partitioner m_partitioner;
  bool m_blocking;
  std::map<std::int32_t, Stream> m_streams;
  std::optional<Progress> m_progress;
  std::uint64_t m_written = 0;

  // Shared with the storing thread, under m_mutex. The thread only reads the
  // queued files (std::deque keeps them in place as files are added) and
  // pops the ones it stored.
  mutable std::mutex m_mutex;
  std::condition_variable m_wake;     // the storing thread: work, or stop
  std::condition_variable m_changed;  // the writer: files stored, or an error
  std::deque<Closed> m_queue;         // in order; the front ones are being stored
  std::size_t m_queuedBytes = 0;
  std::optional<Error> m_storeError;  // the front file could not be stored, until a try succeeds
  bool m_retry = false;               // the writer asked to try it again
  bool m_stop = false;
  std::size_t m_filesStored = 0;
  std::thread m_storer;
};

}  // namespace tributary::connectors::lake
