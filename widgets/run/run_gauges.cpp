#include "widgets/run/run_gauges.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "core/runtime/members.h"

namespace tributary::widgets {
namespace {

std::string labelValue(const metrics::Labels& labels, const std::string& key) {
  for (const auto& [k, v] : labels)
    if (k == key) return v;
  return {};
}

}  // namespace

std::map<std::string, RunGauges> readRunGauges(const std::vector<metrics::FamilySnapshot>& families,
                                               const std::string& pipeline) {
  // node -> (runner, member) -> partitions held (from both gauges: a member
  // whose count is 0 is idle; one with partition series but no count yet
  // still shows).
  using MemberKey = std::pair<std::string, int>;
  std::map<std::string, std::map<MemberKey, std::set<int>>> members;
  std::map<std::string, RunGauges> out;
  for (const metrics::FamilySnapshot& family : families) {
    const bool count = family.name == "tributary_source_member_partitions";
    const bool held = family.name == "tributary_source_member_partition";
    const bool restored = family.name == "tributary_state_restore_records";
    const bool restoreTotal = family.name == "tributary_state_restore_records_total";
    if (!count && !held && !restored && !restoreTotal) continue;
    for (const metrics::SeriesSnapshot& series : family.series) {
      if (labelValue(series.labels, "pipeline") != pipeline) continue;
      const std::string node = runtime::userNodeId(labelValue(series.labels, "node"));
      if (node.empty()) continue;
      const std::string runner = labelValue(series.labels, "runner");
      const bool merged = runner.empty() && labelValue(series.labels, "source") == "runners";
      if (restored || restoreTotal) {
        if (!runner.empty()) continue;  // the merged series (runners) or the only one (a local run)
        auto value = static_cast<std::uint64_t>(std::max(0.0, series.value));
        (restored ? out[node].restored : out[node].restoreTotal) += value;
        continue;
      }
      if (merged) continue;  // members are per runner
      int member = 0;
      try {
        member = std::stoi(labelValue(series.labels, "member"));
      } catch (const std::exception&) {
        continue;
      }
      auto& partitions = members[node][{runner, member}];
      if (held && series.value > 0) {
        try {
          partitions.insert(std::stoi(labelValue(series.labels, "partition")));
        } catch (const std::exception&) {
        }
      }
    }
  }
  for (auto& [node, byMember] : members) {
    RunGauges& g = out[node];
    for (auto& [key, partitions] : byMember) {
      RunMember m;
      m.runner = QString::fromStdString(key.first);
      m.member = key.second;
      m.partitions.assign(partitions.begin(), partitions.end());
      g.members.push_back(std::move(m));
    }
  }
  return out;
}

void addRunGauges(NodeRunFigures& figures, const std::map<std::string, RunGauges>& gauges, const std::string& nodeId) {
  auto it = gauges.find(nodeId);
  if (it == gauges.end()) return;
  figures.members = it->second.members;
  figures.restored = it->second.restored;
  figures.restoreTotal = it->second.restoreTotal;
}

}  // namespace tributary::widgets
