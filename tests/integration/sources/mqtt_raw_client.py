#!/usr/bin/python3
"""A bare MQTT 3.1.1 client on a socket, for what mosquitto_sub cannot do:
leave QoS 1 messages unacknowledged, so that the broker sends them again
(with the DUP flag) to the next connection of the same session.

  mqtt_raw_client.py PORT CLIENT_ID subscribe TOPIC
      connects with clean session off, subscribes at QoS 1, disconnects cleanly
      (the broker keeps the session and queues what is published meanwhile).
  mqtt_raw_client.py PORT CLIENT_ID take N
      connects to the session, reads N PUBLISH packets, prints "dup=D topic
      payload" for each, and drops the connection without PUBACK.
"""
import socket
import struct
import sys


def text(s):
    b = s.encode()
    return struct.pack("!H", len(b)) + b


def packet(kind, body):
    n, length = len(body), b""
    while True:
        digit, n = n % 128, n // 128
        length += bytes([digit | (0x80 if n else 0)])
        if not n:
            return bytes([kind]) + length + body


def read_exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            sys.exit("mqtt_raw_client: the broker closed the connection")
        data += chunk
    return data


def read_packet(sock):
    first = read_exactly(sock, 1)[0]
    length, shift = 0, 0
    while True:
        b = read_exactly(sock, 1)[0]
        length |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            break
    return first, read_exactly(sock, length)


def main():
    port, client_id, command = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    # CONNECT: protocol "MQTT" level 4, flags 0 (clean session off), keep-alive 60 s.
    sock.sendall(packet(0x10, text("MQTT") + bytes([4, 0]) + struct.pack("!H", 60) + text(client_id)))
    kind, body = read_packet(sock)
    if kind != 0x20 or body[1] != 0:
        sys.exit(f"mqtt_raw_client: CONNACK refused ({body!r})")
    if command == "subscribe":
        sock.sendall(packet(0x82, struct.pack("!H", 1) + text(sys.argv[4]) + bytes([1])))
        kind, body = read_packet(sock)
        if kind != 0x90 or body[2] != 1:
            sys.exit(f"mqtt_raw_client: SUBACK {body!r}")
        sock.sendall(packet(0xE0, b""))  # DISCONNECT
    elif command == "take":
        for _ in range(int(sys.argv[4])):
            kind, body = read_packet(sock)
            if kind >> 4 != 3:
                sys.exit(f"mqtt_raw_client: expected PUBLISH, got packet type {kind >> 4}")
            topic_len = struct.unpack("!H", body[:2])[0]
            topic = body[2:2 + topic_len].decode()
            qos = (kind >> 1) & 3
            payload = body[2 + topic_len + (2 if qos else 0):].decode()
            print(f"dup={(kind >> 3) & 1} {topic} {payload}", flush=True)
        # No PUBACK, no DISCONNECT: the messages stay in flight for the session.
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


if __name__ == "__main__":
    main()
