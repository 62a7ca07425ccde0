#!/usr/bin/env bash
# A campaign to N contacts (100,000 by default) queued while a user and an application use SmartSender
# (benchmarks/campaign_probe.py: the signed-in dashboard pages, the API's reads, and transactional sends, each about
# 20 a second). Release build, embedded SQLite, delivery off (Instance:Roles without Delivery): what is measured is
# the queueing of the campaign beside the dashboard and the API. The contacts are written straight into the database
# (the import has its own benchmark, import.sh). Prints, for a quiet minute-fraction before the campaign and for the
# time it is being queued: p50, p99 and max latency per group, and how fast the campaign was queued.
# Needs dnsmasq (installed when missing) to verify the sending domain. Usage: benchmarks/campaign.sh [--contacts N]
set -euo pipefail
cd "$(dirname "$0")/.."

contacts=100000
while [ $# -gt 0 ]; do
  case "$1" in
    --contacts) contacts="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]:-}"; do kill "$p" 2>/dev/null || true; done; [ -n "${KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT
command -v dnsmasq >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dnsmasq-base >/dev/null; }
command -v sqlite3 >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 >/dev/null; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }

echo "== machine: $(nproc) cores, $(dotnet --version), a campaign to $contacts contacts"
dotnet build SmartSender.Web -c Release -v q -nologo >"$work/build.log" 2>&1
app_dll=SmartSender.Web/bin/Release/net10.0/SmartSender.Web.dll
dns_port=$(free_port); port=$(free_port)
export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning Database__DataDirectory="$work/data" \
  Dns__Servers__0="127.0.0.1:$dns_port" Domains__SendingIps__0=127.0.0.1 Instance__Roles__0=Dashboard Instance__Roles__1=Api \
  Instance__Roles__2=Tracking Instance__Roles__3=Jobs Submission__Enabled=false Inbound__Port=$(free_port) \
  Quota__Normal__DailyLimit=100000000 Quota__Normal__PerSecond=0 Delivery__Mode=Direct
dotnet "$app_dll" create-admin --email bench@operator.test --password Bench-Password-1 >/dev/null
key=$(dotnet "$app_dll" create-api-key --account Operator --name bench | tail -1)
dotnet "$app_dll" --urls "http://127.0.0.1:$port" >"$work/app.log" 2>&1 & pids+=($!)
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/login" && break; sleep 0.2; done
api="http://127.0.0.1:$port/api/v1"
call() { curl -sf -X "$1" "$api$2" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' ${3:+-d "$3"}; }

# The sending domain, verified against records served by dnsmasq.
call POST /domains '{"name":"bench.test"}' >"$work/domain.json"
python3 - "$work/domain.json" >"$work/dnsmasq.conf" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["records"]:
    if r["type"] == "TXT":
        print("txt-record=%s,%s" % (r["fullName"], ",".join('"%s"' % s for s in r["valueStrings"])))
PY
dnsmasq --keep-in-foreground --port="$dns_port" --listen-address=127.0.0.1 --bind-interfaces --no-resolv --no-hosts \
  --conf-file="$work/dnsmasq.conf" >"$work/dnsmasq.log" 2>&1 & pids+=($!)
sleep 0.5
call POST "/domains/$(json 'd["id"]' <"$work/domain.json")/verify" >/dev/null

# The list, a field, and the contacts with their memberships, in one transaction.
list=$(call POST /lists '{"name":"Everyone"}' | json 'd["id"]')
call POST /contact-fields '{"name":"city","type":"text"}' >/dev/null
account=$(sqlite3 "$work/data/smartsender.db" "SELECT AccountId FROM ContactLists LIMIT 1")
list_upper=$(echo "$list" | tr a-f A-F)
clock=$(date +%s.%N)
sqlite3 "$work/data/smartsender.db" <<SQL
.timeout 10000
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $contacts)
INSERT INTO Contacts (Id, AccountId, Email, Name, FieldsJson, CreatedAt, UpdatedAt)
SELECT printf('00000000-0000-7000-8000-%012X', i), '$account', printf('person%d@example%d.test', i, i % 97), printf('Person %d', i),
       printf('{"city":"City %d"}', i % 1000), '2026-12-01 00:00:00', '2026-12-01 00:00:00' FROM n;
INSERT INTO ListMemberships (ListId, ContactId, Status, ChangedAt, How)
SELECT '$list_upper', Id, 'Subscribed', '2026-12-01 00:00:00', 'benchmark' FROM Contacts;
COMMIT;
SQL
echo "contacts written in $(python3 -c "print(round($(date +%s.%N) - $clock, 1))") s"
template=$(call POST /templates '{"name":"news","subject":"News for {{ name }} in {{ city }}","html":"<p>Hello {{ name }}</p><p><a href=\"https://bench.test/sale\">The sale</a></p>"}' | json 'd["id"]')
campaign=$(call POST /campaigns "{\"name\":\"Bench\",\"template_id\":\"$template\",\"list_id\":\"$list\",\"from\":\"news@bench.test\"}" | json 'd["id"]')
call GET "/campaigns/$campaign/audience" | json '"audience: %d selected, %d recipients" % (d["selected"], d["recipients"])'

python3 benchmarks/campaign_probe.py "http://127.0.0.1:$port" "$key" "$campaign" bench@operator.test Bench-Password-1 "$work/probe.txt" "$work/stop" & probe=$!; pids+=($probe)
sleep 20
quiet_end=$(python3 -c "import time; print(time.monotonic())")
call POST "/campaigns/$campaign/send" '{}' >/dev/null
sent=$(date +%s.%N)
while true; do
  figures=$(call GET "/campaigns/$campaign" | json '"%d %d" % (d["figures"]["queued"] + d["figures"]["skipped"], d["figures"]["recipients"])' 2>/dev/null || echo "0 1")
  set -- $figures
  [ "$2" -gt 0 ] && [ "$1" -ge "$2" ] && break
  sleep 0.5
done
queued=$(date +%s.%N)
touch "$work/stop"; wait "$probe"
echo "campaign queued: $1 messages in $(python3 -c "print(round($queued - $sent, 1))") s ($(python3 -c "print(round($1 / ($queued - $sent)))") messages/s)"
python3 - "$work/probe.txt" 20 "$(python3 -c "print(round($queued - $sent + 20, 1))")" <<'PY'
import sys
path, quiet, end = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
rows = [l.split() for l in open(path) if l.strip()]
def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]
for label, keep in (("before the campaign", lambda t: 2 <= t < quiet), ("while it is queued", lambda t: quiet <= t <= end)):
    print(f"-- {label}")
    for group in ("dashboard", "api-read", "api-send"):
        ms = [float(r[3]) for r in rows if r[0] == group and keep(float(r[4]))]
        bad = sum(1 for r in rows if r[0] == group and keep(float(r[4])) and not r[2].startswith("2"))
        if ms:
            print(f"{group:10} {len(ms):5} requests  p50 {pct(ms, 50):7.1f} ms  p99 {pct(ms, 99):7.1f} ms  max {max(ms):7.1f} ms  errors {bad}")
        for path in sorted({r[1] for r in rows if r[0] == group}):
            ms = [float(r[3]) for r in rows if r[0] == group and r[1] == path and keep(float(r[4]))]
            if ms and len({r[1] for r in rows if r[0] == group}) > 1:
                print(f"  {path[:40]:40} p50 {pct(ms, 50):7.1f} ms  p99 {pct(ms, 99):7.1f} ms")
PY
