// core/base helpers every layer shares: the back-off (bounds of its jitter,
// doubling, cap, reset), the manual clock tests drive, and the duration and
// size parsing the specs, connectors and alerts all use.
#include <QTest>

#include <set>

#include "core/base/backoff.h"
#include "core/base/clock.h"
#include "core/base/units.h"

using namespace tributary;

class TestBase final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void backoffDoublesUpToTheCap() {
    base::BackoffPolicy p{100, 1000, 0.0};
    QCOMPARE(base::Backoff::nominalMs(p, 1), 100LL);
    QCOMPARE(base::Backoff::nominalMs(p, 2), 200LL);
    QCOMPARE(base::Backoff::nominalMs(p, 4), 800LL);
    QCOMPARE(base::Backoff::nominalMs(p, 5), 1000LL);
    QCOMPARE(base::Backoff::nominalMs(p, 60), 1000LL);  // no overflow far past the cap
    QCOMPARE(base::Backoff::delayMs(p, 3), 400LL);      // no jitter: exactly nominal
  }

  void jitterOnlyShortensAndVaries() {
    base::BackoffPolicy p{1000, 8000, 0.2};
    std::set<long long> seen;
    for (int i = 0; i < 200; ++i) {
      for (int attempt = 1; attempt <= 5; ++attempt) {
        const long long nominal = base::Backoff::nominalMs(p, attempt);
        const long long d = base::Backoff::delayMs(p, attempt);
        QVERIFY2(d <= nominal && d >= nominal * 8 / 10, qPrintable(QStringLiteral("%1 of %2").arg(d).arg(nominal)));
        if (attempt == 1) seen.insert(d);
      }
    }
    QVERIFY(seen.size() > 10);  // spread out, not lock step
  }

  void backoffCountsAndResets() {
    base::Backoff b({50, 400, 0.0});
    QCOMPARE(b.next(), 50LL);
    QCOMPARE(b.next(), 100LL);
    QCOMPARE(b.next(), 200LL);
    QCOMPARE(b.attempts(), 3);
    b.reset();
    QCOMPARE(b.next(), 50LL);
  }

  void manualClockMovesOnlyWhenTold() {
    base::ManualClock clock(1000, 5);
    const base::Clock& c = clock;
    QCOMPARE(c.wallMs(), 1000LL);
    QCOMPARE(c.steadyMs(), 5LL);
    clock.advanceMs(250);
    QCOMPARE(c.wallMs(), 1250LL);
    QCOMPARE(c.wallMicros(), 1'250'000LL);
    QCOMPARE(c.steadyMs(), 255LL);
  }

  void systemClockAgreesWithItself() {
    const long long a = base::steadyMs();
    const long long w = base::wallMs();
    QVERIFY(base::steadyMs() >= a);
    QVERIFY(w > 1'600'000'000'000LL);  // after 2020
    QVERIFY(base::wallMicros() / 1000 >= w);
  }

  void unitsParse() {
    QCOMPARE(base::parseDurationMs("250ms").value(), 250LL);
    QCOMPARE(base::parseDurationMs("2m").value(), 120'000LL);
    QCOMPARE(base::parseDurationMs(1500).value(), 1500LL);
    QVERIFY(!base::parseDurationMs("5 parsecs"));
    QVERIFY(!base::parseDurationMs("1.2.3s"));
    QCOMPARE(base::parseSizeBytes("64KiB").value(), 65'536LL);
    QCOMPARE(base::parseSizeBytes("2 GB").value(), 2'000'000'000LL);
    QVERIFY(!base::parseSizeBytes(true));
  }
};

QTEST_APPLESS_MAIN(TestBase)
#include "test_base.moc"
