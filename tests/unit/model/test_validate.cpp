#include <QTest>

#include <algorithm>

#include "core/base/units.h"
#include "core/model/pipeline_file.h"
#include "core/model/validate.h"
#include "tests/unit/model/test_registry_fixture.h"

using namespace tributary;
using namespace tributary::model;
using tributary::base::parseDurationMs;
using tributary::base::parseSizeBytes;

namespace {

Pipeline parse(const std::string& nodes, const std::string& edges) {
  // Fixtures are written with ' for " (moc's tokenizer trips over raw strings).
  std::string text = "{'tributary':1,'name':'t','nodes':[" + nodes + "],'edges':[" + edges + "]}";
  std::replace(text.begin(), text.end(), '\'', '"');
  auto p = parsePipeline(text);
  if (!p.ok()) qFatal("fixture does not parse: %s", p.error().toString().c_str());
  return *p;
}

const char* kGen = "{'id':'gen','type':'source.gen','config':{'template':'users'}}";
const char* kSink = "{'id':'out','type':'sink.file','config':{'path':'x.jsonl'}}";

std::vector<Diagnostic> check(const Pipeline& p, const ValidationOptions& options = {}) {
  static const SpecRegistry registry = test::fixtureRegistry();
  return validate(p, registry, options);
}

// The single diagnostic whose message contains `needle`; fails the test otherwise.
const Diagnostic* find(const std::vector<Diagnostic>& ds, const std::string& needle) {
  const Diagnostic* found = nullptr;
  for (const Diagnostic& d : ds)
    if (d.message.find(needle) != std::string::npos) {
      if (found) return nullptr;
      found = &d;
    }
  return found;
}

std::string dump(const std::vector<Diagnostic>& ds) {
  std::string text;
  for (const auto& d : ds) text += format(d) + "\n";
  return text;
}

}  // namespace

// Checks that exactly one diagnostic mentions `needle`, with this severity and path.
void expectProblem(const std::vector<Diagnostic>& ds, const std::string& needle, Severity severity,
                   const std::string& path) {
  const Diagnostic* d = find(ds, needle);
  QVERIFY2(d, ("expected one problem with \"" + needle + "\" in:\n" + dump(ds)).c_str());
  QVERIFY2(d->severity == severity, format(*d).c_str());
  QCOMPARE(d->path, path);
}

class TestValidate final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void validPipelineHasNoProblems() {
    auto ds = check(parse(std::string(kGen) + "," + kSink, "{'from':'gen','to':'out'}"));
    QVERIFY2(ds.empty(), dump(ds).c_str());
  }

  void unknownTypeSuggestsCloseNames() {
    auto ds = check(parse("{'id':'g','type':'source.gne','config':{}}", ""));
    expectProblem(ds, "unknown node type \"source.gne\" (did you mean \"source.gen\"?)", Severity::Error,
                   "$.nodes[0].type");
  }

  void missingRequiredField() {
    auto ds = check(parse("{'id':'gen','type':'source.gen'}," + std::string(kSink), "{'from':'gen','to':'out'}"));
    expectProblem(ds, "\"template\" is required", Severity::Error, "$.nodes[0].config.template");
    QCOMPARE(find(ds, "\"template\" is required")->field, std::string("template"));
    QCOMPARE(find(ds, "\"template\" is required")->nodeId, std::string("gen"));
  }

  void wrongValueTypes() {
    auto ds = check(parse(
        "{'id':'gen','type':'source.gen','config':{'template':'users','rate':'fast','ratio':'x','enabled':1,'interval':'soon'}}," +
            std::string("{'id':'out','type':'sink.file','config':{'path':3,'max_size':'lots','tags':'a','props':[1]}}"),
        "{'from':'gen','to':'out'}"));
    expectProblem(ds, "\"rate\" must be an integer, not a string", Severity::Error, "$.nodes[0].config.rate");
    expectProblem(ds, "\"ratio\" must be a number", Severity::Error, "$.nodes[0].config.ratio");
    expectProblem(ds, "\"enabled\" must be true or false", Severity::Error, "$.nodes[0].config.enabled");
    expectProblem(ds, "\"interval\" must be a duration", Severity::Error, "$.nodes[0].config.interval");
    expectProblem(ds, "\"path\" must be a string, not an integer", Severity::Error, "$.nodes[1].config.path");
    expectProblem(ds, "\"max_size\" must be a size", Severity::Error, "$.nodes[1].config.max_size");
    expectProblem(ds, "\"tags\" must be a list", Severity::Error, "$.nodes[1].config.tags");
    expectProblem(ds, "\"props\" must be an object", Severity::Error, "$.nodes[1].config.props");
  }

  void listItemsAreChecked() {
    auto ds = check(parse(std::string(kGen) + "," +
                              "{'id':'out','type':'sink.file','config':{'path':'p','tags':['a',2]}}",
                          "{'from':'gen','to':'out'}"));
    expectProblem(ds, "must be a string, not an integer", Severity::Error, "$.nodes[1].config.tags[1]");
  }

  void valuesOutOfRangeAndNotAllowed() {
    auto ds = check(parse(
        "{'id':'gen','type':'source.gen','config':{'template':'cars','rate':-1,'ratio':1.5,'interval':'5ms'}}," +
            std::string("{'id':'out','type':'sink.file','config':{'path':'p','max_size':'2GB'}}"),
        "{'from':'gen','to':'out'}"));
    expectProblem(ds, "\"template\" must be one of users, orders, not \"cars\"", Severity::Error,
                   "$.nodes[0].config.template");
    expectProblem(ds, "\"rate\" must be at least 0", Severity::Error, "$.nodes[0].config.rate");
    expectProblem(ds, "\"ratio\" must be at most 1", Severity::Error, "$.nodes[0].config.ratio");
    expectProblem(ds, "\"interval\" must be at least 10 ms", Severity::Error, "$.nodes[0].config.interval");
    expectProblem(ds, "\"max_size\" must be at most 1000000000 bytes", Severity::Error, "$.nodes[1].config.max_size");
  }

  void unknownFieldIsAWarningWithAHint() {
    auto ds = check(parse("{'id':'gen','type':'source.gen','config':{'template':'users','rat':5}}," +
                              std::string(kSink),
                          "{'from':'gen','to':'out'}"));
    expectProblem(ds, "unknown field \"rat\" (did you mean \"rate\"?)", Severity::Warning, "$.nodes[0].config.rat");
    QVERIFY(!hasErrors(ds));
  }

  void duplicateAndMalformedIds() {
    auto ds = check(parse(std::string(kGen) + "," + kGen + ",{'id':'bad id','type':'sink.file','config':{'path':'p'}}",
                          "{'from':'gen','to':'bad id'}"));
    expectProblem(ds, "duplicate id \"gen\" (also used by node 0)", Severity::Error, "$.nodes[1].id");
    expectProblem(ds, "may only contain letters", Severity::Error, "$.nodes[2].id");
  }

  void danglingEdges() {
    auto ds = check(parse(std::string(kGen) + "," + kSink, "{'from':'gen','to':'out'},{'from':'ghost','to':'out'},{'from':'gen','to':'nowhere'}"));
    expectProblem(ds, "starts at \"ghost\", but there is no node", Severity::Error, "$.edges[1].from");
    expectProblem(ds, "ends at \"nowhere\", but there is no node", Severity::Error, "$.edges[2].to");
  }

  void edgesIntoSourcesAndOutOfSinks() {
    const char* gen2 = "{'id':'gen2','type':'source.gen','config':{'template':'users'}}";
    auto ds = check(parse(std::string(kGen) + "," + gen2 + "," + kSink,
                          "{'from':'gen','to':'out'},{'from':'gen','to':'gen2'},{'from':'out','to':'gen'}"));
    expectProblem(ds, "goes into source \"gen2\", which has no input", Severity::Error, "$.edges[1].to");
    expectProblem(ds, "comes out of sink \"out\", which has no output", Severity::Error, "$.edges[2].from");
  }

  void portNamesAreRequiredWhereANodeHasSeveral() {
    const char* join = "{'id':'j','type':'transform.join'}";
    auto ds = check(parse(std::string(kGen) + "," + join + "," + kSink,
                          "{'from':'gen','to':'j'},{'from':'gen','to':'j','toPort':'middle'},{'from':'gen','to':'j','toPort':'right'},{'from':'j','to':'out'}"));
    expectProblem(ds, "has several inputs (left, right); name one with \"toPort\"", Severity::Error, "$.edges[0].to");
    expectProblem(ds, "has no input named \"middle\" (it has: left, right)", Severity::Error, "$.edges[1].to");
    expectProblem(ds, "input \"left\" of \"j\" is not connected", Severity::Error, "$.nodes[1]");
  }

  void incompatiblePortKinds() {
    const char* unwrap = "{'id':'u','type':'transform.unwrap'}";
    auto ds = check(parse(std::string(kGen) + "," + unwrap + "," + kSink,
                          "{'from':'gen','to':'u'},{'from':'u','to':'out'}"));
    expectProblem(ds, "\"gen\" emits records, but transform.unwrap input \"in\" of \"u\" does not take them",
                   Severity::Error, "$.edges[0]");
    // Change events are fine for unwrap, and topics carry anything.
    const char* cdc = "{'id':'cdc','type':'source.cdc','config':{'password':'${env:PW}'}}";
    const char* topic = "{'id':'t','type':'topic','config':{'name':'x'}}";
    auto ok = check(parse(std::string(cdc) + "," + topic + "," + unwrap + "," + kSink,
                          "{'from':'cdc','to':'t'},{'from':'t','to':'u'},{'from':'u','to':'out'}"));
    QVERIFY2(!hasErrors(ok), dump(ok).c_str());
  }

  void unconnectedPorts() {
    const char* filter = "{'id':'f','type':'transform.filter','config':{'where':'x > 1'}}";
    auto ds = check(parse(std::string(kGen) + "," + filter + "," + kSink, "{'from':'gen','to':'out'}"));
    expectProblem(ds, "input \"in\" of \"f\" is not connected", Severity::Error, "$.nodes[1]");
    expectProblem(ds, "output \"out\" of \"f\" goes nowhere", Severity::Warning, "$.nodes[1]");
  }

  void cyclesAreNamed() {
    const char* a = "{'id':'a','type':'transform.filter','config':{'where':'1'}}";
    const char* b = "{'id':'b','type':'transform.filter','config':{'where':'1'}}";
    auto ds = check(parse(std::string(kGen) + "," + a + "," + b + "," + kSink,
                          "{'from':'gen','to':'a'},{'from':'a','to':'b'},{'from':'b','to':'a'},{'from':'b','to':'out'}"));
    const Diagnostic* d = find(ds, "the pipeline has a cycle");
    QVERIFY2(d, dump(ds).c_str());
    QVERIFY2(d->message.find("a → b → a") != std::string::npos || d->message.find("b → a → b") != std::string::npos,
             d->message.c_str());
    auto self = check(parse(std::string(kGen) + "," + a + "," + kSink,
                            "{'from':'gen','to':'a'},{'from':'a','to':'a'},{'from':'a','to':'out'}"));
    expectProblem(self, "\"a\" is connected to itself", Severity::Error, "$.edges[1]");
  }

  void duplicateEdgesWarn() {
    auto ds = check(parse(std::string(kGen) + "," + kSink, "{'from':'gen','to':'out'},{'from':'gen','to':'out'}"));
    expectProblem(ds, "duplicate edge", Severity::Warning, "$.edges[1]");
  }

  void expressionsGoThroughTheChecker() {
    ValidationOptions options;
    options.checkExpression = [](std::string_view text) -> std::optional<std::string> {
      if (text.find("((") != std::string_view::npos) return std::string("column 3: expected an expression");
      return std::nullopt;
    };
    const char* filter = "{'id':'f','type':'transform.filter','config':{'where':'((x'}}";
    auto ds = check(parse(std::string(kGen) + "," + filter + "," + kSink,
                          "{'from':'gen','to':'f'},{'from':'f','to':'out'}"),
                    options);
    expectProblem(ds, "column 3: expected an expression", Severity::Error, "$.nodes[1].config.where");
  }

  void plainTextSecretsWarnAndMissingVariablesAreErrors() {
    const char* plain = "{'id':'cdc','type':'source.cdc','config':{'password':'hunter2'}}";
    const char* topic = "{'id':'t','type':'topic','config':{'name':'x'}}";
    auto ds = check(parse(std::string(plain) + "," + topic, "{'from':'cdc','to':'t'}"));
    expectProblem(ds, "stored in the pipeline file as plain text", Severity::Warning, "$.nodes[0].config.password");

    SecretSource none;
    none.env = [](const std::string&) { return std::optional<std::string>(); };
    ValidationOptions options;
    options.secrets = &none;
    const char* ref = "{'id':'cdc','type':'source.cdc','config':{'password':'${env:DB_PASSWORD}'}}";
    auto missing = check(parse(std::string(ref) + "," + topic, "{'from':'cdc','to':'t'}"), options);
    expectProblem(missing, "environment variable DB_PASSWORD is not set", Severity::Error,
                   "$.nodes[0].config.password");
    // Without a secret source references are only checked for syntax.
    QVERIFY(!hasErrors(check(parse(std::string(ref) + "," + topic, "{'from':'cdc','to':'t'}"))));
    const char* broken = "{'id':'cdc','type':'source.cdc','config':{'password':'${vault:x}'}}";
    auto bad = check(parse(std::string(broken) + "," + topic, "{'from':'cdc','to':'t'}"));
    expectProblem(bad, "unknown reference \"${vault:x}\"", Severity::Error, "$.nodes[0].config.password");
  }

  // A node with "enabled_if_env" whose variable is unset is left out when run:
  // a warning says so, and its own unresolvable references are no errors.
  void nodesEnabledByAVariableWarnWhenLeftOut() {
    const char* topic = "{'id':'t','type':'topic','config':{'name':'x'}}";
    const char* optional =
        "{'id':'cdc','type':'source.cdc','config':{'enabled_if_env':'DB_PASSWORD','password':'${env:DB_PASSWORD}'}}";
    SecretSource none;
    none.env = [](const std::string&) { return std::optional<std::string>(); };
    ValidationOptions options;
    options.secrets = &none;
    auto ds = check(parse(std::string(optional) + "," + topic, "{'from':'cdc','to':'t'}"), options);
    QVERIFY2(!hasErrors(ds), dump(ds).c_str());
    expectProblem(ds, "left out when run: DB_PASSWORD is not set", Severity::Warning,
                  "$.nodes[0].config.enabled_if_env");
    QVERIFY2(!find(ds, "unknown field"), dump(ds).c_str());
    SecretSource set;
    set.env = [](const std::string&) { return std::optional<std::string>("pw"); };
    options.secrets = &set;
    auto running = check(parse(std::string(optional) + "," + topic, "{'from':'cdc','to':'t'}"), options);
    QVERIFY2(!hasErrors(running) && !find(running, "left out"), dump(running).c_str());
    const char* malformed =
        "{'id':'cdc','type':'source.cdc','config':{'enabled_if_env':'${env:X}','password':'${env:DB_PASSWORD}'}}";
    auto bad = check(parse(std::string(malformed) + "," + topic, "{'from':'cdc','to':'t'}"));
    expectProblem(bad, "must name an environment variable", Severity::Error, "$.nodes[0].config.enabled_if_env");
  }

  void pipelineNameAndClusterAreRequired() {
    auto p = parse(std::string(kGen) + "," + kSink, "{'from':'gen','to':'out'}");
    p.name.clear();
    p.cluster.bootstrap.clear();
    auto ds = check(p);
    expectProblem(ds, "the pipeline needs a name", Severity::Error, "$.name");
    expectProblem(ds, "bootstrap servers", Severity::Error, "$.cluster.bootstrap");
  }

  void everyProblemIsReportedAtOnce() {
    auto ds = check(parse("{'id':'gen','type':'source.gen','config':{'rate':-5}},{'id':'x','type':'nope'}",
                          "{'from':'gen','to':'ghost'}"));
    QVERIFY2(ds.size() >= 4, dump(ds).c_str());  // template missing, rate range, unknown type, dangling edge
  }

  void durationAndSizeParsing() {
    QCOMPARE(parseDurationMs("250ms").value(), 250LL);
    QCOMPARE(parseDurationMs("1.5s").value(), 1500LL);
    QCOMPARE(parseDurationMs("2h").value(), 7'200'000LL);
    QCOMPARE(parseDurationMs(nlohmann::json(42)).value(), 42LL);
    QVERIFY(!parseDurationMs("5 fortnights"));
    QVERIFY(!parseDurationMs("1.2.3s"));
    QCOMPARE(parseSizeBytes("64KiB").value(), 65536LL);
    QCOMPARE(parseSizeBytes("10 MB").value(), 10'000'000LL);
    QVERIFY(!parseSizeBytes("MB"));
  }
};

QTEST_APPLESS_MAIN(TestValidate)
#include "test_validate.moc"
