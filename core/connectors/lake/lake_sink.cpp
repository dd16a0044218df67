// sink.lake: the lake writer (lake_writer.h) storing into a local folder.
#include "core/connectors/lake/lake_sink.h"

#include "core/base/files.h"
#include "core/base/units.h"
#include "core/connectors/registration.h"
#include "core/connectors/spec_field.h"
#include "core/connectors/topic_common.h"

namespace tributary::connectors {
namespace lake {
void addLakeFields(model::NodeSpec& s) {
  using model::FieldType;
  model::FieldSpec topic = specField("topic", FieldType::String,
                                 "The name in folder and file names: the Kafka topic the records come from, or for "
                                 "other sources the source's name. Files are "
                                 "<topics_dir>/<topic>/<encoded partition>/<topic>+<partition>+<start offset>.<ext>.");
  topic.required = true;
  s.fields.push_back(topic);
  s.fields.push_back(specField("topics_dir", FieldType::String, "The top folder (Confluent's topics.dir).", "topics"));
  model::FieldSpec format = specField("format", FieldType::Enum,
                                     "File format. json: JSON lines (each record's value). parquet: one Parquet file "
                                     "per rotation, its columns inferred from the file's records (docs/parquet.md). "
                                     "avro: one Avro container file per rotation (.avro) with the schema of schema or "
                                     "of subject.",
                                     "json");
  format.allowed = {"json", "parquet", "avro"};
  s.fields.push_back(format);
  model::FieldSpec compression = specField(
      "compression", FieldType::Enum,
      "Compress each file. json: none or gzip (adds .gz). parquet: none, snappy, gzip or zstd pages (named "
      ".snappy.parquet, .gz.parquet, .zstd.parquet as Confluent does). avro: none, deflate or snappy blocks "
      "(Confluent's avro.codec).",
      "none");
  compression.allowed = {"none", "gzip", "snappy", "zstd", "deflate"};
  s.fields.push_back(compression);
  s.fields.push_back(specField("schema", FieldType::String,
                               "With format avro: the Avro schema of the values, as JSON text or the path of a file "
                               "holding it. It is written into each file's header as given. Empty (and no subject): "
                               "each file's schema is inferred from its records.",
                               ""));
  s.fields.push_back(specField("schema_registry", FieldType::String,
                               "With format avro and no schema: the schema registry to read the subject's latest "
                               "schema from (a URL, or \"embedded\"); empty: the cluster's.",
                               ""));
  s.fields.push_back(specField("subject", FieldType::String,
                               "With format avro and no schema: the registry subject whose latest schema the files "
                               "use; default <topic>-value when a registry is set.",
                               ""));
  s.fields.push_back(specField("schema_registry_user", FieldType::String,
                               "With format avro: basic auth user of the registry.", "", true));
  s.fields.push_back(specField("schema_registry_password", FieldType::Secret,
                               "With format avro: basic auth password of the registry.", "", true));
  model::FieldSpec flush = specField("flush_size", FieldType::Int, "Records per file (Confluent's flush.size).", 1000);
  flush.min = 1;
  s.fields.push_back(flush);
  model::FieldSpec interval =
      specField("rotate_interval", FieldType::Duration,
            "Close a file when a record's time is this far past the file's first record (record time: the same "
            "files on replay); 0 never.",
            0);
  interval.min = 0;
  s.fields.push_back(interval);
  model::FieldSpec schedule =
      specField("rotate_schedule_interval", FieldType::Duration,
            "Close open files at each multiple of this wall-clock interval, e.g. \"10m\"; 0 never. Not deterministic: "
            "a replay after a crash may cut files at other records.",
            0);
  schedule.min = 0;
  s.fields.push_back(schedule);
  model::FieldSpec partitioner =
      specField("partitioner", FieldType::Enum,
            "How records are spread over folders: default (partition=<p>), field (name=value of partition_fields) "
            "or time (path_format of the record's timestamp).",
            "default");
  partitioner.allowed = {"default", "field", "time"};
  s.fields.push_back(partitioner);
  model::FieldSpec fields =
      specField("partition_fields", FieldType::List, "With partitioner field: the value's fields (a.b for nested).",
            nlohmann::json::array());
  s.fields.push_back(fields);
  s.fields.push_back(specField("path_format", FieldType::String,
                           "With partitioner time: the folder path, Joda style ('text' is literal; YYYY MM dd HH mm "
                           "ss are date fields).",
                           "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH"));
  model::FieldSpec duration =
      specField("partition_duration", FieldType::Duration, "With partitioner time: the span of one folder.", "1h");
  duration.min = 1;
  s.fields.push_back(duration);
  s.fields.push_back(specField("timezone", FieldType::String,
                           "Zone of path_format and of the rotation schedule: UTC or a fixed offset like +02:00.",
                           "UTC"));
  model::FieldSpec ts = specField("timestamp", FieldType::Enum,
                              "The time the time partitioner and rotate_interval use: the record's time, a field "
                              "of the value, or the wall clock (not deterministic).",
                              "record");
  ts.allowed = {"record", "field", "wallclock"};
  s.fields.push_back(ts);
  s.fields.push_back(specField("timestamp_field", FieldType::String,
                           "With timestamp field: the field holding milliseconds since the epoch or a timestamp.", ""));
  model::FieldSpec nulls = specField("null_values", FieldType::Enum,
                                 "Records with a null value (tombstones): leave them out, or report them to the "
                                 "error policy.",
                                 "ignore", true);
  nulls.allowed = {"ignore", "fail"};
  s.fields.push_back(nulls);
}

Result<LakeOptions> lakeOptionsFromConfig(const runtime::NodeContext& context) {
  const nlohmann::json& c = context.config;
  LakeOptions o;
  auto str = [&](const char* name, const std::string& def) {
    auto it = c.find(name);
    return it != c.end() && it->is_string() ? it->get<std::string>() : def;
  };
  o.topic = str("topic", "");
  o.topicsDir = str("topics_dir", "topics");
  while (!o.topicsDir.empty() && o.topicsDir.back() == '/') o.topicsDir.pop_back();
  o.format = str("format", "json");
  o.compression = str("compression", "none");
  auto flush = c.find("flush_size");
  if (flush != c.end()) {
    if (!flush->is_number_integer()) return makeError(ErrorCode::Invalid, "flush_size must be a whole number", "config.flush_size");
    o.flushSize = flush->get<std::int64_t>();
  }
  auto duration = [&](const char* name, std::int64_t def) -> Result<std::int64_t> {
    auto it = c.find(name);
    if (it == c.end() || it->is_null()) return def;
    auto ms = base::parseDurationMs(*it);
    if (!ms) return makeError(ErrorCode::Invalid, "not a duration: " + it->dump(), std::string("config.") + name);
    return static_cast<std::int64_t>(*ms);
  };
  auto interval = duration("rotate_interval", 0);
  if (!interval) return interval.error();
  o.rotateIntervalMs = *interval;
  auto schedule = duration("rotate_schedule_interval", 0);
  if (!schedule) return schedule.error();
  o.rotateScheduleMs = *schedule;
  PartitionerOptions& p = o.partitioner;
  p.kind = str("partitioner", "default");
  if (auto it = c.find("partition_fields"); it != c.end() && it->is_array())
    for (const auto& f : *it) {
      if (!f.is_string() || f.get<std::string>().empty())
        return makeError(ErrorCode::Invalid, "partition_fields must be field names", "config.partition_fields");
      p.fields.push_back(f.get<std::string>());
    }
  p.pathFormat = str("path_format", p.pathFormat);
  auto pd = duration("partition_duration", 3600000);
  if (!pd) return pd.error();
  p.durationMs = *pd;
  p.timezone = str("timezone", "UTC");
  std::string ts = str("timestamp", "record");
  if (ts == "record") p.timestamp = TimestampSource::Record;
  else if (ts == "field") p.timestamp = TimestampSource::Field;
  else if (ts == "wallclock") p.timestamp = TimestampSource::WallClock;
  else return makeError(ErrorCode::Invalid, "timestamp must be record, field or wallclock", "config.timestamp");
  p.timestampField = str("timestamp_field", "");
  o.failOnNull = str("null_values", "ignore") == "fail";
  if (o.format == "avro") {
    // The schema's JSON text, or a file holding it (anything not starting like JSON is a path).
    std::string schema = str("schema", "");
    std::size_t first = schema.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && schema[first] != '{' && schema[first] != '[' && schema[first] != '"') {
      auto text = base::readFile(context.resolvePath(schema), 16 * 1024 * 1024);
      if (!text)
        return makeError(text.error().code, "cannot read the Avro schema file: " + text.error().toString(),
                         "config.schema");
      schema = std::move(*text);
    }
    o.avro.text = schema;
    o.avro.inferName = o.topic;
    o.avro.subject = str("subject", "");
    if (schema.empty() && (!o.avro.subject.empty() || !str("schema_registry", "").empty())) {
      if (o.avro.subject.empty()) o.avro.subject = o.topic + "-value";  // Confluent's TopicNameStrategy
      auto client = registryClientFromConfig(c, clusterOf(context));
      if (!client) return makeError(client.error().code, client.error().message, "config.schema_registry");
      o.avro.registry = std::move(*client);
    }
  }
  return o;
}

}  // namespace lake

void registerLakeSink(runtime::FactoryRegistry& registry) {
  runtime::NodeFactory f;
  model::NodeSpec& s = f.spec;
  s.type = "sink.lake";
  s.category = model::NodeCategory::Sink;
  s.title = "Data lake (folder)";
  s.icon = "file";
  s.help =
      "Writes records into a folder in the layout of Confluent's S3 sink: "
      "<topics_dir>/<topic>/<encoded partition>/<topic>+<partition>+<start offset>.<ext> (.json, .json.gz, "
      ".parquet or .avro by format), one file per flush_size records. Each file is written whole under a "
      "temporary name, synced and renamed; records are acknowledged once their file is complete, and a replay "
      "after a crash writes exactly the same files.";
  s.inputs = {{"in",
               model::PortKind::Records,
               {model::PortKind::Records, model::PortKind::Changes, model::PortKind::Any},
               true}};
  model::FieldSpec path;
  path.name = "path";
  path.required = true;
  path.help = "The lake's root folder; relative to the working directory. Created when missing.";
  s.fields.push_back(path);
  lake::addLakeFields(s);
  f.sink = [](const runtime::NodeContext& ctx) -> Result<std::unique_ptr<runtime::Sink>> {
    std::string path = ctx.config.value("path", std::string());
    if (path.empty()) return makeError(ErrorCode::Invalid, "\"path\" is required", "config.path");
    auto options = lake::lakeOptionsFromConfig(ctx);
    if (!options) return options.error();
    auto writer = lake::LakeWriter::make(std::make_unique<lake::LocalStorage>(ctx.resolvePath(path).string()),
                                         std::move(*options), false);
    if (!writer) return writer.error();
    return std::unique_ptr<runtime::Sink>(std::move(*writer));
  };
  registry.add(std::move(f));
}

}  // namespace tributary::connectors
