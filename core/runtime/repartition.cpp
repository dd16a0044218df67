#include "core/runtime/repartition.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "core/base/groups.h"

namespace tributary::runtime {
namespace {

const model::NodeSpec* specOf(const model::SpecRegistry& specs, const model::Node& node) {
  return specs.find(node.type);
}

// A stateful transform and the key expression of each of its inputs ("" for
// an aggregate's only input, "left"/"right" for a join); empty when the node
// keeps no keyed state (a global aggregate, or not stateful at all).
std::vector<std::pair<std::string, std::string>> keyedInputs(const model::NodeSpec& spec, const model::Node& node) {
  auto text = [&](const char* field) {
    auto it = node.config.find(field);
    return it != node.config.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (spec.findField("group_by")) {
    auto groups = node.config.find("group_by");
    if (groups == node.config.end() || !groups->is_array() || groups->empty()) return {};
    std::vector<std::string> bare;
    for (const auto& item : *groups) {
      if (!item.is_string()) return {};
      // "upper(t) AS item_type" is grouped by upper(t), as the aggregator evaluates it.
      std::string expression = item.get<std::string>(), upper = expression;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (auto as = upper.rfind(" AS "); as != std::string::npos) expression.resize(as);
      bare.push_back(expression);
    }
    if (bare.size() == 1) return {{"", bare.front()}};
    std::string key = "concat(";  // every group value, in order: equal groups give equal keys
    for (std::size_t i = 0; i < bare.size(); ++i) key += (i ? ", '|', (" : "(") + bare[i] + ")";
    return {{"", key + ")"}};
  }
  if (spec.findField("left_key") && spec.findField("right_key")) {
    std::string left = text("left_key"), right = text("right_key");
    if (left.empty() || right.empty()) return {};
    return {{"left", left}, {"right", right}};
  }
  return {};
}

bool isStateful(const model::NodeSpec& spec) {
  return spec.findField("group_by") || (spec.findField("left_key") && spec.findField("right_key"));
}

// Whitespace outside quotes does not change an expression: "a + b" is "a+b".
std::string normalized(const std::string& expression) {
  std::string out;
  char quote = 0;
  for (char c : expression) {
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"' || c == '`') {
      quote = c;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string configText(const model::Node& node, const char* field, const std::string& fallback = {}) {
  auto it = node.config.find(field);
  return it != node.config.end() && it->is_string() ? it->get<std::string>() : fallback;
}

// What feeds one input of a stateful node: the topic node reached through
// stateless transforms with one input each, the transforms in between, and
// the edge into the stateful node (the one a repartition is put on).
struct Feed {
  const model::Node* topic = nullptr;
  std::vector<const model::Node*> between;
  std::size_t edge = 0;
};

std::optional<Feed> feedOf(const model::Pipeline& pipeline, const model::SpecRegistry& specs,
                           const std::string& nodeId, const std::string& port) {
  auto into = [&](const std::string& id, const std::string* toPort) {
    std::vector<std::size_t> found;
    for (std::size_t i = 0; i < pipeline.edges.size(); ++i)
      if (pipeline.edges[i].to == id && (!toPort || pipeline.edges[i].toPort == *toPort)) found.push_back(i);
    return found;
  };
  auto first = into(nodeId, port.empty() ? nullptr : &port);
  if (first.size() != 1) return std::nullopt;  // fed by several nodes: no single input to repartition
  Feed feed;
  feed.edge = first.front();
  const model::Edge* e = &pipeline.edges[feed.edge];
  for (std::size_t hops = 0; hops <= pipeline.nodes.size(); ++hops) {
    const model::Node* up = pipeline.findNode(e->from);
    const model::NodeSpec* spec = up ? specOf(specs, *up) : nullptr;
    if (!spec) return std::nullopt;
    if (spec->category == model::NodeCategory::Topic) {
      feed.topic = up;
      return feed;
    }
    if (spec->category != model::NodeCategory::Transform || isStateful(*spec)) return std::nullopt;
    auto above = into(up->id, nullptr);
    if (above.size() != 1) return std::nullopt;
    feed.between.push_back(up);
    e = &pipeline.edges[above.front()];
  }
  return std::nullopt;  // a cycle; validate reports it
}

// Why the records of `feed` are not known to be partitioned by `key`, or ""
// when they are (see the header for the rule).
std::string whyNotKeyed(const Feed& feed, const std::string& key) {
  const model::Node& t = *feed.topic;
  const std::string topic = configText(t, "name", t.id);
  for (const model::Node* n : feed.between)
    if (n->type != "transform.filter")
      return "`" + n->id + "` (" + n->type + ") between topic `" + topic + "` and it may change what `" + key +
             "` gives";
  const std::string declared = configText(t, "key");
  const bool byMessageKey = normalized(key) == "_key";
  if (!byMessageKey && declared.empty())
    return "topic `" + topic + "` is not known to be keyed by `" + key + "` (its topic node `" + t.id +
           "` names no key)";
  if (!byMessageKey && normalized(declared) != normalized(key))
    return "topic `" + topic + "` is keyed by `" + declared + "`, not by `" + key + "`";
  if (configText(t, "key_format", "string") != "string")
    return "topic `" + topic + "` has " + configText(t, "key_format") +
           " keys, whose bytes need not be equal for equal keys";
  const std::string partitioner = configText(t, "partitioner", "murmur2_random");
  if (partitioner != "murmur2_random" && partitioner != "murmur2")
    return "topic `" + topic + "` is partitioned with " + partitioner + ", not murmur2";
  return {};
}

std::string uniqueNodeId(const model::Pipeline& pipeline, const std::string& wanted) {
  std::string id = wanted;
  for (int n = 2; pipeline.findNode(id); ++n) id = wanted + "-" + std::to_string(n);
  return id;
}

}  // namespace

std::optional<int> declaredPartitions(const model::Node& topicNode) {
  auto create = topicNode.config.find("create");
  if (create != topicNode.config.end() && create->is_boolean() && !create->get<bool>()) return std::nullopt;
  auto p = topicNode.config.find("partitions");
  if (p == topicNode.config.end() || !p->is_number_integer() || p->get<int>() < 1) return std::nullopt;
  return p->get<int>();
}

std::string coPartitionMessage(const std::string& join, const std::string& topicA, int partitionsA,
                               const std::string& topicB, int partitionsB) {
  return "join `" + join + "`: its inputs are not co-partitioned: topic `" + topicA + "` has " +
         std::to_string(partitionsA) + " partitions, topic `" + topicB + "` has " + std::to_string(partitionsB) +
         "; both sides of a join need the same count (repartition one of them)";
}

std::string internalTopicName(const std::string& pipeline, const std::string& nodeId, const std::string& suffix) {
  std::string name = pipeline + "-" + nodeId + "-" + suffix;
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') c = '_';
  return name;
}

std::string describe(const Repartition& r) {
  return "repartition: node `" + r.node + "`" + (r.port.empty() ? "" : " input " + r.port) + " reads topic `" +
         r.sourceTopic + "` through topic `" + r.topic + "` (node `" + r.topicNode + "`), keyed by " + r.key +
         ", murmur2, " + (r.partitions > 0 ? std::to_string(r.partitions) : std::string("as many")) +
         " partitions" + (r.partitions > 0 ? "" : " as its input") + ": " + r.reason;
}

Result<Repartitioned> insertRepartitions(const model::Pipeline& pipeline, const model::SpecRegistry& specs,
                                         const PartitionLookup& lookup) {
  Repartitioned out;
  out.pipeline = pipeline;
  // The partition count of a topic node's topic: asked (once per node) when
  // there is a lookup, else what the node declares; 0 when not known.
  std::map<std::string, int> counts;
  auto countOf = [&](const model::Node& t) -> Result<int> {
    if (auto it = counts.find(t.id); it != counts.end()) return it->second;
    int n = 0;
    if (lookup) {
      auto asked = lookup(t);
      if (!asked)
        return makeError(asked.error().code,
                         "cannot learn the partitions of topic `" + configText(t, "name", t.id) +
                             "`: " + asked.error().message,
                         "node " + t.id);
      if (*asked) {
        n = **asked;
      } else if (auto create = t.config.find("create"); create == t.config.end() || !create->is_boolean() ||
                                                        create->get<bool>()) {
        n = declaredPartitions(t).value_or(1);  // it will be created with that many
      }
    } else {
      n = declaredPartitions(t).value_or(0);
    }
    counts[t.id] = n;
    return n;
  };

  struct Side {
    std::string port, key;
    Feed feed;
    std::string why;  // not keyed: why
    int partitions = 0;
  };
  for (const model::Node& node : pipeline.nodes) {
    const model::NodeSpec* spec = specOf(specs, node);
    if (!spec || spec->category != model::NodeCategory::Transform) continue;
    auto inputs = keyedInputs(*spec, node);
    if (inputs.empty()) continue;
    std::vector<Side> sides;
    for (const auto& [port, key] : inputs) {
      auto feed = feedOf(pipeline, specs, node.id, port);
      if (!feed) break;  // not fed by a topic: read by one task, nothing to co-partition
      // co_partitioned: the user vouches for the input's partitioning.
      const bool vouched = node.config.value("co_partitioned", false);
      Side s{port, key, *feed, vouched ? std::string() : whyNotKeyed(*feed, key), 0};
      auto n = countOf(*feed->topic);
      if (!n) return n.error();
      s.partitions = *n;
      sides.push_back(std::move(s));
    }
    // A join with an input that is not a topic runs in one task (the runners'
    // split keeps it on one runner), so neither side needs moving.
    if (sides.size() != inputs.size()) continue;
    // A topic of one partition is read by one task, whatever its keys.
    if (std::all_of(sides.begin(), sides.end(), [](const Side& s) { return s.partitions == 1; })) continue;

    // The count each repartitioned side gets: as many as the inputs already
    // keyed by the key (they cannot change), else the largest input's.
    int target = 0;
    const Side* keyed = nullptr;
    for (const Side& s : sides) {
      if (!s.why.empty()) continue;
      if (keyed && s.partitions > 0 && keyed->partitions > 0 && s.partitions != keyed->partitions)
        return makeError(ErrorCode::Invalid,
                         coPartitionMessage(node.id, configText(*keyed->feed.topic, "name"), keyed->partitions,
                                            configText(*s.feed.topic, "name"), s.partitions),
                         node.id);
      if (!keyed) keyed = &s;
    }
    if (keyed) {
      target = keyed->partitions;
    } else {
      for (const Side& s : sides) {
        if (s.partitions == 0) {
          target = 0;
          break;
        }
        target = std::max(target, s.partitions);
      }
    }
    for (const Side& s : sides) {
      if (s.why.empty()) continue;
      const model::Node& from = *s.feed.topic;
      Repartition r;
      r.node = node.id;
      r.port = s.port;
      r.topicNode = uniqueNodeId(out.pipeline, node.id + (s.port.empty() ? "" : "-" + s.port) + "-repartition");
      r.topic = internalTopicName(pipeline.name, node.id, s.port.empty() ? "repartition" : s.port + "-repartition");
      r.key = s.key;
      r.sourceNode = from.id;
      r.sourceTopic = configText(from, "name", from.id);
      r.partitions = target;
      r.reason = (node.type == "transform.join" ? "it joins on `" : "it groups by `") + s.key + "`, but " + s.why;

      model::Node inserted;
      inserted.id = r.topicNode;
      inserted.type = from.type;
      inserted.label = r.topic;
      // murmur2, not murmur2_random: the same partition as Java's clients for
      // every key, and records whose key is null stay together too (a null
      // group is a group) instead of being spread at random.
      inserted.config = {{"name", r.topic},       {"key", r.key},         {"partitioner", "murmur2"},
                         {"partitions", std::max(1, target)}, {"create", true}, {"format", "json"},
                         {"start", "earliest"}};
      // Not a join's parallelism: its inputs are read by one member
      // (joinMembers); the stage writing the topic still runs in parallel.
      for (const char* inherited : {"parallelism", "properties", "static_member", "replication"})
        if (auto it = from.config.find(inherited);
            it != from.config.end() && (sides.size() < 2 || it.key() != "parallelism"))
          inserted.config[inherited] = *it;
      model::Edge& edge = out.pipeline.edges[s.feed.edge];
      if (const model::Node* up = pipeline.findNode(edge.from); up && up->position && node.position)
        inserted.position = model::Position{(up->position->x + node.position->x) / 2,
                                            (up->position->y + node.position->y) / 2};
      model::Edge onward{inserted.id, "", node.id, edge.toPort};
      edge.to = inserted.id;
      edge.toPort.clear();
      out.pipeline.edges.push_back(std::move(onward));
      out.pipeline.nodes.push_back(std::move(inserted));
      out.inserted.push_back(std::move(r));
    }
  }
  return out;
}

std::vector<JoinMember> joinMembers(const model::Pipeline& planned, const model::SpecRegistry& specs) {
  std::vector<JoinMember> out;
  for (const model::Node& node : planned.nodes) {
    const model::NodeSpec* spec = specOf(specs, node);
    if (!spec || spec->category != model::NodeCategory::Transform || !isStateful(*spec) || spec->inputs.size() < 2)
      continue;
    std::vector<const model::Node*> topics;
    for (const model::PortSpec& port : spec->inputs) {
      auto feed = feedOf(planned, specs, node.id, port.name);
      if (!feed) break;
      if (std::find(topics.begin(), topics.end(), feed->topic) == topics.end()) topics.push_back(feed->topic);
    }
    if (topics.size() < 2 || topics.size() != spec->inputs.size()) continue;  // not (only) topics: one task
    // Merged with the members this join shares a topic node with (Engine::linkSinks groups its sources alike).
    auto joined = base::mergeSharing(
        out,
        [&](const JoinMember& m) {
          return std::any_of(topics.begin(), topics.end(), [&](const model::Node* t) {
            return std::find(m.topics.begin(), m.topics.end(), t) != m.topics.end();
          });
        },
        [](JoinMember& into, JoinMember& from) {
          into.joins.insert(into.joins.end(), from.joins.begin(), from.joins.end());
          into.topics.insert(into.topics.end(), from.topics.begin(), from.topics.end());
        });
    if (joined == out.end()) joined = out.insert(out.end(), JoinMember{node.id, {}, {}});
    joined->joins.push_back(node.id);
    for (const model::Node* t : topics)
      if (std::find(joined->topics.begin(), joined->topics.end(), t) == joined->topics.end())
        joined->topics.push_back(t);
  }
  return out;
}

Status checkJoinMembers(const Repartitioned& planned, const model::SpecRegistry& specs) {
  // A topic node as the user knows it: an inserted one by the topic it repartitions.
  auto named = [&](const model::Node& t) {
    for (const Repartition& r : planned.inserted)
      if (r.topicNode == t.id)
        return "`" + t.id + "` (the repartition topic inserted for topic node `" + r.sourceNode + "`)";
    return "`" + t.id + "`";
  };
  for (const JoinMember& m : joinMembers(planned.pipeline, specs)) {
    std::string joins;
    for (std::size_t i = 0; i < m.joins.size(); ++i)
      joins += (i == 0 ? "" : i + 1 == m.joins.size() ? " and " : ", ") + ("`" + m.joins[i] + "`");
    const std::string feeds = (m.joins.size() == 1 ? "join " : "joins ") + joins;
    // One member reads a topic once: two topic nodes of one topic would each
    // need partition p of it (and separate groups would not keep p of the
    // other inputs on the same runner).
    std::map<std::string, const model::Node*> byTopic;
    for (const model::Node* t : m.topics) {
      const std::string topic = configText(*t, "name", t->id);
      auto [first, added] = byTopic.emplace(topic, t);
      if (!added)
        return makeError(ErrorCode::Invalid,
                         "topic nodes " + named(*first->second) + " and " + named(*t) + " both read topic `" + topic +
                             "` and feed " + feeds +
                             ", whose input topics are read by one consumer-group member, which reads each topic "
                             "once; connect one topic node for `" +
                             topic + "` to every join that reads it",
                         m.joins.front());
    }
    std::vector<nlohmann::json> configs;
    for (const model::Node* t : m.topics) {
      const model::NodeSpec* spec = specOf(specs, *t);
      configs.push_back(spec ? spec->withDefaults(t->config) : t->config);
    }
    for (std::size_t i = 0; i < m.topics.size(); ++i) {
      auto parallelism = configs[i].find("parallelism");
      if (parallelism != configs[i].end() && parallelism->is_number_integer() && parallelism->get<int>() > 1)
        return makeError(ErrorCode::Invalid,
                         "topic node " + named(*m.topics[i]) + " has parallelism " + parallelism->dump() +
                             ", but it feeds " + feeds +
                             ", whose input topics are read by one consumer-group member so that partition p of "
                             "every input reaches the same task; remove `parallelism` from it and run the pipeline "
                             "on several runners to spread the join's partitions",
                         m.joins.front());
    }
    for (std::size_t i = 1; i < m.topics.size(); ++i) {
      // One client: one group.instance.id, one set of client properties.
      // (Each source sets where its own partitions start, so `start` and
      // `start_time` may differ.)
      auto setting = [&](std::size_t k, const char* name) {
        auto it = configs[k].find(name);
        if (it != configs[k].end() && !it->is_null() && !(it->is_object() && it->empty())) return *it;
        return std::string(name) == "static_member" ? nlohmann::json(true) : nlohmann::json();
      };
      const char* field = nullptr;
      for (const char* name : {"static_member", "properties"})
        if (!field && setting(0, name) != setting(i, name)) field = name;
      if (!field) continue;
      auto value = [&](std::size_t k) {
        return setting(k, field).is_null() ? std::string("unset") : setting(k, field).dump();
      };
      return makeError(ErrorCode::Invalid,
                       "topic nodes " + named(*m.topics[0]) + " (" + field + " " + value(0) + ") and " +
                           named(*m.topics[i]) + " (" + field + " " + value(i) + ") feed " + feeds +
                           " and are read by one consumer-group member, which has one `" + field +
                           "`; give them the same `" + field + "`",
                       m.joins.front());
    }
  }
  return {};
}

}  // namespace tributary::runtime
