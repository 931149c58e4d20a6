"""credo.Scorecard: the scorecard workflow (model/workflow.hpp, fit_scorecard) in
scikit-learn's idiom, and credo.load_model for the CLI's JSON model files. Option names and
defaults are `credo fit`'s. Scores come from the batch scorer, the one evaluator every credo
score comes from, so score(df) gives exactly `credo score`'s numbers."""
import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin

from . import _credo
from ._frame import as_frame, label_of, make_table, raise_invalid
from ._html import points_table_html
from .binning import BinningProcess


class Scorecard(ClassifierMixin, BaseEstimator):
    """Bins, selects characteristics, fits the logistic regression on WoE and scales points.

    Binning parameters as BinningProcess; select none, iv or stepwise (min_iv,
    max_correlation); penalty none, l2 or elasticnet (lambda_, l1_ratio); scaling pdo,
    base_score, base_odds; rounding none, nearest or largest_remainder; missing own_bin,
    error or worst; exclude: columns never used (e.g. protected attributes)."""

    def __init__(self, method="optimal", max_bins=0, min_share=0.0, trend="auto", zero_cells="half",
                 min_event_rate_diff=0.0, max_pvalue=None, max_pvalue_policy="consecutive", columns=None,
                 select="iv", min_iv=0.02, max_correlation=0.7, penalty="none", lambda_=1.0, l1_ratio=0.5,
                 pdo=20.0, base_score=600.0, base_odds=50.0, rounding="nearest", missing="own_bin",
                 alpha=0.05, exclude=None, threads=0):
        self.method = method
        self.max_bins = max_bins
        self.min_share = min_share
        self.trend = trend
        self.zero_cells = zero_cells
        self.min_event_rate_diff = min_event_rate_diff
        self.max_pvalue = max_pvalue
        self.max_pvalue_policy = max_pvalue_policy
        self.columns = columns
        self.select = select
        self.min_iv = min_iv
        self.max_correlation = max_correlation
        self.penalty = penalty
        self.lambda_ = lambda_
        self.l1_ratio = l1_ratio
        self.pdo = pdo
        self.base_score = base_score
        self.base_odds = base_odds
        self.rounding = rounding
        self.missing = missing
        self.alpha = alpha
        self.exclude = exclude
        self.threads = threads

    def _options(self, frame):
        b = BinningProcess(self.method, self.max_bins, self.min_share, self.trend, self.zero_cells,
                           self.min_event_rate_diff, self.max_pvalue, self.max_pvalue_policy, self.columns,
                           self.threads)._options()
        cols = b["columns"] or [str(c) for c in frame.columns]
        for x in self.exclude or []:
            if x not in frame.columns:
                raise_invalid("credo.table.unknown_column",
                              "no column '%s' in the table (columns: %s)" % (x, ", ".join(map(str, frame.columns))))
        b["columns"] = [c for c in cols if c not in set(self.exclude or [])]
        b.update({"select": self.select, "min_iv": float(self.min_iv), "max_correlation": float(self.max_correlation),
                  "penalty": self.penalty, "lambda_": float(self.lambda_), "l1_ratio": float(self.l1_ratio),
                  "pdo": float(self.pdo), "base_score": float(self.base_score), "base_odds": float(self.base_odds),
                  "rounding": self.rounding, "missing": self.missing, "alpha": float(self.alpha)})
        return b

    def fit(self, X, y, sample_weight=None):
        frame = as_frame(X)
        options = self._options(frame)
        table = make_table(frame, y, sample_weight, columns=options["columns"])
        core = _credo.ScorecardCore()
        core.fit(table, options)
        self._set_core(core)
        self.feature_names_in_ = np.array([str(c) for c in frame.columns], dtype=object)
        return self

    def _set_core(self, core):
        self.core_ = core
        self.classes_ = np.array([0, 1])
        self.characteristics_ = [n for n, _ in core.characteristics()]
        self._kinds = dict(core.characteristics())
        self._categories = {n: core.categories(j) for j, (n, k) in enumerate(core.characteristics())
                            if k == "categorical"}
        self.n_features_in_ = len(self.characteristics_)
        return self

    def _check_fitted(self):
        if not hasattr(self, "core_"):
            e = _credo.LogicError("[credo.python.not_fitted] Scorecard: call fit or load_model before this")
            e.id = "credo.python.not_fitted"
            raise e

    # --- the batch scorer's input -----------------------------------------------------------
    def _matrix(self, X):
        """rows × characteristics, Fortran order, float64: numbers for numeric characteristics,
        category codes (NaN missing, -1 unseen) for categorical ones. A Fortran float64 numpy
        array of the characteristics in card order is passed through untouched."""
        names = list(getattr(self, "feature_names_in_", self.characteristics_))
        if isinstance(X, np.ndarray) and X.ndim == 2 and X.shape[1] == len(names) and not self._categories:
            missing = [c for c in self.characteristics_ if c not in names]
            if missing:
                raise_invalid("credo.engine.unknown_column", "characteristic '%s' has no column in the table" % missing[0])
            idx = [names.index(c) for c in self.characteristics_]
            dtype = np.float32 if X.dtype == np.float32 else np.float64
            if idx == list(range(len(names))):
                return np.asfortranarray(X, dtype=dtype)  # X itself when Fortran float64 / float32
            return np.asfortranarray(X[:, idx], dtype=dtype)
        frame = as_frame(X, names)
        n = len(frame)
        out = np.empty((n, len(self.characteristics_)), dtype=np.float64, order="F")
        for j, name in enumerate(self.characteristics_):
            if name not in frame.columns:
                raise_invalid("credo.engine.unknown_column",
                              "characteristic '%s' has no column in the table" % name)
            s = frame[name]
            if name in self._categories:
                labels = [label_of(v) for v in s.to_numpy(dtype=object)]
                codes = pd.Index(self._categories[name]).get_indexer([l if l is not None else "" for l in labels])
                col = codes.astype(np.float64)
                col[[l is None for l in labels]] = np.nan
                out[:, j] = col
            else:
                if not (pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype)):
                    raise_invalid("credo.engine.wrong_kind", "characteristic '%s' needs a numeric column" % name)
                out[:, j] = s.to_numpy(dtype=np.float64, na_value=np.nan)
        return out

    def _scored(self, X, with_pd=False, with_status=False, out=None):
        self._check_fitted()
        x = self._matrix(X)
        if x.dtype == np.float32:
            return self.core_.score_matrix_f32(x, int(self.threads), with_pd, with_status, out)
        return self.core_.score_matrix(x, int(self.threads), with_pd, with_status, out)

    def score(self, X, y=None, sample_weight=None, out=None):
        """The points of every row (float64; NaN where the row cannot be scored, see status).
        With y, the AUC of the scores instead (scikit-learn's estimator score, higher is better,
        so GridSearchCV and cross_val_score work without a scoring argument).

        out: a preallocated 1-D array of one element a row that receives the scores and is
        returned, float64, or float32 for a card whose points are rounded (whole-number scores
        below 2^24 are exact in float32). A column-major float32 matrix scored into a float32
        `out` runs the float kernel straight from the input into the output: the C++ batch
        scorer's speed, with no allocation (docs/python.md, Speed). Anything else raises
        credo.python.out."""
        scores = self._scored(X, out=out)[0]
        if y is None:
            return scores
        from .metrics import auc
        return auc(y, scores, sample_weight=sample_weight, higher_is_safer=True)

    def status(self, X):
        """Each row's status: ok, missing_value, bad_code or not_finite (credo score's column)."""
        st = self._scored(X, with_status=True)[2]
        return np.array(_credo.status_names, dtype=object)[st]

    def predict_proba(self, X):
        """[P(good), P(bad)] per row: the card's PD from its score (PDO scaling)."""
        pd_ = self._scored(X, with_pd=True)[1]
        return np.column_stack([1.0 - pd_, pd_])

    def predict(self, X):
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(np.int64)

    def reasons(self, X, n=4):
        """The n reason codes of each row (characteristic = bin, points below the baseline), as
        `credo score --reasons n` writes them; a DataFrame with reason_1..reason_n."""
        self._check_fitted()
        frame = as_frame(X, list(getattr(self, "feature_names_in_", self.characteristics_)))
        table = make_table(frame, columns=self.characteristics_, kinds=self._kinds)
        rows = self.core_.reasons(table, int(n))
        return pd.DataFrame(rows, columns=["reason_%d" % (k + 1) for k in range(n)], index=frame.index)

    def points_table(self):
        self._check_fitted()
        return pd.DataFrame(self.core_.points_table())

    def summary(self):
        """The logistic fit's coefficients as a DataFrame (a loaded card has none)."""
        self._check_fitted()
        s = self.core_.summary()
        if s is None:
            return None
        return pd.DataFrame(s["coefficients"])

    @property
    def binning_process_(self):
        """The fitted binning of every candidate column, as a BinningProcess."""
        self._check_fitted()
        core = self.core_.binning()
        return None if core is None else BinningProcess()._set_core(core)

    def to_json(self):
        """The model file's text (the CLI's format, credo fit --out)."""
        self._check_fitted()
        return self.core_.to_json()

    def save(self, path):
        """Writes the model file atomically (nothing is half-written)."""
        self._check_fitted()
        self.core_.save(str(path))

    # Pickle over the model file: a pickled card and a saved card are the same bytes.
    def __getstate__(self):
        state = {k: v for k, v in self.__dict__.items()
                 if k not in ("core_", "_kinds", "_categories", "classes_", "characteristics_", "n_features_in_")}
        if hasattr(self, "core_"):
            state["model_json"] = self.core_.to_json()
        return state

    def __setstate__(self, state):
        state = dict(state)
        text = state.pop("model_json", None)
        self.__dict__.update(state)
        if text is not None:
            core = _credo.ScorecardCore()
            core.from_json(text)
            self._set_core(core)

    def _repr_html_(self):
        if not hasattr(self, "core_"):
            return "<pre>%s</pre>" % repr(self)
        return points_table_html(self.points_table(), "Scorecard (PDO %g, %g points at %g:1)" % (
            self.core_.pdo(), self.core_.base_score(), self.core_.base_odds()))


def load_model(path):
    """A Scorecard from a JSON model file written by `credo fit --out` or Scorecard.save."""
    core = _credo.ScorecardCore()
    core.load(str(path))
    card = Scorecard(pdo=core.pdo(), base_score=core.base_score(), base_odds=core.base_odds())
    return card._set_core(core)
