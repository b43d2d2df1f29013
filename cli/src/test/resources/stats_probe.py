# A plain stats-protocol client (Python's socket module only), run inside the test VM.
# Usage: python3 stats_probe.py SOCKET. Prints one JSON object with every answer it got.
import json
import os
import socket
import sys
import time

path = sys.argv[1]
deadline = time.time() + 400  # an emulated guest starts a JVM slowly
while not os.path.exists(path):
    if time.time() > deadline:
        sys.exit("no stats socket at " + path)
    time.sleep(0.2)


def connect():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    return s.makefile("rw", encoding="utf-8")


def ask(f, line):
    f.write(line + "\n")
    f.flush()
    return json.loads(f.readline())


STATS = '{"req":"stats","args":{"target":"top"}}'
a = connect()
b = connect()
out = {"meta": ask(a, '{"req":"stats_meta"}'), "a1": ask(a, STATS)}
time.sleep(1.5)
out["a2"] = ask(a, STATS)
out["b1"] = ask(b, STATS)
out["bad"] = [ask(a, line) for line in ['{"req":"nope"}', "not json at all", '{"req":"stats","args":{"target":"nope"}}', "[]"]]
out["after_bad"] = ask(a, STATS)
print(json.dumps(out))
