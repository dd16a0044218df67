#pragma once
// UserDashboards: dashboards saved by name, apart from any pipeline, as
// `<config dir>/dashboards/<name>.json` (QStandardPaths::AppConfigLocation),
// each holding what a pipeline file holds under "dashboard" (panels and alert
// rules, see dashboard_layout.h). Their selectors leave out the pipeline
// label, so one opens for any pipeline; panels whose series the pipeline does
// not have show "no data".
// Names become file names: letters, digits, space, '.', '-' and '_', not
// starting with '.', at most 100 characters. GUI thread (small local files).

#include <QString>
#include <QStringList>

#include "core/base/result.h"
#include "widgets/dashboard/dashboard_layout.h"

namespace tributary::widgets {

class UserDashboards {
 public:
  // `directory` empty: AppConfigLocation/dashboards.
  explicit UserDashboards(QString directory = {});

  static QString defaultDirectory();
  const QString& directory() const { return m_directory; }

  // Sorted names of the saved dashboards (files that end in .json).
  QStringList names() const;
  bool exists(const QString& name) const;
  // Errors name the file (and the JSON path inside it).
  Result<DashboardLayout> load(const QString& name) const;
  // Replaces a dashboard of the same name; written atomically.
  Status save(const QString& name, const DashboardLayout& layout) const;
  Status remove(const QString& name) const;

  // Empty when `name` can be saved, else why not.
  static QString checkName(const QString& name);
  QString pathFor(const QString& name) const;

 private:
  QString m_directory;
};

}  // namespace tributary::widgets
