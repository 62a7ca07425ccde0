#!/usr/bin/env bash
# Contacts import at scale: a CSV of N rows (100,000 by default) checked, then imported into a list of a fresh SQLite
# database by the app's own import, streamed; prints rows per second and peak memory.
# Usage: benchmarks/import.sh [--rows N]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build benchmarks/SmartSender.ImportBenchmark -c Release -v q -nologo >/dev/null
exec dotnet benchmarks/SmartSender.ImportBenchmark/bin/Release/net10.0/SmartSender.ImportBenchmark.dll "$@"
