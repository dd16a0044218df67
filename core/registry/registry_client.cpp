#include "core/registry/registry_client.h"

#include <curl/curl.h>

#include <nlohmann/json.hpp>

namespace tributary::registry {

namespace {

using json = nlohmann::json;

std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

std::string escape(CURL* curl, const std::string& text) {
  char* e = curl_easy_escape(curl, text.data(), static_cast<int>(text.size()));
  std::string out = e ? e : "";
  curl_free(e);
  return out;
}

}  // namespace

RegistryClient::RegistryClient(RegistryClientConfig config) : m_config(std::move(config)) {
  while (!m_config.url.empty() && m_config.url.back() == '/') m_config.url.pop_back();
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Result<RegistryClient::Response> RegistryClient::request(const std::string& method, const std::string& path,
                                                         const std::string& body) {
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return makeError(ErrorCode::Internal, "curl_easy_init failed");
  // Path segments that are names (subjects) are escaped by the callers below.
  std::string url = m_config.url + path;
  Response response;
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/vnd.schemaregistry.v1+json");
  headers = curl_slist_append(headers, "Accept: application/vnd.schemaregistry.v1+json, application/json");
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> headerGuard(headers, curl_slist_free_all);
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(m_config.timeout.count()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &onBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "tributary/1 (schema registry client)");
  if (!m_config.user.empty()) {
    curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(c, CURLOPT_USERNAME, m_config.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, m_config.password.c_str());
  }
  if (method == "POST" || method == "PUT") {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  if (method != "GET" && method != "POST") curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  {
    std::lock_guard lock(m_mutex);
    ++m_requests;
  }
  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK)
    return makeError(ErrorCode::Unavailable,
                     std::string("schema registry unreachable: ") + curl_easy_strerror(rc) + " — is it running?",
                     m_config.url);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

Error RegistryClient::registryError(const Response& response, const std::string& what) const {
  json body = json::parse(response.body, nullptr, false);
  std::string message = body.is_object() && body.contains("message") && body["message"].is_string()
                            ? body["message"].get<std::string>()
                            : response.body.substr(0, 300);
  int code = body.is_object() ? body.value("error_code", static_cast<int>(response.status)) : 0;
  ErrorCode kind = response.status == 404 ? ErrorCode::NotFound
                   : response.status == 401 || response.status == 403 ? ErrorCode::Invalid
                   : response.status >= 500                           ? ErrorCode::Unavailable
                                                                      : ErrorCode::Invalid;
  return makeError(kind, what + ": " + std::to_string(code) + " " + message, m_config.url);
}

Result<int> RegistryClient::registerSchema(const std::string& subject, const std::string& schemaText) {
  {
    std::lock_guard lock(m_mutex);
    auto it = m_idBySubjectSchema.find({subject, schemaText});
    if (it != m_idBySubjectSchema.end()) return it->second;
  }
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  auto r = request("POST", "/subjects/" + escape(curl.get(), subject) + "/versions",
                   json{{"schema", schemaText}}.dump());
  if (!r) return r.error();
  if (r->status != 200) return registryError(*r, "registering a schema under " + subject);
  json body = json::parse(r->body, nullptr, false);
  if (!body.is_object() || !body.contains("id") || !body["id"].is_number_integer())
    return makeError(ErrorCode::Invalid, "the registry's answer has no id: " + r->body.substr(0, 200), m_config.url);
  int id = body["id"].get<int>();
  std::lock_guard lock(m_mutex);
  m_idBySubjectSchema[{subject, schemaText}] = id;
  return id;
}

Result<RegisteredSchema> RegistryClient::lookup(const std::string& subject, const std::string& schemaText) {
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  auto r = request("POST", "/subjects/" + escape(curl.get(), subject), json{{"schema", schemaText}}.dump());
  if (!r) return r.error();
  if (r->status != 200) return registryError(*r, "looking up a schema under " + subject);
  json body = json::parse(r->body, nullptr, false);
  if (!body.is_object()) return makeError(ErrorCode::Invalid, "the registry's answer is not JSON", m_config.url);
  return RegisteredSchema{body.value("subject", subject), body.value("id", 0), body.value("version", 0),
                          body.value("schema", std::string())};
}

Result<RegisteredSchema> RegistryClient::version(const std::string& subject, const std::string& version) {
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  auto r = request("GET", "/subjects/" + escape(curl.get(), subject) + "/versions/" + escape(curl.get(), version), {});
  if (!r) return r.error();
  if (r->status != 200) return registryError(*r, "reading version " + version + " of " + subject);
  json body = json::parse(r->body, nullptr, false);
  if (!body.is_object()) return makeError(ErrorCode::Invalid, "the registry's answer is not JSON", m_config.url);
  return RegisteredSchema{body.value("subject", subject), body.value("id", 0), body.value("version", 0),
                          body.value("schema", std::string())};
}

Result<std::shared_ptr<const avro::Schema>> RegistryClient::schemaById(int id) {
  {
    std::lock_guard lock(m_mutex);
    auto it = m_byId.find(id);
    if (it != m_byId.end()) return it->second;
  }
  auto r = request("GET", "/schemas/ids/" + std::to_string(id), {});
  if (!r) return r.error();
  if (r->status != 200) return registryError(*r, "fetching schema id " + std::to_string(id));
  json body = json::parse(r->body, nullptr, false);
  if (!body.is_object() || !body.contains("schema") || !body["schema"].is_string())
    return makeError(ErrorCode::Invalid, "the registry's answer has no schema", m_config.url);
  std::string type = body.value("schemaType", std::string("AVRO"));
  if (type != "AVRO")
    return makeError(ErrorCode::Unsupported, "schema id " + std::to_string(id) + " is " + type + ", not Avro");
  auto parsed = avro::Schema::parse(body["schema"].get<std::string>());
  if (!parsed)
    return makeError(ErrorCode::Invalid, "schema id " + std::to_string(id) + ": " + parsed.error().toString(),
                     m_config.url);
  auto schema = std::make_shared<const avro::Schema>(std::move(*parsed));
  std::lock_guard lock(m_mutex);
  m_byId.emplace(id, schema);
  return schema;
}

Result<std::vector<std::pair<std::string, int>>> RegistryClient::subjectVersionsOf(int id) {
  auto r = request("GET", "/schemas/ids/" + std::to_string(id) + "/versions", {});
  if (!r) return r.error();
  if (r->status != 200) return registryError(*r, "the subjects of schema id " + std::to_string(id));
  json body = json::parse(r->body, nullptr, false);
  if (!body.is_array()) return makeError(ErrorCode::Invalid, "the registry's answer is not a list", m_config.url);
  std::vector<std::pair<std::string, int>> out;
  for (const json& entry : body) {
    if (!entry.is_object() || !entry.contains("subject") || !entry["subject"].is_string() ||
        !entry.contains("version") || !entry["version"].is_number_integer())
      return makeError(ErrorCode::Invalid, "the registry's answer lists an entry without subject and version",
                       m_config.url);
    out.emplace_back(entry["subject"].get<std::string>(), entry["version"].get<int>());
  }
  return out;
}

AvroSerde::AvroSerde(std::shared_ptr<RegistryClient> client) : m_client(std::move(client)) {}

Result<avro::Codec*> AvroSerde::codecFor(int id) {
  auto it = m_codecs.find(id);
  if (it != m_codecs.end()) return it->second.get();
  auto schema = m_client->schemaById(id);
  if (!schema) return schema.error();
  auto codec = avro::Codec::create(*schema);
  if (!codec) return codec.error();
  avro::Codec* raw = codec->get();
  m_codecs.emplace(id, std::move(*codec));
  return raw;
}

Status AvroSerde::encode(const std::string& subject, const std::string& schemaText, const record::Value& value,
                         std::string& out) {
  int id = 0;
  if (auto it = m_ids.find({subject, schemaText}); it != m_ids.end()) {
    id = it->second;
  } else {
    auto registered = m_client->registerSchema(subject, schemaText);
    if (!registered) return registered.error();
    id = *registered;
    m_ids[{subject, schemaText}] = id;
  }
  auto codec = codecFor(id);
  if (!codec) return codec.error();
  const std::size_t start = out.size();
  avro::appendConfluentHeader(id, out);
  if (Status s = (*codec)->encode(value, out); !s) {
    out.resize(start);
    return s;
  }
  return {};
}

Result<AvroSerde::Decoded> AvroSerde::decode(std::string_view message, const avro::Schema* reader) {
  auto frame = avro::parseConfluentFrame(message);
  if (!frame) return makeError(ErrorCode::Invalid, "not Confluent-framed Avro (no magic byte 0 and schema id)");
  auto codec = codecFor(frame->first);
  if (!codec) return codec.error();
  auto value = (*codec)->decode(frame->second, reader);
  if (!value) return makeError(value.error().code, "schema id " + std::to_string(frame->first) + ": " +
                                                       value.error().message, value.error().where);
  return Decoded{frame->first, std::move(*value)};
}

}  // namespace tributary::registry
