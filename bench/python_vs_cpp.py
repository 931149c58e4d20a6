#!/usr/bin/python3
"""credo through Python against the C++ benchmarks on the same work, and the Python fit
beside scikit-learn's.

usage: PYTHONPATH=$(./dev python | tail -n 1) /usr/bin/python3 bench/python_vs_cpp.py --build build/release
           [--rows 1000000] [--cols 30] [--repeat 3]

DIR needs bench/bench_binning and bench/bench_scorer (CREDO_BUILD_BENCHMARKS=ON) and the
module (CREDO_BUILD_PYTHON=ON, on PYTHONPATH). One thread on every side.
  - binning: the rows of bench/binning_vs_pandas.py (seeded), optimal binning of every
    column with the default options. C++: bench_binning optimal_file on those very rows
    (CREDO_BINNING_DATA); Python: credo.BinningProcess(threads=1).fit on a DataFrame of them
    (the table's copy of each column included). The summed IVs must agree.
  - scoring: a card fitted on those rows with at most 6 bins a characteristic, the rows as a
    column-major float32 matrix (read in place) scored by Scorecard.score, once into a float32
    buffer (out=) and once into a new float64 array. C++: bench_scorer BM_score_model_file/1
    on that very card (saved by the module) and those very rows (CREDO_SCORER_MODEL,
    CREDO_SCORER_DATA), into a buffer allocated once. The sums of the scores must agree. Both
    sides report their best pass over 2 s of passes (a pass reads 120 MB, so one is 15-25 ms
    and a shared machine's load moves single passes by a third).
  - fit: Scorecard(select="none").fit (binning + logistic fit + scaling) beside
    scikit-learn's LogisticRegression(penalty=None, lbfgs) on the card's WoE matrix.
Prints the times and the ratios (Python / C++: 1.10 is 10 % slower).
"""
import argparse
import json
import os
import subprocess
import tempfile
import time

import numpy as np
import pandas as pd

import credo

ap = argparse.ArgumentParser()
ap.add_argument("--build", required=True)
ap.add_argument("--rows", type=int, default=1_000_000)
ap.add_argument("--cols", type=int, default=30)
ap.add_argument("--repeat", type=int, default=3)
args = ap.parse_args()


def binary(name):
    path = os.path.join(args.build, "bench", name)
    if not os.path.exists(path):
        subprocess.run(["cmake", "--build", args.build, "--target", name], check=True)
    return path


# The rows of bench/binning_vs_pandas.py.
rng = np.random.default_rng(2026)
z = rng.normal(size=args.rows)
bad = (rng.uniform(size=args.rows) < 1 / (1 + np.exp(1.2 - z))).astype(np.uint8)
cols = []
for j in range(args.cols):
    v = (0.2 + 0.2 * (j % 5)) * z + rng.normal(size=args.rows)
    v = [v, np.exp(v), v * v, np.round(10 * v)][j % 4]
    v[rng.uniform(size=args.rows) < 0.02] = np.nan
    cols.append(v.astype(np.float64))
frame = pd.DataFrame({"x%d" % j: c for j, c in enumerate(cols)})


def best(fn):
    t, c, r = float("inf"), float("inf"), None
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        r = fn()
        t = min(t, time.perf_counter() - t0)
        c = min(c, time.process_time() - c0)
    return t, c, r


def best_for(fn, seconds=2.0):
    """The best pass over at least `seconds` (and --repeat passes): the statistic of
    bench_scorer's MinTime(2.0) runs, so both sides take the best of as many passes."""
    t, c, r, start = float("inf"), float("inf"), None, time.perf_counter()
    passes = 0
    while passes < args.repeat or time.perf_counter() - start < seconds:
        t0, c0 = time.perf_counter(), time.process_time()
        r = fn()
        t = min(t, time.perf_counter() - t0)
        c = min(c, time.process_time() - c0)
        passes += 1
    return t, c, r


def run_benchmark(path, flt, env=None):
    out = subprocess.run([path, "--benchmark_filter=" + flt, "--benchmark_format=json"],
                         env=dict(os.environ, **(env or {})), check=True, capture_output=True, text=True).stdout
    return [b for b in json.loads(out)["benchmarks"] if b.get("run_type", "iteration") == "iteration"][0]


def ms(b, kind="real_time"):
    return b[kind] * {"ms": 1.0, "us": 1e-3, "ns": 1e-6, "s": 1e3}[b["time_unit"]]


# --- binning -----------------------------------------------------------------------------
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "rows.bin")
    with open(path, "wb") as f:
        f.write(np.uint64(args.rows).tobytes())
        f.write(np.uint64(args.cols).tobytes())
        f.write(bad.tobytes())
        for v in cols:
            f.write(v.tobytes())
    cpp_bin = run_benchmark(binary("bench_binning"), "optimal_file", {"CREDO_BINNING_DATA": path})
t_bin, c_bin, bp = best(lambda: credo.BinningProcess(threads=1).fit(frame, bad))
iv_py = sum(bp.iv(c) for c in bp.get_feature_names_out())
print(f"{args.rows} rows x {args.cols} columns, one thread; Python best of {args.repeat}")
print(f"binning: C++ {ms(cpp_bin):.0f} ms wall / {ms(cpp_bin, 'cpu_time'):.0f} ms CPU (IV sum {cpp_bin['iv_sum']:.6f}); "
      f"Python {1e3 * t_bin:.0f} ms wall / {1e3 * c_bin:.0f} ms CPU (IV sum {iv_py:.6f}): "
      f"ratio {1e3 * t_bin / ms(cpp_bin):.3f} wall, {1e3 * c_bin / ms(cpp_bin, 'cpu_time'):.3f} CPU")

# --- fit, beside scikit-learn -------------------------------------------------------------
from sklearn.linear_model import LogisticRegression  # noqa: E402

t_fit, _, card = best(lambda: credo.Scorecard(select="none", threads=1).fit(frame, bad))
card_6 = credo.Scorecard(select="none", max_bins=6, threads=1).fit(frame, bad)
woe = bp.transform(frame)
t_sk, _, _ = best(lambda: LogisticRegression(penalty=None, solver="lbfgs", max_iter=1000).fit(woe, bad))
print(f"fit: credo Scorecard (binning + IRLS with standard errors + scaling) {1e3 * t_fit:.0f} ms; "
      f"scikit-learn LogisticRegression on the WoE matrix alone {1e3 * t_sk:.0f} ms")

# --- scoring ------------------------------------------------------------------------------
# The same card and the same float32 rows on both sides: the card is saved as a model file and
# the matrix written out; bench_scorer's BM_score_model_file loads both (CREDO_SCORER_MODEL,
# CREDO_SCORER_DATA) and scores them as the module does, into a buffer allocated once.
# numpy (1.22+) asks Linux for transparent huge pages on large arrays and the C++ vector does
# not; whether the kernel grants them depends on the machine's memory at that moment and moves
# the ratio between 0.76 and 1.33 across our runs. The matrix is allocated in ordinary pages, as on the C++ side.
hugepage = getattr(np.core.multiarray, "_set_madvise_hugepage", None)
previous = hugepage(False) if hugepage else None
x = np.asfortranarray(frame[card_6.characteristics_].to_numpy(dtype=np.float32))
if hugepage:
    hugepage(previous)
buffer = np.empty(len(x), dtype=np.float32)
t_new, c_new, scores_new = best_for(lambda: card_6.score(x))
try:
    t_out, c_out, scores_out = best_for(lambda: card_6.score(x, out=buffer))
    assert np.array_equal(scores_new, scores_out.astype(np.float64))
except TypeError:  # a module from before out= (for a before/after comparison)
    t_out = c_out = None
sum_py = float(np.nansum(scores_new))
with tempfile.TemporaryDirectory() as tmp:
    model, data = os.path.join(tmp, "card.json"), os.path.join(tmp, "rows.f32")
    card_6.save(model)
    with open(data, "wb") as f:
        f.write(np.uint64(x.shape[0]).tobytes())
        f.write(np.uint64(x.shape[1]).tobytes())
        f.write(x.tobytes(order="F"))
    cpp_score = run_benchmark(binary("bench_scorer"), "BM_score_model_file/1",
                              {"CREDO_SCORER_MODEL": model, "CREDO_SCORER_DATA": data})
if cpp_score["score_sum"] != sum_py:
    raise SystemExit(f"the scores differ: C++ sum {cpp_score['score_sum']}, Python sum {sum_py}")
cpp_wall, cpp_cpu = x.nbytes / cpp_score["best_GBps"] / 1e9, x.nbytes / cpp_score["cpu_GBps"] / 1e9
print(f"scoring {x.shape[1]} characteristics, float32 columns (score sum {sum_py:.0f} on both sides): "
      f"C++ {1e3 * cpp_wall:.1f} ms wall / {1e3 * cpp_cpu:.1f} ms CPU")
if t_out is not None:
    print(f"  Python score(x, out=float32 buffer) {1e3 * t_out:.1f} ms wall / {1e3 * c_out:.1f} ms CPU: "
          f"ratio {t_out / cpp_wall:.3f} wall, {c_out / cpp_cpu:.3f} CPU")
print(f"  Python score(x) (new float64 array) {1e3 * t_new:.1f} ms wall / {1e3 * c_new:.1f} ms CPU: "
      f"ratio {t_new / cpp_wall:.3f} wall, {c_new / cpp_cpu:.3f} CPU")
