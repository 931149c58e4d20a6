#!/usr/bin/env python3
"""Reference values for credo's PMML RegressionModel tests (tests/interop/test_pmml_import.cpp).

The models are the hand-written files tests/data/pmml_cases/regression_*.pmml and
classification_*.pmml; their coefficients are repeated here and the values computed with
numpy and scipy (expit, softmax), independently of credo:
  regression:      y = 1.5 + 0.25 x1 - 2 x2^2 + 0.75 [g = A] - 1.25 [g = B]; logit: expit(y)
  classification:  logit, two categories: p_bad = expit(y_bad), p_good = 1 - p_bad
                   softmax, three: p = softmax(y_low, y_mid, y_high)
A missing g adds nothing (PMML 4.4 Regression: the categorical predictor is ignored).
Run: /usr/bin/python3 tests/reference/pmml_reference.py > tests/reference/pmml_reference.json
"""
import json

import numpy as np
from scipy.special import expit, softmax

rows = [
    {"x1": 2.0, "x2": 0.5, "g": "A"},
    {"x1": -1.0, "x2": 3.0, "g": "B"},
    {"x1": 0.1, "x2": -0.2, "g": "C"},
    {"x1": 1.0, "x2": 1.0, "g": ""},
]


def ind(row, v):
    return 1.0 if row["g"] == v else 0.0


out = {"rows": rows, "regression_none": [], "regression_logit": [], "classification_logit": [],
       "classification_softmax": []}
for r in rows:
    y = 1.5 + 0.25 * r["x1"] - 2 * r["x2"] ** 2 + 0.75 * ind(r, "A") - 1.25 * ind(r, "B")
    out["regression_none"].append(y)
    out["regression_logit"].append(float(expit(y)))
    y_bad = -0.5 + 0.3 * r["x1"] - 0.7 * r["x2"] + 0.2 * ind(r, "A")
    p_bad = float(expit(y_bad))
    out["classification_logit"].append([p_bad, 1 - p_bad])
    ys = np.array([0.4 - 1.1 * r["x1"] + 0.9 * ind(r, "B"),
                   -0.2 + 0.35 * r["x1"] + 0.5 * r["x2"],
                   0.125 * r["x2"] ** 3 + 1.5 * ind(r, "A")])
    out["classification_softmax"].append([float(p) for p in softmax(ys)])
print(json.dumps(out, indent=1))
