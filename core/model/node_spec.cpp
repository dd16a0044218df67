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

}  // namespace tributary::model
