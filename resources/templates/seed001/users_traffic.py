#!/usr/bin/python3
"""Seed 001's data generator without Faker or a database driver.

Inserts Faker-style users into the sandbox PostgreSQL table "USERS" at --rate
rows per second, through one psql process fed on its standard input (psql runs
each statement as it arrives). Connection from the environment the sandbox
sets: PG_URL (postgresql://HOST:PORT/DB), PG_USER, PG_PASSWORD.
Stops after --count rows (0: never) or on SIGTERM.
"""
import argparse
import os
import random
import signal
import subprocess
import sys
import time

FIRST = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
         "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Carlos", "Aisha",
         "Wei", "Yuki", "Olga", "Mateo", "Priya", "Noah", "Amara", "Lars", "Fatima", "Diego"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
        "Nguyen", "Kim", "Tanaka", "Ivanova", "Okafor", "Schmidt", "Rossi", "Haddad", "Novak", "Silva"]
STREETS = ["Maple", "Oak", "Pine", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park", "River"]
SUFFIX = ["St", "Ave", "Rd", "Blvd", "Ln", "Way"]
CITIES = ["Springfield", "Riverside", "Franklin", "Greenville", "Bristol", "Clinton", "Fairview", "Salem"]
JOBS = ["Engineer", "Teacher", "Nurse", "Accountant", "Designer", "Chef", "Pilot", "Librarian", "Analyst",
        "Electrician", "Pharmacist", "Architect", "Journalist", "Dentist", "Surveyor"]
DOMAINS = ["example.com", "example.org", "example.net"]


def quote(text):
    return "'" + text.replace("'", "''") + "'"


def user(rng):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    name = f"{first} {last}"
    email = f"{first.lower()}.{last.lower()}{rng.randint(1, 999)}@{rng.choice(DOMAINS)}"
    address = f"{rng.randint(1, 9999)} {rng.choice(STREETS)} {rng.choice(SUFFIX)}, {rng.choice(CITIES)}"
    phone = f"+1-{rng.randint(200, 999)}-{rng.randint(200, 999)}-{rng.randint(1000, 9999)}"
    birth = f"{rng.randint(1950, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    values = ", ".join(quote(v) for v in (name, email, address, phone, rng.choice(JOBS), birth))
    return f"({values})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=5, help="rows per second")
    parser.add_argument("--count", type=int, default=0, help="stop after this many rows (0: never)")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    if args.rate <= 0:
        sys.exit("users_traffic: --rate must be positive")
    url = os.environ.get("PG_URL")
    if not url:
        sys.exit("users_traffic: PG_URL is not set (start it with tributary-runner run --sandbox)")
    env = dict(os.environ, PGUSER=os.environ.get("PG_USER", ""), PGPASSWORD=os.environ.get("PG_PASSWORD", ""))
    psql = subprocess.Popen(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url], stdin=subprocess.PIPE, env=env,
                            text=True)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    rng = random.Random(args.seed)
    columns = "(name, email, address, phone, job, birthdate)"
    sent, start = 0, time.monotonic()
    print(f"users_traffic: inserting {args.rate:g} users/s into USERS", flush=True)
    while not stopping and (args.count == 0 or sent < args.count):
        due = int((time.monotonic() - start) * args.rate) + 1 - sent
        if args.count:
            due = min(due, args.count - sent)
        if due > 0:
            rows = ", ".join(user(rng) for _ in range(due))
            try:
                psql.stdin.write(f'INSERT INTO "USERS" {columns} VALUES {rows};\n')
                psql.stdin.flush()
            except BrokenPipeError:
                sys.exit(f"users_traffic: psql ended (exit code {psql.wait()}) after {sent} rows")
            sent += due
        time.sleep(min(0.1, 1 / args.rate))
    psql.stdin.close()
    code = psql.wait()
    print(f"users_traffic: {sent} rows sent, psql exit code {code}", flush=True)
    sys.exit(code)


if __name__ == "__main__":
    main()
