#include "widgets/browser/produce_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "core/record/json.h"
#include "widgets/browser/cluster_session.h"
#include "widgets/browser/registry_api.h"
#include "widgets/document/qt_json.h"
#include "widgets/style/app_theme.h"

namespace tributary::widgets {

ProduceDialog::ProduceDialog(const QString& topic, int partitions, ClusterSession* session, QWidget* parent)
    : QDialog(parent), m_topic(topic), m_session(session) {
  setWindowTitle(tr("Produce to %1").arg(topic));
  setObjectName(QStringLiteral("produceDialog"));
  resize(560, 460);
  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout;
  m_key = new QLineEdit;
  m_key->setPlaceholderText(tr("key (text)"));
  m_nullKey = new QCheckBox(tr("No key"));
  connect(m_nullKey, &QCheckBox::toggled, m_key, &QLineEdit::setDisabled);
  auto* keyRow = new QHBoxLayout;
  keyRow->addWidget(m_key, 1);
  keyRow->addWidget(m_nullKey);
  form->addRow(tr("Key"), keyRow);
  QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
  m_valueFormat = new QComboBox;
  m_valueFormat->addItem(tr("Text, as typed"), QStringLiteral("text"));
  m_valueFormat->addItem(tr("Avro (Schema Registry), typed as JSON"), QStringLiteral("avro"));
  if (!session || !session->hasRegistry()) {
    m_valueFormat->setEnabled(false);
    m_valueFormat->setToolTip(tr("Avro needs a Schema Registry for this cluster"));
  }
  form->addRow(tr("Value as"), m_valueFormat);
  m_avroRow = new QWidget;
  auto* avroLayout = new QHBoxLayout(m_avroRow);
  avroLayout->setContentsMargins(0, 0, 0, 0);
  m_subject = new QComboBox;
  m_subject->setMinimumContentsLength(18);
  m_version = new QComboBox;
  m_schemaLabel = new QLabel;
  m_schemaLabel->setObjectName(QStringLiteral("schemaLabel"));
  avroLayout->addWidget(m_subject, 2);
  avroLayout->addWidget(new QLabel(tr("version")));
  avroLayout->addWidget(m_version);
  avroLayout->addWidget(m_schemaLabel, 1);
  form->addRow(tr("Subject"), m_avroRow);
  form->setRowVisible(m_avroRow, false);
  m_form = form;
  m_value = new QPlainTextEdit;
  m_value->setFont(mono);
  m_value->setPlaceholderText(tr("{\"id\": 1}"));
  form->addRow(tr("Value"), m_value);
  m_headers = new QPlainTextEdit;
  m_headers->setFont(mono);
  m_headers->setPlaceholderText(tr("one NAME=VALUE a line"));
  m_headers->setMaximumHeight(90);
  form->addRow(tr("Headers"), m_headers);
  m_partition = new QComboBox;
  m_partition->addItem(tr("Partitioner (by key)"), -1);
  for (int p = 0; p < partitions; ++p) m_partition->addItem(tr("Partition %1").arg(p), p);
  form->addRow(tr("Partition"), m_partition);
  layout->addLayout(form);
  m_error = new QLabel;
  m_error->setWordWrap(true);
  m_error->setStyleSheet(QStringLiteral("color: %1").arg(colors::error().name()));
  m_error->setVisible(false);
  layout->addWidget(m_error);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
  buttons->addButton(tr("Produce"), QDialogButtonBox::AcceptRole);
  connect(buttons, &QDialogButtonBox::accepted, this, &ProduceDialog::accept);
  connect(m_valueFormat, &QComboBox::currentIndexChanged, this,
          [this] { setAvro(m_valueFormat->currentData().toString() == QLatin1String("avro")); });
  connect(m_subject, &QComboBox::currentTextChanged, this, [this](const QString& s) {
    if (!s.isEmpty()) loadVersions(s);
  });
  connect(m_version, &QComboBox::currentIndexChanged, this, [this] {
    if (m_version->currentIndex() >= 0) loadSchema(m_subject->currentText(), m_version->currentData().toString());
  });
  connect(buttons, &QDialogButtonBox::rejected, this, &ProduceDialog::reject);
  layout->addWidget(buttons);
}

Result<kafka::ProduceMessage> ProduceDialog::message() const {
  kafka::ProduceMessage m;
  if (!m_nullKey->isChecked()) m.key = m_key->text().toStdString();
  m.value = m_value->toPlainText().toStdString();
  if (m_valueFormat->currentData().toString() == QLatin1String("avro")) {
    if (!m_codec)
      return makeError(ErrorCode::Invalid, tr("choose a subject and version whose schema could be read").toStdString(),
                       "value");
    auto value = record::parseJson(*m.value);
    if (!value) return makeError(ErrorCode::Invalid, "value: " + value.error().toString(), "value");
    std::string out;
    avro::appendConfluentHeader(m_schemaId, out);
    if (Status s = m_codec->encode(*value, out); !s)
      return makeError(
          ErrorCode::Invalid,
          tr("the value does not fit schema id %1 — %2").arg(m_schemaId).arg(toQt(s.error().toString())).toStdString(),
          "value");
    m.value = std::move(out);
  }
  const QStringList lines = m_headers->toPlainText().split(QLatin1Char('\n'));
  for (int i = 0; i < lines.size(); ++i) {
    QString line = lines[i].trimmed();
    if (line.isEmpty()) continue;
    qsizetype eq = line.indexOf(QLatin1Char('='));
    if (eq <= 0)
      return makeError(ErrorCode::Invalid,
                       tr("header line %1 (\"%2\") is not NAME=VALUE").arg(i + 1).arg(line).toStdString(), "headers");
    m.headers.emplace_back(line.left(eq).trimmed().toStdString(), line.mid(eq + 1).toStdString());
  }
  m.partition = m_partition->currentData().toInt();
  return m;
}

void ProduceDialog::setAvro(bool avro) {
  m_valueFormat->setCurrentIndex(m_valueFormat->findData(avro ? QStringLiteral("avro") : QStringLiteral("text")));
  m_form->setRowVisible(m_avroRow, avro);
  if (avro && !m_subjectsLoaded) loadSubjects();
}

void ProduceDialog::loadSubjects() {
  if (!m_session) return;
  m_subjectsLoaded = true;
  m_schemaLabel->setText(tr("reading subjects…"));
  m_session->registryCall<nlohmann::json>(
      this, [](registry::RegistryClient& c) { return registryJson(c, "GET", "/subjects"); },
      [this](Result<nlohmann::json> subjects) {
        if (!subjects || !subjects->is_array()) {
          m_subjectsLoaded = false;
          QString text = subjects ? tr("the registry did not list subjects") : toQt(subjects.error().message);
          m_schemaLabel->setText(QString());
          showError(tr("Schema Registry: %1").arg(text));
          Q_EMIT subjectsLoaded(false);
          return;
        }
        QStringList names;
        for (const auto& s : *subjects)
          if (s.is_string()) names << toQt(s.get<std::string>());
        names.sort();
        {
          QSignalBlocker block(m_subject);
          m_subject->clear();
          m_subject->addItems(names);
          m_subject->setCurrentIndex(-1);
        }
        m_schemaLabel->setText(names.isEmpty() ? tr("the registry has no subjects") : QString());
        Q_EMIT subjectsLoaded(true);
        // TopicNameStrategy: <topic>-value first.
        int preferred = m_subject->findText(m_topic + QStringLiteral("-value"));
        if (!names.isEmpty()) m_subject->setCurrentIndex(preferred >= 0 ? preferred : 0);
      });
}

void ProduceDialog::loadVersions(const QString& subject) {
  if (!m_session) return;
  m_codec.reset();
  m_schemaId = 0;
  m_session->registryCall<nlohmann::json>(
      this,
      [subject](registry::RegistryClient& c) {
        return registryJson(c, "GET", "/subjects/" + registrySegment(subject.toStdString()) + "/versions");
      },
      [this, subject](Result<nlohmann::json> versions) {
        if (subject != m_subject->currentText()) return;
        if (!versions) {
          showError(tr("Schema Registry: %1").arg(toQt(versions.error().message)));
          Q_EMIT versionsLoaded(false);
          return;
        }
        QSignalBlocker block(m_version);
        m_version->clear();
        m_version->addItem(tr("latest"), QStringLiteral("latest"));
        if (versions->is_array())
          for (const auto& v : *versions)
            if (v.is_number_integer()) m_version->addItem(QString::number(v.get<int>()), QString::number(v.get<int>()));
        block.unblock();
        Q_EMIT versionsLoaded(true);
        m_version->setCurrentIndex(0);
        loadSchema(subject, QStringLiteral("latest"));
      });
}

void ProduceDialog::loadSchema(const QString& subject, const QString& version) {
  if (!m_session || subject.isEmpty()) return;
  m_codec.reset();
  m_schemaId = 0;
  m_schemaLabel->setText(tr("reading the schema…"));
  struct Loaded {
    int id = 0;
    int version = 0;
    std::string schema;
  };
  m_session->registryCall<Loaded>(
      this,
      [subject, version](registry::RegistryClient& c) -> Result<Loaded> {
        auto body = registryJson(c, "GET",
                                 "/subjects/" + registrySegment(subject.toStdString()) + "/versions/" +
                                     registrySegment(version.toStdString()));
        if (!body) return body.error();
        return Loaded{body->value("id", 0), body->value("version", 0), body->value("schema", std::string())};
      },
      [this, subject, version](Result<Loaded> loaded) {
        if (subject != m_subject->currentText() || version != m_version->currentData().toString()) return;
        auto done = [this](bool ok, const QString& text) {
          m_schemaLabel->setText(ok ? text : QString());
          showError(ok ? QString() : text);
          Q_EMIT schemaLoaded(ok, text);
        };
        if (!loaded) return done(false, tr("Schema Registry: %1").arg(toQt(loaded.error().message)));
        auto schema = avro::Schema::parse(loaded->schema);
        if (!schema)
          return done(false, tr("the registry's schema is not Avro we can read: %1").arg(toQt(schema.error().message)));
        auto codec = avro::Codec::create(std::make_shared<const avro::Schema>(std::move(*schema)));
        if (!codec) return done(false, toQt(codec.error().message));
        m_codec = std::move(*codec);
        m_schemaId = loaded->id;
        m_value->setToolTip(toQt(prettySchema(loaded->schema)));
        done(true, tr("v%1 · schema id %2").arg(loaded->version).arg(loaded->id));
      });
}

void ProduceDialog::showError(const QString& text) {
  m_error->setText(text);
  m_error->setVisible(!text.isEmpty());
}

void ProduceDialog::accept() {
  auto m = message();
  if (!m) {
    showError(toQt(m.error().message));
    return;
  }
  showError({});
  Q_EMIT produceRequested(*m);
}

}  // namespace tributary::widgets
