#!/usr/bin/env python3
"""Submits N messages to SmartSender's send API from C concurrent keep-alive clients; prints per-request latencies.

Usage: load.py URL KEY N CONCURRENCY OUT  (OUT gets one line per request: status and latency in ms)
Recipients follow a provider mix: 40 % gmail.com, 20 % outlook.com, 15 % yahoo.com, 5 % icloud.com, 20 % other domains.
"""
import http.client, json, os, sys, threading, time, urllib.parse

url, key, total, concurrency, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
target = urllib.parse.urlparse(url)
mix = ["gmail.com"] * 8 + ["outlook.com"] * 4 + ["yahoo.com"] * 3 + ["icloud.com"] + ["shop%d.example" % i for i in range(4)]
results, lock, counter = [], threading.Lock(), iter(range(total))


def client():
    conn = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
    headers = {"Authorization": "Bearer " + key, "Content-Type": "application/json"}
    while True:
        with lock:
            i = next(counter, None)
        if i is None:
            return
        body = json.dumps({
            "from": "Bench <orders@bench.test>", "to": "customer%d@%s" % (i, mix[i % len(mix)]),
            "subject": "Your order %d" % i, "text": "Thank you for order %d." % i,
            "html": "<p>Thank you for order <b>%d</b>.</p><p><a href=\"https://bench.test/orders/%d\">See it</a></p>" % (i, i),
            # Marketing: opens and clicks tracked (links rewritten, pixel added) and List-Unsubscribe, all signed.
            "stream": "marketing",
        } | ({"send_at": os.environ["SEND_AT"]} if os.environ.get("SEND_AT") else {}))
        start = time.perf_counter()
        conn.request("POST", "/api/v1/messages", body, headers)
        response = conn.getresponse()
        response.read()
        elapsed = (time.perf_counter() - start) * 1000
        with lock:
            results.append((response.status, elapsed))


threads = [threading.Thread(target=client) for _ in range(concurrency)]
for t in threads:
    t.start()
for t in threads:
    t.join()
with open(out, "w") as f:
    for status, ms in results:
        f.write("%d %.3f\n" % (status, ms))
