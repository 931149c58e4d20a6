#!/usr/bin/python3
"""German credit end to end in Python: bin, fit a scorecard, score with reasons, measure it,
save it, load it back, and use it inside scikit-learn. CI runs this walk-through (ctest's
python_example); docs/python.md explains each step.

usage: PYTHONPATH=$(./dev python | tail -n 1) /usr/bin/python3 examples/python/german_credit.py [DATA.csv]
"""
import os
import pickle
import sys
import tempfile

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import Pipeline

import credo

here = os.path.dirname(os.path.abspath(__file__))
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "data", "german_credit.csv")

# 1. The data: numeric and text columns, the outcome as 0/1 with 1 = bad.
df = pd.read_csv(path)
y = (df.pop("class") == "bad").astype(int).to_numpy()
print("rows %d, columns %d, bad rate %.3f" % (len(df), df.shape[1], y.mean()))

# 2. Binning: optimal bins with a monotonic trend, as `credo bin` does.
bp = credo.BinningProcess(max_bins=6).fit(df, y)
print("\nInformation value by column:")
print(bp.summary().head(8).to_string(index=False))
print("\nBins of duration:")
print(bp.binning_table("duration")[["bin", "count", "goods", "bads", "event_rate", "woe", "iv"]].to_string(index=False))
woe = bp.transform(df)  # float64 WoE matrix, one column per binned column
print("\nWoE matrix:", woe.shape)

# 3. The scorecard: selection, logistic fit on WoE, 600 points at 50:1, 20 points to double.
# Protected attributes are kept out of the model (they stay available for a fairness audit).
card = credo.Scorecard(exclude=["age", "personal_status"]).fit(df, y)
print("\nCoefficients:")
print(card.summary()[["name", "estimate", "std_error", "p_value"]].to_string(index=False))
print("\nPoints table (first rows):")
print(card.points_table().head(6).to_string(index=False))

# 4. Scores, probabilities of default and reasons.
scores = card.score(df)
pd_bad = card.predict_proba(df)[:, 1]
reasons = card.reasons(df.head(3), n=2)
print("\nFirst applicants:")
print(pd.DataFrame({"score": scores[:3], "pd": pd_bad[:3]}).join(reasons).to_string())

# 5. How well it ranks: AUC with its DeLong interval, Gini, KS (points rank safety).
a, lo, hi = credo.metrics.auc_interval(y, scores, higher_is_safer=True)
print("\nAUC %.4f [%.4f, %.4f], Gini %.4f, KS %.4f"
      % (a, lo, hi, credo.metrics.gini(y, scores, higher_is_safer=True), credo.metrics.ks(y, scores)))

# 6. Save, load (the CLI's model file: `credo score card.json data.csv` gives the same
# scores) and pickle: every copy scores identically.
with tempfile.TemporaryDirectory() as tmp:
    file = os.path.join(tmp, "card.json")
    card.save(file)
    loaded = credo.load_model(file)
    assert np.array_equal(loaded.score(df), scores)
assert np.array_equal(pickle.loads(pickle.dumps(card)).score(df), scores)
print("saved, loaded and pickled cards score identically")

# 7. Inside scikit-learn: the binning as a Pipeline step, and the card cross-validated.
pipe = Pipeline([("woe", credo.BinningProcess(max_bins=6)), ("logit", LogisticRegression(max_iter=1000))])
print("\nPipeline AUC by fold:", np.round(cross_val_score(pipe, df, y, cv=5, scoring="roc_auc"), 4))
print("Scorecard AUC by fold:", np.round(cross_val_score(credo.Scorecard(exclude=["age", "personal_status"]),
                                                         df, y, cv=5, scoring="roc_auc"), 4))

# 8. Errors carry credo's stable id.
try:
    credo.Scorecard(penalty="lasso").fit(df, y)
except ValueError as e:
    print("\nrefused:", e.id)
