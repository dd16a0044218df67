#include "widgets/browser/message_detail.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

#include "widgets/browser/message_table_model.h"
#include "widgets/document/qt_json.h"
#include "widgets/style/app_theme.h"
#include "widgets/style/icons.h"

namespace tributary::widgets {
namespace {

// Colours of JSON scalars, readable on light and dark backgrounds.
QColor jsonColor(const nlohmann::ordered_json& v) {
  bool dark = isDarkTheme();
  if (v.is_string()) return dark ? QColor(0x98, 0xc3, 0x79) : QColor(0x0a, 0x7d, 0x32);
  if (v.is_number()) return dark ? QColor(0x61, 0xaf, 0xef) : QColor(0x1d, 0x4e, 0xd8);
  if (v.is_boolean()) return dark ? QColor(0xc6, 0x78, 0xdd) : QColor(0x86, 0x19, 0x8f);
  return colors::mutedText();
}

QString scalarText(const nlohmann::ordered_json& v) {
  return toQt(v.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

void addChildren(QTreeWidgetItem* parent, QTreeWidget* tree, const nlohmann::ordered_json& value, int& budget) {
  auto add = [&](const QString& name, const nlohmann::ordered_json& child) {
    if (budget-- <= 0) return false;
    auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(tree);
    item->setText(0, name);
    if (child.is_object() || child.is_array()) {
      item->setText(
          1, child.is_object() ? QStringLiteral("{%1}").arg(child.size()) : QStringLiteral("[%1]").arg(child.size()));
      item->setForeground(1, colors::mutedText());
      addChildren(item, tree, child, budget);
    } else {
      item->setText(1, scalarText(child));
      item->setForeground(1, jsonColor(child));
    }
    return true;
  };
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it)
      if (!add(toQt(it.key()), it.value())) break;
  } else if (value.is_array()) {
    int i = 0;
    for (const auto& child : value)
      if (!add(QStringLiteral("[%1]").arg(i++), child)) break;
  }
  if (budget < 0 && parent) {
    auto* more = new QTreeWidgetItem(parent);
    more->setText(0, QObject::tr("… (more not shown)"));
    more->setForeground(0, colors::mutedText());
  }
}

}  // namespace

MessageDetail::MessageDetail(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 4, 0, 0);
  auto* top = new QHBoxLayout;
  m_meta = new QLabel(tr("Select a message to see it here."));
  m_meta->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_meta->setWordWrap(true);
  top->addWidget(m_meta, 1);
  m_loadFull = new QPushButton(tr("Load whole value"));
  m_loadFull->setVisible(false);
  m_copy = new QPushButton(icons::action(QStringLiteral("copy")), tr("Copy"));
  m_copy->setToolTip(tr("Copy the value to the clipboard"));
  m_save = new QPushButton(icons::action(QStringLiteral("save")), tr("Save…"));
  m_save->setToolTip(tr("Save the value (raw bytes) to a file"));
  for (QPushButton* b : {m_loadFull, m_copy, m_save}) top->addWidget(b);
  layout->addLayout(top);
  m_avro = new QLabel;
  m_avro->setObjectName(QStringLiteral("avroLabel"));
  m_avro->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_avro->setWordWrap(true);
  m_avro->setVisible(false);
  layout->addWidget(m_avro);

  m_tabs = new QTabWidget;
  m_tabs->setDocumentMode(true);
  m_valueStack = new QStackedWidget;
  m_tree = new QTreeWidget;
  m_tree->setObjectName(QStringLiteral("jsonTree"));
  m_tree->setColumnCount(2);
  m_tree->setHeaderLabels({tr("Field"), tr("Value")});
  m_tree->setUniformRowHeights(true);
  m_tree->setAlternatingRowColors(true);
  m_tree->header()->setSectionResizeMode(0, QHeaderView::Interactive);
  m_tree->header()->resizeSection(0, 220);
  QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
  m_text = new QPlainTextEdit;
  m_text->setReadOnly(true);
  m_text->setFont(mono);
  m_valueStack->addWidget(m_tree);
  m_valueStack->addWidget(m_text);
  m_key = new QPlainTextEdit;
  m_key->setReadOnly(true);
  m_key->setFont(mono);
  m_headers = new QTableWidget(0, 2);
  m_headers->setHorizontalHeaderLabels({tr("Header"), tr("Value")});
  m_headers->horizontalHeader()->setStretchLastSection(true);
  m_headers->verticalHeader()->setVisible(false);
  m_headers->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_tabs->addTab(m_valueStack, tr("Value"));
  m_tabs->addTab(m_key, tr("Key"));
  m_tabs->addTab(m_headers, tr("Headers"));
  layout->addWidget(m_tabs, 1);

  connect(m_copy, &QPushButton::clicked, this, &MessageDetail::copyValue);
  connect(m_save, &QPushButton::clicked, this, &MessageDetail::saveValue);
  connect(m_loadFull, &QPushButton::clicked, this, &MessageDetail::loadFullValueRequested);
  clear();
}

bool MessageDetail::fillJsonTree(QTreeWidget* tree, const std::string& bytes, int maxItems) {
  tree->clear();
  // ordered_json keeps the fields in the order the producer wrote them.
  auto parsed = nlohmann::ordered_json::parse(bytes, nullptr, false);
  if (parsed.is_discarded()) return false;
  int budget = maxItems;
  if (parsed.is_object() || parsed.is_array()) {
    addChildren(nullptr, tree, parsed, budget);
  } else {
    auto* item = new QTreeWidgetItem(tree);
    item->setText(0, QObject::tr("(value)"));
    item->setText(1, scalarText(parsed));
    item->setForeground(1, jsonColor(parsed));
  }
  tree->expandToDepth(1);
  return true;
}

void MessageDetail::setMessage(const QString& topic, const kafka::Message& message, const QString& format) {
  m_message = message;
  m_topic = topic;
  m_format = format;
  m_has = true;
  m_avroValueJson.clear();
  m_avro->setVisible(false);
  QString meta = tr("<b>%1</b> · partition %2 · offset %3 · %4 · key %5 B · value %6 B · %7 header(s)")
                     .arg(topic.toHtmlEscaped())
                     .arg(message.partition)
                     .arg(message.offset)
                     .arg(MessageTableModel::timestampText(message.timestampMs))
                     .arg(message.keySize)
                     .arg(message.valueSize)
                     .arg(message.headers.size());
  if (message.valueTruncated())
    meta += tr(" · <span style='color:%1'>showing the first %2 bytes</span>")
                .arg(colors::warning().name())
                .arg(message.value->size());
  m_meta->setText(meta);
  m_loadFull->setVisible(message.valueTruncated());
  bool tree = message.value && format != QLatin1String("hex") && format != QLatin1String("string") &&
              !message.valueTruncated() && fillJsonTree(m_tree, *message.value);
  if (tree) {
    m_valueStack->setCurrentWidget(m_tree);
  } else {
    m_text->setPlainText(message.value ? toQt(kafka::formatPayload(*message.value, format.toStdString()))
                                       : tr("(null — a tombstone)"));
    m_valueStack->setCurrentWidget(m_text);
  }
  m_key->setPlainText(message.key ? toQt(kafka::formatPayload(*message.key, format.toStdString())) : tr("(no key)"));
  m_headers->setRowCount(static_cast<int>(message.headers.size()));
  for (int i = 0; i < static_cast<int>(message.headers.size()); ++i) {
    const auto& [k, v] = message.headers[static_cast<std::size_t>(i)];
    m_headers->setItem(i, 0, new QTableWidgetItem(toQt(k)));
    m_headers->setItem(i, 1, new QTableWidgetItem(v ? toQt(kafka::formatPayload(*v, "auto")) : tr("null")));
  }
  m_tabs->setTabText(2, tr("Headers (%1)").arg(message.headers.size()));
  m_copy->setEnabled(true);
  m_save->setEnabled(message.value.has_value());
}

void MessageDetail::setAvroNote(const QString& text, bool error) {
  m_avro->setStyleSheet(QStringLiteral("color: %1").arg((error ? colors::warning() : colors::mutedText()).name()));
  m_avro->setText(text);
  m_avro->setVisible(!text.isEmpty());
}

void MessageDetail::setAvro(const std::optional<registry::AvroPayload>& key,
                            const std::optional<registry::AvroPayload>& value) {
  if (!m_has) return;
  QStringList lines;
  bool error = false;
  auto describe = [&](const QString& what, const registry::AvroPayload& p) {
    QString subjects = p.subjects.empty() ? tr("subject unknown") : toQt(p.subjects);
    if (p.error.empty()) {
      lines << tr("%1: Avro, schema id %2 (%3)").arg(what).arg(p.schemaId).arg(subjects);
    } else {
      error = true;
      lines << tr("%1: Confluent-framed Avro, schema id %2 — not decoded: %3. Shown as hex.")
                   .arg(what)
                   .arg(p.schemaId)
                   .arg(toQt(p.error));
    }
  };
  if (value) {
    describe(tr("Value"), *value);
    if (value->error.empty() && fillJsonTree(m_tree, value->json)) {
      m_avroValueJson = toQt(value->json);
      m_valueStack->setCurrentWidget(m_tree);
    } else {
      m_text->setPlainText(toQt(kafka::formatPayload(*m_message.value, "hex")));
      m_valueStack->setCurrentWidget(m_text);
    }
  }
  if (key) {
    describe(tr("Key"), *key);
    m_key->setPlainText(key->error.empty() ? toQt(key->json) : toQt(kafka::formatPayload(*m_message.key, "hex")));
  }
  setAvroNote(lines.join(QLatin1Char('\n')), error);
}

QString MessageDetail::keyText() const {
  return m_key->toPlainText();
}

bool MessageDetail::showsTree() const {
  return m_valueStack->currentWidget() == m_tree;
}

void MessageDetail::setLoading(const QString& text) {
  m_meta->setText(text);
  m_loadFull->setVisible(false);
}

void MessageDetail::clear() {
  m_has = false;
  m_avroValueJson.clear();
  m_avro->setVisible(false);
  m_meta->setText(tr("Select a message to see it here."));
  m_tree->clear();
  m_text->clear();
  m_key->clear();
  m_headers->setRowCount(0);
  m_valueStack->setCurrentWidget(m_text);
  m_loadFull->setVisible(false);
  m_copy->setEnabled(false);
  m_save->setEnabled(false);
}

QString MessageDetail::valueText() const {
  if (!m_has || !m_message.value) return {};
  if (!m_avroValueJson.isEmpty()) return m_avroValueJson;
  return toQt(kafka::formatPayload(*m_message.value, m_format.toStdString()));
}

void MessageDetail::copyValue() {
  QApplication::clipboard()->setText(valueText());
}

void MessageDetail::saveValue() {
  if (!m_has || !m_message.value) return;
  if (m_message.valueTruncated()) {
    Q_EMIT loadFullValueRequested();
    return;
  }
  QString path = QFileDialog::getSaveFileName(
      this, tr("Save value"),
      QStringLiteral("%1-%2-%3.bin").arg(m_topic).arg(m_message.partition).arg(m_message.offset));
  if (path.isEmpty()) return;
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) ||
      file.write(m_message.value->data(), static_cast<qint64>(m_message.value->size())) < 0 || !file.commit())
    m_meta->setText(tr("Cannot write %1: %2").arg(path, file.errorString()));
}

}  // namespace tributary::widgets
