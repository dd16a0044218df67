#include "widgets/dashboard/panel_order.h"

#include <algorithm>

namespace tributary::widgets {

bool movePanelNextTo(std::vector<PanelSpec>& panels, const std::string& id, const std::string& targetId, bool after) {
  auto byId = [&](const std::string& wanted) {
    return std::find_if(panels.begin(), panels.end(), [&](const PanelSpec& p) { return p.id == wanted; });
  };
  auto from = byId(id);
  if (from == panels.end()) return false;
  if (!targetId.empty() && byId(targetId) == panels.end()) return false;
  if (targetId == id) return false;
  std::vector<PanelSpec> reordered = panels;
  PanelSpec moving = std::move(*(reordered.begin() + (from - panels.begin())));
  reordered.erase(reordered.begin() + (from - panels.begin()));
  auto at = reordered.end();
  if (!targetId.empty()) {
    at = std::find_if(reordered.begin(), reordered.end(), [&](const PanelSpec& p) { return p.id == targetId; });
    if (after) ++at;
  }
  reordered.insert(at, std::move(moving));
  if (reordered == panels) return false;
  panels = std::move(reordered);
  return true;
}

}  // namespace tributary::widgets
