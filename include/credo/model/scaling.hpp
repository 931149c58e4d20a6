// credo::model::scaling: the PDO scaling of scores, the one place its formulas live. Used by
// the scorecard, the batch scorer (compiled cards and linear models) and both engine bindings.
//
// Scaling (Siddiqi 2017, ch. 10; Anderson 2007, ch. 13; DESIGN.md), odds = good:bad:
//   Factor = PDO / ln 2,   Offset = BaseScore − Factor · ln(BaseOdds)
//   score  = Offset − Factor · η,   η = ln(pd / (1 − pd)) the log-odds of bad (bad = 1)
//   pd     = 1 / (1 + exp((score − Offset) / Factor))
// A score of BaseScore means odds BaseOdds:1, and every PDO points double the odds.
#pragma once

#include <credo/detail/text.hpp>
#include <credo/core/error.hpp>

#include <cmath>
#include <limits>
#include <string>

namespace credo::model {

/// PDO, base score and base odds, with the customary defaults (600 points at 50:1, PDO 20).
struct scaling {
  double pdo = 20;          ///< points to double the odds; finite and > 0
  double base_score = 600;  ///< the score at odds base_odds; finite
  double base_odds = 50;    ///< good:bad odds at base_score; finite and > 0

  /// Throws credo::invalid_input with the caller's id (credo.scorecard.bad_option for a card,
  /// credo.engine.bad_option for a compiled linear model), naming the parameter.
  void validate(const char* id) const {
    if (!(std::isfinite(pdo) && pdo > 0)) CREDO_THROW(invalid_input, id, "pdo = " + text(pdo) + " is not a finite number > 0");
    if (!std::isfinite(base_score)) CREDO_THROW(invalid_input, id, "base_score = " + text(base_score) + " is not finite");
    if (!(std::isfinite(base_odds) && base_odds > 0))
      CREDO_THROW(invalid_input, id, "base_odds = " + text(base_odds) + " is not a finite number > 0");
  }

  /// Factor = PDO / ln 2.
  double factor() const noexcept { return pdo / std::log(2.0); }
  /// Offset = BaseScore − Factor · ln(BaseOdds).
  double offset() const noexcept { return base_score - factor() * std::log(base_odds); }

  /// score = Offset − Factor · η.
  double score_from_log_odds(double eta) const noexcept { return offset() - factor() * eta; }
  /// η = (Offset − score) / Factor, the inverse of score_from_log_odds.
  double log_odds_from_score(double score) const noexcept { return (offset() - score) / factor(); }
  /// Probability of bad from a score: 1 / (1 + exp((score − Offset) / Factor)). For a card
  /// with rounded points it is the PD of the rounded score.
  double pd_from_score(double score) const noexcept { return pd_from_score(score, offset(), factor()); }
  /// Score from a probability of bad: Offset − Factor · ln(pd / (1 − pd)). NaN outside [0, 1].
  double score_from_pd(double pd) const noexcept {
    if (!(pd >= 0 && pd <= 1)) return std::numeric_limits<double>::quiet_NaN();
    return offset() - factor() * (std::log(pd) - std::log1p(-pd));
  }

  /// pd_from_score with Offset and Factor computed once by the caller (each is a log): a
  /// scorer on the hot path keeps them; the same operations, so the same bits.
  static double pd_from_score(double score, double offset, double factor) noexcept {
    return 1.0 / (1.0 + std::exp((score - offset) / factor));
  }

  friend bool operator==(const scaling&, const scaling&) = default;

private:
  static std::string text(double v) { return credo::detail::format_shortest(v); }
};

}  // namespace credo::model
