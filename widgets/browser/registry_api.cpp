#include "widgets/browser/registry_api.h"

#include <QByteArray>
#include <QUrl>

namespace tributary::widgets {

std::string registrySegment(const std::string& text) {
  return QUrl::toPercentEncoding(QString::fromStdString(text)).toStdString();
}

Result<nlohmann::json> registryJson(registry::RegistryClient& client, const std::string& method,
                                    const std::string& path, const nlohmann::json& body) {
  auto response = client.request(method, path, body.is_null() ? std::string() : body.dump());
  if (!response) return response.error();
  auto parsed = nlohmann::json::parse(response->body, nullptr, false);
  if (response->status >= 200 && response->status < 300) {
    if (parsed.is_discarded())
      return makeError(ErrorCode::Invalid, "HTTP " + std::to_string(response->status) +
                                               " but the answer is not JSON — is this a Schema Registry? " +
                                               response->body.substr(0, 200));
    return parsed;
  }
  // The registry's own words: error_code and message, as sent.
  std::string text;
  if (parsed.is_object() && parsed.contains("message")) {
    text = std::to_string(parsed.value("error_code", static_cast<int>(response->status))) + " " +
           (parsed["message"].is_string() ? parsed["message"].get<std::string>() : parsed["message"].dump());
  } else {
    text = "HTTP " + std::to_string(response->status) + " " + response->body.substr(0, 300);
  }
  ErrorCode code = response->status == 404   ? ErrorCode::NotFound
                   : response->status >= 500 ? ErrorCode::Unavailable
                                             : ErrorCode::Invalid;
  return makeError(code, text);
}

std::string prettySchema(const std::string& schemaText) {
  auto parsed = nlohmann::ordered_json::parse(schemaText, nullptr, false);
  if (parsed.is_discarded()) return schemaText;
  return parsed.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::vector<DiffLine> diffLines(const std::vector<std::string>& left, const std::vector<std::string>& right) {
  const std::size_t n = left.size(), m = right.size();
  // lcs[i][j]: the longest common subsequence of left[i..] and right[j..].
  std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t j = m; j-- > 0;)
      lcs[i][j] = left[i] == right[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  std::vector<DiffLine> raw;
  std::size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && left[i] == right[j]) {
      raw.push_back({DiffLine::Same, static_cast<int>(i++), static_cast<int>(j++)});
    } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      raw.push_back({DiffLine::Added, -1, static_cast<int>(j++)});
    } else {
      raw.push_back({DiffLine::Removed, static_cast<int>(i++), -1});
    }
  }
  // Pair runs of removed and added lines side by side.
  std::vector<DiffLine> out;
  for (std::size_t k = 0; k < raw.size();) {
    if (raw[k].kind == DiffLine::Same) {
      out.push_back(raw[k++]);
      continue;
    }
    std::vector<int> removed, added;
    while (k < raw.size() && raw[k].kind != DiffLine::Same) {
      if (raw[k].kind == DiffLine::Removed)
        removed.push_back(raw[k].left);
      else
        added.push_back(raw[k].right);
      ++k;
    }
    std::size_t rows = std::max(removed.size(), added.size());
    for (std::size_t r = 0; r < rows; ++r) {
      DiffLine d;
      d.left = r < removed.size() ? removed[r] : -1;
      d.right = r < added.size() ? added[r] : -1;
      d.kind = d.left >= 0 && d.right >= 0 ? DiffLine::Changed : d.left >= 0 ? DiffLine::Removed : DiffLine::Added;
      out.push_back(d);
    }
  }
  return out;
}

}  // namespace tributary::widgets
