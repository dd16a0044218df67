// MySQL's binary JSON (json_binary.h) decoded to JSON text: byte sequences
// written out by hand from the format description (type byte; objects and
// arrays as count, size, key entries, value entries, keys, values; offsets
// from the container's first byte; small values inlined in their entry),
// and damaged bytes, which must give errors, never crashes or made-up text.
#include <QtTest>

#include "core/connectors/binlog_decoder.h"
#include "core/connectors/mysql_json_binary.h"

using namespace tributary;
using namespace tributary::connectors::binlog;

namespace {

std::string bytes(std::initializer_list<int> list) {
  std::string out;
  for (int b : list) out.push_back(static_cast<char>(b));
  return out;
}

std::string hex(const char* text) {
  std::string out;
  for (const char* p = text; p[0] && p[1]; p += 2) out.push_back(static_cast<char>(std::stoi(std::string(p, 2), nullptr, 16)));
  return out;
}

std::string text(const std::string& binary) {
  auto r = mySqlJsonText(binary);
  if (!r) return "ERROR: " + r.error().message;
  return *r;
}

bool fails(const std::string& binary, const char* mentions) {
  auto r = mySqlJsonText(binary);
  if (r) {
    qWarning("decoded to %s", r->c_str());
    return false;
  }
  if (r.error().message.find(mentions) == std::string::npos) {
    qWarning("error without \"%s\": %s", mentions, r.error().message.c_str());
    return false;
  }
  return true;
}

}  // namespace

class TestMySqlJsonBinary final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void scalars() {
    QCOMPARE(text(""), std::string("null"));
    QCOMPARE(text(bytes({0x04, 0x00})), std::string("null"));
    QCOMPARE(text(bytes({0x04, 0x01})), std::string("true"));
    QCOMPARE(text(bytes({0x04, 0x02})), std::string("false"));
    QCOMPARE(text(bytes({0x05, 0xFE, 0xFF})), std::string("-2"));
    QCOMPARE(text(bytes({0x06, 0xFE, 0xFF})), std::string("65534"));
    QCOMPARE(text(bytes({0x07, 0x00, 0x00, 0x00, 0x80})), std::string("-2147483648"));
    QCOMPARE(text(bytes({0x08, 0x00, 0x28, 0x6B, 0xEE})), std::string("4000000000"));
    QCOMPARE(text(bytes({0x09, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF})), std::string("-1"));
    QCOMPARE(text(bytes({0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF})), std::string("18446744073709551615"));
    QCOMPARE(text("\x0B" + hex("000000000000f83f")), std::string("1.5"));
    QCOMPARE(text("\x0B" + hex("0000000000000840")), std::string("3.0"));  // a whole double keeps ".0", as MySQL prints it
    QCOMPARE(text(bytes({0x0C, 0x03, 'a', 'b', 'c'})), std::string("\"abc\""));
    // Strings are escaped; their length takes 7 bits a byte (200 = 0xC8 0x01).
    QCOMPARE(text(bytes({0x0C, 0x04, 'a', '"', '\n', '\\'})), std::string("\"a\\\"\\n\\\\\""));
    std::string longString = bytes({0x0C, 0xC8, 0x01}) + std::string(200, 'z');
    QCOMPARE(text(longString), "\"" + std::string(200, 'z') + "\"");
  }

  void smallObject() {
    // {"a": 1, "bc": "x"}: count 2, size 23; key entries (offset, length) at 4 and 8;
    // value entries at 12 (int16 1, inlined) and 15 (string at offset 21); keys "a" at 18, "bc" at 19.
    std::string doc = bytes({0x00, 0x02, 0x00, 0x17, 0x00, 0x12, 0x00, 0x01, 0x00, 0x13, 0x00, 0x02, 0x00, 0x05, 0x01,
                             0x00, 0x0C, 0x15, 0x00, 'a', 'b', 'c', 0x01, 'x'});
    QCOMPARE(text(doc), std::string("{\"a\": 1, \"bc\": \"x\"}"));
    // {}: count 0, size 4.
    QCOMPARE(text(bytes({0x00, 0x00, 0x00, 0x04, 0x00})), std::string("{}"));
  }

  void smallArray() {
    // [null, false, -1, []]: literals inlined; an int32 is not inlined in the small format (offset 16);
    // the nested empty array at offset 20.
    std::string doc = bytes({0x02, 0x04, 0x00, 0x18, 0x00, 0x04, 0x00, 0x00, 0x04, 0x02, 0x00, 0x07, 0x10,
                             0x00, 0x02, 0x14, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x04, 0x00});
    QCOMPARE(text(doc), std::string("[null, false, -1, []]"));
  }

  void largeObjectAndArray() {
    // {"k": 70000, "n": {"x": true}}: 4-byte counts and offsets; the int32 is inlined in the large format;
    // "n" holds a small object at offset 32.
    std::string doc = bytes({0x01, 0x02, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00,  // count, size 44
                             0x1E, 0x00, 0x00, 0x00, 0x01, 0x00,                    // key "k" at 30
                             0x1F, 0x00, 0x00, 0x00, 0x01, 0x00,                    // key "n" at 31
                             0x07, 0x70, 0x11, 0x01, 0x00,                          // int32 70000, inlined
                             0x00, 0x20, 0x00, 0x00, 0x00,                          // small object at 32
                             'k', 'n',                                              //
                             0x01, 0x00, 0x0C, 0x00, 0x0B, 0x00, 0x01, 0x00, 0x04, 0x01, 0x00, 'x'});
    QCOMPARE(text(doc), std::string("{\"k\": 70000, \"n\": {\"x\": true}}"));
    // [4000000000]: a uint32 inlined in a large array.
    QCOMPARE(text(bytes({0x03, 0x01, 0x00, 0x00, 0x00, 0x0D, 0x00, 0x00, 0x00, 0x08, 0x00, 0x28, 0x6B, 0xEE})),
             std::string("[4000000000]"));
    // ["s", 2.5]: out-of-line values in a large array.
    std::string arr = bytes({0x03, 0x02, 0x00, 0x00, 0x00, 0x1C, 0x00, 0x00, 0x00, 0x0C, 0x12, 0x00, 0x00, 0x00, 0x0B,
                             0x14, 0x00, 0x00, 0x00, 0x01, 's'}) +
                      hex("0000000000000440");
    QCOMPARE(text(arr), std::string("[\"s\", 2.5]"));
  }

  void opaqueValues() {
    // DATE, DATETIME (packed: ((ymd << 17 | hms) << 24) + microseconds) and a negative TIME.
    QCOMPARE(text(bytes({0x0F, 10, 8}) + hex("0000000000bab219")), std::string("\"2024-02-29\""));
    QCOMPARE(text(bytes({0x0F, 12, 8}) + hex("080a0cb8c8bab219")), std::string("\"2024-02-29 12:34:56.789000\""));
    QCOMPARE(text(bytes({0x0F, 11, 8}) + hex("e05ef80491cbffff")), std::string("\"-838:59:59.500000\""));
    // DECIMAL(4,2) 12.50 and -12.50: precision, scale, binary DECIMAL.
    QCOMPARE(text(bytes({0x0F, 246, 4, 4, 2, 0x8C, 0x32})), std::string("12.50"));
    QCOMPARE(text(bytes({0x0F, 246, 4, 4, 2, 0x73, 0xCD})), std::string("-12.50"));
    // Anything else as MySQL prints it: base64 with the field type.
    QCOMPARE(text(bytes({0x0F, 252, 2, 'h', 'i'})), std::string("\"base64:type252:aGk=\""));
  }

  // Through the row decoder: a JSON column's value is a 4-byte length, then the document.
  void columnValue() {
    std::string doc = bytes({0x02, 0x01, 0x00, 0x07, 0x00, 0x04, 0x01, 0x00});
    std::string data = bytes({static_cast<int>(doc.size()), 0, 0, 0}) + doc + "trailing";
    std::size_t used = 0;
    auto v = decodeValue(kTypeJson, 4, nullptr, data, used);
    QVERIFY2(v.ok(), v.ok() ? "" : v.error().message.c_str());
    QCOMPARE(used, doc.size() + 4);
    QCOMPARE(std::string(v->asString()), std::string("[true]"));
    auto cut = decodeValue(kTypeJson, 4, nullptr, data.substr(0, 6), used);
    QVERIFY(!cut.ok());
  }

  void damaged() {
    QVERIFY(fails(bytes({0x0D}), "unknown value type 13"));
    QVERIFY(fails(bytes({0x04, 0x07}), "unknown literal"));
    QVERIFY(fails(bytes({0x07, 0x01}), "cut short"));
    QVERIFY(fails(bytes({0x0C, 0x05, 'a'}), "cut short"));
    QVERIFY(fails(bytes({0x0C, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}), "length"));
    // Size larger than the document; more elements than fit; a value offset past the end; a key offset into the header.
    QVERIFY(fails(bytes({0x02, 0x01, 0x00, 0x40, 0x00, 0x04, 0x01, 0x00}), "does not fit"));
    QVERIFY(fails(bytes({0x02, 0x09, 0x00, 0x08, 0x00, 0x04, 0x01, 0x00, 0x00}), "do not fit"));
    QVERIFY(fails(bytes({0x02, 0x01, 0x00, 0x07, 0x00, 0x0C, 0x30, 0x00}), "outside"));
    QVERIFY(fails(bytes({0x00, 0x01, 0x00, 0x0C, 0x00, 0x02, 0x00, 0x01, 0x00, 0x04, 0x01, 0x00, 'x'}), "outside"));
    // A nested value whose own size runs past its parent.
    QVERIFY(fails(bytes({0x02, 0x01, 0x00, 0x0B, 0x00, 0x02, 0x07, 0x00, 0x00, 0x00, 0x40, 0x00}), "does not fit"));
    // Arrays nested beyond any MySQL document: each level is an array of one
    // array (count 1, size, entry: type 0x02 at offset 7); only the outermost has a type byte.
    std::string deep = bytes({0x02});
    for (int i = 0; i < 200; ++i) deep += bytes({0x01, 0x00, 0x00, 0x00, 0x02, 0x07, 0x00});
    deep += bytes({0x00, 0x00, 0x04, 0x00});
    for (std::size_t i = 0; i < 200; ++i) {
      std::size_t size = deep.size() - (1 + 7 * i);
      deep[1 + 7 * i + 2] = static_cast<char>(size & 0xFF);
      deep[1 + 7 * i + 3] = static_cast<char>(size >> 8);
    }
    QVERIFY(fails(deep, "nested deeper"));
  }

  // Every byte of valid documents changed, and every prefix of them: each
  // gives text or an error (run under the sanitizers in CI builds that have them).
  void mutationsEndInTextOrError() {
    std::vector<std::string> docs = {
        bytes({0x00, 0x02, 0x00, 0x17, 0x00, 0x12, 0x00, 0x01, 0x00, 0x13, 0x00, 0x02, 0x00, 0x05, 0x01,
               0x00, 0x0C, 0x15, 0x00, 'a', 'b', 'c', 0x01, 'x'}),
        bytes({0x01, 0x02, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x1E, 0x00, 0x00, 0x00, 0x01, 0x00,
               0x1F, 0x00, 0x00, 0x00, 0x01, 0x00, 0x07, 0x70, 0x11, 0x01, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00,
               'k', 'n', 0x01, 0x00, 0x0C, 0x00, 0x0B, 0x00, 0x01, 0x00, 0x04, 0x01, 0x00, 'x'}),
        bytes({0x02, 0x04, 0x00, 0x18, 0x00, 0x04, 0x00, 0x00, 0x04, 0x02, 0x00, 0x07, 0x10,
               0x00, 0x02, 0x14, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x04, 0x00})};
    std::size_t decoded = 0, failed = 0;
    for (const std::string& doc : docs) {
      for (std::size_t n = 0; n <= doc.size(); ++n) (mySqlJsonText(doc.substr(0, n)) ? decoded : failed)++;
      for (std::size_t i = 0; i < doc.size(); ++i)
        for (int b = 0; b < 256; ++b) {
          std::string m = doc;
          m[i] = static_cast<char>(b);
          (mySqlJsonText(m) ? decoded : failed)++;
        }
    }
    QVERIFY(decoded > 0 && failed > 0);
  }
};

QTEST_GUILESS_MAIN(TestMySqlJsonBinary)
#include "test_mysql_json_binary.moc"
