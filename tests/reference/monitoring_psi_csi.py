#!/usr/bin/python3
"""Reference figures of credo monitor (include/credo/metrics/monitoring.hpp), in pandas,
scikit-learn and scipy, written to monitoring_psi_csi.json.

The card, monitoring_card.json, was fitted by the command line on the first 600 rows of
data/german_credit.csv (the development sample):
    head -601 data/german_credit.csv > dev.csv
    credo fit dev.csv --target class --bad bad --out tests/reference/monitoring_card.json
It keeps the training score distribution (10 bands) and the training weights per bin.

Two ways of cutting the 1,000 rows into periods:
  quarters  row blocks of 200 in file order: 2023Q1 .. 2024Q1 (the last two out of time);
            the cut-off is credo's default, the score whose PD is the bad rate of all rows.
  age_band  1: age < 25, 2: 25-34, 3: 35-49, 4: 50 and over (a drifting population: a
            numeric period column); the cut-off is given, 520.

Per period: PSI of the score against the card's score distribution (rows per band
[edges[i], edges[i+1])), CSI of every characteristic against its training weights per bin,
both Σ (A − E)·ln(A/E) over shares where a zero share becomes 1e-4 (credo's
empty_band::add_epsilon; shares are not renormalised); the approval rate (score >= cut-off);
the bad rate; AUC (sklearn's roc_auc_score of the score against "good": higher is safer, ties
½) and KS (scipy's ks_2samp statistic of the bads' against the goods' scores).

Run: /usr/bin/python3 tests/reference/monitoring_psi_csi.py (from the repository root).
"""
import bisect
import json
import math
import os

import numpy as np
import pandas as pd
import scipy
import sklearn
from scipy.stats import ks_2samp
from sklearn.metrics import roc_auc_score

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EPS = 1e-4
MISSING = {"", "NA", "NaN", "?"}  # credo's csv missing tokens


def num(x):
    return float(x) if not isinstance(x, str) else float(x.replace("inf", "Infinity"))


card = json.load(open(os.path.join(HERE, "monitoring_card.json")))
data = pd.read_csv(os.path.join(ROOT, "data", "german_credit.csv"), dtype=str, keep_default_na=False)


def bin_of(ch, cell):
    """The bin of one cell, as credo's binning::bins::bin_of."""
    nbins = len(ch["points"])
    if ch["kind"] == "numeric":
        if cell in MISSING:
            return nbins - 1
        x = float(cell)
        specials = [num(s) for s in ch["specials"]]
        if x in specials:
            return len(ch["cuts"]) + 1 + specials.index(x)
        return bisect.bisect_right([num(c) for c in ch["cuts"]], x)  # [c_{i-1}, c_i)
    if cell in MISSING:
        return nbins - 1
    for g, labels in enumerate(ch["groups"]):
        if cell in labels:
            return g
    return ch["unseen_bin"]


chars = card["characteristics"]
bins = pd.DataFrame({c["name"]: [bin_of(c, v) for v in data[c["name"]]] for c in chars})
points = pd.DataFrame({c["name"]: [c["points"][b] for b in bins[c["name"]]] for c in chars})
score = card["base_points"] + points.sum(axis=1)
bad = (data["class"] == "bad").astype(int)

edges = [num(e) for e in card["score_distribution"]["edges"]]
train_counts = np.array(card["score_distribution"]["counts"], dtype=float)


def band_of(s):
    i = bisect.bisect_right(edges, s) - 1
    return min(max(i, 0), len(train_counts) - 1)


def stability(expected, actual):
    e = np.asarray(expected, dtype=float) / np.sum(expected)
    a = np.asarray(actual, dtype=float) / np.sum(actual)
    e = np.where(e > 0, e, EPS)
    a = np.where(a > 0, a, EPS)
    total = 0.0
    for ei, ai in zip(e, a):  # band order, as credo sums
        total += (ai - ei) * math.log(ai / ei)
    return total


def verdict(v):
    return "stable" if v < 0.1 else ("some shift" if v <= 0.25 else "major shift")


scaling = card["scaling"]
factor = scaling["pdo"] / math.log(2)
offset = scaling["base_score"] - factor * math.log(scaling["base_odds"])


def score_from_pd(pd_):
    return offset - factor * math.log(pd_ / (1 - pd_))


def monitor(period, cutoff):
    out = []
    labels = sorted(set(period.tolist()), key=lambda v: (float(v) if scenario_numeric else v))
    for label in labels:
        rows = period == label
        s = score[rows].to_numpy()
        y = bad[rows].to_numpy()
        actual = np.zeros(len(train_counts))
        for v in s:
            actual[band_of(v)] += 1
        psi = stability(train_counts, actual)
        chars_out = []
        for c in chars:
            counts = np.bincount(bins.loc[rows, c["name"]], minlength=len(c["points"]))
            csi = stability(c["weights"], counts)
            chars_out.append({"name": c["name"], "csi": csi, "csi_verdict": verdict(csi)})
        out.append({
            "period": label,
            "rows": int(rows.sum()),
            "psi": psi,
            "psi_verdict": verdict(psi),
            "approval_rate": float(np.mean(s >= cutoff)),
            "bad_rate": float(np.mean(y)),
            "auc": float(roc_auc_score(1 - y, s)),
            "ks": float(ks_2samp(s[y == 1], s[y == 0]).statistic),
            "characteristics": chars_out,
        })
    return out


scenarios = []
quarters = ["2023Q1", "2023Q2", "2023Q3", "2023Q4", "2024Q1"]
period = pd.Series([quarters[i // 200] for i in range(len(data))])
scenario_numeric = False
cutoff = score_from_pd(bad.mean())
scenarios.append({"name": "quarters", "cutoff": cutoff, "cutoff_given": False,
                  "periods": monitor(period, cutoff)})

age = data["age"].astype(float)
period = pd.Series(np.where(age < 25, "1", np.where(age < 35, "2", np.where(age < 50, "3", "4"))))
scenario_numeric = True
scenarios.append({"name": "age_band", "cutoff": 520.0, "cutoff_given": True, "periods": monitor(period, 520.0)})

doc = {
    "source": "tests/reference/monitoring_psi_csi.py",
    "versions": {"pandas": pd.__version__, "numpy": np.__version__, "scipy": scipy.__version__,
                 "sklearn": sklearn.__version__},
    "card": "tests/reference/monitoring_card.json",
    "data": "data/german_credit.csv",
    "epsilon": EPS,
    "scenarios": scenarios,
}
with open(os.path.join(HERE, "monitoring_psi_csi.json"), "w") as f:
    json.dump(doc, f, indent=1)
    f.write("\n")
print("wrote monitoring_psi_csi.json:", ", ".join(f"{s['name']} ({len(s['periods'])} periods)" for s in scenarios))
