#!/usr/bin/env python3
"""Where the app's busy threads spent their time, from a dotnet-trace thread-time trace in speedscope format.

Usage: trace_top.py TRACE.speedscope.json [N]
A sample counts as busy when its thread ran managed code (CPU_TIME) or native code that is not a wait (signing in
OpenSSL, SQLite); blocked threads (waits, sleeps, the socket event loop) are left out. Prints the N methods
(default 40) with the largest share of busy samples on their stack (inclusive), then by leaf (exclusive).
"""
import collections, json, re, sys

IDLE = re.compile(r"Wait|Sleep|EventLoop|WaitForSocketEvents|LowLevelLifoSemaphore|LowLevelMonitor|epoll|Dequeue.*Blocking|Join|PollGC|^\?!\?$|Watcher!Interop\+Sys.Read|Finalize")


def stacks(profile, frames):
    """(stack as frame names, weight) pairs from an evented or sampled speedscope profile."""
    if profile["type"] == "sampled":
        for sample, weight in zip(profile["samples"], profile["weights"]):
            yield [frames[i] for i in sample], weight
        return
    stack, last = [], None
    for event in profile["events"]:
        if last is not None and stack:
            yield [frames[i] for i in stack], event["at"] - last
        last = event["at"]
        if event["type"] == "O":
            stack.append(event["frame"])
        elif stack:
            stack.pop()


def main():
    path, top = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 40
    data = json.load(open(path))
    frames = [f["name"] for f in data["shared"]["frames"]]
    inclusive, exclusive, busy = collections.Counter(), collections.Counter(), 0.0
    for profile in data["profiles"]:
        for stack, weight in stacks(profile, frames):
            leaf = stack[-1]
            caller = stack[-2] if len(stack) > 1 else ""
            if leaf == "UNMANAGED_CODE_TIME" and IDLE.search(caller) or IDLE.search(leaf):
                continue
            busy += weight
            for name in set(stack):
                inclusive[name] += weight
            exclusive[caller if leaf in ("CPU_TIME", "UNMANAGED_CODE_TIME") else leaf] += weight
    print(f"busy thread time: {busy:.0f} ms")
    for title, counter in (("inclusive", inclusive), ("exclusive", exclusive)):
        print(f"-- {title}")
        for name, weight in counter.most_common(top):
            print(f"{100 * weight / busy:5.1f}%  {name[:160]}")


main()
