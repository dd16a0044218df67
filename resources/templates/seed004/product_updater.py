#!/usr/bin/python3
"""Seed 004's product_updater without a database driver.

Changes the price (and now and then the category) of a random product in the
sandbox MariaDB table `products` at --rate updates per second, through one
mariadb client process fed on its standard input; MariaDB sets last_updated.
Connection from the environment the sandbox sets: MYSQL_URL
(tcp://HOST:PORT/DB), MYSQL_USER, MYSQL_PASSWORD. Stops after --count updates
(0: never) or on SIGTERM.
"""
import argparse
import os
import random
import signal
import subprocess
import sys
import time
from urllib.parse import urlparse


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=10, help="updates per second")
    parser.add_argument("--count", type=int, default=0, help="stop after this many updates (0: never)")
    parser.add_argument("--products", type=int, default=50, help="ids 1..N are updated")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    if args.rate <= 0:
        sys.exit("product_updater: --rate must be positive")
    url = urlparse(os.environ.get("MYSQL_URL", ""))
    if not url.hostname or not url.port:
        sys.exit("product_updater: MYSQL_URL (tcp://HOST:PORT/DB) is not set; start it with tributary-runner run --sandbox")
    client = subprocess.Popen(
        ["mariadb", "--no-defaults", "-h", url.hostname, "-P", str(url.port), "-u", os.environ.get("MYSQL_USER", ""),
         "-p" + os.environ.get("MYSQL_PASSWORD", ""), url.path.lstrip("/")],
        stdin=subprocess.PIPE, text=True)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    rng = random.Random(args.seed)
    sent, start = 0, time.monotonic()
    print(f"product_updater: {args.rate:g} updates/s on product ids 1..{args.products}", flush=True)
    while not stopping and (args.count == 0 or sent < args.count):
        due = int((time.monotonic() - start) * args.rate) + 1 - sent
        if args.count:
            due = min(due, args.count - sent)
        statements = []
        for _ in range(max(0, due)):
            pid = rng.randint(1, args.products)
            price = round(rng.uniform(5, 500), 2)
            if rng.random() < 0.2:
                statements.append(f"UPDATE products SET price = {price}, category = 'cat_{rng.randint(1, 6)}' WHERE id = {pid};")
            else:
                statements.append(f"UPDATE products SET price = {price} WHERE id = {pid};")
        if statements:
            try:
                client.stdin.write("\n".join(statements) + "\n")
                client.stdin.flush()
            except BrokenPipeError:
                sys.exit(f"product_updater: mariadb ended (exit code {client.wait()}) after {sent} updates")
            sent += len(statements)
        time.sleep(min(0.1, 1 / args.rate))
    client.stdin.close()
    code = client.wait()
    print(f"product_updater: {sent} updates sent, mariadb exit code {code}", flush=True)
    sys.exit(code)


if __name__ == "__main__":
    main()
