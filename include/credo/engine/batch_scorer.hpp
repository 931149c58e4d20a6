// credo::engine::batch_scorer: a scorecard's flat form (model::flat_card, the one evaluator;
// or a logistic model on raw columns) with the block kernel, for scoring many rows fast, on
// several threads, without allocation per row.
//
//   auto scorer = credo::engine::batch_scorer<float>::compile(card);
//   std::vector<float> scores(rows);
//   scorer.score(credo::engine::input_view<float>{x, rows, credo::engine::layout::column_major},
//                {.scores = scores}, {.threads = 2});
//
// Layout: model::flat_card's (structure of arrays: per characteristic a term with offsets
// into shared arrays of cut points, special values, points per bin, category bins). The input
// is a matrix of numbers, one column per characteristic in card order, float or double,
// row-major or column-major: a numeric characteristic takes its value (NaN = missing); a categorical one
// takes the code of its label in categories(j) (NaN = missing; any other number, e.g. −1 or
// categories(j).size(), is an unseen category). Pre-binned codes (bin indices as in
// credo::binning::bins) are the fast path.
//
// One row goes through the flat form's single-row kernel (or, for a plain card, the plain-card
// kernel of detail/kernels, the same bits), many through block_range. Each row's score is
// base + Σ_j points_j, summed in characteristic order: the same operations as scorecard::score,
// so both give the same bits, and so do 1, 2 or 8 threads. A row that cannot be scored (a
// missing value under missing_action::error, a code out of range, a non-finite input of a
// linear term) gets a status and a NaN score; the batch goes on.
#pragma once

#include <credo/core/error.hpp>
#include <credo/core/table.hpp>
#include <credo/detail/kernels/fused_cuts.hpp>
#include <credo/detail/kernels/plain_card.hpp>
#include <credo/detail/parallel.hpp>
#include <credo/fwd.hpp>
#include <credo/model/flat_card.hpp>
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
#include <type_traits>
#include <utility>
#include <vector>

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

/// The flat form of a card (model::flat_card, the one evaluator) with the block kernel,
/// threads and input views.
template <class Real>
class batch_scorer : public model::flat_card<Real> {
  static_assert(std::is_floating_point_v<Real>, "batch_scorer: Real must be float or double");
  using flat = model::flat_card<Real>;
  using typename flat::term;
  using typename flat::term_kind;
  using flat::terms_, flat::names_, flat::points_, flat::labels_, flat::baseline_, flat::base_, flat::max_reasons_;
  using flat::scale_, flat::factor_, flat::offset_;
  using flat::failed;

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
  template <class R>
  static batch_scorer compile(const model::scorecard<R>& card) {
    batch_scorer s;
    static_cast<flat&>(s) = flat(card.flat());
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
    if (!std::isfinite(intercept))
      CREDO_THROW(invalid_input, "credo.engine.not_finite", "the intercept is not finite");
    batch_scorer s;
    const double factor = scaling.factor(), offset = scaling.offset();
    s.start(static_cast<Real>(offset - factor * intercept), 0, scaling);
    for (std::size_t j = 0; j < names.size(); ++j) {
      if (!std::isfinite(coefficients[j]))
        CREDO_THROW(invalid_input, "credo.engine.not_finite",
                    "the coefficient of " + credo::detail::quoted(names[j]) + " is not finite");
      s.add_linear(std::move(names[j]), static_cast<Real>(-factor * coefficients[j]));
    }
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

  const std::string& name(std::size_t j) const { return names_.at(j); }
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
    return score_values(value, reasons);
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
    return score_values(value, reasons);
  }

  /// size() rounded up to whole lane groups of the plain-card kernel (4 characteristics).
  std::size_t padded_size() const noexcept { return (terms_.size() + 3) / 4 * 4; }

  /// Scores one applicant's pre-binned codes (not for linear terms: bad_code).
  template <class C>
    requires std::is_integral_v<C>
  result_type score_one_bins(std::span<const C> bins, std::span<reason_code> reasons = {}) const noexcept {
    if (bins.size() != terms_.size()) return failed(score_status::bad_code, static_cast<std::uint32_t>(bins.size()));
    return this->score_row(
        [&](std::size_t j, Real& v, std::uint32_t& bin) noexcept { return this->code_point(j, bins[j], v, bin); }, reasons);
  }

  // --- batches -----------------------------------------------------------------------------

  /// Scores every row of `x` into `out`; returns how many rows could not be scored. Throws
  /// credo.engine.size_mismatch when the buffers do not fit the input (before any work).
  template <class T>
    requires std::is_floating_point_v<T>
  std::size_t score(input_view<T> x, batch_output<Real> out, batch_options opt = {}) const {
    check(x.data.size(), x.rows, out);
    return run(x.rows, opt, [&](std::size_t begin, std::size_t end, worker& w) { return block_range(x, begin, end, out, w); });
  }

  /// Scores pre-binned codes (bin indices as in credo::binning::bins; uint8_t, uint16_t or
  /// uint32_t), the fast path.
  template <class C>
    requires std::is_integral_v<C>
  std::size_t score_bins(input_view<C> x, batch_output<Real> out, batch_options opt = {}) const {
    check(x.data.size(), x.rows, out);
    return run(x.rows, opt, [&](std::size_t begin, std::size_t end, worker& w) { return block_range(x, begin, end, out, w); });
  }

private:
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

  /// score_one of any card through the flat form's single-row kernel: characteristic j's
  /// value is value(j).
  template <class Value>
  result_type score_values(const Value& value, std::span<reason_code> reasons) const noexcept {
    return this->score_row(
        [&](std::size_t j, Real& v, std::uint32_t& bin) noexcept { return this->value_point(j, value(j), v, bin); },
        reasons);
  }

  /// A plain card (every term numeric with cut points only: no special value, missing
  /// scores points) is what the engine's scorecards are; score_one then takes the plain-card
  /// kernel (detail/kernels/plain_card.hpp), which gives the general loop's bits and reasons.
  void compile_plain() {
    plain_ = !terms_.empty() && credo::detail::kernels::plain_card<Real>::fits(points_.size());
    for (const term& t : terms_)
      if (t.kind != term_kind::binned || t.n_specials != 0 || t.missing_is_error) plain_ = false;
    if (!plain_) return;
    std::vector<credo::detail::kernels::plain_term> plain(terms_.size());
    for (std::size_t j = 0; j < terms_.size(); ++j) {
      const term& t = terms_[j];
      plain[j] = {{this->template cuts_of<double>(t), t.n_cuts},
                  {this->template cuts_of<float>(t), t.n_cuts},
                  t.n_bins,
                  t.point_begin,
                  static_cast<double>(baseline_[j])};
    }
    plain_card_ = credo::detail::kernels::plain_card<Real>(plain, points_);
  }

  /// score_one of a plain card: characteristic j's value is value(j), read up to
  /// padded_size() when Padded.
  template <class T, bool Padded, class Value>
  result_type score_plain(const Value& value, std::span<reason_code> reasons) const noexcept {
    model::reason_ranker rank(reasons, max_reasons_);
    result_type r;
    r.score = plain_card_.template score<T, Padded>(value, base_, rank);
    r.reasons = static_cast<std::uint32_t>(rank.size());
    return r;
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

  /// range(begin, end, worker) over the rows on opt.threads threads (detail::run_parts over
  /// whole chunks of `chunk` rows, so each row is computed the same way on any thread);
  /// returns the sum of the parts' failed rows.
  template <class F>
  std::size_t run(std::size_t rows, batch_options opt, F&& range) const {
    const std::size_t per = std::max<std::size_t>(opt.min_rows_per_thread, 1);
    const unsigned threads = credo::detail::thread_count(opt.threads, (rows + per - 1) / per);
    std::vector<std::size_t> bad(threads, 0);
    credo::detail::run_parts((rows + chunk - 1) / chunk, threads, [&](unsigned i, std::size_t c0, std::size_t c1) {
      worker w;
      bad[i] = range(std::min(rows, c0 * chunk), std::min(rows, c1 * chunk), w);
    });
    std::size_t total = 0;
    for (auto b : bad) total += b;
    return total;
  }

  /// Writes the results of the block's n rows from row b0 on and returns how many failed. A
  /// block with no failure and no reasons is a copy: per-row work here would otherwise weigh
  /// on the fused kernels (docs/performance.md).
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

  /// The block kernel: rows [begin, end) of x, block by block, each block's running sums
  /// from the base points, then the terms in card order over the block (so each row's sum is
  /// taken in card order, as the single-row kernel's): numbers (T floating point: a value,
  /// or a category code) through flat_card::value_point, pre-binned codes (T integral)
  /// through flat_card::code_point. Column-major numeric input without reasons takes the
  /// select-per-cut pass (binned_block) and the fused kernel (detail/kernels/fused_cuts.hpp)
  /// for the binned terms, the same bits. Returns how many rows failed.
  template <class T>
  std::size_t block_range(const input_view<T>& x, std::size_t begin, std::size_t end, const batch_output<Real>& out,
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
        if constexpr (std::is_floating_point_v<T>) {
          if (x.order == layout::column_major && t.kind == term_kind::binned && !reasons) {
            if (fusable(t)) {
              j += fused_group(x, b0, n, j, acc) - 1;
              continue;
            }
            binned_block(t, x.data.data() + j * x.rows + b0, n, acc, w, j);
            continue;
          }
        }
        for (std::size_t i = 0; i < n; ++i) {
          const std::size_t r = b0 + i;
          const T xv = x.order == layout::column_major ? x.data[j * x.rows + r] : x.data[r * m + j];
          Real v = 0;
          std::uint32_t bin = 0;
          score_status st;
          if constexpr (std::is_floating_point_v<T>) st = this->value_point(j, xv, v, bin);
          else st = this->code_point(j, xv, v, bin);
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
    return t.kind == term_kind::binned && t.n_specials == 0 && !t.missing_is_error &&
           t.n_cuts <= credo::detail::kernels::max_fused_cuts;
  }

  /// Scores up to max_fused_terms consecutive fusable terms from column j on in one pass over
  /// the block (detail/kernels/fused_cuts.hpp) and returns how many it took.
  template <class T>
  std::size_t fused_group(const input_view<T>& x, std::size_t b0, std::size_t n, std::size_t j,
                          Real* acc) const noexcept {
    namespace k = credo::detail::kernels;
    k::fused_term<T, Real> g[k::max_fused_terms];
    std::size_t count = 0;
    for (; count < k::max_fused_terms && j + count < terms_.size() && fusable(terms_[j + count]); ++count) {
      const term& t = terms_[j + count];
      g[count] = {x.data.data() + (j + count) * x.rows + b0, this->template cuts_of<T>(t),
                  points_.data() + t.point_begin, t.n_cuts};
    }
    k::fused_add(g, count, n, acc);
    return count;
  }

  /// One column-major block of a binned term: points by a select per cut (branch-free, so the
  /// compiler vectorises each pass over the block): v = p_0; v = x ≥ c_k ? p_{k+1} : v; ...
  template <class T>
  void binned_block(const term& t, const T* __restrict x, std::size_t n, Real* __restrict acc, worker& w,
                    std::size_t j) const noexcept {
    const Real* p = points_.data() + t.point_begin;
    const T* c = this->template cuts_of<T>(t);
    Real* __restrict v = w.v.data();
    const Real p0 = p[0];
    for (std::size_t i = 0; i < n; ++i) v[i] = p0;
    for (std::size_t k = 0; k < t.n_cuts; ++k) {
      const T ck = c[k];
      const Real pk = p[k + 1];
      for (std::size_t i = 0; i < n; ++i) v[i] = x[i] >= ck ? pk : v[i];
    }
    for (std::size_t s = 0; s < t.n_specials; ++s) {
      const T sv = this->template special_of<T>(t, s);
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

  bool plain_ = false;  // a plain card (see compile_plain); then plain_card_ is filled
  credo::detail::kernels::plain_card<Real> plain_card_;
};

}  // namespace credo::engine
