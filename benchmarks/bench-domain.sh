# Sourced by the benchmark scripts: adds the sending domain bench.test through the API, serves its TXT records from
# dnsmasq on 127.0.0.1:$dns_port and verifies it. Needs $api, $key, $dns_port, $work and the pids array.
verify_bench_domain() {
  curl -sf -X POST "$api/domains" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d '{"name":"bench.test"}' >"$work/domain.json"
  python3 - "$work/domain.json" >"$work/dnsmasq.conf" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["records"]:
    if r["type"] == "TXT":
        print("txt-record=%s,%s" % (r["fullName"], ",".join('"%s"' % s for s in r["valueStrings"])))
PY
  dnsmasq --keep-in-foreground --port="$dns_port" --listen-address=127.0.0.1 --bind-interfaces --no-resolv --no-hosts \
    --conf-file="$work/dnsmasq.conf" >"$work/dnsmasq.log" 2>&1 & pids+=($!)
  sleep 0.5
  local domain_id
  domain_id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$work/domain.json")
  curl -sf -X POST "$api/domains/$domain_id/verify" -H "Authorization: Bearer $key" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["canSend"], d'
}
