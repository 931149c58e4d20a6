"""Bureau records from DataFrames: credo.Records, the modelling table of their standard
features, and credo.Engine, the composed engine's decisions on every person.

The three frames are the canonical record files of docs/records.md (persons: person_id,
as_of, optional bad, then segments; tradelines: person_id, source, account_type, opened,
closed, last_reported, credit_limit, balance, payment_history; inquiries: person_id, source,
date). They are read by the CLI's own reader (io::parse_records), so a frame is accepted,
refused and named exactly as the file would be: an error names the frame ("persons"), its
line (header = line 1) and column, with the reader's id (credo.records.*).
"""
import os

import numpy as np
import pandas as pd

from . import _credo
from ._frame import raise_invalid


def _csv_text(frame, name):
    """A frame as the canonical CSV text: dates as YYYY-MM-DD, missing cells empty, an
    outcome column `bad` as 1/0/empty, whole floats (from a column with NaN) without '.0'."""
    if not isinstance(frame, pd.DataFrame):
        raise_invalid("credo.python.records", "%s: expected a pandas DataFrame, got %s" % (name, type(frame).__name__))
    out = pd.DataFrame(index=frame.index)
    for c in frame.columns:
        s = frame[c]
        if pd.api.types.is_datetime64_any_dtype(s.dtype):
            s = s.dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_float_dtype(s.dtype) and (c == "bad" or c == "person_id"):
            whole = s.dropna()
            if (whole == np.floor(whole)).all():
                s = s.astype("Int64")
        out[str(c)] = s
    return out.to_csv(index=False, lineterminator="\n")


class Records:
    """A population's bureau records, parsed once.

    Records(persons, tradelines, inquiries=None): DataFrames, or paths of the CSV files
    (read as `credo coverage --persons ... --tradelines ...` reads them)."""

    def __init__(self, persons, tradelines, inquiries=None):
        paths = all(isinstance(x, (str, os.PathLike)) for x in (persons, tradelines) if x is not None) and \
            (inquiries is None or isinstance(inquiries, (str, os.PathLike)))
        if paths:
            self._core = _credo.RecordsCore.from_files(str(persons), str(tradelines),
                                                       "" if inquiries is None else str(inquiries))
        else:
            self._core = _credo.RecordsCore.from_text(_csv_text(persons, "persons"), _csv_text(tradelines, "tradelines"),
                                                      "" if inquiries is None else _csv_text(inquiries, "inquiries"))

    @property
    def sources(self):
        """The data sources, in order of first appearance in the tradelines, then inquiries."""
        return list(self._core.sources())

    @property
    def segments(self):
        """The persons' segment columns (every column but person_id, as_of and bad)."""
        return list(self._core.segments())

    def __len__(self):
        return self._core.persons()

    def __repr__(self):
        return "credo.Records(%d persons, %d tradelines, %d inquiries, sources %s)" % (
            self._core.persons(), self._core.tradelines(), self._core.inquiries(), ", ".join(self.sources))

    def features(self, threads=0):
        """The modelling table `credo features` writes: one row per person (indexed by
        person_id), the standard features at the person's as_of (NaN where a feature is
        undefined, e.g. no revolving limit), `bad` (1, 0 or <NA> when unknown) and the
        persons' segments as Categorical columns."""
        d = self._core.features(int(threads))
        frame = pd.DataFrame(dict(zip(d["names"], d["columns"])), index=pd.Index(d["person_id"], name="person_id"))
        frame["bad"] = pd.array(np.where(d["bad"] < 0, pd.NA, d["bad"]), dtype="Int8") if len(frame) else \
            pd.array([], dtype="Int8")
        for name, (codes, labels) in d["segments"].items():
            frame[name] = pd.Categorical.from_codes(codes, categories=labels) if len(labels) else \
                pd.Categorical([None] * len(codes))
        return frame


def records_of(data):
    """A Records as given, or a (persons, tradelines[, inquiries]) tuple of frames or paths."""
    if isinstance(data, Records):
        return data
    if isinstance(data, (tuple, list)) and 2 <= len(data) <= 3:
        return Records(*data)
    raise_invalid("credo.python.records",
                  "records: expected credo.Records or (persons, tradelines[, inquiries]), got %s" % type(data).__name__)


class Decisions:
    """What Engine.decide returns: `table` (one row per person: decision approve/decline/
    refer, status scored/not_scoreable/invalid_input, problem, file invisible/unscoreable/
    scoreable, score, pd, reason_1..), and the monitors' reports: `approvals` (by group, with
    the adverse impact ratio against `reference`) and `coverage` (a dict of counts)."""

    def __init__(self, d):
        self.table = pd.DataFrame(d["decisions"])
        self.approvals = pd.DataFrame(d["approvals"])
        self.reference = d["reference"]
        self.adverse_impact_ratio_across = d["adverse_impact_ratio_across"]
        self.coverage = dict(d["coverage"])
        self.policy = d["policy"]

    def __len__(self):
        return len(self.table)

    def _repr_html_(self):
        c = self.coverage
        head = ("%d decisions (%s): approve %d, decline %d, refer %d; scoreable share %.4f"
                % (c["decisions"], self.policy, c["approved"], c["declined"], c["referred"], c["scoreable_share"]))
        return ('<div class="credo-decisions"><h4>%s</h4><h5>Approvals by group (reference %s)</h5>%s'
                '<h5>First decisions</h5>%s</div>' % (head, self.reference, self.approvals.to_html(index=False),
                                                      self.table.head(10).to_html(index=False)))


class Engine:
    """credo's embeddable engine (include/credo/engine/engine.hpp) for batch decisions: the
    standard features of each person's records at their as_of, the coverage rule, the
    scorecard and a decision policy, with the approvals-by-group and coverage monitors.

    Engine(model, cutoff=None, refer_from=None, cutoffs=None, segment=None, max_pd=None,
           group=None, reference=None, rule="default", reasons=4, threads=0)

    model: a fitted credo.Scorecard (or a model file path) whose characteristics are standard
    feature names (fit it on Records.features()). One policy: `cutoff` (approve at or above;
    with `refer_from`, refer in [refer_from, cutoff)), `cutoffs` with `segment` (a dict from
    each label of the persons column `segment` to a cut-off or (cutoff, refer_from); a person
    whose label is not in it is invalid input, bad_segment), or `max_pd` (approve when PD <=
    max_pd). `group`: the persons column whose labels the approvals monitor counts (persons
    without a label form the group "(missing)"). Persons the rule cannot score, or with an
    invalid input, are referred with their status, never given a made-up score."""

    def __init__(self, model, cutoff=None, refer_from=None, cutoffs=None, segment=None, max_pd=None,
                 group=None, reference=None, rule="default", reasons=4, threads=0):
        from .scorecard import Scorecard, load_model
        self.model = load_model(model) if isinstance(model, (str, os.PathLike)) else model
        if not isinstance(self.model, Scorecard):
            raise_invalid("credo.python.bad_option", "Engine: model must be a credo.Scorecard or a model file path, got %s"
                          % type(model).__name__)
        self.model._check_fitted()  # credo.python.not_fitted (LogicError)
        given = [n for n, v in (("cutoff", cutoff), ("cutoffs", cutoffs), ("max_pd", max_pd)) if v is not None]
        if len(given) != 1:
            raise_invalid("credo.python.bad_option",
                          "Engine: give exactly one policy of cutoff, cutoffs (with segment) and max_pd; got %s"
                          % (", ".join(given) or "none"))
        if (cutoffs is None) != (segment is None):
            raise_invalid("credo.python.bad_option", "Engine: cutoffs and segment go together")
        if refer_from is not None and cutoff is None:
            raise_invalid("credo.python.bad_option", "Engine: refer_from needs cutoff")
        if int(reasons) < 0 or int(reasons) > 4:
            raise_invalid("credo.python.bad_option", "Engine: reasons=%r: between 0 and 4" % (reasons,))
        self.cutoff, self.refer_from, self.cutoffs, self.segment = cutoff, refer_from, cutoffs, segment
        self.max_pd, self.group, self.reference, self.rule = max_pd, group, reference, rule
        self.reasons, self.threads = int(reasons), int(threads)

    def _options(self):
        nan = float("nan")
        o = {"policy": "cutoff", "cutoff": nan, "refer_from": nan, "cutoffs": [], "max_pd": nan,
             "segment": self.segment or "", "segment_labels": [], "group": self.group or "",
             "reference": self.reference or "", "rule": str(self.rule), "reasons": self.reasons,
             "threads": self.threads}
        if self.cutoff is not None:
            o["cutoff"] = float(self.cutoff)
            o["refer_from"] = nan if self.refer_from is None else float(self.refer_from)
        elif self.cutoffs is not None:
            o["policy"] = "cutoff_table"
            if not isinstance(self.cutoffs, dict) or not self.cutoffs:
                raise_invalid("credo.python.bad_option", "Engine: cutoffs must be a non-empty dict label -> cut-off")
            for label, c in self.cutoffs.items():
                o["segment_labels"].append(str(label))
                o["cutoffs"].append((float(c[0]), float(c[1])) if isinstance(c, (tuple, list)) else (float(c), nan))
        else:
            o["policy"] = "max_pd"
            o["max_pd"] = float(self.max_pd)
        return o

    def decide(self, records):
        """The decision on every person of `records` (credo.Records or (persons, tradelines[,
        inquiries])), in person order; the same for any `threads`."""
        r = records_of(records)
        return Decisions(_credo.decide(r._core, self.model.core_, self._options()))
