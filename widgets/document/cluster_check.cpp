#include "widgets/document/cluster_check.h"

#include <algorithm>
#include <map>

#include <QTimer>

#include "core/base/log.h"
#include "core/connectors/builtin.h"
#include "core/kafka/cluster_config.h"
#include "core/kafka/embedded.h"
#include "core/model/secrets.h"
#include "widgets/document/pipeline_document.h"
#include "widgets/document/qt_json.h"
#include "widgets/document/run_async.h"

namespace tributary::widgets {

namespace {
// Only pipelines with a stateful node and a topic have counts worth asking for.
bool worthAsking(const model::Pipeline& pipeline) {
  bool stateful = false, topic = false;
  for (const model::Node& n : pipeline.nodes) {
    stateful = stateful || n.type == "transform.aggregate" || n.type == "transform.join";
    topic = topic || n.type == "topic";
  }
  return stateful && topic;
}

struct Findings {
  std::vector<model::Diagnostic> problems;
  std::optional<std::map<std::string, int>> partitions;  // of the topics found; none: not asked
  std::string where;                                     // the cluster asked
};
}  // namespace

ClusterCheck::ClusterCheck(PipelineDocument* document, Lookup lookup, QObject* parent)
    : QObject(parent), m_document(document), m_lookup(std::move(lookup)), m_debounce(new QTimer(this)) {
  m_pool.setMaxThreadCount(1);
  m_debounce->setSingleShot(true);
  m_debounce->setInterval(800);
  connect(m_debounce, &QTimer::timeout, this, &ClusterCheck::start);
  connect(document, &PipelineDocument::changed, this, [this] {
    ++m_version;
    m_debounce->start();
  });
  m_debounce->start();
}

ClusterCheck::~ClusterCheck() {
  m_pool.waitForDone();
}

int ClusterCheck::debounceMs() const {
  return m_debounce->interval();
}

void ClusterCheck::checkNow() {
  m_debounce->stop();
  start();
}

void ClusterCheck::start() {
  if (m_running) {  // one at a time; the newest pipeline is checked when this one is done
    m_again = true;
    return;
  }
  const model::Pipeline pipeline = m_document->pipeline();
  if (!worthAsking(pipeline) || !m_lookup) {
    m_document->setClusterFindings({}, std::nullopt);
    Q_EMIT checked();
    return;
  }
  m_running = true;
  m_again = false;
  runAsync(
      m_pool, this,
      [pipeline, lookup = m_lookup] {
        Findings out;
        auto resolved = model::resolveSecrets(pipeline, model::SecretSource::system());
        if (!resolved) return out;  // validation lists the secret that is missing
        out.where = resolved->cluster.bootstrap;
        if (kafka::needsEmbeddedBroker(*resolved) && !kafka::resolveBootstrap("embedded")) {
          // As a run does: the topics to check are on the embedded broker.
          if (auto started = kafka::ensureEmbeddedBroker(log::stateDirectory() / "broker"); !started) {
            out.problems.push_back({model::Severity::Warning, "", "", "",
                                    "cannot check the topics on the embedded broker: " + started.error().toString()});
            return out;
          }
        }
        out.partitions.emplace();
        auto actual = connectors::checkCoPartitioning(*resolved, [&](const model::Node& topic) {
          auto found = lookup(*resolved, topic);
          if (found && *found) (*out.partitions)[topic.config.value("name", std::string())] = **found;
          return found;
        });
        // What the declared counts already say is listed by the validation; only what the cluster adds is new.
        const auto declared = connectors::checkCoPartitioning(*resolved).problems;
        for (model::Diagnostic& d : actual.problems)
          if (std::find(declared.begin(), declared.end(), d) == declared.end()) out.problems.push_back(std::move(d));
        return out;
      },
      [this, version = m_version](Findings found) {
        m_running = false;
        if (version != m_version || m_again) {  // the pipeline changed meanwhile: check the new one
          start();
          return;
        }
        for (model::Diagnostic& d : found.problems)
          d.message = toStd(tr("%1 (the topics as they are on %2)").arg(toQt(d.message), toQt(found.where)));
        m_document->setClusterFindings(std::move(found.problems), std::move(found.partitions));
        Q_EMIT checked();
      });
}

}  // namespace tributary::widgets
