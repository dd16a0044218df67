// Avro schema parsing: every kind of type, named references and recursion,
// namespaces, aliases, logical types, defaults, errors with their path, the
// Parsing Canonical Form with the Avro project's published CRC-64-AVRO
// fingerprints (share/test/data/schema-tests.txt), and the normalised form.
#include <QtTest>

#include <cstdint>
#include <string>

#include "core/avro/schema.h"

using namespace tributary::avro;

namespace {

Schema parsed(const std::string& text) {
  auto result = Schema::parse(text);
  if (!result.ok()) qFatal("schema does not parse: %s: %s", text.c_str(), result.error().toString().c_str());
  return std::move(result).value();
}

QString errorOf(const std::string& text) {
  auto result = Schema::parse(text);
  if (result.ok()) return QStringLiteral("(no error)");
  return QString::fromStdString(result.error().toString());
}

QString qs(const std::string& s) {
  return QString::fromStdString(s);
}

}  // namespace

class TestAvroSchema final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void parsesEveryKind() {
    Schema s = parsed(R"({"type":"record","name":"User","namespace":"com.example","doc":"a user",
      "aliases":["Person"],
      "fields":[
        {"name":"id","type":"long"},
        {"name":"name","type":"string","default":"","doc":"shown"},
        {"name":"tags","type":{"type":"array","items":"string"},"default":[]},
        {"name":"attrs","type":{"type":"map","values":["null","int"]}},
        {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B"],"default":"A"}},
        {"name":"hash","type":{"type":"fixed","name":"Hash","size":4}},
        {"name":"again","type":"Kind"},
        {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
        {"name":"price","type":{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}},
        {"name":"day","type":{"type":"int","logicalType":"date"}},
        {"name":"uid","type":{"type":"string","logicalType":"uuid"}},
        {"name":"bad","type":{"type":"int","logicalType":"timestamp-millis"}}
      ]})");
    const Node& root = s.root();
    QVERIFY(root.type == Type::Record);
    QCOMPARE(qs(root.fullName), QStringLiteral("com.example.User"));
    QCOMPARE(QString::fromLatin1(root.name().data(), 4), QStringLiteral("User"));
    QCOMPARE(root.aliases, std::vector<std::string>{"com.example.Person"});
    QCOMPARE(root.fields.size(), std::size_t{12});
    QVERIFY(s.node(root.fields[2].type).type == Type::Array);
    QVERIFY(s.node(s.node(root.fields[3].type).items).type == Type::Union);
    const Node& kind = s.node(root.fields[4].type);
    QCOMPARE(qs(kind.fullName), QStringLiteral("com.example.Kind"));
    QCOMPARE(qs(*kind.enumDefault), QStringLiteral("A"));
    QCOMPARE(root.fields[6].type, root.fields[4].type);  // a reference is the same node
    QCOMPARE(s.node(root.fields[5].type).size, 4);
    QVERIFY(s.node(root.fields[7].type).logical == LogicalType::TimestampMillis);
    const Node& price = s.node(root.fields[8].type);
    QVERIFY(price.logical == LogicalType::Decimal);
    QCOMPARE(price.precision, 9);
    QCOMPARE(price.scale, 2);
    QVERIFY(s.node(root.fields[9].type).logical == LogicalType::Date);
    QVERIFY(s.node(root.fields[10].type).logical == LogicalType::Uuid);
    // An invalid logical type is ignored (specification): the node is a plain int.
    QVERIFY(s.node(root.fields[11].type).logical == LogicalType::None);
    QCOMPARE(s.findNamed("com.example.Hash"), root.fields[5].type);
    QCOMPARE(qs(root.fields[1].defaultValue->get<std::string>()), QStringLiteral(""));
  }

  void recursionAndNamespaces() {
    Schema s = parsed(R"({"type":"record","name":"Node","namespace":"a.b","fields":[
        {"name":"next","type":["null","Node"]},
        {"name":"other","type":{"type":"record","name":"x.Other","fields":[{"name":"back","type":"a.b.Node"},
                                                                           {"name":"self","type":"Other"}]}}]})");
    const Node& root = s.root();
    QCOMPARE(s.node(s.node(root.fields[0].type).branches[1]).fullName, root.fullName);
    const Node& other = s.node(root.fields[1].type);
    QCOMPARE(qs(other.fullName), QStringLiteral("x.Other"));  // a dotted name is a full name
    QCOMPARE(other.fields[0].type, s.rootIndex());
    QCOMPARE(other.fields[1].type, root.fields[1].type);  // "Other" resolves in namespace x
  }

  void errorsNameWhere() {
    QCOMPARE(errorOf("{"), QStringLiteral("the schema is not valid JSON"));
    QCOMPARE(errorOf(R"({"type":"record","name":"R","fields":[{"name":"a","type":"strin"}]})"),
             QStringLiteral("/fields/0/type: unknown type 'strin' (not a primitive nor a type defined before)"));
    QCOMPARE(errorOf(R"({"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"a","type":"int"}]})"),
             QStringLiteral("/fields/1/name: field 'a' appears twice"));
    QCOMPARE(errorOf(R"({"type":"record","name":"1R","fields":[]})"),
             QStringLiteral("/name: '1R' is not a valid Avro name"));
    QCOMPARE(errorOf(R"({"type":"record","fields":[]})"), QStringLiteral("/: a record needs a \"name\" (string)"));
    QCOMPARE(errorOf(R"({"type":"enum","name":"E","symbols":["A","A"]})"),
             QStringLiteral("/symbols/1: symbol 'A' appears twice"));
    QCOMPARE(errorOf(R"({"type":"enum","name":"E","symbols":["A"],"default":"B"})"),
             QStringLiteral("/default: the enum default must be one of its symbols"));
    QCOMPARE(errorOf(R"(["null","null"])"), QStringLiteral("/1: the union holds 'null' twice"));
    QCOMPARE(errorOf(R"(["null",["int"]])"), QStringLiteral("/1: a union cannot hold a union directly"));
    QCOMPARE(errorOf(R"({"type":"fixed","name":"F"})"),
             QStringLiteral("/: a fixed needs \"size\" (a non-negative integer)"));
    QCOMPARE(errorOf(R"({"type":"array"})"), QStringLiteral("/: an array needs \"items\""));
    QCOMPARE(errorOf(R"({"type":"record","name":"R","fields":[{"name":"a","type":"int","default":"x"}]})"),
             QStringLiteral("/fields/0/default: invalid default for field 'a': expected an int"));
    QCOMPARE(errorOf(R"({"type":"record","name":"R","fields":[{"name":"a","type":["null","int"],"default":1}]})"),
             QStringLiteral("/fields/0/default: invalid default for field 'a': a union's default must match its "
                            "first branch (null): expected null"));
    QCOMPARE(errorOf(R"({"type":"record","name":"R","fields":[{"name":"a","type":"int","default":3000000000}]})"),
             QStringLiteral("/fields/0/default: invalid default for field 'a': the number does not fit an int"));
    QCOMPARE(errorOf(R"([{"type":"record","name":"R","fields":[]},{"type":"enum","name":"R","symbols":[]}])"),
             QStringLiteral("/1/name: 'R' is defined twice"));
    QCOMPARE(errorOf(R"({"type":"record","name":"int","fields":[]})"),
             QStringLiteral("/name: 'int' is a primitive type name and cannot name a record"));
    QCOMPARE(errorOf("42"), QStringLiteral("/: a schema must be a type name, an object or an array (union), not number"));
  }

  void canonicalFormAndFingerprint() {
    // Vectors from Avro's share/test/data/schema-tests.txt (fingerprints are signed 64-bit there).
    struct Vector {
      const char* input;
      const char* canonical;
      std::int64_t fingerprint;
    };
    const Vector vectors[] = {
        {R"("null")", R"("null")", 7195948357588979594LL},
        {R"({"type":"null"})", R"("null")", 7195948357588979594LL},
        {R"("boolean")", R"("boolean")", -6970731678124411036LL},
        {R"({"type":"int"})", R"("int")", 8247732601305521295LL},
        {R"({"type":"fixed","name":"foo","size":15})", R"({"name":"foo","type":"fixed","size":15})",
         1756455273707447556LL},
        {R"({"type":"record","name":"foo","fields":[{"name":"f1","type":"boolean"}]})",
         R"({"name":"foo","type":"record","fields":[{"name":"f1","type":"boolean"}]})", 7843277075252814651LL},
        {R"({"name":"PigValue","type":"record","fields":[{"name":"value","type":["null","int","long","PigValue"]}]})",
         R"({"name":"PigValue","type":"record","fields":[{"name":"value","type":["null","int","long","PigValue"]}]})",
         -1759257747318642341LL},
    };
    for (const auto& v : vectors) {
      Schema s = parsed(v.input);
      QCOMPARE(qs(s.canonicalForm()), QString::fromLatin1(v.canonical));
      QCOMPARE(static_cast<std::int64_t>(s.fingerprint64()), v.fingerprint);
    }
    // STRIP, ORDER, FULLNAMES, PRIMITIVES: doc, aliases, defaults and logical types go; names become full.
    Schema s = parsed(R"({"fields":[{"type":{"type":"long","logicalType":"timestamp-millis"},"name":"f","default":1,
        "doc":"x"},{"name":"e","type":{"symbols":["A","B"],"type":"enum","name":"E"}},{"name":"g","type":["null","R"]}],
        "doc":"d","namespace":"a.b","name":"R","type":"record","aliases":["Q"]})");
    QCOMPARE(qs(s.canonicalForm()),
             QStringLiteral(R"({"name":"a.b.R","type":"record","fields":[{"name":"f","type":"long"},)"
                            R"({"name":"e","type":{"name":"a.b.E","type":"enum","symbols":["A","B"]}},)"
                            R"({"name":"g","type":["null","a.b.R"]}]})"));
  }

  void normalizedFormComparesLayoutFreely() {
    // Same schema: key order, whitespace, short vs full names, {"type":"int"} vs "int".
    Schema a = parsed(R"({"type":"record","name":"R","namespace":"n","fields":[
        {"name":"a","type":{"type":"int"},"default":1},{"name":"b","type":["null","n.R"],"default":null}]})");
    Schema b = parsed(R"({"fields":[{"default":1,"type":"int","name":"a"},{"name":"b","default":null,
        "type":["null","R"]}],"name":"n.R","type":"record"})");
    QCOMPARE(qs(a.normalizedForm()), qs(b.normalizedForm()));
    QCOMPARE(qs(a.normalizedForm()),
             QStringLiteral(R"({"name":"n.R","type":"record","fields":[{"name":"a","type":"int","default":1},)"
                            R"({"name":"b","type":["null","n.R"],"default":null}]})"));
    // A different default is a different schema for the registry, but the same canonical form.
    Schema c = parsed(R"({"type":"record","name":"n.R","fields":[{"name":"a","type":"int","default":2},
        {"name":"b","type":["null","R"],"default":null}]})");
    QVERIFY(a.normalizedForm() != c.normalizedForm());
    QCOMPARE(qs(a.canonicalForm()), qs(c.canonicalForm()));
    // Logical types, docs and unknown properties stay in the normalised form; the text is kept as given.
    Schema d = parsed(R"({"type":"bytes","logicalType":"decimal","precision":4,"scale":1,"connect.name":"x"})");
    QCOMPARE(qs(d.normalizedForm()),
             QStringLiteral(R"({"type":"bytes","logicalType":"decimal","precision":4,"scale":1,"connect.name":"x"})"));
    QCOMPARE(qs(d.text()),
             QStringLiteral(R"({"type":"bytes","logicalType":"decimal","precision":4,"scale":1,"connect.name":"x"})"));
  }
};

QTEST_APPLESS_MAIN(TestAvroSchema)
#include "test_avro_schema.moc"
