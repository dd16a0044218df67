#include "core/model/spec_registry.h"

#include <algorithm>

namespace tributary::model {
namespace {

std::size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

void SpecRegistry::add(NodeSpec spec) {
  std::string type = spec.type;
  m_specs.insert_or_assign(std::move(type), std::move(spec));
}

const NodeSpec* SpecRegistry::find(std::string_view type) const {
  auto it = m_specs.find(type);
  return it == m_specs.end() ? nullptr : &it->second;
}

std::vector<const NodeSpec*> SpecRegistry::all() const {
  std::vector<const NodeSpec*> out;
  for (const auto& [type, spec] : m_specs) out.push_back(&spec);
  std::stable_sort(out.begin(), out.end(),
                   [](const NodeSpec* a, const NodeSpec* b) { return a->category < b->category; });
  return out;
}

std::vector<std::string> SpecRegistry::suggestions(std::string_view type) const {
  std::vector<std::string> names;
  for (const auto& [name, spec] : m_specs) names.push_back(name);
  return closestNames(type, names);
}

std::vector<std::string> closestNames(std::string_view name, const std::vector<std::string>& candidates) {
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const std::string& candidate : candidates) {
    std::size_t d = editDistance(name, candidate);
    if (d <= std::max<std::size_t>(1, candidate.size() / 4)) scored.emplace_back(d, candidate);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < scored.size() && i < 3; ++i) out.push_back(scored[i].second);
  return out;
}

}  // namespace tributary::model
