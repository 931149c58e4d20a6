#!/usr/bin/python3
"""The file of issue 18: ROWS rows x 30 numeric columns (amounts with cents, normal around 5000)
and a 0/1 target drawn from a logistic model on them; 4,000,000 rows make 968 MB.

usage: /usr/bin/python3 bench/make_wide_csv.py ROWS OUT.csv
"""
import sys

import numpy as np

n = int(sys.argv[1]); out = sys.argv[2]
rng = np.random.default_rng(20261202)
p = 30
with open(out, "w") as f:
    f.write(",".join([f"x{j}" for j in range(p)] + ["bad"]) + "\n")
    step = 200000
    beta = rng.normal(0, 0.3, p)
    for s in range(0, n, step):
        m = min(step, n - s)
        x = rng.normal(0, 1, (m, p))
        eta = -2 + x @ beta
        y = (rng.random(m) < 1 / (1 + np.exp(-eta))).astype(int)
        x = x * 1000 + 5000  # amounts with cents
        arr = np.column_stack([x, y])
        np.savetxt(f, arr, fmt=["%.2f"] * p + ["%d"], delimiter=",")
