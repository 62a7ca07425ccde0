#!/usr/bin/env bash
# SMTP submission beside the HTTP API, in one sitting, on SQLite in Production mode:
#  1. N messages through POST /api/v1/messages from 16 keep-alive clients (benchmarks/SmartSender.Load).
#  2. The same N messages by SMTP from 16 connections, each STARTTLS and AUTH once, then message after message
#     (benchmarks/SmartSender.SmtpLoad, MailKit).
#  3. Postfix accepting the same number by SMTP from smtp-source (16 sessions, no TLS: smtp-source has none), when
#     Postfix is there or can be installed (root).
#  4. A kill: SMTP submission from 16 connections, the app killed with SIGKILL a second in, started again; every
#     message that got its 250 must reach the SMTP server.
# Delivery runs throughout (to a local SMTP server, DKIM-signed), as it would.
# Usage: benchmarks/submission.sh [--messages N]
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/bench-domain.sh

messages=3000
while [ $# -gt 0 ]; do
  case "$1" in
    --messages) messages="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]:-}"; do kill "$p" 2>/dev/null || true; done; [ -n "${postfix_started:-}" ] && postfix stop >/dev/null 2>&1; rm -rf "$work"; }
trap cleanup EXIT

command -v dnsmasq >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dnsmasq-base >/dev/null; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(dotnet --version)"
dotnet build SmartSender.Web -c Release -v q -nologo >/dev/null
dotnet build benchmarks/SmartSender.Load -c Release -v q -nologo >/dev/null
dotnet build benchmarks/SmartSender.SmtpLoad -c Release -v q -nologo >/dev/null
app_dll=SmartSender.Web/bin/Release/net10.0/SmartSender.Web.dll
http_load=benchmarks/SmartSender.Load/bin/Release/net10.0/SmartSender.Load.dll
smtp_load=benchmarks/SmartSender.SmtpLoad/bin/Release/net10.0/SmartSender.SmtpLoad.dll

app_port=$(free_port); smtp_port=$(free_port); dns_port=$(free_port); submission_port=$(free_port); tls_port=$(free_port)
export Database__DataDirectory="$work/data" Delivery__Relay__Host=127.0.0.1 Delivery__Relay__Port=$smtp_port Delivery__Relay__Security=None \
  ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning Quota__Normal__DailyLimit=1000000 Quota__Normal__PerSecond=0 \
  Dns__Servers__0="127.0.0.1:$dns_port" Domains__SendingIps__0=127.0.0.1 Inbound__Port=$(free_port) \
  Submission__Port=$submission_port Submission__TlsPort=$tls_port
dotnet "$app_dll" dev-smtp --port "$smtp_port" >"$work/smtp.log" 2>&1 & pids+=($!)
dotnet "$app_dll" create-admin --email bench@operator.test --password Bench-Password-1 >/dev/null
key=$(dotnet "$app_dll" create-api-key --account Operator --name bench | tail -1)

start_app() {
  dotnet "$app_dll" --urls "http://127.0.0.1:$app_port" >>"$work/app.log" 2>&1 & app_pid=$!; pids+=($app_pid)
  for _ in $(seq 1 150); do curl -sf -o /dev/null "http://127.0.0.1:$app_port/login" && break; sleep 0.2; done
  for _ in $(seq 1 50); do (echo > /dev/tcp/127.0.0.1/$submission_port) 2>/dev/null && break; sleep 0.1; done
}
start_app

api="http://127.0.0.1:$app_port/api/v1"
verify_bench_domain

summary() { # FILE OK-CODE LABEL
  python3 - "$1" "$2" "$3" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1])]
ok = [float(r[1]) for r in rows if r[0] == sys.argv[2]]
span = max(float(r[2]) + float(r[1]) for r in rows) / 1000
ok.sort()
p = lambda q: ok[min(len(ok) - 1, int(q * len(ok)))]
print(f"{sys.argv[3]}: {len(ok)}/{len(rows)} accepted in {span:.1f} s = {len(ok) / span:.0f} msg/s, latency p50 {p(.5):.1f} ms, p99 {p(.99):.1f} ms")
PY
}

# Warm both paths (JIT, connection pools), then measure each.
dotnet "$http_load" "http://127.0.0.1:$app_port" "$key" 300 16 "$work/warm-http" >/dev/null
dotnet "$smtp_load" 127.0.0.1 "$submission_port" "$key" 300 16 "$work/warm-smtp" >/dev/null
# Each measurement starts with the queue empty, so neither pays for the other's deliveries.
drain() {
  local want=$1 deadline=$(( $(date +%s) + 300 ))
  while [ "$(ls "$work/data/dev-smtp" 2>/dev/null | wc -l)" -lt "$want" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.2; done
}
app_cpu() { awk '{print ($14 + $15) / 100}' "/proc/$app_pid/stat"; }
drain 600
c0=$(app_cpu)
dotnet "$http_load" "http://127.0.0.1:$app_port" "$key" "$messages" 16 "$work/http"
c1=$(app_cpu)
summary "$work/http" 202 "HTTP API (16 keep-alive clients)"
echo "  CPU: app $(python3 -c "print(f'{$c1 - $c0:.1f}')") s (delivery included), load client $(cat "$work/http.cpu" | cut -c1-4) s"
drain $((600 + messages))
c0=$(app_cpu)
dotnet "$smtp_load" 127.0.0.1 "$submission_port" "$key" "$messages" 16 "$work/smtp"
c1=$(app_cpu)
summary "$work/smtp" 250 "SMTP submission (16 connections, STARTTLS, AUTH once each)"
echo "  CPU: app $(python3 -c "print(f'{$c1 - $c0:.1f}')") s (delivery included), load client $(cat "$work/smtp.cpu" | cut -c1-4) s"
python3 - "$work/http" "$work/smtp" <<'PY'
import sys
def rate(f, code):
    rows = [l.split() for l in open(f)]
    return sum(r[0] == code for r in rows) / (max(float(r[2]) + float(r[1]) for r in rows) / 1000)
print(f"SMTP / HTTP: {rate(sys.argv[2], '250') / rate(sys.argv[1], '202') * 100:.0f} %")
PY

# 3. Postfix accepting the same messages.
if ! command -v postfix >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix >/dev/null || true
fi
if command -v postfix >/dev/null && command -v smtp-source >/dev/null && [ "$(id -u)" = 0 ]; then
  [ -f /etc/postfix/main.cf ] || cp /usr/share/postfix/main.cf.debian /etc/postfix/main.cf
  postconf -e "relayhost = [127.0.0.1]:$smtp_port" "inet_interfaces = loopback-only" "mydestination =" \
    "maillog_file = /var/log/postfix-bench.log" "smtputf8_enable = no"
  postfix stop >/dev/null 2>&1 || true
  postfix start >/dev/null 2>&1; postfix_started=1
  smtp-source -s 16 -m 300 -l 600 -f orders@bench.test -t customer@gmail.com 127.0.0.1:25
  t0=$(date +%s.%N)
  smtp-source -s 16 -m "$messages" -l 600 -f orders@bench.test -t customer@gmail.com 127.0.0.1:25
  t1=$(date +%s.%N)
  echo "Postfix accepting by SMTP (smtp-source, 16 sessions, no TLS): $messages in $(python3 -c "print(f'{$t1 - $t0:.1f}')") s = $(python3 -c "print(round($messages / ($t1 - $t0)))") msg/s"
  postfix stop >/dev/null 2>&1 || true; postfix_started=
else
  echo "Postfix: not run (needs root to install and start it)"
fi

# 4. SIGKILL during submission.
before=$(ls "$work/data/dev-smtp" | wc -l)
dotnet "$smtp_load" 127.0.0.1 "$submission_port" "$key" "$messages" 16 "$work/kill" & load_pid=$!
sleep 1
kill -9 "$app_pid"
wait "$load_pid" || true
start_app
accepted=$(wc -l <"$work/kill.ids")
deadline=$(( $(date +%s) + 600 ))
missing() { python3 - "$work/kill.ids" "$work/data/dev-smtp" <<'PY'
import os, sys, re
ids = set(l.strip() for l in open(sys.argv[1]) if l.strip())
seen = set()
for name in os.listdir(sys.argv[2]):
    with open(os.path.join(sys.argv[2], name), "rb") as f:
        m = re.search(rb"X-SmartSender-Message-Id: ([0-9a-f-]+)", f.read(4096))
        if m: seen.add(m.group(1).decode())
print(len(ids - seen))
PY
}
while [ "$(missing)" != 0 ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 1; done
echo "SIGKILL 1 s into SMTP submission: $accepted messages answered 250 before the kill, $(missing) of them not delivered after restart ($(( $(ls "$work/data/dev-smtp" | wc -l) - before )) delivered in all, retries of cut-off transactions included)"
