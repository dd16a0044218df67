#include "widgets/i18n/spec_catalog.h"

#include <QFile>

namespace tributary::widgets {

namespace {

// {"en": "...", "text": "..."}; anything else is an error at `where`.
Status checkText(const nlohmann::json& entry, const std::string& where) {
  if (!entry.is_object()) return makeError(ErrorCode::Invalid, "expected {\"en\": ..., \"text\": ...}", where);
  for (const auto& [key, value] : entry.items()) {
    if (key != "en" && key != "text")
      return makeError(ErrorCode::Invalid, "unknown key \"" + key + "\" (expected en, text)", where);
    if (!value.is_string()) return makeError(ErrorCode::Invalid, "expected a string", where + "." + key);
  }
  return Status::success();
}

Status checkTexts(const nlohmann::json& object, std::initializer_list<const char*> allowed, const std::string& where) {
  if (!object.is_object()) return makeError(ErrorCode::Invalid, "expected an object", where);
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    for (const char* name : allowed) known = known || key == name;
    if (key == "fields" && known) continue;
    if (!known) return makeError(ErrorCode::Invalid, "unknown key \"" + key + "\"", where);
    if (Status s = checkText(value, where + "." + key); !s) return s;
  }
  return Status::success();
}

// The translation of `english` from `entry`, or `english` when the entry is
// missing, untranslated or was made from another English text.
std::string pick(const nlohmann::json& parent, const char* key, const std::string& english) {
  auto it = parent.find(key);
  if (it == parent.end()) return english;
  const std::string source = it->value("en", std::string());
  const std::string text = it->value("text", std::string());
  return source == english && !text.empty() ? text : english;
}

}  // namespace

Result<SpecCatalog> SpecCatalog::fromJson(const std::string& text) {
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return makeError(ErrorCode::Invalid, "not a JSON object", "spec catalog");
  auto types = doc.find("types");
  if (types == doc.end() || !types->is_object())
    return makeError(ErrorCode::Invalid, "expected an object \"types\"", "spec catalog");
  for (const auto& [type, entry] : types->items()) {
    const std::string where = "types." + type;
    if (Status s = checkTexts(entry, {"title", "help", "fields"}, where); !s) return s.error();
    auto fields = entry.find("fields");
    if (fields == entry.end()) continue;
    if (!fields->is_object()) return makeError(ErrorCode::Invalid, "expected an object", where + ".fields");
    for (const auto& [name, field] : fields->items())
      if (Status s = checkTexts(field, {"label", "help"}, where + ".fields." + name); !s) return s.error();
  }
  SpecCatalog catalog;
  catalog.m_texts = std::move(*types);
  return catalog;
}

SpecCatalog SpecCatalog::forLanguage(const QString& language) {
  QFile file(QStringLiteral(":/i18n/specs_%1.json").arg(language));
  if (!file.open(QIODevice::ReadOnly)) return {};
  Result<SpecCatalog> catalog = fromJson(file.readAll().toStdString());
  // The compiled-in catalogs are checked by test_translations; a broken one
  // leaves the specs in English rather than stopping the program.
  return catalog ? std::move(*catalog) : SpecCatalog{};
}

model::NodeSpec SpecCatalog::translated(const model::NodeSpec& spec) const {
  model::NodeSpec out = spec;
  if (empty()) return out;
  auto entry = m_texts.find(spec.type);
  if (entry == m_texts.end()) return out;
  out.title = pick(*entry, "title", spec.title);
  out.help = pick(*entry, "help", spec.help);
  auto fields = entry->find("fields");
  if (fields == entry->end()) return out;
  for (model::FieldSpec& field : out.fields) {
    auto f = fields->find(field.name);
    if (f == fields->end()) continue;
    const std::string label = field.label.empty() ? field.name : field.label;
    const std::string translatedLabel = pick(*f, "label", label);
    if (translatedLabel != label) field.label = translatedLabel;
    field.help = pick(*f, "help", field.help);
  }
  return out;
}

model::SpecRegistry SpecCatalog::translated(const model::SpecRegistry& registry) const {
  model::SpecRegistry out;
  for (const model::NodeSpec* spec : registry.all()) out.add(translated(*spec));
  return out;
}

}  // namespace tributary::widgets
