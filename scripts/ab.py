#!/usr/bin/env python3
"""Compare the whole-process time of two commands, run alternately (A B, B A, ...) so that
the load of a shared machine falls on both alike (issue #8: single timings here vary by
several ms, more than most changes being measured).

    python3 scripts/ab.py 300 ./old check policy.md --today 2026-11-30 -- \
        target/release/redline check policy.md --today 2026-11-30

Prints the median, mean, 10th percentile and fastest time (ms) of each, after 5 warm-up
runs of each. The times include starting the process from Python (about 1 ms here)."""
import subprocess, time, sys, statistics, os
n = int(sys.argv[1]); rest = sys.argv[2:]
i = rest.index('--'); cmds = [rest[:i], rest[i+1:]]
t = [[], []]
dn = open(os.devnull, 'w')
for k in range(5):
    for c in cmds: subprocess.run(c, stdout=dn, stderr=dn)
for k in range(n):
    for j, c in enumerate(cmds if k % 2 == 0 else cmds[::-1]):
        jj = j if k % 2 == 0 else 1 - j
        s = time.perf_counter(); subprocess.run(c, stdout=dn, stderr=dn); t[jj].append((time.perf_counter() - s) * 1000)
for j, c in enumerate(cmds):
    x = sorted(t[j])
    print(f"{'AB'[j]}: median {statistics.median(x):.2f} ms  mean {statistics.mean(x):.2f}  p10 {x[len(x)//10]:.2f}  min {x[0]:.2f}  ({c[0]})")
