#include "core/runtime/error_policy.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "core/base/backoff.h"
#include "core/base/clock.h"
#include "core/base/log.h"
#include "core/record/json.h"
#include "core/record/timestamp.h"
#include "core/base/units.h"

namespace tributary::runtime {

std::string_view toString(ErrorPolicy policy) {
  switch (policy) {
    case ErrorPolicy::Fail:
      return "fail";
    case ErrorPolicy::Skip:
      return "skip";
    case ErrorPolicy::DeadLetter:
      return "dead-letter";
  }
  return "dead-letter";
}

ErrorPolicy errorPolicyFromConfig(const nlohmann::json& config) {
  auto it = config.find("on_error");
  if (it == config.end() || !it->is_string()) return ErrorPolicy::DeadLetter;
  const auto& s = it->get_ref<const std::string&>();
  if (s == "fail") return ErrorPolicy::Fail;
  if (s == "skip") return ErrorPolicy::Skip;
  return ErrorPolicy::DeadLetter;
}

void addErrorPolicyFields(model::NodeSpec& spec) {
  using model::FieldSpec;
  using model::FieldType;
  if (!spec.findField("on_error")) {
    FieldSpec f;
    f.name = "on_error";
    f.type = FieldType::Enum;
    f.label = "On bad record";
    f.help =
        "What to do with a record this node cannot process: \"dead-letter\" writes it with the error to the "
        "dead-letter file (or topic) and goes on, \"skip\" drops it and goes on, \"fail\" stops the pipeline. "
        "Every bad record is counted.";
    f.allowed = {"dead-letter", "skip", "fail"};
    f.defaultValue = "dead-letter";
    spec.fields.push_back(f);
  }
  if (!spec.findField("dead_letter_path")) {
    FieldSpec f;
    f.name = "dead_letter_path";
    f.label = "Dead-letter file";
    f.help =
        "JSON-lines file receiving bad records with the error, node and position. Empty: "
        "dead-letter/<node id>.jsonl in the working directory. Created on the first bad record.";
    f.defaultValue = "";
    f.advanced = true;
    spec.fields.push_back(f);
  }
  if (!spec.findField("dead_letter_topic")) {
    FieldSpec f;
    f.name = "dead_letter_topic";
    f.label = "Dead-letter topic";
    f.help =
        "Kafka topic (on the pipeline's cluster) receiving bad records instead of the file: the record as "
        "the message, the error, node, pipeline and origin in tributary.* headers. Created when missing. In a "
        "stage after an exactly_once topic, letters are written in the stage's transaction.";
    f.defaultValue = "";
    f.advanced = true;
    spec.fields.push_back(f);
  }
  if (spec.category != model::NodeCategory::Sink) return;
  if (!spec.findField("retries")) {
    FieldSpec f;
    f.name = "retries";
    f.type = FieldType::Int;
    f.help =
        "How often a failed write is retried (with exponential back-off) before the error policy applies "
        "to the batch.";
    f.defaultValue = 5;
    f.min = 0;
    f.max = 1000;
    f.advanced = true;
    spec.fields.push_back(f);
  }
  if (!spec.findField("retry_backoff")) {
    FieldSpec f;
    f.name = "retry_backoff";
    f.type = FieldType::Duration;
    f.help = "Wait before the first retry; it doubles with every further retry.";
    f.defaultValue = "200ms";
    f.min = 0;
    f.max = 3600000;
    f.advanced = true;
    spec.fields.push_back(f);
  }
  if (!spec.findField("retry_backoff_max")) {
    FieldSpec f;
    f.name = "retry_backoff_max";
    f.type = FieldType::Duration;
    f.help = "Longest wait between two retries.";
    f.defaultValue = "30s";
    f.min = 0;
    f.max = 3600000;
    f.advanced = true;
    spec.fields.push_back(f);
  }
}

std::int64_t RetryPolicy::delayMs(int attempt) const {
  return base::Backoff::delayMs({backoffMs, maxBackoffMs, kJitter}, attempt);
}

RetryPolicy RetryPolicy::fromConfig(const nlohmann::json& config) {
  RetryPolicy p;
  if (auto it = config.find("retries"); it != config.end() && it->is_number_integer()) p.retries = it->get<int>();
  if (auto it = config.find("retry_backoff"); it != config.end())
    if (auto ms = base::parseDurationMs(*it)) p.backoffMs = *ms;
  if (auto it = config.find("retry_backoff_max"); it != config.end())
    if (auto ms = base::parseDurationMs(*it)) p.maxBackoffMs = *ms;
  return p;
}

DeadLetterFile::DeadLetterFile(std::filesystem::path path) : m_path(std::move(path)) {}

DeadLetterFile::~DeadLetterFile() {
  if (m_fd >= 0) ::close(m_fd);
}

Status DeadLetterFile::write(const DeadLetter& letter) {
  std::string line;
  line.reserve(256 + letter.raw.size());
  line += "{\"time\":\"";
  record::appendIsoTimestamp(letter.timeUs, line);
  line += "\",\"pipeline\":";
  record::appendJsonString(letter.pipeline, line);
  line += ",\"node\":";
  record::appendJsonString(letter.node, line);
  line += ",\"error\":";
  record::appendJsonString(letter.error.message, line);
  line += ",\"where\":";
  record::appendJsonString(letter.error.where, line);
  line += ",\"position\":{\"partition\":" + std::to_string(letter.position.partition) +
          ",\"offset\":" + std::to_string(letter.position.offset) + "}";
  if (const record::Record* r = letter.record) {
    line += ",\"record\":{\"key\":";
    record::appendJson(r->key, line);
    line += ",\"value\":";
    record::appendJson(r->value, line);
    line += ",\"headers\":{";
    for (std::size_t i = 0; i < r->headers.size(); ++i) {
      if (i) line += ',';
      record::appendJsonString(r->headers[i].key, line);
      line += ':';
      record::appendJsonString(r->headers[i].value, line);
    }
    line += "},\"timestamp\":" + std::to_string(r->timestampMs) + "}";
  } else {
    line += ",\"raw\":";
    record::appendJsonString(letter.raw, line);
  }
  line += "}\n";

  std::lock_guard lock(m_mutex);
  if (m_fd < 0) {
    std::error_code ec;
    if (m_path.has_parent_path()) std::filesystem::create_directories(m_path.parent_path(), ec);
    m_fd = ::open(m_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (m_fd < 0)
      return makeError(ErrorCode::Io, std::string("cannot open the dead-letter file: ") + std::strerror(errno),
                       m_path.string());
    spdlog::info("dead letters go to {}", m_path.string());
  }
  std::size_t done = 0;
  while (done < line.size()) {
    ssize_t n = ::write(m_fd, line.data() + done, line.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return makeError(ErrorCode::Io, std::string("cannot write the dead-letter file: ") + std::strerror(errno),
                       m_path.string());
    }
    done += static_cast<std::size_t>(n);
  }
  return {};
}

NodeErrors::NodeErrors(std::string pipeline, std::string nodeId, ErrorPolicy policy,
                       std::shared_ptr<DeadLetterSink> dlq, NodeMetrics* metrics, FailFn fail)
    : m_pipeline(std::move(pipeline)),
      m_nodeId(std::move(nodeId)),
      m_policy(policy),
      m_dlq(std::move(dlq)),
      m_metrics(metrics),
      m_fail(std::move(fail)) {}

void NodeErrors::report(const record::Record& record, const Error& error) {
  handle({}, &record, error, record.position);
}

void NodeErrors::reportRaw(std::string_view raw, const Error& error, record::SourcePosition position) {
  handle(raw, nullptr, error, position);
}

void NodeErrors::handle(std::string_view raw, const record::Record* record, const Error& error,
                        record::SourcePosition position) {
  if (m_metrics) m_metrics->errors.inc();
  std::string what = error.toString();
  if (m_policy == ErrorPolicy::Fail) {
    if (!m_failed.exchange(true)) m_fail("node " + m_nodeId + ": " + what);
    return;
  }
  // The first few are logged in full, then one in a thousand: a flood of bad
  // input must not turn into a flood of log lines.
  if (m_logged < 10 || m_logged % 1000 == 0)
    spdlog::warn("node {}: bad record ({}): {}", m_nodeId, toString(m_policy), what);
  ++m_logged;
  if (m_policy == ErrorPolicy::Skip || !m_dlq) return;

  auto now = base::wallMicros();
  DeadLetter letter{m_pipeline, m_nodeId, error, position, record, raw, now};
  if (Status s = m_dlq->write(letter); !s) {
    // Losing a dead letter silently would break the promise; fail instead.
    if (!m_failed.exchange(true)) m_fail("node " + m_nodeId + ": " + s.error().toString());
    return;
  }
  if (m_metrics) m_metrics->deadLettered.inc();
}

}  // namespace tributary::runtime
