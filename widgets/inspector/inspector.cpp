#include "widgets/inspector/inspector.h"

#include <QCoreApplication>
#include <QFormLayout>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QTextDocument>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include "widgets/document/pipeline_document.h"
#include "widgets/document/qt_json.h"
#include "widgets/inspector/field_editors.h"
#include "widgets/run/run_state.h"
#include "widgets/style/app_theme.h"
#include "widgets/style/icons.h"

namespace tributary::widgets {
namespace {

QLabel* makeLabel(const QString& text, const char* role, QWidget* parent) {
  auto* label = new QLabel(text, parent);
  label->setProperty("role", QString::fromLatin1(role));
  label->setWordWrap(true);
  label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  return label;
}

QString typeHint(const model::FieldSpec& f) {
  switch (f.type) {
    case model::FieldType::Int:
    case model::FieldType::Double: {
      QString range;
      if (f.min && f.max)
        range = QStringLiteral("%1 – %2").arg(*f.min).arg(*f.max);
      else if (f.min)
        range = QStringLiteral("≥ %1").arg(*f.min);
      else if (f.max)
        range = QStringLiteral("≤ %1").arg(*f.max);
      return range;
    }
    case model::FieldType::Duration:
      return QCoreApplication::translate("Inspector", "duration");
    case model::FieldType::Size:
      return QCoreApplication::translate("Inspector", "size");
    case model::FieldType::Secret:
      return QCoreApplication::translate("Inspector", "secret");
    case model::FieldType::Expression:
      return QCoreApplication::translate("Inspector", "expression");
    case model::FieldType::Projection:
      return QCoreApplication::translate("Inspector", "select list");
    case model::FieldType::Sql:
      return QStringLiteral("SQL");
    case model::FieldType::List:
      return QCoreApplication::translate("Inspector", "list");
    case model::FieldType::Map:
      return QCoreApplication::translate("Inspector", "map");
    default:
      return {};
  }
}

QString errorHtml(const QStringList& messages, bool error) {
  QColor color = error ? colors::error() : colors::warning();
  QStringList lines;
  for (const QString& m : messages)
    lines << QStringLiteral("<span style='color:%1'>%2 %3</span>")
                 .arg(color.name(), error ? QStringLiteral("●") : QStringLiteral("▲"), m.toHtmlEscaped());
  return lines.join(QStringLiteral("<br>"));
}

}  // namespace

Inspector::Inspector(PipelineDocument* document, QWidget* parent)
    : QWidget(parent), m_document(document), m_scroll(new QScrollArea(this)) {
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  m_scroll->setWidgetResizable(true);
  m_scroll->setFrameShape(QFrame::NoFrame);
  m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  outer->addWidget(m_scroll);
  setMinimumWidth(280);

  connect(document, &PipelineDocument::configChanged, this, [this](const QString& id) {
    if (id == m_nodeId) refreshValues();
  });
  connect(document, &PipelineDocument::labelChanged, this, [this](const QString& id) {
    if (id == m_nodeId) refreshValues();
  });
  connect(document, &PipelineDocument::infoChanged, this, [this] {
    if (m_nodeId.isEmpty() && !m_edge) refreshValues();
  });
  connect(document, &PipelineDocument::nodeRemoved, this, [this](const QString& id) {
    if (id == m_nodeId) showPipeline();
  });
  connect(document, &PipelineDocument::edgeRemoved, this, [this](const model::Edge& edge) {
    if (m_edge && *m_edge == edge) showPipeline();
  });
  connect(document, &PipelineDocument::documentReset, this, &Inspector::onDocumentReset);
  connect(document, &PipelineDocument::diagnosticsChanged, this, &Inspector::refreshDiagnostics);
  connect(document, &PipelineDocument::changed, this, [this] {
    if (m_summary) refreshDiagnostics();
  });
  showPipeline();
}

void Inspector::setRunState(RunState* state) {
  if (m_runState) disconnect(m_runState, nullptr, this, nullptr);
  m_runState = state;
  if (state) {
    connect(state, &RunState::nodeChanged, this, [this](const QString& id) {
      if (id == m_nodeId) refreshMembers();
    });
    connect(state, &RunState::runEnded, this, &Inspector::refreshMembers);
    connect(state, &RunState::runCleared, this, &Inspector::refreshMembers);
  }
  refreshMembers();
}

QString Inspector::membersText() const {
  return m_membersBox && !m_membersBox->isHidden() ? m_members->text() : QString();
}

void Inspector::refreshMembers() {
  if (!m_membersBox) return;
  const NodeRunFigures* figures = m_runState ? m_runState->node(m_nodeId) : nullptr;
  if (!figures || figures->members.empty() || m_runState->ended()) {
    m_membersBox->setVisible(false);
    return;
  }
  QStringList lines;
  if (QString summary = membersLine(figures->members); !summary.isEmpty()) {
    if (QString idle = idleMembers(figures->members); !idle.isEmpty()) summary += QStringLiteral(" · ") + idle;
    lines << summary;
  }
  lines << memberLines(figures->members);
  m_members->setText(lines.join(QLatin1Char('\n')));
  m_membersBox->setVisible(true);
}

void Inspector::onDocumentReset() {
  showPipeline();
}

void Inspector::clearForm() {
  m_rows.clear();
  m_nodeProblems = nullptr;
  m_membersBox = nullptr;
  m_members = nullptr;
  m_label = m_name = m_description = m_bootstrap = nullptr;
  m_summary = nullptr;
  m_advancedBox = nullptr;
  m_advancedToggle = nullptr;
  m_page = new QWidget;
  m_page->setObjectName(QStringLiteral("inspectorPage"));
  m_layout = new QVBoxLayout(m_page);
  m_layout->setContentsMargins(14, 12, 14, 14);
  m_layout->setSpacing(10);
  m_scroll->setWidget(m_page);  // deletes the previous page
}

QWidget* Inspector::header(const QPixmap& badge, const QString& title, const QString& subtitle) {
  auto* box = new QWidget(m_page);
  auto* row = new QHBoxLayout(box);
  row->setContentsMargins(0, 0, 0, 4);
  row->setSpacing(10);
  auto* icon = new QLabel(box);
  icon->setPixmap(badge);
  icon->setFixedSize(40, 40);
  row->addWidget(icon, 0, Qt::AlignTop);
  auto* text = new QVBoxLayout;
  text->setSpacing(0);
  auto* t = new QLabel(title, box);
  QFont f = t->font();
  f.setPixelSize(16);
  f.setWeight(QFont::DemiBold);
  t->setFont(f);
  t->setObjectName(QStringLiteral("inspectorTitle"));
  text->addWidget(t);
  auto* s = makeLabel(subtitle, "muted", box);
  text->addWidget(s);
  row->addLayout(text, 1);
  return box;
}

// ---------------------------------------------------------------- pipeline page

void Inspector::showPipeline() {
  m_nodeId.clear();
  m_edge.reset();
  clearForm();
  buildPipelineForm();
  refreshValues();
  refreshDiagnostics();
}

void Inspector::buildPipelineForm() {
  QPixmap badge = icons::appIcon().pixmap(40, 40);
  m_layout->addWidget(header(badge, tr("Pipeline"), tr("Settings of the whole pipeline")));
  auto* form = new QFormLayout;
  form->setLabelAlignment(Qt::AlignLeft);
  form->setRowWrapPolicy(QFormLayout::WrapAllRows);
  form->setVerticalSpacing(4);
  m_name = new QLineEdit(m_page);
  m_name->setPlaceholderText(tr("pipeline-name"));
  m_description = new QLineEdit(m_page);
  m_description->setPlaceholderText(tr("What this pipeline does"));
  m_bootstrap = new QLineEdit(m_page);
  m_bootstrap->setPlaceholderText(QStringLiteral("embedded"));
  m_bootstrap->setToolTip(tr("host:port,… of a Kafka cluster, or \"embedded\" for the built-in broker"));
  form->addRow(tr("Name"), m_name);
  form->addRow(tr("Description"), m_description);
  form->addRow(tr("Kafka cluster"), m_bootstrap);
  form->addRow(makeLabel(tr("\"embedded\" runs topics on the built-in broker; or give bootstrap servers "
                            "(host:port,…) of a Kafka cluster."),
                         "help", m_page));
  m_layout->addLayout(form);
  auto commit = [this] {
    QString bootstrap = m_bootstrap->text().trimmed();
    m_document->setPipelineInfo(m_name->text(), m_description->text(),
                                bootstrap.isEmpty() ? QStringLiteral("embedded") : bootstrap);
  };
  for (QLineEdit* edit : {m_name, m_description, m_bootstrap}) connect(edit, &QLineEdit::textEdited, this, commit);
  auto* line = new QFrame(m_page);
  line->setFrameShape(QFrame::HLine);
  line->setFrameShadow(QFrame::Plain);
  line->setStyleSheet(QStringLiteral("color: palette(mid);"));
  m_layout->addWidget(line);
  m_summary = makeLabel(QString(), "muted", m_page);
  m_summary->setTextFormat(Qt::RichText);
  m_layout->addWidget(m_summary);
  m_layout->addWidget(makeLabel(tr("Select a node to edit its settings. Drag types from the palette onto the "
                                   "canvas, and drag from an output port to an input port to connect them."),
                                "help", m_page));
  m_layout->addStretch(1);
}

// ---------------------------------------------------------------- edge page

void Inspector::showEdge(const model::Edge& edge) {
  m_nodeId.clear();
  m_edge = edge;
  clearForm();
  buildEdgeForm();
}

void Inspector::buildEdgeForm() {
  const model::Edge& edge = *m_edge;
  QPixmap badge = icons::glyph(QStringLiteral("map"), 40, colors::accent(), 2.0);
  m_layout->addWidget(header(badge, tr("Connection"), QStringLiteral("%1 → %2").arg(toQt(edge.from), toQt(edge.to))));
  auto* form = new QFormLayout;
  form->setRowWrapPolicy(QFormLayout::DontWrapRows);
  const model::PortSpec* out = m_document->outputPort(edge);
  const model::PortSpec* in = m_document->inputPort(edge);
  auto portText = [](const model::PortSpec* p) {
    return p ? QStringLiteral("%1 (%2)").arg(toQt(p->name), toQt(model::toString(p->kind)).toLower())
             : QStringLiteral("?");
  };
  form->addRow(tr("From"), makeLabel(QStringLiteral("<b>%1</b> · %2").arg(toQt(edge.from), portText(out)), "", m_page));
  form->addRow(tr("To"), makeLabel(QStringLiteral("<b>%1</b> · %2").arg(toQt(edge.to), portText(in)), "", m_page));
  m_layout->addLayout(form);
  m_layout->addWidget(makeLabel(tr("While the pipeline runs, the Data Preview panel shows the last records that "
                                   "passed along this connection."),
                                "help", m_page));
  m_layout->addStretch(1);
}

// ---------------------------------------------------------------- node page

void Inspector::showNode(const QString& nodeId) {
  if (!m_document->node(nodeId)) {
    showPipeline();
    return;
  }
  m_edge.reset();
  m_nodeId = nodeId;
  clearForm();
  buildNodeForm();
  refreshValues();
  refreshDiagnostics();
  refreshMembers();
}

void Inspector::buildNodeForm() {
  const model::Node* node = m_document->node(m_nodeId);
  const model::NodeSpec* spec = m_document->registry().find(node->type);
  QPixmap badge =
      spec ? icons::nodeBadge(*spec, 40, 2.0) : icons::glyph(QStringLiteral("warning"), 40, colors::error(), 2.0);
  QString title = spec ? toQt(spec->title.empty() ? spec->type : spec->title) : tr("Unknown type");
  m_layout->addWidget(header(badge, title, toQt(node->type)));

  m_nodeProblems = makeLabel(QString(), "", m_page);
  m_nodeProblems->setTextFormat(Qt::RichText);
  m_nodeProblems->setVisible(false);
  m_layout->addWidget(m_nodeProblems);

  // While it runs: the consumer group's members here (or on each runner) and their partitions.
  m_membersBox = new QWidget(m_page);
  auto* membersLayout = new QVBoxLayout(m_membersBox);
  membersLayout->setContentsMargins(0, 0, 0, 0);
  membersLayout->setSpacing(2);
  membersLayout->addWidget(makeLabel(tr("Consumer group members and the partitions each holds now:"), "muted",
                                     m_membersBox));
  m_members = makeLabel(QString(), "", m_membersBox);
  m_members->setObjectName(QStringLiteral("inspectorMembers"));
  m_members->setTextFormat(Qt::PlainText);
  membersLayout->addWidget(m_members);
  m_membersBox->setVisible(false);
  m_layout->addWidget(m_membersBox);

  auto* identity = new QFormLayout;
  identity->setRowWrapPolicy(QFormLayout::DontWrapRows);
  identity->setVerticalSpacing(6);
  auto* id = new QLineEdit(toQt(node->id), m_page);
  id->setReadOnly(true);
  id->setToolTip(tr("Edges, metrics and checkpoints refer to the node by this id"));
  m_label = new QLineEdit(m_page);
  m_label->setPlaceholderText(toQt(node->id));
  connect(m_label, &QLineEdit::textEdited, this, [this](const QString& text) { m_document->setLabel(m_nodeId, text); });
  identity->addRow(tr("Id"), id);
  identity->addRow(tr("Label"), m_label);
  m_layout->addLayout(identity);

  if (!spec) {
    m_layout->addWidget(makeLabel(tr("This build has no node type \"%1\", so its settings cannot be edited here. "
                                     "The node is kept as it is in the file.")
                                      .arg(toQt(node->type)),
                                  "help", m_page));
    m_layout->addStretch(1);
    return;
  }
  if (!spec->help.empty()) m_layout->addWidget(makeLabel(toQt(spec->help), "help", m_page));

  auto addSection = [this](const QString& title, QWidget* parent, QVBoxLayout* into) {
    auto* label = new QLabel(title.toUpper(), parent);
    QFont f = label->font();
    f.setPixelSize(11);
    f.setWeight(QFont::DemiBold);
    f.setLetterSpacing(QFont::AbsoluteSpacing, 0.6);
    label->setFont(f);
    label->setProperty("role", QStringLiteral("muted"));
    into->addSpacing(4);
    into->addWidget(label);
  };

  auto addRow = [this](const model::FieldSpec& field, QWidget* parent, QVBoxLayout* into, bool advanced) {
    auto* container = new QWidget(parent);
    auto* col = new QVBoxLayout(container);
    col->setContentsMargins(0, 0, 0, 0);
    col->setSpacing(3);
    auto* top = new QHBoxLayout;
    QString name = toQt(field.label.empty() ? field.name : field.label);
    auto* label = new QLabel(
        field.required
            ? QStringLiteral("%1 <span style='color:%2'>*</span>").arg(name.toHtmlEscaped(), colors::error().name())
            : name.toHtmlEscaped(),
        container);
    label->setTextFormat(Qt::RichText);
    label->setProperty("role", QStringLiteral("heading"));
    top->addWidget(label);
    top->addStretch(1);
    QString hint = typeHint(field);
    if (!hint.isEmpty()) top->addWidget(makeLabel(hint, "help", container));
    col->addLayout(top);
    FieldEditor* editor = FieldEditor::create(field, container);
    label->setBuddy(editor);
    col->addWidget(editor);
    if (!field.help.empty()) col->addWidget(makeLabel(toQt(field.help), "help", container));
    auto* error = makeLabel(QString(), "", container);
    error->setTextFormat(Qt::RichText);
    error->setVisible(false);
    col->addWidget(error);
    into->addWidget(container);
    QString key = toQt(field.name);
    m_rows[key] = Row{editor, error, container, advanced};
    connect(editor, &FieldEditor::edited, this,
            [this, editor, key](bool typing) { m_document->setConfigValue(m_nodeId, key, editor->value(), typing); });
  };

  bool anyBasic = false, anyAdvanced = false;
  for (const auto& f : spec->fields) (f.advanced ? anyAdvanced : anyBasic) = true;
  if (anyBasic) {
    addSection(tr("Settings"), m_page, m_layout);
    for (const auto& f : spec->fields)
      if (!f.advanced) addRow(f, m_page, m_layout, false);
  }
  if (anyAdvanced) {
    m_advancedToggle = new QToolButton(m_page);
    m_advancedToggle->setText(tr("Advanced settings"));
    m_advancedToggle->setCheckable(true);
    m_advancedToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_advancedToggle->setArrowType(Qt::RightArrow);
    m_advancedToggle->setAutoRaise(true);
    m_layout->addSpacing(4);
    m_layout->addWidget(m_advancedToggle);
    m_advancedBox = new QWidget(m_page);
    auto* adv = new QVBoxLayout(m_advancedBox);
    adv->setContentsMargins(0, 0, 0, 0);
    adv->setSpacing(10);
    for (const auto& f : spec->fields)
      if (f.advanced) addRow(f, m_advancedBox, adv, true);
    m_advancedBox->setVisible(false);
    m_layout->addWidget(m_advancedBox);
    connect(m_advancedToggle, &QToolButton::toggled, this, [this](bool on) {
      m_advancedToggle->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
      m_advancedBox->setVisible(on);
    });
  }
  if (!anyBasic && !anyAdvanced) m_layout->addWidget(makeLabel(tr("This node has no settings."), "help", m_page));
  m_layout->addStretch(1);
}

// ---------------------------------------------------------------- sync with the document

void Inspector::refreshValues() {
  if (m_nodeId.isEmpty()) {
    if (!m_name) return;
    const auto& p = m_document->pipeline();
    // Set from the document (not typed): shown from its start, as a longer text is read.
    auto show = [](QLineEdit* edit, const QString& text) {
      if (edit->text() == text) return;
      edit->setText(text);
      edit->setCursorPosition(0);
    };
    show(m_name, toQt(p.name));
    show(m_description, toQt(p.description));
    m_description->setToolTip(toQt(p.description));  // the whole of a long one
    show(m_bootstrap, toQt(p.cluster.bootstrap));
    return;
  }
  const model::Node* node = m_document->node(m_nodeId);
  if (!node) return;
  if (m_label && m_label->text() != toQt(node->label)) m_label->setText(toQt(node->label));
  for (auto& [name, row] : m_rows) {
    auto it = node->config.find(toStd(name));
    nlohmann::json value = it == node->config.end() ? nlohmann::json() : *it;
    if (row.editor->value() != value) row.editor->setValue(value);
  }
}

void Inspector::refreshDiagnostics() {
  if (m_summary) {
    const auto& p = m_document->pipeline();
    int errors = 0, warnings = 0;
    for (const auto& d : m_document->diagnostics()) (d.severity == model::Severity::Error ? errors : warnings)++;
    QString state =
        errors ? QStringLiteral("<span style='color:%1'>%2</span>")
                     .arg(colors::error().name(), tr("%n error(s)", nullptr, errors))
               : QStringLiteral("<span style='color:%1'>%2</span>").arg(colors::success().name(), tr("No errors"));
    if (warnings)
      state += QStringLiteral(", <span style='color:%1'>%2</span>")
                   .arg(colors::warning().name(), tr("%n warning(s)", nullptr, warnings));
    m_summary->setText(tr("%n node(s)", nullptr, static_cast<int>(p.nodes.size())) + QStringLiteral(" · ") +
                       tr("%n connection(s)", nullptr, static_cast<int>(p.edges.size())) + QStringLiteral("<br>") +
                       state);
  }
  if (m_nodeId.isEmpty()) return;
  std::map<QString, std::pair<QStringList, bool>> byField;
  QStringList nodeErrors, nodeWarnings;
  for (const auto& d : m_document->diagnosticsFor(m_nodeId)) {
    bool error = d.severity == model::Severity::Error;
    QString field = toQt(d.field);
    if (!field.isEmpty() && m_rows.count(field)) {
      auto& entry = byField[field];
      entry.first << toQt(d.message);
      entry.second = entry.second || error;
    } else {
      (error ? nodeErrors : nodeWarnings) << toQt(d.message);
    }
  }
  for (auto& [name, row] : m_rows) {
    auto it = byField.find(name);
    bool has = it != byField.end();
    row.error->setVisible(has);
    row.error->setText(has ? errorHtml(it->second.first, it->second.second) : QString());
    row.editor->setInvalid(has && it->second.second);
  }
  if (m_nodeProblems) {
    QString html;
    if (!nodeErrors.isEmpty()) html += errorHtml(nodeErrors, true);
    if (!nodeWarnings.isEmpty())
      html += (html.isEmpty() ? QString() : QStringLiteral("<br>")) + errorHtml(nodeWarnings, false);
    m_nodeProblems->setText(html);
    m_nodeProblems->setVisible(!html.isEmpty());
  }
}

void Inspector::focusField(const QString& field) {
  auto it = m_rows.find(field);
  if (it == m_rows.end()) return;
  if (it->second.advanced && m_advancedToggle) m_advancedToggle->setChecked(true);
  QWidget* container = it->second.container;
  FieldEditor* editor = it->second.editor;
  // After the layout settles (the advanced box may just have opened).
  QTimer::singleShot(0, this, [this, container, editor] {
    m_scroll->ensureWidgetVisible(container, 0, 40);
    editor->focusEditor();
  });
  editor->focusEditor();
}

FieldEditor* Inspector::editor(const QString& field) const {
  auto it = m_rows.find(field);
  return it == m_rows.end() ? nullptr : it->second.editor;
}

QString Inspector::fieldError(const QString& field) const {
  auto it = m_rows.find(field);
  if (it == m_rows.end() || it->second.error->isHidden()) return {};
  QTextDocument doc;
  doc.setHtml(it->second.error->text());
  return doc.toPlainText();
}

}  // namespace tributary::widgets
