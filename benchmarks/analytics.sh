#!/usr/bin/env bash
# The analytics at scale: generates 10 million events for one account and 1 million for each of nine others in
# an SQLite file (the app's schema), builds the rollups, then prints the median and p95 of the Overview's and the
# Analytics page's queries, the rate of adding events with their rollups, and a million-row CSV export.
# Usage: benchmarks/analytics.sh [--db PATH] [--reuse] [--scale 0.1] [--rounds 30] [--closure-export]
#   --reuse keeps a database generated before at PATH (generating takes about half an hour); --scale shrinks the data;
#   --closure-export times only the ZIP a closing account's Owner receives, for an account with a million events.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build benchmarks/SmartSender.Analytics.Benchmark -c Release -v q -nologo >/dev/null
exec dotnet benchmarks/SmartSender.Analytics.Benchmark/bin/Release/net10.0/SmartSender.Analytics.Benchmark.dll "$@"
