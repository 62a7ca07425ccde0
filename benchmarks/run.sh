#!/usr/bin/env bash
# Prints SmartSender's figures: clean build time, test-suite time, idle memory of the app, and the rate at
# which the send API accepts messages and the Hangfire jobs deliver them (DKIM-signed) to a local SMTP server.
# The sending domain is verified against a real DNS server (dnsmasq on 127.0.0.1, installed when missing).
# Usage: benchmarks/run.sh [--skip-tests] [--messages N]
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/bench-domain.sh

skip_tests=false
messages=300
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-tests) skip_tests=true ;;
    --messages) messages="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]:-}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

command -v dnsmasq >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dnsmasq-base >/dev/null; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.1f}')"; }

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(dotnet --version)"

# 1. Clean build (Release), with node_modules already present.
dotnet build-server shutdown >/dev/null 2>&1 || true
rm -rf SmartSender.*/bin SmartSender.*/obj
t0=$(now); dotnet build SmartSender.sln -c Release -v q -nologo >"$work/build.log" 2>&1; t1=$(now)
echo "clean build (Release, whole solution): $(elapsed "$t0" "$t1") s"

# 2. The README's test command.
if [ "$skip_tests" = false ]; then
  t0=$(now); ./test.sh >"$work/test.log" 2>&1; t1=$(now)
  echo "test suite (./test.sh, warm build): $(elapsed "$t0" "$t1") s — $(grep -E 'Passed!|Failed!' "$work/test.log" | sed 's/.*Failed:/Failed:/; s/, Duration.*//')"
fi

# 3. Rendering and signing on one core (a plain harness; see benchmarks/SmartSender.Benchmarks).
dotnet run -c Release --project benchmarks/SmartSender.Benchmarks 2>/dev/null | grep -v NU1603

# 4. The app, idle, and the send path.
app_dll=SmartSender.Web/bin/Release/net10.0/SmartSender.Web.dll
app_port=$(free_port); smtp_port=$(free_port); dns_port=$(free_port); inbound_port=$(free_port)
export Database__DataDirectory="$work/data" Delivery__Relay__Host=127.0.0.1 Delivery__Relay__Port=$smtp_port Delivery__Relay__Security=None \
  ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  Dns__Servers__0="127.0.0.1:$dns_port" Domains__SendingIps__0=127.0.0.1 Inbound__Port=$inbound_port Submission__Enabled=false
dotnet "$app_dll" dev-smtp --port "$smtp_port" >"$work/smtp.log" 2>&1 & pids+=($!)
dotnet "$app_dll" create-admin --email bench@operator.test --password Bench-Password-1 >/dev/null
key=$(dotnet "$app_dll" create-api-key --account Operator --name bench | tail -1)
dotnet "$app_dll" --urls "http://127.0.0.1:$app_port" >"$work/app.log" 2>&1 & app_pid=$!; pids+=($app_pid)
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$app_port/login" && break; sleep 0.2; done
curl -sf -o /dev/null "http://127.0.0.1:$app_port/login"
sleep 20
rss=$(awk '/VmRSS/{print $2}' /proc/$app_pid/status)
echo "idle app (Release, 20 s after start, one page served): RSS $((rss / 1024)) MiB"

# A sending domain, its records served by dnsmasq, verified through the API.
api="http://127.0.0.1:$app_port/api/v1"
verify_bench_domain && echo "domain bench.test verified against dnsmasq on 127.0.0.1"

body='{"from":"Bench <bench@bench.test>","to":"ann@example.test","subject":"Benchmark","text":"Hello","html":"<p>Hello</p>"}'
t0=$(now)
seq 1 "$messages" | xargs -P 8 -I{} curl -s -o /dev/null -w '%{http_code}\n' -X POST "http://127.0.0.1:$app_port/api/v1/messages" \
  -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d "$body" >"$work/codes.txt"
t1=$(now)
accepted=$(grep -c '^202$' "$work/codes.txt" || true)
echo "send API: $accepted/$messages accepted (202) in $(elapsed "$t0" "$t1") s = $(python3 -c "print(round($accepted/($t1-$t0)))") msg/s (8 concurrent curl clients)"
deadline=$(( $(date +%s) + 300 ))
while [ "$(ls "$work/data/dev-smtp" 2>/dev/null | wc -l)" -lt "$accepted" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.2; done
t2=$(now)
delivered=$(ls "$work/data/dev-smtp" | wc -l)
echo "delivery: $delivered/$accepted at the SMTP server $(elapsed "$t0" "$t2") s after the first request = $(python3 -c "print(round($delivered/($t2-$t0)))") msg/s (DKIM-signed, through the delivery pump, SQLite storage)"
rss=$(awk '/VmRSS/{print $2}' /proc/$app_pid/status); hwm=$(awk '/VmHWM/{print $2}' /proc/$app_pid/status)
echo "app after the run: RSS $((rss / 1024)) MiB, peak $((hwm / 1024)) MiB"
