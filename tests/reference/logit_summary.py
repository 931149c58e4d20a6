#!/usr/bin/python3
"""Reference values for credo's logistic regression summary and concordance.

Run with Debian's Python:  /usr/bin/python3 tests/reference/logit_summary.py
Writes tests/reference/logit_summary.json, which tests/model/test_logit_summary.cpp and
tests/metrics/test_concordance.cpp read.

Data: data/german_credit.csv, target class == 'bad' (event = 1), raw columns with treatment
(dummy) coding as patsy's C(x, Treatment(reference=...)) writes it in a statsmodels formula.

Cases:
- "raw":      statsmodels Logit (Newton) on the formula below: params, bse, conf_int at
              alpha 0.05 and 0.10, exp of both (odds ratios), llf, llnull, llr, df_model,
              llr_pvalue, prsquared; the same design through GLM Binomial for deviance,
              null_deviance, resid_pearson, resid_deviance and pseudo_rsquared('cs');
              Nagelkerke's R^2 by its formula (Nagelkerke 1991, Biometrika 78(3):691-692):
              cs / (1 - exp(2 llnull / n)).
- "weighted": the same design, GLM Binomial with freq_weights = row % 3 + 1 (credo's weights
              are frequency weights); llnull in closed form (checked against the intercept-only GLM); the LR p-value from
              scipy.stats.chi2.sf; Cox-Snell as 1 - exp(2 (llnull - llf) / sum(w)), checked
              against the unweighted fit of the rows repeated w times.
- "small":    12 hand-made rows, one column, non-integer frequency weights.
- "concordance": SAS PROC LOGISTIC's association table (n_c, n_d, ties over (bad, good)
              pairs, Somers' D, gamma, tau-a with denominator N(N-1)/2) by a direct O(n^2)
              count of every pair, of the fitted PD of "raw", of that PD rounded to 2 decimals
              (many ties), and weighted (the weights of "weighted"; checked against the rows
              repeated). Somers' D is also scipy.stats.somersd(y, pd).statistic (D(pd|y),
              the denominator the pairs of unequal y) and tau-a also a direct count of
              sign(pd_i - pd_j) sign(y_i - y_j) over all N(N-1)/2 pairs; scipy's kendalltau
              gives tau-b, so tau-b is recorded from it and checked against the count too.
"""
import json
import os
import re

import numpy as np
import pandas as pd
import patsy
import scipy
import statsmodels
import statsmodels.api as sm
import statsmodels.formula.api as smf
from scipy import stats


def L(v):
    return np.asarray(v).tolist()


here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
df = pd.read_csv(os.path.join(root, "data", "german_credit.csv"), keep_default_na=False)
df["bad"] = (df["class"] == "bad").astype(float)
y = df["bad"].to_numpy()

numeric = ["duration", "credit_amount", "installment_commitment", "age"]
categorical = {"checking_status": "no checking", "housing": "own", "purpose": None}


def term(c, ref):
    return f"C({c}, Treatment(reference='{ref}'))" if ref is not None else f"C({c})"


formula = "bad ~ " + " + ".join(numeric + [term(c, r) for c, r in categorical.items()])
out = {"generator": "tests/reference/logit_summary.py",
       "versions": {"statsmodels": statsmodels.__version__, "scipy": scipy.__version__,
                    "numpy": np.__version__, "patsy": patsy.__version__},
       "formula": formula,
       "columns": numeric + list(categorical),
       "baselines": {c: r for c, r in categorical.items() if r is not None}}

logit = smf.logit(formula, data=df).fit(method="newton", tol=1e-14, maxiter=100, disp=0)
names = list(logit.model.exog_names)
# credo names a dummy "column[T.level]": patsy's name with the C(...) wrapper dropped.
short = [re.sub(r"^C\((\w+)(, Treatment\(reference='[^']*'\))?\)", r"\1", n) for n in names]
out["patsy_names"] = names
out["names"] = short
X = logit.model.exog
n = len(y)


def r2(llf, llnull, nobs):
    cs = 1 - np.exp(2 * (llnull - llf) / nobs)
    return cs, cs / (1 - np.exp(2 * llnull / nobs))


def closed_llnull(yy, ww, iterative):
    """The intercept-only log-likelihood in closed form, p = sum(w y) / sum(w); the iterative
    null GLM agrees to ~1e-10."""
    p = (ww * yy).sum() / ww.sum()
    ll = float((ww * (yy * np.log(p) + (1 - yy) * np.log1p(-p))).sum())
    assert abs(ll - iterative) < 1e-9 * abs(ll)
    return ll


def glm_part(glm, null_llf, w):
    nobs = float(w.sum())
    cs, nk = r2(glm.llf, null_llf, nobs)
    llr = 2 * (glm.llf - null_llf)
    df_model = X.shape[1] - 1
    # statsmodels' null_deviance refits the intercept-only model at its default tolerance
    # (agreeing to ~1e-8); the reference is -2 llnull of the closed form (Logit) or of a null
    # GLM fitted to tol 1e-14.
    assert abs(glm.null_deviance + 2 * null_llf) < 1e-7 * abs(null_llf)
    assert abs(glm.deviance + 2 * glm.llf) < 1e-10 * abs(glm.llf)
    return {"params": L(glm.params), "bse": L(glm.bse),
            "conf_int": L(glm.conf_int(alpha=0.05)),
            "odds_ratio": L(np.exp(glm.params)),
            "odds_ratio_conf_int": L(np.exp(glm.conf_int(alpha=0.05))),
            "llf": float(glm.llf), "llnull": float(null_llf), "nobs": nobs,
            "deviance": float(glm.deviance), "null_deviance": float(-2 * null_llf),
            "null_deviance_statsmodels": float(glm.null_deviance),
            "llr": float(llr), "df_model": df_model,
            "llr_pvalue": float(stats.chi2.sf(llr, df_model)),
            "mcfadden": float(1 - glm.llf / null_llf), "cox_snell": float(cs), "nagelkerke": float(nk),
            "resid_pearson": L(glm.resid_pearson), "resid_deviance": L(glm.resid_deviance)}


# --- raw: Logit and GLM on the same design ---------------------------------------------------
glm = sm.GLM(y, X, family=sm.families.Binomial()).fit(tol=1e-14, maxiter=100)
raw = glm_part(glm, closed_llnull(y, np.ones(n), logit.llnull), np.ones(n))
assert np.allclose(glm.params, logit.params, rtol=1e-10)
# Logit's llnull, llr and prsquared refit the null model iteratively (to ~1e-10 relative); the
# reference takes llnull in closed form and the LR test and R^2 from it.
assert abs(raw["llr"] - logit.llr) < 1e-9 * logit.llr and logit.df_model == raw["df_model"]
assert abs(raw["llr_pvalue"] - logit.llr_pvalue) < 1e-6 * logit.llr_pvalue
assert abs(raw["mcfadden"] - logit.prsquared) < 1e-9
raw.update({"params": L(logit.params), "bse": L(logit.bse),
            "conf_int": L(logit.conf_int(alpha=0.05)),
            "conf_int_90": L(logit.conf_int(alpha=0.10)),
            "odds_ratio": L(np.exp(logit.params)),
            "odds_ratio_conf_int": L(np.exp(logit.conf_int(alpha=0.05))),
            "llf": float(logit.llf), "llnull_statsmodels": float(logit.llnull),
            "llr_statsmodels": float(logit.llr), "llr_pvalue_statsmodels": float(logit.llr_pvalue),
            "prsquared_statsmodels": float(logit.prsquared),
            "cox_snell_statsmodels": float(glm.pseudo_rsquared(kind="cs"))})
# GLM's llnull is an iterative fit of the intercept-only model (to about 1e-8); Logit's is the
# closed form, used above.
assert abs(raw["cox_snell"] - raw["cox_snell_statsmodels"]) < 1e-9
pd_raw = logit.predict()
raw["fitted"] = L(pd_raw)
out["raw"] = raw

# --- weighted: GLM with frequency weights ----------------------------------------------------
w = (np.arange(n) % 3 + 1).astype(float)
glmw = sm.GLM(y, X, family=sm.families.Binomial(), freq_weights=w).fit(tol=1e-14, maxiter=100)
nullw = sm.GLM(y, np.ones((n, 1)), family=sm.families.Binomial(), freq_weights=w).fit(tol=1e-14)
weighted = glm_part(glmw, closed_llnull(y, w, nullw.llf), w)
weighted["weights"] = "row % 3 + 1"
# Frequency weights are repeated rows: the fit of the repeated rows gives the same figures.
rep = np.repeat(np.arange(n), w.astype(int))
lrep = sm.Logit(y[rep], X[rep]).fit(method="newton", tol=1e-14, maxiter=100, disp=0)
assert np.allclose(lrep.params, glmw.params, rtol=1e-9)
assert abs(lrep.llr - weighted["llr"]) < 1e-8 * abs(lrep.llr)
cs_rep, nk_rep = r2(lrep.llf, lrep.llnull, len(rep))
# (Logit's llnull is an iterative fit too, to ~1e-10 relative.)
assert abs(cs_rep - weighted["cox_snell"]) < 1e-9 and abs(nk_rep - weighted["nagelkerke"]) < 1e-9
out["weighted"] = weighted

# --- small: one column, non-integer weights --------------------------------------------------
xs = np.array([0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0])
ys = np.array([0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 1], dtype=float)
ws = np.array([1.0, 0.5, 2.0, 1.5, 1.0, 0.25, 3.0, 1.0, 0.75, 2.0, 1.0, 1.25])
Xs = sm.add_constant(xs[:, None], prepend=True)
g = sm.GLM(ys, Xs, family=sm.families.Binomial(), freq_weights=ws).fit(tol=1e-14, maxiter=100)
g0 = sm.GLM(ys, np.ones((len(ys), 1)), family=sm.families.Binomial(), freq_weights=ws).fit(tol=1e-14)
Xsave = X
X = Xs
small = glm_part(g, closed_llnull(ys, ws, g0.llf), ws)
X = Xsave
small.update({"x": L(xs), "y": L(ys), "w": L(ws), "conf_int_99": L(g.conf_int(alpha=0.01))})
out["small"] = small


# --- concordance: direct O(n^2) counts ---------------------------------------------------------
def association(score, yy, ww):
    """SAS's association table of a PD (higher = riskier), every (bad, good) pair counted."""
    b, gd = yy == 1, yy == 0
    sb, sg, wb, wg = score[b], score[gd], ww[b], ww[gd]
    pair_w = wb[:, None] * wg[None, :]
    nc = float((pair_w * (sb[:, None] > sg[None, :])).sum())
    nd = float((pair_w * (sb[:, None] < sg[None, :])).sum())
    nt = float((pair_w * (sb[:, None] == sg[None, :])).sum())
    t = float(wb.sum() * wg.sum())
    N = float(ww.sum())
    assert abs(nc + nd + nt - t) < 1e-9 * t
    r = {"pairs": t, "concordant_pairs": nc, "discordant_pairs": nd, "tied_pairs": nt, "observations": N,
         "concordant": nc / t, "discordant": nd / t, "tied": nt / t, "somers_d": (nc - nd) / t,
         "gamma": (nc - nd) / (nc + nd), "tau_a": (nc - nd) / (0.5 * N * (N - 1)),
         "c": (nc + 0.5 * nt) / t}
    return r


def all_pairs_tau_a(score, yy):
    """Kendall's tau-a over all N(N-1)/2 pairs, equal outcomes included (unit weights)."""
    ds = np.sign(score[:, None] - score[None, :])
    dy = np.sign(yy[:, None] - yy[None, :])
    N = len(yy)
    return float(np.triu(ds * dy, 1).sum() / (0.5 * N * (N - 1)))


conc = {}
for name, score in [("fitted", pd_raw), ("rounded", np.round(pd_raw, 2))]:
    a = association(score, y, np.ones(n))
    a["scores"] = L(score)
    sd = stats.somersd(y, score).statistic
    assert abs(sd - a["somers_d"]) < 1e-12, (sd, a["somers_d"])
    a["somers_d_scipy"] = float(sd)
    ta = all_pairs_tau_a(score, y)
    assert abs(ta - a["tau_a"]) < 1e-12, (ta, a["tau_a"])
    a["tau_a_all_pairs"] = ta
    # tau-b = (n_c - n_d) / sqrt((n0 - n1)(n0 - n2)): n1 the pairs tied in y, n2 in the score.
    tb = stats.kendalltau(score, y).statistic
    n0 = 0.5 * n * (n - 1)
    n1 = sum(0.5 * k * (k - 1) for k in np.unique(y, return_counts=True)[1])
    n2 = sum(0.5 * k * (k - 1) for k in np.unique(score, return_counts=True)[1])
    assert abs(tb - (a["concordant_pairs"] - a["discordant_pairs"]) / np.sqrt((n0 - n1) * (n0 - n2))) < 1e-12
    a["tau_b_scipy"] = float(tb)
    conc[name] = a
# Weighted: the rounded PD with the weights of "weighted", equal to the rows repeated.
score = np.round(pd_raw, 2)
a = association(score, y, w)
a_rep = association(score[rep], y[rep], np.ones(len(rep)))
for k in ["concordant_pairs", "discordant_pairs", "tied_pairs", "somers_d", "gamma", "tau_a"]:
    assert abs(a[k] - a_rep[k]) < 1e-12 * max(1.0, abs(a[k])), k
a["scores"] = L(score)
a["weights"] = "row % 3 + 1"
conc["weighted"] = a
# Non-integer weights of the small case, x as the PD-ranking score.
conc["small"] = association(xs, ys, ws)
out["concordance"] = conc

with open(os.path.join(here, "logit_summary.json"), "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.join(here, "logit_summary.json"))
