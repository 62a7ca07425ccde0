#!/usr/bin/env bash
# SmartSender's delivery against Postfix on this machine, both into the same loopback sink (Postfix's smtp-sink).
#  1. SmartSender (Release, embedded SQLite, direct delivery with every domain routed to the sink, DKIM RSA-2048):
#     N messages through the send API from 16 keep-alive clients (benchmarks/SmartSender.Load, compiled like smtp-source;
#     marketing: tracking on), a provider mix of recipients, lanes set high
#     enough not to throttle. Prints accepted/s, delivered/s (first request to last delivery), API p50/p99, peak RSS,
#     and the CPU per message of the app and of the load client.
#  2. Postfix (default settings, relayhost = the sink, no DKIM): N messages by SMTP with smtp-source (20 sessions).
#  3. The loopback limit: smtp-source straight into smtp-sink.
#  Both first take --warmup W messages (default 5,000; 0 for none) the same way, delivered before the clock starts:
#  the figures are of a running server, past the .NET runtime's compiling of hot code (Postfix has none to do).
#  SmartSender's load client sends its warm-up from the same process, so its own start is behind it as well.
# Needs root (installs postfix and dnsmasq when missing).
# Usage: benchmarks/delivery.sh [--messages N] [--warmup W] [--rate R] [--trace FILE] [--perf] [--commits] [--only-smartsender] [--accept-only]
#                               [--postgres [--pg-statements] [--pg-only]]
#  --postgres: after the SQLite run, the same load against SmartSender on PostgreSQL (a private cluster started for the
#              run on a free loopback port, fsync on, as a server would run): one instance, then two instances on the
#              same database behind two API addresses (the load client deals its 16 clients out between them), each on a
#              fresh database; then a line with the three side by side. --pg-only leaves out the SQLite run.
#              PG_EXTRA="-c name=value …" adds server settings (e.g. -c synchronous_commit=off to see what the flushes cost).
#              PG_INSTANCES=1 or 2 runs only that PostgreSQL configuration.
#              Prints the CPU PostgreSQL spent per message beside the app's.
#  --pg-statements: with --postgres, loads pg_stat_statements and prints the statements of the measured load that took
#                   the most server time, with their calls per message.
#  --rate R: the measured messages are sent at R per second whatever the app does (an open loop, from up to 64
#            connections), each latency counted from when its message was due; without it, 16 clients send back to
#            back (a closed loop, whose mean latency is 16 divided by the rate the app accepts at).
#  --accept-only: the messages are scheduled two days ahead, so only acceptance is measured (implies --only-smartsender).
#  --trace FILE: samples the app's threads with dotnet-trace during the load and writes FILE (speedscope JSON) and a
#                summary of where the busy threads spent their time (benchmarks/trace_top.py).
#  --perf: samples every app process on the CPU with perf during the measured load (JIT-compiled frames named through
#          the runtime's perf map) and prints where the CPU went, by library and by function, per instance count.
#  --commits: reads the app's group-commit metrics (GroupCommitMetrics) and GC pauses with dotnet-counters during the
#             measured load and prints them (benchmarks/commit_metrics.py). dotnet-counters shares the machine, so
#             compare rates with runs without it. It writes its file in blocks and a signal ends it without the last
#             one (it saves whole only on a "q" at a terminal), so the last seconds are missing, and a load of under
#             about half a minute may show none.
set -euo pipefail
cd "$(dirname "$0")/.."

messages=20000
warmup=5000
rate=""
trace=""
commits=""
perf=""
only_smartsender=""
postgres=""
pg_statements=""
pg_only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --messages) messages="$2"; shift ;;
    --warmup) warmup="$2"; shift ;;
    --rate) rate="$2"; shift ;;
    --trace) trace="$(realpath -m "$2")"; shift ;;
    --commits) commits=1 ;;
    --perf) perf=1 ;;
    --only-smartsender) only_smartsender=1 ;;
    --postgres) postgres=1 ;;
    --pg-statements) pg_statements=1 ;;
    --pg-only) pg_only=1 ;;
    --accept-only) only_smartsender=1; export SEND_AT="$(date -u -d '+2 days' +%Y-%m-%dT%H:%M:%SZ)" ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

work=$(mktemp -d)
pids=()
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
cleanup() {
  for p in "${pids[@]:-}"; do kill "$p" 2>/dev/null || true; done; postfix stop >/dev/null 2>&1 || true
  [ -z "$postgres" ] || runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg/cluster" -m fast stop >/dev/null 2>&1 || true
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

if ! command -v smtp-sink >/dev/null || ! command -v dnsmasq >/dev/null; then
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix dnsmasq-base >/dev/null
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
rate() { python3 -c "print(round($1 / ($3 - $2)))"; }
cpu_ms() { awk '{print ($14 + $15) * 1000 / '"$(getconf CLK_TCK)"'}' "/proc/$1/stat"; }
# PostgreSQL's CPU: the postmaster's own and its finished children's, and that of the backends alive now.
pg_cpu_ms() {
  local pm; pm=$(head -1 "$work/pg/cluster/postmaster.pid")
  { awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat"; for c in $(pgrep -P "$pm"); do awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null; done; } |
    awk '{s += $1} END {print s * 1000 / '"$(getconf CLK_TCK)"'}'
}

# The sink counts what it accepts; -c prints a running counter.
sink_port=$(free_port)
start_sink() {
  smtp-sink -u nobody -c "127.0.0.1:$sink_port" 1000 >"$work/sink.out" 2>&1 & sink_pid=$!; pids+=($sink_pid)
  for _ in $(seq 1 50); do (echo > "/dev/tcp/127.0.0.1/$sink_port") 2>/dev/null && return; sleep 0.1; done
}
stop_sink() { kill "$sink_pid" 2>/dev/null || true; wait "$sink_pid" 2>/dev/null || true; }
sink_count() { tail -c 200 "$work/sink.out" | tr '\r' '\n' | grep -oE 'mesg=[0-9]+' | tail -1 | cut -d= -f2 || echo 0; }
# One process reads the counter's last bytes every 20 ms: a shell loop would start five processes each time, and their
# CPU would come out of what the measured server gets on these two cores.
wait_for_sink() {
  python3 - "$work/sink.out" "$1" <<'PY'
import re, sys, time
path, want = sys.argv[1], sys.argv[2]
deadline = time.monotonic() + 600
with open(path, "rb") as f:
    while time.monotonic() < deadline:
        f.seek(0, 2)
        f.seek(max(0, f.tell() - 200))
        counts = re.findall(rb"mesg=(\d+)", f.read())
        if counts and counts[-1].decode() == want:
            break
        time.sleep(0.02)
PY
}

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(dotnet --version), $messages messages"
dotnet build SmartSender.Web -c Release -v q -nologo >"$work/build.log" 2>&1
dotnet build benchmarks/SmartSender.Load -c Release -v q -nologo >>"$work/build.log" 2>&1

# 1. SmartSender: run_smartsender LABEL PROVIDER INSTANCES, on a fresh database each time.
if [ -n "$postgres" ]; then
  if [ -z "$pg_bin" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1); fi
  chmod 755 "$work" && mkdir -p "$work/pg" && chown postgres "$work/pg"
  pg_port=$(free_port)
  runuser -u postgres -- "$pg_bin/initdb" -D "$work/pg/cluster" -U postgres --auth=trust -E UTF8 >/dev/null
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg/cluster" -l "$work/pg/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -c unix_socket_directories=$work/pg -c max_connections=200 -c shared_buffers=256MB ${pg_statements:+-c shared_preload_libraries=pg_stat_statements} ${PG_EXTRA:-}" start >/dev/null
fi
app_dll=SmartSender.Web/bin/Release/net10.0/SmartSender.Web.dll
export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning Logging__LogLevel__SmartSender=Information \
  Domains__SendingIps__0=127.0.0.1 Delivery__Mode=Direct Delivery__Direct__LocalAddress=127.0.0.1 Delivery__Direct__EhloName=mta.bench.test \
  Delivery__Lanes__Default__PerHour=10000000 Delivery__Lanes__Default__PerDay=100000000 \
  Delivery__Lanes__Default__Connections=4 Delivery__Lanes__Default__MessagesPerConnection=1000 \
  Quota__Normal__DailyLimit=100000000 Quota__Normal__PerSecond=0 Quota__Good__DailyLimit=100000000 Quota__Good__PerSecond=0
# Cluster-wide WAL figures and checkpoint count: records|fpi|bytes|syncs|checkpoints.
pg_wal() { psql -h 127.0.0.1 -p "$pg_port" -U postgres -qAt -c "SELECT w.wal_records || '|' || w.wal_fpi || '|' || w.wal_bytes || '|' || w.wal_sync || '|' || (b.checkpoints_timed + b.checkpoints_req) FROM pg_stat_wal w, pg_stat_bgwriter b"; }
# Without the runtime's double mapping of code, perf can name the JIT-compiled functions from the perf map.
[ -z "$perf" ] || export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
psql_app() { psql -h 127.0.0.1 -p "$pg_port" -U postgres -d "$pg_db" -qAt "$@"; }

run_smartsender() {
  local label=$1 provider=$2 instances=$3 run=$work/$1
  mkdir -p "$run"
  local dns_port; dns_port=$(free_port)
  export Dns__Servers__0="127.0.0.1:$dns_port" Database__DataDirectory="$run/data"
  if [ "$provider" = postgres ]; then
    pg_db="smartsender_$label"
    psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE $pg_db" >/dev/null
    export Database__Provider=Postgres Database__ConnectionString="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$pg_db;Maximum Pool Size=100"
    echo "== SmartSender on PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}'), $instances instance(s) behind $instances API address(es)"
  else
    unset Database__Provider Database__ConnectionString
    echo "== SmartSender on SQLite"
  fi
  dotnet "$app_dll" create-admin --email bench@operator.test --password Bench-Password-1 >/dev/null
  local key; key=$(dotnet "$app_dll" create-api-key --account Operator --name bench | tail -1)
  start_sink
  app_pids=(); local urls=""
  for n in $(seq 1 "$instances"); do
    local port; port=$(free_port)
    Delivery__InstanceName="bench-$n" Inbound__Port=$(free_port) Submission__Enabled=false Database__DataDirectory="$run/data${n#1}" \
      dotnet "$app_dll" --urls "http://127.0.0.1:$port" "--Delivery:Direct:Routes:*=127.0.0.1:$sink_port" >"$run/app$n.log" 2>&1 & app_pids+=($!); pids+=($!)
    for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/login" && break; sleep 0.2; done
    urls="${urls:+$urls,}http://127.0.0.1:$port"
    # The domain is added and verified once, through the first instance.
    if [ "$n" = 1 ]; then
      local api="http://127.0.0.1:$port/api/v1"
      curl -sf -X POST "$api/domains" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d '{"name":"bench.test"}' >"$run/domain.json"
      python3 - "$run/domain.json" >"$run/dnsmasq.conf" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["records"]:
    if r["type"] == "TXT":
        print("txt-record=%s,%s" % (r["fullName"], ",".join('"%s"' % s for s in r["valueStrings"])))
PY
      dnsmasq --keep-in-foreground --port="$dns_port" --listen-address=127.0.0.1 --bind-interfaces --no-resolv --no-hosts \
        --conf-file="$run/dnsmasq.conf" >"$run/dnsmasq.log" 2>&1 & dns_pid=$!; pids+=($dns_pid)
      sleep 0.5
      local domain_id; domain_id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$run/domain.json")
      curl -sf -X POST "$api/domains/$domain_id/verify" -H "Authorization: Bearer $key" >/dev/null
    fi
  done
  local app_pid=${app_pids[0]}

  if [ -n "$trace" ]; then
    # Ten seconds into the load (past start-up and the first compilations), for twenty seconds.
    export PATH="$PATH:$HOME/.dotnet/tools"
    command -v dotnet-trace >/dev/null || dotnet tool install -g dotnet-trace >/dev/null
    (sleep 10; dotnet-trace collect -p "$app_pid" --profile dotnet-sampled-thread-time --duration 00:00:00:20 --format Speedscope \
      -o "$run/app.nettrace" >"$run/trace.log" 2>&1) & trace_pid=$!
  fi
  # One load process sends the warm-up and then, once it is delivered, the measured messages: the load's own start (its
  # compiling, its connections) stays out of the figures, as smtp-source has none.
  local conc=16; [ -z "$rate" ] || conc=64
  WARMUP=$warmup dotnet benchmarks/SmartSender.Load/bin/Release/net10.0/SmartSender.Load.dll "$urls" "$key" "$messages" "$conc" \
    "$run/latency.txt" ${rate:+"$rate"} >"$run/load.out" 2>&1 & local load_pid=$!; pids+=($load_pid)
  if [ "$warmup" -gt 0 ]; then
    while ! grep -q "warmed up" "$run/load.out"; do kill -0 "$load_pid" 2>/dev/null || { cat "$run/load.out" >&2; exit 1; }; sleep 0.1; done
    [ -n "${SEND_AT:-}" ] || wait_for_sink "$(awk '/warmed up/{print $3}' "$run/load.out")"
    echo "SmartSender: warmed up with $warmup messages, delivered before the clock starts"
  fi
  if [ -n "$commits" ]; then
    export PATH="$PATH:$HOME/.dotnet/tools"
    command -v dotnet-counters >/dev/null || dotnet tool install -g dotnet-counters >/dev/null
    dotnet-counters collect -p "$app_pid" --counters "SmartSender.Persistence,System.Runtime[dotnet.gc.pause.time]" --format csv \
      -o "$run/counters.csv" >"$run/counters.log" 2>&1 & counters_pid=$!; pids+=($counters_pid)
    for _ in $(seq 1 100); do grep -q "Starting a counter session" "$run/counters.log" 2>/dev/null && break; sleep 0.1; done
  fi
  [ "$provider" != postgres ] || [ -z "$pg_statements" ] || psql_app -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" -c "SELECT pg_stat_statements_reset()" -c "SELECT pg_stat_reset()" >/dev/null
  local base t0 t1 t2 cpu0 cpu2 pg0 pg2 wal0 wal2
  base=$(sink_count)
  if [ -n "$perf" ]; then
    perf record -F 499 -g -p "$(IFS=,; echo "${app_pids[*]}")" -o "$run/perf.data" >"$run/perf.log" 2>&1 & perf_pid=$!
    sleep 0.5
  fi
  local each0; each0=$(for p in "${app_pids[@]}"; do cpu_ms "$p"; done | paste -sd' ')
  t0=$(now); cpu0=$(apps_cpu_ms); [ "$provider" != postgres ] || { pg0=$(pg_cpu_ms); wal0=$(pg_wal); }
  touch "$run/latency.txt.go"
  wait "$load_pid"
  t1=$(now)
  local accepted; accepted=$(grep -c '^202 ' "$run/latency.txt" || true)
  [ -n "${SEND_AT:-}" ] || wait_for_sink "$((base + accepted))"
  t2=$(now); cpu2=$(apps_cpu_ms); [ "$provider" != postgres ] || { pg2=$(pg_cpu_ms); wal2=$(pg_wal); }
  local delivered=$(( $(sink_count) - base ))
  if [ -n "$perf" ]; then
    kill -INT "$perf_pid"; wait "$perf_pid" 2>/dev/null || true
    echo "SmartSender: CPU samples by library, then by function (self), during the measured load"
    { perf report -i "$run/perf.data" --no-children --sort pid --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | head -4 | sed 's/^/  /'
      perf report -i "$run/perf.data" --no-children --sort dso --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | head -12 | sed 's/^/  /'
      perf report -i "$run/perf.data" --no-children --sort sym --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | head -40 | cut -c1-160 | sed 's/^/  /'; } || true
  fi
  if [ "$instances" -gt 1 ]; then
    # Each instance's share: its CPU during the load and the deliveries it recorded (warm-up included), from /metrics.
    local n=0 each2; each2=$(for p in "${app_pids[@]}"; do cpu_ms "$p"; done | paste -sd' ')
    for url in ${urls//,/ }; do
      n=$((n + 1))
      local sent; sent=$({ curl -s "$url/metrics" || true; } | awk '/^smartsender_message_events_total\{/ && /event="delivered"/ {s += $NF} END {print s + 0}')
      python3 -c "import sys; a, b = sys.argv[1].split(), sys.argv[2].split(); i = $n - 1; print(f'SmartSender: instance $n: {(float(b[i]) - float(a[i])) / 1000:.1f} s of CPU during the load; {sys.argv[3]} deliveries recorded since it started')" "$each0" "$each2" "$sent"
    done
  fi
  local hwm; hwm=$(for p in "${app_pids[@]}"; do awk '/VmHWM/{print int($2 / 1024)}' "/proc/$p/status"; done | paste -sd+)
  local p50 p99
  read -r p50 p99 < <(awk '{print $2}' "$run/latency.txt" | sort -n | awk '{a[NR]=$1} END {print a[int(NR*0.5)], a[int(NR*0.99)]}')
  ss_rate=$(rate "$delivered" "$t0" "$t2")
  [ "$label" != sqlite ] || sqlite_rate=$ss_rate
  results+=("$label: $ss_rate delivered/s, API p99 $p99 ms")
  echo "SmartSender: $accepted/$messages accepted at $(rate "$accepted" "$t0" "$t1") msg/s; $delivered delivered at $ss_rate msg/s (first request to last delivery, DKIM RSA-2048, durable)"
  local refused; refused=$(awk '$1 != 202 {print $1}' "$run/latency.txt" | sort | uniq -c | awk '{printf "%s× %s ", $1, $2}')
  [ -z "$refused" ] || echo "SmartSender: not accepted: $refused"
  local clients="16 clients"; [ -z "$rate" ] || clients="sent at $rate/s, timed from when due"
  echo "SmartSender: API latency p50 ${p50} ms, p99 ${p99} ms ($clients); peak memory (VmHWM) $hwm MiB"
  python3 -c "print(f'SmartSender: app CPU {($cpu2 - $cpu0) / $accepted:.2f} ms per message, {($cpu2 - $cpu0) / 1000 / ($t2 - $t0):.2f} cores busy on average; the load client {float(open(\"$run/latency.txt.cpu\").read()) * 1000 / $messages:.2f} ms per message')"
  if [ "$provider" = postgres ]; then
    python3 -c "print(f'PostgreSQL: CPU {($pg2 - $pg0) / $accepted:.2f} ms per message, {($pg2 - $pg0) / 1000 / ($t2 - $t0):.2f} cores busy on average')"
    # WAL per message (records, full-page images, bytes), WAL flushes, and the checkpoints that began during the load.
    python3 - "$wal0" "$wal2" "$accepted" <<'PY'
import sys
a, b, n = [float(x) for x in sys.argv[1].split("|")], [float(x) for x in sys.argv[2].split("|")], int(sys.argv[3])
d = [y - x for x, y in zip(a, b)]
print(f"PostgreSQL: WAL {d[0] / n:.1f} records, {d[1] / n:.2f} full-page images, {d[2] / n / 1024:.1f} KiB per message; "
      f"{d[3] / n:.2f} WAL flushes per message; {int(d[4])} checkpoint(s) during the load")
PY
    if [ -n "$pg_statements" ]; then
      echo "PostgreSQL: statements by server time during the measured load (calls per message, ms per call, share of the time, rows, buffers hit, full-page images per call)"
      psql_app -F $'\t' -c "SELECT round(calls::numeric / $accepted, 2), round((total_exec_time / calls)::numeric, 3),
          round((100 * total_exec_time / sum(total_exec_time) OVER ())::numeric, 1) || '%', round(rows::numeric / calls, 1),
          round(shared_blks_hit::numeric / calls, 1), round(wal_fpi::numeric / calls, 2), left(regexp_replace(query, '\s+', ' ', 'g'), 150)
        FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '$pg_db')
        ORDER BY total_exec_time DESC LIMIT 20" | sed 's/^/  /'
      echo "PostgreSQL: tables and indexes by buffers read or hit during the measured load (per message)"
      psql_app -F $'\t' -c "SELECT round((heap_blks_hit + heap_blks_read)::numeric / $accepted, 1), 'heap ' || relname FROM pg_statio_user_tables
          UNION ALL SELECT round((idx_blks_hit + idx_blks_read)::numeric / $accepted, 1), indexrelname FROM pg_statio_user_indexes
          ORDER BY 1 DESC LIMIT 12" | sed 's/^/  /'
    fi
  fi
  if [ -n "$commits" ]; then
    kill "$counters_pid" 2>/dev/null || true; wait "$counters_pid" 2>/dev/null || true
    python3 benchmarks/commit_metrics.py "$run/counters.csv" || true
  fi
  for p in "${app_pids[@]}"; do kill "$p"; wait "$p" 2>/dev/null || true; done
  kill "$dns_pid" 2>/dev/null || true; wait "$dns_pid" 2>/dev/null || true
  stop_sink
  if [ -n "$trace" ]; then
    wait "$trace_pid" || true
    cp "$run/app.speedscope.json" "$trace"
    python3 benchmarks/trace_top.py "$trace"
  fi
}
apps_cpu_ms() { for p in "${app_pids[@]}"; do cpu_ms "$p"; done | awk '{s += $1} END {print s}'; }

results=()
if [ -n "$postgres" ]; then
  # Side by side in one sitting: SQLite, then PostgreSQL with one instance, then with two.
  [ -n "$pg_only" ] || run_smartsender sqlite sqlite 1
  [ "${PG_INSTANCES:-1 2}" = 2 ] || run_smartsender postgres1 postgres 1
  [ "${PG_INSTANCES:-1 2}" = 1 ] || run_smartsender postgres2 postgres 2
  echo "== side by side: ${results[*]/%/;}"
else
  run_smartsender sqlite sqlite 1
fi
[ -z "$only_smartsender" ] || exit 0
ss_rate=${sqlite_rate:-$ss_rate}

# 2. Postfix, default settings, relaying everything to the sink.
start_sink
[ -f /etc/postfix/main.cf ] || cp /usr/share/postfix/main.cf.debian /etc/postfix/main.cf
postconf -e "relayhost = [127.0.0.1]:$sink_port" "inet_interfaces = loopback-only" "mydestination =" \
  "maillog_file = /var/log/postfix-bench.log" "smtputf8_enable = no"
postfix stop >/dev/null 2>&1 || true
postfix start >/dev/null 2>&1
for _ in $(seq 1 50); do (echo > /dev/tcp/127.0.0.1/25) 2>/dev/null && break; sleep 0.1; done
if [ "$warmup" -gt 0 ]; then
  smtp-source -s 20 -m "$warmup" -l 600 -f orders@bench.test -t customer@gmail.com 127.0.0.1:25
  wait_for_sink "$warmup"
  echo "Postfix: warmed up with $warmup messages, delivered before the clock starts"
fi
base=$(sink_count)
t0=$(now)
smtp-source -s 20 -m "$messages" -l 600 -f orders@bench.test -t customer@gmail.com 127.0.0.1:25
t1=$(now)
wait_for_sink "$((base + messages))"
t2=$(now)
pf_rate=$(rate "$(( $(sink_count) - base ))" "$t0" "$t2")
echo "Postfix: $messages accepted at $(rate "$messages" "$t0" "$t1") msg/s; $(( $(sink_count) - base )) delivered at $pf_rate msg/s (first message to last delivery, no DKIM)"
postfix stop >/dev/null 2>&1 || true
stop_sink

# 3. The loopback limit.
start_sink
t0=$(now)
smtp-source -s 20 -m "$messages" -l 600 -d -f orders@bench.test -t customer@gmail.com "127.0.0.1:$sink_port"
wait_for_sink "$messages"
t1=$(now)
lo_rate=$(rate "$messages" "$t0" "$t1")
echo "loopback (smtp-source into smtp-sink): $lo_rate msg/s"
stop_sink

python3 -c "print(f'SmartSender / Postfix: {$ss_rate / $pf_rate:.2f}x; SmartSender / loopback limit: {$ss_rate / $lo_rate:.3f}')"
