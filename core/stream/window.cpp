#include "core/stream/window.h"
#include "core/base/units.h"

#include "core/base/units.h"
#include "core/model/node_spec.h"

namespace tributary::stream {

Result<WindowSpec> WindowSpec::fromConfig(const nlohmann::json& c) {
  WindowSpec w;
  std::string kind = c.value("window", std::string("tumbling"));
  auto duration = [&](const char* name, std::int64_t& out, bool needed) -> Status {
    auto it = c.find(name);
    if (it == c.end() || it->is_null() || (it->is_string() && it->get<std::string>().empty())) {
      if (needed)
        return makeError(ErrorCode::Invalid, "a " + kind + " window needs \"" + name + "\"", std::string("config.") + name);
      return {};
    }
    auto ms = base::parseDurationMs(*it);
    if (!ms || *ms < 0)
      return makeError(ErrorCode::Invalid, std::string("\"") + name + "\" must be a duration such as \"5m\"",
                       std::string("config.") + name);
    out = *ms;
    return {};
  };
  if (kind == "tumbling") {
    w.kind = WindowKind::Tumbling;
    if (auto s = duration("size", w.sizeMs, true); !s) return s.error();
  } else if (kind == "hopping") {
    w.kind = WindowKind::Hopping;
    if (auto s = duration("size", w.sizeMs, true); !s) return s.error();
    if (auto s = duration("advance", w.advanceMs, true); !s) return s.error();
    if (w.advanceMs <= 0 || w.advanceMs > w.sizeMs)
      return makeError(ErrorCode::Invalid, "\"advance\" must be more than 0 and at most \"size\"", "config.advance");
  } else if (kind == "session") {
    w.kind = WindowKind::Session;
    if (auto s = duration("gap", w.gapMs, true); !s) return s.error();
    if (w.gapMs <= 0) return makeError(ErrorCode::Invalid, "\"gap\" must be more than 0", "config.gap");
  } else if (kind == "none") {
    w.kind = WindowKind::None;
  } else {
    return makeError(ErrorCode::Invalid, "\"window\" must be tumbling, hopping, session or none, not \"" + kind + "\"",
                     "config.window");
  }
  if ((w.kind == WindowKind::Tumbling || w.kind == WindowKind::Hopping) && w.sizeMs <= 0)
    return makeError(ErrorCode::Invalid, "\"size\" must be more than 0", "config.size");
  if (auto s = duration("grace", w.graceMs, false); !s) return s.error();
  auto zone = TimeZone::load(c.value("time_zone", std::string("UTC")));
  if (!zone) return makeError(ErrorCode::Invalid, zone.error().message, "config.time_zone");
  w.zone = std::move(zone).value();
  return w;
}

std::vector<WindowBounds> WindowSpec::windowsFor(std::int64_t t) const {
  std::vector<WindowBounds> out;
  windowsFor(t, out);
  return out;
}

void WindowSpec::windowsFor(std::int64_t t, std::vector<WindowBounds>& out) const {
  out.clear();
  if (kind != WindowKind::Tumbling && kind != WindowKind::Hopping) return;
  if (kind == WindowKind::Tumbling && zone.isUtc()) {  // the common case, without the general loop
    std::int64_t start = floorDiv(t, sizeMs) * sizeMs;
    out.push_back({start, start + sizeMs});
    return;
  }
  // Align in local wall time, then map the bounds back to UTC.
  bool local = !zone.isUtc();
  std::int64_t lt = local ? t + zone.offsetAtUtc(t) : t;
  std::int64_t step = kind == WindowKind::Tumbling ? sizeMs : advanceMs;
  auto toUtc = [&](std::int64_t l) { return local ? zone.localToUtc(l) : l; };
  std::int64_t lastStart = floorDiv(lt, step) * step;
  std::int64_t firstStart = floorDiv(lt - sizeMs, step) * step + step;  // earliest start with start + size > lt
  for (std::int64_t s = firstStart; s <= lastStart; s += step) {
    WindowBounds b{toUtc(s), toUtc(s + sizeMs)};
    // Around DST changes the mapped window may not contain t after all.
    if (b.start <= t && t < b.end) out.push_back(b);
  }
}

}  // namespace tributary::stream
