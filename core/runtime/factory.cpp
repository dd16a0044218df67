#include "core/runtime/factory.h"

#include <memory>

#include "core/runtime/error_policy.h"

namespace tributary::runtime {

std::filesystem::path NodeContext::resolvePath(const std::string& path) const {
  if (path.empty()) return {};
  std::filesystem::path p(path);
  if (p.is_absolute() || workDir.empty()) return p;
  return workDir / p;
}

namespace {

// Wraps a factory function so it sees the config with the spec's defaults
// filled in, whoever calls it (the engine, a test, a preview): the spec is the
// one place a default is written (see node_config.h).
template <typename Make>
Make withSpecDefaults(Make make, std::shared_ptr<const model::NodeSpec> spec) {
  if (!make) return make;
  return [make = std::move(make), spec = std::move(spec)](const NodeContext& context) {
    NodeContext filled = context;
    filled.config = spec->withDefaults(context.config);
    return make(filled);
  };
}

}  // namespace

void FactoryRegistry::add(NodeFactory factory) {
  if (factory.spec.category != model::NodeCategory::Topic) addErrorPolicyFields(factory.spec);
  auto spec = std::make_shared<const model::NodeSpec>(factory.spec);
  factory.source = withSpecDefaults(std::move(factory.source), spec);
  factory.transform = withSpecDefaults(std::move(factory.transform), spec);
  factory.sink = withSpecDefaults(std::move(factory.sink), spec);
  m_specs.add(factory.spec);
  std::string type = factory.spec.type;
  m_factories.insert_or_assign(std::move(type), std::move(factory));
}

const NodeFactory* FactoryRegistry::find(std::string_view type) const {
  auto it = m_factories.find(type);
  return it == m_factories.end() ? nullptr : &it->second;
}

}  // namespace tributary::runtime
