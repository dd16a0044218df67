#pragma once
// DeploymentState: the state of a deployed pipeline on a runner, as the
// runner's JSON API reports it ("state" of GET /v1/pipelines). The wire
// strings are fixed; code compares the enum, and isActive() is the one
// answer to "is it running there?" (the runner's up-gauge and the GUI's
// canvas both ask it). Pure values; any thread.

#include <optional>
#include <string_view>

namespace tributary::remote {

enum class DeploymentState {
  Starting,
  Running,
  Paused,
  Stopping,
  Stopped,
  Finished,    // its sources ended by themselves
  Failed,
  Restarting,  // failed; a restart is pending (see RestartPolicy)
  Standby,     // cluster mode: only a singleton part, owned by another runner
};

// The wire string: "starting", "running", ...
std::string_view toString(DeploymentState state);
// The state a wire string names; nullopt for one this build does not know.
std::optional<DeploymentState> parseDeploymentState(std::string_view text);

// Processing records, about to, or ready to take over: starting, running, standby.
// Paused, restarting and the final states are not active.
constexpr bool isActive(DeploymentState state) {
  return state == DeploymentState::Starting || state == DeploymentState::Running ||
         state == DeploymentState::Standby;
}
// Failed now or failed and waiting for a restart: the failure reason applies.
constexpr bool isFailure(DeploymentState state) {
  return state == DeploymentState::Failed || state == DeploymentState::Restarting;
}

}  // namespace tributary::remote
