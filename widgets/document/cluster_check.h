#pragma once
// ClusterCheck: checks the document's pipeline against the topics as they
// exist on its cluster (the embedded broker, started as a run starts it, or
// the configured cluster): the real partition counts of the topics feeding
// aggregates and joins decide the repartition topics' counts and whether a
// join's inputs are co-partitioned (connectors::checkCoPartitioning with a
// lookup). The declared counts are checked by the document's validation at
// once; this check asks the cluster on a thread of its own, ~0.8 s after the
// last edit (debounced), and hands its findings (problems, and the
// partition counts of the topics it found) to the document on the GUI
// thread (PipelineDocument::setClusterFindings), so the GUI never waits for
// a cluster. Findings for an older version of the pipeline are dropped.
// GUI thread only.

#include <cstdint>
#include <functional>
#include <optional>

#include <QObject>
#include <QThreadPool>

#include "core/base/result.h"
#include "core/model/pipeline.h"

class QTimer;

namespace tributary::widgets {

class PipelineDocument;

class ClusterCheck final : public QObject {
  Q_OBJECT

 public:
  // The partitions of the topic a topic node names (runtime::FactoryRegistry::topicPartitions).
  using Lookup = std::function<Result<std::optional<int>>(const model::Pipeline&, const model::Node&)>;
  ClusterCheck(PipelineDocument* document, Lookup lookup, QObject* parent = nullptr);
  ~ClusterCheck() override;  // waits for a check in progress

  // Checks now instead of after the debounce.
  void checkNow();
  int debounceMs() const;

 Q_SIGNALS:
  // The findings of a check are in the document (diagnostics, partition counts).
  void checked();

 private:
  void start();

  PipelineDocument* m_document;
  Lookup m_lookup;
  QTimer* m_debounce;
  QThreadPool m_pool;
  std::uint64_t m_version = 0;  // of the pipeline, bumped at every change
  bool m_running = false;       // a check is on its way
  bool m_again = false;         // the pipeline changed while it was
};

}  // namespace tributary::widgets
