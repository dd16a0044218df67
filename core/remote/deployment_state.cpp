#include "core/remote/deployment_state.h"

#include <array>
#include <utility>

namespace tributary::remote {
namespace {

constexpr std::array<std::pair<DeploymentState, std::string_view>, 9> kNames = {{
    {DeploymentState::Starting, "starting"},
    {DeploymentState::Running, "running"},
    {DeploymentState::Paused, "paused"},
    {DeploymentState::Stopping, "stopping"},
    {DeploymentState::Stopped, "stopped"},
    {DeploymentState::Finished, "finished"},
    {DeploymentState::Failed, "failed"},
    {DeploymentState::Restarting, "restarting"},
    {DeploymentState::Standby, "standby"},
}};

}  // namespace

std::string_view toString(DeploymentState state) {
  for (const auto& [s, name] : kNames)
    if (s == state) return name;
  return "stopped";
}

std::optional<DeploymentState> parseDeploymentState(std::string_view text) {
  for (const auto& [s, name] : kNames)
    if (name == text) return s;
  return std::nullopt;
}

}  // namespace tributary::remote
