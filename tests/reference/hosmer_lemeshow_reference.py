#!/usr/bin/python3
"""Hosmer-Lemeshow under three groupings, each implemented here from its documented rule,
for credo::metrics::calibration::hosmer_lemeshow(g, grouping) (tests/metrics/test_hosmer_lemeshow.cpp):

  equal_count  credo's quantile bands (docs/metrics.md, include/credo/metrics/bands.hpp): walking
               the distinct p upwards, a value of weight w after weight C (of W) goes to band
               floor(g (C + w/2) / W), clamped to g - 1.
  r_quantile   R's ResourceSelection::hoslem.test: breaks = unique(quantile(p, seq(0, 1, 1/g)))
               (type 7: x_(1 + (N-1) q), linear between order statistics), cut(p, breaks,
               include.lowest=TRUE): groups (b_{k-1}, b_k], the first closed; df = G - 2, G the
               nonempty groups. Checked here against R itself (hosmer_lemeshow_r.json, written by
               hosmer_lemeshow_reference.R).
  stata_xtile  Stata's estat gof, group(g) ([R] estat gof: groups as xtile, nq(g)): cut points
               c_k (k = 1..g-1) are _pctile's default percentiles ([D] pctile, Methods and
               formulas): P = N k / g; x_(i) for the first i with cumulative weight W_(i) > P,
               or (x_(i) + x_(i+1))/2 when W_(i) = P; group k = {c_{k-1} < p <= c_k}; empty
               groups are not formed; df = groups - 2.
Statistic: sum over groups with 0 < E < n of (O - E)^2 / (E (1 - E/n)), chi-squared(df).
Weights are frequency weights (the weighted case equals rows repeated).

Run: /usr/bin/python3 tests/reference/hosmer_lemeshow_reference.py  (after the R script; writes
hosmer_lemeshow_reference.json)
"""
import json
import math
import os

import numpy as np
import pandas as pd
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
df = pd.read_csv(os.path.join(ROOT, "data", "german_credit.csv"))
y = (df["class"] == "bad").astype(int).to_numpy()
dur = df["duration"].to_numpy()
amt = df["credit_amount"].to_numpy()
preds = {"spread": (5 * dur + amt % 200 + 50) / 1000.0, "tied": (10 * dur + 20) / 1000.0}
w3 = 1.0 + (np.arange(len(df)) % 3)
# A small sample where R's type-7 breaks and Stata's percentiles part differently (g = 4).
small_p = np.array([1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4, 4, 5, 6, 6, 6, 7, 7]) / 10.0
small_y = np.array([0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 1, 1, 1])


def distinct(p, y, w):
    vals = np.unique(p)
    wb = np.array([w[(p == v) & (y == 1)].sum() for v in vals])
    wt = np.array([w[p == v].sum() for v in vals])
    n = np.array([(p == v).sum() for v in vals])
    return vals, wb, wt, n


def groups_equal_count(vals, wt, g):
    W, before, out = wt.sum(), 0.0, []
    for x in wt:
        at = math.floor(g * (before + 0.5 * x) / W)
        out.append(0 if at <= 0 else min(g - 1, at))
        before += x
    return out, g


def order_stat(vals, cum, j):
    i = int(np.searchsorted(cum, j, side="left"))
    return vals[min(i, len(vals) - 1)]


def groups_r(vals, wt, g):
    cum = np.cumsum(wt)
    W = cum[-1]
    breaks = []
    for k in range(g + 1):
        prob = k * (1.0 / g)
        index = 1 + max(W - 1, 0) * prob
        lo, hi = math.floor(index), math.ceil(index)
        q, xh = order_stat(vals, cum, lo), order_stat(vals, cum, hi)
        if index > lo and xh != q:
            h = index - lo
            q = (1 - h) * q + h * xh
        if not breaks or breaks[-1] != q:
            breaks.append(q)
    cuts = breaks[1:-1]
    return [int(np.searchsorted(cuts, v, side="left")) for v in vals], len(cuts) + 1, breaks


def groups_stata(vals, wt, g):
    cum = np.cumsum(wt)
    W = cum[-1]
    cuts = []
    for k in range(1, g):
        P = W * k / g
        i = int(np.searchsorted(cum, P, side="left"))  # first cum >= P
        if i == len(vals):
            c = vals[-1]
        elif cum[i] == P and i + 1 < len(vals):
            c = (vals[i] + vals[i + 1]) / 2
        else:
            c = vals[i]
        cuts.append(c)
    return [int(np.searchsorted(cuts, v, side="left")) for v in vals], len(cuts) + 1


def hl(p, y, w, g, how):
    vals, wb, wt, n = distinct(p, y, w)
    if how == "equal_count":
        gi, m = groups_equal_count(vals, wt, g)
    elif how == "r_quantile":
        gi, m, _ = groups_r(vals, wt, g)
    else:
        gi, m = groups_stata(vals, wt, g)
    part = []
    for k in range(m):
        sel = np.array(gi) == k
        if how == "stata_xtile" and not sel.any():
            continue
        part.append({
            "p_min": float(vals[sel].min()) if sel.any() else None,
            "p_max": float(vals[sel].max()) if sel.any() else None,
            "rows": int(n[sel].sum()), "weight": float(wt[sel].sum()),
            "observed_bads": float(wb[sel].sum()), "expected_bads": float((wt[sel] * vals[sel]).sum())})
    stat, used = 0.0, 0
    for b in part:
        E, N, O = b["expected_bads"], b["weight"], b["observed_bads"]
        b["entered"] = bool(N > 0 and 0 < E < N)
        if b["entered"]:
            stat += (O - E) ** 2 / (E * (1 - E / N))
            used += 1
    return {"statistic": stat, "groups": used, "df": used - 2,
            "p_value": float(stats.chi2.sf(stat, used - 2)), "partition": part}


cases = []
for name in ["spread", "tied", "tied_weighted", "small"]:
    if name == "small":
        p, yy, w = small_p, small_y, np.ones(len(small_p))
    else:
        p, yy = preds["tied" if name == "tied_weighted" else name], y
        w = w3 if name == "tied_weighted" else np.ones(len(df))
    for g in ([4] if name == "small" else [10, 5]):
        for how in ["equal_count", "r_quantile", "stata_xtile"]:
            cases.append({"case": name, "groups_asked": g, "grouping": how, **hl(p, yy, w, g, how)})

# The R grouping above must be R's own (hosmer_lemeshow_r.json from the R script).
with open(os.path.join(HERE, "hosmer_lemeshow_r.json")) as f:
    for r in json.load(f)["cases"]:
        mine = next(c for c in cases if c["case"] == r["case"] and c["groups_asked"] == r["groups"]
                    and c["grouping"] == "r_quantile")
        assert [b["weight"] for b in mine["partition"]] == r["weight"], r["case"]
        assert [b["observed_bads"] for b in mine["partition"]] == r["observed_bads"], r["case"]
        assert np.allclose([b["expected_bads"] for b in mine["partition"]], r["expected_bads"], rtol=1e-13)
        assert math.isclose(mine["statistic"], r["statistic"], rel_tol=1e-12), (mine["statistic"], r["statistic"])
        assert mine["df"] == r["df"]
        assert math.isclose(mine["p_value"], r["p_value"], rel_tol=1e-9, abs_tol=1e-15), (mine["p_value"], r["p_value"])

with open(os.path.join(HERE, "hosmer_lemeshow_reference.json"), "w") as f:
    json.dump({"cases": cases}, f, indent=1)
    f.write("\n")
for c in cases:
    print(c["case"], c["groups_asked"], c["grouping"], len(c["partition"]), c["groups"], round(c["statistic"], 4))
