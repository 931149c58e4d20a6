"""Bureau records from DataFrames: the modelling table equals `credo features`', coverage
equals `credo coverage --json`'s, and the engine's batch decisions agree with the scorecard,
the coverage report and the cut-off rule, for any thread count; bad input raises id'd errors."""
import math

import numpy as np
import pandas as pd
import pytest

import credo

SEED, PERSONS = 7, 3000
CHARACTERISTICS = ["accounts_total", "oldest_account_months", "utilization_revolving", "worst_delinquency_24m",
                   "inquiries_6m", "on_time_share_24m"]


@pytest.fixture(scope="module")
def bureau(cli, tmp_path_factory):
    """`credo synth`'s records (one shard) and the modelling table it writes beside them."""
    d = tmp_path_factory.mktemp("bureau")
    cli.run("synth", "--persons", PERSONS, "--seed", SEED, "--out", d)
    files = {k: d / ("%s-0000.csv" % k) for k in ("persons", "tradelines", "inquiries", "applicants")}
    frames = {k: pd.read_csv(v, keep_default_na=False, na_values=[""], float_precision="round_trip") for k, v in files.items()}
    return files, frames


@pytest.fixture(scope="module")
def records(bureau):
    _, f = bureau
    return credo.Records(f["persons"], f["tradelines"], f["inquiries"])


@pytest.fixture(scope="module")
def card(records):
    """A card on the standard features of the scoreable persons."""
    table = records.features()
    fit_rows = table[table["accounts_total"] > 0]
    return credo.Scorecard(select="none", max_bins=5).fit(fit_rows[CHARACTERISTICS], fit_rows["bad"].astype(int))


def test_features_equal_credo_features(bureau, records, cli, tmp_path):
    files, frames = bureau
    out = tmp_path / "applicants.csv"
    cli.run("features", files["persons"], files["tradelines"], files["inquiries"], "--out", out)
    want = pd.read_csv(out, keep_default_na=False, na_values=[""], float_precision="round_trip")
    got = records.features()
    assert list(got.index) == list(frames["persons"]["person_id"])
    assert list(got.columns[:len(credo._credo.standard_feature_names)]) == list(credo._credo.standard_feature_names)
    for name in credo._credo.standard_feature_names:
        np.testing.assert_array_equal(got[name].to_numpy(), want[name].to_numpy(dtype=np.float64), err_msg=name)
    assert list(got["bad"].astype("float")) == list(want["bad"].astype("float"))
    assert list(got["group"].astype(str)) == list(want["group"].astype(str))
    assert list(got["region"].astype(str)) == list(frames["persons"]["region"].astype(str))


def test_records_from_frames_equal_records_from_files(bureau, records):
    files, _ = bureau
    from_files = credo.Records(files["persons"], files["tradelines"], files["inquiries"])
    assert from_files.sources == records.sources and len(from_files) == len(records) == PERSONS
    pd.testing.assert_frame_equal(from_files.features(), records.features())
    a, b = credo.coverage.report(from_files), credo.coverage.report(records)
    pd.testing.assert_frame_equal(a.sources, b.sources)
    pd.testing.assert_series_equal(a.overall, b.overall)


@pytest.mark.parametrize("rule", ["default", "thin:2"])
def test_coverage_equals_credo_coverage(bureau, records, cli, rule):
    files, _ = bureau
    doc = cli.json("coverage", "--persons", files["persons"], "--tradelines", files["tradelines"], "--inquiries",
                   files["inquiries"], "--rule", rule, "--segment", "group", "--segment", "region", "--json")["coverage"]
    rep = credo.coverage.report(records, rule=rule, segments=["group", "region"])
    assert rep.rule == doc["rule"] == ("default" if rule == "default" else rule)
    for k in ("persons", "scoreable_share", "unscoreable_share", "invisible_share"):
        assert rep.overall[k] == doc[k], k
    o = rep.overall
    assert o["invisible"] + o["unscoreable"] + o["scoreable"] == o["persons"] == PERSONS
    assert list(rep.sources["source"]) == [s["name"] for s in doc["sources"]]
    for k in ("files", "alone", "leave_one_out", "shapley"):
        assert list(rep.sources[k]) == [s[k] for s in doc["sources"]], k
    assert rep.overlap.values.tolist() == [s["overlap"] for s in doc["sources"]]
    # Shapley efficiency: the values add up to the scoreable count of all sources together.
    assert math.isclose(rep.sources["shapley"].sum(), o["scoreable"], rel_tol=1e-12)
    for seg in doc["segments"]:
        frame = rep.segments[seg["segment"]]
        assert list(frame["value"]) == [g["value"] for g in seg["groups"]]
        for k in ("persons", "scoreable_share", "invisible_share"):
            assert list(frame[k]) == [g[k] for g in seg["groups"]], (seg["segment"], k)
    assert "scoreable" in rep._repr_html_()


def test_engine_scores_are_the_cards_and_statuses_the_coverage(records, card):
    table = records.features()
    cutoff = 560
    d = credo.Engine(card, cutoff=cutoff, group="group").decide(records)
    t = d.table
    assert list(t["person_id"]) == list(table.index)
    scored = (t["status"] == "scored").to_numpy()
    # Scored exactly where the coverage rule holds, with the card's points on the same row.
    rep = credo.coverage.report(records)
    assert scored.sum() == rep.overall["scoreable"]
    assert (t["file"].value_counts().reindex(["invisible", "unscoreable", "scoreable"]).to_numpy()
            == rep.overall[["invisible", "unscoreable", "scoreable"]].to_numpy()).all()
    rows = table.loc[scored, CHARACTERISTICS]
    np.testing.assert_array_equal(t.loc[scored, "score"].to_numpy(), card.score(rows))
    np.testing.assert_array_equal(t.loc[scored, "pd"].to_numpy(), card.predict_proba(rows)[:, 1])
    assert t.loc[~scored, "score"].isna().all() and (t.loc[~scored, "decision"] == "refer").all()
    # Reasons: the card's own, in the same order.
    want = card.reasons(rows, n=4)
    got = t.loc[scored, ["reason_1", "reason_2", "reason_3", "reason_4"]].reset_index(drop=True)
    assert got.fillna("").values.tolist() == want.fillna("").values.tolist()
    # The cut-off rule, and the monitors against counts made here.
    approve = t.loc[scored, "score"] >= cutoff
    assert (t.loc[scored, "decision"] == np.where(approve, "approve", "decline")).all()
    assert 0 < approve.sum() < scored.sum()
    c = d.coverage
    assert (c["approved"], c["declined"], c["referred"]) == (approve.sum(), (~approve).sum(), (~scored).sum())
    groups = table["group"].astype(str).to_numpy()
    approved = (t["decision"] == "approve").to_numpy()
    rates = {g: approved[groups == g].mean() for g in ("A", "B")}
    a = d.approvals.set_index("group")
    for g in ("A", "B"):
        assert a.loc[g, "decisions"] == (groups == g).sum()
        assert a.loc[g, "approved"] == approved[groups == g].sum()
        assert a.loc[g, "approval_rate"] == pytest.approx(rates[g], rel=1e-15)
    ref = max(rates, key=lambda g: (groups == g).sum())
    assert d.reference == ref
    for g in ("A", "B"):
        assert a.loc[g, "adverse_impact_ratio"] == pytest.approx(rates[g] / rates[ref], rel=1e-14)
    assert "Approvals by group" in d._repr_html_()


def test_engine_decisions_do_not_depend_on_threads(records, card):
    one = credo.Engine(card, cutoff=560, group="region", threads=1).decide(records)
    two = credo.Engine(card, cutoff=560, group="region", threads=2).decide(records)
    pd.testing.assert_frame_equal(one.table, two.table)
    pd.testing.assert_frame_equal(one.approvals, two.approvals)
    assert one.coverage == two.coverage


def test_engine_policies(records, card):
    base = credo.Engine(card, cutoff=560).decide(records).table
    scored = base["status"] == "scored"
    s = base.loc[scored, "score"]
    band = credo.Engine(card, cutoff=560, refer_from=540).decide(records).table.loc[scored, "decision"]
    assert (band == np.where(s >= 560, "approve", np.where(s >= 540, "refer", "decline"))).all()
    pd_cap = credo.Engine(card, max_pd=0.2).decide(records).table
    assert (pd_cap.loc[scored, "decision"] == np.where(pd_cap.loc[scored, "pd"] <= 0.2, "approve", "decline")).all()
    # A cut-off per region; a person whose region has no row is invalid input (bad_segment).
    table = records.features()
    by = credo.Engine(card, cutoffs={"north": 550, "south": (570, 560)}, segment="region").decide(records).table
    region = table["region"].astype(str).to_numpy()
    known = np.isin(region, ["north", "south"])
    assert (by.loc[~known, "problem"] == "bad_segment").all() and (by.loc[~known, "status"] == "invalid_input").all()
    ok = known & (by["status"] == "scored").to_numpy()
    cut = np.where(region == "north", 550, 570)
    refer = np.where(region == "north", 550, 560)
    sc = by["score"].to_numpy()
    want = np.where(sc >= cut, "approve", np.where(sc >= refer, "refer", "decline"))
    assert (by["decision"].to_numpy()[ok] == want[ok]).all() and ok.sum() > 0


def _tiny():
    persons = pd.DataFrame({"person_id": ["a", "b"], "as_of": pd.to_datetime(["2024-06-30", "2024-06-30"]),
                            "bad": [0.0, np.nan], "region": ["east", "west"]})
    tradelines = pd.DataFrame({"person_id": ["a", "b"], "source": ["bank", "bank"],
                               "account_type": ["revolving", "installment"],
                               "opened": pd.to_datetime(["2018-01-01", "2019-03-01"]), "closed": [None, None],
                               "last_reported": pd.to_datetime(["2024-06-01", "2024-06-01"]),
                               "credit_limit": [1000.0, np.nan], "balance": [250.0, 5000.0],
                               "payment_history": ["000000", "000000"]})
    return persons, tradelines


def test_frames_with_dates_and_unknown_outcomes_read_as_files_are():
    persons, tradelines = _tiny()
    r = credo.Records(persons, tradelines)
    t = r.features()
    assert list(t.index) == ["a", "b"] and t["bad"].iloc[0] == 0 and t["bad"].isna().iloc[1]
    assert t.loc["a", "utilization_revolving"] == 0.25 and t.loc["a", "accounts_total"] == 1
    assert r.sources == ["bank"] and r.segments == ["region"]
    assert credo.coverage.report(r).overall["scoreable"] == 2


def test_bad_records_raise_the_readers_ids():
    persons, tradelines = _tiny()
    bad = tradelines.assign(account_type=["revolving", "spaceship"])
    with pytest.raises(credo.IOError) as e:
        credo.Records(persons, bad)
    assert e.value.id == "credo.records.bad_account_type"
    assert "tradelines" in str(e.value) and "line 3" in str(e.value) and "account_type" in str(e.value)
    with pytest.raises(credo.IOError) as e:
        credo.Records(persons.assign(person_id=["a", "a"]), tradelines)
    assert e.value.id == "credo.records.duplicate_person"
    with pytest.raises(credo.IOError) as e:
        credo.Records(persons, tradelines.assign(person_id=["a", "zz"]))
    assert e.value.id == "credo.records.unknown_person"
    with pytest.raises(credo.InvalidInput) as e:
        credo.Records(persons, [1, 2])
    assert e.value.id == "credo.python.records"
    r = credo.Records(persons, tradelines)
    with pytest.raises(credo.InvalidInput) as e:
        credo.coverage.report(r, rule="thick")
    assert e.value.id == "credo.python.bad_option" and "rule='thick'" in str(e.value)
    with pytest.raises(credo.InvalidInput) as e:
        credo.coverage.report(r, segments=["income"])
    assert e.value.id == "credo.records.unknown_segment"
    with pytest.raises(credo.IOError) as e:
        credo.Records("/nonexistent/persons.csv", "/nonexistent/tradelines.csv")
    assert e.value.id == "credo.records.open_failed"


def test_engine_refuses_bad_settings(records, card, german):
    for kwargs, error_id in [({}, "credo.python.bad_option"),
                             ({"cutoff": 500, "max_pd": 0.1}, "credo.python.bad_option"),
                             ({"cutoffs": {"north": 500}}, "credo.python.bad_option"),
                             ({"max_pd": 0.1, "refer_from": 400}, "credo.python.bad_option"),
                             ({"cutoff": 500, "reasons": 9}, "credo.python.bad_option")]:
        with pytest.raises(credo.InvalidInput) as e:
            credo.Engine(card, **kwargs)
        assert e.value.id == error_id, kwargs
    for kwargs, error_id in [({"cutoff": 500, "refer_from": 510}, "credo.engine.bad_cutoff"),
                             ({"cutoff": float("inf")}, "credo.engine.bad_cutoff"),
                             ({"max_pd": 1.5}, "credo.python.bad_option"),
                             ({"cutoff": 500, "group": "income"}, "credo.records.unknown_segment"),
                             ({"cutoff": 500, "group": "group", "reference": "Z"}, "credo.engine.unknown_reference"),
                             ({"cutoff": 500, "rule": "thin:0"}, "credo.python.bad_option")]:
        with pytest.raises(credo.InvalidInput) as e:
            credo.Engine(card, **kwargs).decide(records)
        assert e.value.id == error_id, kwargs
    with pytest.raises(credo.LogicError) as e:
        credo.Engine(credo.Scorecard(), cutoff=500)
    assert e.value.id == "credo.python.not_fitted"
    with pytest.raises(credo.InvalidInput) as e:
        credo.Engine("not a card".encode(), cutoff=500)
    assert e.value.id == "credo.python.bad_option"
    # A card on German credit has no bureau features: named, with the feature set's columns.
    df, y = german
    german_card = credo.Scorecard(select="none").fit(df[["duration", "credit_amount"]], y)
    with pytest.raises(credo.InvalidInput) as e:
        credo.Engine(german_card, cutoff=500).decide(records)
    assert e.value.id == "credo.engine.unknown_feature" and "duration" in str(e.value)
