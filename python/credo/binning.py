"""credo.BinningProcess: optbinning's BinningProcess in scikit-learn's idiom, over credo's
woe_encoder (include/credo/binning/woe_encoder.hpp). Method and option names are the CLI's
(`credo bin`), with its defaults, so the figures equal `credo bin`'s."""
import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

from . import _credo
from ._frame import as_frame, make_table, raise_invalid
from ._html import binning_table_html


class BinningProcess(TransformerMixin, BaseEstimator):
    """Bins every column (or `columns`) of X against a 0/1 target (1 = bad).

    method: optimal, chimerge, quantile or distinct; max_bins 0 means no limit; trend auto,
    ascending, descending, peak, valley or none; zero_cells half, r_scorecard, merge or
    zero_woe; threads 0 = one per core (the result does not depend on it)."""

    def __init__(self, method="optimal", max_bins=0, min_share=0.0, trend="auto", zero_cells="half",
                 min_event_rate_diff=0.0, max_pvalue=None, max_pvalue_policy="consecutive",
                 columns=None, threads=0):
        self.method = method
        self.max_bins = max_bins
        self.min_share = min_share
        self.trend = trend
        self.zero_cells = zero_cells
        self.min_event_rate_diff = min_event_rate_diff
        self.max_pvalue = max_pvalue
        self.max_pvalue_policy = max_pvalue_policy
        self.columns = columns
        self.threads = threads

    def _options(self):
        return {"method": self.method, "max_bins": int(self.max_bins), "min_share": float(self.min_share),
                "trend": self.trend, "zero_cells": self.zero_cells,
                "min_event_rate_diff": float(self.min_event_rate_diff), "max_pvalue": self.max_pvalue,
                "max_pvalue_policy": self.max_pvalue_policy, "columns": list(self.columns or []),
                "threads": int(self.threads)}

    def fit(self, X, y, sample_weight=None):
        frame = as_frame(X)
        table = make_table(frame, y, sample_weight)
        core = _credo.BinningCore()
        core.fit(table, self._options())
        self._set_core(core, frame)
        return self

    def _set_core(self, core, frame=None):
        self.core_ = core
        self.feature_names_in_ = np.array(core.columns(), dtype=object)
        self.n_features_in_ = len(self.feature_names_in_)
        return self

    def _check_fitted(self):
        if not hasattr(self, "core_"):
            e = _credo.LogicError("[credo.binning.not_fitted] BinningProcess: call fit before this")
            e.id = "credo.binning.not_fitted"
            raise e

    def _check_name(self, name):
        self._check_fitted()
        if name not in self.core_.columns():
            raise_invalid("credo.binning.not_binned", "column '%s' was not binned (binned: %s)"
                          % (name, ", ".join(self.core_.columns())))

    def binning_table(self, name):
        """The bins of one column: label, kind, count, goods, bads, event_rate, woe, iv."""
        self._check_name(name)
        return pd.DataFrame(self.core_.table(name))

    def iv(self, name):
        self._check_name(name)
        return self.core_.iv(name)

    def summary(self):
        """One row per binned column: name, kind, bins, iv, strength (by IV, highest first)."""
        self._check_fitted()
        rows = [{"name": c, "kind": self.core_.kind(c), "bins": len(self.core_.table(c)["bin"]),
                 "iv": self.core_.iv(c), "strength": self.core_.strength(c)} for c in self.core_.columns()]
        return pd.DataFrame(rows).sort_values("iv", ascending=False, kind="stable").reset_index(drop=True)

    def transform(self, X, metric="woe"):
        """WoE (float64), bin indices (int32) or bin labels per cell, one column per binned
        column in fit's order; a DataFrame in gives a DataFrame out for bins."""
        self._check_fitted()
        frame = as_frame(X, self.feature_names_in_ if not isinstance(X, pd.DataFrame) else None)
        kinds = {c: self.core_.kind(c) for c in self.core_.columns()}
        present = [c for c in self.core_.columns() if c in frame.columns]
        table = make_table(frame, columns=present, kinds=kinds)
        out = self.core_.transform(table, metric)
        if metric == "bins":
            return pd.DataFrame({c: col for c, col in zip(self.core_.columns(), out)}, index=frame.index)
        return out

    def get_feature_names_out(self, input_features=None):
        self._check_fitted()
        return np.array(self.core_.columns(), dtype=object)

    def _repr_html_(self):
        if not hasattr(self, "core_"):
            return "<pre>%s</pre>" % repr(self)
        return "".join(binning_table_html(c, self.binning_table(c), self.iv(c)) for c in self.core_.columns())
