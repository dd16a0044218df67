#pragma once
// Per-node error policy: what happens to a record a node cannot process.
// Every node type gets the same config fields (added by FactoryRegistry::add):
//   on_error          fail | skip | dead-letter   (default dead-letter)
//   dead_letter_path  JSON-lines file for dead letters (default dead-letter/<node>.jsonl)
//   dead_letter_topic Kafka topic for dead letters instead of the file
// and sinks also
//   retries, retry_backoff, retry_backoff_max     (exponential back-off before the policy applies)

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "core/model/node_spec.h"
#include "core/runtime/node.h"
#include "core/runtime/node_metrics.h"

namespace tributary::runtime {

enum class ErrorPolicy { Fail, Skip, DeadLetter };

std::string_view toString(ErrorPolicy policy);
ErrorPolicy errorPolicyFromConfig(const nlohmann::json& config);

// Appends the policy fields to a spec (and the retry fields for sinks).
void addErrorPolicyFields(model::NodeSpec& spec);

struct RetryPolicy {
  int retries = 5;
  std::int64_t backoffMs = 200;
  std::int64_t maxBackoffMs = 30000;
  static constexpr double kJitter = 0.2;
  // Delay before retry number `attempt` (1-based): base::Backoff's, i.e.
  // backoff * 2^(attempt-1), capped, shortened by up to kJitter of it.
  std::int64_t delayMs(int attempt) const;
  static RetryPolicy fromConfig(const nlohmann::json& config);
};

// One bad record (or unparseable input) with what went wrong and where it came from.
struct DeadLetter {
  std::string_view pipeline;
  std::string_view node;
  const Error& error;
  record::SourcePosition position;
  const record::Record* record = nullptr;  // null: `raw` holds input that never became a record
  std::string_view raw;
  std::int64_t timeUs = 0;  // when it was rejected (UTC microseconds)
};

// Where a node's dead letters go. write() returns only once the letter is
// stored durably enough that the source position may move past it; an error
// fails the pipeline rather than losing the letter. Thread-safe: several nodes
// may share one sink.
class DeadLetterSink {
 public:
  virtual ~DeadLetterSink() = default;
  virtual Status write(const DeadLetter& letter) = 0;
};

// Appends dead letters to a JSON-lines file, one object per line:
// {"time", "pipeline", "node", "error", "where", "position": {"partition", "offset"},
//  "record": {"key", "value", "headers", "timestamp"}} or "raw": "<text>" for
// input that never became a record. The file is created on the first letter.
class DeadLetterFile final : public DeadLetterSink {
 public:
  explicit DeadLetterFile(std::filesystem::path path);
  ~DeadLetterFile() override;
  const std::filesystem::path& path() const { return m_path; }
  Status write(const DeadLetter& letter) override;

 private:
  std::filesystem::path m_path;
  std::mutex m_mutex;
  int m_fd = -1;
};

// Makes the sink for `dead_letter_topic`: the Kafka layer provides it (see
// FactoryRegistry::setDeadLetterTopicFactory), so the runtime needs no Kafka.
using DeadLetterTopicFactory =
    std::function<Result<std::shared_ptr<DeadLetterSink>>(const NodeContext& context, const std::string& topic)>;

// The ErrorReporter the engine hands to one node.
class NodeErrors final : public ErrorReporter {
 public:
  using FailFn = std::function<void(const std::string& reason)>;
  NodeErrors(std::string pipeline, std::string nodeId, ErrorPolicy policy, std::shared_ptr<DeadLetterSink> dlq,
             NodeMetrics* metrics, FailFn fail);

  void report(const record::Record& record, const Error& error) override;
  void reportRaw(std::string_view raw, const Error& error, record::SourcePosition position) override;
  bool failed() const override { return m_failed.load(std::memory_order_relaxed); }
  ErrorPolicy policy() const { return m_policy; }
  // Where this node's dead letters go (null: no dead-letter policy).
  DeadLetterSink* deadLetters() const { return m_dlq.get(); }

 private:
  void handle(std::string_view raw, const record::Record* record, const Error& error, record::SourcePosition position);

  std::string m_pipeline;
  std::string m_nodeId;
  ErrorPolicy m_policy;
  std::shared_ptr<DeadLetterSink> m_dlq;
  NodeMetrics* m_metrics;
  FailFn m_fail;
  std::atomic<bool> m_failed{false};
  std::uint64_t m_logged = 0;  // rate-limits the warnings in the log
};

}  // namespace tributary::runtime
