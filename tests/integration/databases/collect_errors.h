#pragma once
// An ErrorReporter for connector tests: keeps every reported error's text so
// a test can assert on it, and never fails the run.
#include <string>
#include <string_view>
#include <vector>

#include "core/runtime/node.h"

namespace tributary::testing {

class CollectErrors final : public runtime::ErrorReporter {
 public:
  void report(const record::Record&, const Error& e) override { errors.push_back(e.toString()); }
  void reportRaw(std::string_view, const Error& e, record::SourcePosition) override { errors.push_back(e.toString()); }
  bool failed() const override { return false; }
  std::vector<std::string> errors;
};

}  // namespace tributary::testing
