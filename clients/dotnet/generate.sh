#!/usr/bin/env bash
# Regenerates the .NET client (clients/dotnet/SmartSender.Client) from the running app's OpenAPI document with Kiota:
# starts the app on a throw-away data folder, saves /openapi/v1.json as openapi.json beside the client, and runs
# `kiota generate` (installed for the run in a throw-away folder, so the tests never need it). GeneratedClientTests fails while the saved document
# differs from the app's, so a change to the API comes with its client.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=clients/dotnet
work=$(mktemp -d)
trap 'kill ${app:-} 2>/dev/null || true; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

dotnet build SmartSender.Web -v q -nologo >/dev/null
port=$(free_port)
(cd SmartSender.Web && ASPNETCORE_ENVIRONMENT=Development Database__DataDirectory="$work" Submission__Port=0 Submission__TlsPort=0 Inbound__Port=$(free_port) \
  exec dotnet bin/Debug/net10.0/SmartSender.Web.dll --urls "http://127.0.0.1:$port" >"$work/app.log" 2>&1) & app=$!
for _ in $(seq 1 150); do curl -sf -o "$here/openapi.json" "http://127.0.0.1:$port/openapi/v1.json" && break; sleep 0.2; done
python3 -m json.tool "$here/openapi.json" >/dev/null

dotnet tool install Microsoft.OpenApi.Kiota --version 1.38.0 --tool-path "$work/tools" >/dev/null
rm -rf "$here/SmartSender.Client/Generated"
KIOTA_TUTORIAL_ENABLED=false "$work/tools/kiota" generate --openapi "$here/openapi.json" --language CSharp --class-name SmartSenderClient \
  --namespace-name SmartSender.Client --output "$here/SmartSender.Client/Generated" --exclude-backward-compatible --clean-output --log-level Error
rm -f "$here/SmartSender.Client/Generated/kiota-lock.json"
echo "generated $(find "$here/SmartSender.Client/Generated" -name '*.cs' | wc -l) files from $here/openapi.json"
