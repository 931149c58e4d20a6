#!/usr/bin/python3
"""Reference values for credo's logistic regression and variable selection.

Run with Debian's Python:  /usr/bin/python3 tests/reference/logit_reference.py
Writes tests/reference/logit_reference.json, which tests/model/*.cpp read.

Data: data/german_credit.csv, target class == 'bad' (event = 1). Design matrix: the 7 numeric
columns plus one-hot dummies of three categoricals (every level but the first one in order of
appearance, so that the C++ test can rebuild the matrix from the (source, label) pairs stored
here). An intercept is added by every fit.

Fits:
- "unweighted":  statsmodels Logit (Newton), params / bse / llf / llnull / aic / bic / prsquared.
- "weighted":    statsmodels GLM Binomial with freq_weights (credo's weights are frequency
                 weights: weight 2 = the row twice); nobs for BIC is the sum of the weights.
- "l2":          scikit-learn LogisticRegression(penalty='l2', C), solver newton-cholesky with a
                 tiny tol. sklearn minimises C*sum(loss) + 1/2 ||beta||^2 (intercept free), which is
                 credo's  sum(loss) + lambda/2 ||beta||^2  with lambda = 1/C.
- "l1":          statsmodels Logit.fit_regularized(method='l1') with alpha = lambda on every slope
                 and 0 on the intercept: sum(loss) + lambda ||beta||_1, credo's elastic_net with
                 alpha (l1 share) = 1.
- "elastic_net": scikit-learn saga, l1_ratio, on z-scored columns: C*sum(loss) + l1_ratio ||b||_1 +
                 (1 - l1_ratio)/2 ||b||^2 = credo's elastic_net{lambda = 1/C, alpha = l1_ratio}
                 up to the factor C. saga converges only to ~1e-6, so the C++ test compares objective
                 values (credo's must not be larger) and checks the KKT conditions itself.
- "vif":         statsmodels variance_inflation_factor on add_constant(numeric columns).
"""
import json
import os
import warnings

import numpy as np
import pandas as pd
import sklearn
import statsmodels
import statsmodels.api as sm
from sklearn.linear_model import LogisticRegression
from statsmodels.stats.outliers_influence import variance_inflation_factor

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
df = pd.read_csv(os.path.join(root, "data", "german_credit.csv"), keep_default_na=False)
y = (df["class"] == "bad").astype(float).to_numpy()

numeric = ["duration", "credit_amount", "installment_commitment", "residence_since", "age",
           "existing_credits", "num_dependents"]
categorical = ["checking_status", "credit_history", "housing"]

columns = [{"name": c, "source": c, "label": None} for c in numeric]
X = df[numeric].astype(float).copy()
for c in categorical:
    levels = list(dict.fromkeys(df[c]))  # order of first appearance
    for level in levels[1:]:
        name = f"{c}={level}"
        columns.append({"name": name, "source": c, "label": level})
        X[name] = (df[c] == level).astype(float)
names = [c["name"] for c in columns]
Xc = sm.add_constant(X.to_numpy(), prepend=True)
out = {"generator": "tests/reference/logit_reference.py",
       "versions": {"statsmodels": statsmodels.__version__, "sklearn": sklearn.__version__,
                    "numpy": np.__version__},
       "columns": columns}


def summary(res, n_obs):
    return {"params": res.params.tolist(), "bse": res.bse.tolist(), "z": res.tvalues.tolist(),
            "pvalues": res.pvalues.tolist(), "llf": float(res.llf), "nobs": float(n_obs)}


# Unweighted maximum likelihood.
res = sm.Logit(y, Xc).fit(method="newton", tol=1e-14, maxiter=100, disp=0)
s = summary(res, len(y))
s.update({"llnull": float(res.llnull), "aic": float(res.aic), "bic": float(res.bic),
          "prsquared": float(res.prsquared), "iterations": int(res.mle_retvals["iterations"])})
out["unweighted"] = s

# Frequency weights 1, 2, 3, 1, 2, 3, ...
w = (np.arange(len(y)) % 3 + 1).astype(float)
glm = sm.GLM(y, Xc, family=sm.families.Binomial(), freq_weights=w).fit(tol=1e-14, maxiter=100)
s = summary(glm, w.sum())
null = sm.GLM(y, np.ones((len(y), 1)), family=sm.families.Binomial(), freq_weights=w).fit(tol=1e-14)
k = Xc.shape[1]
s.update({"weights": "row % 3 + 1", "llnull": float(null.llf), "aic": float(glm.aic),
          "bic": float(-2 * glm.llf + k * np.log(w.sum()))})
out["weighted"] = s

# L2: sklearn, lambda = 1/C.
C = 0.05
lr = LogisticRegression(penalty="l2", C=C, solver="newton-cholesky", tol=1e-10, max_iter=1000)
lr.fit(X.to_numpy(), y)
out["l2"] = {"lambda": 1 / C, "params": [float(lr.intercept_[0])] + lr.coef_[0].tolist()}

# L1: statsmodels fit_regularized, intercept unpenalised.
lam = 20.0
alpha = np.full(k, lam)
alpha[0] = 0
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    l1 = sm.Logit(y, Xc).fit_regularized(method="l1", alpha=alpha, acc=1e-14, maxiter=10000,
                                         trim_mode="size", size_trim_tol=1e-8, disp=0)
out["l1"] = {"lambda": lam, "params": l1.params.tolist()}

# Elastic net: sklearn saga on z-scored columns.
Z = (X - X.mean()) / X.std(ddof=0)
C, l1_ratio = 0.02, 0.5
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    en = LogisticRegression(penalty="elasticnet", C=C, l1_ratio=l1_ratio, solver="saga",
                            tol=1e-12, max_iter=200000).fit(Z.to_numpy(), y)
beta = np.concatenate([en.intercept_, en.coef_[0]])
eta = sm.add_constant(Z.to_numpy(), prepend=True) @ beta
nll = float(np.sum(np.logaddexp(0, eta) - y * eta))
lam = 1 / C
objective = nll + lam * (l1_ratio * np.abs(beta[1:]).sum() + (1 - l1_ratio) / 2 * (beta[1:] ** 2).sum())
out["elastic_net"] = {"lambda": lam, "alpha": l1_ratio, "standardized": True,
                      "params": beta.tolist(), "objective": float(objective)}

# VIF of the numeric columns, each regressed on the others and a constant.
N = sm.add_constant(df[numeric].astype(float).to_numpy(), prepend=True)
out["vif"] = {"columns": numeric,
              "values": [float(variance_inflation_factor(N, i)) for i in range(1, N.shape[1])]}

with open(os.path.join(here, "logit_reference.json"), "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.join(here, "logit_reference.json"))
