#include "widgets/browser/schema_registry_page.h"

#include <algorithm>

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextEdit>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

#include "widgets/browser/cluster_session.h"
#include "widgets/browser/registry_api.h"
#include "widgets/document/qt_json.h"
#include "widgets/style/app_theme.h"

namespace tributary::widgets {
namespace {

using json = nlohmann::json;

struct SubjectInfo {
  std::vector<int> versions;
  QString level;      // the subject's own level, empty when it has none
  QString effective;  // what applies (the global level when the subject has none)
};

struct VersionInfo {
  int version = 0;
  int id = 0;
  std::string schema;
};

struct Overview {
  std::vector<std::string> subjects;
  QString globalLevel;
};

std::string subjectPath(const QString& subject) {
  return "/subjects/" + registrySegment(subject.toStdString());
}

Result<VersionInfo> readVersion(registry::RegistryClient& c, const QString& subject, const std::string& version) {
  auto body = registryJson(c, "GET", subjectPath(subject) + "/versions/" + version);
  if (!body) return body.error();
  VersionInfo v;
  v.version = body->value("version", 0);
  v.id = body->value("id", 0);
  v.schema = body->value("schema", std::string());
  return v;
}

std::vector<std::string> splitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// Writes one side of the diff: a line per row, blank where the other side has the line.
void fillDiffSide(QTextEdit* edit, const std::vector<std::string>& lines, const std::vector<DiffLine>& rows,
                  bool left) {
  edit->clear();
  QTextCursor cursor(edit->document());
  bool dark = isDarkTheme();
  const QColor removed = dark ? QColor(0x5c, 0x24, 0x28) : QColor(0xff, 0xd7, 0xd5);
  const QColor added = dark ? QColor(0x1f, 0x4a, 0x2c) : QColor(0xcc, 0xf5, 0xd3);
  const QColor empty = dark ? QColor(0x30, 0x30, 0x30) : QColor(0xf0, 0xf0, 0xf0);
  bool first = true;
  for (const DiffLine& row : rows) {
    int index = left ? row.left : row.right;
    QTextBlockFormat format;
    if (index < 0)
      format.setBackground(empty);
    else if (row.kind == DiffLine::Removed || (row.kind == DiffLine::Changed && left))
      format.setBackground(removed);
    else if (row.kind == DiffLine::Added || (row.kind == DiffLine::Changed && !left))
      format.setBackground(added);
    if (first)
      cursor.setBlockFormat(format);
    else
      cursor.insertBlock(format);
    first = false;
    if (index >= 0)
      cursor.insertText(QStringLiteral("%1  %2").arg(index + 1, 3).arg(toQt(lines[static_cast<std::size_t>(index)])));
  }
  edit->moveCursor(QTextCursor::Start);
}

}  // namespace

const QStringList& SchemaRegistryPage::levels() {
  static const QStringList kLevels{
      QStringLiteral("NONE"),           QStringLiteral("BACKWARD"),           QStringLiteral("BACKWARD_TRANSITIVE"),
      QStringLiteral("FORWARD"),        QStringLiteral("FORWARD_TRANSITIVE"), QStringLiteral("FULL"),
      QStringLiteral("FULL_TRANSITIVE")};
  return kLevels;
}

SchemaRegistryPage::SchemaRegistryPage(ClusterSession* session, QWidget* parent) : QWidget(parent), m_session(session) {
  setObjectName(QStringLiteral("schemaRegistryPage"));
  auto* layout = new QVBoxLayout(this);
  QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);

  auto* top = new QHBoxLayout;
  m_url = new QLabel(session->hasRegistry() ? tr("Schema Registry: connecting…")
                                            : tr("This cluster has no Schema Registry: edit the cluster to set one."));
  m_url->setTextInteractionFlags(Qt::TextSelectableByMouse);
  top->addWidget(m_url, 1);
  top->addWidget(new QLabel(tr("Global compatibility")));
  m_globalLevel = new QComboBox;
  m_globalLevel->addItems(levels());
  m_globalLevel->setToolTip(tr("The registry's default level (PUT /config)"));
  top->addWidget(m_globalLevel);
  auto* refreshButton = new QPushButton(tr("Refresh"));
  top->addWidget(refreshButton);
  layout->addLayout(top);

  auto* split = new QSplitter(Qt::Horizontal);
  auto* left = new QWidget;
  auto* ll = new QVBoxLayout(left);
  ll->setContentsMargins(0, 0, 0, 0);
  ll->addWidget(new QLabel(tr("<b>Subjects</b>")));
  m_subjects = new QListWidget;
  m_subjects->setObjectName(QStringLiteral("subjectList"));
  ll->addWidget(m_subjects, 3);
  ll->addWidget(new QLabel(tr("<b>Versions</b>")));
  m_versionList = new QListWidget;
  m_versionList->setObjectName(QStringLiteral("versionList"));
  ll->addWidget(m_versionList, 2);
  split->addWidget(left);

  m_tabs = new QTabWidget;
  m_tabs->setDocumentMode(true);
  // Schema: the chosen version, the subject's level, deletes.
  auto* schemaTab = new QWidget;
  auto* sl = new QVBoxLayout(schemaTab);
  m_schemaTitle = new QLabel(tr("Select a subject."));
  m_schemaTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
  sl->addWidget(m_schemaTitle);
  auto* levelRow = new QHBoxLayout;
  levelRow->addWidget(new QLabel(tr("Compatibility")));
  m_level = new QComboBox;
  m_level->addItems(levels());
  m_level->setToolTip(tr("The subject's compatibility level (PUT /config/{subject})"));
  m_level->setEnabled(false);
  levelRow->addWidget(m_level);
  m_levelNote = new QLabel;
  m_levelNote->setObjectName(QStringLiteral("compatibilityNote"));
  levelRow->addWidget(m_levelNote, 1);
  sl->addLayout(levelRow);
  m_schema = new QPlainTextEdit;
  m_schema->setObjectName(QStringLiteral("schemaView"));
  m_schema->setReadOnly(true);
  m_schema->setFont(mono);
  sl->addWidget(m_schema, 1);
  auto* deleteRow = new QHBoxLayout;
  auto* deleteVersionButton = new QPushButton(tr("Delete version…"));
  auto* deleteSubjectButton = new QPushButton(tr("Delete subject…"));
  m_permanent = new QCheckBox(tr("Permanently (cannot be undone)"));
  deleteRow->addWidget(deleteVersionButton);
  deleteRow->addWidget(deleteSubjectButton);
  deleteRow->addWidget(m_permanent);
  deleteRow->addStretch();
  sl->addLayout(deleteRow);
  m_tabs->addTab(schemaTab, tr("Schema"));

  // Compare: two versions side by side.
  auto* diffTab = new QWidget;
  auto* dl = new QVBoxLayout(diffTab);
  auto* diffRow = new QHBoxLayout;
  m_diffFrom = new QComboBox;
  m_diffTo = new QComboBox;
  auto* compareButton = new QPushButton(tr("Compare"));
  diffRow->addWidget(new QLabel(tr("Version")));
  diffRow->addWidget(m_diffFrom);
  diffRow->addWidget(new QLabel(tr("with version")));
  diffRow->addWidget(m_diffTo);
  diffRow->addWidget(compareButton);
  m_diffSummary = new QLabel;
  m_diffSummary->setObjectName(QStringLiteral("diffSummary"));
  diffRow->addWidget(m_diffSummary, 1);
  dl->addLayout(diffRow);
  auto* sides = new QSplitter(Qt::Horizontal);
  m_diffLeft = new QTextEdit;
  m_diffRight = new QTextEdit;
  for (QTextEdit* e : {m_diffLeft, m_diffRight}) {
    e->setReadOnly(true);
    e->setFont(mono);
    e->setLineWrapMode(QTextEdit::NoWrap);
    sides->addWidget(e);
  }
  connect(m_diffLeft->verticalScrollBar(), &QScrollBar::valueChanged, m_diffRight->verticalScrollBar(),
          &QScrollBar::setValue);
  connect(m_diffRight->verticalScrollBar(), &QScrollBar::valueChanged, m_diffLeft->verticalScrollBar(),
          &QScrollBar::setValue);
  dl->addWidget(sides, 1);
  m_tabs->addTab(diffTab, tr("Compare versions"));

  // Check & register: a pasted schema.
  auto* checkTab = new QWidget;
  auto* cl = new QVBoxLayout(checkTab);
  m_paste = new QPlainTextEdit;
  m_paste->setObjectName(QStringLiteral("pastedSchema"));
  m_paste->setFont(mono);
  m_paste->setPlaceholderText(tr("Paste an Avro schema (JSON) here"));
  cl->addWidget(m_paste, 1);
  auto* checkRow = new QHBoxLayout;
  checkRow->addWidget(new QLabel(tr("Against version")));
  m_checkAgainst = new QComboBox;
  checkRow->addWidget(m_checkAgainst);
  auto* checkButton = new QPushButton(tr("Check compatibility"));
  checkRow->addWidget(checkButton);
  checkRow->addSpacing(24);
  checkRow->addWidget(new QLabel(tr("Subject")));
  m_registerSubject = new QLineEdit;
  m_registerSubject->setPlaceholderText(tr("orders-value"));
  checkRow->addWidget(m_registerSubject, 1);
  auto* registerButton = new QPushButton(tr("Register"));
  checkRow->addWidget(registerButton);
  cl->addLayout(checkRow);
  m_checkResult = new QLabel;
  m_checkResult->setObjectName(QStringLiteral("checkResult"));
  m_checkResult->setWordWrap(true);
  m_checkResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
  cl->addWidget(m_checkResult);
  m_tabs->addTab(checkTab, tr("Check and register"));

  split->addWidget(m_tabs);
  split->setStretchFactor(0, 0);
  split->setStretchFactor(1, 1);
  split->setSizes({260, 900});
  layout->addWidget(split, 1);
  m_status = new QLabel;
  m_status->setWordWrap(true);
  m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(m_status);

  connect(refreshButton, &QPushButton::clicked, this, &SchemaRegistryPage::refresh);
  connect(m_subjects, &QListWidget::currentTextChanged, this, [this](const QString& s) {
    if (!s.isEmpty() && s != m_subject) selectSubject(s);
  });
  connect(m_versionList, &QListWidget::currentRowChanged, this, [this](int row) {
    if (row >= 0 && row < m_versions.size() && m_versions[row] != m_version) showVersion(m_versions[row]);
  });
  connect(m_level, &QComboBox::activated, this, [this] { setCompatibility(m_level->currentText()); });
  connect(m_globalLevel, &QComboBox::activated, this, [this] { setGlobalCompatibility(m_globalLevel->currentText()); });
  connect(compareButton, &QPushButton::clicked, this,
          [this] { compare(m_diffFrom->currentData().toInt(), m_diffTo->currentData().toInt()); });
  connect(checkButton, &QPushButton::clicked, this,
          [this] { checkCompatibility(m_paste->toPlainText(), m_checkAgainst->currentData().toString()); });
  connect(registerButton, &QPushButton::clicked, this,
          [this] { registerSchema(m_registerSubject->text().trimmed(), m_paste->toPlainText()); });
  connect(deleteVersionButton, &QPushButton::clicked, this, [this] { confirmDelete(false); });
  connect(deleteSubjectButton, &QPushButton::clicked, this, [this] { confirmDelete(true); });
  connect(session, &ClusterSession::registryChanged, this, [this](const QString& url, const QString& error) {
    if (!url.isEmpty())
      m_url->setText(tr("Schema Registry: <b>%1</b>").arg(url.toHtmlEscaped()));
    else if (!error.isEmpty())
      m_url->setText(tr("Schema Registry: %1").arg(error.toHtmlEscaped()));
  });
}

void SchemaRegistryPage::setStatus(const QString& text, bool error) {
  m_status->setStyleSheet(error ? QStringLiteral("color: %1").arg(colors::error().name()) : QString());
  m_status->setText(text);
}

void SchemaRegistryPage::fail(const Error& e) {
  QString text = toQt(e.message);
  setStatus(text, true);
  Q_EMIT finished(false, text);
}

void SchemaRegistryPage::refresh() {
  setStatus(tr("Loading subjects…"), false);
  m_session->registryCall<Overview>(
      this,
      [](registry::RegistryClient& c) -> Result<Overview> {
        auto subjects = registryJson(c, "GET", "/subjects");
        if (!subjects) return subjects.error();
        Overview o;
        if (subjects->is_array())
          for (const auto& s : *subjects)
            if (s.is_string()) o.subjects.push_back(s.get<std::string>());
        std::sort(o.subjects.begin(), o.subjects.end());
        auto config = registryJson(c, "GET", "/config");
        if (!config) return config.error();
        o.globalLevel = toQt(config->value("compatibilityLevel", std::string()));
        return o;
      },
      [this](Result<Overview> o) {
        if (!o) return fail(o.error());
        QSignalBlocker block(m_subjects);
        m_subjects->clear();
        for (const auto& s : o->subjects) m_subjects->addItem(toQt(s));
        m_globalLevel->setCurrentText(o->globalLevel);
        QString text = tr("%n subject(s).", nullptr, static_cast<int>(o->subjects.size()));
        if (!m_subject.isEmpty()) {
          auto found = m_subjects->findItems(m_subject, Qt::MatchExactly);
          if (found.isEmpty()) {
            m_subject.clear();
          } else {
            m_subjects->setCurrentItem(found.first());
          }
        }
        setStatus(text, false);
        Q_EMIT finished(true, text);
      });
}

void SchemaRegistryPage::selectSubject(const QString& subject) {
  m_subject = subject;
  m_version = 0;
  if (m_registerSubject->text().isEmpty() || m_registerSubject->isModified() == false)
    m_registerSubject->setText(subject);
  {
    QSignalBlocker block(m_subjects);
    auto found = m_subjects->findItems(subject, Qt::MatchExactly);
    if (!found.isEmpty()) m_subjects->setCurrentItem(found.first());
  }
  setStatus(tr("Loading %1…").arg(subject), false);
  m_session->registryCall<SubjectInfo>(
      this,
      [subject](registry::RegistryClient& c) -> Result<SubjectInfo> {
        auto versions = registryJson(c, "GET", subjectPath(subject) + "/versions");
        if (!versions) return versions.error();
        SubjectInfo info;
        if (versions->is_array())
          for (const auto& v : *versions)
            if (v.is_number_integer()) info.versions.push_back(v.get<int>());
        auto own = registryJson(c, "GET", "/config/" + registrySegment(subject.toStdString()));
        if (own)
          info.level = toQt(own->value("compatibilityLevel", std::string()));
        else if (own.error().code != ErrorCode::NotFound)
          return own.error();  // 40408: none of its own
        auto global = registryJson(c, "GET", "/config");
        if (!global) return global.error();
        info.effective = info.level.isEmpty() ? toQt(global->value("compatibilityLevel", std::string())) : info.level;
        return info;
      },
      [this, subject](Result<SubjectInfo> info) {
        if (subject != m_subject) return;
        if (!info) return fail(info.error());
        m_versions.clear();
        for (int v : info->versions) m_versions << v;
        {
          QSignalBlocker block(m_versionList);
          m_versionList->clear();
          for (int v : m_versions) m_versionList->addItem(tr("version %1").arg(v));
        }
        m_level->setEnabled(true);
        m_level->setCurrentText(info->effective);
        m_levelNote->setText(info->level.isEmpty() ? tr("(the global level; this subject has none of its own)")
                                                   : tr("(this subject's own level)"));
        fillVersionCombos();
        if (m_versions.isEmpty()) {
          m_schema->clear();
          m_schemaTitle->setText(tr("%1 has no versions.").arg(subject));
          QString text = tr("%1: no versions.").arg(subject);
          setStatus(text, false);
          Q_EMIT finished(true, text);
          return;
        }
        showVersion(m_versions.last());
      });
}

void SchemaRegistryPage::fillVersionCombos() {
  const int from = m_diffFrom->currentData().toInt(), to = m_diffTo->currentData().toInt();
  m_diffFrom->clear();
  m_diffTo->clear();
  m_checkAgainst->clear();
  m_checkAgainst->addItem(tr("latest"), QStringLiteral("latest"));
  for (int v : m_versions) {
    m_diffFrom->addItem(QString::number(v), v);
    m_diffTo->addItem(QString::number(v), v);
    m_checkAgainst->addItem(QString::number(v), QString::number(v));
  }
  // By default the two newest versions.
  int fi = m_diffFrom->findData(from), ti = m_diffTo->findData(to);
  m_diffFrom->setCurrentIndex(fi >= 0 ? fi : std::max(0, static_cast<int>(m_versions.size()) - 2));
  m_diffTo->setCurrentIndex(ti >= 0 ? ti : static_cast<int>(m_versions.size()) - 1);
}

void SchemaRegistryPage::showVersion(int version) {
  const QString subject = m_subject;
  m_version = version;
  {
    QSignalBlocker block(m_versionList);
    m_versionList->setCurrentRow(static_cast<int>(m_versions.indexOf(version)));
  }
  m_session->registryCall<VersionInfo>(
      this,
      [subject, version](registry::RegistryClient& c) { return readVersion(c, subject, std::to_string(version)); },
      [this, subject, version](Result<VersionInfo> v) {
        if (subject != m_subject || version != m_version) return;
        if (!v) return fail(v.error());
        m_schemaTitle->setText(
            tr("<b>%1</b> · version %2 · schema id %3").arg(subject.toHtmlEscaped()).arg(v->version).arg(v->id));
        m_schema->setPlainText(toQt(prettySchema(v->schema)));
        QString text = tr("%1 version %2 (schema id %3).").arg(subject).arg(v->version).arg(v->id);
        setStatus(text, false);
        Q_EMIT finished(true, text);
      });
}

void SchemaRegistryPage::compare(int leftVersion, int rightVersion) {
  const QString subject = m_subject;
  struct Pair {
    VersionInfo left, right;
  };
  m_tabs->setCurrentIndex(1);
  m_diffFrom->setCurrentIndex(m_diffFrom->findData(leftVersion));
  m_diffTo->setCurrentIndex(m_diffTo->findData(rightVersion));
  m_session->registryCall<Pair>(
      this,
      [subject, leftVersion, rightVersion](registry::RegistryClient& c) -> Result<Pair> {
        auto l = readVersion(c, subject, std::to_string(leftVersion));
        if (!l) return l.error();
        auto r = readVersion(c, subject, std::to_string(rightVersion));
        if (!r) return r.error();
        return Pair{*l, *r};
      },
      [this, subject](Result<Pair> p) {
        if (subject != m_subject) return;
        if (!p) return fail(p.error());
        auto left = splitLines(prettySchema(p->left.schema));
        auto right = splitLines(prettySchema(p->right.schema));
        auto rows = diffLines(left, right);
        fillDiffSide(m_diffLeft, left, rows, true);
        fillDiffSide(m_diffRight, right, rows, false);
        int removed = 0, added = 0;
        for (const DiffLine& d : rows) {
          if (d.left >= 0 && d.kind != DiffLine::Same) ++removed;
          if (d.right >= 0 && d.kind != DiffLine::Same) ++added;
        }
        QString text = tr("version %1 → %2: %3 line(s) removed, %4 added")
                           .arg(p->left.version)
                           .arg(p->right.version)
                           .arg(removed)
                           .arg(added);
        m_diffSummary->setText(text);
        setStatus(text, false);
        Q_EMIT finished(true, text);
      });
}

void SchemaRegistryPage::setCompatibility(const QString& level) {
  if (m_subject.isEmpty()) return fail(makeError(ErrorCode::Invalid, toStd(tr("select a subject first"))));
  const QString subject = m_subject;
  m_session->registryCall<QString>(
      this,
      [subject, level](registry::RegistryClient& c) -> Result<QString> {
        auto put = registryJson(c, "PUT", "/config/" + registrySegment(subject.toStdString()),
                                json{{"compatibility", level.toStdString()}});
        if (!put) return put.error();
        // What the registry holds now.
        auto now = registryJson(c, "GET", "/config/" + registrySegment(subject.toStdString()));
        if (!now) return now.error();
        return toQt(now->value("compatibilityLevel", std::string()));
      },
      [this, subject](Result<QString> now) {
        if (!now) return fail(now.error());
        if (subject == m_subject) {
          m_level->setCurrentText(*now);
          m_levelNote->setText(tr("(this subject's own level)"));
        }
        QString text = tr("Compatibility of %1 is now %2.").arg(subject, *now);
        setStatus(text, false);
        Q_EMIT finished(true, text);
      });
}

void SchemaRegistryPage::setGlobalCompatibility(const QString& level) {
  m_session->registryCall<QString>(
      this,
      [level](registry::RegistryClient& c) -> Result<QString> {
        auto put = registryJson(c, "PUT", "/config", json{{"compatibility", level.toStdString()}});
        if (!put) return put.error();
        auto now = registryJson(c, "GET", "/config");
        if (!now) return now.error();
        return toQt(now->value("compatibilityLevel", std::string()));
      },
      [this](Result<QString> now) {
        if (!now) return fail(now.error());
        m_globalLevel->setCurrentText(*now);
        QString text = tr("The global compatibility is now %1.").arg(*now);
        setStatus(text, false);
        Q_EMIT finished(true, text);
      });
}

void SchemaRegistryPage::checkCompatibility(const QString& schema, const QString& version) {
  if (m_subject.isEmpty()) return fail(makeError(ErrorCode::Invalid, toStd(tr("select a subject first"))));
  if (schema.trimmed().isEmpty()) return fail(makeError(ErrorCode::Invalid, toStd(tr("paste a schema first"))));
  const QString subject = m_subject;
  m_tabs->setCurrentIndex(2);
  m_checkResult->setText(tr("Checking…"));
  m_checkResult->setStyleSheet({});
  m_session->registryCall<json>(
      this,
      [subject, schema, version](registry::RegistryClient& c) {
        return registryJson(c, "POST",
                            "/compatibility" + subjectPath(subject) + "/versions/" +
                                registrySegment(version.toStdString()) + "?verbose=true",
                            json{{"schema", schema.toStdString()}});
      },
      [this, subject, version](Result<json> verdict) {
        if (!verdict) {
          m_checkResult->setStyleSheet(QStringLiteral("color: %1").arg(colors::error().name()));
          m_checkResult->setText(toQt(verdict.error().message));
          return fail(verdict.error());
        }
        bool ok = verdict->value("is_compatible", false);
        QStringList messages;
        if (verdict->contains("messages") && (*verdict)["messages"].is_array())
          for (const auto& m : (*verdict)["messages"])
            messages << (m.is_string() ? toQt(m.get<std::string>()) : toQt(m.dump()));
        QString text = ok ? tr("Compatible with %1 version %2.").arg(subject, version)
                          : tr("NOT compatible with %1 version %2.").arg(subject, version);
        if (!messages.isEmpty()) text += QLatin1Char('\n') + messages.join(QLatin1Char('\n'));
        m_checkResult->setStyleSheet(
            QStringLiteral("color: %1").arg((ok ? colors::success() : colors::error()).name()));
        m_checkResult->setText(text);
        setStatus(ok ? tr("Compatible.") : tr("Not compatible."), false);
        Q_EMIT finished(true, text);
      });
}

void SchemaRegistryPage::registerSchema(const QString& subject, const QString& schema) {
  if (subject.isEmpty()) return fail(makeError(ErrorCode::Invalid, toStd(tr("name the subject to register under"))));
  if (schema.trimmed().isEmpty()) return fail(makeError(ErrorCode::Invalid, toStd(tr("paste a schema first"))));
  m_session->registryCall<json>(
      this,
      [subject, schema](registry::RegistryClient& c) {
        return registryJson(c, "POST", subjectPath(subject) + "/versions", json{{"schema", schema.toStdString()}});
      },
      [this, subject](Result<json> r) {
        if (!r) {
          m_checkResult->setStyleSheet(QStringLiteral("color: %1").arg(colors::error().name()));
          m_checkResult->setText(toQt(r.error().message));
          return fail(r.error());
        }
        QString text = tr("Registered under %1: schema id %2.").arg(subject).arg(r->value("id", 0));
        m_checkResult->setStyleSheet(QStringLiteral("color: %1").arg(colors::success().name()));
        m_checkResult->setText(text);
        m_subject = subject;
        refresh();
        selectSubject(subject);
      });
}

void SchemaRegistryPage::confirmDelete(bool subject) {
  if (m_subject.isEmpty() || (!subject && m_version <= 0)) return;
  bool permanent = m_permanent->isChecked();
  QString what = subject ? tr("subject %1 (all its versions)").arg(m_subject)
                         : tr("version %1 of %2").arg(m_version).arg(m_subject);
  QString question = permanent ? tr("Delete %1 permanently? Its schemas cannot be read by this subject any more, "
                                    "and this cannot be undone.")
                                     .arg(what)
                               : tr("Delete %1? A soft delete: the registry keeps it for ?deleted=true.").arg(what);
  if (QMessageBox::question(this, tr("Delete"), question) != QMessageBox::Yes) return;
  if (subject)
    deleteSubject(permanent);
  else
    deleteVersion(m_version, permanent);
}

void SchemaRegistryPage::deleteVersion(int version, bool permanent) {
  const QString subject = m_subject;
  m_session->registryCall<json>(
      this,
      [subject, version, permanent](registry::RegistryClient& c) -> Result<json> {
        std::string path = subjectPath(subject) + "/versions/" + std::to_string(version);
        auto soft = registryJson(c, "DELETE", path);
        // A permanent delete needs a soft one first; one already done (40406) is fine.
        if (!soft && !(permanent && soft.error().message.rfind("40406", 0) == 0)) return soft.error();
        if (!permanent) return soft;
        return registryJson(c, "DELETE", path + "?permanent=true");
      },
      [this, subject, version, permanent](Result<json> r) {
        if (!r) return fail(r.error());
        QString text = permanent ? tr("Version %1 of %2 deleted permanently.").arg(version).arg(subject)
                                 : tr("Version %1 of %2 deleted (soft).").arg(version).arg(subject);
        setStatus(text, false);
        Q_EMIT finished(true, text);
        if (subject == m_subject) selectSubject(subject);
      });
}

void SchemaRegistryPage::deleteSubject(bool permanent) {
  const QString subject = m_subject;
  m_session->registryCall<json>(
      this,
      [subject, permanent](registry::RegistryClient& c) -> Result<json> {
        auto soft = registryJson(c, "DELETE", subjectPath(subject));
        if (!soft && !(permanent && soft.error().message.rfind("40404", 0) == 0)) return soft.error();
        if (!permanent) return soft;
        return registryJson(c, "DELETE", subjectPath(subject) + "?permanent=true");
      },
      [this, subject, permanent](Result<json> r) {
        if (!r) return fail(r.error());
        QString text = permanent ? tr("Subject %1 deleted permanently.").arg(subject)
                                 : tr("Subject %1 deleted (soft).").arg(subject);
        m_subject.clear();
        m_versions.clear();
        m_versionList->clear();
        m_schema->clear();
        m_schemaTitle->setText(text);
        setStatus(text, false);
        Q_EMIT finished(true, text);
        refresh();
      });
}

}  // namespace tributary::widgets
