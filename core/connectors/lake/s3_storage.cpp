// sink.s3: the lake writer (lake_writer.h) storing into an S3 bucket through
// S3Client. A PUT is atomic in S3, so no temporary names are needed.
#include "core/base/units.h"
#include "core/connectors/lake/lake_sink.h"
#include "core/base/units.h"
#include "core/connectors/registration.h"
#include "core/connectors/s3_client.h"

namespace tributary::connectors {
namespace lake {
namespace {

class S3Storage final : public LakeStorage {
 public:
  explicit S3Storage(S3Config config) : m_client(std::move(config)) {}
  Status check() override { return m_client.headBucket(); }
  // The last offset travels as user metadata: listings show the layout only.
  Status put(const std::string& key, std::string_view bytes, std::int64_t lastOffset) override {
    return m_client.putObject(key, bytes, {"x-amz-meta-tributary-last-offset: " + std::to_string(lastOffset)});
  }
  Result<std::optional<std::int64_t>> lastOffset(const std::string& key) override {
    auto headers = m_client.headObject(key);
    if (!headers) return headers.error();
    auto it = headers->find("x-amz-meta-tributary-last-offset");
    if (it == headers->end()) return std::optional<std::int64_t>();
    try {
      return std::optional<std::int64_t>(std::stoll(it->second));
    } catch (const std::exception&) {
      return makeError(ErrorCode::Invalid, "bad x-amz-meta-tributary-last-offset: " + it->second, key);
    }
  }
  Result<std::vector<std::string>> list(const std::string& prefix) override { return m_client.listObjects(prefix); }
  Result<std::string> get(const std::string& key) override { return m_client.getObject(key); }
  std::string describe() const override { return m_client.describe(); }

 private:
  S3Client m_client;
};

}  // namespace
}  // namespace lake

void registerS3Sink(runtime::FactoryRegistry& registry) {
  using model::FieldType;
  runtime::NodeFactory f;
  model::NodeSpec& s = f.spec;
  s.type = "sink.s3";
  s.category = model::NodeCategory::Sink;
  s.title = "Data lake (S3)";
  s.icon = "file";
  s.help =
      "Writes records into an S3 bucket (AWS or any S3 API) in the layout of Confluent's S3 sink: "
      "<topics_dir>/<topic>/<encoded partition>/<topic>+<partition>+<start offset>.<ext> (.json, .json.gz, "
      ".parquet or .avro by format), one object per flush_size records, uploaded whole (multipart above "
      "part_size). Records are acknowledged once their object is stored, and a replay after a crash writes "
      "exactly the same objects.";
  s.inputs = {{"in",
               model::PortKind::Records,
               {model::PortKind::Records, model::PortKind::Changes, model::PortKind::Any},
               true}};
  auto add = [&](std::string name, FieldType type, std::string help, nlohmann::json def = nullptr,
                 bool required = false, bool advanced = false) -> model::FieldSpec& {
    model::FieldSpec field;
    field.name = std::move(name);
    field.type = type;
    field.help = std::move(help);
    field.defaultValue = std::move(def);
    field.required = required;
    field.advanced = advanced;
    s.fields.push_back(std::move(field));
    return s.fields.back();
  };
  add("bucket", FieldType::Secret, "The bucket; may be a secret reference such as ${env:LAKE_BUCKET}.", nullptr, true);
  add("region", FieldType::String, "The bucket's region (signs the requests).", "us-east-1");
  add("endpoint", FieldType::String,
      "For S3 APIs other than AWS (MinIO, Ceph, s3rver): the base URL, e.g. http://127.0.0.1:9000. Empty: AWS.", "");
  add("addressing", FieldType::Enum,
      "virtual: https://bucket.host/key (AWS's default); path: https://host/bucket/key (most other stores).",
      "virtual")
      .allowed = {"virtual", "path"};
  add("access_key_id", FieldType::Secret, "Access key id, normally a secret reference (${env:AWS_ACCESS_KEY_ID}).", "");
  add("secret_access_key", FieldType::Secret, "Secret access key, normally a secret reference.", "");
  add("session_token", FieldType::Secret, "Session token of temporary credentials.", "", false, true);
  auto& part = add("part_size", FieldType::Size,
                   "Objects larger than this are uploaded in parts of this size (AWS needs at least 5MiB).", "25MiB");
  part.min = 1024;
  auto& retries = add("s3_retries", FieldType::Int,
                      "Retries of one request on 5xx, SlowDown and connection errors, with doubling back-off.", 5,
                      false, true);
  retries.min = 0;
  add("tls_verify", FieldType::Bool, "Check the server's TLS certificate.", true, false, true);
  add("ca_file", FieldType::String, "A CA bundle to check the server's certificate with.", "", false, true);
  lake::addLakeFields(s);
  f.sink = [](const runtime::NodeContext& ctx) -> Result<std::unique_ptr<runtime::Sink>> {
    const auto& c = ctx.config;
    auto str = [&](const char* name) {
      auto it = c.find(name);
      return it != c.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    S3Config s3;
    s3.bucket = str("bucket");
    if (s3.bucket.empty()) return makeError(ErrorCode::Invalid, "\"bucket\" is required", "config.bucket");
    s3.region = str("region").empty() ? "us-east-1" : str("region");
    s3.endpoint = str("endpoint");
    if (!s3.endpoint.empty() && s3.endpoint.rfind("http://", 0) != 0 && s3.endpoint.rfind("https://", 0) != 0)
      return makeError(ErrorCode::Invalid, "endpoint must start with http:// or https://: " + s3.endpoint,
                       "config.endpoint");
    s3.pathStyle = str("addressing") == "path";
    s3.accessKey = str("access_key_id");
    s3.secretKey = str("secret_access_key");
    s3.sessionToken = str("session_token");
    if (s3.accessKey.empty() != s3.secretKey.empty())
      return makeError(ErrorCode::Invalid, "set both access_key_id and secret_access_key, or neither",
                       "config.secret_access_key");
    if (auto it = c.find("part_size"); it != c.end()) {
      auto bytes = base::parseSizeBytes(*it);
      if (!bytes || *bytes < 1024) return makeError(ErrorCode::Invalid, "part_size must be at least 1KiB", "config.part_size");
      s3.partSize = static_cast<std::uint64_t>(*bytes);
    }
    s3.retries = c.value("s3_retries", 5);
    s3.tlsVerify = c.value("tls_verify", true);
    s3.caFile = str("ca_file");
    if (!s3.caFile.empty()) s3.caFile = ctx.resolvePath(s3.caFile).string();
    auto options = lake::lakeOptionsFromConfig(ctx);
    if (!options) return options.error();
    auto writer = lake::LakeWriter::make(std::make_unique<lake::S3Storage>(std::move(s3)), std::move(*options), true);
    if (!writer) return writer.error();
    return std::unique_ptr<runtime::Sink>(std::move(*writer));
  };
  registry.add(std::move(f));
}

}  // namespace tributary::connectors
