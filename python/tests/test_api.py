"""The scikit-learn idiom, pickling, metrics against independent formulas, and the errors."""
import math
import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import Pipeline

import credo
from conftest import EXCLUDE


def test_pipeline_with_cross_val_score(german):
    df, y = german
    pipe = Pipeline([("bins", credo.BinningProcess(max_bins=5)), ("logit", LogisticRegression(max_iter=1000))])
    auc = cross_val_score(pipe, df, y, cv=3, scoring="roc_auc")
    assert auc.shape == (3,)
    assert (auc > 0.7).all() and (auc < 0.9).all()


def test_scorecard_in_cross_val_score_and_grid_search(german):
    df, y = german
    auc = cross_val_score(credo.Scorecard(exclude=EXCLUDE), df, y, cv=3, scoring="roc_auc")
    assert ((auc > 0.7) & (auc < 0.9)).all()
    # Scorecard.score(X, y) is the AUC of the points: the default scoring of GridSearchCV.
    default = cross_val_score(credo.Scorecard(exclude=EXCLUDE), df, y, cv=3)
    assert default == pytest.approx(auc, rel=1e-12)
    grid = GridSearchCV(credo.Scorecard(exclude=EXCLUDE), {"max_bins": [3, 5]}, cv=3).fit(df, y)
    assert grid.best_params_["max_bins"] in (3, 5)


def test_get_set_params_round_trip():
    card = credo.Scorecard(pdo=40, max_bins=6)
    p = card.get_params()
    assert p["pdo"] == 40 and p["max_bins"] == 6 and p["method"] == "optimal"
    card.set_params(pdo=30)
    assert card.get_params()["pdo"] == 30


def test_pickled_card_scores_identically_and_is_the_model_file(german, tmp_path):
    df, y = german
    card = credo.Scorecard(exclude=EXCLUDE).fit(df, y)
    back = pickle.loads(pickle.dumps(card))
    assert np.array_equal(card.score(df), back.score(df))
    assert np.array_equal(card.predict_proba(df), back.predict_proba(df))
    assert back.get_params() == card.get_params()
    card.save(tmp_path / "card.json")
    assert card.__getstate__()["model_json"].encode() == (tmp_path / "card.json").read_bytes()


def test_numpy_input_and_in_place_matrix(german, tmp_path):
    df, y = german
    nums = df.select_dtypes("number")
    x_all = nums.to_numpy(dtype=np.float64)
    card = credo.Scorecard(select="none").fit(x_all, y)  # columns x0, x1, ...
    assert np.array_equal(card.score(x_all), card.score(pd.DataFrame(x_all, columns=card.feature_names_in_)))
    card.save(tmp_path / "card.json")
    loaded = credo.load_model(tmp_path / "card.json")
    cols = [int(c[1:]) for c in loaded.characteristics_]
    x = np.asfortranarray(x_all[:, cols])
    assert loaded._matrix(x) is x  # a Fortran float64 matrix of the characteristics is read in place
    assert np.array_equal(loaded.score(x), card.score(x_all))
    x32 = np.asfortranarray(x, dtype=np.float32)  # German credit's values are exact in float32
    assert loaded._matrix(x32) is x32
    assert np.array_equal(loaded.score(x32), loaded.score(x))
    woe = credo.BinningProcess().fit(x, y).transform(x)
    assert woe.dtype == np.float64 and woe.shape == x.shape


def test_score_into_out(german, tmp_path):
    """score(X, out=buffer): the same scores written into the caller's array, which is returned;
    float32 only where the scores are whole numbers; a wrong buffer raises credo.python.out."""
    df, y = german
    nums = df.select_dtypes("number")
    credo.Scorecard(select="none").fit(nums, y).save(tmp_path / "card.json")
    card = credo.load_model(tmp_path / "card.json")  # rounding="nearest": whole-number points
    x = np.asfortranarray(nums[card.characteristics_].to_numpy(dtype=np.float64))
    assert card._matrix(x) is x
    x32 = np.asfortranarray(x, dtype=np.float32)
    expected = card.score(x)
    assert np.all(expected == np.round(expected)) and len(np.unique(expected)) > 50
    for matrix in (x, x32, nums):
        for dtype in (np.float64, np.float32):
            out = np.full(len(x), -12345.0, dtype=dtype)
            got = card.score(matrix, out=out)
            assert got is out
            assert np.array_equal(out.astype(np.float64), expected)
    # The float kernel (float32 in, float32 out) gives the double scorer's statuses too.
    assert list(card.status(x32)) == list(card.status(x))

    def refused(out, fragment, card=card, matrix=x32):
        with pytest.raises(ValueError) as e:
            card.score(matrix, out=out)
        assert e.value.id == "credo.python.out"
        assert fragment in str(e.value)

    refused(np.empty(len(x) - 1), "shape (%d,) for %d rows" % (len(x) - 1, len(x)))
    refused(np.empty((len(x), 1)), "shape")
    refused(np.empty(len(x), dtype=np.int64), "dtype int64")
    refused(np.empty(2 * len(x))[::2], "not a writable contiguous array")
    ro = np.empty(len(x))
    ro.flags.writeable = False
    refused(ro, "not a writable contiguous array")
    refused([0.0] * len(x), "out= is a list")
    fractional = credo.Scorecard(select="none", rounding="none").fit(nums, y)
    refused(np.empty(len(x), dtype=np.float32), "float32 would round", card=fractional, matrix=nums)


def test_transform_metrics_agree(german):
    df, y = german
    bp = credo.BinningProcess().fit(df, y)
    woe, idx, labels = bp.transform(df), bp.transform(df, metric="indices"), bp.transform(df, metric="bins")
    for j, name in enumerate(bp.get_feature_names_out()):
        t = bp.binning_table(name)
        assert np.array_equal(woe[:, j], t["woe"].to_numpy()[idx[:, j]])
        assert list(labels[name]) == list(t["bin"].to_numpy()[idx[:, j]])


def test_weighted_binning_counts(german):
    df, y = german
    w = np.where(y == 1, 2.0, 1.0)
    t = credo.BinningProcess().fit(df, y, sample_weight=w).binning_table("checking_status")
    # Weighted bads are twice the bad rows' count; goods stay the good rows.
    assert t["bads"].sum() == 2 * y.sum() and t["goods"].sum() == (y == 0).sum()
    assert t["count"].sum() == len(df)


def test_auc_interval_matches_delong_by_hand():
    # DeLong et al. (1988) from the placements, computed here independently.
    rng = np.random.default_rng(7)
    y = rng.integers(0, 2, 300)
    s = rng.normal(size=300) + y
    bads, goods = s[y == 1], s[y == 0]
    psi = (bads[:, None] > goods[None, :]) + 0.5 * (bads[:, None] == goods[None, :])
    a = psi.mean()
    v10, v01 = psi.mean(axis=1), psi.mean(axis=0)
    var = v10.var(ddof=1) / len(bads) + v01.var(ddof=1) / len(goods)
    h = 1.959963984540054 * math.sqrt(var)
    got = credo.metrics.auc_interval(y, s)  # higher score = riskier here
    assert got[0] == pytest.approx(a, rel=1e-13)
    assert got[1] == pytest.approx(a - h, rel=1e-12) and got[2] == pytest.approx(a + h, rel=1e-12)
    # KS by hand: the largest gap of the two empirical distribution functions.
    grid = np.unique(s)
    gap = np.abs(np.searchsorted(np.sort(bads), grid, "right") / len(bads)
                 - np.searchsorted(np.sort(goods), grid, "right") / len(goods)).max()
    assert credo.metrics.ks(y, s) == pytest.approx(gap, rel=1e-14)


def test_psi_by_hand():
    e, a = np.array([10.0, 20.0, 70.0]), np.array([20.0, 25.0, 55.0])
    value, contrib, verdict = credo.metrics.psi(e, a)
    E, A = e / e.sum(), a / a.sum()
    assert value == pytest.approx(((A - E) * np.log(A / E)).sum(), rel=1e-14)
    assert contrib == pytest.approx((A - E) * np.log(A / E), rel=1e-14)
    assert verdict == "some shift"


def test_notebook_html(german):
    df, y = german
    card = credo.Scorecard(exclude=EXCLUDE).fit(df, y)
    html = card._repr_html_()
    assert "<table" in html and "checking_status" in html
    bp = card.binning_process_
    assert "<svg" in bp._repr_html_()


# --- errors: credo's id on .id, the message unchanged, a Python exception class --------------

def test_bad_option_raises_value_error_with_id(german):
    df, y = german
    with pytest.raises(ValueError) as e:
        credo.BinningProcess(method="magic").fit(df, y)
    assert isinstance(e.value, credo.InvalidInput)
    assert e.value.id == "credo.python.bad_option"
    assert str(e.value) == "[credo.python.bad_option] method='magic': not one of optimal, chimerge, quantile, distinct"


def test_core_error_keeps_id_and_message(german):
    df, y = german
    with pytest.raises(ValueError) as e:
        credo.BinningProcess(columns=["no_such"]).fit(df, y)
    assert e.value.id == "credo.table.unknown_column"
    assert str(e.value).startswith("[credo.table.unknown_column] no column 'no_such'")


def test_non_binary_target_refused(german):
    df, y = german
    with pytest.raises(ValueError) as e:
        credo.Scorecard().fit(df, y * 2)
    assert e.value.id == "credo.python.bad_target"


def test_missing_model_file_is_os_error(tmp_path):
    with pytest.raises(OSError) as e:
        credo.load_model(tmp_path / "none.json")
    assert e.value.id == "credo.model_file.open_failed"


def test_damaged_model_file(tmp_path):
    p = tmp_path / "bad.json"
    p.write_text("{not json")
    with pytest.raises(credo.IOError) as e:
        credo.load_model(p)
    assert e.value.id.startswith("credo.model_file.")


def test_not_fitted_is_runtime_error(german):
    df, _ = german
    with pytest.raises(RuntimeError) as e:
        credo.BinningProcess().transform(df)
    assert e.value.id == "credo.binning.not_fitted"
    with pytest.raises(credo.LogicError):
        credo.Scorecard().score(df)


def test_missing_characteristic_column(german, tmp_path):
    df, y = german
    card = credo.Scorecard(exclude=EXCLUDE).fit(df, y)
    with pytest.raises(ValueError) as e:
        card.score(df.drop(columns=["checking_status"]))
    assert e.value.id == "credo.engine.unknown_column"


def test_bad_metric(german):
    df, y = german
    bp = credo.BinningProcess().fit(df, y)
    with pytest.raises(ValueError) as e:
        bp.transform(df, metric="odds")
    assert e.value.id == "credo.python.bad_option"
