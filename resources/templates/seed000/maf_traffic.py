#!/usr/bin/python3
"""Seed 000's producers (mysql-producer, postgres-producer) without Docker or drivers.

At --rate changes per second, alternately in MariaDB (maf.movie_ids) and
PostgreSQL (maf.tv_series_ids): new titles, popularity updates, and now and
then a row the cleanse must drop (popularity 0 or an adult movie). Feeds one
mariadb and one psql client on their standard input. Connection from the
sandbox's environment: MYSQL_URL, MYSQL_USER, MYSQL_PASSWORD, PG_URL, PG_USER,
PG_PASSWORD. Stops after --count changes (0: never) or on SIGTERM.
"""
import argparse
import os
import random
import signal
import subprocess
import sys
import time
from urllib.parse import urlparse

WORDS = ["Night", "River", "Shadow", "Summer", "Empire", "Echo", "Garden", "Storm", "Letters", "Harbor",
         "Silent", "Golden", "Last", "Broken", "Hidden", "Wild", "Northern", "Paper", "Glass", "Iron"]


def title(rng):
    # Untidy on purpose: the cleanse trims it.
    return (" " if rng.random() < 0.3 else "") + " ".join(rng.sample(WORDS, rng.randint(1, 3)))


def quote(text):
    return "'" + text.replace("'", "''") + "'"


def last_id(command, env, floor):
    out = subprocess.run(command, capture_output=True, text=True, env=env)
    if out.returncode != 0:
        sys.exit(f"maf_traffic: {command[0]} failed: {out.stderr.strip()}")
    value = out.stdout.strip()
    return max(floor, int(value) if value.isdigit() else 0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=4, help="changes per second")
    parser.add_argument("--count", type=int, default=0)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    if args.rate <= 0:
        sys.exit("maf_traffic: --rate must be positive")
    my, pg = urlparse(os.environ.get("MYSQL_URL", "")), os.environ.get("PG_URL")
    if not my.hostname or not pg:
        sys.exit("maf_traffic: MYSQL_URL and PG_URL are not set; start it with tributary-runner run --sandbox")
    maria_cmd = ["mariadb", "--no-defaults", "-h", my.hostname, "-P", str(my.port), "-u",
                 os.environ.get("MYSQL_USER", ""), "-p" + os.environ.get("MYSQL_PASSWORD", ""), "maf"]
    env = dict(os.environ, PGUSER=os.environ.get("PG_USER", ""), PGPASSWORD=os.environ.get("PG_PASSWORD", ""))
    # New ids continue after the rows an earlier run inserted, so a second run
    # against the same sandbox inserts no duplicate keys.
    next_movie = last_id(maria_cmd + ["-N", "-B", "-e", "SELECT MAX(id) FROM movie_ids"], env, 900000)
    next_series = last_id(["psql", "-X", "-At", "-c", "SELECT max(id) FROM maf.tv_series_ids", pg], env, 800000)
    mariadb = subprocess.Popen(maria_cmd, stdin=subprocess.PIPE, text=True)
    psql = subprocess.Popen(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", pg], stdin=subprocess.PIPE, env=env, text=True)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    rng = random.Random(args.seed)
    sent, start = 0, time.monotonic()
    while not stopping and (args.count == 0 or sent < args.count):
        due = int((time.monotonic() - start) * args.rate) + 1 - sent
        for _ in range(max(0, min(due, args.count - sent if args.count else due))):
            # Some new rows fail the cleanse (popularity 0, adult); updates always pass it.
            popularity = round(rng.uniform(0.1, 400), 3)
            new_popularity = 0 if rng.random() < 0.1 else popularity
            try:
                if sent % 2 == 0:
                    if rng.random() < 0.6:
                        next_movie += 1
                        adult = 1 if rng.random() < 0.1 else 0
                        sql = (f"INSERT INTO movie_ids (id, original_title, popularity, adult) VALUES "
                               f"({next_movie}, {quote(title(rng))}, {new_popularity}, {adult});")
                    else:
                        sql = f"UPDATE movie_ids SET popularity = {popularity} WHERE id = {rng.choice([3924, 6124, 8773, next_movie])};"
                    mariadb.stdin.write(sql + "\n")
                    mariadb.stdin.flush()
                else:
                    if rng.random() < 0.6:
                        next_series += 1
                        sql = (f"INSERT INTO maf.tv_series_ids (id, original_name, popularity) VALUES "
                               f"({next_series}, {quote(title(rng))}, {new_popularity});")
                    else:
                        sql = f"UPDATE maf.tv_series_ids SET popularity = {popularity} WHERE id = {rng.choice([1399, 1402, 2316, next_series])};"
                    psql.stdin.write(sql + "\n")
                    psql.stdin.flush()
            except BrokenPipeError:
                sys.exit(f"maf_traffic: a database client ended after {sent} changes")
            sent += 1
        time.sleep(min(0.1, 1 / args.rate))
    for client in (mariadb, psql):
        client.stdin.close()
    codes = [mariadb.wait(), psql.wait()]
    print(f"maf_traffic: {sent} changes sent, client exit codes {codes}", flush=True)
    sys.exit(max(codes))


if __name__ == "__main__":
    main()
