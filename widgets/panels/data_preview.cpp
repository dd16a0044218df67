#include "widgets/panels/data_preview.h"

#include <nlohmann/json.hpp>

#include <QFontDatabase>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

#include "widgets/document/qt_json.h"

namespace tributary::widgets {

DataPreview::DataPreview(QWidget* parent)
    : QWidget(parent),
      m_stack(new QStackedWidget(this)),
      m_message(new QLabel(this)),
      m_title(new QLabel(this)),
      m_list(new QListWidget(this)),
      m_detail(new QPlainTextEdit(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_stack);
  m_message->setAlignment(Qt::AlignCenter);
  m_message->setWordWrap(true);
  m_message->setProperty("role", QStringLiteral("muted"));
  m_stack->addWidget(m_message);

  auto* page = new QWidget(this);
  auto* col = new QVBoxLayout(page);
  col->setContentsMargins(0, 0, 0, 0);
  col->setSpacing(0);
  m_title->setContentsMargins(8, 4, 8, 4);
  m_title->setProperty("role", QStringLiteral("muted"));
  col->addWidget(m_title);
  auto* split = new QSplitter(Qt::Horizontal, page);
  QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
  m_list->setFont(mono);
  m_list->setFrameShape(QFrame::NoFrame);
  m_list->setAlternatingRowColors(true);
  m_list->setUniformItemSizes(true);
  m_detail->setFont(mono);
  m_detail->setReadOnly(true);
  m_detail->setFrameShape(QFrame::NoFrame);
  split->addWidget(m_list);
  split->addWidget(m_detail);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 1);
  col->addWidget(split);
  m_stack->addWidget(page);

  connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
    if (row < 0 || row >= m_records.size()) {
      m_detail->clear();
      return;
    }
    auto parsed = nlohmann::json::parse(toStd(m_records[row]), nullptr, false);
    m_detail->setPlainText(parsed.is_discarded() ? m_records[row] : toQt(parsed.dump(2)));
  });
  showMessage(tr("Run the pipeline and select a connection to see the records passing along it."));
}

void DataPreview::showMessage(const QString& message) {
  m_records.clear();
  m_list->clear();
  m_message->setText(message);
  m_stack->setCurrentIndex(0);
}

void DataPreview::setRecords(const QString& title, const QStringList& records) {
  int row = m_list->currentRow();
  bool atEnd = row < 0 || row == m_list->count() - 1;
  m_records = records;
  m_title->setText(title);
  m_list->clear();
  for (int i = 0; i < records.size(); ++i) {
    // One line per record: the key (when there is one) then the value.
    QString line = records[i];
    auto parsed = nlohmann::json::parse(toStd(line), nullptr, false);
    if (!parsed.is_discarded() && parsed.is_object() && parsed.size() == 2 && parsed.contains("key") &&
        parsed.contains("value"))
      line = QStringLiteral("%1  %2").arg(toQt(parsed["key"].dump()), toQt(parsed["value"].dump()));
    line.replace(QLatin1Char('\n'), QLatin1Char(' '));
    if (line.size() > 400) line = line.left(400) + QStringLiteral("…");
    m_list->addItem(QStringLiteral("%1  %2").arg(i + 1, 3).arg(line));
  }
  m_stack->setCurrentIndex(1);
  if (!records.isEmpty()) m_list->setCurrentRow(atEnd ? m_list->count() - 1 : std::min(row, m_list->count() - 1));
}

int DataPreview::recordCount() const {
  return static_cast<int>(m_records.size());
}

QString DataPreview::recordText(int row) const {
  return row >= 0 && row < m_records.size() ? m_records[row] : QString();
}

}  // namespace tributary::widgets
