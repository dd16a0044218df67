#include "core/connectors/builtin.h"

namespace tributary::connectors {

const model::SpecRegistry& builtinSpecs() {
  static const model::SpecRegistry registry = [] {
    model::SpecRegistry r;
    return r;
  }();
  return registry;
}

model::ValidationOptions defaultValidationOptions(bool checkSecrets) {
  static const model::SecretSource systemSecrets = model::SecretSource::system();
  model::ValidationOptions options;
  if (checkSecrets) options.secrets = &systemSecrets;
  return options;
}

}  // namespace tributary::connectors
