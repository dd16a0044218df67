#pragma once
// One way for connector specs to declare a field with the parts most fields
// set (name, type, help, default, advanced); the rest keep FieldSpec's defaults.

#include <string>

#include <nlohmann/json.hpp>

#include "core/model/node_spec.h"

namespace tributary::connectors {

inline model::FieldSpec specField(std::string name, model::FieldType type, std::string help,
                                  nlohmann::json defaultValue = nullptr, bool advanced = false) {
  model::FieldSpec f;
  f.name = std::move(name);
  f.type = type;
  f.help = std::move(help);
  f.defaultValue = std::move(defaultValue);
  f.advanced = advanced;
  return f;
}

// A duration that cannot be negative (checked as the user types).
inline model::FieldSpec durationField(std::string name, std::string help, nlohmann::json defaultValue,
                                      bool advanced = false) {
  model::FieldSpec f = specField(std::move(name), model::FieldType::Duration, std::move(help),
                                 std::move(defaultValue), advanced);
  f.min = 0;
  return f;
}

}  // namespace tributary::connectors
