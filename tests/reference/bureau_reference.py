"""Reference features and coverage for tests/reference/bureau_small (an independent
implementation with pandas and dateutil, for tests/coverage/test_reference.cpp).

bureau_small holds 400 synthetic persons written by
    build/.../examples/bureau_coverage --persons 400 --seed 11 --write tests/reference/bureau_small
with as_of then moved to 2023-09-15 for every 5th person and to 2024-02-29 for every 7th
(not also a 5th), so that some records lie after as_of.

Definitions (docs/features.md, docs/coverage.md): a record is seen when opened <= as_of and
last_reported <= as_of; payment_history[i] is the month of last_reported minus i months;
windows of N months cover as_of's month and the N-1 before; month arithmetic clamps to the
end of the month (dateutil.relativedelta does). Scoreable: a seen account reported on or
after as_of - 6 months and a seen account opened on or before as_of - 6 months.
Shapley values by the subset formula over v(S) evaluated by brute force on all 2^12 S.

Run: /usr/bin/python3 tests/reference/bureau_reference.py  (writes bureau_reference.json)
"""
import json
import math
import os
from itertools import combinations

import pandas as pd
from dateutil.relativedelta import relativedelta

here = os.path.dirname(os.path.abspath(__file__))
d = os.path.join(here, "bureau_small")
persons = pd.read_csv(os.path.join(d, "persons.csv"), dtype={"person_id": str}, keep_default_na=False)
tl = pd.read_csv(os.path.join(d, "tradelines.csv"), dtype={"payment_history": str, "closed": str},
                 keep_default_na=False)
inq = pd.read_csv(os.path.join(d, "inquiries.csv"), keep_default_na=False)

to_date = lambda s: pd.Timestamp(s).date()
sources = sorted(set(tl["source"]) | set(inq["source"]))


def months_between(a, b):
    n = (b.year - a.year) * 12 + (b.month - a.month)
    while a + relativedelta(months=n) > b:
        n -= 1
    while a + relativedelta(months=n + 1) <= b:
        n += 1
    return n


def level(c):
    if c in "0123456":
        return int(c)
    if c == "E":
        return 0
    return -1


features = {}
recent_sets, old_sets, present_sets = [], [], []
for _, p in persons.iterrows():
    as_of = to_date(p["as_of"])
    mine = tl[tl["person_id"] == p["person_id"]]
    seen = []
    for _, t in mine.iterrows():
        opened, reported = to_date(t["opened"]), to_date(t["last_reported"])
        if opened > as_of or reported > as_of:
            continue
        closed = to_date(t["closed"]) if t["closed"] else None
        if closed is not None and closed > as_of:
            closed = None
        limit = float(t["credit_limit"]) if t["credit_limit"] != "" else math.nan
        balance = float(t["balance"]) if t["balance"] != "" else math.nan
        seen.append(dict(source=t["source"], type=t["account_type"], opened=opened, closed=closed,
                         reported=reported, limit=limit, balance=balance, history=t["payment_history"]))
    inqs = [to_date(x) for x in inq[inq["person_id"] == p["person_id"]]["date"]]
    inq_src = list(inq[inq["person_id"] == p["person_id"]]["source"])
    seen_inq = [(x, s) for x, s in zip(inqs, inq_src) if x <= as_of]
    has_file = bool(seen) or bool(seen_inq)
    f = {}
    f["accounts_total"] = len(seen) if has_file else None
    f["accounts_open"] = sum(a["closed"] is None for a in seen) if has_file else None
    f["oldest_account_months"] = months_between(min(a["opened"] for a in seen), as_of) if seen else None
    f["newest_account_months"] = months_between(max(a["opened"] for a in seen), as_of) if seen else None
    rev = [a for a in seen if a["type"] == "revolving" and a["closed"] is None
           and not math.isnan(a["balance"]) and a["limit"] > 0]
    lim = sum(a["limit"] for a in rev)
    f["utilization_revolving"] = sum(a["balance"] for a in rev) / lim if lim > 0 else None
    worst, known, on_time = -1, 0, 0
    for a in seen:
        lag = (as_of.year * 12 + as_of.month) - (a["reported"].year * 12 + a["reported"].month)
        for i, c in enumerate(a["history"]):
            ago = lag + i
            if ago < 0 or ago >= 24:
                continue
            lv = level(c)
            worst = max(worst, lv)
            known += lv >= 0
            on_time += lv == 0
    f["worst_delinquency_24m"] = worst if worst >= 0 else None
    f["on_time_share_24m"] = on_time / known if known else None
    six = as_of + relativedelta(months=-6)
    f["inquiries_6m"] = sum(x > six for x, _ in seen_inq) if has_file else None
    features[p["person_id"]] = f
    recent_sets.append({a["source"] for a in seen if a["reported"] >= six})
    old_sets.append({a["source"] for a in seen if a["opened"] <= six})
    present_sets.append({a["source"] for a in seen} | {s for _, s in seen_inq})

k = len(sources)
idx = {s: i for i, s in enumerate(sources)}
masks = [(sum(1 << idx[s] for s in r), sum(1 << idx[s] for s in o), sum(1 << idx[s] for s in pr))
         for r, o, pr in zip(recent_sets, old_sets, present_sets)]
v = [sum(1 for r, o, _ in masks if (r & S) and (o & S)) for S in range(1 << k)]
invisible_all = sum(1 for _, _, pr in masks if pr == 0)
fact = [math.factorial(i) for i in range(k + 1)]
shapley = []
for i in range(k):
    phi = 0.0
    for S in range(1 << k):
        if S >> i & 1:
            continue
        n = bin(S).count("1")
        phi += fact[n] * fact[k - n - 1] / fact[k] * (v[S | 1 << i] - v[S])
    shapley.append(phi)
full = (1 << k) - 1
out = {
    "sources": sources,
    "features": features,
    "v_all": v[full],
    "invisible_all": invisible_all,
    "alone": {s: v[1 << idx[s]] for s in sources},
    "leave_one_out": {s: v[full] - v[full & ~(1 << idx[s])] for s in sources},
    "shapley": {s: shapley[idx[s]] for s in sources},
    "v_without_bank_a_b": v[full & ~(1 << idx["bank_a"]) & ~(1 << idx["bank_b"])],
}
with open(os.path.join(here, "bureau_reference.json"), "w") as fh:
    json.dump(out, fh, indent=1, sort_keys=True)
print("v(all) =", v[full], "shapley sum =", round(sum(shapley), 6))
