#pragma once
// Schema compatibility by Avro's schema-resolution rules (specification 1.11,
// "Schema Resolution"; the same checks as Java's SchemaCompatibility):
//   - records match by unqualified name or a reader alias; each reader field
//     is found in the writer by name or by one of its aliases, or must have a
//     default; writer fields the reader lacks are skipped;
//   - promotions: int -> long, float, double; long -> float, double;
//     float -> double; string <-> bytes;
//   - enums: every writer symbol must be a reader symbol, unless the reader
//     has an enum default;
//   - fixed: same name and size; arrays and maps: their items/values;
//   - unions: a writer union needs every branch readable; a reader union
//     needs one branch that reads the writer.
// Logical types are not part of the check (as in Avro's own implementations).
// Pure functions, safe on any thread.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/avro/schema.h"

namespace tributary::avro {

struct Incompatibility {
  std::string kind;     // NAME_MISMATCH, FIXED_SIZE_MISMATCH, MISSING_ENUM_SYMBOLS,
                        // READER_FIELD_MISSING_DEFAULT_VALUE, TYPE_MISMATCH, MISSING_UNION_BRANCH
  std::string path;     // JSON pointer into the reader schema: "/fields/1/type"
  std::string message;  // a sentence
};

// Can data written with `writer` be read with `reader`? Empty when yes.
std::vector<Incompatibility> checkCanRead(const Schema& reader, const Schema& writer);

enum class CompatibilityLevel {
  None,
  Backward,
  BackwardTransitive,
  Forward,
  ForwardTransitive,
  Full,
  FullTransitive
};

std::string_view toString(CompatibilityLevel level);  // "BACKWARD_TRANSITIVE", ...
std::optional<CompatibilityLevel> parseCompatibilityLevel(std::string_view text);

// Checks `candidate` against a subject's existing versions (oldest first) at
// `level`, the way a schema registry does: BACKWARD means the candidate reads
// data written with the latest version (all versions for _TRANSITIVE),
// FORWARD that the latest (all) read data written with the candidate, FULL
// both. Returns one message per problem, naming the version it concerns
// (versions are numbered from 1 in `existing` order unless `versionNumbers`
// gives them); empty when compatible.
std::vector<std::string> checkCompatibility(const Schema& candidate, const std::vector<const Schema*>& existing,
                                            CompatibilityLevel level, const std::vector<int>& versionNumbers = {});

}  // namespace tributary::avro
