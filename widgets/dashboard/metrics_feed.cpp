#include "widgets/dashboard/metrics_feed.h"

#include <QDateTime>
#include <QTimer>

namespace tributary::widgets {

MetricsFeed::MetricsFeed(QObject* parent)
    : QObject(parent),
      m_clock([] { return QDateTime::currentMSecsSinceEpoch(); }),
      m_evaluator(std::make_unique<metrics::AlertEvaluator>([this] { return m_clock(); })),
      m_timer(new QTimer(this)) {
  m_timer->setInterval(1000);
  m_timer->setTimerType(Qt::PreciseTimer);
  connect(m_timer, &QTimer::timeout, this, &MetricsFeed::sampleNow);
}

MetricsFeed::~MetricsFeed() = default;

void MetricsFeed::setSource(Source source) {
  m_source = std::move(source);
  m_sampler.reset();
}

void MetricsFeed::setClock(Clock clock) {
  m_clock = std::move(clock);
}

void MetricsFeed::setInterval(int ms) {
  m_timer->setInterval(ms);
}

void MetricsFeed::start() {
  m_timer->start();
}

void MetricsFeed::stop() {
  m_timer->stop();
}

bool MetricsFeed::running() const {
  return m_timer->isActive();
}

void MetricsFeed::sampleNow() {
  if (m_source) m_sampler.sample(m_source(), m_clock());
  auto transitions = m_evaluator->evaluate(m_history);
  Q_EMIT sampled();
  if (!transitions.empty()) Q_EMIT alertsChanged(transitions);
}

void MetricsFeed::ingest(const std::vector<metrics::FamilySnapshot>& families, std::int64_t timeMs) {
  m_sampler.sample(families, timeMs);
}

void MetricsFeed::setRules(std::vector<metrics::AlertRule> rules) {
  m_evaluator->setRules(std::move(rules));
  Q_EMIT alertsChanged({});
}

void MetricsFeed::clear() {
  m_history.clear();
  m_sampler.reset();
}

}  // namespace tributary::widgets
