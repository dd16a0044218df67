#pragma once
// The input of the stream tests on topics (test_stream_scaleout,
// test_stream_exactly_once), checked by state_check.py: `orders` orders 40 ms
// of event time apart, each of item "item-<i * 31 % 20>" with 1 + i % 9
// units; every seventh 20 s out of order (within grace), every `lateEvery`th
// 40 minutes behind (late beyond a grace of 10 minutes); a shipment 30 s after
// two orders of three (its order id a string for odd ids, a number for even
// ones); then closing orders and shipments an hour later (closingLines()).
// Returns the number of lines written.
#include <algorithm>
#include <cstdint>
#include <fstream>
#include <string>

namespace tributary::testing {

// `spacingMs` and `lateByMs` (the defaults: 40 ms apart, 30,000 orders span
// 20 minutes; late ones 40 minutes behind a grace of 10) let a test with a
// file input (test_stream_state_crash, partitions 0: no closing lines) use
// the same records more densely.
inline int writeOrdersInput(const std::string& path, int orders, int partitions, int lateEvery = 997,
                            std::int64_t spacingMs = 40, std::int64_t lateByMs = 40 * 60000) {
  std::ofstream in(path);
  const std::int64_t t0 = 1714557600000;  // 2024-05-01T10:00:00Z
  int lines = 0;
  std::int64_t last = t0;
  for (int i = 0; i < orders; ++i) {
    std::int64_t ts = t0 + std::int64_t{i} * spacingMs;
    if (i % lateEvery == 0 && i > 0)
      ts -= lateByMs;  // late
    else if (i % 7 == 0)
      ts -= 20000;  // out of order, within grace
    last = std::max(last, ts);
    std::string item = "item-" + std::to_string((i * 31) % 20);
    in << "{\"kind\":\"order\",\"id\":" << i << ",\"ts\":" << ts << ",\"item\":\"" << item
       << "\",\"units\":" << 1 + i % 9 << "}\n";
    ++lines;
    if (i % 3 != 0) {
      // Shipped 30 s later; the id is a string for odd orders (int-versus-string join keys).
      in << "{\"kind\":\"ship\",\"order_id\":";
      if (i % 2)
        in << '"' << i << '"';
      else
        in << i;
      in << ",\"ts\":" << ts + 30000 << ",\"item\":\"" << item << "\",\"carrier\":\"carrier-" << i % 4 << "\"}\n";
      ++lines;
    }
  }
  // Closing pairs an hour later, two per partition: an order and its shipment.
  // A topic has no end, and each input of the join keeps its own time, so
  // both inputs need them to move every partition's stream time past the real
  // windows and join buffers. Two per item partition, so that the ids also
  // reach every partition of a join repartitioned by order id (murmur2; the
  // check fails if one is missed).
  for (int k = 0; k < 2 * partitions; ++k) {
    int id = orders + k;
    std::string item = "item-" + std::to_string(k % partitions);
    in << "{\"kind\":\"order\",\"id\":" << id << ",\"ts\":" << last + 3600000 << ",\"item\":\"" << item
       << "\",\"units\":1}\n";
    in << "{\"kind\":\"ship\",\"order_id\":" << id << ",\"ts\":" << last + 3600000 << ",\"item\":\"" << item
       << "\",\"carrier\":\"closing\"}\n";
    lines += 2;
  }
  return lines;
}

// The closing lines at the end of writeOrdersInput's file.
inline int closingLines(int partitions) { return 4 * partitions; }

}  // namespace tributary::testing
