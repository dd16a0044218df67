#include "core/runtime/factory.h"

#include "core/runtime/error_policy.h"

namespace tributary::runtime {

std::filesystem::path NodeContext::resolvePath(const std::string& path) const {
  if (path.empty()) return {};
  std::filesystem::path p(path);
  if (p.is_absolute() || workDir.empty()) return p;
  return workDir / p;
}

void FactoryRegistry::add(NodeFactory factory) {
  if (factory.spec.category != model::NodeCategory::Topic) addErrorPolicyFields(factory.spec);
  m_specs.add(factory.spec);
  std::string type = factory.spec.type;
  m_factories.insert_or_assign(std::move(type), std::move(factory));
}

const NodeFactory* FactoryRegistry::find(std::string_view type) const {
  auto it = m_factories.find(type);
  return it == m_factories.end() ? nullptr : &it->second;
}

}  // namespace tributary::runtime
