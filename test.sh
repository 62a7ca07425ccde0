#!/usr/bin/env bash
# Runs every SmartSender test. Installs what the tests need first: Debian's Chromium for the browser tests
# (nothing downloads a browser of its own), Node.js/npm for the front-end build, and SpamAssassin's spamd for
# the content review's spamd test, dkimpy (python3-dkim), the independent verifier of the DKIM signer's tests, and
# swaks and Postfix, real clients of the SMTP submission tests, and Caddy and Pebble (a local ACME server), the TLS
# front end of the tracking-domain test.
# PostgreSQL (a private cluster for the tests that run on both providers) is started further down.
set -euo pipefail
cd "$(dirname "$0")"

need_apt=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
command -v spamd >/dev/null 2>&1 || [ -x /usr/sbin/spamd ] || need_apt+=(spamassassin)
/usr/bin/python3 -c "import dkim" >/dev/null 2>&1 || need_apt+=(python3-dkim)
command -v swaks >/dev/null 2>&1 || need_apt+=(swaks)
[ -x /usr/sbin/postfix ] || need_apt+=(postfix)
[ -x /usr/bin/caddy ] || need_apt+=(caddy)
[ -x /usr/bin/pebble ] || need_apt+=(pebble)

if [ ${#need_apt[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "Installing ${need_apt[*]} with apt-get…"
    # Postfix unconfigured: the tests run private instances of their own and the system's stays off.
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1; then
    echo "Installing ${need_apt[*]} with sudo apt-get…"
    echo "postfix postfix/main_mailer_type select No configuration" | sudo debconf-set-selections
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "The tests need: ${need_apt[*]} (Chromium at /usr/bin/chromium, Node.js with npm, SpamAssassin's spamd, python3-dkim, swaks, Postfix)." >&2
    echo "Install them with your package manager, then run ./test.sh again." >&2
    exit 1
  fi
fi

# A private PostgreSQL cluster for the tests that run on both providers: data in a temporary folder, on a free
# loopback port, started and stopped here (no systemd). Where PostgreSQL cannot be had, those tests say they did not run.
pg_data=""
stop_postgres() {
  if [ -n "$pg_data" ]; then
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data/cluster" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pg_data"
  fi
}
start_postgres() {
  [ -n "${SMARTSENDER_TEST_POSTGRES:-}" ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v runuser >/dev/null 2>&1; then
    echo "PostgreSQL tests will not run: starting a private cluster needs root (set SMARTSENDER_TEST_POSTGRES to use a server of your own)."
    return 0
  fi
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    echo "Installing postgresql with apt-get…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || true
  fi
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$pg_bin" ] || ! id postgres >/dev/null 2>&1; then
    echo "PostgreSQL tests will not run: PostgreSQL is not installed and could not be installed."
    return 0
  fi
  pg_data=$(mktemp -d)
  chown postgres "$pg_data"
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  if runuser -u postgres -- "$pg_bin/initdb" -D "$pg_data/cluster" -U postgres --auth=trust -E UTF8 >/dev/null &&
     runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data/cluster" -l "$pg_data/log" -w -o \
       "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$pg_data -c max_connections=300 -c fsync=off -c synchronous_commit=off" start >/dev/null; then
    export SMARTSENDER_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    echo "PostgreSQL for the tests on 127.0.0.1:$port."
  else
    echo "PostgreSQL tests will not run: the private cluster did not start (see $pg_data/log)."
  fi
}

dotnet tool restore >/dev/null
log=$(mktemp)
trap 'rm -f "$log"; stop_postgres' EXIT
start_postgres
set +e
# A test that hangs is stopped and named (the run fails) instead of holding the run until its time is up.
dotnet test SmartSender.sln --blame-hang-timeout 12min --blame-hang-dump-type none "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain closing line with the totals of every test assembly.
awk '/(Passed|Failed)! +-/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
