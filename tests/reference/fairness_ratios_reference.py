#!/usr/bin/python3
"""Reference values for the fairness ratios and the to-overall comparisons of
credo::fairness::compare_groups (tests/fairness/test_ratios.cpp), from the definitions of
fairlearn (not installed here; fairlearn/metrics/_disaggregated_result.py and
_fairness_metrics.py, implemented below in numpy):

  TPR = P(approve | good), FPR = P(approve | bad), precision = P(good | approve),
  selection (approval) rate = P(approve); weighted counts (sample_weight).
  between groups: ratio = min/max, difference = max - min;
  equalized_odds_ratio = min(TPR ratio, FPR ratio) (fairlearn, agg='worst_case');
  to_overall: per group rate_g - overall and rate_g / overall;
    MetricFrame.difference(method='to_overall') = max_g |rate_g - overall|,
    MetricFrame.ratio(method='to_overall') = min_g min(r_g, 1/r_g).
  against the reference (credo's convention): TPR_g/TPR_ref, FPR_g/FPR_ref, FPR_g - FPR_ref,
    equalized odds ratio min(s(TPR_g/TPR_ref), s(FPR_g/FPR_ref)), s(x) = min(x, 1/x).

Run: /usr/bin/python3 tests/reference/fairness_ratios_reference.py  (writes fairness_ratios_reference.json)

Data, decisions and groupings as fairness_reference.py, plus three age bands (cuts 25, 40).
"""
import json
import os
import warnings

import numpy as np
import pandas as pd

warnings.simplefilter("ignore", RuntimeWarning)  # 0/0 rates are expected and kept as NaN
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
df = pd.read_csv(os.path.join(ROOT, "data", "german_credit.csv"))
bad = (df["class"] == "bad").astype(int).to_numpy()
good = 1 - bad
age = df["age"].to_numpy()
groupings = {
    "age": (np.where(age <= 25, "age <= 25", "age > 25"), "age > 25"),
    "sex": (np.where(df["personal_status"].str.startswith("female"), "female", "male"), "male"),
    "age3": (np.where(age <= 25, "age <= 25", np.where(age <= 40, "25 < age <= 40", "age > 40")),
             "25 < age <= 40"),
}
linear = (100 - df["duration"] - df["credit_amount"] / 500).to_numpy()
decisions = {
    "label": (good.astype(float), 1.0, np.ones(len(df))),
    "linear": (linear, 70.0, np.ones(len(df))),
    "linear_weighted": (linear, 70.0, 1.0 + (np.arange(len(df)) % 3)),
}


def rates(appr, w, mask):
    W = w[mask].sum()
    A = w[mask & appr].sum()
    G = w[mask & (good == 1)].sum()
    B = W - G
    AG = w[mask & appr & (good == 1)].sum()
    return {"approval_rate": A / W, "tpr": AG / G, "fpr": (A - AG) / B, "precision": AG / A}


def sub_one(x):
    return 1 / x if x > 1 else x


def nanmin(*xs):
    """min, NaN when any is NaN (credo propagates an undefined rate; Python's min would not)."""
    return float("nan") if any(np.isnan(x) for x in xs) else min(xs)


def clean(x):
    """NaN (a 0/0 rate, e.g. FPR when no bad is approved) is written as null."""
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, list):
        return [clean(v) for v in x]
    if isinstance(x, (float, np.floating)):
        return None if np.isnan(x) else float(x)
    return x


out = {"cases": {}}
for dname, (score, cutoff, w) in decisions.items():
    appr = score >= cutoff
    for gname, (labels, ref) in groupings.items():
        names = sorted(set(labels))
        by = {nm: rates(appr, w, labels == nm) for nm in names}
        overall = rates(appr, w, np.ones(len(df), dtype=bool))
        r = by[ref]
        col = lambda k: [by[nm][k] for nm in names]
        tpr, fpr = col("tpr"), col("fpr")
        case = {"cutoff": cutoff, "reference": ref, "names": names, "vs_reference": [], "across": {},
                "to_overall": {}}
        for nm in names:
            g = by[nm]
            case["vs_reference"].append({
                "true_positive_rate_ratio": g["tpr"] / r["tpr"],
                "false_positive_rate_ratio": g["fpr"] / r["fpr"],
                "false_positive_rate_difference": g["fpr"] - r["fpr"],
                "equalized_odds_ratio": nanmin(sub_one(g["tpr"] / r["tpr"]), sub_one(g["fpr"] / r["fpr"])),
            })
        case["across"] = {
            "true_positive_rate_ratio": min(tpr) / max(tpr),
            "false_positive_rate_ratio": nanmin(*fpr) / max(fpr),
            "false_positive_rate_difference": max(fpr) - min(fpr),
            "equalized_odds_ratio": nanmin(min(tpr) / max(tpr), nanmin(*fpr) / max(fpr)),
        }
        for key, name in [("approval_rate", "approval_rate"), ("tpr", "true_positive_rate"),
                          ("fpr", "false_positive_rate"), ("precision", "precision")]:
            v = np.array(col(key))
            o = overall[key]
            case["to_overall"][name] = {
                "overall": o, "difference": list(v - o), "ratio": list(v / o),
                "max_abs_difference": float(np.max(np.abs(v - o))),  # NaN if any is
                "min_ratio": float(nanmin(*[sub_one(x) for x in v / o])),
            }
        out["cases"][f"{dname}/{gname}"] = case

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "fairness_ratios_reference.json"), "w") as f:
    json.dump(clean(out), f, indent=1)
    f.write("\n")
