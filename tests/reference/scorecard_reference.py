#!/usr/bin/python3
"""Reference scores for credo's scorecard on the German credit data.

Run with Debian's Python:  /usr/bin/python3 tests/reference/scorecard_reference.py
Writes tests/reference/scorecard_reference.json, which tests/scorecard/test_german.cpp reads.

The script does everything itself, independently of credo:
- bins: fixed cut points for three numeric columns (right-open intervals (-inf, c1), [c1, c2),
  ..., [ck, inf)), one bin per category for five categorical columns (in order of first
  appearance), and an (empty) missing bin per column;
- WoE_i = ln(%good_i / %bad_i) per bin (Siddiqi 2017, ch. 6); an empty bin has WoE 0;
- statsmodels Logit (Newton) of bad = 1 on the WoE matrix with a constant;
- points with Factor = PDO / ln 2, Offset = BaseScore - Factor ln(BaseOdds) (600 at 50:1, PDO 20)
  and the intercept spread evenly over the n characteristics:
      points_ij = -(beta_j WoE_ij + alpha / n) Factor + Offset / n
  score = sum_j points_j(bin of row) = Offset - Factor (alpha + sum_j beta_j WoE_j).
"""
import json
import math
import os

import numpy as np
import pandas as pd
import statsmodels.api as sm

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "data", "german_credit.csv")

NUMERIC = {
    "duration": [12.0, 18.0, 36.0],
    "credit_amount": [1400.0, 1800.0, 4000.0, 9200.0],
    "age": [26.0, 35.0, 40.0],
}
CATEGORICAL = ["checking_status", "credit_history", "savings_status", "property_magnitude", "housing"]
PDO, BASE_SCORE, BASE_ODDS = 20.0, 600.0, 50.0


def main():
    df = pd.read_csv(DATA, keep_default_na=False)
    bad = (df["class"] == "bad").to_numpy().astype(float)
    G, B = (1 - bad).sum(), bad.sum()
    chars = []
    woe_cols = []
    for name, cuts in NUMERIC.items():
        x = df[name].to_numpy(dtype=float)
        idx = np.searchsorted(np.array(cuts), x, side="right")  # bin of x: #cuts <= x
        nb = len(cuts) + 1
        labels = []
        for i in range(nb):
            lo = "(-inf" if i == 0 else "[" + ("%g" % cuts[i - 1])
            hi = "inf)" if i == len(cuts) else ("%g" % cuts[i]) + ")"
            labels.append(lo + ", " + hi)
        chars.append((name, idx, nb, labels + ["missing"]))
    for name in CATEGORICAL:
        cats = list(pd.unique(df[name]))
        code = {c: i for i, c in enumerate(cats)}
        idx = np.array([code[v] for v in df[name]])
        chars.append((name, idx, len(cats), ["{" + c + "}" for c in cats] + ["missing"]))
    out_chars = []
    for name, idx, nb, labels in chars:
        woe = []
        for i in range(nb):
            g = ((idx == i) & (bad == 0)).sum()
            b = ((idx == i) & (bad == 1)).sum()
            assert g > 0 and b > 0, (name, i)
            woe.append(math.log((g / G) / (b / B)))
        woe.append(0.0)  # the missing bin: empty in training
        w = np.array(woe)
        woe_cols.append(w[idx])
        out_chars.append({"name": name, "labels": labels, "woe": woe})
    X = sm.add_constant(np.column_stack(woe_cols))
    fit = sm.Logit(bad, X).fit(method="newton", tol=1e-12, maxiter=100, disp=0)
    alpha = float(fit.params[0])
    betas = [float(b) for b in fit.params[1:]]
    factor = PDO / math.log(2)
    offset = BASE_SCORE - factor * math.log(BASE_ODDS)
    n = len(out_chars)
    for c, beta in zip(out_chars, betas):
        c["coefficient"] = beta
        c["points"] = [-(beta * w + alpha / n) * factor + offset / n for w in c["woe"]]
    scores = offset - factor * (alpha + np.column_stack(woe_cols) @ np.array(betas))
    out = {
        "pdo": PDO, "base_score": BASE_SCORE, "base_odds": BASE_ODDS,
        "factor": factor, "offset": offset,
        "intercept": alpha,
        "characteristics": out_chars,
        "numeric_cuts": NUMERIC,
        "scores": [float(s) for s in scores],
        "pd": [float(p) for p in fit.predict(X)],
    }
    with open(os.path.join(HERE, "scorecard_reference.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
