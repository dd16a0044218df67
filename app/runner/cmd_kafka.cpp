// tributary-runner kafka SUBCOMMAND ... — the cluster inspection API for scripts.
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <sstream>
#include <string_view>
#include <utility>

#include "app/runner/cli.h"
#include "app/runner/table.h"
#include "core/kafka/browser.h"
#include "core/kafka/message_filter.h"
#include "core/record/json.h"
#include "core/registry/registry_client.h"
#include "core/model/node_spec.h"
#include "core/base/units.h"

namespace tributary::cli {
namespace {

const char* kUsage = R"(Usage: tributary-runner kafka SUBCOMMAND [ARGS] [OPTIONS]

Inspect and administer a Kafka cluster (any Kafka-compatible one, including
`tributary-runner broker`).

Subcommands:
  brokers                       brokers and the controller
  topics [--all]                topics with partitions, replication and message counts (--all: internal ones too)
  describe TOPIC                partitions with leader, replicas, ISR and watermarks
  configs TOPIC                 the topic's configuration (defaults marked)
  set-config TOPIC KEY=VALUE... change topic configuration
  create-topic TOPIC [--partitions N] [--replication N] [--config KEY=VALUE]...
  delete-topic TOPIC
  add-partitions TOPIC TOTAL
  delete-records TOPIC PARTITION OFFSET   delete records before OFFSET
  consume TOPIC [--from newest|earliest|offset:N|time:MS] [--limit N] [--partition P] [--format auto|json|string|hex]
  tail TOPIC [--partition P]    print messages as they arrive (Ctrl-C stops)
  produce TOPIC [VALUE] [--key K] [--header K=V]... [--partition P]
                                without VALUE, every line of standard input is one message
  search TOPIC [TEXT] [--where EXPR] [--max-scanned N] [--limit N] [--earliest]
                                messages whose key, value or headers contain TEXT and,
                                with --where, for which the expression is true; it sees
                                key, value (parsed JSON), headers, partition, offset and
                                timestamp, e.g. --where "value.amount > 100 AND partition = 1"
  groups                        consumer groups and their state
  describe-group GROUP          members, assignments, committed offsets and lag
  reset-offsets GROUP TOPIC --to earliest|latest|offset:N|time:MS

Options:
  --bootstrap HOST:PORT   cluster to talk to (default: $TRIBUTARY_BOOTSTRAP or 127.0.0.1:9092)
  -X KEY=VALUE            librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)
  --timeout DURATION      how long to wait for the cluster (default 10s)
  --json                  JSON lines instead of tables
  --schema-registry URL   decode Confluent-framed Avro keys and values (magic byte 0, schema id)
                          with the schemas of this registry (default: $TRIBUTARY_SCHEMA_REGISTRY);
                          basic auth from $TRIBUTARY_SCHEMA_REGISTRY_USER / _PASSWORD
)";

std::string str(std::int64_t v) { return std::to_string(v); }

std::string joinIds(const std::vector<std::int32_t>& ids) {
  std::string out;
  for (auto id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

bool splitKeyValue(const std::string& text, std::string& key, std::string& value) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  key = text.substr(0, eq);
  value = text.substr(eq + 1);
  return true;
}

int fail(const Error& error) {
  std::cerr << "kafka: " << error.toString() << "\n";
  return error.code == ErrorCode::Invalid || error.code == ErrorCode::NotFound ? kExitInvalid : kExitFailure;
}

int usage(const std::string& message) {
  std::cerr << "kafka: " << message << "\nRun 'tributary-runner kafka --help' for usage.\n";
  return kExitBadInput;
}

// Set with --schema-registry: Confluent-framed Avro payloads are decoded with it
// (schemas fetched by id once). The CLI runs one command on one thread.
std::unique_ptr<registry::AvroSerde> g_avro;

// The decoded payload and its schema id, when it is Confluent-framed Avro of a known schema.
std::optional<std::pair<std::int32_t, record::Value>> decodeAvro(const std::optional<std::string>& p) {
  if (!g_avro || !p || !avro::parseConfluentFrame(*p)) return std::nullopt;
  auto decoded = g_avro->decode(*p);
  if (!decoded) return std::nullopt;
  return std::pair{decoded->schemaId, std::move(decoded->value)};
}

nlohmann::json messageJson(const kafka::Message& m, const std::string& format) {
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [k, v] : m.headers) headers[k] = v ? nlohmann::json(kafka::formatPayload(*v, "string")) : nullptr;
  auto payload = [&](const std::optional<std::string>& p) -> nlohmann::json {
    if (!p) return nullptr;
    if (format == "json" || format == "auto") {
      auto parsed = nlohmann::json::parse(*p, nullptr, false);
      if (!parsed.is_discarded()) return parsed;
    }
    return kafka::formatPayload(*p, format == "auto" ? "string" : format);
  };
  nlohmann::json out{{"partition", m.partition}, {"offset", m.offset}, {"timestamp", m.timestampMs},
                     {"key", payload(m.key)},    {"value", payload(m.value)}, {"headers", headers}};
  if (auto key = decodeAvro(m.key)) {
    out["key"] = record::toNlohmann(key->second);
    out["key_schema_id"] = key->first;
  }
  if (auto value = decodeAvro(m.value)) {
    out["value"] = record::toNlohmann(value->second);
    out["value_schema_id"] = value->first;
  }
  if (m.valueTruncated()) out["value_size"] = m.valueSize;
  return out;
}

void printMessage(const kafka::Message& m, const std::string& format, bool json) {
  if (json) {
    std::cout << messageJson(m, format).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return;
  }
  std::cout << "partition " << m.partition << "  offset " << m.offset << "  timestamp " << m.timestampMs;
  if (m.key) std::cout << "  key " << kafka::formatPayload(*m.key, "string");
  for (const auto& [k, v] : m.headers) std::cout << "  " << k << "=" << (v ? kafka::formatPayload(*v, "string") : "null");
  if (auto value = decodeAvro(m.value)) {
    std::cout << "  value schema id " << value->first << "\n"
              << record::toNlohmann(value->second).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  } else {
    std::cout << "\n" << (m.value ? kafka::formatPayload(*m.value, format) : std::string("(null)"));
  }
  if (m.valueTruncated()) std::cout << "\n… (" << m.valueSize << " bytes in all)";
  std::cout << "\n\n";
}

bool number(const std::string& text, long long& out) {
  try {
    size_t used = 0;
    out = std::stoll(text, &used);
    return used == text.size();
  } catch (...) {
    return false;
  }
}

// One `kafka` invocation: the connected client, the positionals (pos[0] is
// the subcommand) and the options every subcommand may read. Each subcommand
// is a member function, found through kSubCommands.
struct Invocation {
  kafka::ClusterClient& client;
  std::vector<std::string> pos;
  bool json = false;
  bool all = false;
  bool earliest = false;
  bool hasKey = false;
  bool hasWhere = false;
  std::string from, format, to, key, limitText, partitionsText, replicationText;
  long long partition = -1, limit = 20, maxScanned = 1'000'000;
  std::vector<std::int32_t> partitions;
  std::vector<std::pair<std::string, std::string>> headers, configs;
  std::optional<kafka::MessageFilter> filter;

  bool need(std::size_t n) const { return pos.size() == n + 1; }

  int listBrokers();
  int listTopics();
  int describeTopic();
  int showConfigs();
  int setConfig();
  int createTopic();
  int deleteTopic();
  int addPartitions();
  int deleteRecords();
  int consume();
  int tail();
  int produce();
  int search();
  int listGroups();
  int describeGroup();
  int resetOffsets();
};

int Invocation::listBrokers() {
  auto o = client.overview();
  if (!o) return fail(o.error());
  Table t({"ID", "HOST", "PORT", "RACK", "CONTROLLER"});
  for (const auto& b : o->brokers) {
    if (json)
      std::cout << nlohmann::json{{"id", b.id}, {"host", b.host}, {"port", b.port}, {"rack", b.rack},
                                  {"controller", b.controller}}
                       .dump()
                << "\n";
    t.add({str(b.id), b.host, str(b.port), b.rack.empty() ? "-" : b.rack, b.controller ? "yes" : ""});
  }
  if (!json) {
    t.print(std::cout);
    std::cout << "\n" << o->topics << " topics, " << o->partitions << " partitions, "
              << o->underReplicatedPartitions << " under-replicated\n";
  }
  return kExitOk;
}

int Invocation::listTopics() {
  auto topics = client.topics(all);
  if (!topics) return fail(topics.error());
  Table t({"TOPIC", "PARTITIONS", "REPLICATION", "MESSAGES"});
  for (const auto& topic : *topics) {
    if (json)
      std::cout << nlohmann::json{{"topic", topic.name}, {"partitions", topic.partitions.size()},
                                  {"replication", topic.replicationFactor}, {"messages", topic.messages()},
                                  {"internal", topic.internal}}
                       .dump()
                << "\n";
    t.add({topic.name, str(static_cast<std::int64_t>(topic.partitions.size())), str(topic.replicationFactor),
           str(topic.messages())});
  }
  if (!json) t.print(std::cout);
  return kExitOk;
}

int Invocation::describeTopic() {
  auto topic = client.describeTopic(pos[1]);
  if (!topic) return fail(topic.error());
  Table t({"PARTITION", "LEADER", "REPLICAS", "ISR", "LOW", "HIGH", "MESSAGES"});
  for (const auto& p : topic->partitions) {
    if (json)
      std::cout << nlohmann::json{{"partition", p.id}, {"leader", p.leader}, {"replicas", p.replicas},
                                  {"isr", p.isr},      {"low", p.low},       {"high", p.high}}
                       .dump()
                << "\n";
    t.add({str(p.id), str(p.leader), joinIds(p.replicas), joinIds(p.isr), str(p.low), str(p.high), str(p.messages())});
  }
  if (!json) t.print(std::cout);
  return kExitOk;
}

int Invocation::showConfigs() {
  auto entries = client.topicConfigs(pos[1]);
  if (!entries) return fail(entries.error());
  Table t({"NAME", "VALUE", "SOURCE"});
  for (const auto& e : *entries) {
    if (json)
      std::cout << nlohmann::json{{"name", e.name}, {"value", e.value}, {"default", e.isDefault},
                                  {"read_only", e.readOnly}, {"sensitive", e.sensitive}, {"source", e.source}}
                       .dump()
                << "\n";
    t.add({e.name, e.sensitive ? "******" : e.value, e.isDefault ? "default" : e.source});
  }
  if (!json) t.print(std::cout);
  return kExitOk;
}

int Invocation::setConfig() {
  std::vector<std::pair<std::string, std::string>> set;
  for (std::size_t i = 2; i < pos.size(); ++i) {
    std::string k, v;
    if (!splitKeyValue(pos[i], k, v)) return usage("set-config takes KEY=VALUE pairs");
    set.emplace_back(k, v);
  }
  if (auto s = client.alterTopicConfigs(pos[1], set); !s) return fail(s.error());
  return kExitOk;
}

int Invocation::createTopic() {
  long long n = 0, r = 0;
  if (!number(partitionsText, n) || !number(replicationText, r)) return usage("--partitions/--replication take numbers");
  if (auto s = client.createTopic(pos[1], static_cast<int>(n), static_cast<int>(r), configs); !s) return fail(s.error());
  if (!json) std::cout << "created " << pos[1] << " with " << n << " partition(s)\n";
  return kExitOk;
}

int Invocation::deleteTopic() {
  if (auto s = client.deleteTopic(pos[1]); !s) return fail(s.error());
  return kExitOk;
}

int Invocation::addPartitions() {
  long long total = 0;
  if (!number(pos[2], total)) return usage("add-partitions takes the new total number of partitions");
  if (auto s = client.createPartitions(pos[1], static_cast<int>(total)); !s) return fail(s.error());
  return kExitOk;
}

int Invocation::deleteRecords() {
  long long p = 0, offset = 0;
  if (!number(pos[2], p) || !number(pos[3], offset)) return usage("delete-records takes TOPIC PARTITION OFFSET");
  auto low = client.deleteRecords(pos[1], static_cast<std::int32_t>(p), offset);
  if (!low) return fail(low.error());
  std::cout << (json ? nlohmann::json{{"low_watermark", *low}}.dump() : "low watermark is now " + str(*low)) << "\n";
  return kExitOk;
}

int Invocation::consume() {
  kafka::BrowseRequest request;
  request.topic = pos[1];
  request.partitions = partitions;
  request.limit = static_cast<std::size_t>(limit);
  long long value = 0;
  if (from == "newest") request.from = kafka::StartAt::Newest;
  else if (from == "earliest") request.from = kafka::StartAt::Earliest;
  else if (from.rfind("offset:", 0) == 0 && number(from.substr(7), value)) {
    request.from = kafka::StartAt::Offset;
    request.offset = value;
  } else if (from.rfind("time:", 0) == 0 && number(from.substr(5), value)) {
    request.from = kafka::StartAt::Timestamp;
    request.timestampMs = value;
  } else {
    return usage("--from takes newest, earliest, offset:N or time:MS");
  }
  kafka::MessageBrowser browser(client);
  auto messages = browser.browse(request);
  if (!messages) return fail(messages.error());
  for (const auto& m : *messages) printMessage(m, format, json);
  return kExitOk;
}

int Invocation::tail() {
  static kafka::CancelFlag stop{false};
  std::signal(SIGINT, [](int) { stop = true; });
  std::signal(SIGTERM, [](int) { stop = true; });
  kafka::MessageBrowser browser(client);
  auto s = browser.tail(pos[1], partitions, [&](const kafka::Message& m) { printMessage(m, format, json); }, stop);
  return s ? kExitOk : fail(s.error());
}

int Invocation::produce() {
  auto send = [&](const std::string& value) -> int {
    kafka::ProduceMessage m;
    if (hasKey) m.key = key;
    m.value = value;
    m.headers = headers;
    m.partition = static_cast<std::int32_t>(partition);
    auto produced = client.produce(pos[1], m);
    if (!produced) return fail(produced.error());
    if (json) std::cout << nlohmann::json{{"partition", produced->partition}, {"offset", produced->offset}}.dump() << "\n";
    return kExitOk;
  };
  if (need(2)) return send(pos[2]);
  for (std::string line; std::getline(std::cin, line);)
    if (int code = send(line); code != kExitOk) return code;
  return kExitOk;
}

int Invocation::search() {
  // Without TEXT, --where alone selects the messages.
  if (!need(2) && !hasWhere) return usage("unknown subcommand or wrong arguments: search");
  kafka::SearchRequest request;
  request.topic = pos[1];
  request.partitions = partitions;
  if (pos.size() > 2) request.substring = pos[2];
  if (filter) request.matcher = filter->matcher();
  request.maxScanned = maxScanned;
  request.maxResults = limitText.empty() ? 1000 : static_cast<std::size_t>(limit);
  request.newestFirst = !earliest;
  kafka::MessageBrowser browser(client);
  auto result = browser.search(
      request, [&](const kafka::Message& m) { printMessage(m, format, json); },
      [&](const kafka::SearchProgress& p) {
        if (!json) std::cerr << "\rscanned " << p.scanned << " of " << p.total << ", " << p.matches << " found" << std::flush;
      });
  if (!result) return fail(result.error());
  if (!json) std::cerr << "\n";
  else std::cout << nlohmann::json{{"scanned", result->scanned}, {"matches", result->matches}}.dump() << "\n";
  return kExitOk;
}

int Invocation::listGroups() {
  auto groups = client.groups();
  if (!groups) return fail(groups.error());
  Table t({"GROUP", "STATE"});
  for (const auto& g : *groups) {
    if (json) std::cout << nlohmann::json{{"group", g.id}, {"state", g.state}}.dump() << "\n";
    t.add({g.id, g.state});
  }
  if (!json) t.print(std::cout);
  return kExitOk;
}

int Invocation::describeGroup() {
  auto g = client.describeGroup(pos[1]);
  if (!g) return fail(g.error());
  if (json) {
    nlohmann::json members = nlohmann::json::array(), offsets = nlohmann::json::array();
    for (const auto& m : g->members) {
      nlohmann::json assignment = nlohmann::json::array();
      for (const auto& [t, p] : m.assignment) assignment.push_back({{"topic", t}, {"partition", p}});
      members.push_back({{"member", m.memberId}, {"client", m.clientId}, {"host", m.host}, {"assignment", assignment}});
    }
    for (const auto& o : g->offsets)
      offsets.push_back({{"topic", o.topic}, {"partition", o.partition}, {"committed", o.committed}, {"high", o.high},
                         {"lag", o.lag()}});
    std::cout << nlohmann::json{{"group", g->id},      {"state", g->state},     {"assignor", g->assignor},
                                {"members", members}, {"offsets", offsets}, {"total_lag", g->totalLag()}}
                     .dump()
              << "\n";
    return kExitOk;
  }
  std::cout << "group " << g->id << "  state " << g->state << "  assignor " << (g->assignor.empty() ? "-" : g->assignor)
            << "  coordinator " << g->coordinator << "\n\n";
  Table members({"MEMBER", "CLIENT", "HOST", "ASSIGNMENT"});
  for (const auto& m : g->members) {
    std::string assignment;
    for (const auto& [t, p] : m.assignment) assignment += (assignment.empty() ? "" : " ") + t + "/" + str(p);
    members.add({m.memberId, m.clientId, m.host, assignment});
  }
  members.print(std::cout);
  std::cout << "\n";
  Table offsets({"TOPIC", "PARTITION", "COMMITTED", "END", "LAG"});
  for (const auto& o : g->offsets)
    offsets.add({o.topic, str(o.partition), o.committed < 0 ? "-" : str(o.committed), str(o.high), str(o.lag())});
  offsets.print(std::cout);
  std::cout << "\ntotal lag " << g->totalLag() << "\n";
  return kExitOk;
}

int Invocation::resetOffsets() {
  kafka::OffsetReset reset;
  long long value = 0;
  if (to == "earliest") reset.to = kafka::OffsetReset::To::Earliest;
  else if (to == "latest") reset.to = kafka::OffsetReset::To::Latest;
  else if (to.rfind("offset:", 0) == 0 && number(to.substr(7), value)) reset = {kafka::OffsetReset::To::Offset, value};
  else if (to.rfind("time:", 0) == 0 && number(to.substr(5), value)) reset = {kafka::OffsetReset::To::Timestamp, value};
  else return usage("--to takes earliest, latest, offset:N or time:MS");
  auto moved = client.resetGroupOffsets(pos[1], pos[2], reset);
  if (!moved) return fail(moved.error());
  for (const auto& o : *moved)
    std::cout << (json ? nlohmann::json{{"topic", o.topic}, {"partition", o.partition}, {"offset", o.committed}}.dump()
                       : o.topic + "/" + str(o.partition) + " → " + str(o.committed))
              << "\n";
  return kExitOk;
}

// The subcommands with how many positionals each takes after its name (the
// same table-of-commands shape as cli.h's Command list).
struct SubCommand {
  std::string_view name;
  std::size_t minArgs;
  std::size_t maxArgs;
  int (Invocation::*run)();
};

constexpr std::size_t kAnyNumber = SIZE_MAX;

const SubCommand kSubCommands[] = {
    {"brokers", 0, 0, &Invocation::listBrokers},
    {"topics", 0, 0, &Invocation::listTopics},
    {"describe", 1, 1, &Invocation::describeTopic},
    {"configs", 1, 1, &Invocation::showConfigs},
    {"set-config", 2, kAnyNumber, &Invocation::setConfig},
    {"create-topic", 1, 1, &Invocation::createTopic},
    {"delete-topic", 1, 1, &Invocation::deleteTopic},
    {"add-partitions", 2, 2, &Invocation::addPartitions},
    {"delete-records", 3, 3, &Invocation::deleteRecords},
    {"consume", 1, 1, &Invocation::consume},
    {"tail", 1, 1, &Invocation::tail},
    {"produce", 1, 2, &Invocation::produce},
    {"search", 1, 2, &Invocation::search},
    {"groups", 0, 0, &Invocation::listGroups},
    {"describe-group", 1, 1, &Invocation::describeGroup},
    {"reset-offsets", 2, 2, &Invocation::resetOffsets},
};

int run(const std::vector<std::string>& argv) {
  Args args(argv);
  bool json = args.flag("--json");
  kafka::ClusterConfig cluster;
  cluster.name = "cli";
  const char* envBootstrap = std::getenv("TRIBUTARY_BOOTSTRAP");
  cluster.bootstrap = envBootstrap && *envBootstrap ? envBootstrap : "127.0.0.1:9092";
  args.option("--bootstrap", cluster.bootstrap);
  for (std::string property; args.option("-X", property);) {
    std::string k, v;
    if (!splitKeyValue(property, k, v)) return usage("-X takes KEY=VALUE, not '" + property + "'");
    cluster.properties[k] = v;
  }
  std::string registryUrl;
  if (const char* env = std::getenv("TRIBUTARY_SCHEMA_REGISTRY")) registryUrl = env;
  args.option("--schema-registry", registryUrl);
  if (!registryUrl.empty()) {
    registry::RegistryClientConfig config{registryUrl, {}, {}, std::chrono::milliseconds(10000)};
    if (const char* user = std::getenv("TRIBUTARY_SCHEMA_REGISTRY_USER")) config.user = user;
    if (const char* password = std::getenv("TRIBUTARY_SCHEMA_REGISTRY_PASSWORD")) config.password = password;
    g_avro = std::make_unique<registry::AvroSerde>(std::make_shared<registry::RegistryClient>(config));
  }
  std::chrono::milliseconds timeout(10000);
  if (std::string t; args.option("--timeout", t)) {
    auto parsed = base::parseDurationMs(t);
    if (!parsed || *parsed <= 0) return usage("--timeout takes a duration such as 5s");
    timeout = std::chrono::milliseconds(*parsed);
  }
  // Sub-command options, collected before the positionals are checked.
  bool all = args.flag("--all");
  bool earliest = args.flag("--earliest");
  std::string from = "newest", format = "auto", to, key, partitionText, limitText, maxScannedText, where;
  args.option("--from", from);
  args.option("--format", format);
  args.option("--to", to);
  bool hasKey = args.option("--key", key);
  args.option("--partition", partitionText);
  args.option("--limit", limitText);
  args.option("--max-scanned", maxScannedText);
  bool hasWhere = args.option("--where", where);
  std::string partitionsText = "1", replicationText = "1";
  args.option("--partitions", partitionsText);
  args.option("--replication", replicationText);
  std::vector<std::pair<std::string, std::string>> headers, configs;
  for (std::string h; args.option("--header", h);) {
    std::string k, v;
    if (!splitKeyValue(h, k, v)) return usage("--header takes KEY=VALUE");
    headers.emplace_back(k, v);
  }
  for (std::string c; args.option("--config", c);) {
    std::string k, v;
    if (!splitKeyValue(c, k, v)) return usage("--config takes KEY=VALUE");
    configs.emplace_back(k, v);
  }
  std::vector<std::string> pos;
  std::string error;
  if (!args.positionals(pos, error)) return usage(error);
  if (pos.empty()) return usage("name a subcommand");
  long long partition = -1, limit = 20, maxScanned = 1'000'000;
  if (!partitionText.empty() && !number(partitionText, partition)) return usage("--partition takes a number");
  if (!limitText.empty() && (!number(limitText, limit) || limit <= 0)) return usage("--limit takes a positive number");
  if (!maxScannedText.empty() && !number(maxScannedText, maxScanned)) return usage("--max-scanned takes a number");
  std::vector<std::int32_t> partitions;
  if (partition >= 0) partitions.push_back(static_cast<std::int32_t>(partition));
  const std::string sub = pos[0];

  // A bad --where is bad input: say so before talking to the cluster.
  std::optional<kafka::MessageFilter> filter;
  if (hasWhere) {
    auto compiled = kafka::MessageFilter::compile(where);
    if (!compiled) return usage("--where: " + compiled.error().message);
    filter = std::move(*compiled);
  }

  auto connected = kafka::ClusterClient::connect(cluster, timeout);
  if (!connected) return fail(connected.error());
  kafka::ClusterClient& client = **connected;


  Invocation in{.client = client,
                .pos = std::move(pos),
                .json = json,
                .all = all,
                .earliest = earliest,
                .hasKey = hasKey,
                .hasWhere = hasWhere,
                .from = from,
                .format = format,
                .to = to,
                .key = key,
                .limitText = limitText,
                .partitionsText = partitionsText,
                .replicationText = replicationText,
                .partition = partition,
                .limit = limit,
                .maxScanned = maxScanned,
                .partitions = std::move(partitions),
                .headers = std::move(headers),
                .configs = std::move(configs),
                .filter = std::move(filter)};
  std::size_t given = in.pos.size() - 1;
  for (const SubCommand& command : kSubCommands)
    if (command.name == sub && given >= command.minArgs && given <= command.maxArgs) return (in.*command.run)();
  return usage("unknown subcommand or wrong arguments: " + sub);
}

}  // namespace

Command kafkaCommand() { return {"kafka", "inspect and administer a Kafka cluster (topics, messages, groups)", kUsage, run}; }

}  // namespace tributary::cli
