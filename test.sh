#!/usr/bin/env bash
# Runs every SmartSender test. Installs what the tests need first: Debian's Chromium for the browser tests
# (nothing downloads a browser of its own), Node.js/npm for the front-end build, and SpamAssassin's spamd for
# the content review's spamd test, and dkimpy (python3-dkim), the independent verifier of the DKIM signer's tests.
set -euo pipefail
cd "$(dirname "$0")"

need_apt=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
command -v spamd >/dev/null 2>&1 || [ -x /usr/sbin/spamd ] || need_apt+=(spamassassin)
/usr/bin/python3 -c "import dkim" >/dev/null 2>&1 || need_apt+=(python3-dkim)

if [ ${#need_apt[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "Installing ${need_apt[*]} with apt-get…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1; then
    echo "Installing ${need_apt[*]} with sudo apt-get…"
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "The tests need: ${need_apt[*]} (Chromium at /usr/bin/chromium, Node.js with npm, SpamAssassin's spamd, python3-dkim)." >&2
    echo "Install them with your package manager, then run ./test.sh again." >&2
    exit 1
  fi
fi

dotnet tool restore >/dev/null
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test SmartSender.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain closing line with the totals of every test assembly.
awk '/(Passed|Failed)! +-/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
