#!/usr/bin/env python3
"""The seeds' approach, for comparison with bench_pipeline: a Python consumer
loop in the style of seed 004 (json.loads per message, a dict transform,
json.dumps per line appended to a log), applying the benchmark's rule:
drop cancelled orders, upper-case the category and give one category a 20%
discount_price. Prints records/s on stdout."""
import json
import sys
import time


def main():
    src, dst = sys.argv[1], sys.argv[2]
    start = time.perf_counter()
    n = 0
    with open(src, "r", encoding="utf-8") as inp, open(dst, "w", encoding="utf-8") as out:
        for line in inp:
            record = json.loads(line)
            n += 1
            if record["status"] == "cancelled":
                continue
            category = record["category"].upper()
            record["category"] = category
            amount = record["amount"]
            record["discount_price"] = amount * 0.8 if category == "ELECTRONICS" else amount
            out.write(json.dumps(record, separators=(",", ":")))
            out.write("\n")
    elapsed = time.perf_counter() - start
    print(f"{n / elapsed:.0f}")


if __name__ == "__main__":
    main()
