#!/usr/bin/python3
"""Reference values for credo::metrics (tests/metrics/test_reference.cpp reads the output).

Run with Debian's Python: /usr/bin/python3 tests/reference/metrics_reference.py
Writes tests/reference/metrics_reference.json: seeded data with ties and weights, and
what scikit-learn, scipy and small numpy implementations compute on it.
"""
import json
import os

import numpy as np
from scipy import stats
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score, roc_curve

rng = np.random.default_rng(20261126)
n = 1500
x = rng.normal(size=n)
z = rng.normal(size=n)
# Probability of default with ties (rounded to 3 decimals), a second correlated model,
# and a scorecard score (higher = safer) rounded to whole points (many ties).
p = np.round(1 / (1 + np.exp(-(-1.2 + 1.1 * x))), 3)
p = np.clip(p, 0.001, 0.999)
p2 = np.round(1 / (1 + np.exp(-(-1.2 + 0.6 * x + 0.8 * z))), 3)
p2 = np.clip(p2, 0.001, 0.999)
bad = (rng.uniform(size=n) < 1 / (1 + np.exp(-(-1.2 + 1.1 * x + 0.3 * z)))).astype(int)
points = np.round(600 - 20 / np.log(2) * np.log(p / (1 - p)))
weight = np.round(rng.uniform(0.2, 3.0, size=n), 2)
iweight = rng.integers(1, 4, size=n)


def ks_weighted(score, y, w):
    order = np.argsort(score, kind="stable")
    s, y, w = score[order], y[order], w[order]
    last = np.r_[s[1:] != s[:-1], True]  # the last row of each distinct score
    fb = np.cumsum(w * y)[last] / np.sum(w * y)
    fg = np.cumsum(w * (1 - y))[last] / np.sum(w * (1 - y))
    gap = np.abs(fb - fg)
    i = int(np.argmax(gap))
    return float(gap[i]), float(s[last][i])


def quantile_groups(score, w, g):
    """Band of each row: ties together, a distinct value goes to floor(g*(C + w/2)/W)."""
    vals, inv = np.unique(score, return_inverse=True)
    wv = np.bincount(inv, weights=w)
    before = np.r_[0, np.cumsum(wv)[:-1]]
    band = np.minimum(g - 1, np.floor(g * (before + wv / 2) / wv.sum())).astype(int)
    return band[inv]


def hosmer_lemeshow(p, y, w, g=10):
    band = quantile_groups(p, w, g)
    stat, used, groups = 0.0, 0, []
    for k in range(g):
        m = band == k
        nk, o, e = w[m].sum(), (w * y)[m].sum(), (w * p)[m].sum()
        groups.append({"weight": float(nk), "observed": float(o), "expected": float(e)})
        if nk > 0 and 0 < e < nk:
            stat += (o - e) ** 2 / (e * (1 - e / nk))
            used += 1
    return stat, used, float(stats.chi2.sf(stat, used - 2)), groups


def midrank(v):
    order = np.argsort(v, kind="stable")
    s = v[order]
    r = np.empty(len(v))
    i = 0
    while i < len(v):
        j = i
        while j < len(v) and s[j] == s[i]:
            j += 1
        r[order[i:j]] = 0.5 * (i + j - 1) + 1
        i = j
    return r


def delong_fast(scores, y):
    """Sun & Xu (2014) midrank form of DeLong's covariance; scores: k x n, y: 0/1 (1 = positive)."""
    pos, neg = scores[:, y == 1], scores[:, y == 0]
    m, nn = pos.shape[1], neg.shape[1]
    k = scores.shape[0]
    tx = np.array([midrank(pos[r]) for r in range(k)])
    ty = np.array([midrank(neg[r]) for r in range(k)])
    tz = np.array([midrank(np.r_[pos[r], neg[r]]) for r in range(k)])
    aucs = tz[:, :m].sum(axis=1) / m / nn - (m + 1.0) / 2.0 / nn
    v01 = (tz[:, :m] - tx) / nn
    v10 = 1.0 - (tz[:, m:] - ty) / m
    cov = np.atleast_2d(np.cov(v01)) / m + np.atleast_2d(np.cov(v10)) / nn
    return aucs, cov


def delong_bruteforce(score, y):
    """Direct placements (DeLong 1988, eq. for V10, V01) with an O(m·n) kernel."""
    pos, neg = score[y == 1], score[y == 0]
    psi = (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])
    a = psi.mean()
    v10, v01 = psi.mean(axis=1), psi.mean(axis=0)
    return a, v10.var(ddof=1) / len(pos) + v01.var(ddof=1) / len(neg)


out = {"data": {"p": p.tolist(), "p2": p2.tolist(), "points": points.tolist(), "bad": bad.tolist(),
                "weight": weight.tolist(), "iweight": iweight.tolist()}}

# Discrimination (sklearn: higher score = more likely positive = riskier, y = bad).
out["auc_p"] = roc_auc_score(bad, p)
out["auc_p_weighted"] = roc_auc_score(bad, p, sample_weight=weight)
out["auc_points_safer"] = roc_auc_score(bad, -points)  # points: higher = safer
out["auc_points_safer_weighted"] = roc_auc_score(bad, -points, sample_weight=weight)
fpr, tpr, thr = roc_curve(bad, p, sample_weight=weight, drop_intermediate=False)
out["roc_p_weighted"] = {"fpr": fpr.tolist(), "tpr": tpr.tolist(), "threshold": thr[1:].tolist()}
out["ks_p_scipy"] = float(stats.ks_2samp(p[bad == 1], p[bad == 0]).statistic)
out["ks_p"], out["ks_p_at"] = ks_weighted(p, bad, np.ones(n))
out["ks_points_weighted"], out["ks_points_weighted_at"] = ks_weighted(points, bad, weight)

# Calibration.
out["brier_weighted"] = brier_score_loss(bad, p, sample_weight=weight)
out["log_loss_weighted"] = log_loss(bad, p, sample_weight=weight)
hl, used, pv, groups = hosmer_lemeshow(p, bad, np.ones(n))
out["hosmer_lemeshow"] = {"statistic": hl, "groups": used, "p_value": pv, "bands": groups}
hlw, usedw, pvw, _ = hosmer_lemeshow(p, bad, weight.astype(float))
out["hosmer_lemeshow_weighted"] = {"statistic": hlw, "groups": usedw, "p_value": pvw}

# DeLong: fast midrank form, checked here against the brute-force placements.
aucs, cov = delong_fast(np.vstack([p, p2]), bad)
a_bf, v_bf = delong_bruteforce(p, bad)
assert abs(a_bf - aucs[0]) < 1e-12 and abs(v_bf - cov[0, 0]) < 1e-12, (a_bf, aucs, v_bf, cov)
diff_var = cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]
zstat = (aucs[0] - aucs[1]) / np.sqrt(diff_var)
out["delong"] = {"auc1": aucs[0], "auc2": aucs[1], "var1": cov[0, 0], "var2": cov[1, 1], "cov": cov[0, 1],
                 "z": zstat, "p_value": float(2 * stats.norm.sf(abs(zstat)))}
rep = np.repeat(np.arange(n), iweight)  # integer weights = repeated rows
aucs_w, cov_w = delong_fast(np.vstack([p[rep], p2[rep]]), bad[rep])
out["delong_integer_weights"] = {"auc1": aucs_w[0], "var1": cov_w[0, 0], "var2": cov_w[1, 1], "cov": cov_w[0, 1]}

# Stability: reference = first half of points, current = second half shifted by 8 points.
ref, cur = points[: n // 2], points[n // 2:] + 8
band_ref = quantile_groups(ref, np.ones(len(ref)), 10)
cut = [float(np.min(ref[band_ref == k])) for k in range(1, 10) if np.any(band_ref == k)]
e = np.bincount(np.searchsorted(cut, ref, side="right"), minlength=len(cut) + 1) / len(ref)
a = np.bincount(np.searchsorted(cut, cur, side="right"), minlength=len(cut) + 1) / len(cur)
out["psi_points"] = {"cutoffs": cut, "value": float(np.sum((a - e) * np.log(a / e)))}

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "metrics_reference.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", path)
