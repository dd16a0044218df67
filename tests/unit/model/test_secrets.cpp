#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <map>

#include "core/base/log.h"
#include "core/model/pipeline_file.h"
#include "core/model/secrets.h"

using namespace tributary;
using namespace tributary::model;

namespace {

SecretSource fakeSource(std::map<std::string, std::string> env) {
  SecretSource source = SecretSource::system();  // real files
  source.env = [env](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  return source;
}

}  // namespace

class TestSecrets final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void findsReferences() {
    auto refs = findSecretRefs("postgres://app:${env:PGPASS}@db/${file:/run/secrets/dbname}");
    QVERIFY(refs.ok());
    QCOMPARE(refs->size(), std::size_t(2));
    QCOMPARE((*refs)[0], (SecretRef{SecretRef::Kind::Env, "PGPASS"}));
    QCOMPARE((*refs)[1], (SecretRef{SecretRef::Kind::File, "/run/secrets/dbname"}));
    QVERIFY(findSecretRefs("plain $5 text").value().empty());
    QVERIFY(findSecretRefs("$${env:NOT_A_REF}").value().empty());
  }

  void rejectsMalformedReferences() {
    QVERIFY(findSecretRefs("${env:}").error().message.find("names nothing") != std::string::npos);
    QVERIFY(findSecretRefs("${vault:x}").error().message.find("unknown reference") != std::string::npos);
    QVERIFY(findSecretRefs("${env:X").error().message.find("unclosed") != std::string::npos);
  }

  // source.http's request templates are filled in by the source, not here.
  void leavesHttpTemplateVariables() {
    QVERIFY(findSecretRefs("?since=${cursor.since}&t=${page.token}&p=${page.number}&at=${now}").value().empty());
    QVERIFY(findSecretRefs("${cursors.x}").error().message.find("unknown reference") != std::string::npos);
    auto text = resolveSecretsIn("Bearer ${env:TOKEN} ${cursor.id}", fakeSource({{"TOKEN", "tok-abc-123"}}));
    QVERIFY(text.ok());
    QCOMPARE(*text, std::string("Bearer tok-abc-123 ${cursor.id}"));
  }

  void resolvesEnvFileAndEscapes() {
    QTemporaryDir dir;
    std::string file = dir.filePath(QStringLiteral("pw")).toStdString();
    std::ofstream(file) << "s3cret-from-file\n";
    auto source = fakeSource({{"USER", "app"}});
    auto text = resolveSecretsIn("${env:USER}:${file:" + file + "} costs $$5 and $${literal}", source);
    QVERIFY2(text.ok(), text.ok() ? "" : text.error().message.c_str());
    QCOMPARE(*text, std::string("app:s3cret-from-file costs $$5 and ${literal}"));
  }

  void missingVariableOrFileNamesIt() {
    auto source = fakeSource({});
    auto env = resolveSecretsIn("${env:MYSQL_PASSWORD}", source);
    QVERIFY(!env.ok());
    QCOMPARE(env.error().message,
             std::string("environment variable MYSQL_PASSWORD is not set (referenced as ${env:MYSQL_PASSWORD})"));
    auto file = resolveSecretsIn("${file:/nonexistent/pw}", source);
    QVERIFY(!file.ok());
    QVERIFY2(file.error().message.find("/nonexistent/pw") != std::string::npos, file.error().message.c_str());
  }

  void resolvesAPipelineWithPathsInErrors() {
    auto p = parsePipeline(R"({"tributary":1,"name":"x",
      "cluster":{"bootstrap":"b:9092","properties":{"sasl.password":"${env:KAFKA_PW}"}},
      "nodes":[{"id":"db","type":"sink.mysql","config":{"password":"${env:DB_PW}","opts":{"list":["${env:DB_PW}"]}}}]})");
    QVERIFY(p.ok());
    auto resolved = resolveSecrets(*p, fakeSource({{"KAFKA_PW", "kafka-pass"}, {"DB_PW", "db-pass"}}));
    QVERIFY(resolved.ok());
    QCOMPARE(resolved->cluster.properties.at("sasl.password"), std::string("kafka-pass"));
    QCOMPARE(resolved->nodes[0].config["password"].get<std::string>(), std::string("db-pass"));
    QCOMPARE(resolved->nodes[0].config["opts"]["list"][0].get<std::string>(), std::string("db-pass"));
    // The original keeps its references: resolution never writes back into what is saved.
    QCOMPARE(p->nodes[0].config["password"].get<std::string>(), std::string("${env:DB_PW}"));
    QVERIFY(serializePipeline(*p).find("db-pass") == std::string::npos);

    auto failed = resolveSecrets(*p, fakeSource({{"KAFKA_PW", "k"}}));
    QVERIFY(!failed.ok());
    QCOMPARE(failed.error().where, std::string("$.nodes[0].config.opts.list[0]"));  // keys are visited in sorted order
  }

  // "enabled_if_env": an optional node (seed 002's Elasticsearch sinks) is left
  // out with its edges while its variable is unset or empty, and runs otherwise.
  void nodesEnabledByAVariable() {
    auto p = parsePipeline(R"({"tributary":1,"name":"x","nodes":[
      {"id":"gen","type":"source.datagen","config":{}},
      {"id":"pg","type":"sink.postgres","config":{"url":"${env:PG}"}},
      {"id":"es","type":"sink.elasticsearch","config":{"enabled_if_env":"ES","url":"${env:ES}"}}],
      "edges":[{"from":"gen","to":"pg"},{"from":"gen","to":"es"}]})");
    QVERIFY(p.ok());
    for (const auto& env : {std::map<std::string, std::string>{{"PG", "postgresql://h/db"}},
                            std::map<std::string, std::string>{{"PG", "postgresql://h/db"}, {"ES", ""}}}) {
      auto left = resolveSecrets(*p, fakeSource(env));
      QVERIFY2(left.ok(), left.ok() ? "" : left.error().toString().c_str());
      QCOMPARE(left->nodes.size(), std::size_t(2));
      QCOMPARE(left->nodes[1].id, std::string("pg"));
      QCOMPARE(left->edges.size(), std::size_t(1));
      QCOMPARE(left->edges[0].to, std::string("pg"));
      QCOMPARE(*disabledByEnv(p->nodes[2], fakeSource(env)), std::string("ES is not set"));
    }
    auto all = resolveSecrets(*p, fakeSource({{"PG", "postgresql://h/db"}, {"ES", "http://es:9200"}}));
    QVERIFY(all.ok());
    QCOMPARE(all->nodes.size(), std::size_t(3));
    QCOMPARE(all->edges.size(), std::size_t(2));
    QCOMPARE(all->nodes[2].config["url"].get<std::string>(), std::string("http://es:9200"));
    QVERIFY(!all->nodes[2].config.contains(kEnabledIfEnv));  // the connector never sees it
    QVERIFY(!disabledByEnv(p->nodes[2], fakeSource({{"ES", "http://es:9200"}})));
    QVERIFY(!disabledByEnv(p->nodes[1], fakeSource({})));  // no enabled_if_env: always runs
    // A node without the field still needs its variables.
    QVERIFY(!resolveSecrets(*p, fakeSource({{"ES", "http://es:9200"}})).ok());
  }

  // The cluster's schema registry password (and user) are secret references too.
  void resolvesTheSchemaRegistryPassword() {
    auto p = parsePipeline(
        "{\"tributary\":1,\"name\":\"x\",\"cluster\":{\"bootstrap\":\"b:9092\",\"schema_registry\":"
        "{\"url\":\"http://r:8081\",\"user\":\"u\",\"password\":\"${env:REG_PW}\"}}}");
    QVERIFY(p.ok());
    auto resolved = resolveSecrets(*p, fakeSource({{"REG_PW", "reg-pass"}}));
    QVERIFY(resolved.ok());
    QCOMPARE(resolved->cluster.schemaRegistryPassword, std::string("reg-pass"));
    QCOMPARE(p->cluster.schemaRegistryPassword, std::string("${env:REG_PW}"));
    auto failed = resolveSecrets(*p, fakeSource({}));
    QVERIFY(!failed.ok());
    QCOMPARE(failed.error().where, std::string("$.cluster.schema_registry.password"));
  }

  void resolvedSecretsAreRedactedFromLogs() {
    QTemporaryDir dir;
    log::Options options;
    options.console = false;
    options.directory = dir.path().toStdString();
    auto logFile = log::init(options);
    QVERIFY(!logFile.empty());
    auto value = resolveSecretsIn("${env:TOKEN}", fakeSource({{"TOKEN", "tok-abc-123"}}));
    QVERIFY(value.ok());
    spdlog::info("connecting with password {} to db", *value);
    spdlog::default_logger()->flush();
    std::ifstream in(logFile);
    std::string contents((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    QVERIFY2(contents.find("connecting with password ****** to db") != std::string::npos, contents.c_str());
    QVERIFY(contents.find("tok-abc-123") == std::string::npos);
    // A secret containing another is replaced whole.
    log::registerSecret("tok");
    QCOMPARE(log::redact("x tok-abc-123 y tok"), std::string("x ****** y ******"));
  }
};

QTEST_APPLESS_MAIN(TestSecrets)
#include "test_secrets.moc"
