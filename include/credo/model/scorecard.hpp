// credo::model::scorecard: points per bin of each characteristic under PDO scaling, scores,
// PD ↔ score, missing-value policies and reason codes. Formulas and sources: docs/scorecard.md.
//
//   auto card = credo::model::scorecard<>::from_tables(tables, logit);     // bins + WoE + model
//   card.print(std::cout);                                                 // the points table
//   credo::model::reason_code why[4];
//   auto r = card.score(t, row, why);   // r.score, r.status, r.reasons codes in why[0..)
//
// A scorecard is built once from each characteristic's bins (credo::binning::bins), the WoE
// per bin and the logistic model's coefficient, plus the intercept; construction validates
// everything and throws credo::invalid_input (ids credo.scorecard.*). Scoring never throws
// per row: a row that cannot be scored gets a score_status and a NaN score.
#pragma once

#include <credo/binning/binning_table.hpp>
#include <credo/binning/bins.hpp>
#include <credo/core/error.hpp>
#include <credo/detail/text.hpp>
#include <credo/core/table.hpp>
#include <credo/fwd.hpp>
#include <credo/model/flat_card.hpp>
#include <credo/model/reason_codes.hpp>
#include <credo/model/scaling.hpp>
#include <credo/model/scorecard_policies.hpp>

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>
#include <ostream>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace credo::model {

/// One applicant's value of one characteristic: a number (NaN = missing) or a label
/// ("" = missing). A view: a label must outlive the call it is passed to.
class input {
public:
  template <class T>
    requires std::is_arithmetic_v<T>
  input(T x) noexcept : number_(static_cast<double>(x)) {}  // NOLINT: implicit by design
  input(std::string_view label) noexcept : label_(label), is_label_(true) {}
  input(const char* label) noexcept : label_(label), is_label_(true) {}
  input(const std::string& label) noexcept : label_(label), is_label_(true) {}
  static input missing() noexcept { return input(std::numeric_limits<double>::quiet_NaN()); }

  bool is_label() const noexcept { return is_label_; }
  double number() const noexcept { return number_; }
  std::string_view label() const noexcept { return label_; }

private:
  double number_ = std::numeric_limits<double>::quiet_NaN();
  std::string_view label_;
  bool is_label_ = false;
};

/// One line of the printable points table.
struct points_row {
  std::string characteristic;
  std::string bin;
  double woe = 0;
  double points = 0;
};

/// One characteristic of a card, as given to the constructor.
struct characteristic_spec {
  std::string name;
  binning::bins bins;
  std::vector<double> woe;      ///< per bin, bins.size() values
  double coefficient = 0;       ///< β_j of the logistic model on WoE_j
  std::vector<double> weights;  ///< training weight per bin (optional; for mean baselines)
  /// The zero-cell rule that made `woe` (binning_table::zero_cells); model files record it.
  binning::zero_cell_rule zero_cells = binning::zero_cell_rule::half;
};

/// A training score histogram kept with the card (for later PSI): counts[i] scores fell in
/// [edges[i], edges[i+1]). Edges strictly increasing (±inf allowed at the ends), counts ≥ 0.
struct score_distribution {
  std::vector<double> edges;
  std::vector<double> counts;
  friend bool operator==(const score_distribution&, const score_distribution&) = default;
};

/// A scorecard of Real points (float or double). Rounding and missing handling are run-time
/// options (scorecard_options::rounding, ::missing), stored in model files.
template <class Real>
class scorecard {
  static_assert(std::is_floating_point_v<Real>, "scorecard: Real must be float or double");

public:
  using real_type = Real;
  using result_type = basic_score_result<Real>;

  scorecard() = default;

  /// Builds the card. Throws credo::invalid_input: credo.scorecard.empty (no characteristic),
  /// .bad_option (scaling, rounding, missing or reason options), .duplicate_characteristic,
  /// .size_mismatch (WoE, weights or given baselines of the wrong length), .not_finite (a WoE,
  /// coefficient, weight, baseline or the intercept NaN or infinite), .bad_weight
  /// (negative), .no_weights (mean baselines without training weights).
  scorecard(std::vector<characteristic_spec> characteristics, double intercept,
            scorecard_options options = {})
      : chars_(std::move(characteristics)), intercept_(intercept), options_(std::move(options)) {
    validate();
    build();
  }

  /// From binning tables (bins, WoE and training weights per bin), one coefficient per table
  /// in the same order, and the intercept.
  static scorecard from_tables(const std::vector<binning::binning_table>& tables,
                               std::span<const double> coefficients, double intercept,
                               scorecard_options options = {}) {
    if (coefficients.size() != tables.size())
      CREDO_THROW(invalid_input, "credo.scorecard.size_mismatch",
                  std::to_string(coefficients.size()) + " coefficients for " +
                      std::to_string(tables.size()) + " binning tables");
    std::vector<characteristic_spec> specs;
    specs.reserve(tables.size());
    for (std::size_t j = 0; j < tables.size(); ++j) specs.push_back(spec_of(tables[j], coefficients[j]));
    return scorecard(std::move(specs), intercept, std::move(options));
  }

  /// From binning tables and a fitted logistic model on their WoE columns, e.g.
  /// credo::model::logistic_regression: anything with intercept() and coefficient(name),
  /// where each table's column name is a feature name of the model.
  template <class Model>
    requires requires(const Model& m, std::string_view s) {
      { m.intercept() } -> std::convertible_to<double>;
      { m.coefficient(s) } -> std::convertible_to<double>;
    }
  static scorecard from_tables(const std::vector<binning::binning_table>& tables, const Model& model,
                               scorecard_options options = {}) {
    std::vector<characteristic_spec> specs;
    specs.reserve(tables.size());
    for (const auto& t : tables)
      specs.push_back(spec_of(t, static_cast<double>(model.coefficient(t.column()))));
    return scorecard(std::move(specs), static_cast<double>(model.intercept()), std::move(options));
  }

  // --- the card ----------------------------------------------------------------------------

  std::size_t size() const noexcept { return chars_.size(); }
  const characteristic_spec& characteristic(std::size_t j) const { return chars_.at(j); }
  const std::vector<characteristic_spec>& characteristics() const noexcept { return chars_; }
  /// Index of the characteristic called `name`, or nullopt.
  std::optional<std::size_t> find(std::string_view name) const noexcept {
    for (std::size_t j = 0; j < chars_.size(); ++j)
      if (chars_[j].name == name) return j;
    return std::nullopt;
  }
  double intercept() const noexcept { return intercept_; }
  const scorecard_options& options() const noexcept { return options_; }
  /// The card's scaling (pdo, base_score, base_odds): options() as a credo::model::scaling.
  const model::scaling& scale() const noexcept { return options_; }
  /// Factor = PDO / ln 2 (scaling::factor).
  double factor() const noexcept { return scale().factor(); }
  /// Offset = BaseScore − Factor · ln(BaseOdds) (scaling::offset).
  double offset() const noexcept { return scale().offset(); }

  /// Points per bin of characteristic j, after rounding (what scores add up).
  const std::vector<Real>& points(std::size_t j) const { return points_.at(j); }
  /// Points per bin before rounding.
  const std::vector<double>& unrounded_points(std::size_t j) const { return unrounded_.at(j); }
  /// How points are rounded and what a missing value scores (options().rounding, .missing).
  rounding_method rounding() const noexcept { return options_.rounding; }
  missing_action missing() const noexcept { return options_.missing; }

  /// Points of a bin as scored: under missing_action::worst the missing bin scores the lowest points.
  Real scored_points(std::size_t j, std::size_t bin) const { return effective_.at(j).at(bin); }
  /// The card compiled into its flat form, which every score goes through.
  const flat_card<Real>& flat() const noexcept { return flat_; }
  /// The base-points line (0 with intercept_points::spread).
  Real base_points() const noexcept { return base_; }
  double unrounded_base_points() const noexcept { return unrounded_base_; }
  /// The reason-code baseline of each characteristic.
  const std::vector<Real>& baselines() const noexcept { return baseline_; }

  /// Lowest and highest attainable scores (every combination of bins is attainable).
  Real min_score() const noexcept { return extreme(false); }
  Real max_score() const noexcept { return extreme(true); }

  /// The points table: one row per bin of every characteristic (and the base points line
  /// "(base points)" with intercept_points::separate).
  std::vector<points_row> points_table() const {
    std::vector<points_row> rows;
    for (std::size_t j = 0; j < chars_.size(); ++j)
      for (std::size_t b = 0; b < chars_[j].bins.size(); ++b)
        rows.push_back({chars_[j].name, chars_[j].bins.label(b), chars_[j].woe[b],
                        static_cast<double>(points_[j][b])});
    if (options_.intercept == intercept_points::separate)
      rows.push_back({"(base points)", "", 0.0, static_cast<double>(base_)});
    return rows;
  }

  /// Prints the points table as aligned text columns.
  void print(std::ostream& os) const {
    const auto rows = points_table();
    std::size_t wc = 14, wb = 3;
    for (const auto& r : rows) {
      wc = std::max(wc, r.characteristic.size());
      wb = std::max(wb, r.bin.size());
    }
    auto pad = [](std::string s, std::size_t w) { return s.size() < w ? s + std::string(w - s.size(), ' ') : s; };
    os << pad("characteristic", wc) << "  " << pad("bin", wb) << "  " << pad("WoE", 10) << "  points\n";
    char buf[64];
    for (const auto& r : rows) {
      std::snprintf(buf, sizeof buf, "%10.6f  %.6g", r.woe, r.points);
      os << pad(r.characteristic, wc) << "  " << pad(r.bin, wb) << "  " << buf << '\n';
    }
  }
  std::string to_string() const {
    std::ostringstream os;
    print(os);
    return os.str();
  }

  // --- scores and probabilities ------------------------------------------------------------

  /// Score from a probability of bad: Offset − Factor · ln(pd / (1 − pd)). NaN outside [0, 1].
  double score_from_pd(double pd) const noexcept { return scale().score_from_pd(pd); }
  /// Probability of bad from a score: 1 / (1 + exp((score − Offset) / Factor)), the inverse
  /// of score_from_pd. For a card with rounded points it is the PD of the rounded score.
  double pd_from_score(double score) const noexcept { return scale().pd_from_score(score); }

  // --- scoring one applicant ---------------------------------------------------------------

  /// Scores pre-binned codes, one per characteristic (bin index as in credo::binning::bins).
  /// Reason codes go to `reasons` (at most min(reasons.size(), max_reasons) of them).
  result_type score_bins(std::span<const std::uint32_t> bins, std::span<reason_code> reasons = {}) const noexcept {
    if (bins.size() != chars_.size()) return failed(score_status::bad_code, static_cast<std::uint32_t>(bins.size()));
    return score_with([&](std::size_t j) { return static_cast<std::size_t>(bins[j]); }, reasons);
  }

  /// Scores one applicant's values, one per characteristic in card order.
  result_type score(std::span<const input> values, std::span<reason_code> reasons = {}) const noexcept {
    if (values.size() != chars_.size()) return failed(score_status::bad_code, static_cast<std::uint32_t>(values.size()));
    // A number is binned by the flat form itself, with nothing read of chars_ (the count of
    // cut points at or below it, as bins::bin_of's upper_bound, without its branches; for a
    // categorical characteristic its unseen fallback, or missing for NaN); a label by
    // bins::bin_of.
    return flat_.score_row(
        [&](std::size_t j, Real& v, std::uint32_t& bin) noexcept {
          const input& x = values[j];
          if (!x.is_label()) [[likely]] return flat_.number_point(j, x.number(), v, bin);
          return flat_.bin_point(j, bin_of(j, x), v, bin);
        },
        reasons);
  }
  result_type score(std::initializer_list<input> values, std::span<reason_code> reasons = {}) const noexcept {
    return score(std::span<const input>(values.begin(), values.size()), reasons);
  }

  /// Scores row `row` of a table whose columns are named like the characteristics.
  /// Throws credo.scorecard.unknown_column / wrong_kind (a schema error, not a row error) and
  /// credo.table.row_out_of_range.
  result_type score(const table& t, std::size_t row, std::span<reason_code> reasons = {}) const {
    if (row >= t.rows())
      CREDO_THROW(invalid_input, "credo.table.row_out_of_range",
                  "row " + std::to_string(row) + " is past the table's " + std::to_string(t.rows()) + " rows");
    std::vector<const column*> cols = columns_of(t);
    return score_with([&](std::size_t j) { return bin_of_cell(j, *cols[j], row); }, reasons);
  }

  /// Scores every row of a table (no reason codes).
  std::vector<result_type> score(const table& t) const {
    const auto codes = bin_codes(t);
    std::vector<result_type> out(t.rows());
    std::vector<std::uint32_t> row(chars_.size());
    for (std::size_t r = 0; r < t.rows(); ++r) {
      for (std::size_t j = 0; j < chars_.size(); ++j) row[j] = codes[j * t.rows() + r];
      out[r] = score_bins(row);
    }
    return out;
  }

  /// The bin of every cell: column-major, codes[j · rows + r] is row r's bin of characteristic j.
  std::vector<std::uint32_t> bin_codes(const table& t) const {
    std::vector<const column*> cols = columns_of(t);
    std::vector<std::uint32_t> codes(chars_.size() * t.rows());
    for (std::size_t j = 0; j < chars_.size(); ++j) {
      const column& c = *cols[j];
      std::uint32_t* out = codes.data() + j * t.rows();
      if (c.is_numeric()) {
        for (std::size_t r = 0; r < t.rows(); ++r)
          out[r] = static_cast<std::uint32_t>(chars_[j].bins.bin_of(c.values()[r]));
      } else {
        std::vector<std::uint32_t> of_code(c.dictionary().size());
        for (std::size_t k = 0; k < of_code.size(); ++k)
          of_code[k] = static_cast<std::uint32_t>(chars_[j].bins.bin_of(std::string_view(c.dictionary()[k])));
        const auto miss = static_cast<std::uint32_t>(chars_[j].bins.bin_of(std::string_view()));
        for (std::size_t r = 0; r < t.rows(); ++r) {
          const auto k = c.codes()[r];
          out[r] = k == column::missing_code ? miss : of_code[static_cast<std::size_t>(k)];
        }
      }
    }
    return codes;
  }

  /// The bin of value v of characteristic j (bins::bin_of: NaN/"" → missing, unseen labels →
  /// the unseen fallback; a label for a numeric characteristic → missing, a number for a
  /// categorical one → its unseen fallback).
  std::size_t bin_of(std::size_t j, const input& v) const noexcept {
    const auto& b = chars_[j].bins;
    return v.is_label() ? b.bin_of(v.label()) : b.bin_of(v.number());
  }

  /// "checking_status = {<0} (−23.4 points below baseline)".
  std::string describe(const reason_code& r) const {
    const auto& c = chars_.at(r.characteristic);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", r.points_below);
    return c.name + " = " + c.bins.label(r.bin) + " (" + buf + " points below baseline)";
  }

  // --- training score distribution (optional, kept in model files) --------------------------

  /// Keeps a training score histogram. Throws credo.scorecard.bad_distribution.
  void set_score_distribution(score_distribution d) {
    if (d.edges.size() < 2 || d.counts.size() + 1 != d.edges.size())
      CREDO_THROW(invalid_input, "credo.scorecard.bad_distribution",
                  "score distribution: " + std::to_string(d.counts.size()) + " counts need " +
                      std::to_string(d.counts.size() + 1) + " edges, got " + std::to_string(d.edges.size()) +
                      " (at least 2)");
    for (std::size_t i = 0; i < d.edges.size(); ++i)
      if (std::isnan(d.edges[i]) || (i > 0 && !(d.edges[i - 1] < d.edges[i])))
        CREDO_THROW(invalid_input, "credo.scorecard.bad_distribution",
                    "score distribution: edge " + std::to_string(i) + " is NaN or not above the previous edge");
    for (std::size_t i = 0; i < d.counts.size(); ++i)
      if (!(std::isfinite(d.counts[i]) && d.counts[i] >= 0))
        CREDO_THROW(invalid_input, "credo.scorecard.bad_distribution",
                    "score distribution: count " + std::to_string(i) + " is not a finite number >= 0");
    distribution_ = std::move(d);
  }
  const std::optional<score_distribution>& training_distribution() const noexcept { return distribution_; }

  /// Equal cards: same characteristics, intercept, options, points and distribution.
  friend bool operator==(const scorecard& a, const scorecard& b) {
    if (a.chars_.size() != b.chars_.size() || a.intercept_ != b.intercept_) return false;
    for (std::size_t j = 0; j < a.chars_.size(); ++j) {
      const auto &x = a.chars_[j], &y = b.chars_[j];
      if (x.name != y.name || !(x.bins == y.bins) || x.woe != y.woe || x.coefficient != y.coefficient ||
          x.weights != y.weights || x.zero_cells != y.zero_cells)
        return false;
    }
    const auto &o = a.options_, &p = b.options_;
    return a.scale() == b.scale() && o.intercept == p.intercept && o.rounding == p.rounding && o.missing == p.missing && o.reasons.max_reasons == p.reasons.max_reasons &&
           o.reasons.baseline == p.reasons.baseline && o.reasons.given == p.reasons.given &&
           a.points_ == b.points_ && a.base_ == b.base_ && a.distribution_ == b.distribution_;
  }

private:
  static characteristic_spec spec_of(const binning::binning_table& t, double coefficient) {
    characteristic_spec s;
    s.name = t.column();
    s.bins = t.bins();
    s.coefficient = coefficient;
    s.zero_cells = t.zero_cells();
    for (const auto& r : t.rows()) {
      s.woe.push_back(r.woe);
      s.weights.push_back(r.goods + r.bads);
    }
    return s;
  }

  [[noreturn]] static void bad(const char* id, const std::string& what) { CREDO_THROW(invalid_input, id, what); }

  void validate() const {
    const auto& o = options_;
    o.validate("credo.scorecard.bad_option");
    if (!credo::detail::enum_from_name<rounding_method>(model::to_string(o.rounding)))
      bad("credo.scorecard.bad_option", "rounding = " + std::to_string(static_cast<int>(o.rounding)) +
                                            " is not one of " + credo::detail::enum_name_list<rounding_method>());
    if (!credo::detail::enum_from_name<missing_action>(model::to_string(o.missing)))
      bad("credo.scorecard.bad_option", "missing = " + std::to_string(static_cast<int>(o.missing)) +
                                            " is not one of " + credo::detail::enum_name_list<missing_action>());
    if (chars_.empty()) bad("credo.scorecard.empty", "a scorecard needs at least one characteristic");
    if (!std::isfinite(intercept_))
      bad("credo.scorecard.not_finite", "the intercept is " + credo::detail::format_shortest(intercept_));
    for (std::size_t j = 0; j < chars_.size(); ++j) {
      const auto& c = chars_[j];
      const std::string where = "characteristic " + credo::detail::quoted(c.name);
      for (std::size_t i = 0; i < j; ++i)
        if (chars_[i].name == c.name) bad("credo.scorecard.duplicate_characteristic", where + " is named twice");
      if (c.woe.size() != c.bins.size())
        bad("credo.scorecard.size_mismatch", where + ": " + std::to_string(c.woe.size()) + " WoE values for " +
                                                 std::to_string(c.bins.size()) + " bins");
      if (!c.weights.empty() && c.weights.size() != c.bins.size())
        bad("credo.scorecard.size_mismatch", where + ": " + std::to_string(c.weights.size()) + " weights for " +
                                                 std::to_string(c.bins.size()) + " bins");
      if (!std::isfinite(c.coefficient))
        bad("credo.scorecard.not_finite", where + ": the coefficient is " + credo::detail::format_shortest(c.coefficient));
      for (std::size_t b = 0; b < c.woe.size(); ++b)
        if (!std::isfinite(c.woe[b]))
          bad("credo.scorecard.not_finite", where + ", bin " + std::to_string(b) + ": WoE is " +
                                                credo::detail::format_shortest(c.woe[b]));
      for (std::size_t b = 0; b < c.weights.size(); ++b) {
        if (std::isnan(c.weights[b]) || std::isinf(c.weights[b]))
          bad("credo.scorecard.not_finite", where + ", bin " + std::to_string(b) + ": the weight is not finite");
        if (c.weights[b] < 0)
          bad("credo.scorecard.bad_weight", where + ", bin " + std::to_string(b) + ": the weight is negative");
      }
    }
    const auto& r = o.reasons;
    if (r.baseline == baseline_method::given) {
      if (r.given.size() != chars_.size())
        bad("credo.scorecard.size_mismatch", std::to_string(r.given.size()) + " given baselines for " +
                                                 std::to_string(chars_.size()) + " characteristics");
      for (std::size_t j = 0; j < r.given.size(); ++j)
        if (!std::isfinite(r.given[j]))
          bad("credo.scorecard.not_finite", "given baseline " + std::to_string(j) + " is not finite");
    }
    if (r.baseline == baseline_method::mean_points)
      for (const auto& c : chars_) {
        double w = 0;
        for (double x : c.weights) w += x;
        if (!(w > 0))
          bad("credo.scorecard.no_weights", "characteristic " + credo::detail::quoted(c.name) +
                                                ": mean-points baselines need training weights per bin");
      }
  }

  void build() {
    const double f = factor(), off = offset();
    const auto n = static_cast<double>(chars_.size());
    const bool spread = options_.intercept == intercept_points::spread;
    std::vector<std::vector<double>> lines(chars_.size() + (spread ? 0 : 1));
    for (std::size_t j = 0; j < chars_.size(); ++j) {
      const auto& c = chars_[j];
      for (double w : c.woe)
        lines[j].push_back(spread ? -(c.coefficient * w + intercept_ / n) * f + off / n : -(c.coefficient * w) * f);
    }
    unrounded_.assign(lines.begin(), lines.begin() + static_cast<std::ptrdiff_t>(chars_.size()));
    unrounded_base_ = spread ? 0.0 : off - intercept_ * f;
    if (!spread) lines.back() = {unrounded_base_};
    apply_rounding(options_.rounding, lines);
    base_ = spread ? Real(0) : static_cast<Real>(lines.back()[0]);
    points_.assign(chars_.size(), {});
    effective_.assign(chars_.size(), {});
    baseline_.assign(chars_.size(), Real(0));
    for (std::size_t j = 0; j < chars_.size(); ++j) {
      for (double p : lines[j]) points_[j].push_back(static_cast<Real>(p));
      effective_[j] = points_[j];
      const Real lo = *std::min_element(points_[j].begin(), points_[j].end());
      const Real hi = *std::max_element(points_[j].begin(), points_[j].end());
      if (options_.missing == missing_action::worst) effective_[j].back() = lo;
      switch (options_.reasons.baseline) {
        case baseline_method::max_points: baseline_[j] = hi; break;
        case baseline_method::given: baseline_[j] = static_cast<Real>(options_.reasons.given[j]); break;
        case baseline_method::mean_points: {
          double s = 0, w = 0;
          for (std::size_t b = 0; b < points_[j].size(); ++b) {
            s += chars_[j].weights[b] * static_cast<double>(points_[j][b]);
            w += chars_[j].weights[b];
          }
          baseline_[j] = static_cast<Real>(s / w);
          break;
        }
      }
    }
    // The flat form every score goes through (flat_card.hpp).
    flat_ = flat_card<Real>();
    flat_.start(base_, options_.reasons.max_reasons, scale());
    for (std::size_t j = 0; j < chars_.size(); ++j)
      flat_.add_binned(chars_[j].name, chars_[j].bins, effective_[j], baseline_[j],
                       options_.missing == missing_action::error);
  }

  Real extreme(bool high) const noexcept {
    Real s = base_;
    for (const auto& p : effective_) {
      // Under missing_action::worst the missing bin scores the minimum, so the extremes are those
      // of the regular, special and (as scored) missing bins alike.
      s += high ? *std::max_element(p.begin(), p.end()) : *std::min_element(p.begin(), p.end());
    }
    return s;
  }

  result_type failed(score_status s, std::uint32_t j) const noexcept {
    result_type r;
    r.status = s;
    r.characteristic = j;
    return r;
  }

  /// The single-row kernel of the flat form (flat_card::score_row) on the bins bin_of_j(j):
  /// Σ of the scored points in characteristic order from the base points, as every path.
  template <class BinOf>
  result_type score_with(BinOf&& bin_of_j, std::span<reason_code> reasons) const noexcept {
    return flat_.score_row(
        [&](std::size_t j, Real& v, std::uint32_t& bin) noexcept { return flat_.bin_point(j, bin_of_j(j), v, bin); },
        reasons);
  }

  std::vector<const column*> columns_of(const table& t) const {
    std::vector<const column*> cols(chars_.size());
    for (std::size_t j = 0; j < chars_.size(); ++j) {
      const auto i = t.find(chars_[j].name);
      if (!i)
        CREDO_THROW(invalid_input, "credo.scorecard.unknown_column",
                    "characteristic " + credo::detail::quoted(chars_[j].name) + " has no column in the table");
      cols[j] = &t.at(*i);
      if (cols[j]->kind() != chars_[j].bins.kind())
        CREDO_THROW(invalid_input, "credo.scorecard.wrong_kind",
                    "characteristic " + credo::detail::quoted(chars_[j].name) + " is " +
                        credo::to_string(chars_[j].bins.kind()) + ", its column is " + credo::to_string(cols[j]->kind()));
    }
    return cols;
  }

  std::size_t bin_of_cell(std::size_t j, const column& c, std::size_t row) const noexcept {
    const auto& b = chars_[j].bins;
    if (c.is_numeric()) return b.bin_of(c.values()[row]);
    const auto k = c.codes()[row];
    if (k == column::missing_code) return b.bin_of(std::string_view());
    return b.bin_of(std::string_view(c.dictionary()[static_cast<std::size_t>(k)]));
  }

  std::vector<characteristic_spec> chars_;
  double intercept_ = 0;
  scorecard_options options_;
  std::vector<std::vector<double>> unrounded_;
  double unrounded_base_ = 0;
  std::vector<std::vector<Real>> points_;
  std::vector<std::vector<Real>> effective_;
  std::vector<Real> baseline_;
  Real base_ = 0;
  flat_card<Real> flat_;
  std::optional<score_distribution> distribution_;
};

}  // namespace credo::model
