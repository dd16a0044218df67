#pragma once
// Node spec texts in another language. Core has no Qt and writes its spec
// titles, help and field labels in English; a catalog per language
// (translations/specs_<lang>.json, compiled in as :/i18n/specs_<lang>.json)
// gives each of them a translation, keyed by node type and field name:
//
//   {"language": "de", "types": {"source.datagen": {
//      "title": {"en": "Data generator", "text": "Datengenerator"},
//      "help":  {"en": "...", "text": "..."},
//      "fields": {"rate": {"label": {"en": "rate", "text": "Rate"}, "help": {...}}}}}}
//
// "en" is the English text the translation was made from: when core's text
// changes, the old translation no longer applies and the English text shows
// until the catalog is updated (scripts/i18n-status.py reports it). A field's
// English label is its name when the spec gives no label. Used on the GUI
// thread, before the main window is built.

#include <QString>

#include "core/base/result.h"
#include "core/model/spec_registry.h"

namespace tributary::widgets {

class SpecCatalog {
 public:
  // Reads a catalog; a malformed one is an error naming the JSON path.
  static Result<SpecCatalog> fromJson(const std::string& text);
  // The compiled-in catalog of a language ("de"), or an empty catalog when
  // there is none (English, or a language without spec translations).
  static SpecCatalog forLanguage(const QString& language);

  bool empty() const { return m_texts.is_null() || m_texts.empty(); }
  // A copy of the spec with every text the catalog translates replaced.
  model::NodeSpec translated(const model::NodeSpec& spec) const;
  model::SpecRegistry translated(const model::SpecRegistry& registry) const;

 private:
  nlohmann::json m_texts;  // the "types" object
};

}  // namespace tributary::widgets
