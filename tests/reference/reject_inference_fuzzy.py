#!/usr/bin/python3
"""Reference values for credo's reject inference (include/credo/model/reject_inference.hpp).

Run with Debian's Python:  /usr/bin/python3 tests/reference/reject_inference_fuzzy.py
Writes tests/reference/reject_inference_fuzzy.json, which tests/practice/test_reject_inference.cpp reads.

Data: data/german_credit.csv, target class == 'bad'. Accepts: the rows with duration <= 30;
rejects: the others, their outcome withheld. Design: intercept + duration, credit_amount,
installment_commitment, age (numeric, as they are) for the KGB model; the refit adds
existing_credits, residence_since and num_dependents (on the KGB's own design the fuzzy refit
returns the KGB estimates: its score equations sum_i x_i (p_i - p_hat_i) over the rejects
vanish at the KGB fit; "fuzzy_same_design" records that).

1. KGB: statsmodels Logit on the accepts; the rejects' PD p_i = predict().
2. Fuzzy augmentation (Siddiqi 2017, ch. 6): every reject twice, bad with weight p_i * rw and
   good with weight (1 - p_i) * rw, rw = 0.5; the accepts with weight 1.
   Refit: statsmodels GLM Binomial with freq_weights (credo's weights are frequency weights),
   and with var_weights (same estimates, other standard errors: recorded to show which one
   credo's standard errors match).
3. Hard cut-off at the accepts' bad rate: a reject is bad when p_i > bad rate, weight rw; refit
   with freq_weights.
"""
import json
import os

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm

here = os.path.dirname(os.path.abspath(__file__))
df = pd.read_csv(os.path.join(here, "..", "..", "data", "german_credit.csv"))
cols = ["duration", "credit_amount", "installment_commitment", "age"]
refit_cols = cols + ["existing_credits", "residence_since", "num_dependents"]
y_all = (df["class"] == "bad").astype(float).to_numpy()
accept = (df["duration"] <= 30).to_numpy()
xa = sm.add_constant(df.loc[accept, cols].astype(float).to_numpy())
xr = sm.add_constant(df.loc[~accept, cols].astype(float).to_numpy())
ya = y_all[accept]
xa2 = sm.add_constant(df.loc[accept, refit_cols].astype(float).to_numpy())
xr2 = sm.add_constant(df.loc[~accept, refit_cols].astype(float).to_numpy())

kgb = sm.Logit(ya, xa).fit(disp=0, tol=1e-12, maxiter=100)
p = kgb.predict(xr)
rw = 0.5

# fuzzy
x_same = np.vstack([xa, xr, xr])
x_aug = np.vstack([xa2, xr2, xr2])
y_aug = np.concatenate([ya, np.ones(len(p)), np.zeros(len(p))])
w_aug = np.concatenate([np.ones(len(ya)), rw * p, rw * (1 - p)])
fz_freq = sm.GLM(y_aug, x_aug, family=sm.families.Binomial(), freq_weights=w_aug).fit(tol=1e-13, maxiter=100)
fz_same = sm.GLM(y_aug, x_same, family=sm.families.Binomial(), freq_weights=w_aug).fit(tol=1e-13, maxiter=100)
fz_var = sm.GLM(y_aug, x_aug, family=sm.families.Binomial(), var_weights=w_aug).fit(tol=1e-13, maxiter=100)

# hard cut-off
bad_rate = ya.mean()
hard_bad = (p > bad_rate).astype(float)
x_h = np.vstack([xa2, xr2])
y_h = np.concatenate([ya, hard_bad])
w_h = np.concatenate([np.ones(len(ya)), np.full(len(p), rw)])
hard = sm.GLM(y_h, x_h, family=sm.families.Binomial(), freq_weights=w_h).fit(tol=1e-13, maxiter=100)

out = {
    "source": "statsmodels " + statsmodels.__version__ + " Logit / GLM Binomial (freq_weights, var_weights)",
    "columns": cols,
    "refit_columns": refit_cols,
    "accept_rule": "duration <= 30",
    "reject_weight": rw,
    "accepts": int(accept.sum()),
    "rejects": int((~accept).sum()),
    "kgb_params": kgb.params.tolist(),
    "reject_pd_sum": float(p.sum()),
    "reject_pd_first": p[:5].tolist(),
    "accepts_bad_rate": float(bad_rate),
    "fuzzy": {
        "augmented_rows": int(len(y_aug)),
        "inferred_bad_rate": float((rw * p).sum() / (rw * len(p))),
        "params": fz_freq.params.tolist(),
        "bse_freq_weights": fz_freq.bse.tolist(),
        "bse_var_weights": fz_var.bse.tolist(),
        "params_var_weights": fz_var.params.tolist(),
        "llf": float(fz_freq.llf),
        "fuzzy_same_design": fz_same.params.tolist(),
    },
    "hard": {
        "inferred_bads": int(hard_bad.sum()),
        "inferred_bad_rate": float(hard_bad.mean()),
        "params": hard.params.tolist(),
        "bse": hard.bse.tolist(),
    },
}
with open(os.path.join(here, "reject_inference_fuzzy.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(json.dumps(out, indent=1)[:1500])
