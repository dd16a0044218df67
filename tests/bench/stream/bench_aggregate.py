# The bench_aggregate workload as a plain Python loop (dicts), for the ratio
# against transform.aggregate. Usage: python3 bench_aggregate.py RECORDS KEYS
# Prints: "<records> <cpu seconds> <windows emitted> <checksum>".
import sys
import time

n = int(sys.argv[1])
keys = int(sys.argv[2])
size = 60000
records = [(i * 3 // 5, "k%d" % (i % keys), i % 100) for i in range(n)]  # built before timing, as in C++
start = time.process_time()
windows = {}  # window start -> {key: [count, sum]}
stream_time = -1
emitted = 0
checksum = 0


def close(up_to):
    global emitted, checksum
    for ws in sorted(w for w in windows if w + size <= up_to):
        for c, s in windows.pop(ws).values():
            emitted += 1
            checksum += c + s


for i, (ts, key, amount) in enumerate(records):
    ws = ts - ts % size
    groups = windows.get(ws)
    if groups is None:
        groups = windows[ws] = {}
    acc = groups.get(key)
    if acc is None:
        acc = groups[key] = [0, 0]
    acc[0] += 1
    acc[1] += amount
    if ts > stream_time:
        stream_time = ts
    if i % 1024 == 1023:
        close(stream_time)
close(float("inf"))
print(n, time.process_time() - start, emitted, checksum)
