// credo::binning::binning_table: per bin counts, event rate, WoE and IV of one column.
//
// Conventions (DESIGN.md; Siddiqi 2017, ch. 6; R scorecard's woebin):
//   %good_i = goods_i / Σ goods,   %bad_i = bads_i / Σ bads        (weighted sums)
//   WoE_i   = ln(%good_i / %bad_i)          positive = safer than average
//   IV_i    = (%good_i − %bad_i) · WoE_i    ≥ 0,   IV = Σ_i IV_i
// A bin with no rows (or zero weight) is "empty": WoE 0, IV 0, flagged. A bin with rows but
// no goods or no bads has an infinite WoE; the binning methods merge such regular bins away,
// and where the user fixed a bin (fixed cuts, distinct values, missing and special bins) the
// smoothing policy gives its WoE and the table flags the bin as smoothed. Its IV term keeps
// the unsmoothed shares: IV_i = (%good_i − %bad_i) · WoE_i with the smoothed WoE_i.
#pragma once

#include <credo/binning/bin_counts.hpp>
#include <credo/binning/bins.hpp>
#include <credo/core/error.hpp>
#include <credo/detail/enum_names.hpp>
#include <credo/fwd.hpp>

#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace credo::binning {

/// What a smoothing policy must provide: the WoE of a bin with rows but no goods (g = 0) or
/// no bads (b = 0), given the column's totals G and B (both > 0).
/// One of the zero-denominator family (docs/concepts.md, "Zero denominators").
template <class S>
concept smoothing_policy = requires(const S& s, double g, double b, double G, double B) {
  { s.woe(g, b, G, B) } -> std::convertible_to<double>;
};

namespace smoothing {

/// Adds `constant` to the bin's goods and bads: WoE = ln(((g + c)/G) / ((b + c)/B)).
/// c = 0.5 is the Haldane–Anscombe correction of an empirical log odds ratio.
struct add_constant {
  double constant = 0.5;
  double woe(double g, double b, double G, double B) const {
    return std::log(((g + constant) / G) / ((b + constant) / B));
  }
};

/// Gives the bin WoE 0 (the population's log odds), so it adds nothing to a score.
struct zero_woe {
  double woe(double, double, double, double) const { return 0.0; }
};

}  // namespace smoothing

/// The customary reading of an IV (Siddiqi 2017, ch. 6; R scorecard's iv docs).
enum class strength { useless, weak, medium, strong, suspicious };

/// < 0.02 useless, [0.02, 0.1) weak, [0.1, 0.3) medium, [0.3, 0.5] strong, > 0.5 suspicious
/// (too good to be true: check for leakage of the outcome).
inline strength strength_of(double iv) noexcept {
  if (iv < 0.02) return strength::useless;
  if (iv < 0.1) return strength::weak;
  if (iv < 0.3) return strength::medium;
  if (iv <= 0.5) return strength::strong;
  return strength::suspicious;
}

}  // namespace credo::binning

template <>
struct credo::detail::enum_names<credo::binning::strength> {
  using e = credo::binning::strength;
  static constexpr enum_name<e> table[] = {
      {e::useless, "useless"}, {e::weak, "weak"}, {e::medium, "medium"}, {e::strong, "strong"},
      {e::suspicious, "suspicious"}};
};

namespace credo::binning {

inline const char* to_string(strength s) noexcept { return credo::detail::name_of(s); }

/// One line of a binning table.
struct bin_row {
  std::string label;
  std::uint64_t count = 0;  ///< rows (unweighted)
  double goods = 0;         ///< weighted
  double bads = 0;          ///< weighted
  double event_rate = 0;    ///< bads / (goods + bads); 0 for an empty bin
  double woe = 0;
  double iv = 0;
  bool empty = false;     ///< no rows or zero weight: WoE 0, IV 0
  bool smoothed = false;  ///< rows but no goods or no bads: WoE from the smoothing policy
};

class binning_table {
public:
  using bins_type = credo::binning::bins;

  binning_table() = default;

  /// Builds the table of `column` from its bins and the training counts per bin. Throws
  /// credo.binning.size_mismatch when the counts do not match the bins, and
  /// credo.binning.no_events / no_non_events when the column has no bad / no good weight.
  template <class Smoothing = smoothing::add_constant>
  binning_table(std::string column, bins_type b, const bin_counts& counts, Smoothing smooth = {})
      : column_(std::move(column)), bins_(std::move(b)), counts_(counts) {
    static_assert(smoothing_policy<Smoothing>,
                  "Smoothing must model credo::binning::smoothing_policy: woe(g, b, G, B)");
    if (counts_.size() != bins_.size())
      CREDO_THROW(invalid_input, "credo.binning.size_mismatch",
                  "column " + credo::detail::quoted(column_) + ": " + std::to_string(counts_.size()) +
                      " counted bins for " + std::to_string(bins_.size()) + " bins");
    const double G = counts_.total_goods(), B = counts_.total_bads();
    if (!(B > 0))
      CREDO_THROW(invalid_input, "credo.binning.no_events",
                  "column " + credo::detail::quoted(column_) + ": no bad in any row; WoE is undefined");
    if (!(G > 0))
      CREDO_THROW(invalid_input, "credo.binning.no_non_events",
                  "column " + credo::detail::quoted(column_) + ": no good in any row; WoE is undefined");
    total_goods_ = G;
    total_bads_ = B;
    rows_.resize(bins_.size());
    std::vector<double> weight(bins_.size()), rate(bins_.size());
    for (std::size_t i = 0; i < bins_.size(); ++i) {
      bin_row& r = rows_[i];
      r.label = bins_.label(i);
      r.count = counts_.rows(i);
      r.goods = counts_.goods(i);
      r.bads = counts_.bads(i);
      const double w = r.goods + r.bads;
      weight[i] = r.count > 0 ? w : 0.0;
      if (r.count == 0 || !(w > 0)) {
        r.empty = true;
        continue;
      }
      r.event_rate = r.bads / w;
      rate[i] = r.event_rate;
      if (r.goods > 0 && r.bads > 0) {
        r.woe = std::log((r.goods / G) / (r.bads / B));
      } else {
        r.smoothed = true;
        r.woe = static_cast<double>(smooth.woe(r.goods, r.bads, G, B));
      }
      r.iv = (r.goods / G - r.bads / B) * r.woe;
      iv_ += r.iv;
    }
    bins_.resolve_unseen(weight, rate);
  }

  const std::string& column() const noexcept { return column_; }
  const bins_type& bins() const noexcept { return bins_; }
  const bin_counts& counts() const noexcept { return counts_; }
  const std::vector<bin_row>& rows() const noexcept { return rows_; }
  std::size_t size() const noexcept { return rows_.size(); }
  const bin_row& operator[](std::size_t bin) const { return rows_.at(bin); }

  /// WoE of a bin (precondition: bin < size()).
  double woe(std::size_t bin) const noexcept { return rows_[bin].woe; }
  /// WoE of a numeric value or a label, through bins().bin_of.
  double woe_of(double x) const noexcept { return rows_[bins_.bin_of(x)].woe; }
  double woe_of(std::string_view label) const noexcept { return rows_[bins_.bin_of(label)].woe; }

  double iv() const noexcept { return iv_; }
  binning::strength strength() const noexcept { return strength_of(iv_); }
  double total_goods() const noexcept { return total_goods_; }
  double total_bads() const noexcept { return total_bads_; }
  std::uint64_t total_rows() const noexcept { return counts_.total_rows(); }

  /// What a reader of the table must know before trusting it: the column separates the
  /// target (set by the binning, which sees the rows), or its IV is above 0.5 (suspicious).
  /// Either usually means a leak of the outcome (a column filled in after the decision).
  std::vector<std::string> warnings() const {
    std::vector<std::string> w;
    if (!separation_.empty()) w.push_back("separates the target: " + separation_ + "; likely a leak of the outcome");
    if (strength() == strength::suspicious) {
      char line[128];
      std::snprintf(line, sizeof line, "IV %.4f is above 0.5 (suspicious): check the column for a leak of the outcome",
                    iv_);
      w.push_back(line);
    }
    return w;
  }
  /// Marks the column as separating the target; `how` says where the classes split.
  void set_separation(std::string how) { separation_ = std::move(how); }
  bool separates() const noexcept { return !separation_.empty(); }

private:
  std::string column_;
  bins_type bins_;
  bin_counts counts_;
  std::vector<bin_row> rows_;
  double iv_ = 0;
  double total_goods_ = 0;
  double total_bads_ = 0;
  std::string separation_;
};

/// A column's IV and its strength band, for rankings.
struct iv_entry {
  std::string column;
  double iv = 0;
  binning::strength band = strength::useless;
};

}  // namespace credo::binning
