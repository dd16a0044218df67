"""Independent check of the stream-state fault test (test_stream_state_crash).

Reads the input file the test wrote and computes, without any Tributary code,
what the aggregate and the join must produce and which records are late; then
reads the sink and dead-letter files of one run and compares. Prints one JSON
object: {"ok": bool, "problems": [...], counts...}.

usage: state_check.py INPUT RUN_DIR[,RUN_DIR...] [PARTITIONS [GRACE_MS [JOIN_PARTITIONING [AGG_GRACE_MS]]]]

With several run folders (runners sharing the work) their files are read
together. With PARTITIONS (test_stream_scaleout: a topic whose partition is
the item's number modulo PARTITIONS, read by runners with one task per
partition) stream time is kept per partition, and only windows and unmatched
join rows that the partition's final stream time closes are expected (a
topic has no end of input). GRACE_MS: the pipeline's grace (default 3m). JOIN_PARTITIONING "murmur2": the
join reads repartition topics, where an order and its shipment are in
partition murmur2(order id as text) modulo PARTITIONS (Kafka's hash, from
kafka-python), so its stream time is kept per such partition; "item" (default):
the item's partition, as for the aggregate. AGG_GRACE_MS: the aggregate's grace, when it differs
from the join's.
"""
import json
import sys
from datetime import datetime

GRACE = 180_000   # the pipeline's grace (3m)
WINDOW = 60_000   # tumbling 1m
BEFORE, AFTER = 60_000, 120_000

def epoch_ms(text):
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)

def lines(path):
    try:
        with open(path) as f:
            return [json.loads(l) for l in f if l.strip()]
    except FileNotFoundError:
        return []

def run_lines(runs, name):
    return [l for run in runs for l in lines(run + "/" + name)]

def main():
    events = lines(sys.argv[1])
    runs = sys.argv[2].split(",")
    parts = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    global GRACE
    GRACE = int(sys.argv[4]) if len(sys.argv) > 4 else GRACE
    agg_grace = int(sys.argv[6]) if len(sys.argv) > 6 else GRACE
    part = (lambda e: int(e["item"].split("-")[1]) % parts) if parts else (lambda e: 0)
    join_part = part
    if len(sys.argv) > 5 and sys.argv[5] == "murmur2":
        from kafka.partitioner.default import murmur2
        def join_part(e):
            key = str(e["id"] if e["kind"] == "order" else int(e["order_id"])).encode()
            return (murmur2(key) & 0x7FFFFFFF) % parts
    # Aggregate: its own stream time (per partition) over orders; late = older than stream time - grace.
    agg, agg_late, streams = {}, set(), {}
    for e in events:
        if e["kind"] != "order":
            continue
        stream = streams.get(part(e))
        if stream is not None and e["ts"] < stream - agg_grace:
            agg_late.add(e["id"])
            continue
        streams[part(e)] = e["ts"] if stream is None else max(stream, e["ts"])
        key = (e["item"], e["ts"] // WINDOW * WINDOW)
        n, units = agg.get(key, (0, 0))
        agg[key] = (n + 1, units + e["units"])
    if parts:  # a window closes when its partition's stream time passes its end plus grace
        agg = {k: v for k, v in agg.items() if k[1] + WINDOW + agg_grace <= streams[int(k[0].split("-")[1]) % parts]}
    # Join (left, window): each input keeps its own time (per partition), in file order; a record older than
    # its input's time minus grace is late. The join's stream time is the lower of the two inputs' times.
    join_late, side_times = set(), {}
    orders, ships = {}, {}
    for e in events:
        side = (join_part(e), e["kind"] == "order")
        time = side_times.get(side)
        if time is not None and e["ts"] < time - GRACE:
            join_late.add((e["kind"], e["id"] if e["kind"] == "order" else int(e["order_id"])))
            continue
        side_times[side] = e["ts"] if time is None else max(time, e["ts"])
        if e["kind"] == "order":
            orders[e["id"]] = e
        else:
            ships[int(e["order_id"])] = e
    def join_stream_time(p):
        left, right = side_times.get((p, True)), side_times.get((p, False))
        return None if left is None or right is None else min(left, right)
    join = {}
    for oid, o in orders.items():
        s = ships.get(oid)
        matched = s is not None and o["ts"] - BEFORE <= s["ts"] <= o["ts"] + AFTER
        # Unmatched left rows come out once expired; on a topic only what the final stream time expires.
        if not matched and parts:
            final = join_stream_time(join_part(o))
            if final is None or o["ts"] + AFTER + GRACE >= final:
                continue
        join[oid] = {"id": oid, "item": o["item"], "carrier": s["carrier"] if matched else None}

    problems = []
    if parts:  # the input's closing pairs must close every join partition (orders_input.h)
        closing = max(e["ts"] for e in events)
        for p in range(parts):
            if join_stream_time(p) != closing:
                problems.append("the closing records do not reach both inputs of join partition %d" % p)
    # Aggregate output: one line per (item, window), duplicates identical.
    got, agg_dups = {}, 0
    for r in run_lines(runs, "agg.jsonl"):
        key = (r["item"], epoch_ms(r["window_start"]))
        val = (r["n"], r["units"], epoch_ms(r["window_end"]) - key[1])
        if key in got:
            agg_dups += 1
            if got[key] != val:
                problems.append("aggregate %s emitted twice with different content: %s vs %s" % (key, got[key], val))
        got[key] = val
    expected = {k: (n, u, WINDOW) for k, (n, u) in agg.items()}
    if got != expected:
        missing = [k for k in expected if k not in got]
        extra = [k for k in got if k not in expected]
        wrong = [(k, got[k], expected[k]) for k in expected if k in got and got[k] != expected[k]]
        problems.append("aggregates differ: %d missing %s, %d extra %s, %d wrong %s" %
                        (len(missing), missing[:3], len(extra), extra[:3], len(wrong), wrong[:3]))
    # Join output: one row per on-time order.
    rows, join_dups = {}, 0
    for r in run_lines(runs, "join.jsonl"):
        if r["id"] in rows:
            join_dups += 1
            if rows[r["id"]] != r:
                problems.append("join row %s emitted twice with different content" % r["id"])
        rows[r["id"]] = r
    if rows != join:
        missing = [k for k in join if k not in rows]
        extra = [k for k in rows if k not in join]
        wrong = [(k, rows[k], join[k]) for k in join if k in rows and rows[k] != join[k]]
        problems.append("join rows differ: %d missing %s, %d extra %s, %d wrong %s" %
                        (len(missing), missing[:3], len(extra), extra[:3], len(wrong), wrong[:3]))
    # Dead letters: exactly the late records, each with the reason "late".
    def letters(path, ident):
        seen, dups = {}, 0
        for l in run_lines(runs, path):
            if l.get("where") != "late":
                problems.append("%s: a dead letter that is not late: %s" % (path, l.get("error")))
                continue
            k = ident(l["record"]["value"])
            dups += k in seen
            seen[k] = True
        return set(seen), dups
    agg_dl, agg_dl_dups = letters("late-agg.jsonl", lambda v: v["id"])
    join_dl, join_dl_dups = letters("late-join.jsonl",
                                    lambda v: (v["kind"], v["id"] if v["kind"] == "order" else int(v["order_id"])))
    if agg_dl != agg_late:
        problems.append("aggregate dead letters differ: %d expected, %d got" % (len(agg_late), len(agg_dl)))
    if join_dl != join_late:
        problems.append("join dead letters differ: %d expected, %d got" % (len(join_late), len(join_dl)))
    print(json.dumps({"ok": not problems, "problems": problems[:10],
                      "aggregates": len(expected), "aggregate_duplicates": agg_dups,
                      "join_rows": len(join), "join_duplicates": join_dups,
                      "late_aggregate": len(agg_late), "late_aggregate_duplicates": agg_dl_dups,
                      "late_join": len(join_late), "late_join_duplicates": join_dl_dups}))

main()
