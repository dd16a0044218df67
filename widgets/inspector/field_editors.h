#pragma once
// One editor widget per config field type (FieldSpec::type): text, numbers with
// ranges, check box, choice list, duration and size with live parsing, masked
// secret with a reveal toggle, list and map editors, and code editors for
// expressions and SQL. An editor shows a JSON value and reports edits; it never
// touches the document itself — the Inspector turns edits into undo commands.
// Owned by the Inspector's form; GUI thread only.

#include <memory>

#include <nlohmann/json.hpp>

#include <QWidget>

#include "core/model/node_spec.h"

namespace tributary::widgets {

class FieldEditor : public QWidget {
  Q_OBJECT

 public:
  explicit FieldEditor(const model::FieldSpec& spec, QWidget* parent = nullptr);
  const model::FieldSpec& spec() const { return m_spec; }

  // Shows `value`; null means "not set" (the default is shown as a placeholder).
  // Never emits edited().
  virtual void setValue(const nlohmann::json& value) = 0;
  // The value to store; null means "not set".
  virtual nlohmann::json value() const = 0;
  // Moves keyboard focus into the editor.
  virtual void focusEditor();
  // Marks the editor as holding an invalid value.
  virtual void setInvalid(bool invalid);

  // Builds the right editor for the field's type.
  static FieldEditor* create(const model::FieldSpec& spec, QWidget* parent);

 Q_SIGNALS:
  // The user changed the value. `typing` is set for keystroke-by-keystroke edits
  // (they merge into one undo step).
  void edited(bool typing);

 protected:
  model::FieldSpec m_spec;
  bool m_updating = false;  // set while setValue() runs
};

// "5m", "1.5 GiB": how a duration in ms / size in bytes reads best.
QString formatDurationMs(long long ms);
QString formatSizeBytes(long long bytes);

}  // namespace tributary::widgets
