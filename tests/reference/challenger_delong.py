#!/usr/bin/python3
"""Reference values for the champion/challenger comparison (credo::metrics::paired_score_histogram,
credo::report::compare_challenger; tests/practice/test_challenger.cpp).

Run with Debian's Python:  /usr/bin/python3 tests/reference/challenger_delong.py
Writes tests/reference/challenger_delong.json.

pROC is not installed here (Rscript -e 'library(pROC)' fails), so the paired DeLong test is
computed with numpy by the fast algorithm of Sun & Xu (2014), IEEE Signal Processing Letters
21(11):1389-1393, from midranks, independently of credo's placement-by-histogram code:
  for cases X (bads, ranked riskier = lower score) and controls Y (goods),
  V10_i = (midrank of x_i among X u Y - midrank among X) / n,
  V01_j = 1 - (midrank of y_j among X u Y - midrank among Y) / m,
  AUC = mean V10; S = cov(V10)/m + cov(V01)/n (sample covariances);
  z = (A1 - A2) / sqrt(S11 + S22 - 2 S12), p = 2 (1 - Phi(|z|)) (scipy.stats.norm).
Scores are higher = safer, so "case ranked higher" is applied to the negated score.
Weighted case: frequency weights 1 + (row mod 3) by replicating each row (np.repeat).

Scores (integers, with many ties, as scorecard points):
  champion   = 600 - 2*duration - 3*round(credit_amount / 1000)
  challenger = 600 - 5*installment_commitment - 4*round(duration / 6) + 10*(age > 30)
Swap sets at the cut-offs 555 (champion) and 575 (challenger), approve at or above:
  swap_out = approved by the champion, declined by the challenger; swap_in the reverse.
"""
import json
import os

import numpy as np
import pandas as pd
from scipy import stats

here = os.path.dirname(os.path.abspath(__file__))
df = pd.read_csv(os.path.join(here, "..", "..", "data", "german_credit.csv"))
bad = (df["class"] == "bad").to_numpy()
champion = (600 - 2 * df["duration"] - 3 * np.round(df["credit_amount"] / 1000)).to_numpy(float)
challenger = (600 - 5 * df["installment_commitment"] - 4 * np.round(df["duration"] / 6) + 10 * (df["age"] > 30)).to_numpy(float)
cut_champion, cut_challenger = 555.0, 575.0


def midrank(x):
    return stats.rankdata(x, method="average")


def fast_delong(scores, is_case):
    """Sun & Xu: scores is k x N (higher = more likely a case)."""
    x = scores[:, is_case]
    y = scores[:, ~is_case]
    m, n = x.shape[1], y.shape[1]
    k = scores.shape[0]
    v10 = np.empty((k, m))
    v01 = np.empty((k, n))
    auc = np.empty(k)
    for r in range(k):
        tz = midrank(np.concatenate([x[r], y[r]]))
        tx = midrank(x[r])
        ty = midrank(y[r])
        v10[r] = (tz[:m] - tx) / n
        v01[r] = 1.0 - (tz[m:] - ty) / m
        auc[r] = v10[r].mean()
    s = np.cov(v10) / m + np.cov(v01) / n
    return auc, s


def compare(w):
    rep = np.repeat(np.arange(len(bad)), w)
    s1, s2, b = champion[rep], challenger[rep], bad[rep]
    # Bads are the cases; a lower score is riskier, so rank the negated scores.
    auc, s = fast_delong(np.vstack([-s2, -s1]), b)  # 1 = challenger, 2 = champion
    var = s[0, 0] + s[1, 1] - 2 * s[0, 1]
    z = (auc[0] - auc[1]) / np.sqrt(var)
    zq = stats.norm.ppf(0.975)
    a1 = s1 >= cut_champion
    a2 = s2 >= cut_challenger

    def part(mask):
        return {"rows": int(mask.sum()), "bads": int(b[mask].sum()),
                "bad_rate": float(b[mask].mean()) if mask.any() else None}

    return {
        "challenger_auc": float(auc[0]),
        "champion_auc": float(auc[1]),
        "challenger_variance": float(s[0, 0]),
        "champion_variance": float(s[1, 1]),
        "covariance": float(s[0, 1]),
        "z": float(z),
        "p_value": float(2 * stats.norm.sf(abs(z))),
        "difference_interval": [float(auc[0] - auc[1] - zq * np.sqrt(var)), float(auc[0] - auc[1] + zq * np.sqrt(var))],
        "challenger_auc_interval": [float(auc[0] - zq * np.sqrt(s[0, 0])), float(auc[0] + zq * np.sqrt(s[0, 0]))],
        "swap_out": part(a1 & ~a2),
        "swap_in": part(~a1 & a2),
        "both_approved": part(a1 & a2),
        "both_declined": part(~a1 & ~a2),
    }


out = {
    "source": "numpy " + np.__version__ + " / scipy " + __import__("scipy").__version__ +
              ": fast DeLong (Sun & Xu 2014) by midranks",
    "cutoffs": {"champion": cut_champion, "challenger": cut_challenger},
    "unweighted": compare(np.ones(len(bad), dtype=int)),
    "weighted": compare(1 + np.arange(len(bad)) % 3),
}
with open(os.path.join(here, "challenger_delong.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(json.dumps(out, indent=1))
