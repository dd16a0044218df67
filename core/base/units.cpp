#include "core/base/units.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace tributary::base {
namespace {

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

using UnitTable = std::initializer_list<std::pair<std::string_view, double>>;

// A JSON integer as it is, or "<number>[ ]<unit>" scaled by the unit's factor.
std::optional<long long> parseWithUnits(const nlohmann::json& value, UnitTable units) {
  if (value.is_number_integer()) return value.get<long long>();
  if (value.is_number_unsigned()) return static_cast<long long>(value.get<unsigned long long>());
  if (!value.is_string()) return std::nullopt;
  double number = 0;
  std::string unit;
  if (!splitNumberUnit(value.get<std::string>(), number, unit)) return std::nullopt;
  for (const auto& [name, factor] : units)
    if (unit == name) return std::llround(number * factor);
  return std::nullopt;
}

}  // namespace

std::optional<long long> parseDurationMs(const nlohmann::json& value) {
  return parseWithUnits(value, {{"", 1}, {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}});
}

std::optional<long long> parseSizeBytes(const nlohmann::json& value) {
  return parseWithUnits(value, {{"", 1},
                                {"b", 1},
                                {"kb", 1e3},
                                {"mb", 1e6},
                                {"gb", 1e9},
                                {"tb", 1e12},
                                {"kib", 1024.0},
                                {"mib", 1024.0 * 1024},
                                {"gib", 1024.0 * 1024 * 1024},
                                {"tib", 1024.0 * 1024 * 1024 * 1024}});
}

}  // namespace tributary::base
