#pragma once
// Small conversions between core's std::string / nlohmann::json and Qt types,
// used everywhere in widgets/. Header-only, no state.

#include <string>

#include <nlohmann/json.hpp>

#include <QString>

#include "core/base/result.h"

namespace tributary::widgets {

inline QString toQt(const std::string& text) {
  return QString::fromStdString(text);
}
inline QString toQt(std::string_view text) {
  return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}
inline std::string toStd(const QString& text) {
  return text.toStdString();
}

// A form's input error; the message says where (row, column, field) in the user's words.
inline Error invalidInput(const QString& message) {
  return makeError(ErrorCode::Invalid, toStd(message));
}

// A JSON value as the short text a form or a tooltip shows ("10s", "42", "[…]").
inline QString jsonToDisplay(const nlohmann::json& value) {
  if (value.is_null()) return {};
  if (value.is_string()) return toQt(value.get<std::string>());
  return toQt(value.dump());
}

}  // namespace tributary::widgets
