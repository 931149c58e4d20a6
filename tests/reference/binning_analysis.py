"""Reference figures of optbinning's binning-table analysis (BinningTable.analysis(): Jensen-
Shannon, Hellinger, triangular, HHI and normalised HHI, Cramer's V, quality score and the
tests between consecutive bins) on German credit binnings, by scipy.

The formulas are optbinning's (optbinning/binning/metrics.py, binning_statistics.py), written
out here with scipy doing the parts scipy has: scipy.spatial.distance.jensenshannon (its square
is the divergence; base e), scipy.stats.chi2_contingency(correction=False) for Cramer's V and
for each 2 x 2 test between consecutive bins (whose chi2 equals the squared two-proportion z),
and scipy.stats.norm.sf for the z-test's p-value. p = bad share, q = good share per bin.

Bins are credo's: right-open intervals at the given cuts, or one bin per category in order of
first appearance (credo's dictionary order), plus credo's missing bin (empty here: German
credit has no missing values), which counts in the HHI's n as optbinning's Missing row does.
Writes binning_analysis.json beside this script; tests/binning/test_analysis.cpp reads it.
Run: /usr/bin/python3 tests/reference/binning_analysis.py
"""
import json
import math
import os

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial.distance import jensenshannon

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "data", "german_credit.csv")

NUMERIC_CUTS = {
    "credit_amount": [1400, 1800, 4000, 9200],
    "duration": [8, 16, 34, 44],
    "age": [26, 28, 35, 37],
}
CATEGORICAL = ["checking_status", "purpose", "savings_status"]
QS_C = 0.39573882184806863


def counts(df, col, bad):
    if col in NUMERIC_CUTS:
        idx = np.searchsorted(NUMERIC_CUTS[col], df[col].to_numpy(), side="right")  # [c_j, c_j+1)
        k = len(NUMERIC_CUTS[col]) + 1
    else:
        order = list(pd.unique(df[col]))
        idx = np.array([order.index(v) for v in df[col]])
        k = len(order)
    g = np.array([np.sum((idx == i) & (bad == 0)) for i in range(k)], float)
    b = np.array([np.sum((idx == i) & (bad == 1)) for i in range(k)], float)
    return g, b


def analysis(g, b):
    # credo's table: the regular bins, then the (empty) missing bin
    G, B = g.sum(), b.sum()
    p, q = b / B, g / G
    mask = (g > 0) & (b > 0)
    pm, qm = p[mask], q[mask]
    m = (pm + qm) / 2
    iv = float(np.sum((pm - qm) * np.log(pm / qm)))
    js = float(np.sum(0.5 * (pm * np.log(pm / m) + qm * np.log(qm / m))))
    if mask.all():  # scipy normalises its inputs: the same only without masked bins
        assert abs(jensenshannon(p, q) ** 2 - js) < 1e-12
    hellinger = float(np.sum(0.5 * (np.sqrt(pm) - np.sqrt(qm)) ** 2))
    triangular = float(np.sum((pm - qm) ** 2 / (pm + qm)))
    s = np.append((g + b) / (G + B), 0.0)  # and the missing bin's share
    n = len(s)
    hhi = float(np.sum(s ** 2))
    hhi_norm = (hhi - 1 / n) / (1 - 1 / n)
    chi2, _, _, _ = stats.chi2_contingency(np.array([g, b]), correction=False)
    cramers_v = math.sqrt(chi2 / (G + B))
    tests = []
    for i in range(len(g) - 1):
        obs = np.array([g[i:i + 2], b[i:i + 2]])
        t, pv, _, _ = stats.chi2_contingency(obs, correction=False)
        na, nb = g[i] + b[i], g[i + 1] + b[i + 1]
        ra, rb = b[i] / na, b[i + 1] / nb
        r = (b[i] + b[i + 1]) / (na + nb)
        z = (rb - ra) / math.sqrt(r * (1 - r) * (1 / na + 1 / nb))
        pz = 2 * stats.norm.sf(abs(z))
        assert abs(z * z - t) < 1e-9 * max(1, t) and abs(pz - pv) < 1e-12
        tests.append({"bin_a": i, "bin_b": i + 1, "z": z, "p_value": pz})
    score = iv * math.exp(0.5 * (1 - (iv / QS_C) ** 2)) / QS_C
    score *= np.prod([1 - t["p_value"] for t in tests]) * (1 - hhi_norm)
    return {"goods": g.astype(int).tolist(), "bads": b.astype(int).tolist(), "iv": iv,
            "jensen_shannon": js, "hellinger": hellinger, "triangular": triangular, "hhi": hhi,
            "hhi_normalized": hhi_norm, "cramers_v": cramers_v, "quality_score": float(score),
            "tests": tests}


def main():
    df = pd.read_csv(DATA)
    bad = (df["class"] == "bad").astype(int).to_numpy()
    out = {"numeric": {}, "categorical": {}}
    for col, cuts in NUMERIC_CUTS.items():
        out["numeric"][col] = {"cuts": cuts, **analysis(*counts(df, col, bad))}
    for col in CATEGORICAL:
        out["categorical"][col] = {"labels": [str(v) for v in pd.unique(df[col])], **analysis(*counts(df, col, bad))}
    with open(os.path.join(HERE, "binning_analysis.json"), "w") as f:
        json.dump(out, f, indent=1)
    for kind in out.values():
        for col, e in kind.items():
            print(col, {k: round(e[k], 6) for k in ["iv", "jensen_shannon", "hellinger", "triangular", "hhi",
                                                    "hhi_normalized", "cramers_v", "quality_score"]})


if __name__ == "__main__":
    main()
