#pragma once
// Groups that share a member are one group: the inputs of joins that share a
// topic node are read by one consumer-group member (runtime::Engine and the
// planner's join-member check group them the same way).

#include <vector>

namespace tributary::base {

// Merges every group in `groups` for which `shares(group)` holds into the
// first of them (`absorb(into, from)` takes over from's members, then from is
// erased), and returns that group, or groups.end() when none shares.
template <class Group, class Shares, class Absorb>
typename std::vector<Group>::iterator mergeSharing(std::vector<Group>& groups, Shares shares, Absorb absorb) {
  auto joined = groups.end();
  for (auto g = groups.begin(); g != groups.end();) {
    if (!shares(*g)) {
      ++g;
    } else if (joined == groups.end()) {
      joined = g++;
    } else {
      absorb(*joined, *g);
      g = groups.erase(g);  // after `joined`, which stays valid
    }
  }
  return joined;
}

}  // namespace tributary::base
