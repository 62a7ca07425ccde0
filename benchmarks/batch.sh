#!/usr/bin/env bash
# Batch sends beside single sends, in one sitting, on SQLite in Production mode; acceptance alone is measured (every
# message is scheduled a day ahead, so delivery takes no CPU from it):
#  1. N single sends through POST /api/v1/messages from 16 keep-alive clients.
#  2. 4N messages through POST /api/v1/messages/batch in batches of 500 from 2 clients.
# The app's resident memory is read before and at its peak during each run, and the messages stored are counted.
# Usage: benchmarks/batch.sh [--messages N]
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/bench-domain.sh

messages=4000
while [ $# -gt 0 ]; do
  case "$1" in
    --messages) messages="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
batch=500
batches=$(( messages * 4 / batch ))

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]:-}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

command -v dnsmasq >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dnsmasq-base >/dev/null; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(dotnet --version)"
dotnet build SmartSender.Web -c Release -v q -nologo >/dev/null
dotnet build benchmarks/SmartSender.Load -c Release -v q -nologo >/dev/null
app_dll=SmartSender.Web/bin/Release/net10.0/SmartSender.Web.dll
http_load=benchmarks/SmartSender.Load/bin/Release/net10.0/SmartSender.Load.dll

app_port=$(free_port); smtp_port=$(free_port); dns_port=$(free_port)
export Database__DataDirectory="$work/data" Delivery__Relay__Host=127.0.0.1 Delivery__Relay__Port=$smtp_port Delivery__Relay__Security=None \
  ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning Quota__Normal__DailyLimit=10000000 Quota__Normal__PerSecond=0 \
  Dns__Servers__0="127.0.0.1:$dns_port" Domains__SendingIps__0=127.0.0.1 Inbound__Port=$(free_port) Submission__Port=0 Submission__TlsPort=0
dotnet "$app_dll" create-admin --email bench@operator.test --password Bench-Password-1 >/dev/null
key=$(dotnet "$app_dll" create-api-key --account Operator --name bench | tail -1)
dotnet "$app_dll" --urls "http://127.0.0.1:$app_port" >>"$work/app.log" 2>&1 & app_pid=$!; pids+=($app_pid)
for _ in $(seq 1 150); do curl -sf -o /dev/null "http://127.0.0.1:$app_port/login" && break; sleep 0.2; done

api="http://127.0.0.1:$app_port/api/v1"
verify_bench_domain
export SEND_AT=$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)

rss() { awk '/VmRSS/{print int($2/1024)}' "/proc/$app_pid/status"; }
peak() { awk '/VmHWM/{print int($2/1024)}' "/proc/$app_pid/status"; }
reset_peak() { echo 5 > "/proc/$app_pid/clear_refs" 2>/dev/null || true; }
rate() { # FILE OK-CODE MESSAGES-PER-REQUEST
  python3 - "$@" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1])]
ok = [float(r[1]) for r in rows if r[0] == sys.argv[2]]
span = max(float(r[2]) + float(r[1]) for r in rows) / 1000
ok.sort()
p = lambda q: ok[min(len(ok) - 1, int(q * len(ok)))]
n = len(ok) * int(sys.argv[3])
print(f"{n} {n / span:.0f} {p(.5):.1f} {p(.99):.1f} {len(rows)} {span:.1f}")
PY
}

# Warm both paths (JIT, connection pools), then measure each.
dotnet "$http_load" "http://127.0.0.1:$app_port" "$key" 1000 16 "$work/warm-single" >/dev/null
BATCH=$batch dotnet "$http_load" "http://127.0.0.1:$app_port" "$key" 4 2 "$work/warm-batch" >/dev/null

reset_peak; r0=$(rss)
dotnet "$http_load" "http://127.0.0.1:$app_port" "$key" "$messages" 16 "$work/single"
read -r n1 rate1 p50 p99 reqs span < <(rate "$work/single" 202 1)
echo "Single sends (16 clients): $n1 accepted in $span s = $rate1 msg/s, request p50 $p50 ms, p99 $p99 ms; RSS $r0 MB before, peak $(peak) MB"

reset_peak; r0=$(rss)
BATCH=$batch dotnet "$http_load" "http://127.0.0.1:$app_port" "$key" "$batches" 2 "$work/batch"
read -r n2 rate2 p50 p99 reqs span < <(rate "$work/batch" 200 $batch)
echo "Batches of $batch (2 clients): $n2 accepted in $reqs requests in $span s = $rate2 msg/s, request p50 $p50 ms, p99 $p99 ms; RSS $r0 MB before, peak $(peak) MB"
body=$(python3 -c "
import json
print(len(json.dumps({'messages': [{'from': 'Bench <orders@bench.test>', 'to': f'customer{i}@gmail.com', 'subject': f'Your order {i}', 'text': f'Thank you for order {i}.',
  'html': f'<p>Thank you for order <b>{i}</b>.</p><p><a href=\"https://bench.test/orders/{i}\">See it</a></p>', 'stream': 'marketing', 'send_at': '$SEND_AT'} for i in range($batch)]})))")
echo "  a request of $batch items is $((body / 1024)) KiB of JSON"
echo "Batch / single: $(python3 -c "print(f'{$rate2 / $rate1:.1f}')") x"

stored=$(curl -sf "$api/stats" -H "Authorization: Bearer $key" | python3 -c 'import json,sys; print(json.load(sys.stdin)["totals"]["submitted"])')
expected=$(( 1000 + 4 * batch + messages + batches * batch ))
echo "Messages stored: $stored of $expected accepted"
[ "$stored" = "$expected" ] || { echo "stored count differs" >&2; exit 1; }
