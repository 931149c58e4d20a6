"""credo.fairness.assess: approval rates, disparity measures and tests per protected group
(include/credo/fairness/measures.hpp). An applicant is approved when the score is at or above
the cut-off (higher score = safer)."""
import numpy as np
import pandas as pd

from . import _credo
from ._frame import binary_target, label_of, raise_invalid


class FairnessReport:
    """groups: one row per group (rates with Wilson intervals); measures: each group against
    the reference (rows) for every disparity measure (columns); across: each measure over all
    groups (min/max or max − min); tests: the impact ratio's interval, four-fifths flag,
    Fisher, z and χ² p-values per group against the reference."""

    def __init__(self, groups, measures, across, tests, reference, below_four_fifths_across, cutoff):
        self.groups, self.measures, self.across, self.tests = groups, measures, across, tests
        self.reference, self.below_four_fifths_across, self.cutoff = reference, below_four_fifths_across, cutoff

    def _repr_html_(self):
        return ('<div class="credo-fairness"><h4>Fairness at cut-off %g (reference: %s)</h4>%s%s%s</div>'
                % (self.cutoff, self.reference, self.groups.to_html(index=False),
                   self.measures.to_html(), self.tests.to_html()))


def assess(groups, score, y, cutoff, reference=None, sample_weight=None, confidence=0.95, small_group=30):
    """groups: one label per row (a Series, list or array; missing labels are refused)."""
    labels = [label_of(v) for v in np.asarray(groups, dtype=object)]
    if any(l is None for l in labels):
        raise_invalid("credo.python.shape", "assess: a group label is missing at row %d" % labels.index(None))
    codes, names = pd.factorize(np.array(labels, dtype=object), sort=True)
    s = np.ascontiguousarray(np.asarray(score, dtype=np.float64))
    t = binary_target(y, s.shape[0])
    w = None if sample_weight is None else np.ascontiguousarray(np.asarray(sample_weight, dtype=np.float64))
    g, vs_ref, across, tests, ref, ff = _credo.fairness.assess(
        codes.astype(np.int32), [str(n) for n in names], s, t, w, float(cutoff), reference or "",
        float(confidence), int(small_group))
    names = [str(n) for n in names]
    return FairnessReport(pd.DataFrame(g), pd.DataFrame(vs_ref, index=names), pd.Series(across),
                          pd.DataFrame(tests, index=names), names[ref], ff, cutoff)
