#!/usr/bin/python3
"""Reference values for the two-sample Kolmogorov-Smirnov test (credo::metrics::ks_2samp and
ks::test; tests/metrics/test_ks_test.cpp), from scipy.stats.ks_2samp:

  exact      scipy.stats.ks_2samp(x, y, alternative, method='exact')
  asymp      one-sided: ks_2samp(..., method='asymp') (Hodges 5.3, as credo);
             two-sided: scipy.stats.kstwobign.sf(sqrt(en) * D), the Kolmogorov limit that credo
             uses (and R's ks.test(exact=FALSE)); scipy >= 1.5's own 'asymp' two-sided value
             (kstwo.sf(D, round(en))) is stored too, as scipy_asymp, for the record.
  auto       ks_2samp(..., method='auto') where scipy picks exact (max(n1, n2) <= 10000).

Run: /usr/bin/python3 tests/reference/ks_reference.py  (writes ks_reference.json)

Samples (seeded numpy, rounded to 4 decimals, stored in the JSON): equal sizes, unequal,
heavy ties (rounded to 1 decimal), a large unequal pair (auto goes asymptotic); and German
credit: credit_amount of the bads against the goods.
"""
import json
import os

import numpy as np
import pandas as pd
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
rng = np.random.default_rng(20)
samples = {
    "equal": (rng.normal(0, 1, 60).round(4), rng.normal(0.4, 1, 60).round(4)),
    "unequal": (rng.normal(0, 1, 75).round(4), rng.normal(0.3, 1.2, 40).round(4)),
    "ties": (rng.normal(0, 1, 50).round(1), rng.normal(0.2, 1, 35).round(1)),
    "small": (np.array([1.0, 2.0, 3.0, 4.0, 5.0]), np.array([2.5, 3.5, 6.0, 7.0, 8.0, 9.0, 10.0])),
    "large": (rng.normal(0, 1, 10001).round(4), rng.normal(0.25, 1, 40).round(4)),
}
df = pd.read_csv(os.path.join(ROOT, "data", "german_credit.csv"))
bad = df["class"] == "bad"
samples["german_credit_amount"] = (df["credit_amount"][bad].to_numpy().astype(float),
                                   df["credit_amount"][~bad].to_numpy().astype(float))

out = {"samples": {}, "cases": []}
for name, (x, y) in samples.items():
    if name != "german_credit_amount":
        out["samples"][name] = [x.tolist(), y.tolist()]
    n1, n2 = len(x), len(y)
    m, n = max(n1, n2), min(n1, n2)
    en = m * n / (m + n)
    for alt in ["two-sided", "less", "greater"]:
        for method in ["exact", "asymp", "auto"]:
            if name == "large" and method == "exact":
                continue  # scipy's exact path is slow there; auto covers the asymptotic switch
            r = stats.ks_2samp(x, y, alternative=alt, method=method)
            p, used = float(r.pvalue), method
            if method == "auto":
                used = "exact" if max(n1, n2) <= 10000 else "asymp"
            case = {"sample": name, "alternative": alt.replace("-", "_"), "method": method, "used": used,
                    "statistic": float(r.statistic), "p_value": p}
            if used == "asymp" and alt == "two-sided":
                case["scipy_asymp"] = p
                case["p_value"] = float(stats.kstwobign.sf(np.sqrt(en) * r.statistic))
            out["cases"].append(case)

with open(os.path.join(HERE, "ks_reference.json"), "w") as f:
    json.dump(out, f)
    f.write("\n")
print(len(out["cases"]), "cases")
