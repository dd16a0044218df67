// The pgoutput decoder on hand-built messages (byte layouts from PostgreSQL's
// protocol documentation, "Logical Replication Message Formats"): every
// message kind, truncated input rejected, values typed by OID, COPY text
// escapes, LSN text, the standby status update's layout.
#include <QtTest>

#include <string>

#include "core/connectors/pgoutput.h"
#include "core/record/json.h"

using namespace tributary;
namespace pg = tributary::connectors::pgoutput;

namespace {

struct Bytes {
  std::string s;
  Bytes& c(char v) {
    s.push_back(v);
    return *this;
  }
  Bytes& be(std::uint64_t v, int n) {
    for (int i = n - 1; i >= 0; --i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    return *this;
  }
  Bytes& z(const std::string& text) {
    s += text;
    s.push_back('\0');
    return *this;
  }
  Bytes& text(const std::string& v) {
    c('t').be(v.size(), 4);
    s += v;
    return *this;
  }
};

}  // namespace

class TestPgoutput final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void beginCommitRelation() {
    pg::Message m;
    Bytes b;
    b.c('B').be(0x16B374D848ULL, 8).be(1000, 8).be(42, 4);
    QVERIFY(pg::decode(b.s, m).ok());
    QCOMPARE(m.kind, 'B');
    QCOMPARE(m.finalLsn, std::uint64_t(0x16B374D848ULL));
    QCOMPARE(m.commitTime, std::int64_t(1000));
    QCOMPARE(m.xid, std::uint32_t(42));
    Bytes c;
    c.c('C').c(0).be(10, 8).be(20, 8).be(30, 8);
    QVERIFY(pg::decode(c.s, m).ok());
    QCOMPARE(m.commitLsn, std::uint64_t(10));
    QCOMPARE(m.endLsn, std::uint64_t(20));
    Bytes r;
    r.c('R').be(16384, 4).z("public").z("users").c('d').be(2, 2);
    r.c(1).z("id").be(23, 4).be(0xffffffff, 4);
    r.c(0).z("name").be(25, 4).be(0xffffffff, 4);
    QVERIFY(pg::decode(r.s, m).ok());
    QCOMPARE(m.relation.oid, std::uint32_t(16384));
    QCOMPARE(m.relation.schema, std::string("public"));
    QCOMPARE(m.relation.name, std::string("users"));
    QCOMPARE(m.relation.columns.size(), std::size_t(2));
    QVERIFY(m.relation.columns[0].key);
    QVERIFY(!m.relation.columns[1].key);
    QCOMPARE(m.relation.columns[1].typeOid, std::uint32_t(25));
    QCOMPARE(m.relation.columns[1].typeMod, std::int32_t(-1));
    // Every prefix of a valid message is rejected, never read past.
    for (std::size_t n = 0; n < r.s.size(); ++n) QVERIFY(!pg::decode(r.s.substr(0, n), m).ok());
  }

  void insertUpdateDeleteTruncate() {
    pg::Message m;
    Bytes ins;
    ins.c('I').be(16384, 4).c('N').be(3, 2).text("7").c('n').c('u');
    QVERIFY(pg::decode(ins.s, m).ok());
    QCOMPARE(m.relationOid, std::uint32_t(16384));
    QCOMPARE(m.newTuple.size(), std::size_t(3));
    QCOMPARE(m.newTuple[0].kind, 't');
    QCOMPARE(std::string(m.newTuple[0].data), std::string("7"));
    QCOMPARE(m.newTuple[1].kind, 'n');
    QCOMPARE(m.newTuple[2].kind, 'u');
    Bytes upd;
    upd.c('U').be(1, 4).c('O').be(1, 2).text("old").c('N').be(1, 2).text("new");
    QVERIFY(pg::decode(upd.s, m).ok());
    QCOMPARE(m.oldKind, 'O');
    QCOMPARE(std::string(m.oldTuple[0].data), std::string("old"));
    QCOMPARE(std::string(m.newTuple[0].data), std::string("new"));
    Bytes upd2;
    upd2.c('U').be(1, 4).c('N').be(1, 2).text("x");
    QVERIFY(pg::decode(upd2.s, m).ok());
    QCOMPARE(m.oldKind, char(0));
    QVERIFY(m.oldTuple.empty());
    Bytes del;
    del.c('D').be(1, 4).c('K').be(1, 2).text("9");
    QVERIFY(pg::decode(del.s, m).ok());
    QCOMPARE(m.oldKind, 'K');
    QVERIFY(m.newTuple.empty());
    Bytes tr;
    tr.c('T').be(2, 4).c(1).be(5, 4).be(6, 4);
    QVERIFY(pg::decode(tr.s, m).ok());
    QCOMPARE(m.relations, (std::vector<std::uint32_t>{5, 6}));
    // A huge relation count in a short message is rejected up front.
    Bytes bad;
    bad.c('T').be(0x7fffffff, 4).c(0);
    QVERIFY(!pg::decode(bad.s, m).ok());
    QVERIFY(!pg::decode(std::string("Z"), m).ok());
    QVERIFY(!pg::decode(std::string(), m).ok());
  }

  void framesAndStatus() {
    pg::CopyFrame f;
    Bytes w;
    w.c('w').be(100, 8).be(200, 8).be(300, 8).c('B');
    QVERIFY(pg::parseCopyFrame(w.s, f).ok());
    QCOMPARE(f.kind, 'w');
    QCOMPARE(f.data.walStart, std::uint64_t(100));
    QCOMPARE(f.data.walEnd, std::uint64_t(200));
    QCOMPARE(std::string(f.data.payload), std::string("B"));
    Bytes k;
    k.c('k').be(555, 8).be(1, 8).c(1);
    QVERIFY(pg::parseCopyFrame(k.s, f).ok());
    QCOMPARE(f.keepalive.walEnd, std::uint64_t(555));
    QVERIFY(f.keepalive.replyRequested);
    QVERIFY(!pg::parseCopyFrame(k.s.substr(0, 10), f).ok());
    std::string st = pg::standbyStatusUpdate(1, 2, 3, 4, true);
    Bytes expect;
    expect.c('r').be(1, 8).be(2, 8).be(3, 8).be(4, 8).c(1);
    QCOMPARE(st, expect.s);
  }

  void valuesByType() {
    auto j = [](std::uint32_t oid, const char* text) { return record::toJson(pg::textToValue(oid, text)); };
    QCOMPARE(j(pg::oid::Int4, "-42"), std::string("-42"));
    QCOMPARE(j(pg::oid::Int8, "9223372036854775807"), std::string("9223372036854775807"));
    QCOMPARE(j(pg::oid::Numeric, "12.50"), std::string("12.50"));
    QCOMPARE(j(pg::oid::Numeric, "NaN"), std::string("\"NaN\""));
    QCOMPARE(j(pg::oid::Float8, "1.5"), std::string("1.5"));
    QCOMPARE(j(pg::oid::Bool, "t"), std::string("true"));
    QCOMPARE(j(pg::oid::Bool, "f"), std::string("false"));
    QCOMPARE(j(pg::oid::TimestampTz, "2024-03-01 12:00:00+02"), std::string("\"2024-03-01T10:00:00Z\""));
    QCOMPARE(j(pg::oid::Timestamp, "infinity"), std::string("\"infinity\""));
    QCOMPARE(j(pg::oid::Date, "2024-03-01"), std::string("\"2024-03-01\""));
    QCOMPARE(j(pg::oid::Jsonb, "{\"a\": 1}"), std::string("{\"a\":1}"));
    QVERIFY(pg::textToValue(pg::oid::Bytea, "\\x00ff").type() == record::ValueType::Bytes);
    QCOMPARE(std::string(pg::textToValue(pg::oid::Bytea, "\\x00ff").asString()), std::string("\x00\xff", 2));
    QCOMPARE(j(pg::oid::Uuid, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
             std::string("\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\""));
  }

  void copyTextAndLsn() {
    std::vector<pg::CopyField> f;
    std::string scratch;
    QVERIFY(pg::parseCopyTextLine("1\t\\N\ta\\tb\\\\c\\n\t\\x41\\101", f, scratch));
    QCOMPARE(f.size(), std::size_t(4));
    QCOMPARE(std::string(f[0].text), std::string("1"));
    QVERIFY(f[1].isNull);
    QCOMPARE(std::string(f[2].text), std::string("a\tb\\c\n"));
    QCOMPARE(std::string(f[3].text), std::string("AA"));
    QVERIFY(!pg::parseCopyTextLine("bad\\", f, scratch));
    std::uint64_t lsn = 0;
    QVERIFY(pg::parseLsn("16/B374D848", lsn));
    QCOMPARE(lsn, std::uint64_t(0x16B374D848ULL));
    QCOMPARE(pg::formatLsn(lsn), std::string("16/B374D848"));
    QVERIFY(!pg::parseLsn("16B374D848", lsn));
    QVERIFY(!pg::parseLsn("/1", lsn));
  }
};

QTEST_GUILESS_MAIN(TestPgoutput)
#include "test_pgoutput.moc"
