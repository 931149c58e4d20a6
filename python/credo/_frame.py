"""Conversion of pandas DataFrames and numpy arrays to credo's tables and scorer matrices.

Numeric columns (int, float, bool) become float64 (NaN missing); object, string and
Categorical columns become categorical (None, NaN and "" missing, as the CLI reads an empty
cell). Categories are coded in order of first appearance, as the CLI's CSV reader does.
"""
import numpy as np
import pandas as pd

from . import _credo


def raise_invalid(error_id, message):
    """Raises credo.InvalidInput with a stable id, as the C++ core does."""
    e = _credo.InvalidInput("[%s] %s" % (error_id, message))
    e.id = error_id
    raise e


def as_frame(X, feature_names=None):
    """X as a DataFrame: a DataFrame as is, a 2-D array with columns x0.. or feature_names."""
    if isinstance(X, pd.DataFrame):
        return X
    a = np.asarray(X)
    if a.ndim != 2:
        raise_invalid("credo.python.shape", "X has %d dimensions; a table needs 2" % a.ndim)
    names = list(feature_names) if feature_names is not None else ["x%d" % j for j in range(a.shape[1])]
    if len(names) != a.shape[1]:
        raise_invalid("credo.python.shape", "X has %d columns for %d feature names" % (a.shape[1], len(names)))
    return pd.DataFrame(a, columns=names)


def is_numeric(series):
    return pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_bool_dtype(series.dtype)


def numeric_values(series):
    """float64 values (NaN missing); a float64 column is handed over without a copy, and the
    table reads it in place (column::numeric_view)."""
    if series.dtype == np.float64:
        return np.ascontiguousarray(series.to_numpy())
    if pd.api.types.is_extension_array_dtype(series.dtype):  # nullable Int64, Float64, boolean
        return np.ascontiguousarray(series.to_numpy(dtype=np.float64, na_value=np.nan))
    return np.ascontiguousarray(series.to_numpy(dtype=np.float64))


def label_of(v):
    """A cell as the CLI's text label: integral numbers without '.0'; missing as None."""
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return str(int(v))
    s = str(v)
    return s if s != "" else None


def categorical_codes(series):
    labels = np.array([label_of(v) for v in series.to_numpy(dtype=object)], dtype=object)
    codes, uniques = pd.factorize(labels, use_na_sentinel=True)
    return codes.astype(np.int32), [str(u) for u in uniques]


def binary_target(y, n):
    """y as 0/1 bytes (event = bad = 1); anything else is refused with an id."""
    if y is None:
        raise_invalid("credo.python.bad_target", "y is required (0 = good, 1 = bad)")
    a = np.asarray(y)
    if a.ndim != 1 or a.shape[0] != n:
        raise_invalid("credo.python.bad_target", "y has shape %s for %d rows" % (a.shape, n))
    if a.dtype == bool:
        return a.astype(np.uint8)
    if not np.issubdtype(a.dtype, np.number):
        raise_invalid("credo.python.bad_target", "y must be 0 (good) or 1 (bad); it holds %r" % (a[:1].tolist(),))
    bad = ~np.isin(a, (0, 1))
    if bad.any():
        r = int(np.argmax(bad))
        raise_invalid("credo.python.bad_target", "y, row %d: %r is neither 0 (good) nor 1 (bad)" % (r, a[r]))
    return a.astype(np.uint8)


def make_table(X, y=None, sample_weight=None, columns=None, kinds=None):
    """A credo Table of X's columns (all, or `columns`); kinds forces a kind per name."""
    frame = as_frame(X)
    names = [str(c) for c in frame.columns] if columns is None else list(columns)
    cols, dicts = [], []
    for name in names:
        if name not in frame.columns:
            raise_invalid("credo.table.unknown_column",
                          "no column '%s' in the table (columns: %s)" % (name, ", ".join(map(str, frame.columns))))
        s = frame[name]
        kind = kinds.get(name) if kinds else None
        if kind is None:
            kind = "numeric" if is_numeric(s) else "categorical"
        if kind == "numeric":
            if not is_numeric(s):
                s = pd.to_numeric(s, errors="coerce")
            cols.append(numeric_values(s))
            dicts.append(None)
        else:
            codes, labels = categorical_codes(s)
            cols.append(codes)
            dicts.append(labels)
    target = None if y is None else binary_target(y, len(frame))
    weights = None
    if sample_weight is not None:
        weights = np.ascontiguousarray(np.asarray(sample_weight, dtype=np.float64))
        if weights.shape != (len(frame),):
            raise_invalid("credo.python.shape", "sample_weight has shape %s for %d rows" % (weights.shape, len(frame)))
    return _credo.Table(names, cols, dicts, target, weights)
