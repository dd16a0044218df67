#pragma once
// Type string -> NodeSpec. The connectors layer fills one registry with every
// built-in type (connectors::builtinRegistry()); tests build their own.
// Not thread-safe for writing: fill it once, then share it read-only.

#include <map>
#include <string>
#include <vector>

#include "core/model/node_spec.h"

namespace tributary::model {

// The up to three `candidates` closest to `name` by edit distance, for "did you mean" hints.
std::vector<std::string> closestNames(std::string_view name, const std::vector<std::string>& candidates);

class SpecRegistry {
 public:
  // Replaces an existing spec of the same type.
  void add(NodeSpec spec);
  const NodeSpec* find(std::string_view type) const;
  // Sorted by category, then type.
  std::vector<const NodeSpec*> all() const;
  // Closest registered type names to `type`, for "did you mean" hints.
  std::vector<std::string> suggestions(std::string_view type) const;

 private:
  std::map<std::string, NodeSpec, std::less<>> m_specs;
};

}  // namespace tributary::model
