#!/usr/bin/python3
"""Reference values for DeLong's tests (credo::metrics::delong_unpaired, paired_auc::test with
an alternative; tests/metrics/test_delong.cpp), computed here from DeLong's structural
components, independently of credo (pROC is not installed; the formulas are pROC's
delong.paired.test / delong.unpaired.test and roc.test's p-values, R/roc.test.R):

  placements: each bad (case) V10 = P(good ranked safer) + 1/2 P(tie), each good (control)
  V01 = P(bad ranked riskier) + 1/2 P(tie); AUC = mean V10;
  Var = s²(V10)/m + s²(V01)/n (sample variances, denominator m - 1, n - 1);
  paired: Z = (A1 - A2)/sqrt(Var1 + Var2 - 2 Cov), p from the normal;
  unpaired: D = (A1 - A2)/sqrt(Var1 + Var2), df = (V1 + V2)^2/(V1^2/(N1 - 1) + V2^2/(N2 - 1)),
  p from Student's t; greater: P(T >= D), less: P(T <= D), two_sided: 2 P(T >= |D|).

Run: /usr/bin/python3 tests/reference/delong_reference.py  (writes delong_reference.json)

Data: data/german_credit.csv, bad = class 'bad'. Scores (higher = safer):
  linear   = 100 - duration - credit_amount / 500
  duration = -duration
Samples for the unpaired test: rows with age <= 25 against age > 25 (independent people),
and the first 400 rows against the last 600 with the duration score on the second.
Weighted case: frequency weights 1 + (row mod 3), checked by replicating each row.
"""
import json
import os

import numpy as np
import pandas as pd
from scipy import stats

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
df = pd.read_csv(os.path.join(ROOT, "data", "german_credit.csv"))
bad = (df["class"] == "bad").astype(int).to_numpy()
scores = {
    "linear": (100 - df["duration"] - df["credit_amount"] / 500).to_numpy(),
    "duration": -df["duration"].to_numpy().astype(float),
}


def placements(score, y):
    """V10 of each bad, V01 of each good for a higher-is-safer score."""
    b, g = score[y == 1], score[y == 0]
    v10 = np.array([(np.sum(g > s) + 0.5 * np.sum(g == s)) / len(g) for s in b])
    v01 = np.array([(np.sum(b < s) + 0.5 * np.sum(b == s)) / len(b) for s in g])
    return v10, v01


def auc_var(score, y):
    v10, v01 = placements(score, y)
    return v10.mean(), v10.var(ddof=1) / len(v10) + v01.var(ddof=1) / len(v01)


def p_of(law, stat, alt):
    if alt == "greater":
        return float(law.sf(stat))
    if alt == "less":
        return float(law.cdf(stat))
    return float(2 * law.sf(abs(stat)))


ALTS = ["two_sided", "less", "greater"]
out = {"unpaired": [], "paired": []}


def unpaired(name, s1, y1, s2, y2, w1=None, w2=None):
    if w1 is not None:  # frequency weights: replicate rows
        s1, y1 = np.repeat(s1, w1), np.repeat(y1, w1)
        s2, y2 = np.repeat(s2, w2), np.repeat(y2, w2)
    a1, v1 = auc_var(s1, y1)
    a2, v2 = auc_var(s2, y2)
    d = (a1 - a2) / np.sqrt(v1 + v2)
    dfree = (v1 + v2) ** 2 / (v1 ** 2 / (len(s1) - 1) + v2 ** 2 / (len(s2) - 1))
    law = stats.t(dfree)
    tq = law.ppf(0.975)
    for alt in ALTS:
        out["unpaired"].append({
            "case": name, "alternative": alt, "auc1": a1, "auc2": a2, "variance1": v1, "variance2": v2,
            "statistic": d, "df": dfree, "p_value": p_of(law, d, alt),
            "difference_interval": [a1 - a2 - tq * np.sqrt(v1 + v2), a1 - a2 + tq * np.sqrt(v1 + v2)]})


young = (df["age"] <= 25).to_numpy()
lin, dur = scores["linear"], scores["duration"]
unpaired("age", lin[young], bad[young], lin[~young], bad[~young])
unpaired("halves", lin[:400], bad[:400], dur[400:], bad[400:])
w = 1 + (np.arange(len(df)) % 3)
unpaired("age_weighted", lin[young], bad[young], lin[~young], bad[~young], w[young], w[~young])

# Paired: linear against duration on every row.
v10a, v01a = placements(lin, bad)
v10b, v01b = placements(dur, bad)
A = np.array([v10a.mean(), v10b.mean()])
S10 = np.cov(np.vstack([v10a, v10b]))
S01 = np.cov(np.vstack([v01a, v01b]))
S = S10 / len(v10a) + S01 / len(v01a)
z = (A[0] - A[1]) / np.sqrt(S[0, 0] + S[1, 1] - 2 * S[0, 1])
for alt in ALTS:
    out["paired"].append({"case": "linear_vs_duration", "alternative": alt, "auc1": A[0], "auc2": A[1],
                          "covariance": S[0, 1], "statistic": z, "p_value": p_of(stats.norm, z, alt)})


def clean(x):
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, list):
        return [clean(v) for v in x]
    if isinstance(x, (np.floating, np.integer)):
        return float(x)
    return x


with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "delong_reference.json"), "w") as f:
    json.dump(clean(out), f, indent=1)
    f.write("\n")
