#!/usr/bin/python3
"""CSV ingest: credo's csv_stream vs pandas.read_csv on one seeded file.

usage: /usr/bin/python3 bench/ingest_vs_pandas.py --build build/release [--rows N] [--cols P]
                                                  [--threads T] [--seed S] [--baseline TIMER]
                                                  [--repeat R]

Writes one CSV (rows x cols numeric columns, normal values printed with 6 significant digits,
about 1% missing, plus two categorical columns of 5 and 40 labels), then, in the same run and
on the same file, times pandas.read_csv (the C engine; best of R, default 3) and
DIR/bench/ingest_timer FILE THREADS R (best of R full reads into typed columns), and prints
both times, MB/s and the ratio, by wall time and by process CPU time. --baseline TIMER times
another build of ingest_timer (say, one built from main) on the same file in the same run, for
before/after figures.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--build", required=True, help="build directory holding bench/ingest_timer")
    ap.add_argument("--rows", type=int, default=2_000_000)
    ap.add_argument("--cols", type=int, default=30)
    ap.add_argument("--threads", type=int, default=0, help="credo's threads (0: all cores)")
    ap.add_argument("--seed", type=int, default=20261202)
    ap.add_argument("--baseline", help="another ingest_timer binary, timed on the same file")
    ap.add_argument("--repeat", type=int, default=3, help="reads timed per reader (the best counts)")
    args = ap.parse_args()

    timer = os.path.join(args.build, "bench", "ingest_timer")
    if not os.path.exists(timer):
        sys.exit(f"ingest_vs_pandas: {timer} not found; build the target ingest_timer")
    import pandas as pd

    rng = np.random.default_rng(args.seed)
    n, p = args.rows, args.cols
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "ingest.csv")
        frame = pd.DataFrame({f"x{j}": rng.standard_normal(n) * 10 ** rng.integers(0, 4) for j in range(p)})
        frame = frame.mask(rng.random((n, p)) < 0.01)
        frame["segment"] = rng.choice([f"s{k}" for k in range(5)], n)
        frame["region"] = rng.choice([f"region_{k}" for k in range(40)], n)
        frame.to_csv(path, index=False, float_format="%.6g")
        del frame
        size = os.path.getsize(path)

        pd_wall, pd_cpu = 1e300, 1e300
        for _ in range(args.repeat):
            c0, t0 = time.process_time(), time.perf_counter()
            df = pd.read_csv(path)
            pd_wall = min(pd_wall, time.perf_counter() - t0)
            pd_cpu = min(pd_cpu, time.process_time() - c0)
        rows = len(df)
        del df
        proc = subprocess.run([timer, path, str(args.threads), str(args.repeat)], check=True, capture_output=True, text=True)
        credo = json.loads(proc.stdout)
        base = None
        if args.baseline:
            proc = subprocess.run([args.baseline, path, str(args.threads), str(args.repeat)], check=True, capture_output=True,
                                  text=True)
            base = json.loads(proc.stdout)

    mb = size / 1e6
    print(f"data: {n} rows x {p} numeric + 2 categorical columns, {mb:.0f} MB, seed {args.seed}; "
          f"credo threads {credo['threads'] or 'all'} (of {os.cpu_count()} cores); pandas {pd.__version__}")
    print(f"rows read:    credo {credo['rows']} | pandas {rows}")
    print(f"wall:         credo {credo['seconds']:.3f} s ({mb / credo['seconds']:.0f} MB/s) | "
          f"pandas.read_csv {pd_wall:.3f} s ({mb / pd_wall:.0f} MB/s)")
    print(f"CPU:          credo {credo['cpu_seconds']:.3f} s | pandas {pd_cpu:.3f} s (process CPU time)")
    print(f"ratio wall:   pandas / credo = {pd_wall / credo['seconds']:.2f}x")
    print(f"ratio CPU:    pandas / credo = {pd_cpu / credo['cpu_seconds']:.2f}x")
    if base:
        print(f"baseline:     {args.baseline}: wall {base['seconds']:.3f} s, CPU {base['cpu_seconds']:.3f} s, "
              f"rows {base['rows']}, checksum {'equal' if base['checksum'] == credo['checksum'] else 'DIFFERENT'}")
        print(f"ratio wall:   pandas / baseline = {pd_wall / base['seconds']:.2f}x; "
              f"baseline / credo = {base['seconds'] / credo['seconds']:.2f}x")
        print(f"ratio CPU:    pandas / baseline = {pd_cpu / base['cpu_seconds']:.2f}x; "
              f"baseline / credo = {base['cpu_seconds'] / credo['cpu_seconds']:.2f}x")


if __name__ == "__main__":
    main()
