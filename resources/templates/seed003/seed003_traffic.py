#!/usr/bin/python3
"""Seed 003's live sources for the sandbox, without Python modules beyond the
standard library:

- IoT readings: every device publishes one JSON reading per --rate tick
  divided among them, at QoS 1, to iot/DEVICE/readings on the sandbox's
  Mosquitto (one `mosquitto_pub -l` per device, fed on its standard input):
  {"device_id", "device_type", "temperature", "humidity", "ts" (epoch ms)}.
- The TV database: now and then a user becomes active (users.last_active) or a
  show's rating changes, through one `mariadb` client on standard input.
- The weather REST API: weather_stand_in.py on SEED003_WEATHER_PORT, with the
  token SEED003_WEATHER_TOKEN, for the pipeline's HTTP source.

Connection settings come from the environment the sandbox sets (MQTT_HOST,
MQTT_PORT, MYSQL_URL, MYSQL_USER, MYSQL_PASSWORD and the template's
SEED003_* variables). Stops on SIGTERM, stopping what it started.
"""
import argparse
import json
import os
import random
import signal
import subprocess
import sys
import time
from urllib.parse import urlparse

HERE = os.path.dirname(os.path.abspath(__file__))


def need(name):
    value = os.environ.get(name, "")
    if not value:
        sys.exit(f"seed003_traffic: {name} is not set; start it with tributary-runner run seed003-ingest.tributary.json --sandbox")
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=20, help="IoT readings per second (all devices together)")
    parser.add_argument("--devices", type=int, default=6, help="devices sensor-1..N")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    if args.rate <= 0 or args.devices <= 0:
        sys.exit("seed003_traffic: --rate and --devices must be positive")
    children = []

    def stop(*_):
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=5)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    weather = subprocess.Popen(["/usr/bin/python3", os.path.join(HERE, "weather_stand_in.py"),
                                need("SEED003_WEATHER_PORT"), need("SEED003_WEATHER_TOKEN")])
    children.append(weather)
    host, port = need("MQTT_HOST"), need("MQTT_PORT")
    devices = [f"sensor-{i}" for i in range(1, args.devices + 1)]
    publishers = {}
    for d in devices:
        publishers[d] = subprocess.Popen(["mosquitto_pub", "-h", host, "-p", port, "-q", "1", "-i", f"seed003-{d}",
                                          "-t", f"iot/{d}/readings", "-l"], stdin=subprocess.PIPE, text=True)
        children.append(publishers[d])
    url = urlparse(need("MYSQL_URL"))
    db = subprocess.Popen(["mariadb", "--no-defaults", "-h", url.hostname, "-P", str(url.port), "-u",
                           os.environ.get("MYSQL_USER", ""), "-p" + os.environ.get("MYSQL_PASSWORD", ""), "tv"],
                          stdin=subprocess.PIPE, text=True)
    children.append(db)
    rng = random.Random(args.seed)
    base = {d: 18 + 6 * rng.random() for d in devices}
    kinds = {d: rng.choice(["thermostat", "set-top box", "sensor"]) for d in devices}
    print(f"seed003_traffic: {args.rate:g} readings/s from {len(devices)} devices, weather on port "
          f"{os.environ['SEED003_WEATHER_PORT']}", flush=True)
    sent, start = 0, time.monotonic()
    while True:
        for child in children:
            if child.poll() is not None:
                print(f"seed003_traffic: {child.args[0]} ended (exit code {child.returncode})", flush=True)
                stop()
        due = int((time.monotonic() - start) * args.rate) + 1 - sent
        try:
            for _ in range(max(0, due)):
                d = devices[sent % len(devices)]
                reading = {"device_id": d, "device_type": kinds[d],
                           "temperature": round(base[d] + rng.uniform(-2, 2), 2),
                           "humidity": rng.randint(30, 70), "ts": int(time.time() * 1000)}
                publishers[d].stdin.write(json.dumps(reading) + "\n")
                publishers[d].stdin.flush()
                sent += 1
                if sent % 25 == 0:
                    db.stdin.write(f"UPDATE users SET last_active = NOW(3) WHERE id = {rng.randint(1, 40)};\n")
                if sent % 100 == 0:
                    db.stdin.write(f"UPDATE shows SET rating = {round(rng.uniform(5, 9.5), 1)} "
                                   f"WHERE id = {rng.randint(1, 8)};\n")
                db.stdin.flush()
        except BrokenPipeError:
            continue  # the loop above reports which child ended
        time.sleep(0.05)


if __name__ == "__main__":
    main()
