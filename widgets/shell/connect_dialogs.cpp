#include "widgets/shell/connect_dialogs.h"

#include <fstream>

#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "core/model/kafka_connect.h"
#include "widgets/document/qt_json.h"

namespace tributary::widgets {

ConnectImportDialog::ConnectImportDialog(const QStringList& files, QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Import Kafka Connect configs"));
  auto* layout = new QVBoxLayout(this);
  auto* summary = new QLabel(this);
  summary->setWordWrap(true);
  layout->addWidget(summary);
  m_report = new QPlainTextEdit(this);
  m_report->setReadOnly(true);
  m_report->setLineWrapMode(QPlainTextEdit::WidgetWidth);
  layout->addWidget(m_report, 1);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
  QPushButton* open = buttons->addButton(tr("Open Pipeline"), QDialogButtonBox::AcceptRole);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
  resize(720, 420);

  std::vector<model::connect::ConnectorConfig> connectors;
  QString failure;
  for (const QString& file : files) {
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
      failure = tr("Cannot read %1: %2").arg(file, f.errorString());
      break;
    }
    const QByteArray text = f.readAll();
    auto parsed = model::connect::parseConnectorJson(std::string_view(text.constData(), static_cast<std::size_t>(text.size())),
                                                     QFileInfo(file).completeBaseName().toStdString());
    if (!parsed) {
      failure = tr("%1: %2").arg(QFileInfo(file).fileName(), toQt(parsed.error().toString()));
      break;
    }
    for (auto& c : *parsed) connectors.push_back(std::move(c));
  }
  if (failure.isEmpty()) {
    const QString name = files.size() == 1 ? QFileInfo(files.first()).completeBaseName() : tr("imported-connectors");
    auto imported = model::connect::importConnectors(connectors, name.toStdString());
    if (!imported) {
      failure = toQt(imported.error().toString());
    } else {
      m_pipeline = imported->pipeline;
      summary->setText(tr("%n connector(s) became %1 nodes. Settings that were not carried over as they were:",
                          nullptr, static_cast<int>(connectors.size()))
                           .arg(imported->pipeline.nodes.size()));
      m_report->setPlainText(imported->notes.empty() ? tr("(none)") : toQt(model::connect::formatNotes(imported->notes)));
    }
  }
  if (!failure.isEmpty()) {
    summary->setText(tr("Nothing can be imported:"));
    m_report->setPlainText(failure);
    open->setEnabled(false);
  }
}

QString ConnectImportDialog::report() const {
  return m_report->toPlainText();
}

void exportConnect(const model::Pipeline& pipeline, QWidget* parent) {
  auto exported = model::connect::exportConnectors(pipeline);
  const QString notes = toQt(model::connect::formatNotes(exported.notes));
  if (exported.connectors.empty()) {
    QMessageBox::information(parent, QObject::tr("Export Kafka Connect configs"),
                             QObject::tr("No node of this pipeline has a Kafka Connect equivalent.\n\n%1").arg(notes));
    return;
  }
  const QString dir = QFileDialog::getExistingDirectory(parent, QObject::tr("Folder for the connector configs"));
  if (dir.isEmpty()) return;
  QStringList written;
  for (const auto& c : exported.connectors) {
    const QString path = QDir(dir).filePath(toQt(c.name) + QStringLiteral(".json"));
    QFile f(path);
    const std::string body = nlohmann::json{{"name", c.name}, {"config", c.config}}.dump(2) + "\n";
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        f.write(body.data(), static_cast<qint64>(body.size())) != static_cast<qint64>(body.size())) {
      QMessageBox::warning(parent, QObject::tr("Export Kafka Connect configs"),
                           QObject::tr("Cannot write %1: %2").arg(path, f.errorString()));
      return;
    }
    written << QFileInfo(path).fileName();
  }
  QMessageBox box(QMessageBox::Information, QObject::tr("Export Kafka Connect configs"),
                  QObject::tr("Wrote %1 to %2.").arg(written.join(QStringLiteral(", ")), dir), QMessageBox::Ok, parent);
  if (!notes.isEmpty()) box.setDetailedText(notes);
  box.exec();
}

}  // namespace tributary::widgets
