#!/usr/bin/python3
"""Logistic regression: credo vs scikit-learn and statsmodels on one seeded data set.

usage: /usr/bin/python3 bench/logit_vs_peers.py --build build/release [--rows N] [--cols P]
                                                [--threads T] [--seed S]

Writes one data set (rows x cols, standard normal columns with some correlation, y drawn from
a logistic model) to a binary file, then, in the same run and on the same data:
  - scikit-learn LogisticRegression(penalty=None, solver='lbfgs', max_iter=1000): fit, predict_proba
    (median of 3 each)
  - statsmodels Logit(y, add_constant(X)).fit(method='newton'), with .bse (standard errors; once)
  - credo: DIR/bench/logit_timer FILE THREADS (median of 3 fits, each with standard errors, and
    of 3 predict_proba calls)
and prints the times, the ratios and the largest coefficient / standard-error differences
against statsmodels, by wall time and by process CPU time (all threads; the fairer measure on a
shared machine). Every time excludes loading the data.

Memory pages: numpy asks the kernel to back arrays of 4 MiB and more with 2 MiB huge pages
(madvise MADV_HUGEPAGE), which halves the time to stream a large X on a machine whose page
walks are dear (a virtual machine). logit_timer allocates its X the same way, so both sides
read through the same kind of pages; the script prints how much of numpy's X the kernel put
in huge pages. predict_proba is timed both ways for credo: returning a new vector, as
scikit-learn does, and into a vector kept between calls.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np


def huge_page_kib(address, size):
    """AnonHugePages (KiB) of the mappings overlapping [address, address + size), from
    /proc/self/smaps (numpy's madvise splits the array's mapping where the advice starts)."""
    total, inside = 0, False
    try:
        with open("/proc/self/smaps") as f:
            for line in f:
                head = line.split()[0] if line.split() else ""
                if "-" in head and not head.endswith(":"):
                    lo, hi = (int(v, 16) for v in head.split("-"))
                    inside = lo < address + size and address < hi
                elif inside and head == "AnonHugePages:":
                    total += int(line.split()[1])
    except OSError:
        return None
    return total


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--build", required=True, help="build directory holding bench/logit_timer")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--cols", type=int, default=30)
    ap.add_argument("--threads", type=int, default=0, help="credo's threads (0: all cores)")
    ap.add_argument("--seed", type=int, default=20261126)
    args = ap.parse_args()

    timer = os.path.join(args.build, "bench", "logit_timer")
    if not os.path.exists(timer):
        sys.exit(f"logit_vs_peers: {timer} not found; build the target logit_timer")

    import sklearn
    import statsmodels
    import statsmodels.api as sm
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(args.seed)
    n, p = args.rows, args.cols
    # Correlated normal columns: X = Z L' with a random mixing matrix close to the identity.
    mix = np.eye(p) + 0.2 * rng.standard_normal((p, p)) / np.sqrt(p)
    X = np.asfortranarray(rng.standard_normal((n, p)) @ mix.T)
    beta = rng.normal(0, 0.3, p)
    eta = -1.0 + X @ beta
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(np.float64)

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "logit.bin")
        with open(path, "wb") as f:
            np.array([n, p], dtype="<i8").tofile(f)
            X.T.astype("<f8").tofile(f)  # column-major: column after column
            y.astype("<f8").tofile(f)
        proc = subprocess.run([timer, path, str(args.threads)], check=True, capture_output=True, text=True)
        credo = json.loads(proc.stdout)

    # scikit-learn: the median of 3 fits and of 3 predict_proba calls, as for credo.
    sk_fits, sk_cpus, sk_predicts = [], [], []
    for _ in range(3):
        c0 = time.process_time()
        t0 = time.perf_counter()
        sk = LogisticRegression(penalty=None, solver="lbfgs", max_iter=1000).fit(X, y)
        t1 = time.perf_counter()
        sk_cpus.append(time.process_time() - c0)
        sk.predict_proba(X)
        t2 = time.perf_counter()
        sk_fits.append(t1 - t0)
        sk_predicts.append(t2 - t1)
    sk_fit, sk_cpu, sk_predict = (float(np.median(v)) for v in (sk_fits, sk_cpus, sk_predicts))

    c0 = time.process_time()
    t0 = time.perf_counter()
    res = sm.Logit(y, sm.add_constant(X, prepend=True)).fit(method="newton", disp=0)
    bse = res.bse
    t1 = time.perf_counter()
    sm_cpu = time.process_time() - c0
    sm_fit = t1 - t0

    cp, cb = np.array(credo["params"]), np.array(credo["bse"])
    skp = np.concatenate([sk.intercept_, sk.coef_[0]])
    print(f"data: {n} x {p}, seed {args.seed}; credo threads {credo['threads'] or 'all'} "
          f"(of {os.cpu_count()} cores), status {credo['status']}, {credo['iterations']} iterations")
    huge = huge_page_kib(X.ctypes.data, X.nbytes)
    print(f"numpy's X: {X.nbytes / 2**20:.0f} MiB, of which "
          f"{'unknown' if huge is None else f'{huge / 1024:.0f} MiB'} in huge pages")
    print(f"versions: scikit-learn {sklearn.__version__}, statsmodels {statsmodels.__version__}, "
          f"numpy {np.__version__}")
    print(f"fit:            credo {credo['fit_seconds']:.3f} s | scikit-learn lbfgs {sk_fit:.3f} s | "
          f"statsmodels Logit+bse {sm_fit:.3f} s")
    print(f"fit CPU time:   credo {credo['fit_cpu_seconds']:.3f} s | scikit-learn {sk_cpu:.3f} s | "
          f"statsmodels {sm_cpu:.3f} s (process CPU time, all threads)")
    print(f"predict_proba:  credo {credo['predict_seconds']:.4f} s (into a kept vector "
          f"{credo['predict_into_seconds']:.4f} s) | scikit-learn {sk_predict:.4f} s")
    print(f"ratio fit:      scikit-learn / credo = {sk_fit / credo['fit_seconds']:.1f}x, "
          f"statsmodels / credo = {sm_fit / credo['fit_seconds']:.1f}x")
    print(f"ratio fit CPU:  scikit-learn / credo = {sk_cpu / credo['fit_cpu_seconds']:.1f}x, "
          f"statsmodels / credo = {sm_cpu / credo['fit_cpu_seconds']:.1f}x")
    print(f"ratio predict:  scikit-learn / credo = {sk_predict / credo['predict_seconds']:.1f}x "
          f"(into a kept vector {sk_predict / credo['predict_into_seconds']:.1f}x)")
    # A plain streaming read of X: what a simple pass over memory reaches here (not a hard limit).
    print(f"plain read:     one streaming read of credo's X takes {credo['read_seconds'] * 1e3:.2f} ms "
          f"({X.nbytes / credo['read_seconds'] / 1e9:.1f} GB/s); credo's predict_proba is at "
          f"{credo['read_seconds'] / credo['predict_seconds']:.2f} of it; scikit-learn / plain read = "
          f"{sk_predict / credo['read_seconds']:.1f}x")
    print(f"max |coef credo - statsmodels| = {np.abs(cp - res.params).max():.3e} "
          f"(relative {np.max(np.abs(cp - res.params) / np.abs(res.params)):.3e})")
    print(f"max |se credo - statsmodels| relative = {np.max(np.abs(cb - bse) / bse):.3e}")
    print(f"max |coef scikit-learn - statsmodels| = {np.abs(skp - res.params).max():.3e}")


if __name__ == "__main__":
    main()
