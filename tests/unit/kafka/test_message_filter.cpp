// The topic browser's expression filter: which messages a predicate keeps,
// how key, value, headers, partition, offset and timestamp are exposed, and
// that bad expressions are refused with the position.
#include <QTest>

#include "core/kafka/message_filter.h"

using namespace tributary;
using namespace tributary::kafka;

namespace {

Message message(std::optional<std::string> key, std::optional<std::string> value,
                std::vector<std::pair<std::string, std::optional<std::string>>> headers = {},
                std::int32_t partition = 0, std::int64_t offset = 0, std::int64_t timestampMs = 1'700'000'000'000) {
  Message m;
  m.key = std::move(key);
  m.value = std::move(value);
  m.valueSize = m.value ? m.value->size() : 0;
  m.headers = std::move(headers);
  m.partition = partition;
  m.offset = offset;
  m.timestampMs = timestampMs;
  return m;
}

bool keeps(const char* expression, const Message& m) {
  auto filter = MessageFilter::compile(expression);
  if (!filter) qFatal("%s does not compile: %s", expression, filter.error().message.c_str());
  return filter->matches(m);
}

}  // namespace

class TestMessageFilter final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void jsonValueFields() {
    auto m = message("k1", "{\"status\":\"shipped\",\"amount\":120.5,\"items\":[{\"sku\":\"A\"}]}");
    QVERIFY(keeps("value.status = 'shipped'", m));
    QVERIFY(keeps("value.amount > 100", m));
    QVERIFY(!keeps("value.amount > 200", m));
    QVERIFY(keeps("value.items[0].sku = 'A'", m));
    QVERIFY(!keeps("value.missing = 1", m));  // NULL: not kept
    QVERIFY(keeps("value.missing IS NULL", m));
  }

  void keyHeadersAndPosition() {
    auto m = message("order-7", "plain text, not JSON", {{"origin", "kcat"}, {"empty", std::nullopt}}, 3, 42);
    QVERIFY(keeps("key = 'order-7'", m));
    QVERIFY(keeps("_key LIKE 'order-%'", m));
    QVERIFY(keeps("headers.origin = 'kcat'", m));
    QVERIFY(keeps("_headers.origin = 'kcat'", m));
    QVERIFY(keeps("headers.empty IS NULL", m));
    QVERIFY(keeps("partition = 3 AND offset >= 40 AND offset < 43", m));
    QVERIFY(!keeps("partition = 2", m));
    QVERIFY(keeps("value LIKE '%not JSON'", m));  // not JSON: the value is its text
  }

  void timestamps() {
    auto m = message(std::nullopt, "1", {}, 0, 0, 1'700'000'000'000);  // 2023-11-14T22:13:20Z
    QVERIFY(keeps("timestamp > TIMESTAMP '2023-11-14T00:00:00Z'", m));
    QVERIFY(!keeps("timestamp > TIMESTAMP '2024-01-01T00:00:00Z'", m));
    QVERIFY(keeps("_timestamp = timestamp", m));
    QVERIFY(keeps("key IS NULL AND value = 1", m));  // a JSON number
  }

  void tombstonesAndErrors() {
    auto tombstone = message("k", std::nullopt);
    QVERIFY(keeps("value IS NULL", tombstone));
    QVERIFY(!keeps("value.x = 1", tombstone));
    // A runtime error (a string plus a number) is "not kept", never a crash.
    QVERIFY(!keeps("key + 1 = 2", message("k", "{}")));
  }

  void badExpressionsAreRefused() {
    auto bad = MessageFilter::compile("value.amount >");
    QVERIFY(!bad.ok());
    QVERIFY2(!bad.error().message.empty(), "an error says what is wrong");
    QVERIFY(!MessageFilter::compile("nosuchfunction(1) = 1").ok());
  }

  void matcherIsUsableBySearch() {
    auto filter = MessageFilter::compile("value.n % 2 = 0");
    QVERIFY(filter.ok());
    SearchRequest request;
    request.matcher = filter->matcher();
    int kept = 0;
    for (int i = 0; i < 10; ++i)
      if (request.matcher(message(std::nullopt, "{\"n\":" + std::to_string(i) + "}"))) ++kept;
    QCOMPARE(kept, 5);
  }
};

QTEST_APPLESS_MAIN(TestMessageFilter)
#include "test_message_filter.moc"
