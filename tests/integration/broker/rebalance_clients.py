#!/usr/bin/python3
"""A second member that takes a partition away from a running topic node and
gives it back, with python3-confluent-kafka.

  BOOTSTRAP take-and-return GROUP TOPIC
      joins GROUP (roundrobin) next to the running node, waits for one
      partition P of TOPIC's two, writes 50 records into P, reads and
      commits them, and leaves: P goes back to the node. Then it writes 50
      records into the other partition, so the node has new positions to
      commit, waits, and reads the group's committed offset of P: it must not
      be below what this member committed (exit 1 when it is). Prints JSON.
"""
import json
import sys
import time


def take_and_return(bootstrap, group, topic):
    from confluent_kafka import Consumer, Producer, TopicPartition
    b = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False,
                  "auto.offset.reset": "earliest", "partition.assignment.strategy": "roundrobin",
                  "session.timeout.ms": 10000})
    b.subscribe([topic])
    deadline = time.time() + 60
    while time.time() < deadline and not b.assignment():
        b.poll(0.2)
    mine = [tp.partition for tp in b.assignment()]
    if len(mine) != 1:
        sys.exit("expected one of the two partitions, got %s" % mine)
    p = mine[0]
    other = 1 - p
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all"})
    for i in range(50):
        producer.produce(topic, partition=p, value=json.dumps({"id": 100000 + i, "name": "b%d" % i}))
    producer.flush(30)
    got, last = 0, -1
    deadline = time.time() + 30
    while got < 50 and time.time() < deadline:
        m = b.poll(0.2)
        if m is None or m.error():
            continue
        if m.partition() == p and json.loads(m.value())["id"] >= 100000:
            got += 1
            last = max(last, m.offset())
    if got < 50:
        sys.exit("the second member read only %d of its 50 records" % got)
    b.commit(offsets=[TopicPartition(topic, p, last + 1)], asynchronous=False)
    b.close()  # leaves the group: the partition goes back to the node
    time.sleep(4)
    for i in range(50):
        producer.produce(topic, partition=other, value=json.dumps({"id": 200000 + i, "name": "c%d" % i}))
    producer.flush(30)
    time.sleep(4)  # the node reads them and commits at its checkpoints
    probe = Consumer({"bootstrap.servers": bootstrap, "group.id": group})
    committed = probe.committed([TopicPartition(topic, p)], timeout=10)[0].offset
    probe.close()
    print(json.dumps({"partition": p, "second_member_committed": last + 1, "group_committed_after": committed}),
          flush=True)
    if committed < last + 1:
        sys.exit("the group's offset of partition %d went back from %d to %d" % (p, last + 1, committed))


def main():
    bootstrap, cmd, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    {"take-and-return": take_and_return}[cmd](bootstrap, *args)


if __name__ == "__main__":
    main()
