// The repartition planner (core/runtime/repartition.h): which inputs of
// aggregates and joins get a repartition topic, keyed by what, with how many
// partitions, and which joins are refused for their partition counts. Uses
// the real node specs; partition counts come from the pipeline or a lookup.
#include <QtTest>

#include "core/connectors/builtin.h"
#include "core/runtime/repartition.h"
#include "runtime_test_util.h"

using namespace tributary;
using namespace tributary::testing;

namespace {

nlohmann::json topicConfig(const std::string& name, int partitions, const std::string& key = {}) {
  nlohmann::json c = {{"name", name}, {"partitions", partitions}};
  if (!key.empty()) c["key"] = key;
  return c;
}

model::Node aggregate(const std::string& id, nlohmann::json groupBy) {
  return node(id, "transform.aggregate",
              {{"group_by", std::move(groupBy)}, {"window", "none"}, {"emit", "changes"},
               {"aggregates", {"count(*) AS n"}}});
}

model::Edge port(std::string from, std::string to, std::string toPort) {
  model::Edge e = edge(std::move(from), std::move(to));
  e.toPort = std::move(toPort);
  return e;
}

// orders -> [between...] -> agg -> out
model::Pipeline aggregatePipeline(nlohmann::json topic, std::vector<model::Node> between = {},
                                  nlohmann::json groupBy = {"warehouse"}) {
  std::vector<model::Node> nodes{node("orders", "topic", std::move(topic))};
  std::vector<model::Edge> edges;
  std::string last = "orders";
  for (model::Node& n : between) {
    edges.push_back(edge(last, n.id));
    last = n.id;
    nodes.push_back(std::move(n));
  }
  nodes.push_back(aggregate("agg", std::move(groupBy)));
  nodes.push_back(node("out", "sink.stdout"));
  edges.push_back(edge(last, "agg"));
  edges.push_back(edge("agg", "out"));
  return makePipeline("shop", std::move(nodes), std::move(edges));
}

model::Pipeline joinPipeline(nlohmann::json left, nlohmann::json right) {
  return makePipeline("shop",
                      {node("l", "topic", std::move(left)), node("r", "topic", std::move(right)),
                       node("j", "transform.join",
                            {{"left_key", "order_id"}, {"right_key", "order_id"}, {"mode", "window"},
                             {"before", "1m"}, {"after", "1m"}}),
                       node("out", "sink.stdout")},
                      {port("l", "j", "left"), port("r", "j", "right"), edge("j", "out")});
}

Result<runtime::Repartitioned> plan(const model::Pipeline& p, const runtime::PartitionLookup& lookup = {}) {
  return runtime::insertRepartitions(p, connectors::builtinSpecs(), lookup);
}

bool hasEdge(const model::Pipeline& p, const std::string& from, const std::string& to, const std::string& toPort = {}) {
  for (const model::Edge& e : p.edges)
    if (e.from == from && e.to == to && e.toPort == toPort) return true;
  return false;
}

}  // namespace

class TestRuntimeRepartition final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // co_partitioned: the user vouches for the partitioning; nothing is
  // inserted, but a join's inputs must still have one count.
  void coPartitionedNodesAreNotRepartitioned() {
    auto p = aggregatePipeline(topicConfig("orders", 4));
    p.findNode("agg")->config["co_partitioned"] = true;
    auto r = plan(p);
    QVERIFY2(r, r ? "" : r.error().toString().c_str());
    QVERIFY(r->inserted.empty());
    QVERIFY(hasEdge(r->pipeline, "orders", "agg"));

    auto j = joinPipeline(topicConfig("left", 6), topicConfig("right", 4));
    j.findNode("j")->config["co_partitioned"] = true;
    auto refused = plan(j);
    QVERIFY(!refused);
    QVERIFY2(refused.error().message.find("topic `left` has 6 partitions, topic `right` has 4") != std::string::npos,
             refused.error().message.c_str());
  }

  void aggregateOverAnUnkeyedTopicIsRepartitioned() {
    nlohmann::json topic = topicConfig("orders", 4);
    topic["parallelism"] = 2;
    auto p = aggregatePipeline(topic, {node("paid", "transform.filter", {{"condition", "units > 0"}})});
    auto r = plan(p);
    QVERIFY2(r, r ? "" : r.error().toString().c_str());
    QCOMPARE(r->inserted.size(), std::size_t{1});
    const runtime::Repartition& rp = r->inserted[0];
    QCOMPARE(rp.node, std::string("agg"));
    QCOMPARE(rp.topicNode, std::string("agg-repartition"));
    QCOMPARE(rp.topic, std::string("shop-agg-repartition"));
    QCOMPARE(rp.key, std::string("warehouse"));
    QCOMPARE(rp.sourceTopic, std::string("orders"));
    QCOMPARE(rp.partitions, 4);
    QVERIFY(rp.reason.find("names no key") != std::string::npos);
    // paid -> agg-repartition -> agg; the inserted topic keys by warehouse with murmur2.
    QVERIFY(hasEdge(r->pipeline, "paid", "agg-repartition"));
    QVERIFY(hasEdge(r->pipeline, "agg-repartition", "agg"));
    QVERIFY(!hasEdge(r->pipeline, "paid", "agg"));
    const model::Node* inserted = r->pipeline.findNode("agg-repartition");
    QVERIFY(inserted);
    QCOMPARE(inserted->type, std::string("topic"));
    QCOMPARE(inserted->config.value("key", ""), std::string("warehouse"));
    QCOMPARE(inserted->config.value("partitioner", ""), std::string("murmur2"));
    QCOMPARE(inserted->config.value("partitions", 0), 4);
    QCOMPARE(inserted->config.value("parallelism", 0), 2);  // the stage after it keeps its members
    // The result is a valid pipeline.
    auto diagnostics = model::validate(r->pipeline, connectors::builtinSpecs());
    QVERIFY2(!model::hasErrors(diagnostics), diagnostics.empty() ? "" : model::format(diagnostics[0]).c_str());
  }

  void keyedTopicThroughFiltersIsNot() {
    auto p = aggregatePipeline(topicConfig("orders", 4, " warehouse "),
                               {node("paid", "transform.filter", {{"condition", "units > 0"}})});
    auto r = plan(p);
    QVERIFY(r);
    QVERIFY(r->inserted.empty());
    QVERIFY(r->pipeline == p);
    // Grouped by the message key itself: keyed whatever the node declares.
    r = plan(aggregatePipeline(topicConfig("orders", 4), {}, {"_key"}));
    QVERIFY(r);
    QVERIFY(r->inserted.empty());
  }

  void transformsThatMayChangeTheKeyForceARepartition() {
    auto p = aggregatePipeline(topicConfig("orders", 4, "warehouse"),
                               {node("rename", "transform.map", {{"select", "warehouse_id AS warehouse"}})});
    auto r = plan(p);
    QVERIFY(r);
    QCOMPARE(r->inserted.size(), std::size_t{1});
    QVERIFY(r->inserted[0].reason.find("`rename` (transform.map)") != std::string::npos);
    QVERIFY(hasEdge(r->pipeline, "rename", "agg-repartition"));
  }

  void keysThatAreNotPlainStringsOrMurmur2AreNot() {
    nlohmann::json avro = topicConfig("orders", 4, "warehouse");
    avro["key_format"] = "avro";
    auto r = plan(aggregatePipeline(avro));
    QVERIFY(r);
    QCOMPARE(r->inserted.size(), std::size_t{1});
    nlohmann::json crc = topicConfig("orders", 4, "warehouse");
    crc["partitioner"] = "consistent_random";
    r = plan(aggregatePipeline(crc));
    QVERIFY(r);
    QCOMPARE(r->inserted.size(), std::size_t{1});
    QVERIFY(r->inserted[0].reason.find("consistent_random") != std::string::npos);
  }

  void groupKeysAreTheBareExpressions() {
    auto r = plan(aggregatePipeline(topicConfig("orders", 4), {}, {"upper(item_type) AS item_type", "warehouse"}));
    QVERIFY(r);
    QCOMPARE(r->inserted.size(), std::size_t{1});
    QCOMPARE(r->inserted[0].key, std::string("concat((upper(item_type)), '|', (warehouse))"));
    r = plan(aggregatePipeline(topicConfig("orders", 4), {}, {"upper(item_type) as t"}));
    QVERIFY(r);
    QCOMPARE(r->inserted[0].key, std::string("upper(item_type)"));
    // A global aggregate has one group: nothing to move.
    r = plan(aggregatePipeline(topicConfig("orders", 4), {}, nlohmann::json::array()));
    QVERIFY(r);
    QVERIFY(r->inserted.empty());
  }

  void onePartitionIsReadByOneTask() {
    auto r = plan(aggregatePipeline(topicConfig("orders", 1)));
    QVERIFY(r);
    QVERIFY(r->inserted.empty());
    r = plan(joinPipeline(topicConfig("a", 1), topicConfig("b", 1)));
    QVERIFY(r);
    QVERIFY(r->inserted.empty());
  }

  void joinSidesFollowAKeyedSide() {
    // Left keyed by the join key with 6 partitions: only the right side moves, to 6.
    auto r = plan(joinPipeline(topicConfig("a", 6, "order_id"), topicConfig("b", 4, "shipment_id")));
    QVERIFY(r);
    QCOMPARE(r->inserted.size(), std::size_t{1});
    QCOMPARE(r->inserted[0].port, std::string("right"));
    QCOMPARE(r->inserted[0].topic, std::string("shop-j-right-repartition"));
    QCOMPARE(r->inserted[0].partitions, 6);
    QVERIFY(hasEdge(r->pipeline, "r", "j-right-repartition"));
    QVERIFY(hasEdge(r->pipeline, "j-right-repartition", "j", "right"));
    QVERIFY(hasEdge(r->pipeline, "l", "j", "left"));
    // Neither keyed: both move, to the larger count.
    r = plan(joinPipeline(topicConfig("a", 3), topicConfig("b", 5)));
    QVERIFY(r);
    QCOMPARE(r->inserted.size(), std::size_t{2});
    QCOMPARE(r->inserted[0].partitions, 5);
    QCOMPARE(r->inserted[1].partitions, 5);
    QCOMPARE(r->inserted[1].topic, std::string("shop-j-right-repartition"));
  }

  void keyedJoinInputsWithDifferentCountsAreRefused() {
    auto r = plan(joinPipeline(topicConfig("a", 6, "order_id"), topicConfig("b", 4, "order_id")));
    QVERIFY(!r);
    QCOMPARE(r.error().message,
             std::string("join `j`: its inputs are not co-partitioned: topic `a` has 6 partitions, topic `b` has 4; "
                         "both sides of a join need the same count (repartition one of them)"));
    QCOMPARE(r.error().where, std::string("j"));
    // The same sentence as validation's, which runs it with the declared counts.
    auto diagnostics = model::validate(joinPipeline(topicConfig("a", 6, "order_id"), topicConfig("b", 4, "order_id")),
                                       connectors::builtinSpecs(), connectors::defaultValidationOptions(false));
    QCOMPARE(diagnostics.size(), std::size_t{1});
    QCOMPARE(diagnostics[0].message, r.error().message);
    QCOMPARE(diagnostics[0].nodeId, std::string("j"));
    QCOMPARE(diagnostics[0].path, std::string("$.nodes[2]"));
    // Counts nobody declares are not known: no error.
    nlohmann::json a = {{"name", "a"}, {"key", "order_id"}}, b = {{"name", "b"}, {"key", "order_id"}};
    QVERIFY(plan(joinPipeline(a, b)));
  }

  // The topic nodes of a join are read by one group member: settings it has
  // once must agree, and a parallel stage cannot read one side. The refusal
  // is one sentence naming both nodes and their values, the same from the
  // check (run start) and from validation (`validate`, the designer).
  void joinInputsOneMemberCannotReadAreRefused() {
    auto refusal = [](const model::Pipeline& p) {
      auto planned = plan(p);
      if (!planned) return planned.error().message;
      Status s = runtime::checkJoinMembers(*planned, connectors::builtinSpecs());
      if (s) return std::string();
      auto diagnostics = model::validate(p, connectors::builtinSpecs(), connectors::defaultValidationOptions(false));
      if (diagnostics.size() != 1 || diagnostics[0].message != s.error().message || diagnostics[0].nodeId != "j" ||
          diagnostics[0].severity != model::Severity::Error || s.error().where != "j")
        return "validation differs: " + (diagnostics.empty() ? std::string("nothing") : diagnostics[0].message);
      return s.error().message;
    };
    auto keyed = [](nlohmann::json extra) {
      nlohmann::json c = topicConfig("a", 3, "order_id");
      c.update(extra);
      return c;
    };
    nlohmann::json b = topicConfig("b", 3, "order_id");
    QCOMPARE(refusal(joinPipeline(keyed({{"static_member", false}}), b)),
             std::string("topic nodes `l` (static_member false) and `r` (static_member true) feed join `j` and are "
                         "read by one consumer-group member, which has one `static_member`; give them the same "
                         "`static_member`"));
    QCOMPARE(refusal(joinPipeline(keyed({{"properties", {{"session.timeout.ms", "3000"}}}}), b)),
             std::string("topic nodes `l` (properties {\"session.timeout.ms\":\"3000\"}) and `r` (properties unset) "
                         "feed join `j` and are read by one consumer-group member, which has one `properties`; give "
                         "them the same `properties`"));
    QCOMPARE(refusal(joinPipeline(keyed({{"properties", nlohmann::json::object()}}), b)), std::string());
    QCOMPARE(refusal(joinPipeline(keyed({{"parallelism", 2}}), b)),
             std::string("topic node `l` has parallelism 2, but it feeds join `j`, whose input topics are read by one "
                         "consumer-group member so that partition p of every input reaches the same task; remove "
                         "`parallelism` from it and run the pipeline on several runners to spread the join's "
                         "partitions"));
    // A side that is repartitioned is named by its inserted node and the node the user drew.
    nlohmann::json unkeyed = topicConfig("c", 3);
    unkeyed["static_member"] = false;
    QCOMPARE(refusal(joinPipeline(b, unkeyed)),
             std::string("topic nodes `l` (static_member true) and `j-right-repartition` (the repartition topic "
                         "inserted for topic node `r`) (static_member false) feed join `j` and are read by one "
                         "consumer-group member, which has one `static_member`; give them the same "
                         "`static_member`"));

    // What one member can do: the default written out or not, a `start` per
    // side (each source sets where its own partitions start), and so a
    // repartitioned side (read from its beginning) next to one read from the
    // end, a start time per side, parallelism 1.
    QCOMPARE(refusal(joinPipeline(keyed({{"start", "earliest"}, {"static_member", true}}), b)), std::string());
    QCOMPARE(refusal(joinPipeline(keyed({{"start", "latest"}}), b)), std::string());
    nlohmann::json latestUnkeyed = topicConfig("c", 3);
    latestUnkeyed["start"] = "latest";
    QCOMPARE(refusal(joinPipeline(keyed({{"start", "latest"}}), latestUnkeyed)), std::string());
    QCOMPARE(refusal(joinPipeline(keyed({{"start", "timestamp"}, {"start_time", "2024-05-01T08:00:00Z"}}),
                                  [&] {
                                    nlohmann::json c = b;
                                    c["start"] = "timestamp";
                                    c["start_time"] = "2024-06-01T08:00:00Z";
                                    return c;
                                  }())),
             std::string());
    QCOMPARE(refusal(joinPipeline(keyed({{"parallelism", 1}}), b)), std::string());
    // A parallel topic whose side is repartitioned: its stage writes the
    // repartition topic in parallel; the join's member reads that one.
    nlohmann::json parallel = topicConfig("c", 3);
    parallel["parallelism"] = 2;
    auto r = plan(joinPipeline(b, parallel));
    QVERIFY(r);
    QCOMPARE(r->inserted.size(), std::size_t{1});
    QVERIFY(!r->pipeline.findNode("j-right-repartition")->config.contains("parallelism"));
    QCOMPARE(refusal(joinPipeline(b, parallel)), std::string());
  }

  // Topic nodes feeding several joins are one member (named after the first
  // join); the same topic through two topic nodes of one member is refused.
  void joinsSharingATopicNodeShareTheirMember() {
    nlohmann::json join = {
        {"left_key", "order_id"}, {"right_key", "order_id"}, {"mode", "window"}, {"before", "1m"}, {"after", "1m"}};
    auto p =
        makePipeline("shop",
                     {node("o", "topic", topicConfig("orders", 3, "order_id")),
                      node("s", "topic", topicConfig("shipments", 3, "order_id")),
                      node("pay", "topic", topicConfig("payments", 3, "order_id")), node("a", "transform.join", join),
                      node("b", "transform.join", join), node("out", "sink.stdout")},
                     {port("o", "a", "left"), port("s", "a", "right"), port("o", "b", "left"),
                      port("pay", "b", "right"), edge("a", "out"), edge("b", "out")});
    auto members = runtime::joinMembers(p, connectors::builtinSpecs());
    QCOMPARE(members.size(), std::size_t{1});
    QCOMPARE(members[0].join, std::string("a"));
    QCOMPARE(members[0].joins, (std::vector<std::string>{"a", "b"}));
    QCOMPARE(members[0].topics.size(), std::size_t{3});
    // payments as a dynamic member: refused, naming both joins.
    p.nodes[2].config["static_member"] = false;
    auto planned = plan(p);
    QVERIFY(planned);
    Status s = runtime::checkJoinMembers(*planned, connectors::builtinSpecs());
    QVERIFY(!s);
    QCOMPARE(s.error().message,
             std::string("topic nodes `o` (static_member true) and `pay` (static_member false) feed joins `a` and "
                         "`b` and are read by one consumer-group member, which has one `static_member`; give them the "
                         "same `static_member`"));
    QCOMPARE(s.error().where, std::string("a"));
    // `b` joining a second topic node for `orders` with `s`, which `a` reads
    // too: refused (one member reads a topic once), and so is a join of two
    // topic nodes of one topic. With its own node for `shipments` too, `b`
    // would be a member of its own: fine.
    p.nodes[2].config["static_member"] = true;
    p.nodes.push_back(node("o2", "topic", topicConfig("orders", 3, "order_id")));
    for (model::Edge& e : p.edges) {
      if (e.from == "o" && e.to == "b") e.from = "o2";
      if (e.from == "pay" && e.to == "b") e.from = "s";
    }
    planned = plan(p);
    QVERIFY(planned);
    s = runtime::checkJoinMembers(*planned, connectors::builtinSpecs());
    QVERIFY(!s);
    QCOMPARE(s.error().message,
             std::string("topic nodes `o` and `o2` both read topic `orders` and feed joins `a` and `b`, whose input "
                         "topics are read by one consumer-group member, which reads each topic once; connect one "
                         "topic node for `orders` to every join that reads it"));
    for (model::Edge& e : p.edges)
      if (e.from == "s" && e.to == "b") e.from = "pay";
    QCOMPARE(runtime::joinMembers(p, connectors::builtinSpecs()).size(), std::size_t{2});
    planned = plan(p);
    QVERIFY(planned);
    QVERIFY(runtime::checkJoinMembers(*planned, connectors::builtinSpecs()));
    planned = plan(joinPipeline(topicConfig("orders", 3, "order_id"), topicConfig("orders", 3, "order_id")));
    QVERIFY(planned);
    QVERIFY(!runtime::checkJoinMembers(*planned, connectors::builtinSpecs()));
    // One topic node feeding both sides (two branches of it) is one input: nothing to share, nothing refused.
    auto self = makePipeline("shop",
                             {node("o", "topic", topicConfig("orders", 3, "order_id")),
                              node("a", "transform.join", join), node("out", "sink.stdout")},
                             {port("o", "a", "left"), port("o", "a", "right"), edge("a", "out")});
    QVERIFY(runtime::joinMembers(self, connectors::builtinSpecs()).empty());
  }

  void aJoinWithAnInputThatIsNoTopicRunsInOneTask() {
    auto p = makePipeline("shop",
                          {node("gen", "source.datagen", {{"count", 10}}), node("r", "topic", topicConfig("b", 4)),
                           node("j", "transform.join",
                                {{"left_key", "order_id"}, {"right_key", "order_id"}, {"mode", "window"},
                                 {"before", "1m"}, {"after", "1m"}}),
                           node("out", "sink.stdout")},
                          {port("gen", "j", "left"), port("r", "j", "right"), edge("j", "out")});
    auto r = plan(p);
    QVERIFY(r);
    QVERIFY(r->inserted.empty());
  }

  void countsComeFromTheLookup() {
    std::vector<std::string> asked;
    runtime::PartitionLookup lookup = [&](const model::Node& t) -> Result<std::optional<int>> {
      asked.push_back(t.id);
      if (t.id == "l") return std::optional<int>(8);
      return std::optional<int>();  // r's topic does not exist: it is created with its `partitions`
    };
    auto r = plan(joinPipeline(topicConfig("a", 2), topicConfig("b", 3)), lookup);
    QVERIFY(r);
    QCOMPARE(r->inserted.size(), std::size_t{2});
    QCOMPARE(r->inserted[0].partitions, 8);
    QCOMPARE(asked, (std::vector<std::string>{"l", "r"}));
    // A lookup that fails names the topic.
    runtime::PartitionLookup failing = [](const model::Node&) -> Result<std::optional<int>> {
      return makeError(ErrorCode::Unavailable, "connection refused");
    };
    r = plan(aggregatePipeline(topicConfig("orders", 4)), failing);
    QVERIFY(!r);
    QCOMPARE(r.error().message, std::string("cannot learn the partitions of topic `orders`: connection refused"));
    QCOMPARE(r.error().where, std::string("node orders"));
  }

  void insertedIdsDoNotCollide() {
    auto p = aggregatePipeline(topicConfig("orders", 4));
    p.nodes.push_back(node("agg-repartition", "sink.stdout"));
    auto r = plan(p);
    QVERIFY(r);
    QCOMPARE(r->inserted[0].topicNode, std::string("agg-repartition-2"));
    QCOMPARE(runtime::internalTopicName("my shop", "a/b", "repartition"), std::string("my_shop-a_b-repartition"));
  }
};

QTEST_APPLESS_MAIN(TestRuntimeRepartition)
#include "test_runtime_repartition.moc"
