#!/usr/bin/python3
"""Times scikit-learn's roc_auc_score (and scipy's ks_2samp) against credo's exact AUC and KS
on the same 10,000,000 seeded scores, and prints the ratios and the differences.

Usage: /usr/bin/python3 bench/auc_vs_sklearn.py --build build/release [--n 10000000]
The scores (a probability of default rounded to 6 decimals, so with ties; higher = riskier)
go to a binary file that bench/metrics_timer (built in --build) reads too.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from scipy import stats
from sklearn.metrics import roc_auc_score

ap = argparse.ArgumentParser()
ap.add_argument("--build", required=True)
ap.add_argument("--n", type=int, default=10_000_000)
ap.add_argument("--repeat", type=int, default=3)
args = ap.parse_args()

timer = os.path.join(args.build, "bench", "metrics_timer")
if not os.path.exists(timer):
    subprocess.run(["cmake", "--build", args.build, "--target", "metrics_timer"], check=True)

rng = np.random.default_rng(12345)
x = rng.normal(size=args.n)
bad = (rng.uniform(size=args.n) < 1 / (1 + np.exp(-(-2.0 + 1.2 * x)))).astype(np.uint8)
score = np.round(1 / (1 + np.exp(-(-2.0 + 1.0 * x + 0.5 * rng.normal(size=args.n)))), 6)

with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "scores.bin")
    with open(path, "wb") as f:
        f.write(np.uint64(args.n).tobytes())
        f.write(score.astype(np.float64).tobytes())
        f.write(bad.tobytes())

    def best(fn):
        """Best wall and best CPU (process) time over the repeats, and the value."""
        t, c, v = float("inf"), float("inf"), None
        for _ in range(args.repeat):
            c0, t0 = time.process_time(), time.perf_counter()
            v = fn()
            t = min(t, time.perf_counter() - t0)
            c = min(c, time.process_time() - c0)
        return t, c, v

    t_sk, c_sk, auc_sk = best(lambda: roc_auc_score(bad, score))
    t_ks, c_ks, ks_sp = best(lambda: stats.ks_2samp(score[bad == 1], score[bad == 0]).statistic)
    out = subprocess.run([timer, path, str(args.repeat)], check=True, capture_output=True, text=True).stdout
    credo = json.loads(out)

print(f"rows: {args.n:,}; best of {args.repeat} runs; wall seconds (CPU seconds)")
print(f"sklearn roc_auc_score:  {t_sk:7.3f} ({c_sk:7.3f})  AUC {auc_sk:.15f}")
print(f"credo auc (fill+value): {credo['auc_seconds']:7.3f} ({credo['auc_cpu_seconds']:7.3f})  AUC {credo['auc']:.15f}")
print(f"  ratio {t_sk / credo['auc_seconds']:.1f}x wall, {c_sk / credo['auc_cpu_seconds']:.1f}x CPU; "
      f"|AUC difference| {abs(auc_sk - credo['auc']):.2e}")
print(f"scipy ks_2samp:         {t_ks:7.3f} ({c_ks:7.3f})  KS {ks_sp:.15f}")
print(f"credo ks (fill+value):  {credo['ks_seconds']:7.3f} ({credo['ks_cpu_seconds']:7.3f})  KS {credo['ks']:.15f} "
      f"at score {credo['ks_at']}")
print(f"  ratio {t_ks / credo['ks_seconds']:.1f}x wall, {c_ks / credo['ks_cpu_seconds']:.1f}x CPU; "
      f"|KS difference| {abs(ks_sp - credo['ks']):.2e}")
ok = abs(auc_sk - credo["auc"]) <= 1e-12 and abs(ks_sp - credo["ks"]) <= 1e-12
sys.exit(0 if ok else 1)
