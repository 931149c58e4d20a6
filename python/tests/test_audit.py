"""credo.fairness.assess and credo.metrics.calibration against independent computations
(numpy, scipy) on the German credit scorecard."""
import numpy as np
import pytest
from scipy import stats

import credo
from conftest import EXCLUDE


@pytest.fixture(scope="module")
def scored(german):
    df, y = german
    card = credo.Scorecard(exclude=EXCLUDE).fit(df, y)
    return df, y, card


def test_fairness_by_age_against_scipy(scored):
    df, y, card = scored
    s = card.score(df)
    group = np.where(df["age"] < 25, "young", "older")
    r = credo.fairness.assess(group, s, y, cutoff=520, reference="older")
    assert r.reference == "older"
    approved = s >= 520
    rates = {g: approved[group == g].mean() for g in ("older", "young")}
    g = r.groups.set_index("group")
    for name, rate in rates.items():
        assert g.loc[name, "approval_rate"] == pytest.approx(rate, rel=1e-14)
        assert g.loc[name, "approval_rate_goods"] == pytest.approx(approved[(group == name) & (y == 0)].mean(), rel=1e-14)
        assert g.loc[name, "mean_score"] == pytest.approx(s[group == name].mean(), rel=1e-14)
        assert g.loc[name, "sd_score"] == pytest.approx(s[group == name].std(ddof=1), rel=1e-12)
    air = rates["young"] / rates["older"]
    assert r.measures.loc["young", "adverse_impact_ratio"] == pytest.approx(air, rel=1e-14)
    assert r.measures.loc["young", "statistical_parity_difference"] == pytest.approx(rates["young"] - rates["older"], rel=1e-13)
    assert bool(r.tests.loc["young", "below_four_fifths"]) == (air < 0.8)
    table = [[approved[group == gname].sum(), (~approved[group == gname]).sum()] for gname in ("young", "older")]
    assert r.tests.loc["young", "fisher_p_value"] == pytest.approx(stats.fisher_exact(table)[1], rel=1e-9)
    chi2, p, _, _ = stats.chi2_contingency(table, correction=False)
    assert r.tests.loc["young", "chi_squared"] == pytest.approx(chi2, rel=1e-12)
    assert r.tests.loc["young", "chi_squared_p_value"] == pytest.approx(p, rel=1e-10)
    assert "<table" in r._repr_html_()


def test_calibration_table_and_hosmer_lemeshow(scored):
    df, y, card = scored
    p = card.predict_proba(df)[:, 1]
    t, hl = credo.metrics.calibration(y, p, bands=10, hl_groups=10)
    assert t["rows"].sum() == len(y) and t["observed_bads"].sum() == y.sum()
    # Each band's predicted and observed rate from its own rows (bands hold whole distinct PDs).
    for _, b in t.iterrows():
        rows = (p >= b["p_min"]) & (p <= b["p_max"])
        assert rows.sum() == b["rows"]
        assert b["predicted"] == pytest.approx(p[rows].mean(), rel=1e-12)
        assert b["observed"] == pytest.approx(y[rows].mean(), rel=1e-14)
    # Hosmer–Lemeshow from the same ten equal-count groups: Σ (O − E)² / (E (1 − E/n)), χ²(g − 2).
    e = t["predicted"] * t["weight"]
    o = t["observed_bads"]
    stat = (((o - e) ** 2) / (e * (1 - e / t["weight"]))).sum()
    assert hl["df"] == 8
    assert hl["statistic"] == pytest.approx(stat, rel=1e-10)
    assert hl["p_value"] == pytest.approx(stats.chi2.sf(stat, 8), rel=1e-9)


def test_fairness_missing_group_refused(scored):
    df, y, card = scored
    groups = np.array(["a"] * len(y), dtype=object)
    groups[3] = None
    with pytest.raises(ValueError) as e:
        credo.fairness.assess(groups, card.score(df), y, 520)
    assert e.value.id == "credo.python.shape"
