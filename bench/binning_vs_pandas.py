#!/usr/bin/python3
"""Times credo's binning against pandas on the same rows, and prints the ratios.

Usage: /usr/bin/python3 bench/binning_vs_pandas.py --build build/release [--n 1000000] [--k 30]

Work, per column of n rows (2% missing), k columns, one thread on both sides:
- equal frequency: 20 quantile bins of the non-missing values, goods and bads per bin and
  the missing bin, WoE and IV. pandas: qcut(q=20, duplicates="drop") + groupby counts +
  numpy WoE/IV. credo: woe_encoder with binning_method::equal_frequency (exact order
  statistics, no full sort), bench_binning equal_frequency_file.
- optimal (credo only, no peer packaged in Debian): the same plus the exact constrained
  optimum over the pre-bins, bench_binning optimal_file.
pandas interpolates quantiles and closes intervals on the right, credo cuts at data values
with right-open intervals, so the bins (and IVs) differ slightly; the summed IVs are printed
as a check that both did the work.
The rows go to a binary file that bench_binning reads (CREDO_BINNING_DATA).
"""
import argparse
import json
import os
import subprocess
import tempfile
import time

import numpy as np
import pandas as pd

ap = argparse.ArgumentParser()
ap.add_argument("--build", required=True)
ap.add_argument("--n", type=int, default=1_000_000)
ap.add_argument("--k", type=int, default=30)
ap.add_argument("--repeat", type=int, default=3)
args = ap.parse_args()

bench = os.path.join(args.build, "bench", "bench_binning")
if not os.path.exists(bench):
    subprocess.run(["cmake", "--build", args.build, "--target", "bench_binning"], check=True)

rng = np.random.default_rng(2026)
z = rng.normal(size=args.n)
bad = (rng.uniform(size=args.n) < 1 / (1 + np.exp(1.2 - z))).astype(np.uint8)
cols = []
for j in range(args.k):
    v = (0.2 + 0.2 * (j % 5)) * z + rng.normal(size=args.n)
    v = [v, np.exp(v), v * v, np.round(10 * v)][j % 4]
    v[rng.uniform(size=args.n) < 0.02] = np.nan
    cols.append(v.astype(np.float64))


def pandas_equal_frequency():
    total_iv = 0.0
    G, B = float((bad == 0).sum()), float(bad.sum())
    y = pd.Series(bad)
    for v in cols:
        x = pd.Series(v)
        bins = pd.qcut(x, q=20, duplicates="drop")
        tab = y.groupby(bins, observed=False).agg(["sum", "size"])
        bads = tab["sum"].to_numpy(dtype=float)
        goods = tab["size"].to_numpy(dtype=float) - bads
        miss = x.isna().to_numpy()
        mb = float(bad[miss].sum())
        bads = np.append(bads, mb)
        goods = np.append(goods, miss.sum() - mb)
        pg, pb = goods / G, bads / B
        ok = (goods > 0) & (bads > 0)
        woe = np.where(ok, np.log(np.where(ok, pg / np.where(ok, pb, 1), 1)), 0.0)
        total_iv += float(((pg - pb) * woe).sum())
    return total_iv


def best(fn):
    t, c, r = float("inf"), float("inf"), None
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        r = fn()
        t = min(t, time.perf_counter() - t0)
        c = min(c, time.process_time() - c0)
    return t, c, r


t_pd, c_pd, iv_pd = best(pandas_equal_frequency)

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "rows.bin")
    with open(path, "wb") as f:
        f.write(np.uint64(args.n).tobytes())
        f.write(np.uint64(args.k).tobytes())
        f.write(bad.tobytes())
        for v in cols:
            f.write(v.tobytes())
    out = subprocess.run([bench, "--benchmark_filter=_file", "--benchmark_format=json",
                          f"--benchmark_repetitions={args.repeat}",
                          "--benchmark_report_aggregates_only=true"],
                         env=dict(os.environ, CREDO_BINNING_DATA=path), check=True,
                         capture_output=True, text=True).stdout
# The median of the repetitions (a single run has no aggregates: take the run itself).
res = {}
for b in json.loads(out)["benchmarks"]:
    if b.get("run_type") == "iteration" and b["run_name"] not in res:
        res[b["run_name"]] = b
    elif b.get("aggregate_name") == "median":
        res[b["run_name"]] = b


def ms(name, kind="real_time"):
    b = res[name]
    scale = {"ms": 1.0, "us": 1e-3, "ns": 1e-6, "s": 1e3}[b["time_unit"]]
    return b[kind] * scale


ef = [k for k in res if k.startswith("equal_frequency_file")][0]
op = [k for k in res if k.startswith("optimal_file")][0]
t_ef, t_op = ms(ef), ms(op)
print(f"{args.n} rows x {args.k} columns, one thread; pandas best of {args.repeat}, credo median")
print(f"equal-frequency WoE/IV: pandas {1e3 * t_pd:.0f} ms (IV sum {iv_pd:.4f}), "
      f"credo {t_ef:.0f} ms (IV sum {res[ef]['iv_sum']:.4f}): credo {1e3 * t_pd / t_ef:.1f}x faster")
print(f"  CPU time (robust to other load): pandas {1e3 * c_pd:.0f} ms, credo {ms(ef, 'cpu_time'):.0f} ms: "
      f"{1e3 * c_pd / ms(ef, 'cpu_time'):.1f}x")
print(f"optimal binning (credo only): {t_op:.0f} ms wall, {ms(op, 'cpu_time'):.0f} ms CPU "
      f"(IV sum {res[op]['iv_sum']:.4f})")
