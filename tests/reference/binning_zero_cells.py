"""Reference WoE and IV of German credit columns binned one bin per distinct value, under each
zero-cell rule of credo (docs/binning.md, "Zero cells"), computed independently with pandas/numpy.

A bin with rows but no goods or no bads (a zero cell) has an infinite WoE. The rules:
  r_scorecard  R scorecard's woe_01 / miv_01 / iv_01 (R/iv.R): every zero good or bad count
               becomes 0.99, then DistrGood = good / sum(good), DistrBad = bad / sum(bad) over
               the replaced counts. R's WoE is ln(DistrBad / DistrGood); credo's sign is the
               opposite (ln(%good / %bad)), the IV is the same.
  half         a zero-cell bin gets +0.5 goods and +0.5 bads (Haldane 1956, Anscombe 1956);
               shares of the unchanged totals G and B.
  zero_woe     a zero-cell bin gets WoE 0 and IV 0.
  merge        R scorecard's check_zero_goodbad (R/woebin.R): while a bin has good == 0 or
               bad == 0, take the first such bin of the fewest rows; merge it with the next bin
               when the previous one has more rows (count_lag > count_lead), else with the
               previous one (the first bin has no previous: count_lag = n + 1; the last no next).
               Then plain WoE and IV.
Event = bad. Writes binning_zero_cells.json beside this script; tests/binning/test_zero_cells.cpp
reads it. Run: /usr/bin/python3 tests/reference/binning_zero_cells.py
"""
import json
import os

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "data", "german_credit.csv")
COLUMNS = ["credit_amount", "duration", "age"]


def shares_woe_iv(g, b, G, B):
    pg, pb = g / G, b / B
    woe = np.log(pg / pb)
    return woe, (pg - pb) * woe


def r_scorecard(g, b):
    g2 = np.where(g == 0, 0.99, g)
    b2 = np.where(b == 0, 0.99, b)
    return shares_woe_iv(g2, b2, g2.sum(), b2.sum())


def half(g, b):
    zero = (g == 0) | (b == 0)
    g2 = g + 0.5 * zero
    b2 = b + 0.5 * zero
    return shares_woe_iv(g2, b2, g.sum(), b.sum())


def zero_woe(g, b):
    zero = (g == 0) | (b == 0)
    woe, iv = shares_woe_iv(np.where(zero, 1.0, g), np.where(zero, 1.0, b), g.sum(), b.sum())
    return np.where(zero, 0.0, woe), np.where(zero, 0.0, iv)


def merge(values, g, b):
    """R scorecard's check_zero_goodbad on bins in value order; returns the cuts kept."""
    lo = list(values)  # each bin's lowest value: bin i is [lo[i], lo[i+1])
    g, b = list(g), list(b)
    n = sum(g) + sum(b)
    while any(x == 0 or y == 0 for x, y in zip(g, b)) and len(g) > 1:
        count = [x + y for x, y in zip(g, b)]
        zero = [i for i in range(len(g)) if g[i] == 0 or b[i] == 0]
        m = min(count[i] for i in zero)
        i = next(i for i in zero if count[i] == m)
        lag = count[i - 1] if i > 0 else n + 1
        lead = count[i + 1] if i + 1 < len(g) else n + 1
        left = i if lag > lead else i - 1  # merge bins left and left + 1
        g[left] += g[left + 1]
        b[left] += b[left + 1]
        del g[left + 1], b[left + 1], lo[left + 1]
    g, b = np.array(g, float), np.array(b, float)
    woe, iv = shares_woe_iv(g, b, g.sum(), b.sum())
    return lo[1:], g, b, woe, iv


def main():
    df = pd.read_csv(DATA)
    bad = (df["class"] == "bad").astype(int)
    out = {}
    for col in COLUMNS:
        t = pd.DataFrame({"x": df[col], "bad": bad}).groupby("x")["bad"].agg(["sum", "count"])
        b = t["sum"].to_numpy(float)
        g = (t["count"] - t["sum"]).to_numpy(float)
        entry = {"values": t.index.tolist(), "goods": g.astype(int).tolist(), "bads": b.astype(int).tolist(),
                 "zero_cell_bins": int(((g == 0) | (b == 0)).sum())}
        for name, rule in [("r_scorecard", r_scorecard), ("half", half), ("zero_woe", zero_woe)]:
            woe, iv = rule(g, b)
            entry[name] = {"woe": woe.tolist(), "iv": float(iv.sum())}
        cuts, mg, mb, woe, iv = merge(t.index.tolist(), g, b)
        entry["merge"] = {"cuts": cuts, "goods": mg.astype(int).tolist(), "bads": mb.astype(int).tolist(),
                          "woe": woe.tolist(), "iv": float(iv.sum())}
        out[col] = entry
    with open(os.path.join(HERE, "binning_zero_cells.json"), "w") as f:
        json.dump(out, f, indent=1)
    for col in COLUMNS:
        e = out[col]
        print(col, len(e["values"]), "bins,", e["zero_cell_bins"], "zero-cell;",
              {k: round(e[k]["iv"], 6) for k in ["r_scorecard", "half", "zero_woe", "merge"]},
              len(e["merge"]["cuts"]) + 1, "bins after merge")


if __name__ == "__main__":
    main()
