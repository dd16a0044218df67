#include "widgets/inspector/field_editors.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/base/units.h"
#include "widgets/document/qt_json.h"
#include "widgets/inspector/code_highlighter.h"
#include "widgets/style/app_theme.h"
#include "widgets/style/icons.h"

namespace tributary::widgets {
namespace {

QString defaultText(const model::FieldSpec& spec) {
  return jsonToDisplay(spec.defaultValue);
}

void markInvalid(QWidget* w, bool invalid) {
  w->setProperty("invalid", invalid);
  w->setStyleSheet(invalid ? QStringLiteral("border: 1px solid %1; border-radius: 3px;").arg(colors::error().name())
                           : QString());
}

QHBoxLayout* bareRow(QWidget* parent) {
  auto* layout = new QHBoxLayout(parent);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(4);
  return layout;
}

QToolButton* smallButton(const QString& icon, const QString& tip, QWidget* parent) {
  auto* button = new QToolButton(parent);
  button->setIcon(icons::action(icon));
  button->setToolTip(tip);
  button->setAutoRaise(true);
  button->setIconSize(QSize(16, 16));
  return button;
}

// ---------------------------------------------------------------- text, secret

class TextEditor : public FieldEditor {
 public:
  TextEditor(const model::FieldSpec& spec, QWidget* parent, bool secret) : FieldEditor(spec, parent) {
    auto* layout = bareRow(this);
    m_edit = new QLineEdit(this);
    layout->addWidget(m_edit);
    QString placeholder = defaultText(spec);
    if (secret) {
      m_edit->setEchoMode(QLineEdit::Password);
      if (placeholder.isEmpty()) placeholder = QStringLiteral("${env:NAME}");
      m_reveal = m_edit->addAction(icons::action(QStringLiteral("eye")), QLineEdit::TrailingPosition);
      m_reveal->setCheckable(true);
      m_reveal->setToolTip(FieldEditor::tr("Show the value"));
      connect(m_reveal, &QAction::toggled, this, [this](bool on) {
        m_edit->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password);
        m_reveal->setIcon(icons::action(on ? QStringLiteral("eye-off") : QStringLiteral("eye")));
        m_reveal->setToolTip(on ? FieldEditor::tr("Hide the value") : FieldEditor::tr("Show the value"));
      });
    }
    m_edit->setPlaceholderText(placeholder);
    connect(m_edit, &QLineEdit::textEdited, this, [this] { Q_EMIT edited(true); });
  }
  void setValue(const nlohmann::json& value) override {
    QString text = jsonToDisplay(value);
    if (m_edit->text() != text) m_edit->setText(text);
  }
  nlohmann::json value() const override {
    return m_edit->text().isEmpty() ? nlohmann::json() : nlohmann::json(toStd(m_edit->text()));
  }
  void focusEditor() override { m_edit->setFocus(Qt::OtherFocusReason); }
  void setInvalid(bool invalid) override { markInvalid(m_edit, invalid); }
  bool revealed() const { return m_reveal && m_reveal->isChecked(); }

 private:
  QLineEdit* m_edit;
  QAction* m_reveal = nullptr;
};

// ---------------------------------------------------------------- numbers

class IntEditor : public FieldEditor {
 public:
  IntEditor(const model::FieldSpec& spec, QWidget* parent) : FieldEditor(spec, parent) {
    auto* layout = bareRow(this);
    m_spin = new QSpinBox(this);
    constexpr double lo = std::numeric_limits<int>::min() + 1.0, hi = std::numeric_limits<int>::max();
    int min = static_cast<int>(std::clamp(spec.min.value_or(lo), lo, hi));
    int max = static_cast<int>(std::clamp(spec.max.value_or(hi), lo, hi));
    m_unsetAllowed = spec.defaultValue.is_null();
    // Without a default, one step below the minimum reads "not set".
    if (m_unsetAllowed && min > std::numeric_limits<int>::min() + 1) {
      m_spin->setRange(min - 1, max);
      m_spin->setSpecialValueText(FieldEditor::tr("not set"));
    } else {
      m_spin->setRange(min, max);
      m_unsetAllowed = false;
    }
    m_spin->setAccelerated(true);
    m_spin->setGroupSeparatorShown(true);
    m_spin->setKeyboardTracking(true);
    layout->addWidget(m_spin, 1);
    m_reset =
        smallButton(QStringLiteral("undo"), FieldEditor::tr("Back to the default (%1)").arg(defaultText(spec)), this);
    m_reset->setVisible(false);
    layout->addWidget(m_reset);
    connect(m_spin, &QSpinBox::valueChanged, this, [this] {
      if (m_updating) return;
      m_explicit = true;
      m_reset->setVisible(!m_spec.defaultValue.is_null());
      Q_EMIT edited(true);
    });
    connect(m_reset, &QToolButton::clicked, this, [this] {
      m_explicit = false;
      setValue(nlohmann::json());
      Q_EMIT edited(false);
    });
  }
  void setValue(const nlohmann::json& value) override {
    m_updating = true;
    m_explicit = value.is_number();
    const nlohmann::json& shown = m_explicit ? value : m_spec.defaultValue;
    if (shown.is_number())
      m_spin->setValue(
          static_cast<int>(std::clamp(shown.get<double>(), double(m_spin->minimum()), double(m_spin->maximum()))));
    else
      m_spin->setValue(m_spin->minimum());
    m_reset->setVisible(m_explicit && !m_spec.defaultValue.is_null());
    m_updating = false;
  }
  nlohmann::json value() const override {
    if (!m_explicit) return nlohmann::json();
    if (m_unsetAllowed && m_spin->value() == m_spin->minimum()) return nlohmann::json();
    return m_spin->value();
  }
  void focusEditor() override { m_spin->setFocus(Qt::OtherFocusReason); }
  void setInvalid(bool invalid) override { markInvalid(m_spin, invalid); }

 private:
  QSpinBox* m_spin;
  QToolButton* m_reset;
  bool m_unsetAllowed = false;
  bool m_explicit = false;
};

class DoubleEditor : public FieldEditor {
 public:
  DoubleEditor(const model::FieldSpec& spec, QWidget* parent) : FieldEditor(spec, parent) {
    auto* layout = bareRow(this);
    m_spin = new QDoubleSpinBox(this);
    m_spin->setDecimals(4);
    double min = spec.min.value_or(-1e15), max = spec.max.value_or(1e15);
    m_spin->setRange(min, max);
    m_spin->setSingleStep(max - min <= 10 ? 0.05 : 1.0);
    layout->addWidget(m_spin, 1);
    m_reset = smallButton(QStringLiteral("undo"), FieldEditor::tr("Back to the default"), this);
    m_reset->setVisible(false);
    layout->addWidget(m_reset);
    connect(m_spin, &QDoubleSpinBox::valueChanged, this, [this] {
      if (m_updating) return;
      m_explicit = true;
      m_reset->setVisible(true);
      Q_EMIT edited(true);
    });
    connect(m_reset, &QToolButton::clicked, this, [this] {
      setValue(nlohmann::json());
      Q_EMIT edited(false);
    });
  }
  void setValue(const nlohmann::json& value) override {
    m_updating = true;
    m_explicit = value.is_number();
    const nlohmann::json& shown = m_explicit ? value : m_spec.defaultValue;
    m_spin->setValue(shown.is_number() ? shown.get<double>() : m_spin->minimum() < 0 ? 0 : m_spin->minimum());
    m_reset->setVisible(m_explicit);
    m_updating = false;
  }
  nlohmann::json value() const override { return m_explicit ? nlohmann::json(m_spin->value()) : nlohmann::json(); }
  void focusEditor() override { m_spin->setFocus(Qt::OtherFocusReason); }
  void setInvalid(bool invalid) override { markInvalid(m_spin, invalid); }

 private:
  QDoubleSpinBox* m_spin;
  QToolButton* m_reset;
  bool m_explicit = false;
};

// ---------------------------------------------------------------- bool, enum

class BoolEditor : public FieldEditor {
 public:
  BoolEditor(const model::FieldSpec& spec, QWidget* parent) : FieldEditor(spec, parent) {
    auto* layout = bareRow(this);
    m_box = new QCheckBox(FieldEditor::tr("Enabled"), this);
    layout->addWidget(m_box);
    layout->addStretch(1);
    connect(m_box, &QCheckBox::toggled, this, [this] {
      if (m_updating) return;
      m_explicit = true;
      Q_EMIT edited(false);
    });
  }
  void setValue(const nlohmann::json& value) override {
    m_updating = true;
    m_explicit = value.is_boolean();
    m_box->setChecked(m_explicit ? value.get<bool>()
                                 : (m_spec.defaultValue.is_boolean() && m_spec.defaultValue.get<bool>()));
    m_updating = false;
  }
  nlohmann::json value() const override { return m_explicit ? nlohmann::json(m_box->isChecked()) : nlohmann::json(); }
  void focusEditor() override { m_box->setFocus(Qt::OtherFocusReason); }

 private:
  QCheckBox* m_box;
  bool m_explicit = false;
};

class EnumEditor : public FieldEditor {
 public:
  EnumEditor(const model::FieldSpec& spec, QWidget* parent) : FieldEditor(spec, parent) {
    auto* layout = bareRow(this);
    m_combo = new QComboBox(this);
    if (!spec.defaultValue.is_null())
      m_combo->addItem(FieldEditor::tr("%1 (default)").arg(defaultText(spec)), QVariant());
    for (const auto& option : spec.allowed) m_combo->addItem(toQt(option), toQt(option));
    if (spec.defaultValue.is_null()) m_combo->setPlaceholderText(FieldEditor::tr("Choose…"));
    layout->addWidget(m_combo, 1);
    connect(m_combo, &QComboBox::activated, this, [this] { Q_EMIT edited(false); });
  }
  void setValue(const nlohmann::json& value) override {
    if (value.is_null()) {
      m_combo->setCurrentIndex(m_spec.defaultValue.is_null() ? -1 : 0);
      return;
    }
    QString text = jsonToDisplay(value);
    int index = m_combo->findData(text);
    if (index < 0) {
      // A value the spec does not allow (validation says so): show it anyway.
      m_combo->addItem(text, text);
      index = m_combo->count() - 1;
    }
    m_combo->setCurrentIndex(index);
  }
  nlohmann::json value() const override {
    QVariant data = m_combo->currentData();
    return data.isValid() && !data.isNull() ? nlohmann::json(toStd(data.toString())) : nlohmann::json();
  }
  void focusEditor() override { m_combo->setFocus(Qt::OtherFocusReason); }
  void setInvalid(bool invalid) override { markInvalid(m_combo, invalid); }

 private:
  QComboBox* m_combo;
};

// ---------------------------------------------------------------- duration, size

class QuantityEditor : public FieldEditor {
 public:
  QuantityEditor(const model::FieldSpec& spec, QWidget* parent) : FieldEditor(spec, parent) {
    auto* layout = bareRow(this);
    m_edit = new QLineEdit(this);
    bool duration = spec.type == model::FieldType::Duration;
    QString example = duration ? FieldEditor::tr("e.g. 500ms, 10s, 5m") : FieldEditor::tr("e.g. 512KiB, 10MB");
    m_edit->setPlaceholderText(spec.defaultValue.is_null() ? example : defaultText(spec));
    m_edit->setToolTip(example);
    m_hint = new QLabel(this);
    m_hint->setProperty("role", QStringLiteral("muted"));
    m_hint->setMinimumWidth(64);
    m_hint->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_hint);
    connect(m_edit, &QLineEdit::textEdited, this, [this] {
      updateHint();
      Q_EMIT edited(true);
    });
  }
  void setValue(const nlohmann::json& value) override {
    QString text = jsonToDisplay(value);
    if (m_edit->text() != text) m_edit->setText(text);
    updateHint();
  }
  nlohmann::json value() const override {
    QString text = m_edit->text().trimmed();
    if (text.isEmpty()) return nlohmann::json();
    bool isInt = false;
    long long n = text.toLongLong(&isInt);
    return isInt ? nlohmann::json(n) : nlohmann::json(toStd(text));
  }
  void focusEditor() override { m_edit->setFocus(Qt::OtherFocusReason); }
  void setInvalid(bool invalid) override { markInvalid(m_edit, invalid || m_parseFailed); }

 private:
  void updateHint() {
    nlohmann::json v = value();
    if (v.is_null()) v = m_spec.defaultValue;
    m_parseFailed = false;
    if (v.is_null()) {
      m_hint->clear();
    } else if (m_spec.type == model::FieldType::Duration) {
      auto ms = base::parseDurationMs(v);
      m_parseFailed = !ms;
      m_hint->setText(ms ? QStringLiteral("= %1").arg(formatDurationMs(*ms)) : FieldEditor::tr("not a duration"));
    } else {
      auto bytes = base::parseSizeBytes(v);
      m_parseFailed = !bytes;
      m_hint->setText(bytes ? QStringLiteral("= %1").arg(formatSizeBytes(*bytes)) : FieldEditor::tr("not a size"));
    }
    markInvalid(m_edit, m_parseFailed);
  }
  QLineEdit* m_edit;
  QLabel* m_hint;
  bool m_parseFailed = false;
};

// ---------------------------------------------------------------- list, map

class ListEditor : public FieldEditor {
 public:
  ListEditor(const model::FieldSpec& spec, QWidget* parent) : FieldEditor(spec, parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_list = new QListWidget(this);
    m_list->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                            QAbstractItemView::SelectedClicked);
    m_list->setUniformItemSizes(true);
    m_list->setAlternatingRowColors(true);
    layout->addWidget(m_list);
    auto* buttons = new QHBoxLayout;
    buttons->setSpacing(2);
    auto* add = smallButton(QStringLiteral("add"), FieldEditor::tr("Add an entry"), this);
    auto* remove = smallButton(QStringLiteral("remove"), FieldEditor::tr("Remove the selected entry"), this);
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    m_count = new QLabel(this);
    m_count->setProperty("role", QStringLiteral("muted"));
    buttons->addWidget(m_count);
    layout->addLayout(buttons);
    updateCount();
    connect(add, &QToolButton::clicked, this, [this] {
      auto* item = new QListWidgetItem(QString(), m_list);
      item->setFlags(item->flags() | Qt::ItemIsEditable);
      updateCount();
      m_list->setCurrentItem(item);
      m_list->editItem(item);
    });
    connect(remove, &QToolButton::clicked, this, [this] {
      delete m_list->currentItem();
      changed();
    });
    connect(m_list, &QListWidget::itemChanged, this, [this] {
      if (!m_updating) changed();
    });
  }
  void setValue(const nlohmann::json& value) override {
    m_updating = true;
    m_list->clear();
    if (value.is_array())
      for (const auto& entry : value) {
        auto* item = new QListWidgetItem(jsonToDisplay(entry), m_list);
        item->setFlags(item->flags() | Qt::ItemIsEditable);
      }
    updateCount();
    m_updating = false;
  }
  nlohmann::json value() const override {
    nlohmann::json out = nlohmann::json::array();
    for (int i = 0; i < m_list->count(); ++i) {
      QString text = m_list->item(i)->text().trimmed();
      if (text.isEmpty()) continue;
      bool ok = false;
      if (m_spec.itemType == model::FieldType::Int) {
        long long n = text.toLongLong(&ok);
        if (ok) {
          out.push_back(n);
          continue;
        }
      } else if (m_spec.itemType == model::FieldType::Double) {
        double d = text.toDouble(&ok);
        if (ok) {
          out.push_back(d);
          continue;
        }
      }
      out.push_back(toStd(text));
    }
    return out.empty() ? nlohmann::json() : out;
  }
  void focusEditor() override { m_list->setFocus(Qt::OtherFocusReason); }
  void setInvalid(bool invalid) override { markInvalid(m_list, invalid); }

 private:
  void updateCount() {
    m_count->setText(FieldEditor::tr("%n entries", nullptr, m_list->count()));
    // Grow with the entries, from two rows up to six.
    int row = m_list->fontMetrics().height() + 6;
    m_list->setFixedHeight(std::clamp(m_list->count() + 1, 2, 6) * row + 4);
  }
  void changed() {
    updateCount();
    Q_EMIT edited(false);
  }
  QListWidget* m_list;
  QLabel* m_count;
};

class MapEditor : public FieldEditor {
 public:
  MapEditor(const model::FieldSpec& spec, QWidget* parent) : FieldEditor(spec, parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_table = new QTableWidget(0, 2, this);
    m_table->setHorizontalHeaderLabels({FieldEditor::tr("Name"), FieldEditor::tr("Value")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(24);
    fitHeight();
    m_table->setAlternatingRowColors(true);
    layout->addWidget(m_table);
    auto* buttons = new QHBoxLayout;
    buttons->setSpacing(2);
    auto* add = smallButton(QStringLiteral("add"), FieldEditor::tr("Add an entry"), this);
    auto* remove = smallButton(QStringLiteral("remove"), FieldEditor::tr("Remove the selected entry"), this);
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    connect(add, &QToolButton::clicked, this, [this] {
      m_updating = true;
      int row = m_table->rowCount();
      m_table->insertRow(row);
      m_table->setItem(row, 0, new QTableWidgetItem());
      m_table->setItem(row, 1, new QTableWidgetItem());
      m_updating = false;
      fitHeight();
      m_table->editItem(m_table->item(row, 0));
    });
    connect(remove, &QToolButton::clicked, this, [this] {
      if (m_table->currentRow() < 0) return;
      m_table->removeRow(m_table->currentRow());
      fitHeight();
      Q_EMIT edited(false);
    });
    connect(m_table, &QTableWidget::itemChanged, this, [this] {
      if (!m_updating) Q_EMIT edited(false);
    });
  }
  void setValue(const nlohmann::json& value) override {
    m_updating = true;
    m_table->setRowCount(0);
    if (value.is_object())
      for (auto it = value.begin(); it != value.end(); ++it) {
        int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem(toQt(it.key())));
        m_table->setItem(row, 1, new QTableWidgetItem(jsonToDisplay(*it)));
      }
    m_updating = false;
    fitHeight();
  }
  nlohmann::json value() const override {
    nlohmann::json out = nlohmann::json::object();
    for (int row = 0; row < m_table->rowCount(); ++row) {
      auto* key = m_table->item(row, 0);
      auto* val = m_table->item(row, 1);
      if (!key || key->text().trimmed().isEmpty()) continue;
      out[toStd(key->text().trimmed())] = toStd(val ? val->text() : QString());
    }
    return out.empty() ? nlohmann::json() : out;
  }
  void focusEditor() override { m_table->setFocus(Qt::OtherFocusReason); }
  void setInvalid(bool invalid) override { markInvalid(m_table, invalid); }

 private:
  void fitHeight() {
    int rows = std::clamp(m_table->rowCount() + 1, 2, 6);
    m_table->setFixedHeight(m_table->horizontalHeader()->sizeHint().height() + rows * 24 + 4);
  }
  QTableWidget* m_table;
};

// ---------------------------------------------------------------- code

class CodeEditor : public FieldEditor {
 public:
  CodeEditor(const model::FieldSpec& spec, QWidget* parent, CodeHighlighter::Language language)
      : FieldEditor(spec, parent) {
    auto* layout = bareRow(this);
    m_edit = new QPlainTextEdit(this);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(std::max(9.0, mono.pointSizeF()));
    m_edit->setFont(mono);
    m_edit->setTabChangesFocus(true);
    m_edit->setPlaceholderText(spec.defaultValue.is_null() ? (language == CodeHighlighter::Language::Sql
                                                                  ? QStringLiteral("SELECT …")
                                                                  : FieldEditor::tr("an expression, e.g. price > 100"))
                                                           : defaultText(spec));
    m_edit->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    QFontMetrics fm(mono);
    int lines = language == CodeHighlighter::Language::Sql ? 6 : 3;
    m_edit->setFixedHeight(fm.lineSpacing() * lines + 12);
    new CodeHighlighter(language, m_edit->document());
    layout->addWidget(m_edit);
    connect(m_edit, &QPlainTextEdit::textChanged, this, [this] {
      if (!m_updating) Q_EMIT edited(true);
    });
  }
  void setValue(const nlohmann::json& value) override {
    QString text = jsonToDisplay(value);
    if (m_edit->toPlainText() == text) return;
    m_updating = true;
    m_edit->setPlainText(text);
    m_updating = false;
  }
  nlohmann::json value() const override {
    QString text = m_edit->toPlainText();
    return text.isEmpty() ? nlohmann::json() : nlohmann::json(toStd(text));
  }
  void focusEditor() override { m_edit->setFocus(Qt::OtherFocusReason); }
  void setInvalid(bool invalid) override { markInvalid(m_edit, invalid); }

 private:
  QPlainTextEdit* m_edit;
};

}  // namespace

FieldEditor::FieldEditor(const model::FieldSpec& spec, QWidget* parent) : QWidget(parent), m_spec(spec) {
  setObjectName(toQt(spec.name));
}

void FieldEditor::focusEditor() {
  setFocus(Qt::OtherFocusReason);
}
void FieldEditor::setInvalid(bool /*invalid*/) {}

FieldEditor* FieldEditor::create(const model::FieldSpec& spec, QWidget* parent) {
  switch (spec.type) {
    case model::FieldType::String:
      return new TextEditor(spec, parent, false);
    case model::FieldType::Secret:
      return new TextEditor(spec, parent, true);
    case model::FieldType::Int:
      return new IntEditor(spec, parent);
    case model::FieldType::Double:
      return new DoubleEditor(spec, parent);
    case model::FieldType::Bool:
      return new BoolEditor(spec, parent);
    case model::FieldType::Enum:
      return new EnumEditor(spec, parent);
    case model::FieldType::Duration:
    case model::FieldType::Size:
      return new QuantityEditor(spec, parent);
    case model::FieldType::List:
      return new ListEditor(spec, parent);
    case model::FieldType::Map:
      return new MapEditor(spec, parent);
    case model::FieldType::Expression:
    case model::FieldType::Projection:
      return new CodeEditor(spec, parent, CodeHighlighter::Language::Expression);
    case model::FieldType::Sql:
      return new CodeEditor(spec, parent, CodeHighlighter::Language::Sql);
  }
  return new TextEditor(spec, parent, false);
}

QString formatDurationMs(long long ms) {
  struct Unit {
    long long size;
    const char* name;
  };
  static const Unit units[] = {{86400000, "d"}, {3600000, "h"}, {60000, "min"}, {1000, "s"}};
  for (const auto& unit : units)
    if (std::llabs(ms) >= unit.size) {
      double v = static_cast<double>(ms) / static_cast<double>(unit.size);
      return QStringLiteral("%1 %2").arg(v, 0, 'g', 4).arg(QLatin1String(unit.name));
    }
  return QStringLiteral("%1 ms").arg(ms);
}

QString formatSizeBytes(long long bytes) {
  static const char* names[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int i = 0;
  while (std::abs(v) >= 1024 && i < 4) {
    v /= 1024;
    ++i;
  }
  return i == 0 ? QStringLiteral("%1 B").arg(bytes)
                : QStringLiteral("%1 %2").arg(v, 0, 'f', 1).arg(QLatin1String(names[i]));
}

}  // namespace tributary::widgets
