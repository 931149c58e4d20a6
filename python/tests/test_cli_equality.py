"""Every figure the Python API returns equals the C++/CLI figure on German credit."""
import csv
import io
import numpy as np
import pytest

import credo
from conftest import DATA, EXCLUDE


def test_binning_tables_equal_credo_bin(german, cli):
    df, y = german
    bp = credo.BinningProcess().fit(df, y)
    doc = cli.json("bin", DATA, "--target", "class", "--bad", "bad", "--json")
    assert sorted(v["name"] for v in doc["variables"]) == sorted(bp.get_feature_names_out())
    for v in doc["variables"]:
        t = bp.binning_table(v["name"])
        assert bp.iv(v["name"]) == v["iv"], v["name"]
        assert list(t["bin"]) == [b["label"] for b in v["bins"]]
        assert list(t["kind"]) == [b["kind"] for b in v["bins"]]
        for field in ("count", "goods", "bads", "event_rate", "woe", "iv"):
            assert list(t[field]) == [b[field] for b in v["bins"]], (v["name"], field)


@pytest.mark.parametrize("method", ["chimerge", "quantile"])
def test_binning_options_map_as_the_cli(german, cli, method):
    df, y = german
    bp = credo.BinningProcess(method=method, max_bins=4, trend="none").fit(df, y)
    doc = cli.json("bin", DATA, "--target", "class", "--bad", "bad", "--method", method, "--max-bins", 4,
                   "--trend", "none", "--json")
    for v in doc["variables"]:
        assert bp.iv(v["name"]) == v["iv"], v["name"]
        assert list(bp.binning_table(v["name"])["woe"]) == [b["woe"] for b in v["bins"]]


def test_fit_equals_credo_fit(german, cli_card, tmp_path):
    df, y = german
    doc, cli_path = cli_card
    card = credo.Scorecard(exclude=EXCLUDE).fit(df, y)
    coefs = card.summary()
    assert list(coefs["name"][1:]) == doc["selected"]
    assert coefs["estimate"][0] == doc["model"]["intercept"]
    for c in doc["model"]["coefficients"]:
        r = coefs[coefs["name"] == c["name"]].iloc[0]
        assert r["estimate"] == pytest.approx(c["estimate"], rel=1e-12, abs=1e-12)
        assert r["std_error"] == pytest.approx(c["std_error"], rel=1e-10)
        assert r["p_value"] == pytest.approx(c["p_value"], rel=1e-9)
    pts = card.points_table()
    cli_points = doc["scorecard"]["points"]
    assert list(pts["characteristic"]) == [p["characteristic"] for p in cli_points]
    assert list(pts["bin"]) == [p["bin"] for p in cli_points]
    assert list(pts["points"]) == [p["points"] for p in cli_points]
    # The model file: Python's save writes the CLI's bytes.
    card.save(tmp_path / "py.json")
    assert (tmp_path / "py.json").read_bytes() == cli_path.read_bytes()


def test_scores_equal_credo_score_exactly(german, cli, cli_card):
    df, _ = german
    _, path = cli_card
    card = credo.load_model(path)
    text = cli.run("score", path, DATA, "--reasons", 4)
    rows = list(csv.DictReader(io.StringIO(text)))
    scores, proba = card.score(df), card.predict_proba(df)[:, 1]
    reasons = card.reasons(df, 4)
    assert len(rows) == len(df)
    for i, r in enumerate(rows):
        # credo score prints shortest round-trip numbers: float() of them is the double.
        assert scores[i] == float(r["score"]), i
        assert proba[i] == float(r["pd"]), i
        assert r["status"] == "ok"
        for k in range(4):
            assert (reasons.iloc[i, k] or "") == r["reason_%d" % (k + 1)], (i, k)
    assert (card.status(df) == "ok").all()


def test_training_metrics_equal_credo_fit(german, cli_card):
    df, y = german
    doc, path = cli_card
    s = credo.load_model(path).score(df)
    m = doc["metrics"]
    assert credo.metrics.auc(y, s, higher_is_safer=True) == pytest.approx(m["auc"], rel=1e-15)
    assert credo.metrics.gini(y, s, higher_is_safer=True) == pytest.approx(m["gini"], rel=1e-14)
    assert credo.metrics.ks(y, s) == pytest.approx(m["ks"], rel=1e-15)


def test_threads_do_not_change_scores(german, cli_card):
    df, _ = german
    big = df.loc[df.index.repeat(40)].reset_index(drop=True)  # 40 000 rows: several blocks
    card = credo.load_model(cli_card[1])
    card.threads = 1
    one = card.score(big)
    card.threads = 4
    assert np.array_equal(one, card.score(big))


def test_unseen_categories_and_missing_cells_score_as_the_cli(german, cli, cli_card, tmp_path):
    df, _ = german
    _, path = cli_card
    odd = df.head(6).copy()
    odd.loc[0, "checking_status"] = "never seen"      # the unseen-category fallback
    odd.loc[1, "purpose"] = None                       # a missing label
    odd["duration"] = odd["duration"].astype(float)
    odd.loc[2, "duration"] = float("nan")              # a missing number
    odd["savings_status"] = odd["savings_status"].astype("category")  # a pandas Categorical
    odd.to_csv(tmp_path / "odd.csv", index=False)
    rows = list(csv.DictReader(io.StringIO(cli.run("score", path, tmp_path / "odd.csv"))))
    card = credo.load_model(path)
    scores = card.score(odd)
    assert [float(r["score"]) for r in rows] == list(scores)
    assert list(card.status(odd)) == [r["status"] for r in rows]
