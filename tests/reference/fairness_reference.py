#!/usr/bin/python3
"""Reference values for credo::fairness (tests/fairness/), from scipy and statsmodels.

Run: /usr/bin/python3 tests/reference/fairness_reference.py  (writes fairness_reference.json)

Data: data/german_credit.csv, bad = class 'bad'. Groups:
  age:  'age <= 25' / 'age > 25' (right-closed bands at 25, as pandas.cut), reference 'age > 25'
  sex:  from personal_status: labels starting 'female' -> 'female', 'male' -> 'male';
        reference 'male'
Decisions:
  label: score = 1 for goods, 0 for bads, cut-off 1 (the data's own labels as the decision)
  linear: score = 100 - duration - credit_amount / 500, cut-off 70 (a fixed linear score)
  linear_weighted: the linear score with row weights 1 + (row mod 3)
Approved = score >= cut-off. Tests: scipy.stats.fisher_exact (two-sided),
chi2_contingency with correction=False and with correction=True (Yates), statsmodels
proportions_ztest (pooled), proportion_confint(method='wilson'), sklearn roc_auc_score
(goods as positives, sample_weight) for the AUC within a group.
The AIR interval and the measures are computed here from their formulas (docs/fairness.md).
"""
import itertools
import json
import os

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.metrics import roc_auc_score
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
df = pd.read_csv(os.path.join(ROOT, "data", "german_credit.csv"))
bad = (df["class"] == "bad").astype(int).to_numpy()
good = 1 - bad
groupings = {
    "age": (np.where(df["age"] <= 25, "age <= 25", "age > 25"), "age > 25"),
    "sex": (np.where(df["personal_status"].str.startswith("female"), "female", "male"), "male"),
}
linear = (100 - df["duration"] - df["credit_amount"] / 500).to_numpy()
decisions = {
    "label": (good.astype(float), 1.0, np.ones(len(df))),
    "linear": (linear, 70.0, np.ones(len(df))),
    "linear_weighted": (linear, 70.0, 1.0 + (np.arange(len(df)) % 3)),
}
BANDS = [60.0, 70.0, 80.0]
Z = stats.norm.ppf(0.975)


def wilson(x, n):
    lo, hi = proportion_confint(x, n, alpha=0.05, method="wilson")
    return [float(lo), float(hi)]


def group_stats(score, cutoff, w, mask):
    appr = score >= cutoff
    W = w[mask].sum()
    A = w[mask & appr].sum()
    B = w[mask & (bad == 1)].sum()
    Gd = W - B
    AG = w[mask & appr & (good == 1)].sum()
    AB = A - AG
    m = np.average(score[mask], weights=w[mask])
    ss = (w[mask] * (score[mask] - m) ** 2).sum()
    band = np.searchsorted(BANDS, score[mask], side="right")  # [b_{i-1}, b_i)
    cal = []
    for b in range(len(BANDS) + 1):
        sel = band == b
        bw = w[mask][sel].sum()
        cal.append({"weight": float(bw), "rows": int(sel.sum()),
                    "bad_rate": float(w[mask][sel & (bad[mask] == 1)].sum() / bw) if bw > 0 else None})
    return {
        "weight": float(W), "rows": int(mask.sum()), "approved": float(A), "bads": float(B),
        "approval_rate": A / W, "bad_rate": B / W, "tpr": AG / Gd, "fpr": AB / B,
        "precision": AG / A, "mean_score": float(m), "m2": float(ss),
        "sd_score": float(np.sqrt(ss / (W - 1))),
        "approval_rate_ci": wilson(A, W), "bad_rate_ci": wilson(B, W),
        "tpr_ci": wilson(AG, Gd), "fpr_ci": wilson(AB, B), "precision_ci": wilson(AG, A),
        "calibration": cal,
        # AUC within the group: goods are the positives of a higher-is-safer score.
        "auc": float(roc_auc_score(good[mask], score[mask], sample_weight=w[mask])),
    }


def compare(g, r):
    out = {}
    out["adverse_impact_ratio"] = g["approval_rate"] / r["approval_rate"]
    out["statistical_parity_difference"] = g["approval_rate"] - r["approval_rate"]
    out["equal_opportunity_difference"] = g["tpr"] - r["tpr"]
    out["average_odds_difference"] = 0.5 * ((g["fpr"] - r["fpr"]) + (g["tpr"] - r["tpr"]))
    out["equalized_odds_difference"] = max(abs(g["tpr"] - r["tpr"]), abs(g["fpr"] - r["fpr"]))
    out["predictive_parity_difference"] = g["precision"] - r["precision"]
    sp = np.sqrt((g["m2"] + r["m2"]) / (g["weight"] + r["weight"] - 2))
    out["standardized_mean_difference"] = (g["mean_score"] - r["mean_score"]) / sp if sp > 0 else None
    out["marginal_effect"] = 100 * (g["approval_rate"] - r["approval_rate"])
    out["below_four_fifths"] = bool(out["adverse_impact_ratio"] < 0.8)
    x1, n1, x2, n2 = g["approved"], g["weight"], r["approved"], r["weight"]
    p1, p2 = x1 / n1, x2 / n2
    if 0 < p1 and 0 < p2:
        se = np.sqrt((1 - p1) / (n1 * p1) + (1 - p2) / (n2 * p2))
        out["air_ci"] = [float(np.exp(np.log(p1 / p2) - Z * se)), float(np.exp(np.log(p1 / p2) + Z * se))]
    table = np.array([[x1, n1 - x1], [x2, n2 - x2]])
    if (table.sum(axis=0) > 0).all():
        chi, chip, _, _ = stats.chi2_contingency(table, correction=False)
        chiy, chiyp, _, _ = stats.chi2_contingency(table, correction=True)
        zs, zp = proportions_ztest([x1, x2], [n1, n2])
        out["chi2"] = [float(chi), float(chip)]
        out["chi2_yates"] = [float(chiy), float(chiyp)]
        out["z"] = [float(zs), float(zp)]
        odds, fp = stats.fisher_exact(table.astype(np.int64), alternative="two-sided")
        out["fisher"] = [float(odds), float(fp)]
    return out


def across(gs):
    ar = [g["approval_rate"] for g in gs]
    tpr = [g["tpr"] for g in gs]
    fpr = [g["fpr"] for g in gs]
    ppv = [g["precision"] for g in gs]
    mean = [g["mean_score"] for g in gs]
    rng = lambda v: max(v) - min(v)
    sp = np.sqrt(sum(g["m2"] for g in gs) / (sum(g["weight"] for g in gs) - len(gs)))
    return {
        "adverse_impact_ratio": min(ar) / max(ar),
        "statistical_parity_difference": rng(ar),
        "equal_opportunity_difference": rng(tpr),
        "average_odds_difference": 0.5 * (rng(fpr) + rng(tpr)),
        "equalized_odds_difference": max(rng(tpr), rng(fpr)),
        "predictive_parity_difference": rng(ppv),
        "standardized_mean_difference": rng(mean) / sp if sp > 0 else None,
        "marginal_effect": 100 * rng(ar),
    }


def reweigh(labels, w):
    # Kamiran & Calders 2012: W(g, y) = P(g) P(y) / P(g, y), weighted; row weight w * W.
    d = pd.DataFrame({"g": labels, "y": bad, "w": w})
    tot = d.w.sum()
    pg = d.groupby("g").w.sum() / tot
    py = d.groupby("y").w.sum() / tot
    pgy = d.groupby(["g", "y"]).w.sum() / tot
    return [float(r.w * pg[r.g] * py[r.y] / pgy[(r.g, r.y)]) for r in d.itertuples()]


def best_cutoffs(labels, score, cutoff, tol):
    """Exact optimum over every pair of cut-offs (two groups): max approved goods with the
    approval-rate gap <= tol and total approvals <= those at the single cut-off."""
    names = sorted(set(labels))
    budget = (score >= cutoff).sum()
    opts = []
    for nm in names:
        s = score[labels == nm]
        gd = good[labels == nm]
        order = np.argsort(-s, kind="stable")
        s, gd = s[order], gd[order]
        cuts = [np.inf] + sorted(set(s.tolist()), reverse=True)
        rows = []
        for c in cuts:
            a = (s >= c).sum()
            rows.append((c, a, gd[s >= c].sum(), a / len(s)))
        opts.append(rows)
    best = (-1, None)
    for o1, o2 in itertools.product(*opts):
        if abs(o1[3] - o2[3]) <= tol + 1e-12 and o1[1] + o2[1] <= budget:
            g = o1[2] + o2[2]
            if g > best[0]:
                best = (g, (o1[0], o2[0]))
    return {"names": names, "approved_goods": int(best[0]), "budget": int(budget)}


out = {"bands": BANDS, "cases": {}}
for dname, (score, cutoff, w) in decisions.items():
    for gname, (labels, ref) in groupings.items():
        names = sorted(set(labels))
        gs = [group_stats(score, cutoff, w, labels == nm) for nm in names]
        r = gs[names.index(ref)]
        case = {
            "cutoff": cutoff, "reference": ref, "names": names, "groups": gs,
            "vs_reference": [compare(g, r) for g in gs], "across": across(gs),
        }
        out["cases"][f"{dname}/{gname}"] = case
for gname, (labels, ref) in groupings.items():
    out[f"reweighing/{gname}"] = reweigh(labels, np.ones(len(df)))
    out[f"reweighing_weighted/{gname}"] = reweigh(labels, 1.0 + (np.arange(len(df)) % 3))
out["cutoffs/age"] = best_cutoffs(groupings["age"][0], linear, 70.0, 0.02)
out["cutoffs/sex"] = best_cutoffs(groupings["sex"][0], linear, 70.0, 0.02)

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "fairness_reference.json"), "w") as f:
    json.dump(out, f, indent=1, default=float)
print("wrote fairness_reference.json")
