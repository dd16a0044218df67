#include "core/avro/compatibility.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

namespace tributary::avro {

namespace {

// One reader/writer walk. Each pair of nodes is checked once and its verdict
// kept; a pair met again while it is being checked is a recursive type and is
// taken as compatible (co-inductively), as Avro's implementations do. Union
// branches are tried silently (their failures are not problems of the whole).
class Checker {
 public:
  Checker(const Schema& reader, const Schema& writer) : m_reader(reader), m_writer(writer) {}

  std::vector<Incompatibility> problems;

  bool check(int ri, int wi, const std::string& path) {
    auto key = std::make_tuple(ri, wi, m_silent > 0);
    if (auto it = m_memo.find(key); it != m_memo.end()) return it->second != State::Failed;
    m_memo[key] = State::InProgress;
    std::size_t before = m_failures;
    checkPair(ri, wi, path);
    bool ok = m_failures == before;
    m_memo[key] = ok ? State::Ok : State::Failed;
    return ok;
  }

 private:
  enum class State { InProgress, Ok, Failed };
  const Schema& m_reader;
  const Schema& m_writer;
  std::map<std::tuple<int, int, bool>, State> m_memo;
  int m_silent = 0;
  std::size_t m_failures = 0;

  void checkPair(int ri, int wi, const std::string& path) {
    const Node& r = m_reader.node(ri);
    const Node& w = m_writer.node(wi);
    if (r.type == w.type) {
      switch (r.type) {
        case Type::Record: return checkRecord(r, w, path);
        case Type::Enum:
          if (!namesMatch(r, w)) return nameMismatch(r, w, path);
          if (!r.enumDefault) {
            std::vector<std::string> missing;
            for (const auto& s : w.symbols)
              if (std::find(r.symbols.begin(), r.symbols.end(), s) == r.symbols.end()) missing.push_back(s);
            if (!missing.empty()) {
              std::string list;
              for (const auto& s : missing) list += (list.empty() ? "" : ", ") + s;
              add("MISSING_ENUM_SYMBOLS", path + "/symbols",
                  "the reader's enum " + r.fullName + " lacks symbols [" + list + "] of the writer and has no default");
            }
          }
          return;
        case Type::Fixed:
          if (!namesMatch(r, w)) return nameMismatch(r, w, path);
          if (r.size != w.size)
            add("FIXED_SIZE_MISMATCH", path + "/size",
                "fixed " + r.fullName + " has size " + std::to_string(r.size) + " in the reader and " +
                    std::to_string(w.size) + " in the writer");
          return;
        case Type::Array: check(r.items, w.items, path + "/items"); return;
        case Type::Map: check(r.items, w.items, path + "/values"); return;
        case Type::Union:
          for (int branch : w.branches) checkReaderUnion(ri, branch, path);
          return;
        default: return;  // the same primitive
      }
    }
    if (w.type == Type::Union) {
      // Every branch the writer may have used must be readable.
      for (int branch : w.branches) check(ri, branch, path);
      return;
    }
    switch (r.type) {
      case Type::Long:
        if (w.type == Type::Int) return;
        break;
      case Type::Float:
        if (w.type == Type::Int || w.type == Type::Long) return;
        break;
      case Type::Double:
        if (w.type == Type::Int || w.type == Type::Long || w.type == Type::Float) return;
        break;
      case Type::Bytes:
        if (w.type == Type::String) return;
        break;
      case Type::String:
        if (w.type == Type::Bytes) return;
        break;
      case Type::Union: return checkReaderUnion(ri, wi, path);
      default: break;
    }
    add("TYPE_MISMATCH", path, "the reader's type " + describe(r) + " cannot read the writer's " + describe(w));
  }

  void add(std::string kind, std::string path, std::string message) {
    ++m_failures;
    if (m_silent == 0) problems.push_back({std::move(kind), path.empty() ? "/" : std::move(path), std::move(message)});
  }

  static std::string describe(const Node& n) {
    return isNamed(n.type) ? std::string(toString(n.type)) + " " + n.fullName : std::string(toString(n.type));
  }

  static bool namesMatch(const Node& r, const Node& w) {
    if (r.name() == w.name()) return true;
    return std::find(r.aliases.begin(), r.aliases.end(), w.fullName) != r.aliases.end();
  }

  void nameMismatch(const Node& r, const Node& w, const std::string& path) {
    add("NAME_MISMATCH", path + "/name",
        "the reader's " + std::string(toString(r.type)) + " is named " + r.fullName + " but the writer's " +
            w.fullName + " (and no reader alias names it)");
  }

  // A reader union reads a writer (non-union) type when one branch does.
  void checkReaderUnion(int ri, int wi, const std::string& path) {
    const Node& r = m_reader.node(ri);
    for (int branch : r.branches) {
      std::size_t before = m_failures;
      ++m_silent;
      bool ok = check(branch, wi, path);
      --m_silent;
      m_failures = before;
      if (ok) return;
    }
    add("MISSING_UNION_BRANCH", path,
        "the reader's union has no branch that reads the writer's " + describe(m_writer.node(wi)));
  }

  void checkRecord(const Node& r, const Node& w, const std::string& path) {
    if (!namesMatch(r, w)) return nameMismatch(r, w, path);
    for (std::size_t i = 0; i < r.fields.size(); ++i) {
      const Field& rf = r.fields[i];
      const Field* wf = findWriterField(w, rf);
      std::string where = path + "/fields/" + std::to_string(i);
      if (!wf) {
        if (!rf.defaultValue)
          add("READER_FIELD_MISSING_DEFAULT_VALUE", where,
              "the field '" + rf.name + "' of " + r.fullName +
                  " is in the reader but not in the writer, and has no default value");
        continue;
      }
      check(rf.type, wf->type, where + "/type");
    }
  }

  static const Field* findWriterField(const Node& w, const Field& rf) {
    for (const Field& f : w.fields)
      if (f.name == rf.name) return &f;
    for (const auto& alias : rf.aliases)
      for (const Field& f : w.fields)
        if (f.name == alias) return &f;
    return nullptr;
  }
};

}  // namespace

std::vector<Incompatibility> checkCanRead(const Schema& reader, const Schema& writer) {
  Checker checker(reader, writer);
  checker.check(reader.rootIndex(), writer.rootIndex(), "");
  return std::move(checker.problems);
}

std::string_view toString(CompatibilityLevel level) {
  switch (level) {
    case CompatibilityLevel::None: return "NONE";
    case CompatibilityLevel::Backward: return "BACKWARD";
    case CompatibilityLevel::BackwardTransitive: return "BACKWARD_TRANSITIVE";
    case CompatibilityLevel::Forward: return "FORWARD";
    case CompatibilityLevel::ForwardTransitive: return "FORWARD_TRANSITIVE";
    case CompatibilityLevel::Full: return "FULL";
    case CompatibilityLevel::FullTransitive: return "FULL_TRANSITIVE";
  }
  return "NONE";
}

std::optional<CompatibilityLevel> parseCompatibilityLevel(std::string_view text) {
  for (auto level : {CompatibilityLevel::None, CompatibilityLevel::Backward, CompatibilityLevel::BackwardTransitive,
                     CompatibilityLevel::Forward, CompatibilityLevel::ForwardTransitive, CompatibilityLevel::Full,
                     CompatibilityLevel::FullTransitive})
    if (toString(level) == text) return level;
  return std::nullopt;
}

std::vector<std::string> checkCompatibility(const Schema& candidate, const std::vector<const Schema*>& existing,
                                            CompatibilityLevel level, const std::vector<int>& versionNumbers) {
  std::vector<std::string> messages;
  if (level == CompatibilityLevel::None || existing.empty()) return messages;
  bool transitive = level == CompatibilityLevel::BackwardTransitive || level == CompatibilityLevel::ForwardTransitive ||
                    level == CompatibilityLevel::FullTransitive;
  bool backward = level != CompatibilityLevel::Forward && level != CompatibilityLevel::ForwardTransitive;
  bool forward = level != CompatibilityLevel::Backward && level != CompatibilityLevel::BackwardTransitive;
  std::size_t first = transitive ? 0 : existing.size() - 1;
  // Newest first, as a registry reports them.
  for (std::size_t i = existing.size(); i-- > first;) {
    int version = i < versionNumbers.size() ? versionNumbers[i] : static_cast<int>(i + 1);
    auto report = [&](const std::vector<Incompatibility>& problems, const char* direction) {
      for (const auto& p : problems)
        messages.push_back("{errorType:'" + p.kind + "', description:'" + p.message + " (" + direction + ")', path:'" +
                           p.path + "', oldSchemaVersion:" + std::to_string(version) + "}");
    };
    if (backward) report(checkCanRead(candidate, *existing[i]), "the new schema reading data of the old one");
    if (forward) report(checkCanRead(*existing[i], candidate), "the old schema reading data of the new one");
  }
  return messages;
}

}  // namespace tributary::avro
