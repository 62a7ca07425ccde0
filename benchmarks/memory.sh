#!/usr/bin/env bash
# Memory under the largest messages: the app's RSS idle, while eight maximal send requests (a text body just under
# Delivery:MaxMessageBytes each) are accepted at once, and every 10 s for a minute after, when it should be back
# within 20 % of idle. One request over the limit shows the 413 it gets while being read.
# Usage: benchmarks/memory.sh   (builds Release first when needed)
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/bench-domain.sh

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]:-}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

command -v dnsmasq >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dnsmasq-base >/dev/null; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss() { echo $(( $(awk '/VmRSS/{print $2}' /proc/$1/status) / 1024 )); }
# Where the resident memory is: anonymous mappings (the GC's heap, the C allocator's arenas) apart from mapped files.
breakdown() {
  python3 - "$1" <<'PY'
import re, sys
rows, cur = [], None
for line in open(f"/proc/{sys.argv[1]}/smaps"):
    if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
        parts = line.split(); cur = [parts[5] if len(parts) > 5 else "anonymous", 0]; rows.append(cur)
    elif line.startswith("Rss:"):
        cur[1] = int(line.split()[1])
anon = sum(r[1] for r in rows if r[0] == "anonymous"); jit = sum(r[1] for r in rows if "doublemapper" in r[0])
files = sum(r[1] for r in rows) - anon - jit
print(f"    anonymous {anon // 1024} MiB, JIT code (doublemapper) {jit // 1024} MiB, files {files // 1024} MiB")
PY
}

app_dll=SmartSender.Web/bin/Release/net10.0/SmartSender.Web.dll
dotnet build SmartSender.Web -c Release -v q -nologo >"$work/build.log" 2>&1 || { tail -20 "$work/build.log"; exit 1; }
app_port=$(free_port); smtp_port=$(free_port); dns_port=$(free_port); inbound_port=$(free_port)
export Database__DataDirectory="$work/data" Delivery__Relay__Host=127.0.0.1 Delivery__Relay__Port=$smtp_port Delivery__Relay__Security=None \
  ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning Logging__LogLevel__SmartSender=Information \
  Dns__Servers__0="127.0.0.1:$dns_port" Domains__SendingIps__0=127.0.0.1 Inbound__Port=$inbound_port Submission__Enabled=false
dotnet "$app_dll" dev-smtp --port "$smtp_port" >"$work/smtp.log" 2>&1 & pids+=($!)
dotnet "$app_dll" create-admin --email bench@operator.test --password Bench-Password-1 >/dev/null
key=$(dotnet "$app_dll" create-api-key --account Operator --name bench | tail -1)
dotnet "$app_dll" --urls "http://127.0.0.1:$app_port" >"$work/app.log" 2>&1 & app_pid=$!; pids+=($app_pid)
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$app_port/login" && break; sleep 0.2; done

api="http://127.0.0.1:$app_port/api/v1"
verify_bench_domain

sleep 20
echo "fresh start (Release, Production, 20 s after start, nothing sent yet): RSS $(rss $app_pid) MiB"

# Idle is the quiet size of a process that has served: one ordinary message accepted, built, signed and delivered
# loads the code of every step, which stays mapped whatever the message size.
curl -sf -o /dev/null -X POST "$api/messages" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d '{"from":"Bench <bench@bench.test>","to":"warm@example.test","subject":"Warm","text":"Hello"}'
for _ in $(seq 1 100); do [ "$(ls "$work/data/dev-smtp" 2>/dev/null | wc -l)" -ge 1 ] && break; sleep 0.2; done
sleep 20
idle=$(rss $app_pid)
echo "idle (20 s after one ordinary message was delivered): RSS $idle MiB"
breakdown $app_pid
awk '/^(Anonymous|Private_Dirty)/{printf "    %s %d MiB\n", $1, $2/1024}' /proc/$app_pid/smaps_rollup

limit=$(python3 -c 'import json; print(json.load(open("appsettings.json"))["Delivery"]["MaxMessageBytes"])')
for i in $(seq 1 8); do
  python3 - "$limit" "$i" >"$work/body$i.json" <<'PY'
import json, sys
limit, i = int(sys.argv[1]), sys.argv[2]
text = ("The quick brown fox jumps over the lazy dog. " * (limit // 45))[: limit - 2000]
print(json.dumps({"from": "Bench <bench@bench.test>", "to": f"big{i}@example.test", "subject": f"Big {i}", "text": text}))
PY
done
python3 - "$limit" >"$work/over.json" <<'PY'
import json, sys
print(json.dumps({"from": "Bench <bench@bench.test>", "to": "over@example.test", "subject": "Over", "text": "x" * (int(sys.argv[1]) + 1000)}))
PY

peak=$idle
( while kill -0 $app_pid 2>/dev/null; do rss $app_pid; sleep 0.2; done ) >"$work/rss.log" & pids+=($!)
seq 1 8 | xargs -P 8 -I{} curl -s -o /dev/null -w '%{http_code}\n' -X POST "$api/messages" \
  -H "Authorization: Bearer $key" -H 'Content-Type: application/json' --data-binary "@$work/body{}.json" >"$work/codes.txt"
over=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$api/messages" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' --data-binary "@$work/over.json")
echo "8 maximal requests ($(( limit / 1024 / 1024 )) MiB text each): $(sort "$work/codes.txt" | uniq -c | tr '\n' ' ')| one over the limit: $over"
after=$(rss $app_pid)
peak=$(sort -n "$work/rss.log" | tail -1)
echo "right after: RSS $after MiB (peak $peak MiB)"
for s in 10 20 30 40 50 60 70 80 90; do
  sleep 10
  echo "  +${s} s: RSS $(rss $app_pid) MiB, $(python3 -c "print(round($(grep -a 'given back' "$work/app.log" | tail -1 | grep -oE '[0-9]+ MiB kept' | grep -oE '[0-9]+' || echo 0)))") MiB kept at the last release (RSS)"
  grep -q "^Private_Dirty" /proc/$app_pid/smaps_rollup && awk '/^(Anonymous|Private_Dirty)/{printf "    %s %d MiB\n", $1, $2/1024}' /proc/$app_pid/smaps_rollup
done
final=$(rss $app_pid)
breakdown $app_pid
grep -a 'given back' "$work/app.log" | sed 's/^.*Quiet/  Quiet/' || true
echo "a minute later: RSS $final MiB = $(python3 -c "print(f'{($final - $idle) / $idle * 100:+.0f} %')") of idle (target within 20 %); delivered: $(( $(ls "$work/data/dev-smtp" 2>/dev/null | wc -l) - 1 ))/8"
# MEMORY_HOLD=seconds keeps the app running after the figures, for a dump (dotnet-dump collect -p <pid>).
if [ -n "${MEMORY_HOLD:-}" ]; then echo "holding the app (pid $app_pid) for $MEMORY_HOLD s"; sleep "$MEMORY_HOLD"; fi
