"""Reference WoE and IV of German credit columns with given cut points, by pandas/numpy.

Bins follow credo's convention: right-open intervals [a, b) (pandas.cut with right=False),
first (-inf, c1), last [ck, inf); a categorical column gets one bin per category. Per bin:
    WoE = ln((goods/G) / (bads/B)),  IV = sum((goods/G - bads/B) * WoE)
(event = bad). Writes binning_woe.json beside this script; tests/binning/test_woe_iv.cpp
reads it. Run: /usr/bin/python3 tests/reference/binning_woe.py
"""
import json
import os

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "data", "german_credit.csv")

NUMERIC_CUTS = {
    "credit_amount": [1400, 1800, 4000, 9200],
    "duration": [8, 16, 34, 44],
    "age": [26, 28, 35, 37],
    "installment_commitment": [2, 3, 4],
}
CATEGORICAL = ["checking_status", "credit_history", "savings_status", "purpose"]


def woe_iv(bins, bad):
    df = pd.DataFrame({"bin": bins, "bad": bad})
    g = df[df.bad == 0].groupby("bin", observed=False).size()
    b = df[df.bad == 1].groupby("bin", observed=False).size()
    tab = pd.concat([g.rename("goods"), b.rename("bads")], axis=1).fillna(0)
    G, B = tab.goods.sum(), tab.bads.sum()
    pg, pb = tab.goods / G, tab.bads / B
    woe = np.log(pg / pb)
    iv = (pg - pb) * woe
    return tab, woe, iv


def main():
    df = pd.read_csv(DATA)
    bad = (df["class"] == "bad").astype(int).to_numpy()
    out = {"numeric": {}, "categorical": {}}
    for col, cuts in NUMERIC_CUTS.items():
        edges = [-np.inf] + cuts + [np.inf]
        bins = pd.cut(df[col], bins=edges, right=False)
        tab, woe, iv = woe_iv(bins, bad)
        out["numeric"][col] = {
            "cuts": cuts,
            "goods": tab.goods.astype(int).tolist(),
            "bads": tab.bads.astype(int).tolist(),
            "woe": woe.tolist(),
            "iv": float(iv.sum()),
        }
    for col in CATEGORICAL:
        tab, woe, iv = woe_iv(df[col], bad)
        out["categorical"][col] = {
            "labels": [str(x) for x in tab.index],
            "goods": tab.goods.astype(int).tolist(),
            "bads": tab.bads.astype(int).tolist(),
            "woe": woe.tolist(),
            "iv": float(iv.sum()),
        }
    with open(os.path.join(HERE, "binning_woe.json"), "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
