#!/usr/bin/python3
"""Times credo::fairness against pandas and scipy on the same rows, and prints the ratios.

Usage: /usr/bin/python3 bench/fairness_vs_peers.py --build build/release [--n 1000000]
- Per-group confusion counts and score moments (4 groups, cut-off 600): credo's
  count_groups (bench_fairness BM_count_groups) vs a pandas groupby on the same rows
  (the count and mean/var work, with the decision column computed inside the timing).
- Fisher's exact test on a 2x2 table of 200,000 rows: credo fisher_exact
  (BM_fisher_exact/200000) vs scipy.stats.fisher_exact; the p-values are compared too.
The rows go to a binary file that bench_fairness reads (CREDO_FAIRNESS_DATA).
"""
import argparse
import json
import os
import subprocess
import tempfile
import time

import numpy as np
import pandas as pd
from scipy import stats

ap = argparse.ArgumentParser()
ap.add_argument("--build", required=True)
ap.add_argument("--n", type=int, default=1_000_000)
ap.add_argument("--repeat", type=int, default=5)
args = ap.parse_args()

bench = os.path.join(args.build, "bench", "bench_fairness")
if not os.path.exists(bench):
    subprocess.run(["cmake", "--build", args.build, "--target", "bench_fairness"], check=True)

rng = np.random.default_rng(2024)
g = rng.integers(0, 4, size=args.n).astype(np.uint8)
x = rng.normal(size=args.n) - 0.2 * g
bad = (rng.uniform(size=args.n) < 1 / (1 + np.exp(2.0 + 1.2 * x))).astype(np.uint8)
score = np.round(600 + 40 * (x + 0.5 * rng.normal(size=args.n)))


def best(fn):
    t = float("inf")
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        fn()
        t = min(t, time.perf_counter() - t0)
    return t


df = pd.DataFrame({"g": g, "bad": bad, "score": score})


def pandas_counts():
    d = df.assign(appr=df.score >= 600)
    d["appr_bad"] = d.appr & (d.bad == 1)
    return d.groupby("g").agg(n=("bad", "size"), bads=("bad", "sum"), appr=("appr", "sum"),
                              appr_bad=("appr_bad", "sum"), mean=("score", "mean"), var=("score", "var"))


t_pd = best(pandas_counts)
half = 100_000
a, c = round(0.60 * half), round(0.55 * half)
table = [[a, half - a], [c, half - c]]
t_sp = best(lambda: stats.fisher_exact(table))
p_sp = stats.fisher_exact(table).pvalue

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "rows.bin")
    with open(path, "wb") as f:
        f.write(np.uint64(args.n).tobytes())
        f.write(score.astype(np.float64).tobytes())
        f.write(bad.tobytes())
        f.write(g.tobytes())
    out = subprocess.run([bench, "--benchmark_filter=BM_count_groups|BM_fisher_exact/200000",
                          "--benchmark_format=json", f"--benchmark_repetitions={args.repeat}",
                          "--benchmark_report_aggregates_only=true"],
                         env=dict(os.environ, CREDO_FAIRNESS_DATA=path), check=True,
                         capture_output=True, text=True).stdout
res = {b["run_name"]: b for b in json.loads(out)["benchmarks"] if b.get("aggregate_name") == "median"}


def seconds(b):
    return b["real_time"] * {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]


t_cg = seconds(res["BM_count_groups"])
t_fe = seconds(res["BM_fisher_exact/200000"])
print(f"rows: {args.n:,}, 4 groups (pandas/scipy: best of {args.repeat}; credo: median of {args.repeat})")
print(f"pandas groupby counts+moments: {t_pd * 1e3:9.2f} ms")
print(f"credo count_groups:            {t_cg * 1e3:9.2f} ms   ratio {t_pd / t_cg:.1f}x")
print(f"scipy fisher_exact (N=200000): {t_sp * 1e3:9.3f} ms   p {p_sp:.6e}")
print(f"credo fisher_exact (N=200000): {t_fe * 1e3:9.3f} ms   ratio {t_sp / t_fe:.1f}x")
