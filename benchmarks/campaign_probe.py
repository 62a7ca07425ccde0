#!/usr/bin/env python3
"""Times what a user and an application do while a campaign is queued.

Usage: campaign_probe.py BASE KEY CAMPAIGN EMAIL PASSWORD OUT STOPFILE

Three threads, each one request every 50 ms (a user clicking, an application sending), until STOPFILE exists:
  dashboard: the signed-in pages, server-rendered as a browser first loads them: the campaign's page, Contacts, Overview;
  api-read:  the campaign with its figures, the stats API filtered to the campaign, a page of contacts;
  api-send:  a transactional message through the send API (202).
Writes one line per request to OUT: group, path, status, milliseconds, seconds since the start.
"""
import http.client
import http.cookiejar
import json
import os
import re
import sys
import threading
import time
import urllib.parse
import urllib.request

base, key, campaign, email, password, out, stop = sys.argv[1:8]
host = urllib.parse.urlparse(base)
start = time.monotonic()
lines = []
lock = threading.Lock()


def record(group, path, status, ms):
    with lock:
        lines.append(f"{group} {path} {status} {ms:.2f} {time.monotonic() - start:.2f}")


def signed_in_cookie():
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login").read().decode()
    token = re.search(r'<input[^>]*name="__RequestVerificationToken"[^>]*value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"_handler": "login", "__RequestVerificationToken": token,
                                   "Input.Email": email, "Input.Password": password}).encode()
    opener.open(base + "/login", form)
    if not any(not c.name.startswith(".AspNetCore.Antiforgery") for c in jar):
        sys.exit("could not sign in: " + ", ".join(c.name for c in jar))
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def loop(group, requests):
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    i = 0
    while not os.path.exists(stop):
        method, path, body, headers = requests[i % len(requests)]
        i += 1
        began = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
            status = 0
        ms = (time.monotonic() - began) * 1000
        record(group, path.split("?")[0], status, ms)
        time.sleep(max(0, 0.05 - ms / 1000))


api = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
page = {"Cookie": signed_in_cookie()}
send = json.dumps({"from": "orders@bench.test", "to": "buyer@example.org", "subject": "Your order", "text": "Thanks"})
threads = [
    threading.Thread(target=loop, args=("dashboard", [
        ("GET", f"/campaigns/{campaign}", None, page), ("GET", "/contacts", None, page), ("GET", "/", None, page)])),
    threading.Thread(target=loop, args=("api-read", [
        ("GET", f"/api/v1/campaigns/{campaign}", None, api), ("GET", f"/api/v1/stats?campaign={campaign}", None, api),
        ("GET", "/api/v1/contacts?page_size=50", None, api)])),
    threading.Thread(target=loop, args=("api-send", [("POST", "/api/v1/messages", send, api)])),
]
for t in threads:
    t.start()
for t in threads:
    t.join()
with open(out, "w") as f:
    f.write("\n".join(lines) + "\n")
