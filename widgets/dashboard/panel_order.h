#pragma once
// Reordering dashboard panels by drag and drop: the pure part (which panel
// goes where), kept apart from the widgets so it is easy to test and reuse.

#include <string>
#include <vector>

#include "widgets/dashboard/dashboard_layout.h"

namespace tributary::widgets {

// Moves panel `id` next to panel `targetId`: before it, or after it when
// `after` is true; an empty `targetId` moves it to the end. Returns false (and
// leaves `panels` alone) when `id` or `targetId` is unknown or nothing moves.
bool movePanelNextTo(std::vector<PanelSpec>& panels, const std::string& id, const std::string& targetId, bool after);

}  // namespace tributary::widgets
