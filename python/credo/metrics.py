"""credo.metrics over numpy arrays (include/credo/metrics/). y is 0/1 with 1 = bad; a
scorecard's points rank safety (higher_is_safer=True), a PD ranks risk."""
import numpy as np

from . import _credo
from ._frame import binary_target


def _args(y, score, sample_weight):
    s = np.ascontiguousarray(np.asarray(score, dtype=np.float64))
    t = binary_target(y, s.shape[0])
    w = None if sample_weight is None else np.ascontiguousarray(np.asarray(sample_weight, dtype=np.float64))
    return s, t, w


def auc(y, score, sample_weight=None, higher_is_safer=False):
    """AUC with ties counted ½ (Mann–Whitney)."""
    s, t, w = _args(y, score, sample_weight)
    return _credo.metrics.auc(s, t, w, higher_is_safer, 0.95)[0]


def auc_interval(y, score, sample_weight=None, higher_is_safer=False, level=0.95):
    """(AUC, lower, upper): DeLong's interval, clipped to [0, 1] (pROC's ci.auc, delong)."""
    s, t, w = _args(y, score, sample_weight)
    return _credo.metrics.auc(s, t, w, higher_is_safer, level)


def gini(y, score, sample_weight=None, higher_is_safer=False):
    """Gini = 2·AUC − 1."""
    return 2 * auc(y, score, sample_weight, higher_is_safer) - 1


def ks(y, score, sample_weight=None):
    """KS: the largest gap between the cumulative bad and good distributions over distinct scores."""
    s, t, w = _args(y, score, sample_weight)
    return _credo.metrics.ks(s, t, w)[0]


def psi(expected, actual):
    """PSI = Σ (A_i − E_i)·ln(A_i/E_i) over per-band counts (each side normalised to shares).
    Returns (value, contributions per band, verdict)."""
    v, contributions, verdict = _credo.metrics.psi(np.ascontiguousarray(expected, dtype=np.float64),
                                                   np.ascontiguousarray(actual, dtype=np.float64))
    return v, np.asarray(contributions), verdict


def calibration(y, p, sample_weight=None, bands=10, cutoffs=None, level=0.95, hl_groups=10):
    """Calibration of predicted PDs: a DataFrame per band (quantile bands of p, or the bands
    between `cutoffs`) with the predicted and observed bad rate and the observed rate's Wilson
    interval; and Hosmer–Lemeshow over hl_groups equal-count groups as a dict
    {statistic, df, p_value} (χ² with groups − 2 degrees of freedom)."""
    import pandas as pd
    s, t, w = _args(y, p, sample_weight)
    table, stat, df, pv = _credo.metrics.calibration(s, t, w, int(bands), list(cutoffs or []), float(level),
                                                     int(hl_groups))
    return pd.DataFrame(table), {"statistic": stat, "df": df, "p_value": pv}
