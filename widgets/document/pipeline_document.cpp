#include "widgets/document/pipeline_document.h"

#include <algorithm>
#include <cctype>
#include <set>

#include <QCoreApplication>
#include <QTimer>
#include <QUndoCommand>
#include <QUndoStack>

#include "widgets/document/document_commands.h"
#include "widgets/document/qt_json.h"

namespace tributary::widgets {
namespace {

// A short id from a type: "source.datagen" -> "datagen", "topic" -> "topic".
std::string baseIdFor(const std::string& type) {
  auto dot = type.rfind('.');
  std::string base = dot == std::string::npos ? type : type.substr(dot + 1);
  std::string clean;
  for (char c : base)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') clean += c;
  return clean.empty() ? std::string("node") : clean;
}

const model::PortSpec* resolve(const std::vector<model::PortSpec>& ports, const std::string& name) {
  if (name.empty()) return ports.size() == 1 ? &ports.front() : nullptr;
  for (const auto& port : ports)
    if (port.name == name) return &port;
  return nullptr;
}

}  // namespace

PipelineDocument::PipelineDocument(const model::SpecRegistry& registry, QObject* parent)
    : QObject(parent), m_registry(registry), m_undo(new QUndoStack(this)), m_validateTimer(new QTimer(this)) {
  m_pipeline.name = "untitled";
  m_validateTimer->setSingleShot(true);
  m_validateTimer->setInterval(100);
  connect(m_validateTimer, &QTimer::timeout, this, &PipelineDocument::validateNow);
  connect(this, &PipelineDocument::changed, m_validateTimer, qOverload<>(&QTimer::start));
}

PipelineDocument::~PipelineDocument() = default;

void PipelineDocument::reset(model::Pipeline pipeline) {
  m_undo->clear();
  m_pipeline = std::move(pipeline);
  m_undo->setClean();
  Q_EMIT documentReset();
  Q_EMIT changed();
  validateNow();
}

void PipelineDocument::setValidationOptions(model::ValidationOptions options) {
  m_validationOptions = std::move(options);
  validateNow();
}

void PipelineDocument::validateNow() {
  m_validateTimer->stop();
  auto diagnostics = model::validate(m_pipeline, m_registry, m_validationOptions);
  diagnostics.insert(diagnostics.end(), m_clusterProblems.begin(), m_clusterProblems.end());
  // A fresh untitled pipeline has a name; an empty canvas is not a problem worth listing.
  if (diagnostics == m_diagnostics) return;
  m_diagnostics = std::move(diagnostics);
  Q_EMIT diagnosticsChanged();
}

void PipelineDocument::setClusterFindings(std::vector<model::Diagnostic> problems,
                                          std::optional<std::map<std::string, int>> partitions) {
  m_clusterProblems = std::move(problems);
  m_clusterPartitions = std::move(partitions);
  Q_EMIT clusterFindingsChanged();
  validateNow();
}

std::vector<model::Diagnostic> PipelineDocument::diagnosticsFor(const QString& nodeId) const {
  std::vector<model::Diagnostic> out;
  std::string id = toStd(nodeId);
  for (const auto& d : m_diagnostics)
    if (d.nodeId == id) out.push_back(d);
  return out;
}

// ---------------------------------------------------------------- edits

std::string PipelineDocument::uniqueId(const std::string& base) const {
  std::string stem = base;
  if (!m_pipeline.findNode(stem)) return stem;
  // "filter2" -> stem "filter" so that copies count on instead of nesting.
  while (!stem.empty() && std::isdigit(static_cast<unsigned char>(stem.back()))) stem.pop_back();
  if (stem.empty()) stem = "node";
  for (int i = 2;; ++i) {
    std::string candidate = stem + std::to_string(i);
    if (!m_pipeline.findNode(candidate)) return candidate;
  }
}

QString PipelineDocument::addNode(const QString& type, QPointF position) {
  const model::NodeSpec* spec = m_registry.find(toStd(type));
  if (!spec) return {};
  model::Node node;
  node.type = spec->type;
  node.id = uniqueId(baseIdFor(spec->type));
  // Required fields with a default are written out, so the file says what runs.
  for (const auto& field : spec->fields)
    if (field.required && !field.defaultValue.is_null()) node.config[field.name] = field.defaultValue;
  node.position = model::Position{position.x(), position.y()};
  QString id = toQt(node.id);
  m_undo->push(new AddItemsCommand(this, {std::move(node)}, {},
                                   tr("Add %1").arg(toQt(spec->title.empty() ? spec->type : spec->title))));
  return id;
}

QStringList PipelineDocument::addFragment(Fragment fragment, QPointF offset, const QString& commandText) {
  if (fragment.nodes.empty()) return {};
  std::map<std::string, std::string> renamed;
  std::set<std::string> taken;
  for (const auto& node : m_pipeline.nodes) taken.insert(node.id);
  QStringList ids;
  for (auto& node : fragment.nodes) {
    std::string id = node.id;
    if (taken.count(id)) {
      std::string stem = id;
      while (!stem.empty() && std::isdigit(static_cast<unsigned char>(stem.back()))) stem.pop_back();
      if (stem.empty()) stem = "node";
      for (int i = 2;; ++i) {
        id = stem + std::to_string(i);
        if (!taken.count(id)) break;
      }
    }
    taken.insert(id);
    renamed[node.id] = id;
    node.id = id;
    model::Position p = node.position.value_or(model::Position{});
    node.position = model::Position{p.x + offset.x(), p.y + offset.y()};
    ids << toQt(id);
  }
  std::vector<model::Edge> edges;
  for (auto edge : fragment.edges) {
    if (!renamed.count(edge.from) || !renamed.count(edge.to)) continue;
    edge.from = renamed[edge.from];
    edge.to = renamed[edge.to];
    edges.push_back(std::move(edge));
  }
  m_undo->push(new AddItemsCommand(this, std::move(fragment.nodes), std::move(edges), commandText));
  return ids;
}

void PipelineDocument::removeItems(const QStringList& nodeIds, const std::vector<model::Edge>& edges) {
  auto* command = new RemoveItemsCommand(this, nodeIds, edges);
  if (command->isEmpty()) {
    delete command;
    return;
  }
  m_undo->push(command);
}

bool PipelineDocument::connectPorts(const model::Edge& edge) {
  if (!checkConnection(edge).ok) return false;
  m_undo->push(new AddItemsCommand(this, {}, {edge}, tr("Connect %1 to %2").arg(toQt(edge.from), toQt(edge.to))));
  return true;
}

void PipelineDocument::moveNodes(const std::map<QString, QPointF>& positions, const QString& commandText) {
  std::map<QString, MoveNodesCommand::Move> moves;
  for (const auto& [id, point] : positions) {
    const model::Node* n = node(id);
    if (!n) continue;
    model::Position after{point.x(), point.y()};
    if (n->position && *n->position == after) continue;
    moves[id] = MoveNodesCommand::Move{n->position, after};
  }
  if (moves.empty()) return;
  QString text = commandText;
  if (text.isEmpty())
    text = moves.size() == 1 ? tr("Move %1").arg(moves.begin()->first)
                             : tr("Move %n node(s)", nullptr, static_cast<int>(moves.size()));
  m_undo->push(new MoveNodesCommand(this, std::move(moves), text));
}

void PipelineDocument::setConfigValue(const QString& nodeId, const QString& field, const nlohmann::json& value,
                                      bool merge) {
  const model::Node* n = node(nodeId);
  if (!n) return;
  nlohmann::json after = n->config.is_object() ? n->config : nlohmann::json::object();
  std::string key = toStd(field);
  if (value.is_null())
    after.erase(key);
  else
    after[key] = value;
  if (after == n->config) return;
  m_undo->push(new SetConfigCommand(this, nodeId, field, n->config, std::move(after), merge));
}

void PipelineDocument::setLabel(const QString& nodeId, const QString& label) {
  const model::Node* n = node(nodeId);
  if (!n || n->label == toStd(label)) return;
  m_undo->push(new SetLabelCommand(this, nodeId, n->label, toStd(label)));
}

void PipelineDocument::setPipelineInfo(const QString& name, const QString& description, const QString& bootstrap) {
  SetInfoCommand::Info before{m_pipeline.name, m_pipeline.description, m_pipeline.cluster.bootstrap};
  SetInfoCommand::Info after{toStd(name), toStd(description), toStd(bootstrap)};
  if (before.name == after.name && before.description == after.description && before.bootstrap == after.bootstrap)
    return;
  m_undo->push(new SetInfoCommand(this, std::move(before), std::move(after)));
}

namespace {
// Swaps the pipeline's dashboard JSON (dashboard edits are whole-value swaps).
class SetDashboardCommand final : public QUndoCommand {
 public:
  SetDashboardCommand(PipelineDocument* document, nlohmann::json before, nlohmann::json after)
      : QUndoCommand(QCoreApplication::translate("SetDashboardCommand", "Change dashboard")),
        m_document(document),
        m_before(std::move(before)),
        m_after(std::move(after)) {}
  void redo() override { m_document->applyDashboard(m_after); }
  void undo() override { m_document->applyDashboard(m_before); }

 private:
  PipelineDocument* m_document;
  nlohmann::json m_before, m_after;
};
}  // namespace

void PipelineDocument::setDashboard(nlohmann::json dashboard) {
  if (dashboard == m_pipeline.dashboard) return;
  m_undo->push(new SetDashboardCommand(this, m_pipeline.dashboard, std::move(dashboard)));
}

// ---------------------------------------------------------------- queries

const model::Node* PipelineDocument::node(const QString& id) const {
  return m_pipeline.findNode(toStd(id));
}

const model::NodeSpec* PipelineDocument::spec(const QString& nodeId) const {
  const model::Node* n = node(nodeId);
  return n ? m_registry.find(n->type) : nullptr;
}

const model::PortSpec* PipelineDocument::outputPort(const model::Edge& edge) const {
  const model::Node* n = m_pipeline.findNode(edge.from);
  const model::NodeSpec* s = n ? m_registry.find(n->type) : nullptr;
  return s ? resolve(s->outputs, edge.fromPort) : nullptr;
}

const model::PortSpec* PipelineDocument::inputPort(const model::Edge& edge) const {
  const model::Node* n = m_pipeline.findNode(edge.to);
  const model::NodeSpec* s = n ? m_registry.find(n->type) : nullptr;
  return s ? resolve(s->inputs, edge.toPort) : nullptr;
}

ConnectionCheck PipelineDocument::checkConnection(const model::Edge& edge) const {
  if (edge.from == edge.to) return {false, tr("A node cannot feed itself")};
  const model::PortSpec* out = outputPort(edge);
  const model::PortSpec* in = inputPort(edge);
  if (!out) return {false, tr("\"%1\" has no such output").arg(toQt(edge.from))};
  if (!in) return {false, tr("\"%1\" has no such input").arg(toQt(edge.to))};
  if (!in->acceptsKind(out->kind))
    return {false,
            tr("%1 emits %2, but input \"%3\" of %4 does not take them")
                .arg(toQt(edge.from), toQt(model::toString(out->kind)).toLower(), toQt(in->name), toQt(edge.to))};
  for (const auto& existing : m_pipeline.edges) {
    if (existing.from == edge.from && existing.to == edge.to && outputPort(existing) == out &&
        inputPort(existing) == in)
      return {false, tr("These ports are already connected")};
  }
  // Refuse cycles: is `from` reachable from `to`?
  std::vector<std::string> stack{edge.to};
  std::set<std::string> seen;
  while (!stack.empty()) {
    std::string id = stack.back();
    stack.pop_back();
    if (id == edge.from) return {false, tr("That would make a cycle; records must flow one way")};
    if (!seen.insert(id).second) continue;
    for (const auto& e : m_pipeline.edges)
      if (e.from == id) stack.push_back(e.to);
  }
  return {true, {}};
}

Fragment PipelineDocument::fragment(const QStringList& nodeIds) const {
  Fragment out;
  std::set<std::string> ids;
  for (const auto& node : m_pipeline.nodes)
    if (nodeIds.contains(toQt(node.id))) {
      out.nodes.push_back(node);
      ids.insert(node.id);
    }
  for (const auto& edge : m_pipeline.edges)
    if (ids.count(edge.from) && ids.count(edge.to)) out.edges.push_back(edge);
  return out;
}

// ---------------------------------------------------------------- primitives

std::optional<std::size_t> PipelineDocument::nodeIndex(const QString& id) const {
  std::string key = toStd(id);
  for (std::size_t i = 0; i < m_pipeline.nodes.size(); ++i)
    if (m_pipeline.nodes[i].id == key) return i;
  return std::nullopt;
}

std::optional<std::size_t> PipelineDocument::edgeIndex(const model::Edge& edge) const {
  auto it = std::find(m_pipeline.edges.begin(), m_pipeline.edges.end(), edge);
  if (it == m_pipeline.edges.end()) return std::nullopt;
  return static_cast<std::size_t>(it - m_pipeline.edges.begin());
}

void PipelineDocument::touched() {
  Q_EMIT changed();
}

void PipelineDocument::insertNodeAt(std::size_t index, model::Node node) {
  index = std::min(index, m_pipeline.nodes.size());
  QString id = toQt(node.id);
  m_pipeline.nodes.insert(m_pipeline.nodes.begin() + static_cast<std::ptrdiff_t>(index), std::move(node));
  Q_EMIT nodeAdded(id);
  touched();
}

model::Node PipelineDocument::takeNodeAt(std::size_t index) {
  model::Node node = std::move(m_pipeline.nodes.at(index));
  m_pipeline.nodes.erase(m_pipeline.nodes.begin() + static_cast<std::ptrdiff_t>(index));
  Q_EMIT nodeRemoved(toQt(node.id));
  touched();
  return node;
}

void PipelineDocument::insertEdgeAt(std::size_t index, model::Edge edge) {
  index = std::min(index, m_pipeline.edges.size());
  m_pipeline.edges.insert(m_pipeline.edges.begin() + static_cast<std::ptrdiff_t>(index), edge);
  Q_EMIT edgeAdded(edge);
  touched();
}

model::Edge PipelineDocument::takeEdgeAt(std::size_t index) {
  model::Edge edge = m_pipeline.edges.at(index);
  m_pipeline.edges.erase(m_pipeline.edges.begin() + static_cast<std::ptrdiff_t>(index));
  Q_EMIT edgeRemoved(edge);
  touched();
  return edge;
}

void PipelineDocument::applyConfig(const QString& nodeId, nlohmann::json config) {
  model::Node* n = m_pipeline.findNode(toStd(nodeId));
  if (!n) return;
  n->config = std::move(config);
  Q_EMIT configChanged(nodeId);
  touched();
}

void PipelineDocument::applyPosition(const QString& nodeId, std::optional<model::Position> position) {
  model::Node* n = m_pipeline.findNode(toStd(nodeId));
  if (!n) return;
  n->position = position;
  Q_EMIT nodeMoved(nodeId);
  touched();
}

void PipelineDocument::applyLabel(const QString& nodeId, const std::string& label) {
  model::Node* n = m_pipeline.findNode(toStd(nodeId));
  if (!n) return;
  n->label = label;
  Q_EMIT labelChanged(nodeId);
  touched();
}

void PipelineDocument::applyInfo(const std::string& name, const std::string& description,
                                 const std::string& bootstrap) {
  m_pipeline.name = name;
  m_pipeline.description = description;
  m_pipeline.cluster.bootstrap = bootstrap;
  Q_EMIT infoChanged();
  touched();
}

void PipelineDocument::applyDashboard(nlohmann::json dashboard) {
  m_pipeline.dashboard = std::move(dashboard);
  Q_EMIT dashboardChanged();
  touched();
}

}  // namespace tributary::widgets
