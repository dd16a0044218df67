#include "core/registry/schema_registry.h"

#include <algorithm>
#include <climits>
#include <variant>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace tributary::registry {

namespace {

using json = nlohmann::json;

std::string dumped(const json& body) {
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

RegistryResponse ok(const json& body) {
  return {200, dumped(body)};
}

RegistryResponse failure(int code, const std::string& message) {
  int status = code >= 1000 ? code / 100 : code;
  return {status, dumped(json{{"error_code", code}, {"message", message}})};
}

// Subjects and versions come from the path: they must be UTF-8 to be JSON.
bool validUtf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > text.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

std::vector<std::string> splitPath(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    if (slash > start) parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

bool flag(const RegistryRequest& request, const std::string& name) {
  auto it = request.query.find(name);
  return it != request.query.end() && (it->second == "true" || it->second == "1");
}

std::string upper(std::string text) {
  for (char& c : text)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return text;
}

std::string schemaKey(const std::string& subject, int version) {
  return dumped(json{{"keytype", "SCHEMA"}, {"subject", subject}, {"version", version}, {"magic", 1}});
}

std::string configKey(const std::optional<std::string>& subject) {
  json key = {{"keytype", "CONFIG"}, {"subject", nullptr}, {"magic", 0}};
  if (subject) key["subject"] = *subject;
  return dumped(key);
}

std::optional<int> parseId(const std::string& text) {
  if (text.empty() || text.size() > 10) return std::nullopt;
  long long value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value > INT_MAX) return std::nullopt;
  return static_cast<int>(value);
}

const char* kInvalidLevel =
    "Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, "
    "forward_transitive, and full_transitive";

}  // namespace

SchemaRegistry::SchemaRegistry(std::unique_ptr<SchemaLog> log) : m_log(std::move(log)) {}
SchemaRegistry::~SchemaRegistry() = default;

Status SchemaRegistry::load() {
  std::lock_guard lock(m_mutex);
  auto records = m_log->readAll();
  if (!records) return records.error();
  std::size_t skipped = 0;
  for (const LogRecord& record : *records)
    if (Status s = apply(record); !s) {
      ++skipped;
      spdlog::warn("schema registry: a record of {} is ignored: {}", m_log->describe(), s.error().toString());
    }
  spdlog::info("schema registry: {} schemas in {} subjects from {} ({} records, {} ignored)", m_byId.size(),
               m_subjects.size(), m_log->describe(), records->size(), skipped);
  return {};
}

Status SchemaRegistry::apply(const LogRecord& record) {
  json key = json::parse(record.key, nullptr, false);
  if (!key.is_object() || !key.contains("keytype") || !key["keytype"].is_string())
    return makeError(ErrorCode::Invalid, "the key is not a registry key: " + record.key.substr(0, 200));
  const std::string type = key["keytype"].get<std::string>();
  if (type == "CONFIG") {
    std::optional<std::string> subject;
    if (key.contains("subject") && key["subject"].is_string()) subject = key["subject"].get<std::string>();
    std::optional<avro::CompatibilityLevel> level;
    if (record.value) {
      json value = json::parse(*record.value, nullptr, false);
      if (!value.is_object() || !value.contains("compatibilityLevel") || !value["compatibilityLevel"].is_string())
        return makeError(ErrorCode::Invalid, "a CONFIG record without compatibilityLevel");
      level = avro::parseCompatibilityLevel(value["compatibilityLevel"].get<std::string>());
      if (!level) return makeError(ErrorCode::Invalid, "unknown compatibility level in a CONFIG record");
    }
    if (!subject) {
      m_globalLevel = level.value_or(avro::CompatibilityLevel::Backward);
    } else if (level) {
      m_subjects[*subject].level = level;
    } else if (auto it = m_subjects.find(*subject); it != m_subjects.end()) {
      it->second.level.reset();
      if (it->second.versions.empty()) m_subjects.erase(it);
    }
    return {};
  }
  if (type != "SCHEMA") return {};  // other key types (NOOP, DELETE_SUBJECT, ...) carry nothing we keep
  if (!key.contains("subject") || !key["subject"].is_string() || !key.contains("version") ||
      !key["version"].is_number_integer())
    return makeError(ErrorCode::Invalid, "a SCHEMA key without subject or version");
  const std::string subject = key["subject"].get<std::string>();
  const int versionNumber = key["version"].get<int>();
  if (!record.value) {  // permanently deleted
    auto it = m_subjects.find(subject);
    if (it == m_subjects.end()) return {};
    auto& versions = it->second.versions;
    auto v = std::find_if(versions.begin(), versions.end(), [&](const Version& x) { return x.version == versionNumber; });
    if (v == versions.end()) return {};
    int id = v->id;
    versions.erase(v);
    if (versions.empty() && !it->second.level) m_subjects.erase(it);
    bool used = false;
    for (const auto& [name, s] : m_subjects)
      for (const auto& x : s.versions) used = used || x.id == id;
    if (!used) {
      auto stored = m_byId.find(id);
      if (stored != m_byId.end()) {
        m_idByNormalized.erase(stored->second.normalized);
        m_byId.erase(stored);
      }
    }
    return {};
  }
  json value = json::parse(*record.value, nullptr, false);
  if (!value.is_object() || !value.contains("id") || !value["id"].is_number_integer() || !value.contains("schema") ||
      !value["schema"].is_string())
    return makeError(ErrorCode::Invalid, "a SCHEMA record without id or schema");
  const int id = value["id"].get<int>();
  if (m_byId.find(id) == m_byId.end()) {
    auto parsed = avro::Schema::parse(value["schema"].get<std::string>());
    if (!parsed) return parsed.error();
    Stored stored;
    stored.id = id;
    stored.text = value["schema"].get<std::string>();
    stored.normalized = parsed->normalizedForm();
    stored.schema = std::make_shared<const avro::Schema>(std::move(*parsed));
    m_idByNormalized.emplace(stored.normalized, id);
    m_byId.emplace(id, std::move(stored));
  }
  m_nextId = std::max(m_nextId, id + 1);
  Version version{versionNumber, id, value.value("deleted", false)};
  auto& versions = m_subjects[subject].versions;
  auto pos = std::lower_bound(versions.begin(), versions.end(), versionNumber,
                              [](const Version& x, int n) { return x.version < n; });
  if (pos != versions.end() && pos->version == versionNumber)
    *pos = version;
  else
    versions.insert(pos, version);
  return {};
}

Status SchemaRegistry::write(const LogRecord& record) {
  if (Status s = m_log->append(record); !s) return s;
  return apply(record);
}

Status SchemaRegistry::writeVersion(const std::string& subject, const Version& version, const Stored& stored) {
  json value = {{"subject", subject}, {"version", version.version}, {"id", stored.id},
                {"schemaType", "AVRO"}, {"schema", stored.text},    {"deleted", version.deleted}};
  return write({schemaKey(subject, version.version), dumped(value)});
}

avro::CompatibilityLevel SchemaRegistry::levelOf(const std::string& subject) const {
  auto it = m_subjects.find(subject);
  if (it != m_subjects.end() && it->second.level) return *it->second.level;
  return m_globalLevel;
}

std::vector<const SchemaRegistry::Version*> SchemaRegistry::liveVersions(const std::string& subject) const {
  std::vector<const Version*> out;
  auto it = m_subjects.find(subject);
  if (it == m_subjects.end()) return out;
  for (const auto& v : it->second.versions)
    if (!v.deleted) out.push_back(&v);
  return out;
}

// "latest", "-1" or 1..2^31-1; the version must exist (and be live unless includeDeleted).
std::optional<SchemaRegistry::Failure> SchemaRegistry::parseVersion(const std::string& subject, const std::string& text,
                                                                    bool includeDeleted, const Version*& out) const {
  out = nullptr;
  std::optional<int> number;
  bool latest = text == "latest" || text == "-1";
  if (!latest) {
    number = parseId(text);
    if (!number || *number < 1)
      return Failure{42202, "The specified version '" + text +
                                "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "
                                "\"latest\""};
  }
  auto it = m_subjects.find(subject);
  bool anyLive = !liveVersions(subject).empty();
  if (it == m_subjects.end() || it->second.versions.empty() || (!includeDeleted && !anyLive))
    return Failure{40401, "Subject '" + subject + "' not found."};
  for (auto v = it->second.versions.rbegin(); v != it->second.versions.rend(); ++v) {
    if (v->deleted && !includeDeleted) continue;
    if (latest || v->version == *number) {
      out = &*v;
      return std::nullopt;
    }
  }
  return Failure{40402, "Version " + text + " not found."};
}

std::variant<int, SchemaRegistry::Failure> SchemaRegistry::doRegister(const std::string& subject,
                                                                      const std::string& body, bool) {
  json request = json::parse(body, nullptr, false);
  if (!request.is_object()) return Failure{400, "the request body must be a JSON object with \"schema\""};
  if (request.contains("schemaType") && !(request["schemaType"].is_string() &&
                                          upper(request["schemaType"].get<std::string>()) == "AVRO"))
    return Failure{42201, "Invalid schema type: only AVRO schemas are supported by this registry"};
  if (request.contains("references") && !(request["references"].is_array() && request["references"].empty()))
    return Failure{42201, "Invalid schema: schema references are not supported by this registry"};
  if (!request.contains("schema") || !request["schema"].is_string() ||
      request["schema"].get_ref<const std::string&>().empty())
    return Failure{42201, "Empty schema"};
  const std::string text = request["schema"].get<std::string>();
  auto parsed = avro::Schema::parse(text);
  if (!parsed) return Failure{42201, "Invalid schema: " + parsed.error().toString()};
  const std::string normalized = parsed->normalizedForm();
  auto live = liveVersions(subject);
  for (const Version* v : live)
    if (m_byId.at(v->id).normalized == normalized) return v->id;  // already registered: idempotent
  std::vector<const avro::Schema*> existing;
  std::vector<int> numbers;
  for (const Version* v : live) {
    existing.push_back(m_byId.at(v->id).schema.get());
    numbers.push_back(v->version);
  }
  auto level = levelOf(subject);
  auto messages = avro::checkCompatibility(*parsed, existing, level, numbers);
  if (!messages.empty()) {
    std::string details;
    for (const auto& m : messages) details += (details.empty() ? "" : ", ") + m;
    return Failure{409, "Schema being registered is incompatible with an earlier schema for subject \"" + subject +
                            "\", details: [" + details + ", {compatibility: '" +
                            std::string(avro::toString(level)) + "'}]"};
  }
  Stored stored;
  if (auto same = m_idByNormalized.find(normalized); same != m_idByNormalized.end()) {
    stored = m_byId.at(same->second);
  } else {
    stored.id = m_nextId;
    stored.text = text;
    stored.normalized = normalized;
  }
  int next = 1;
  if (auto it = m_subjects.find(subject); it != m_subjects.end() && !it->second.versions.empty())
    next = it->second.versions.back().version + 1;
  if (Status s = writeVersion(subject, Version{next, stored.id, false}, stored); !s)
    return Failure{50001, "Error while registering schema: " + s.error().toString()};
  return stored.id;
}

Result<int> SchemaRegistry::registerSchema(const std::string& subject, const std::string& schemaText) {
  if (!validUtf8(subject) || !validUtf8(schemaText))
    return makeError(ErrorCode::Invalid, "the subject and the schema must be UTF-8 text", "subject " + subject);
  std::lock_guard lock(m_mutex);
  auto result = doRegister(subject, dumped(json{{"schema", schemaText}}), false);
  if (auto* id = std::get_if<int>(&result)) return *id;
  const Failure& f = std::get<Failure>(result);
  return makeError(f.code == 409 ? ErrorCode::Invalid : (f.code >= 50000 ? ErrorCode::Unavailable : ErrorCode::Invalid),
                   f.message, "subject " + subject);
}

Result<std::string> SchemaRegistry::schemaById(int id) {
  std::lock_guard lock(m_mutex);
  auto it = m_byId.find(id);
  if (it == m_byId.end()) return makeError(ErrorCode::NotFound, "schema id " + std::to_string(id) + " not found");
  return it->second.text;
}

std::size_t SchemaRegistry::schemaCount() {
  std::lock_guard lock(m_mutex);
  return m_byId.size();
}

RegistryResponse SchemaRegistry::handle(const RegistryRequest& request) {
  std::lock_guard lock(m_mutex);
  return route(request);
}

RegistryResponse SchemaRegistry::route(const RegistryRequest& request) {
  const auto parts = splitPath(request.path);
  const std::string& method = request.method;
  const bool get = method == "GET", post = method == "POST", put = method == "PUT", del = method == "DELETE";
  const std::size_t n = parts.size();
  auto notFound = [] { return failure(404, "HTTP 404 Not Found"); };
  auto notAllowed = [] { return failure(405, "HTTP 405 Method Not Allowed"); };
  auto asResponse = [](const Failure& f) { return failure(f.code, f.message); };
  for (const auto& part : parts)
    if (!validUtf8(part)) return failure(400, "the request path is not valid UTF-8");

  if (n == 0) return get ? ok(json::object()) : notAllowed();

  // ---- /schemas ----
  if (parts[0] == "schemas") {
    if (n == 2 && parts[1] == "types") return get ? ok(json::array({"AVRO"})) : notAllowed();
    if (n >= 3 && parts[1] == "ids" && n <= 4) {
      if (!get) return notAllowed();
      auto id = parseId(parts[2]);
      auto it = id ? m_byId.find(*id) : m_byId.end();
      if (it == m_byId.end()) return failure(40403, "Schema " + parts[2] + " not found");
      if (n == 3) return ok(json{{"schema", it->second.text}});
      bool deleted = flag(request, "deleted");
      if (parts[3] == "schema") return {200, it->second.text};
      if (parts[3] == "subjects" || parts[3] == "versions") {
        json out = json::array();
        for (const auto& [name, subject] : m_subjects)
          for (const auto& v : subject.versions) {
            if (v.id != *id || (v.deleted && !deleted)) continue;
            if (parts[3] == "versions")
              out.push_back({{"subject", name}, {"version", v.version}});
            else if (out.empty() || out.back() != name)
              out.push_back(name);
          }
        return ok(out);
      }
    }
    return notFound();
  }

  // ---- /subjects ----
  if (parts[0] == "subjects") {
    bool deleted = flag(request, "deleted");
    if (n == 1) {
      if (!get) return notAllowed();
      json out = json::array();
      for (const auto& [name, subject] : m_subjects)
        if (std::any_of(subject.versions.begin(), subject.versions.end(),
                        [&](const Version& v) { return deleted || !v.deleted; }))
          out.push_back(name);
      return ok(out);
    }
    const std::string& subject = parts[1];
    auto it = m_subjects.find(subject);
    bool exists = it != m_subjects.end() && !it->second.versions.empty();
    bool live = !liveVersions(subject).empty();
    if (n == 2) {
      if (post) {  // lookup by schema
        json body = json::parse(request.body, nullptr, false);
        if (!body.is_object() || !body.contains("schema") || !body["schema"].is_string())
          return failure(400, "the request body must be a JSON object with \"schema\"");
        if (!exists || (!live && !deleted)) return failure(40401, "Subject '" + subject + "' not found.");
        auto parsed = avro::Schema::parse(body["schema"].get<std::string>());
        if (!parsed) return failure(42201, "Invalid schema: " + parsed.error().toString());
        const std::string normalized = parsed->normalizedForm();
        for (auto v = it->second.versions.rbegin(); v != it->second.versions.rend(); ++v) {
          if (v->deleted && !deleted) continue;
          const Stored& stored = m_byId.at(v->id);
          if (stored.normalized == normalized)
            return ok({{"subject", subject}, {"id", v->id}, {"version", v->version}, {"schema", stored.text}});
        }
        return failure(40403, "Schema not found");
      }
      if (del) {
        bool permanent = flag(request, "permanent");
        if (!exists) return failure(40401, "Subject '" + subject + "' not found.");
        json out = json::array();
        if (permanent) {
          if (live)
            return failure(40405, "Subject '" + subject + "' was not deleted first before being permanently deleted");
          std::vector<int> numbers;
          for (const auto& v : it->second.versions) numbers.push_back(v.version);
          for (int number : numbers) {
            if (Status s = write({schemaKey(subject, number), std::nullopt}); !s)
              return failure(50001, "Error while deleting the subject: " + s.error().toString());
            out.push_back(number);
          }
          return ok(out);
        }
        if (!live)
          return failure(40404,
                         "Subject '" + subject + "' was soft deleted.Set permanent=true to delete permanently");
        std::vector<Version> toDelete;
        for (const auto& v : it->second.versions)
          if (!v.deleted) toDelete.push_back(v);
        for (Version v : toDelete) {
          v.deleted = true;
          if (Status s = writeVersion(subject, v, m_byId.at(v.id)); !s)
            return failure(50001, "Error while deleting the subject: " + s.error().toString());
          out.push_back(v.version);
        }
        return ok(out);
      }
      return notAllowed();
    }
    if (parts[2] != "versions") return notFound();
    if (n == 3) {
      if (post) {
        auto result = doRegister(subject, request.body, flag(request, "normalize"));
        if (auto* id = std::get_if<int>(&result)) return ok({{"id", *id}});
        return asResponse(std::get<Failure>(result));
      }
      if (!get) return notAllowed();
      if (!exists || (!live && !deleted)) return failure(40401, "Subject '" + subject + "' not found.");
      json out = json::array();
      for (const auto& v : it->second.versions)
        if (deleted || !v.deleted) out.push_back(v.version);
      return ok(out);
    }
    if (n > 5) return notFound();
    const Version* version = nullptr;
    if (del) {
      if (n != 4) return notAllowed();
      bool permanent = flag(request, "permanent");
      if (auto f = parseVersion(subject, parts[3], true, version)) return asResponse(*f);
      if (parts[3] == "latest" || parts[3] == "-1") {  // the latest live version
        if (auto f = parseVersion(subject, parts[3], false, version)) return asResponse(*f);
      }
      Version v = *version;
      if (permanent) {
        if (!v.deleted)
          return failure(40407, "Subject '" + subject + "' Version " + std::to_string(v.version) +
                                    " was not deleted first before being permanently deleted");
        if (Status s = write({schemaKey(subject, v.version), std::nullopt}); !s)
          return failure(50001, "Error while deleting the version: " + s.error().toString());
        return ok(v.version);
      }
      if (v.deleted)
        return failure(40406, "Subject '" + subject + "' Version " + std::to_string(v.version) +
                                  " was soft deleted.Set permanent=true to delete permanently");
      v.deleted = true;
      if (Status s = writeVersion(subject, v, m_byId.at(v.id)); !s)
        return failure(50001, "Error while deleting the version: " + s.error().toString());
      return ok(v.version);
    }
    if (!get) return notAllowed();
    if (auto f = parseVersion(subject, parts[3], deleted, version)) return asResponse(*f);
    const Stored& stored = m_byId.at(version->id);
    if (n == 4)
      return ok({{"subject", subject}, {"version", version->version}, {"id", version->id}, {"schema", stored.text}});
    if (parts[4] == "schema") return {200, stored.text};
    if (parts[4] == "referencedby") return ok(json::array());
    return notFound();
  }

  // ---- /config ----
  if (parts[0] == "config") {
    if (n > 2) return notFound();
    std::optional<std::string> subject;
    if (n == 2) subject = parts[1];
    if (get) {
      if (!subject) return ok({{"compatibilityLevel", avro::toString(m_globalLevel)}});
      auto it = m_subjects.find(*subject);
      if (it != m_subjects.end() && it->second.level)
        return ok({{"compatibilityLevel", avro::toString(*it->second.level)}});
      if (flag(request, "defaultToGlobal")) return ok({{"compatibilityLevel", avro::toString(m_globalLevel)}});
      return failure(40408, "Subject '" + *subject + "' does not have subject-level compatibility configured");
    }
    if (put) {
      json body = json::parse(request.body, nullptr, false);
      if (!body.is_object() || !body.contains("compatibility") || !body["compatibility"].is_string())
        return failure(42203, kInvalidLevel);
      auto level = avro::parseCompatibilityLevel(upper(body["compatibility"].get<std::string>()));
      if (!level) return failure(42203, kInvalidLevel);
      json value = {{"compatibilityLevel", avro::toString(*level)}};
      if (Status s = write({configKey(subject), dumped(value)}); !s)
        return failure(50001, "Error while updating the compatibility level: " + s.error().toString());
      return ok({{"compatibility", avro::toString(*level)}});
    }
    if (del) {
      if (!subject) {
        std::string previous(avro::toString(m_globalLevel));
        if (Status s = write({configKey(std::nullopt), std::nullopt}); !s)
          return failure(50001, "Error while deleting the compatibility level: " + s.error().toString());
        return ok({{"compatibilityLevel", previous}});
      }
      auto it = m_subjects.find(*subject);
      if (it == m_subjects.end()) return failure(40401, "Subject '" + *subject + "' not found.");
      if (!it->second.level)
        return failure(40408, "Subject '" + *subject + "' does not have subject-level compatibility configured");
      std::string previous(avro::toString(*it->second.level));
      if (Status s = write({configKey(subject), std::nullopt}); !s)
        return failure(50001, "Error while deleting the compatibility level: " + s.error().toString());
      return ok({{"compatibilityLevel", previous}});
    }
    return notAllowed();
  }

  // ---- /mode ----
  if (parts[0] == "mode") {
    if (n > 2) return notFound();
    if (get) return ok({{"mode", "READWRITE"}});
    if (put) return failure(42204, "Changing the mode is not supported by this registry (it is always READWRITE)");
    return notAllowed();
  }

  // ---- /compatibility/subjects/{s}/versions[/{v}] ----
  if (parts[0] == "compatibility") {
    if (n < 4 || n > 5 || parts[1] != "subjects" || parts[3] != "versions") return notFound();
    if (!post) return notAllowed();
    const std::string& subject = parts[2];
    json body = json::parse(request.body, nullptr, false);
    if (!body.is_object() || !body.contains("schema") || !body["schema"].is_string())
      return failure(400, "the request body must be a JSON object with \"schema\"");
    if (body.contains("schemaType") &&
        !(body["schemaType"].is_string() && upper(body["schemaType"].get<std::string>()) == "AVRO"))
      return failure(42201, "Invalid schema type: only AVRO schemas are supported by this registry");
    std::vector<const avro::Schema*> existing;
    std::vector<int> numbers;
    if (n == 5) {
      const Version* version = nullptr;
      if (auto f = parseVersion(subject, parts[4], false, version)) return asResponse(*f);
      existing.push_back(m_byId.at(version->id).schema.get());
      numbers.push_back(version->version);
    } else {
      for (const Version* v : liveVersions(subject)) {
        existing.push_back(m_byId.at(v->id).schema.get());
        numbers.push_back(v->version);
      }
    }
    auto parsed = avro::Schema::parse(body["schema"].get<std::string>());
    if (!parsed) return failure(42201, "Invalid schema: " + parsed.error().toString());
    auto messages = avro::checkCompatibility(*parsed, existing, levelOf(subject), numbers);
    json out = {{"is_compatible", messages.empty()}};
    if (flag(request, "verbose")) out["messages"] = messages;
    return ok(out);
  }
  return notFound();
}

}  // namespace tributary::registry
