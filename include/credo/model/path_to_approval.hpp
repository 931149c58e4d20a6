// A path to approval: for a declined applicant, the smallest change in the characteristics the
// lender marks actionable that lifts an additive scorecard's score to the cut-off
// (docs/path_to_approval.md).
//
//   credo::model::path_to_approval<> explain(card, {.cutoff = 520, .actionable = {"duration"}});
//   auto p = explain(bins);      // one applicant's bin per characteristic (card order)
//   p.approved, p.reachable, p.changes[i] {characteristic, from, to, points}, p.new_score
//
// The change. Each actionable characteristic j keeps its bin or moves to one other target bin
// t: a regular bin (an interval, a category group), or a special value's bin when
// approval_options::special_targets; never the missing bin (nobody moves to "unknown"), and
// so never the unseen-category fallback where that is the missing bin (where it is a regular
// group, that group is reached through its own labels). A move gains
//   g_jt = p_j(t) − p_j(b_j)
// the points as scored (scorecard::scored_points), and costs its distance in bins
//   c_jt = |t − b_j|  between two intervals of a numeric characteristic (the ordered bins
//                     crossed: 24–36 months to 12–24 is one step, to 0–12 two),
//   c_jt = 1          for any other move (categories are unordered; a special value or the
//                     missing bin has no place on the axis).
// The applicant is approved when score + Σ g ≥ cut-off. Among the changes that reach it, the
// path minimises lexicographically
//   (1) Σ c_jt        the total distance moved: the smallest change,
//   (2) the number of characteristics changed (the first tie-break),
//   (3) −Σ g_jt       the most points gained (its second),
// and a tie left after these goes to the change the dynamic programme meets first
// (characteristics in card order, keeping before moving, lower target bins first).
// Why distance first: the issue names fewest characteristics and most points as the tie-breaks,
// so the primary measure is neither; the distance in bins is what "smallest change" says of
// an ordered characteristic (a loan two bands shorter is a larger change than one band), and
// it does not reward a large jump in one characteristic over two small ones.
//
// Exactness. The problem is a multiple-choice knapsack (one option per characteristic). The
// dynamic programme runs over the characteristics with the state (total cost C, changes K)
// and keeps the largest gain G(C, K) reachable with exactly that cost and count; every cost
// is a whole number and K ≤ the actionable characteristics, so the table is small (Σ_j max
// cost × actionable) and the search exhaustive: the answer is the smallest C, then the smallest
// K, with G(C, K) ≥ cut-off − score, and the gain G(C, K) is the largest for them. Moves of no
// gain (g ≤ 0) are never in an optimum (dropping one lowers the cost) and are left out; of the
// moves of one characteristic with the same cost only the best gain is kept (it dominates).
// tests/practice/test_path_to_approval.cpp checks the answer against brute-force enumeration
// on random cards. new_score is the changed bins rescored through the card's own evaluator
// (scorecard::score_bins), not the sum above; with rounded points (the default) the two are
// equal. With unrounded points (rounding none) a sum of differences may differ from the
// rescored score in the last bit: a path whose rescored score still falls short is searched
// again for the shortfall, so a reported path always reaches the cut-off as scored.
#pragma once

#include <credo/binning/bins.hpp>
#include <credo/core/error.hpp>
#include <credo/core/table.hpp>
#include <credo/detail/text.hpp>
#include <credo/model/scorecard.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace credo::model {

struct approval_options {
  /// Approve at or above this score (finite).
  double cutoff = 0;
  /// The characteristics the lender lets an applicant change, by name; empty: every one.
  std::vector<std::string> actionable;
  /// Whether a special value's bin is a target (default no: a special value codes a status,
  /// e.g. "no account", rather than a level a person moves to).
  bool special_targets = false;
};

/// One characteristic changed: its bin before and after, and the points gained.
struct bin_change {
  std::size_t characteristic = 0;
  std::size_t from = 0, to = 0;
  double points = 0;  ///< scored points of `to` − scored points of `from` (> 0)
  std::size_t steps = 0;  ///< the move's distance in bins (see the top of this file)
};

/// One applicant's answer.
struct approval_path {
  score_status status = score_status::ok;  ///< the applicant's score status; no path unless ok
  double score = std::numeric_limits<double>::quiet_NaN();
  bool approved = false;   ///< score ≥ cut-off already
  bool reachable = false;  ///< approved already, or a path was found
  std::vector<bin_change> changes;  ///< in card order; empty when approved or unreachable
  std::size_t steps = 0;            ///< Σ of the changes' steps
  double points = 0;                ///< Σ of the changes' points
  /// The changed bins rescored by the card (the score when approved, NaN without a path).
  double new_score = std::numeric_limits<double>::quiet_NaN();
};

/// The distance in bins of a move from bin `from` to bin `to` of `b` (see the top of this file).
inline std::size_t bin_steps(const binning::bins& b, std::size_t from, std::size_t to) noexcept {
  if (from == to) return 0;
  if (b.is_numeric() && from < b.regular() && to < b.regular()) return from < to ? to - from : from - to;
  return 1;
}

/// A value that falls in bin `bin` of `b`, as text a CSV cell holds: an interval's lower bound
/// (the first one's upper bound − 1), a special value, a group's first label; "" for the
/// missing bin. Rescoring a row with this value gives the bin (bins::bin_of).
inline std::string example_value(const binning::bins& b, std::size_t bin) {
  if (bin >= b.missing_bin()) return "";
  if (b.is_special_bin(bin)) return credo::detail::format_shortest(b.specials()[bin - b.regular()]);
  if (b.is_categorical()) return b.groups()[bin].front();
  if (b.cuts().empty()) return "0";
  return credo::detail::format_shortest(bin == 0 ? b.cuts().front() - 1 : b.cuts()[bin - 1]);
}

/// The exact path to approval of a scorecard (see the top of this file).
template <class Card = scorecard<>>
class path_to_approval {
public:
  /// Throws credo.scorecard.bad_cutoff (a cut-off not finite) and
  /// credo.scorecard.unknown_actionable (a name that is no characteristic of the card).
  path_to_approval(const Card& card, approval_options opt) : card_(&card), opt_(std::move(opt)) {
    if (!std::isfinite(opt_.cutoff))
      CREDO_THROW(invalid_input, "credo.scorecard.bad_cutoff",
                  "path to approval: the cut-off " + credo::detail::format_shortest(opt_.cutoff) + " is not finite");
    std::vector<std::uint8_t> on(card.size(), opt_.actionable.empty() ? 1 : 0);
    for (const auto& name : opt_.actionable) {
      const auto j = card.find(name);
      if (!j) {
        std::string known;
        for (const auto& c : card.characteristics()) known += (known.empty() ? "" : ", ") + c.name;
        CREDO_THROW(invalid_input, "credo.scorecard.unknown_actionable",
                    "actionable characteristic " + credo::detail::quoted(name) + " is not on the card (" + known + ")");
      }
      on[*j] = 1;
    }
    for (std::size_t j = 0; j < card.size(); ++j)
      if (on[j]) actionable_.push_back(j);
  }

  const approval_options& options() const noexcept { return opt_; }
  /// The actionable characteristics' indices, in card order.
  const std::vector<std::size_t>& actionable() const noexcept { return actionable_; }

  /// The path of one applicant given its bin per characteristic (card order). Throws
  /// credo.scorecard.size_mismatch (not one bin per characteristic); a bin out of range gives
  /// status bad_code, as scoring does.
  approval_path operator()(std::span<const std::uint32_t> bins) const {
    const Card& card = *card_;
    if (bins.size() != card.size())
      CREDO_THROW(invalid_input, "credo.scorecard.size_mismatch",
                  "path to approval: " + std::to_string(bins.size()) + " bins for " + std::to_string(card.size()) +
                      " characteristics");
    approval_path p;
    const auto r = card.score_bins(bins);
    p.status = r.status;
    if (!r.ok()) return p;
    p.score = static_cast<double>(r.score);
    p.approved = p.score >= opt_.cutoff;
    if (p.approved) {
      p.reachable = true;
      p.new_score = p.score;
      return p;
    }
    std::vector<std::uint32_t> changed(bins.begin(), bins.end());
    double need = opt_.cutoff - p.score;
    // At most a few rounds: the first one unless unrounded points leave the rescored score a
    // last bit short of the cut-off, when the shortfall is added to what is needed.
    for (int round = 0; round < 4; ++round) {
      std::vector<bin_change> changes;
      if (!search(bins, need, changes)) return p;
      std::copy(bins.begin(), bins.end(), changed.begin());
      for (const auto& c : changes) changed[c.characteristic] = static_cast<std::uint32_t>(c.to);
      const double rescored = static_cast<double>(card.score_bins(changed).score);
      if (rescored >= opt_.cutoff) {
        p.reachable = true;
        p.new_score = rescored;
        for (const auto& c : changes) {
          p.steps += c.steps;
          p.points += c.points;
        }
        p.changes = std::move(changes);
        return p;
      }
      need += opt_.cutoff - rescored;
    }
    return p;
  }

  /// The path of row `row` of a table whose columns are named like the characteristics.
  approval_path operator()(const table& t, std::size_t row) const {
    if (row >= t.rows())
      CREDO_THROW(invalid_input, "credo.table.row_out_of_range",
                  "row " + std::to_string(row) + " is past the table's " + std::to_string(t.rows()) + " rows");
    const auto codes = card_->bin_codes(t);
    std::vector<std::uint32_t> bins(card_->size());
    for (std::size_t j = 0; j < bins.size(); ++j) bins[j] = codes[j * t.rows() + row];
    return (*this)(bins);
  }

private:
  struct option {
    std::size_t to = 0, steps = 0;
    double gain = 0;
  };

  // The options of characteristic j from bin `from`: per cost, the target of largest gain > 0.
  std::vector<option> options_of(std::size_t j, std::size_t from) const {
    const auto& b = card_->characteristic(j).bins;
    const double now = static_cast<double>(card_->scored_points(j, from));
    std::vector<option> best;  // indexed by cost − 1
    const std::size_t last = opt_.special_targets ? b.missing_bin() : b.regular();
    for (std::size_t t = 0; t < last; ++t) {
      if (t == from) continue;
      const double g = static_cast<double>(card_->scored_points(j, t)) - now;
      if (!(g > 0)) continue;
      const std::size_t c = bin_steps(b, from, t);
      if (best.size() < c) best.resize(c, option{0, 0, 0});
      if (best[c - 1].steps == 0 || g > best[c - 1].gain) best[c - 1] = {t, c, g};
    }
    std::vector<option> out;
    for (const auto& o : best)
      if (o.steps > 0) out.push_back(o);
    return out;
  }

  // The lexicographic optimum (cost, changes, −gain) with gain ≥ need; false when none.
  bool search(std::span<const std::uint32_t> bins, double need, std::vector<bin_change>& changes) const {
    const std::size_t A = actionable_.size();
    std::vector<std::vector<option>> opts(A);
    std::size_t max_cost = 0;
    for (std::size_t a = 0; a < A; ++a) {
      const std::size_t j = actionable_[a];
      if (bins[j] >= card_->characteristic(j).bins.size()) continue;
      opts[a] = options_of(j, bins[j]);
      std::size_t m = 0;
      for (const auto& o : opts[a]) m = std::max(m, o.steps);
      max_cost += m;
    }
    const std::size_t W = max_cost + 1, K = A + 1;
    constexpr double none = -std::numeric_limits<double>::infinity();
    // gain[k·W + c]: the largest gain with exactly k changes of total cost c after the layers so
    // far; choice[a][k·W + c]: the option of layer a taken to get there (0 = keep, i + 1).
    std::vector<double> gain(K * W, none), next(K * W);
    gain[0] = 0;
    std::vector<std::vector<std::uint32_t>> choice(A, std::vector<std::uint32_t>(K * W, 0));
    for (std::size_t a = 0; a < A; ++a) {
      next = gain;  // keep: ties go to keeping (fewer changes come from the same state)
      for (std::size_t k = 1; k <= a + 1 && k < K; ++k)
        for (std::size_t i = 0; i < opts[a].size(); ++i) {
          const auto& o = opts[a][i];
          for (std::size_t c = o.steps; c < W; ++c) {
            const double from = gain[(k - 1) * W + c - o.steps];
            if (from == none) continue;
            const double g = from + o.gain;
            if (g > next[k * W + c]) {
              next[k * W + c] = g;
              choice[a][k * W + c] = static_cast<std::uint32_t>(i + 1);
            }
          }
        }
      gain.swap(next);
    }
    for (std::size_t c = 1; c < W; ++c)
      for (std::size_t k = 1; k < K; ++k) {
        if (!(gain[k * W + c] >= need)) continue;
        // Walk back through the layers.
        std::size_t kk = k, cc = c;
        changes.clear();
        for (std::size_t a = A; a-- > 0;) {
          const auto ch = choice[a][kk * W + cc];
          if (ch == 0) continue;
          const auto& o = opts[a][ch - 1];
          const std::size_t j = actionable_[a];
          changes.push_back({j, bins[j], o.to, o.gain, o.steps});
          kk -= 1;
          cc -= o.steps;
        }
        std::reverse(changes.begin(), changes.end());
        return true;
      }
    return false;
  }

  const Card* card_;
  approval_options opt_;
  std::vector<std::size_t> actionable_;
};

}  // namespace credo::model
