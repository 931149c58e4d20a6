"""credo.coverage: who a bureau can score from its records, and what each data source adds
(include/credo/coverage/), with the figures of `credo coverage --json`.

    rep = credo.coverage.report((persons, tradelines, inquiries), segments=["region"])
    rep.overall          # persons, invisible, unscoreable, scoreable and their shares
    rep.sources          # per source: files, alone, leave_one_out, shapley
    rep.overlap          # persons with records from both sources
    rep.segments["region"]

A person is invisible without a record seen at their as_of, scoreable when the rule holds
("default": a tradeline reported in the last 6 months and one opened 6 months or more ago;
"thin:N": at least N accounts), unscoreable otherwise. `alone` is the scoreable count from
the source by itself, `leave_one_out` the scoreable persons lost without it, `shapley` its
Shapley value in the cooperative game v(S) = scoreable persons from the sources S (Shapley
1953; exact over every coalition, coverage/sources.hpp), so the values add up to v(all).
"""
import pandas as pd

from .records import Records, records_of  # noqa: F401


class CoverageReport:
    def __init__(self, d):
        self.rule = d["rule"]
        self.overall = pd.Series(d["overall"])
        self.sources = pd.DataFrame(d["sources"])
        names = list(self.sources["source"])
        self.overlap = pd.DataFrame(d["overlap"], index=names, columns=names)
        self.segments = {k: pd.DataFrame(v, columns=["value", "persons", "invisible", "unscoreable", "scoreable",
                                                     "scoreable_share", "unscoreable_share", "invisible_share"])
                         for k, v in d["segments"].items()}

    def __repr__(self):
        o = self.overall
        return ("credo coverage (rule %s): %d persons, scoreable %.2f%%, with records but not scoreable %.2f%%, "
                "invisible %.2f%%" % (self.rule, o["persons"], 100 * o["scoreable_share"],
                                     100 * o["unscoreable_share"], 100 * o["invisible_share"]))

    def _repr_html_(self):
        parts = ['<div class="credo-coverage"><h4>%s</h4>' % repr(self), self.sources.to_html(index=False)]
        for name, frame in self.segments.items():
            parts.append("<h5>by %s</h5>%s" % (name, frame.to_html(index=False)))
        return "".join(parts) + "</div>"


def report(records, rule="default", segments=()):
    """Coverage of `records` (credo.Records, or (persons, tradelines[, inquiries]) frames or
    paths) under `rule`, overall and by each persons column in `segments`."""
    r = records_of(records)
    return CoverageReport(r._core.coverage(str(rule), [str(s) for s in segments]))
