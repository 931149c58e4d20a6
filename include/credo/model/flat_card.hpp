// credo::model::flat_card: the one evaluator. A scorecard compiles once into this flat form
// (every characteristic a term: offsets into shared arrays of points per bin, cut points as
// double and as float, special values, the bin of each category code, its reason baseline,
// and whether its missing bin is an error), and every score is summed by its single-row
// kernel score_row: scorecard::score (all overloads), batch_scorer::score_one / score_one_bins
// and the engine's scorecard binding. The batch scorer (engine/batch_scorer.hpp) wraps the
// flat form with the block kernel; the plain-card fast path is detail/kernels/plain_card.hpp,
// checked against this kernel.
//
// A score is base + Σ_j points_j, summed in characteristic order, and the reasons are offered
// to a reason_ranker in the same order (PMML pointsBelow, baseline_j − points_j): the same
// operations on every path, so the same bits. A linear term (a logistic model on a raw
// column, batch_scorer::linear) adds weight_j · x_j and offers no reason.
#pragma once

#include <credo/binning/bins.hpp>
#include <credo/model/reason_codes.hpp>
#include <credo/model/scaling.hpp>
#include <credo/model/scorecard_policies.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace credo::model {

/// The result of scoring one applicant.
template <class Real>
struct basic_score_result {
  Real score = std::numeric_limits<Real>::quiet_NaN();  ///< NaN unless status == ok
  score_status status = score_status::ok;
  std::uint32_t characteristic = 0;  ///< the first characteristic that failed (status != ok)
  std::uint32_t reasons = 0;         ///< reason codes written to the caller's buffer
  bool ok() const noexcept { return status == score_status::ok; }
};

template <class Real>
class flat_card {
  static_assert(std::is_floating_point_v<Real>, "flat_card: Real must be float or double");

public:
  using real_type = Real;
  using result_type = basic_score_result<Real>;

  flat_card() = default;

  /// The same card with points, baselines and weights converted to Real (a double card
  /// compiled for float scoring).
  template <class R>
  explicit flat_card(const flat_card<R>& o)
      : names_(o.names_), cuts_d_(o.cuts_d_), cuts_f_(o.cuts_f_), specials_d_(o.specials_d_),
        specials_f_(o.specials_f_), cat_bin_(o.cat_bin_), labels_(o.labels_), base_(static_cast<Real>(o.base_)),
        max_reasons_(o.max_reasons_), scale_(o.scale_), factor_(o.factor_), offset_(o.offset_),
        has_linear_(o.has_linear_) {
    for (const auto& t : o.terms_) {
      term u;
      u.kind = static_cast<term_kind>(static_cast<std::uint8_t>(t.kind));
      u.missing_is_error = t.missing_is_error;
      u.point_begin = t.point_begin, u.n_bins = t.n_bins, u.n_regular = t.n_regular;
      u.cut_begin = t.cut_begin, u.n_cuts = t.n_cuts, u.special_begin = t.special_begin, u.n_specials = t.n_specials;
      u.cat_begin = t.cat_begin, u.n_cats = t.n_cats, u.unseen_bin = t.unseen_bin;
      u.weight = static_cast<Real>(t.weight);
      terms_.push_back(u);
    }
    for (const auto& r : o.ranges_) ranges_.push_back({r.point_begin, r.n_bins, r.scored});
    for (auto p : o.points_) points_.push_back(static_cast<Real>(p));
    for (auto b : o.baseline_) baseline_.push_back(static_cast<Real>(b));
  }

  // --- building ------------------------------------------------------------------------------

  /// The base points, the most reasons per applicant and the scaling.
  void start(Real base, std::size_t max_reasons, const scaling& scale) {
    base_ = base;
    max_reasons_ = max_reasons;
    scale_ = scale;
    factor_ = scale.factor();
    offset_ = scale.offset();
  }

  /// A characteristic binned by `bins` (numeric: cut points and special values; categorical:
  /// label groups and the unseen fallback), its scored points per bin and its baseline.
  void add_binned(std::string name, const binning::bins& bins, std::span<const Real> scored_points, Real baseline,
                  bool missing_is_error) {
    term t;
    t.kind = bins.is_numeric() ? term_kind::binned : term_kind::categorical;
    t.missing_is_error = missing_is_error;
    t.point_begin = points_.size();
    t.n_bins = bins.size();
    t.n_regular = bins.regular();
    points_.insert(points_.end(), scored_points.begin(), scored_points.end());
    if (t.kind == term_kind::binned) {
      t.cut_begin = cuts_d_.size();
      t.n_cuts = bins.cuts().size();
      for (double cut : bins.cuts()) {
        cuts_d_.push_back(cut);
        cuts_f_.push_back(float_at_least(cut));
      }
      t.special_begin = specials_d_.size();
      t.n_specials = bins.specials().size();
      for (double sp : bins.specials()) {
        specials_d_.push_back(sp);
        const auto f = static_cast<float>(sp);
        // A special value no float equals can never match a float input.
        specials_f_.push_back(static_cast<double>(f) == sp ? f : std::numeric_limits<float>::quiet_NaN());
      }
    } else {
      t.cat_begin = cat_bin_.size();
      for (std::size_t g = 0; g < bins.groups().size(); ++g)
        for (const auto& label : bins.groups()[g]) {
          cat_bin_.push_back(static_cast<std::uint32_t>(g));
          labels_.push_back(label);
        }
      t.n_cats = cat_bin_.size() - t.cat_begin;
      t.unseen_bin = bins.unseen_bin();
    }
    baseline_.push_back(baseline);
    names_.push_back(std::move(name));
    ranges_.push_back({t.point_begin, t.n_bins, missing_is_error ? t.n_bins - 1 : t.n_bins});
    terms_.push_back(t);
  }

  /// A linear term on a raw numeric column: weight · x, no reason.
  void add_linear(std::string name, Real weight) {
    term t;
    t.kind = term_kind::linear;
    t.weight = weight;
    has_linear_ = true;
    ranges_.push_back({points_.size(), 0, 0});  // no bin: every code is bad_code
    terms_.push_back(t);
    baseline_.push_back(Real(0));
    names_.push_back(std::move(name));
  }

  // --- the card --------------------------------------------------------------------------------

  std::size_t size() const noexcept { return terms_.size(); }
  std::size_t max_reasons() const noexcept { return max_reasons_; }
  Real base_points() const noexcept { return base_; }
  const scaling& scale() const noexcept { return scale_; }

  // --- the single-row kernel -------------------------------------------------------------------

  /// base + Σ_j v_j in characteristic order, where point(j, v_j, bin_j) gives term j's points
  /// and bin (or a status other than ok: the row fails at the first such j), and the reasons
  /// offered in the same order (baseline_j − v_j as doubles; none for a linear term).
  template <class Point>
  [[gnu::always_inline]] inline result_type score_row(const Point& point, std::span<reason_code> reasons) const noexcept {
    Real s = base_;
    reason_ranker rank(reasons, max_reasons_);
    const bool linear = has_linear_;
    const Real* baseline = baseline_.data();
    const std::size_t m = terms_.size();
    for (std::size_t j = 0; j < m; ++j) {
      Real v = 0;
      std::uint32_t bin = 0;
      const score_status st = point(j, v, bin);
      if (st != score_status::ok) [[unlikely]]
        return failed(st, static_cast<std::uint32_t>(j));
      s += v;
      if (!linear || terms_[j].kind != term_kind::linear)
        rank.offer(static_cast<std::uint32_t>(j), bin, static_cast<double>(baseline[j]) - static_cast<double>(v));
    }
    result_type r;
    r.score = s;
    r.reasons = static_cast<std::uint32_t>(rank.size());
    return r;
  }

  /// Term j's points for value x (numbers; a categorical term takes the code of its label,
  /// NaN = missing): not_finite for a linear term's NaN or ±inf, missing_value for a missing
  /// bin that is an error.
  template <class T>
  score_status value_point(std::size_t j, T x, Real& v, std::uint32_t& bin) const noexcept {
    const term& t = terms_[j];
    if (t.kind == term_kind::linear) {
      if (!std::isfinite(x)) return score_status::not_finite;
      v = t.weight * static_cast<Real>(x);
      return score_status::ok;
    }
    const std::size_t b = bin_of(t, x);
    if (t.missing_is_error && b + 1 == t.n_bins) return score_status::missing_value;
    bin = static_cast<std::uint32_t>(b);
    v = points_[t.point_begin + b];
    return score_status::ok;
  }

  /// Term j's points for number x as an applicant's value: as value_point, except that a
  /// categorical term takes no code from a number (NaN → missing, any other → unseen).
  template <class T>
  [[gnu::always_inline]] inline score_status number_point(std::size_t j, T x, Real& v, std::uint32_t& bin) const noexcept {
    const term& t = terms_[j];
    if (t.kind == term_kind::categorical) [[unlikely]]
      return bin_point(j, x != x ? t.n_bins - 1 : t.unseen_bin, v, bin);
    return value_point(j, x, v, bin);
  }

  /// Term j's points for bin b of a binned or categorical term (a card's: bins::bin_of or a
  /// caller's code): bad_code outside its bins, missing_value for a missing bin that is an
  /// error.
  [[gnu::always_inline]] inline score_status bin_point(std::size_t j, std::size_t b, Real& v,
                                                       std::uint32_t& bin) const noexcept {
    const bin_range& r = ranges_[j];
    if (b >= r.scored) [[unlikely]]  // one test on the way of every bin that scores
      return b >= r.n_bins ? score_status::bad_code : score_status::missing_value;
    bin = static_cast<std::uint32_t>(b);
    v = points_[r.point_begin + b];
    return score_status::ok;
  }

  /// Term j's points for a pre-binned code: bad_code outside its bins (and for a linear term),
  /// missing_value for a missing bin that is an error.
  template <class C>
  score_status code_point(std::size_t j, C code, Real& v, std::uint32_t& bin) const noexcept {
    const term& t = terms_[j];
    if (t.kind == term_kind::linear) return score_status::bad_code;
    if (code < C(0) || static_cast<std::uint64_t>(code) >= t.n_bins) return score_status::bad_code;
    const auto b = static_cast<std::size_t>(code);
    if (t.missing_is_error && b + 1 == t.n_bins) return score_status::missing_value;
    bin = static_cast<std::uint32_t>(b);
    v = points_[t.point_begin + b];
    return score_status::ok;
  }

protected:
  template <class>
  friend class flat_card;

  enum class term_kind : std::uint8_t { binned, categorical, linear };
  struct term {
    term_kind kind = term_kind::binned;
    bool missing_is_error = false;
    std::size_t point_begin = 0, n_bins = 0, n_regular = 0;
    std::size_t cut_begin = 0, n_cuts = 0;
    std::size_t special_begin = 0, n_specials = 0;
    std::size_t cat_begin = 0, n_cats = 0, unseen_bin = 0;
    Real weight = 0;
  };

  /// What bin_point reads of a term, side by side (the single-row kernel of a card reads
  /// nothing else): its first point, its bins, and how many of them score (n_bins, or
  /// n_bins − 1 when the missing bin, the last, is an error).
  struct bin_range {
    std::size_t point_begin = 0, n_bins = 0, scored = 0;
  };

  /// The smallest float ≥ c: for a float x, x ≥ c ⇔ x ≥ float_at_least(c).
  static float float_at_least(double c) {
    float f = static_cast<float>(c);
    if (static_cast<double>(f) < c) f = std::nextafter(f, std::numeric_limits<float>::infinity());
    return f;
  }

  static result_type failed(score_status s, std::uint32_t j) noexcept {
    result_type r;
    r.status = s;
    r.characteristic = j;
    return r;
  }

  template <class T>
  const T* cuts_of(const term& t) const noexcept {
    if constexpr (std::is_same_v<T, float>) return cuts_f_.data() + t.cut_begin;
    else return cuts_d_.data() + t.cut_begin;
  }
  template <class T>
  T special_of(const term& t, std::size_t s) const noexcept {
    if constexpr (std::is_same_v<T, float>) return specials_f_[t.special_begin + s];
    else return static_cast<T>(specials_d_[t.special_begin + s]);
  }

  /// The bin of value x of a binned or categorical term: NaN → missing; a category code
  /// outside [0, n_cats) or not whole → the unseen fallback; a special value → its bin;
  /// otherwise the count of cut points ≤ x.
  template <class T>
  std::size_t bin_of(const term& t, T x) const noexcept {
    const std::size_t miss = t.n_bins - 1;
    if (x != x) return miss;
    if (t.kind == term_kind::categorical) {
      if (x >= T(0) && x < static_cast<T>(t.n_cats) && x == std::floor(x))
        return cat_bin_[t.cat_begin + static_cast<std::size_t>(x)];
      return t.unseen_bin;
    }
    for (std::size_t s = 0; s < t.n_specials; ++s)
      if (x == special_of<T>(t, s)) return t.n_regular + s;
    const T* c = cuts_of<T>(t);
    std::size_t b = 0;
    for (std::size_t k = 0; k < t.n_cuts; ++k) b += x >= c[k];
    return b;
  }

  std::vector<term> terms_;
  std::vector<bin_range> ranges_;  // per term, for bin_point
  std::vector<std::string> names_;
  std::vector<Real> points_;
  std::vector<double> cuts_d_;
  std::vector<float> cuts_f_;
  std::vector<double> specials_d_;
  std::vector<float> specials_f_;
  std::vector<std::uint32_t> cat_bin_;
  std::vector<std::string> labels_;
  std::vector<Real> baseline_;
  Real base_ = 0;
  std::size_t max_reasons_ = 0;
  scaling scale_;
  double factor_ = 0, offset_ = 0;  // scale_'s, computed once (each is a log)
  bool has_linear_ = false;         // some term is linear (a card has none: no test per term)
};

}  // namespace credo::model
