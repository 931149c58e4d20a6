"""credo for Python: scorecards in scikit-learn's idiom over credo's C++ core.

    import credo
    card = credo.Scorecard(exclude=["age", "personal_status"]).fit(X, y)
    card.score(X); card.predict_proba(X); card.reasons(X); card.save("card.json")
    credo.load_model("card.json")      # the CLI's model files
    records = credo.Records(persons, tradelines, inquiries)   # bureau records as DataFrames
    credo.coverage.report(records); credo.Engine(card, cutoff=600).decide(records)
"""
from ._credo import InvalidInput, IOError, NumericError, LogicError  # noqa: F401
from . import coverage, fairness, metrics  # noqa: F401
from .binning import BinningProcess  # noqa: F401
from .records import Decisions, Engine, Records  # noqa: F401
from .scorecard import Scorecard, load_model  # noqa: F401

__all__ = ["BinningProcess", "Scorecard", "load_model", "metrics", "fairness", "coverage",
           "Records", "Engine", "Decisions",
           "InvalidInput", "IOError", "NumericError", "LogicError"]
