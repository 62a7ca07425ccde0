#!/usr/bin/env python3
"""The group commits' metrics and the GC's pauses from a dotnet-counters CSV (benchmarks/delivery.sh --commits).

dotnet-counters reports each histogram's percentiles once a second; this prints, per writer, the median over those
seconds of each percentile, and the share of the busy seconds the GC paused the program."""
import collections, csv, os, re, statistics, sys

if not os.path.exists(sys.argv[1]):
    sys.exit("group commits: dotnet-counters saved no readings (a load this short may end before its first block is written)")

histograms = collections.defaultdict(list)  # (writer, instrument, percentile) -> per-second values
gc = []  # (timestamp, seconds paused in that second)
busy = set()
with open(sys.argv[1], newline='') as f:
    for row in csv.DictReader(f):
        name, value, at = row['Counter Name'], float(row['Mean/Increment']), row['Timestamp']
        if name.startswith('dotnet.gc.pause.time'):
            gc.append((at, value))
            continue
        m = re.match(r'smartsender\.group_commit\.(\w+) \(.*?\)\[writer=(.*?);Percentile=(\d+)\]', name)
        if m:
            histograms[(m.group(2), m.group(1), int(m.group(3)))].append(value)
            busy.add(at)

def p(writer, instrument, percentile, scale=1.0):
    values = histograms.get((writer, instrument, percentile))
    return statistics.median(values) * scale if values else float('nan')

for writer in sorted({w for w, _, _ in histograms}):
    seconds = len(histograms[(writer, 'size', 50)])
    print(f"group commits, {writer} ({seconds} s; medians of the per-second percentiles): "
          f"commit {p(writer, 'duration', 50, 1e3):.1f} ms (p95 {p(writer, 'duration', 95, 1e3):.1f}), "
          f"{p(writer, 'size', 50):.0f} changes each (p95 {p(writer, 'size', 95):.0f}), "
          f"a change waits {p(writer, 'wait', 50, 1e3):.1f} ms (p95 {p(writer, 'wait', 95, 1e3):.1f}, p99 {p(writer, 'wait', 99, 1e3):.1f})")
paused = [v for at, v in gc if at in busy]
if paused:
    print(f"GC pauses: {sum(paused) * 1e3:.0f} ms in {len(paused)} s of load ({100 * sum(paused) / len(paused):.1f} % of the time)")
