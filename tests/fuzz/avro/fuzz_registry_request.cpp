// libFuzzer target: the schema registry's request handling (paths, query
// parameters, JSON bodies, schemas, compatibility) must answer any request
// with a JSON body and a status it documents, never crash; and replaying the
// log it wrote must give a registry that answers reads the same way.
// Input: requests separated by NUL bytes; each is "M PATH[?QUERY]\nBODY",
// M one of G P U D (GET POST PUT DELETE).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/registry/schema_registry.h"

using namespace tributary;

namespace {

registry::RegistryRequest parseRequest(std::string_view text) {
  registry::RegistryRequest r;
  char m = text.empty() ? 'G' : text[0];
  r.method = m == 'P' ? "POST" : m == 'U' ? "PUT" : m == 'D' ? "DELETE" : "GET";
  text.remove_prefix(std::min<std::size_t>(2, text.size()));
  std::size_t newline = text.find('\n');
  std::string_view target = text.substr(0, newline);
  if (newline != std::string_view::npos) r.body = std::string(text.substr(newline + 1));
  std::size_t q = target.find('?');
  r.path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) {
    std::string_view query = target.substr(q + 1);
    while (!query.empty()) {
      std::size_t amp = query.find('&');
      std::string_view pair = query.substr(0, amp);
      std::size_t eq = pair.find('=');
      r.query[std::string(pair.substr(0, eq))] = eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1));
      if (amp == std::string_view::npos) break;
      query.remove_prefix(amp + 1);
    }
  }
  return r;
}

bool rawSchemaPath(const std::string& path) {
  return path.size() >= 7 && path.compare(path.size() - 7, 7, "/schema") == 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::set<int> statuses{200, 400, 401, 404, 405, 409, 422, 500};
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto log = std::make_unique<registry::MemorySchemaLog>();
  registry::MemorySchemaLog* records = log.get();
  registry::SchemaRegistry live(std::move(log));
  if (!live.load().ok()) std::abort();
  std::vector<std::string> reads;
  int count = 0;
  while (!input.empty() && count++ < 16) {
    std::size_t end = input.find('\0');
    auto request = parseRequest(input.substr(0, end));
    input.remove_prefix(end == std::string_view::npos ? input.size() : end + 1);
    auto response = live.handle(request);
    if (!statuses.count(response.status)) std::abort();
    if (response.status == 200 && rawSchemaPath(request.path)) continue;  // the schema text itself
    if (nlohmann::json::parse(response.body, nullptr, false).is_discarded()) std::abort();
  }
  // Replay what was written into a second registry: reads must agree.
  auto copy = std::make_unique<registry::MemorySchemaLog>();
  for (const auto& r : records->records())
    if (!copy->append(r).ok()) std::abort();
  registry::SchemaRegistry replayed(std::move(copy));
  if (!replayed.load().ok()) std::abort();
  for (const char* path : {"/subjects", "/config", "/subjects?deleted=true"}) {
    auto request = parseRequest(std::string("G ") + path);
    if (live.handle(request).body != replayed.handle(request).body) std::abort();
  }
  for (int id = 1; id <= 4; ++id) {
    auto request = parseRequest("G /schemas/ids/" + std::to_string(id) + "/versions?deleted=true");
    if (live.handle(request).body != replayed.handle(request).body) std::abort();
  }
  return 0;
}
