#!/usr/bin/python3
"""Seed 002's order, warehouse and logistics services without a database driver.

Each order the shop takes becomes three rows in the sandbox MariaDB, one per
service database, as in the article: order_demo.order_demo (the order),
wms_demo.wms_demo (the warehouse pick: item type, quantity, rack, the shipment
it goes out with) and logistics_demo.logistics_demo (the shipment: courier and
cost). --rate orders per second, through one mariadb client process fed on its
standard input. Event time is each row's created_at (UTC): the pick follows the
order within a minute and the shipment the pick within two. Some orders arrive out of order
on purpose: --late-share of them carry created_at values minutes in the past
(within the report's 5-minute join windows and its grace), and some shipments
are written before their pick.
Connection from the environment the sandbox sets: MYSQL_URL
(tcp://HOST:PORT/DB), MYSQL_USER, MYSQL_PASSWORD. Stops after --count orders
(0: never) or on SIGTERM.
"""
import argparse
import datetime
import os
import random
import signal
import subprocess
import sys
import time
from urllib.parse import urlparse

ITEMS = [("electronics", "Apple Iphone X Black-128 GB", 52755), ("electronics", "Pixel 8 Obsidian", 60000),
         ("fashion", "Linen shirt, white, M", 1499), ("fashion", "Denim jacket, blue, L", 3299),
         ("footwear", "Running shoes, size 42", 4599), ("home", "Cotton bed sheet set", 2199),
         ("beauty", "Sunscreen SPF 50", 499)]
WAREHOUSES = ["RACK12BA3", "RACK07CC1", "BLR-WH2-A14", "DEL-WH1-B02"]
COURIERS = [("DHL", 40.0), ("FETCHR", 24.5), ("BLUEDART", 31.0), ("DELHIVERY", 19.5)]
NAMES = ["Jotaro Kujo", "Asha Rao", "Vikram Iyer", "Meera Nair", "Rohan Das", "Anjali Menon", "Kabir Shah"]
AREAS = ["RK Puram, Bangalore -560010", "Indiranagar, Bangalore -560038", "Koramangala, Bangalore -560034",
         "Andheri East, Mumbai -400069", "Salt Lake, Kolkata -700091"]


def quote(text):
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def stamp(t):
    return quote(t.strftime("%Y-%m-%d %H:%M:%S.%f"))


def order_rows(rng, order_id, shipment_id, late_share, now):
    """The three services' INSERT statements for one order, in the order they are written."""
    shipped = now  # the three services write their rows when the parcel leaves
    if rng.random() < late_share:
        shipped -= datetime.timedelta(seconds=rng.uniform(30, 240))  # written late, event time minutes ago
    picked = shipped - datetime.timedelta(seconds=rng.uniform(1, 120))
    created = picked - datetime.timedelta(seconds=rng.uniform(1, 60))
    item_type, description, price = rng.choice(ITEMS)
    qty = rng.randint(1, 4)
    courier, base_cost = rng.choice(COURIERS)
    cost = round(base_cost + rng.uniform(0, 20) * qty, 2)
    address = f"{rng.choice(NAMES)},No {rng.randint(1, 99)},{rng.choice(['1st', '2nd', '3rd', '4th'])} cross,{rng.choice(AREAS)}"
    order = ("INSERT INTO order_demo.order_demo (order_id, order_date, order_description, order_value, "
             f"customer_address, created_at) VALUES ({quote(order_id)}, {stamp(created)}, {quote(description)}, "
             f"{quote(f'Rs {price * qty}')}, {quote(address)}, {stamp(created)});")
    pick = ("INSERT INTO wms_demo.wms_demo (order_id, item_type, courier, item_qty, item_localtion, shipment_id, "
            f"created_at) VALUES ({quote(order_id)}, {quote(item_type)}, {quote(courier)}, {quote(str(qty))}, "
            f"{quote(rng.choice(WAREHOUSES))}, {quote(str(shipment_id))}, {stamp(picked)});")
    shipment = ("INSERT INTO logistics_demo.logistics_demo (id, wmsrecord_id, shipment_cost, created_at, courier, "
                f"order_id) VALUES ({shipment_id}, (SELECT MAX(id) FROM wms_demo.wms_demo WHERE order_id = "
                f"{quote(order_id)}), {quote(str(cost))}, {stamp(shipped)}, {quote(courier)}, {quote(order_id)});")
    if rng.random() < 0.1:  # the shipment reaches its database before the pick does
        shipment = shipment.replace(f"(SELECT MAX(id) FROM wms_demo.wms_demo WHERE order_id = {quote(order_id)})",
                                    "NULL")
        return [order, shipment, pick]
    return [order, pick, shipment]


def first_free_shipment_id(connect):
    out = subprocess.run(connect + ["-N", "-B", "-e", "SELECT COALESCE(MAX(id), 0) FROM logistics_demo.logistics_demo"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"orders_traffic: cannot read logistics_demo.logistics_demo: {out.stderr.strip()}")
    return int(out.stdout.strip() or 0) + 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=2, help="orders per second (each: order, pick, shipment)")
    parser.add_argument("--count", type=int, default=0, help="stop after this many orders (0: never)")
    parser.add_argument("--late-share", type=float, default=0.15,
                        help="share of orders whose rows carry event times 30-240 s in the past")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    if args.rate <= 0:
        sys.exit("orders_traffic: --rate must be positive")
    if not 0 <= args.late_share <= 1:
        sys.exit("orders_traffic: --late-share must be between 0 and 1")
    url = urlparse(os.environ.get("MYSQL_URL", ""))
    if not url.hostname or not url.port:
        sys.exit("orders_traffic: MYSQL_URL (tcp://HOST:PORT/DB) is not set; start it with tributary-runner run --sandbox")
    connect = ["mariadb", "--no-defaults", "-h", url.hostname, "-P", str(url.port), "-u",
               os.environ.get("MYSQL_USER", ""), "-p" + os.environ.get("MYSQL_PASSWORD", "")]
    shipment_id = first_free_shipment_id(connect)
    client = subprocess.Popen(connect, stdin=subprocess.PIPE, text=True)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    rng = random.Random(args.seed)
    run = f"{int(time.time()) % 100000:05d}"  # order ids stay unique across runs
    sent, start = 0, time.monotonic()
    print(f"orders_traffic: {args.rate:g} orders/s (order, pick, shipment each), shipment ids from {shipment_id}",
          flush=True)
    while not stopping and (args.count == 0 or sent < args.count):
        due = int((time.monotonic() - start) * args.rate) + 1 - sent
        if args.count:
            due = min(due, args.count - sent)
        statements = []
        now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
        for _ in range(max(0, due)):
            statements += order_rows(rng, f"{run}-{sent + 1}", shipment_id, args.late_share, now)
            shipment_id += 1
            sent += 1
        if statements:
            try:
                client.stdin.write("\n".join(statements) + "\n")
                client.stdin.flush()
            except BrokenPipeError:
                sys.exit(f"orders_traffic: mariadb ended (exit code {client.wait()}) after {sent} orders")
        time.sleep(min(0.1, 1 / args.rate))
    client.stdin.close()
    code = client.wait()
    print(f"orders_traffic: {sent} orders sent, mariadb exit code {code}", flush=True)
    sys.exit(code)


if __name__ == "__main__":
    main()
