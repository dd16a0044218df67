# The bench_aggregate workload as a plain Python loop (dicts), for the ratio
# against transform.aggregate. Usage: python3 bench_aggregate.py RECORDS KEYS
# Prints: "<records> <cpu seconds> <windows emitted> <checksum>".
import sys
import time

n = int(sys.argv[1])
keys = int(sys.argv[2])
size = 60000
start = time.process_time()
state = {}
stream_time = -1
emitted = 0
checksum = 0
for i in range(n):
    ts = i * 3 // 5
    key = "k%d" % (i % keys)
    amount = i % 100
    ws = ts - ts % size
    acc = state.get((key, ws))
    if acc is None:
        acc = state[(key, ws)] = [0, 0]
    acc[0] += 1
    acc[1] += amount
    if ts > stream_time:
        stream_time = ts
    if i % 1024 == 1023 or i == n - 1:
        for k in [k for k in state if k[1] + size <= stream_time]:
            c, s = state.pop(k)
            emitted += 1
            checksum += c + s
for k in list(state):
    c, s = state.pop(k)
    emitted += 1
    checksum += c + s
print(n, time.process_time() - start, emitted, checksum)
