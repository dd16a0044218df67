#include "core/model/node_spec.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <utility>

namespace tributary::model {
namespace {

constexpr std::array<std::pair<FieldType, std::string_view>, 13> kFieldTypeNames{{
    {FieldType::String, "string"},
    {FieldType::Int, "int"},
    {FieldType::Double, "double"},
    {FieldType::Bool, "bool"},
    {FieldType::Enum, "enum"},
    {FieldType::Duration, "duration"},
    {FieldType::Size, "size"},
    {FieldType::Secret, "secret"},
    {FieldType::List, "list"},
    {FieldType::Map, "map"},
    {FieldType::Expression, "expression"},
    {FieldType::Projection, "projection"},
    {FieldType::Sql, "sql"},
}};

template <typename T>
const T* findByName(const std::vector<T>& items, std::string_view name) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& item) { return item.name == name; });
  return it == items.end() ? nullptr : &*it;
}

// Splits "10 MiB" into 10 and "mib" (lower case); false when it is not number + unit.
bool splitNumberUnit(std::string_view text, double& number, std::string& unit) {
  std::size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
  if (i == 0) return false;
  std::string digits(text.substr(0, i));
  if (std::count(digits.begin(), digits.end(), '.') > 1) return false;
  number = std::stod(digits);
  while (i < text.size() && text[i] == ' ') ++i;
  unit.clear();
  for (; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (!std::isalpha(c)) return false;
    unit.push_back(static_cast<char>(std::tolower(c)));
  }
  return true;
}

}  // namespace

std::string_view toString(FieldType type) {
  for (const auto& [t, name] : kFieldTypeNames)
    if (t == type) return name;
  return "string";
}

std::optional<FieldType> fieldTypeFromString(std::string_view text) {
  for (const auto& [t, name] : kFieldTypeNames)
    if (name == text) return t;
  return std::nullopt;
}

std::string_view toString(PortKind kind) {
  switch (kind) {
    case PortKind::Records: return "records";
    case PortKind::Changes: return "changes";
    case PortKind::Any: return "any";
  }
  return "any";
}

std::string_view toString(NodeCategory category) {
  switch (category) {
    case NodeCategory::Source: return "source";
    case NodeCategory::Transform: return "transform";
    case NodeCategory::Topic: return "topic";
    case NodeCategory::Sink: return "sink";
  }
  return "source";
}

bool PortSpec::acceptsKind(PortKind produced) const {
  if (produced == PortKind::Any) return true;
  if (accepts.empty()) return kind == PortKind::Any || kind == produced;
  return std::any_of(accepts.begin(), accepts.end(),
                     [&](PortKind k) { return k == PortKind::Any || k == produced; });
}

const FieldSpec* NodeSpec::findField(std::string_view name) const { return findByName(fields, name); }
const PortSpec* NodeSpec::findInput(std::string_view name) const { return findByName(inputs, name); }
const PortSpec* NodeSpec::findOutput(std::string_view name) const { return findByName(outputs, name); }

nlohmann::json NodeSpec::withDefaults(const nlohmann::json& config) const {
  nlohmann::json result = config.is_object() ? config : nlohmann::json::object();
  for (const FieldSpec& field : fields)
    if (!result.contains(field.name) && !field.defaultValue.is_null()) result[field.name] = field.defaultValue;
  return result;
}

nlohmann::json toJson(const NodeSpec& spec) {
  auto ports = [](const std::vector<PortSpec>& list) {
    nlohmann::json out = nlohmann::json::array();
    for (const PortSpec& p : list) {
      nlohmann::json port{{"name", p.name}, {"kind", toString(p.kind)}, {"required", p.required}};
      if (!p.accepts.empty()) {
        port["accepts"] = nlohmann::json::array();
        for (PortKind k : p.accepts) port["accepts"].push_back(toString(k));
      }
      out.push_back(std::move(port));
    }
    return out;
  };
  nlohmann::json fields = nlohmann::json::array();
  for (const FieldSpec& f : spec.fields) {
    nlohmann::json field{{"name", f.name}, {"type", toString(f.type)}, {"required", f.required}, {"help", f.help}};
    if (!f.label.empty()) field["label"] = f.label;
    if (!f.defaultValue.is_null()) field["default"] = f.defaultValue;
    if (!f.allowed.empty()) field["allowed"] = f.allowed;
    if (f.min) field["min"] = *f.min;
    if (f.max) field["max"] = *f.max;
    if (f.type == FieldType::List) field["items"] = toString(f.itemType);
    if (f.advanced) field["advanced"] = true;
    fields.push_back(std::move(field));
  }
  return {{"type", spec.type},       {"category", toString(spec.category)},
          {"title", spec.title},     {"help", spec.help},
          {"inputs", ports(spec.inputs)}, {"outputs", ports(spec.outputs)},
          {"fields", std::move(fields)}};
}

std::optional<long long> parseDurationMs(const nlohmann::json& value) {
  if (value.is_number_integer()) return value.get<long long>();
  if (value.is_number_unsigned()) return static_cast<long long>(value.get<unsigned long long>());
  if (!value.is_string()) return std::nullopt;
  double number = 0;
  std::string unit;
  if (!splitNumberUnit(value.get<std::string>(), number, unit)) return std::nullopt;
  static const std::array<std::pair<std::string_view, double>, 6> kUnits{
      {{"", 1}, {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}}};
  for (const auto& [name, factor] : kUnits)
    if (unit == name) return std::llround(number * factor);
  return std::nullopt;
}

std::optional<long long> parseSizeBytes(const nlohmann::json& value) {
  if (value.is_number_integer()) return value.get<long long>();
  if (value.is_number_unsigned()) return static_cast<long long>(value.get<unsigned long long>());
  if (!value.is_string()) return std::nullopt;
  double number = 0;
  std::string unit;
  if (!splitNumberUnit(value.get<std::string>(), number, unit)) return std::nullopt;
  static const std::array<std::pair<std::string_view, double>, 10> kUnits{{{"", 1},
                                                                           {"b", 1},
                                                                           {"kb", 1e3},
                                                                           {"mb", 1e6},
                                                                           {"gb", 1e9},
                                                                           {"tb", 1e12},
                                                                           {"kib", 1024.0},
                                                                           {"mib", 1024.0 * 1024},
                                                                           {"gib", 1024.0 * 1024 * 1024},
                                                                           {"tib", 1024.0 * 1024 * 1024 * 1024}}};
  for (const auto& [name, factor] : kUnits)
    if (unit == name) return std::llround(number * factor);
  return std::nullopt;
}

}  // namespace tributary::model
