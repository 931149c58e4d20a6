// credo::engine::batch_scorer: a scorecard (or a logistic model on raw columns) compiled into
// flat arrays for scoring many rows fast, on several threads, without allocation per row.
//
//   auto scorer = credo::engine::batch_scorer<float>::compile(card);
//   std::vector<float> scores(rows);
//   scorer.score(credo::engine::input_view<float>{x, rows, credo::engine::layout::column_major},
//                {.scores = scores}, {.threads = 2});
//
// Layout (structure of arrays): for every characteristic j a term holding offsets into shared
// arrays of cut points (as double and as float), special values, points per bin, and for
// categorical characteristics the bin of every training category code. The input is a matrix
// of numbers, one column per characteristic in card order, float or double, row-major or
// column-major: a numeric characteristic takes its value (NaN = missing); a categorical one
// takes the code of its label in categories(j) (NaN = missing; any other number, e.g. −1 or
// categories(j).size(), is an unseen category). Pre-binned codes (bin indices as in
// credo::binning::bins) are the fast path.
//
// Each row's score is base + Σ_j points_j, summed in characteristic order: the same operations
// as scorecard::score, so both give the same bits, and so do 1, 2 or 8 threads. A row that
// cannot be scored (a missing value under missing::error, a code out of range, a non-finite
// input of a linear term) gets a status and a NaN score; the batch goes on.
#pragma once

#include <credo/core/error.hpp>
#include <credo/core/table.hpp>
#include <credo/fwd.hpp>
#include <credo/model/reason_codes.hpp>
#include <credo/model/scaling.hpp>
#include <credo/model/scorecard.hpp>
#include <credo/model/scorecard_policies.hpp>

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// On x86-64 with GCC or Clang the hot kernel is also compiled for AVX2 and chosen at run time
// (define CREDO_ENGINE_AVX2 0 to turn this off).
#ifndef CREDO_ENGINE_AVX2
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define CREDO_ENGINE_AVX2 1
#else
#define CREDO_ENGINE_AVX2 0
#endif
#endif

namespace credo::engine {

using model::reason_code;
using model::score_status;

/// Where consecutive values of a matrix go.
enum class layout {
  row_major,     ///< value (r, j) at r · cols + j: one applicant after another
  column_major,  ///< value (r, j) at j · rows + r: one characteristic after another (fastest)
};

/// A read-only matrix of `rows` rows and one column per characteristic.
template <class T>
struct input_view {
  std::span<const T> data;
  std::size_t rows = 0;
  credo::engine::layout order = layout::column_major;
};

/// Where a batch's results go (caller-provided; nothing is allocated per row).
template <class Real>
struct batch_output {
  std::span<Real> scores = {};                 ///< one per row (required)
  std::span<score_status> status = {};         ///< one per row, or empty
  std::span<reason_code> reasons = {};         ///< rows · max_reasons() (row r at r · max_reasons()), or empty
  std::span<std::uint8_t> reason_counts = {};  ///< one per row when reasons are asked for
};

/// Run-time settings of a batch.
struct batch_options {
  unsigned threads = 1;                  ///< threads that split the rows; 0: hardware_concurrency()
  std::size_t min_rows_per_thread = 8192;  ///< fewer rows stay on fewer threads
};

namespace detail {

/// The cut points of the terms of a plain card (cut points only) side by side, four terms
/// ("lanes") to a group: term j is lane j mod 4 of group j / 4, and a group's values fill one
/// SSE2 register of float or two of double. Level k of a group holds the k-th cut point of
/// each of its terms; a term with fewer cuts than the group's most, and a lane past the last
/// term, has NaN there, and x ≥ NaN is false. So every lane's bin is the count over all the
/// group's levels of x ≥ cut, the count of the term's own cut points at or below x, and the
/// whole group is binned by one compare and one subtract per level and register. (Four
/// lanes for double too: the work per group, outside the levels, is then shared by four
/// terms, for a few more padded levels.)
template <class T>
struct cut_lanes {
  static constexpr std::size_t width = 4;
  /// The integer of a lane: as wide as T, so that a register of values holds their places.
  using place = std::conditional_t<sizeof(T) == 8, std::int64_t, std::int32_t>;
  /// What a group needs besides its cut points, in one record: lane l's term's missing bin
  /// and the place of its first point (bin 0) among all terms' points; where its levels are.
  struct alignas(16) group {
    place missing[width];
    place first[width];
    std::uint32_t begin, levels;  // level k, lane l at cuts[begin + k · width + l]
  };

  std::vector<T> cuts;
  std::vector<group> groups;

  /// Adds a group of up to `width` terms: each term's cut points (ascending), missing bin
  /// and the place of its first point. A lane past the terms gets no cut point, missing bin
  /// 0 and first point `pad_first`.
  void add_group(std::span<const std::span<const T>> term_cuts, std::span<const std::uint32_t> missing_bins,
                 std::span<const std::uint32_t> first_points, std::uint32_t pad_first = 0) {
    group r{};
    std::size_t most = 0;
    for (const auto& c : term_cuts) most = std::max(most, c.size());
    r.begin = static_cast<std::uint32_t>(cuts.size());
    r.levels = static_cast<std::uint32_t>(most);
    for (std::size_t k = 0; k < most; ++k)
      for (std::size_t l = 0; l < width; ++l)
        cuts.push_back(l < term_cuts.size() && k < term_cuts[l].size() ? term_cuts[l][k]
                                                                       : std::numeric_limits<T>::quiet_NaN());
    for (std::size_t l = 0; l < width; ++l) {
      r.missing[l] = l < missing_bins.size() ? static_cast<place>(missing_bins[l]) : 0;
      r.first[l] = static_cast<place>(l < first_points.size() ? first_points[l] : pad_first);
    }
    groups.push_back(r);
  }

  /// The places of the points of group g's lanes for the values x(0), ..., x(width − 1):
  /// lane l's is its first point + its bin, the count of levels k with x(l) ≥ cut, or + its
  /// missing bin when x(l) is NaN (a NaN fails every compare, so its count is 0 and the
  /// missing bin is added). Writes them to place[0, width) (16-byte aligned). Vector: SSE2,
  /// one register per level, the count kept as first − Σ masks (a true compare is −1);
  /// otherwise one lane after another. Both give the same places: they make the same
  /// compares and count them exactly.
  template <bool Vector, class Get>
  [[gnu::always_inline]] void places(std::size_t g, Get&& x, place* out) const noexcept {
    places<Vector>(groups[g], x, out);
  }
  template <bool Vector, class Get>
  [[gnu::always_inline]] void places(const group& r, Get&& x, place* out) const noexcept {
    const T* c = cuts.data() + r.begin;
#if defined(__SSE2__)
    if constexpr (Vector) {
      const auto lanes = [](const place* v) { return _mm_load_si128(reinterpret_cast<const __m128i*>(v)); };
      if constexpr (sizeof(T) == 8) {
        const __m128d v0 = _mm_set_pd(x(1), x(0)), v1 = _mm_set_pd(x(3), x(2));
        __m128i b0 = lanes(r.first), b1 = lanes(r.first + 2);
        each_level(r.levels, c, [&](std::size_t k) {  // cut ≤ x: −1 in a 64-bit lane
          b0 = _mm_sub_epi64(b0, _mm_castpd_si128(_mm_cmple_pd(_mm_loadu_pd(c + k * width), v0)));
          b1 = _mm_sub_epi64(b1, _mm_castpd_si128(_mm_cmple_pd(_mm_loadu_pd(c + k * width + 2), v1)));
        });
        b0 = _mm_add_epi64(b0, _mm_and_si128(_mm_castpd_si128(_mm_cmpunord_pd(v0, v0)), lanes(r.missing)));
        b1 = _mm_add_epi64(b1, _mm_and_si128(_mm_castpd_si128(_mm_cmpunord_pd(v1, v1)), lanes(r.missing + 2)));
        _mm_store_si128(reinterpret_cast<__m128i*>(out), b0);
        _mm_store_si128(reinterpret_cast<__m128i*>(out + 2), b1);
      } else {
        const __m128 v = _mm_set_ps(x(3), x(2), x(1), x(0));
        __m128i b = lanes(r.first);
        each_level(r.levels, c, [&](std::size_t k) {
          b = _mm_sub_epi32(b, _mm_castps_si128(_mm_cmple_ps(_mm_loadu_ps(c + k * width), v)));
        });
        b = _mm_add_epi32(b, _mm_and_si128(_mm_castps_si128(_mm_cmpunord_ps(v, v)), lanes(r.missing)));
        _mm_store_si128(reinterpret_cast<__m128i*>(out), b);
      }
      return;
    }
#endif
    for (std::size_t l = 0; l < width; ++l) {
      const T v = x(l);
      place b = 0;
      for (std::size_t k = 0; k < r.levels; ++k) b += v >= c[k * width + l];
      out[l] = r.first[l] + (v != v ? r.missing[l] : b);
    }
  }

private:
  /// level(k) for k = 0, ..., n − 1 of the levels from c on, in any order: a jump into
  /// straight code (no loop branch per level), after sixteen at a time while more are left.
  template <class Level>
  [[gnu::always_inline]] static void each_level(std::size_t n, const T*& c, const Level& level) noexcept {
    for (; n > 16; n -= 16, c += 16 * width) [[unlikely]]
      for (std::size_t k = 0; k < 16; ++k) level(k);
    switch (n) {
      case 16: level(15); [[fallthrough]];
      case 15: level(14); [[fallthrough]];
      case 14: level(13); [[fallthrough]];
      case 13: level(12); [[fallthrough]];
      case 12: level(11); [[fallthrough]];
      case 11: level(10); [[fallthrough]];
      case 10: level(9); [[fallthrough]];
      case 9: level(8); [[fallthrough]];
      case 8: level(7); [[fallthrough]];
      case 7: level(6); [[fallthrough]];
      case 6: level(5); [[fallthrough]];
      case 5: level(4); [[fallthrough]];
      case 4: level(3); [[fallthrough]];
      case 3: level(2); [[fallthrough]];
      case 2: level(1); [[fallthrough]];
      case 1: level(0); [[fallthrough]];
      default: break;
    }
  }
};

/// Whether cut_lanes::places takes its SSE2 path by default.
#if defined(__SSE2__)
inline constexpr bool vector_lanes = true;
#else
inline constexpr bool vector_lanes = false;
#endif

/// The points-below of lane groups, and the maximum of each of the four lanes over the
/// groups kept so far (−∞ before any).
struct lane_maxima {
  /// The points-below d[at[0]], ..., d[at[3]] to below[0, 4), and into the maxima. No d is
  /// NaN, so _mm_max_pd (x > m ? x : m in each lane) is the maximum.
  template <class Place>
  [[gnu::always_inline]] void keep(const double* d, const Place* at, double* below) noexcept {
#if defined(__SSE2__)
    const __m128d lo = _mm_loadh_pd(_mm_load_sd(d + at[0]), d + at[1]);
    const __m128d hi = _mm_loadh_pd(_mm_load_sd(d + at[2]), d + at[3]);
    _mm_storeu_pd(below, lo);
    _mm_storeu_pd(below + 2, hi);
    most01 = _mm_max_pd(most01, lo);
    most23 = _mm_max_pd(most23, hi);
#else
    for (std::size_t l = 0; l < 4; ++l) {
      below[l] = d[at[l]];
      most[l] = below[l] > most[l] ? below[l] : most[l];
    }
#endif
  }
  void get(double (&out)[4]) const noexcept {
#if defined(__SSE2__)
    _mm_storeu_pd(out, most01);
    _mm_storeu_pd(out + 2, most23);
#else
    for (std::size_t l = 0; l < 4; ++l) out[l] = most[l];
#endif
  }

private:
  static constexpr double lowest = -std::numeric_limits<double>::infinity();
#if defined(__SSE2__)
  __m128d most01 = _mm_set1_pd(lowest), most23 = most01;
#else
  double most[4] = {lowest, lowest, lowest, lowest};
#endif
};

}  // namespace detail

template <class Real>
class batch_scorer {
  static_assert(std::is_floating_point_v<Real>, "batch_scorer: Real must be float or double");

public:
  using real_type = Real;
  using result_type = model::basic_score_result<Real>;
  /// Rows per block of the column-major kernel: one column's slice, then the next, with the
  /// running sums (64 KiB for float) kept in the L2 cache. Larger blocks cost fewer switches
  /// between the 30-odd column streams.
  static constexpr std::size_t block = 32768;
  /// Rows per block when reason codes are asked for (a block × characteristics buffer).
  static constexpr std::size_t reason_block = 512;
  /// Threads get whole multiples of this many rows.
  static constexpr std::size_t chunk = 1024;

  batch_scorer() = default;

  /// Compiles a scorecard: its scored points (missing policy applied), baselines and reason
  /// settings. Points are converted to Real.
  template <class R, class Ro, class M>
  static batch_scorer compile(const model::scorecard<R, Ro, M>& card) {
    batch_scorer s;
    s.base_ = static_cast<Real>(card.base_points());
    s.max_reasons_ = card.options().reasons.max_reasons;
    s.set_scale(card.scale());
    for (std::size_t j = 0; j < card.size(); ++j) {
      const auto& c = card.characteristic(j);
      term t;
      t.kind = c.bins.is_numeric() ? term_kind::binned : term_kind::categorical;
      t.missing_is_error = M::action == model::missing_action::error;
      t.point_begin = s.points_.size();
      t.n_bins = c.bins.size();
      t.n_regular = c.bins.regular();
      for (std::size_t b = 0; b < c.bins.size(); ++b) s.points_.push_back(static_cast<Real>(card.scored_points(j, b)));
      if (t.kind == term_kind::binned) {
        t.cut_begin = s.cuts_d_.size();
        t.n_cuts = c.bins.cuts().size();
        for (double cut : c.bins.cuts()) {
          s.cuts_d_.push_back(cut);
          s.cuts_f_.push_back(float_at_least(cut));
        }
        t.special_begin = s.specials_d_.size();
        t.n_specials = c.bins.specials().size();
        for (double sp : c.bins.specials()) {
          s.specials_d_.push_back(sp);
          const auto f = static_cast<float>(sp);
          // A special value no float equals can never match a float input.
          s.specials_f_.push_back(static_cast<double>(f) == sp ? f : std::numeric_limits<float>::quiet_NaN());
        }
      } else {
        t.cat_begin = s.cat_bin_.size();
        for (std::size_t g = 0; g < c.bins.groups().size(); ++g)
          for (const auto& label : c.bins.groups()[g]) {
            s.cat_bin_.push_back(static_cast<std::uint32_t>(g));
            s.labels_.push_back(label);
          }
        t.n_cats = s.cat_bin_.size() - t.cat_begin;
        t.unseen_bin = c.bins.unseen_bin();
      }
      s.baseline_.push_back(static_cast<Real>(card.baselines()[j]));
      s.names_.push_back(c.name);
      s.terms_.push_back(t);
    }
    s.compile_plain();
    return s;
  }

  /// A logistic model on raw numeric columns, scaled like a scorecard (no WoE, no bins):
  /// score = Offset − Factor · (α + Σ_j β_j x_j) = base + Σ_j w_j x_j with base = Offset −
  /// Factor · α and w_j = −Factor · β_j. A NaN or infinite input gets score_status::not_finite.
  /// No reason codes (a linear term has no baseline). Throws credo.engine.size_mismatch,
  /// credo.engine.not_finite and the scaling's errors (model::scaling::validate, with the id
  /// credo.engine.bad_option).
  static batch_scorer linear(std::vector<std::string> names, std::span<const double> coefficients, double intercept,
                             const model::scaling& scaling = {}) {
    if (names.size() != coefficients.size())
      CREDO_THROW(invalid_input, "credo.engine.size_mismatch",
                  std::to_string(coefficients.size()) + " coefficients for " + std::to_string(names.size()) + " names");
    scaling.validate("credo.engine.bad_option");
    batch_scorer s;
    s.set_scale(scaling);
    if (!std::isfinite(intercept))
      CREDO_THROW(invalid_input, "credo.engine.not_finite", "the intercept is not finite");
    s.base_ = static_cast<Real>(s.offset_ - s.factor_ * intercept);
    s.max_reasons_ = 0;
    for (std::size_t j = 0; j < names.size(); ++j) {
      if (!std::isfinite(coefficients[j]))
        CREDO_THROW(invalid_input, "credo.engine.not_finite",
                    "the coefficient of " + credo::detail::quoted(names[j]) + " is not finite");
      term t;
      t.kind = term_kind::linear;
      t.weight = static_cast<Real>(-s.factor_ * coefficients[j]);
      s.terms_.push_back(t);
      s.baseline_.push_back(Real(0));
    }
    s.names_ = std::move(names);
    return s;
  }

  /// The same from a fitted model on raw columns, e.g. credo::model::logistic_regression:
  /// anything with feature_names(), intercept() and coefficient(name).
  template <class Model>
    requires requires(const Model& m, std::string_view s) {
      { m.feature_names() } -> std::convertible_to<std::vector<std::string>>;
      { m.intercept() } -> std::convertible_to<double>;
      { m.coefficient(s) } -> std::convertible_to<double>;
    }
  static batch_scorer linear(const Model& model, const model::scaling& scaling = {}) {
    std::vector<std::string> names = model.feature_names();
    std::vector<double> beta;
    for (const auto& n : names) beta.push_back(static_cast<double>(model.coefficient(n)));
    return linear(std::move(names), beta, static_cast<double>(model.intercept()), scaling);
  }

  // --- the compiled model ------------------------------------------------------------------

  std::size_t size() const noexcept { return terms_.size(); }
  const std::string& name(std::size_t j) const { return names_.at(j); }
  std::size_t max_reasons() const noexcept { return max_reasons_; }
  Real base_points() const noexcept { return base_; }
  /// The scaling compiled in (the card's, or the linear model's).
  const model::scaling& scale() const noexcept { return scale_; }
  double factor() const noexcept { return factor_; }
  double offset() const noexcept { return offset_; }
  /// scaling::pd_from_score with Factor and Offset kept: the card's PD, the same bits.
  double pd_from_score(double score) const noexcept { return model::scaling::pd_from_score(score, offset_, factor_); }

  /// The training labels of categorical characteristic j: input code k means categories(j)[k].
  std::span<const std::string> categories(std::size_t j) const {
    const term& t = terms_.at(j);
    return {labels_.data() + t.cat_begin, t.n_cats};
  }
  /// The input code of `label` for characteristic j: its index in categories(j); "" → NaN
  /// (missing); an unseen label → categories(j).size() (the unseen fallback).
  double category_code(std::size_t j, std::string_view label) const {
    if (label.empty()) return std::numeric_limits<double>::quiet_NaN();
    const auto cats = categories(j);
    for (std::size_t k = 0; k < cats.size(); ++k)
      if (cats[k] == label) return static_cast<double>(k);
    return static_cast<double>(cats.size());
  }

  /// The input matrix of a table's rows (columns named like the characteristics; categorical
  /// labels encoded by category_code). Throws credo.engine.unknown_column / wrong_kind.
  template <class T = float>
  std::vector<T> encode(const table& t, credo::engine::layout order = layout::column_major) const {
    const std::size_t n = t.rows(), m = terms_.size();
    std::vector<T> out(n * m);
    for (std::size_t j = 0; j < m; ++j) {
      const auto i = t.find(names_[j]);
      if (!i)
        CREDO_THROW(invalid_input, "credo.engine.unknown_column",
                    "characteristic " + credo::detail::quoted(names_[j]) + " has no column in the table");
      const column& c = t.at(*i);
      const bool want_numeric = terms_[j].kind != term_kind::categorical;
      if (c.is_numeric() != want_numeric)
        CREDO_THROW(invalid_input, "credo.engine.wrong_kind",
                    "characteristic " + credo::detail::quoted(names_[j]) + " needs a " +
                        (want_numeric ? "numeric" : "categorical") + " column");
      std::vector<T> of_code;
      if (!want_numeric)
        for (const auto& label : c.dictionary()) of_code.push_back(static_cast<T>(category_code(j, label)));
      for (std::size_t r = 0; r < n; ++r) {
        T v;
        if (want_numeric) {
          v = static_cast<T>(c.values()[r]);
        } else {
          const auto k = c.codes()[r];
          v = k == column::missing_code ? std::numeric_limits<T>::quiet_NaN() : of_code[static_cast<std::size_t>(k)];
        }
        out[order == layout::column_major ? j * n + r : r * m + j] = v;
      }
    }
    return out;
  }

  // --- one applicant -----------------------------------------------------------------------

  /// Scores one applicant's values (one per characteristic, categorical ones as codes).
  /// No allocation: reasons go to the caller's buffer (at most max_reasons()).
  template <class T>
    requires std::is_floating_point_v<T>
  result_type score_one(std::span<const T> values, std::span<reason_code> reasons = {}) const noexcept {
    if (values.size() != terms_.size()) return failed(score_status::bad_code, static_cast<std::uint32_t>(values.size()));
    const auto value = [values](std::size_t j) noexcept { return values[j]; };
    if (plain_) return score_plain<T, false>(value, reasons);
    return score_general(value, reasons);
  }

  /// score_one of the values row[columns[0]], row[columns[1]], ... (characteristic j's value
  /// is column columns[j] of a wider row), read in place: the same results as score_one of
  /// those values gathered. Every columns[j] must be < row.size(). There may be size() or
  /// padded_size() columns: those past size() are read and not used, which spares a plain
  /// card's last lane group its bounds checks (the engine's scorecard binding passes them).
  template <class T>
    requires std::is_floating_point_v<T>
  result_type score_one_columns(std::span<const T> row, std::span<const std::size_t> columns,
                                std::span<reason_code> reasons = {}) const noexcept {
    if (columns.size() != terms_.size() && columns.size() != padded_size())
      return failed(score_status::bad_code, static_cast<std::uint32_t>(columns.size()));
    const auto value = [row, columns](std::size_t j) noexcept { return row[columns[j]]; };
    if (plain_) {
      if (columns.size() > terms_.size()) return score_plain<T, true>(value, reasons);
      return score_plain<T, false>(value, reasons);
    }
    return score_general(value, reasons);
  }

  /// size() rounded up to whole lane groups of cut_lanes (4 characteristics).
  std::size_t padded_size() const noexcept { return (terms_.size() + 3) / 4 * 4; }

  /// Scores one applicant's pre-binned codes (not for linear terms: bad_code).
  template <class C>
    requires std::is_integral_v<C>
  result_type score_one_bins(std::span<const C> bins, std::span<reason_code> reasons = {}) const noexcept {
    if (bins.size() != terms_.size()) return failed(score_status::bad_code, static_cast<std::uint32_t>(bins.size()));
    Real s = base_;
    model::reason_ranker rank(reasons, max_reasons_);
    for (std::size_t j = 0; j < terms_.size(); ++j) {
      Real v;
      const auto st = code_points(terms_[j], bins[j], v);
      if (st != score_status::ok) return failed(st, static_cast<std::uint32_t>(j));
      s += v;
      rank.offer(static_cast<std::uint32_t>(j), static_cast<std::uint32_t>(bins[j]),
                 static_cast<double>(baseline_[j]) - static_cast<double>(v));
    }
    result_type r;
    r.score = s;
    r.reasons = static_cast<std::uint32_t>(rank.size());
    return r;
  }

  // --- batches -----------------------------------------------------------------------------

  /// Scores every row of `x` into `out`; returns how many rows could not be scored. Throws
  /// credo.engine.size_mismatch when the buffers do not fit the input (before any work).
  template <class T>
    requires std::is_floating_point_v<T>
  std::size_t score(input_view<T> x, batch_output<Real> out, batch_options opt = {}) const {
    check(x.data.size(), x.rows, out);
    return run(x.rows, opt, [&](std::size_t begin, std::size_t end, worker& w) { return values_range(x, begin, end, out, w); });
  }

  /// Scores pre-binned codes (bin indices as in credo::binning::bins; uint8_t, uint16_t or
  /// uint32_t), the fast path.
  template <class C>
    requires std::is_integral_v<C>
  std::size_t score_bins(input_view<C> x, batch_output<Real> out, batch_options opt = {}) const {
    check(x.data.size(), x.rows, out);
    return run(x.rows, opt, [&](std::size_t begin, std::size_t end, worker& w) { return codes_range(x, begin, end, out, w); });
  }

private:
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
  static constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();

  /// Per-thread scratch, allocated once per batch and thread.
  struct worker {
    std::vector<Real> acc, v;
    std::vector<std::uint32_t> fail;
    std::vector<std::uint8_t> why;  // failure status per row of a block
    std::vector<Real> pts;          // block × characteristics (reasons)
    std::vector<std::uint32_t> bins;
    bool failed = false;  // some row of the block failed
  };

  void set_scale(const model::scaling& scaling) noexcept {
    scale_ = scaling;
    factor_ = scaling.factor();
    offset_ = scaling.offset();
  }

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

  /// score_one's loop for any card: characteristic j's value is value(j).
  template <class Value>
  result_type score_general(const Value& value, std::span<reason_code> reasons) const noexcept {
    Real s = base_;
    model::reason_ranker rank(reasons, max_reasons_);
    for (std::size_t j = 0; j < terms_.size(); ++j) {
      Real v;
      std::uint32_t bin = 0;
      const auto st = value_points(terms_[j], value(j), v, bin);
      if (st != score_status::ok) return failed(st, static_cast<std::uint32_t>(j));
      s += v;
      if (terms_[j].kind != term_kind::linear)
        rank.offer(static_cast<std::uint32_t>(j), bin, static_cast<double>(baseline_[j]) - static_cast<double>(v));
    }
    result_type r;
    r.score = s;
    r.reasons = static_cast<std::uint32_t>(rank.size());
    return r;
  }

  /// A plain card (every term numeric with cut points only: no special value, missing
  /// scores points) is what the engine's scorecards are. score_one then takes score_plain:
  /// the cut points side by side in detail::cut_lanes (double and float, as the general
  /// term's), each term's first point, and each point's points-below as a double,
  /// baseline_j − points_j(b), computed here by the same subtraction as the general loop's,
  /// then one −∞, the points-below of a lane past the last term. A NaN points-below is kept
  /// as −∞: neither is ever a reason (offer() takes only d > 0), and the lanes' maxima in
  /// score_plain need no NaN.
  void compile_plain() {
    plain_ = !terms_.empty();
    for (const term& t : terms_)
      if (t.kind != term_kind::binned || t.n_specials != 0 || t.missing_is_error) plain_ = false;
    // cut_lanes keeps the places of points in 32-bit lanes for float
    if (points_.size() >= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) plain_ = false;
    if (!plain_) return;
    constexpr double lowest = -std::numeric_limits<double>::infinity();
    for (std::size_t j = 0; j < terms_.size(); ++j) {
      const term& t = terms_[j];
      plain_point_begin_.push_back(static_cast<std::uint32_t>(t.point_begin));
      for (std::size_t b = 0; b < t.n_bins; ++b) {
        const double d = static_cast<double>(baseline_[j]) - static_cast<double>(points_[t.point_begin + b]);
        below_.push_back(d != d ? lowest : d);
      }
    }
    below_.push_back(lowest);
    add_lane_groups(lanes_d_);
    add_lane_groups(lanes_f_);
  }
  template <class T>
  void add_lane_groups(detail::cut_lanes<T>& lanes) const {
    constexpr std::size_t w = detail::cut_lanes<T>::width;
    for (std::size_t j0 = 0; j0 < terms_.size(); j0 += w) {
      std::span<const T> cuts[w];
      std::uint32_t missing[w], first[w];
      const std::size_t n = std::min(w, terms_.size() - j0);
      for (std::size_t l = 0; l < n; ++l) {
        const term& t = terms_[j0 + l];
        cuts[l] = {cuts_of<T>(t), t.n_cuts};
        missing[l] = static_cast<std::uint32_t>(t.n_bins - 1);
        first[l] = static_cast<std::uint32_t>(t.point_begin);
      }
      lanes.add_group(std::span<const std::span<const T>>(cuts, n), std::span<const std::uint32_t>(missing, n),
                      std::span<const std::uint32_t>(first, n), static_cast<std::uint32_t>(points_.size()));
    }
  }
  template <class T>
  const detail::cut_lanes<T>& lanes_of() const noexcept {
    if constexpr (std::is_same_v<T, float>) return lanes_f_;
    else return lanes_d_;
  }

  /// Terms binned before their reasons are offered: the places and points-below of this many
  /// terms are kept on the stack (a multiple of every lane width).
  static constexpr std::size_t plain_chunk = 64;

  /// score_one of a plain card, lane group by lane group (cut_lanes::places), chunk by chunk
  /// of plain_chunk terms: each group's points added to the sum as soon as they are known,
  /// in card order, s = base + v_0 + v_1 + ..., and their points-below kept, with the maximum
  /// of each lane (of the terms i ≡ 0, 1, 2, 3 mod 4 of the chunk); at the end of a chunk
  /// its points-below are offered in card order (reason_ranker::offer_all, which leaves out
  /// those below the least of the four maxima). The bins are those of the general loop (the
  /// count of cut points at or below x, the missing bin for NaN), and the sums and offers are
  /// the same operations in the same order, so the same bits and reasons. Padded: value(j)
  /// may be read up to padded_size(); otherwise the last group's lanes past the last term
  /// read the last term's value. Either way they have no cut point and no points, and their
  /// points-below is −∞.
  template <class T, bool Padded, class Value>
  result_type score_plain(const Value& value, std::span<reason_code> reasons) const noexcept {
    using lanes_type = detail::cut_lanes<T>;
    using place = typename lanes_type::place;
    constexpr std::size_t w = lanes_type::width;
    const std::size_t m = terms_.size();
    Real s = base_;
    model::reason_ranker rank(reasons, max_reasons_);
    alignas(16) place at[plain_chunk];  // the place of term c0 + i's point
    alignas(16) double below[plain_chunk];
    for (std::size_t c0 = 0; c0 < m; c0 += plain_chunk) {
      const std::size_t n = std::min(plain_chunk, m - c0);
      const typename lanes_type::group* group = lanes_of<T>().groups.data() + c0 / w;
      detail::lane_maxima most;
      std::size_t j = 0;
      for (; Padded ? j < n : j + w <= n; j += w, ++group)
        s = plain_group<T>(*group, [&](std::size_t l) { return value(c0 + j + l); }, std::min(w, n - j), s, at + j,
                           below + j, most);
      if (!Padded && j < n) {  // the last group: its lanes past the last term read the last value
        T x[w];
        for (std::size_t l = 0; l < w; ++l) x[l] = value(std::min(c0 + j + l, m - 1));
        s = plain_group<T>(*group, [&](std::size_t l) { return x[l]; }, n - j, s, at + j, below + j, most);
        j += w;
      }
      double group_max[w];
      most.get(group_max);
      const auto bin = [&](std::size_t i) { return static_cast<std::uint32_t>(at[i] - plain_point_begin_[c0 + i]); };
      // below[n, j), of the last group's lanes past the last term, is −∞: never offered
      rank.offer_all(static_cast<std::uint32_t>(c0), std::span<const double>(below, j), bin, group_max);
    }
    result_type r;
    r.score = s;
    r.reasons = static_cast<std::uint32_t>(rank.size());
    return r;
  }

  /// Lane group r of the values x(0), ..., x(3) (cut_lanes::places to at[0, 4)): returns s +
  /// the points of its first `used` lanes, in order (the others are past the last term), and
  /// keeps the points-below of all four (−∞ past the last term).
  template <class T, class Get, class Place>
  [[gnu::always_inline]] Real plain_group(const typename detail::cut_lanes<T>::group& r, const Get& x,
                                          std::size_t used, Real s, Place* at, double* below,
                                          detail::lane_maxima& most) const noexcept {
    lanes_of<T>().template places<detail::vector_lanes>(r, x, at);
    const Real* points = points_.data();
    if (used == 4) [[likely]] {
      s += points[at[0]];
      s += points[at[1]];
      s += points[at[2]];
      s += points[at[3]];
    } else {
      s += points[at[0]];
      if (used > 1) s += points[at[1]];
      if (used > 2) s += points[at[2]];
    }
    most.keep(below_.data(), at, below);
    return s;
  }

  /// The bin of value x of a binned or categorical term (scalar).
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

  template <class T>
  score_status value_points(const term& t, T x, Real& v, std::uint32_t& bin) const noexcept {
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

  template <class C>
  score_status code_points(const term& t, C code, Real& v) const noexcept {
    if (t.kind == term_kind::linear) return score_status::bad_code;
    if (code < C(0) || static_cast<std::uint64_t>(code) >= t.n_bins) return score_status::bad_code;
    const auto b = static_cast<std::size_t>(code);
    if (t.missing_is_error && b + 1 == t.n_bins) return score_status::missing_value;
    v = points_[t.point_begin + b];
    return score_status::ok;
  }

  void check(std::size_t values, std::size_t rows, const batch_output<Real>& out) const {
    auto bad = [](const std::string& what) { CREDO_THROW(invalid_input, "credo.engine.size_mismatch", what); };
    if (values != rows * terms_.size())
      bad("the input has " + std::to_string(values) + " values for " + std::to_string(rows) + " rows of " +
          std::to_string(terms_.size()) + " characteristics");
    if (out.scores.size() != rows)
      bad("the score buffer has " + std::to_string(out.scores.size()) + " places for " + std::to_string(rows) + " rows");
    if (!out.status.empty() && out.status.size() != rows)
      bad("the status buffer has " + std::to_string(out.status.size()) + " places for " + std::to_string(rows) + " rows");
    if (!out.reasons.empty() &&
        (out.reasons.size() != rows * max_reasons_ || out.reason_counts.size() != rows))
      bad("the reason buffers need " + std::to_string(rows * max_reasons_) + " codes and " + std::to_string(rows) +
          " counts");
  }

  template <class F>
  std::size_t run(std::size_t rows, batch_options opt, F&& range) const {
    unsigned threads = opt.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : opt.threads;
    const std::size_t per = std::max<std::size_t>(opt.min_rows_per_thread, 1);
    threads = static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(threads, (rows + per - 1) / per)));
    std::vector<std::size_t> bad(threads, 0);
    auto part = [&](unsigned i) {
      // Chunks of whole multiples of `chunk` rows; each row is computed the same way on any thread.
      const std::size_t chunks = (rows + chunk - 1) / chunk;
      const std::size_t c0 = chunks * i / threads, c1 = chunks * (i + 1) / threads;
      worker w;
      bad[i] = range(std::min(rows, c0 * chunk), std::min(rows, c1 * chunk), w);
    };
    if (threads == 1) {
      part(0);
      return bad[0];
    }
    std::vector<std::thread> pool;
    pool.reserve(threads - 1);
    for (unsigned i = 1; i < threads; ++i) pool.emplace_back(part, i);
    part(0);
    for (auto& t : pool) t.join();
    std::size_t total = 0;
    for (auto b : bad) total += b;
    return total;
  }

  /// Writes the results of the block's n rows from row b0 on and returns how many failed. A
  /// block with no failure and no reasons is a copy: with the grouped kernel below, per-row
  /// work here had become a visible share of bench_scorer's time.
  std::size_t finish_block(std::size_t b0, std::size_t n, worker& w, const batch_output<Real>& out) const noexcept {
    if (!w.failed && out.reasons.empty()) {
      std::copy_n(w.acc.data(), n, out.scores.data() + b0);
      if (!out.status.empty()) std::fill_n(out.status.data() + b0, n, score_status::ok);
      return 0;
    }
    std::size_t bad = 0;
    for (std::size_t i = 0; i < n; ++i) bad += finish_row(b0 + i, i, w, out);
    return bad;
  }

  /// Writes row r's result (score already summed in w.acc[i]) and its reasons.
  std::size_t finish_row(std::size_t r, std::size_t i, worker& w, const batch_output<Real>& out) const noexcept {
    const bool ok = w.fail[i] == none;
    out.scores[r] = ok ? w.acc[i] : std::numeric_limits<Real>::quiet_NaN();
    if (!out.status.empty()) out.status[r] = ok ? score_status::ok : static_cast<score_status>(w.why[i]);
    if (!out.reasons.empty()) {
      std::size_t n = 0;
      if (ok) {
        model::reason_ranker rank(out.reasons.subspan(r * max_reasons_, max_reasons_), max_reasons_);
        const std::size_t m = terms_.size();
        for (std::size_t j = 0; j < m; ++j)
          if (terms_[j].kind != term_kind::linear)
            rank.offer(static_cast<std::uint32_t>(j), w.bins[i * m + j],
                       static_cast<double>(baseline_[j]) - static_cast<double>(w.pts[i * m + j]));
        n = rank.size();
      }
      out.reason_counts[r] = static_cast<std::uint8_t>(n);
    }
    return ok ? 0 : 1;
  }

  /// Sizes the worker's buffers and returns the rows per block.
  std::size_t prepare(worker& w, bool reasons) const {
    const std::size_t b = reasons ? reason_block : block;
    w.acc.resize(b);
    w.v.resize(b);
    w.fail.resize(b);
    w.why.resize(b);
    if (reasons) {
      w.pts.resize(b * terms_.size());
      w.bins.resize(b * terms_.size());
    }
    return b;
  }

  static void mark(worker& w, std::size_t i, std::size_t j, score_status s) noexcept {
    w.failed = true;
    if (w.fail[i] == none) {
      w.fail[i] = static_cast<std::uint32_t>(j);
      w.why[i] = static_cast<std::uint8_t>(s);
    }
  }

  template <class T>
  std::size_t values_range(const input_view<T>& x, std::size_t begin, std::size_t end, const batch_output<Real>& out,
                           worker& w) const {
    const bool reasons = !out.reasons.empty();
    const std::size_t rows_per_block = prepare(w, reasons);
    const std::size_t m = terms_.size();
    std::size_t bad = 0;
    for (std::size_t b0 = begin; b0 < end; b0 += rows_per_block) {
      const std::size_t n = std::min(rows_per_block, end - b0);
      Real* acc = w.acc.data();
      for (std::size_t i = 0; i < n; ++i) acc[i] = base_;
      std::fill_n(w.fail.begin(), n, none);
      w.failed = false;
      for (std::size_t j = 0; j < m; ++j) {
        const term& t = terms_[j];
        if (x.order == layout::column_major && t.kind == term_kind::binned && !reasons) {
          if (fusable(t)) {
            j += fused_group(x, b0, n, j, acc) - 1;
            continue;
          }
          binned_block(t, x.data.data() + j * x.rows + b0, n, acc, w, j);
          continue;
        }
        for (std::size_t i = 0; i < n; ++i) {
          const std::size_t r = b0 + i;
          const T xv = x.order == layout::column_major ? x.data[j * x.rows + r] : x.data[r * m + j];
          Real v = 0;
          std::uint32_t bin = 0;
          const auto st = value_points(t, xv, v, bin);
          if (st != score_status::ok) {
            mark(w, i, j, st);
            v = 0;
          }
          acc[i] += v;
          if (reasons) {
            w.pts[i * m + j] = v;
            w.bins[i * m + j] = bin;
          }
        }
      }
      bad += finish_block(b0, n, w, out);
    }
    return bad;
  }

  /// The common case of a binned term: no special values, missing scores points, few cuts.
  bool fusable(const term& t) const noexcept {
    return t.kind == term_kind::binned && t.n_specials == 0 && !t.missing_is_error && t.n_cuts <= max_fused_cuts;
  }

  /// Scores up to `max_group` consecutive fusable terms from column j on in one pass over the
  /// block and returns how many it took. Several columns per pass keep the running sum in a
  /// register across them and read several streams at once: with this and finish_block's
  /// copy, bench_scorer's share of the one-core read bound went from 0.33 to 0.57–0.66
  /// (docs/performance.md).
  template <class T>
  std::size_t fused_group(const input_view<T>& x, std::size_t b0, std::size_t n, std::size_t j,
                          Real* __restrict acc) const noexcept {
    fused_term<T> g[max_group];
    std::size_t count = 0, cuts = 0;
    for (; count < max_group && j + count < terms_.size() && fusable(terms_[j + count]); ++count) {
      const term& t = terms_[j + count];
      g[count] = {x.data.data() + (j + count) * x.rows + b0, cuts_of<T>(t), points_.data() + t.point_begin,
                  t.n_cuts};
      cuts = std::max(cuts, t.n_cuts);
    }
    fused_dispatch<T>(cuts, count, g, n, acc, std::make_integer_sequence<int, max_fused_cuts + 1>{});
    return count;
  }

  /// One column-major block of a binned term: points by a select per cut (branch-free, so the
  /// compiler vectorises each pass over the block): v = p_0; v = x ≥ c_k ? p_{k+1} : v; ...
  template <class T>
  void binned_block(const term& t, const T* __restrict x, std::size_t n, Real* __restrict acc, worker& w,
                    std::size_t j) const noexcept {
    const Real* p = points_.data() + t.point_begin;
    const T* c = cuts_of<T>(t);
    Real* __restrict v = w.v.data();
    const Real p0 = p[0];
    for (std::size_t i = 0; i < n; ++i) v[i] = p0;
    for (std::size_t k = 0; k < t.n_cuts; ++k) {
      const T ck = c[k];
      const Real pk = p[k + 1];
      for (std::size_t i = 0; i < n; ++i) v[i] = x[i] >= ck ? pk : v[i];
    }
    for (std::size_t s = 0; s < t.n_specials; ++s) {
      const T sv = special_of<T>(t, s);
      const Real ps = p[t.n_regular + s];
      for (std::size_t i = 0; i < n; ++i) v[i] = x[i] == sv ? ps : v[i];
    }
    const Real pm = p[t.n_bins - 1];
    if (t.missing_is_error) {
      for (std::size_t i = 0; i < n; ++i)
        if (x[i] != x[i]) mark(w, i, j, score_status::missing_value), v[i] = 0;
    } else {
      for (std::size_t i = 0; i < n; ++i) v[i] = x[i] != x[i] ? pm : v[i];
    }
    for (std::size_t i = 0; i < n; ++i) acc[i] += v[i];
  }

  static constexpr int max_fused_cuts = 15;
  static constexpr std::size_t max_group = 3;

  /// A fusable term's slice of a block: its column, cut points and points (the missing points
  /// follow the regular ones).
  template <class T>
  struct fused_term {
    const T* x;
    const T* cuts;
    const Real* points;
    std::size_t n_cuts;
  };

  /// G fusable terms with at most NC cuts each, known at compile time: cut points and points
  /// stay in registers. A term with fewer cuts is padded with NaN cut points, which no
  /// comparison passes. Each row's sum is taken in column order, as on every other path, so
  /// the bits do not depend on the grouping.
  template <int NC, int G, class T>
#if defined(__GNUC__)
  [[gnu::always_inline]]
#endif
  static inline void fused_body(const fused_term<T>* g, std::size_t n, Real* __restrict acc) noexcept {
    static_assert(G >= 1 && G <= 3);
    T cc[G][NC > 0 ? NC : 1];
    Real pp[G][NC + 1];
    Real pm[G];
    for (int q = 0; q < G; ++q) {
      const auto own = static_cast<int>(g[q].n_cuts);
      for (int k = 0; k < NC; ++k) cc[q][k] = k < own ? g[q].cuts[k] : std::numeric_limits<T>::quiet_NaN();
      for (int k = 0; k <= NC; ++k) pp[q][k] = k <= own ? g[q].points[k] : Real(0);
      pm[q] = g[q].points[own + 1];
    }
    // Named pointers rather than an array of them: GCC vectorises this form.
    const T* __restrict x0 = g[0].x;
    const T* __restrict x1 = g[G > 1 ? 1 : 0].x;
    const T* __restrict x2 = g[G > 2 ? 2 : 0].x;
    for (std::size_t i = 0; i < n; ++i) {
      Real a = acc[i];
      for (int q = 0; q < G; ++q) {
        const T xi = q == 0 ? x0[i] : q == 1 ? x1[i] : x2[i];
        Real v = pp[q][0];
        for (int k = 0; k < NC; ++k) v = xi >= cc[q][k] ? pp[q][k + 1] : v;
        a += xi != xi ? pm[q] : v;
      }
      acc[i] = a;
    }
  }
  template <int NC, int G, class T>
  static void fused(const fused_term<T>* g, std::size_t n, Real* acc) noexcept {
#if CREDO_ENGINE_AVX2
    // The same operations (compare, select, add) on 8 lanes: the same bits as the default path.
    static const bool avx2 = __builtin_cpu_supports("avx2");
    if (avx2) return fused_avx2<NC, G>(g, n, acc);
#endif
    fused_body<NC, G>(g, n, acc);
  }
#if CREDO_ENGINE_AVX2
  template <int NC, int G, class T>
  [[gnu::target("avx2")]] static void fused_avx2(const fused_term<T>* g, std::size_t n, Real* acc) noexcept {
    fused_body<NC, G>(g, n, acc);
  }
#endif
  template <class T, int... NC>
  static void fused_dispatch(std::size_t cuts, std::size_t count, const fused_term<T>* g, std::size_t n, Real* acc,
                             std::integer_sequence<int, NC...>) noexcept {
    const auto one = [&]<int C>() {
      if (count == 1) fused<C, 1>(g, n, acc);
      else if (count == 2) fused<C, 2>(g, n, acc);
      else fused<C, 3>(g, n, acc);
    };
    (void)((static_cast<std::size_t>(NC) == cuts ? (one.template operator()<NC>(), true) : false) || ...);
  }

  template <class C>
  std::size_t codes_range(const input_view<C>& x, std::size_t begin, std::size_t end, const batch_output<Real>& out,
                          worker& w) const {
    const bool reasons = !out.reasons.empty();
    const std::size_t rows_per_block = prepare(w, reasons);
    const std::size_t m = terms_.size();
    std::size_t bad = 0;
    for (std::size_t b0 = begin; b0 < end; b0 += rows_per_block) {
      const std::size_t n = std::min(rows_per_block, end - b0);
      Real* acc = w.acc.data();
      for (std::size_t i = 0; i < n; ++i) acc[i] = base_;
      std::fill_n(w.fail.begin(), n, none);
      w.failed = false;
      for (std::size_t j = 0; j < m; ++j) {
        const term& t = terms_[j];
        for (std::size_t i = 0; i < n; ++i) {
          const std::size_t r = b0 + i;
          const C code = x.order == layout::column_major ? x.data[j * x.rows + r] : x.data[r * m + j];
          Real v = 0;
          const auto st = code_points(t, code, v);
          if (st != score_status::ok) {
            mark(w, i, j, st);
            v = 0;
          }
          acc[i] += v;
          if (reasons) {
            w.pts[i * m + j] = v;
            w.bins[i * m + j] = static_cast<std::uint32_t>(code);
          }
        }
      }
      bad += finish_block(b0, n, w, out);
    }
    return bad;
  }

  std::vector<term> terms_;
  bool plain_ = false;  // a plain card (see compile_plain); then the next four are filled
  std::vector<std::uint32_t> plain_point_begin_;  // per term: its first point in points_
  std::vector<double> below_;                     // per point: baseline − points, as the ranker is offered; then −∞
  detail::cut_lanes<double> lanes_d_;
  detail::cut_lanes<float> lanes_f_;
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
  model::scaling scale_;
  double factor_ = 0, offset_ = 0;  // scale_'s, computed once (each is a log)
};

}  // namespace credo::engine
