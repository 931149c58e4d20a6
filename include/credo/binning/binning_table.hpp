// credo::binning::binning_table: per bin counts, event rate, WoE and IV of one column.
//
// Conventions (DESIGN.md; Siddiqi 2017, ch. 6; R scorecard's woebin):
//   %good_i = goods_i / Σ goods,   %bad_i = bads_i / Σ bads        (weighted sums)
//   WoE_i   = ln(%good_i / %bad_i)          positive = safer than average
//   IV_i    = (%good_i − %bad_i) · WoE_i    ≥ 0,   IV = Σ_i IV_i
// A bin with no rows (or zero weight) is "empty": WoE 0, IV 0, flagged. A bin with rows but
// no goods or no bads (a "zero cell") has an infinite WoE. The binning methods merge such
// regular bins away; where the user fixed a bin (fixed cuts, distinct values, missing and
// special bins) the zero-cell rule (zero_cell_rule, an option of the binning) decides, and it
// gives the WoE and the IV term from the same adjusted shares, so IV_i = (%good'_i − %bad'_i) ·
// ln(%good'_i / %bad'_i) always (docs/binning.md, "Zero cells"):
//   half         a zero-cell bin gets 0.5 added to its goods and to its bads; shares of the
//                unchanged totals G, B (the Haldane–Anscombe correction of a log odds:
//                Haldane 1956, Anscombe 1956; the "adjusted WoE" of practitioners)
//   r_scorecard  a zero count of any bin becomes 0.99 and the shares are of the column sums of
//                the replaced counts (R scorecard's woebin and iv: woe_01, miv_01, iv_01)
//   merge        a regular zero-cell bin is merged with its neighbour of fewer rows (R
//                scorecard's initial binning rule), repeatedly, the zero-cell bin with the
//                fewest rows first; special and missing bins, which have no neighbour, and a
//                last regular bin get the half correction
//   zero_woe     the bin gets WoE 0 (the population's log odds) and so IV 0
// Bins whose counts were adjusted are flagged `smoothed`.
#pragma once

#include <credo/binning/bin_counts.hpp>
#include <credo/binning/bins.hpp>
#include <credo/core/error.hpp>
#include <credo/detail/enum_names.hpp>
#include <credo/fwd.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace credo::binning {

/// What a bin with rows but no goods or no bads (a zero cell) gets, for WoE and IV alike
/// (see the file comment; docs/binning.md "Zero cells" has the formulas and sources).
enum class zero_cell_rule {
  half,         ///< +0.5 goods and bads in the bin (Haldane–Anscombe); shares of G and B (default)
  r_scorecard,  ///< every zero count becomes 0.99, shares of the replaced sums (R scorecard)
  merge,        ///< merged with the neighbour of fewer rows; bins without neighbours: half
  zero_woe,     ///< WoE 0 and IV 0
};

}  // namespace credo::binning

template <>
struct credo::detail::enum_names<credo::binning::zero_cell_rule> {
  using e = credo::binning::zero_cell_rule;
  static constexpr enum_name<e> table[] = {
      {e::half, "half"}, {e::r_scorecard, "r_scorecard"}, {e::merge, "merge"}, {e::zero_woe, "zero_woe"}};
};

namespace credo::binning {

inline const char* to_string(zero_cell_rule z) noexcept { return credo::detail::name_of(z); }

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
  bool smoothed = false;  ///< rows but no goods or no bads: WoE and IV from the zero-cell rule
};

class binning_table {
public:
  using bins_type = credo::binning::bins;

  binning_table() = default;

  /// Builds the table of `column` from its bins and the training counts per bin, with the
  /// zero-cell rule `zero_cells` (merge rewrites the bins: bins() then has fewer). Throws
  /// credo.binning.size_mismatch when the counts do not match the bins, and
  /// credo.binning.no_events / no_non_events when the column has no bad / no good weight.
  binning_table(std::string column, bins_type b, const bin_counts& counts,
                zero_cell_rule zero_cells = zero_cell_rule::half)
      : column_(std::move(column)), bins_(std::move(b)), counts_(counts), zero_cells_(zero_cells) {
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
    if (zero_cells_ == zero_cell_rule::merge) merge_zero_cells();
    const std::size_t n = bins_.size();
    rows_.resize(n);
    std::vector<double> weight(n), rate(n);
    // The adjusted goods and bads of each bin and the totals their shares are of.
    std::vector<double> ag(n, 0.0), ab(n, 0.0);
    double AG = G, AB = B;
    bool replaced = false;
    for (std::size_t i = 0; i < n; ++i) {
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
      ag[i] = r.goods;
      ab[i] = r.bads;
      if (r.goods > 0 && r.bads > 0) continue;
      r.smoothed = true;
      switch (zero_cells_) {
        case zero_cell_rule::half:
        case zero_cell_rule::merge:  // what merging left: special, missing or a lone regular bin
          ag[i] += 0.5;
          ab[i] += 0.5;
          break;
        case zero_cell_rule::r_scorecard:
          if (!(ag[i] > 0)) ag[i] = 0.99;
          if (!(ab[i] > 0)) ab[i] = 0.99;
          replaced = true;
          break;
        case zero_cell_rule::zero_woe: break;
      }
    }
    if (replaced) {  // R scorecard: the shares are of the sums of the replaced counts
      AG = AB = 0;
      for (std::size_t i = 0; i < n; ++i) AG += ag[i], AB += ab[i];
    }
    for (std::size_t i = 0; i < n; ++i) {
      bin_row& r = rows_[i];
      if (r.empty || (r.smoothed && zero_cells_ == zero_cell_rule::zero_woe)) continue;
      const double pg = ag[i] / AG, pb = ab[i] / AB;
      r.woe = std::log(pg / pb);
      r.iv = (pg - pb) * r.woe;
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
  /// The zero-cell rule that made the WoE and IV (see the file comment).
  zero_cell_rule zero_cells() const noexcept { return zero_cells_; }
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
  /// zero_cell_rule::merge: while a regular bin has rows but no goods or no bads and another
  /// regular bin exists, the one with the fewest rows (ties: the lowest index) is merged with
  /// its neighbour of fewer rows (ties, and the last bin: the left one; the first bin: the
  /// right one), as R scorecard's woebin merges its initial bins (check_zero_goodbad).
  /// Empty bins (no weight) are not zero cells but may be absorbed as a neighbour.
  void merge_zero_cells() {
    auto zero = [&](std::size_t i) {
      const double g = counts_.goods(i), b = counts_.bads(i);
      return counts_.rows(i) > 0 && g + b > 0 && !(g > 0 && b > 0);
    };
    while (bins_.regular() > 1) {
      const std::size_t k = bins_.regular();
      std::size_t pick = k;
      for (std::size_t i = 0; i < k; ++i)
        if (zero(i) && (pick == k || counts_.rows(i) < counts_.rows(pick))) pick = i;
      if (pick == k) return;
      std::size_t left;  // bins left and left + 1 become one
      if (pick == 0) left = 0;
      else if (pick + 1 == k) left = pick - 1;
      else left = counts_.rows(pick - 1) > counts_.rows(pick + 1) ? pick : pick - 1;
      bin_counts merged(bins_.size() - 1);
      for (std::size_t i = 0; i < bins_.size(); ++i) {
        const std::size_t to = i <= left ? i : i - 1;
        merged.add(to, counts_.goods(i), counts_.bads(i), counts_.rows(i));
      }
      if (bins_.is_numeric()) {
        auto cuts = bins_.cuts();
        cuts.erase(cuts.begin() + static_cast<std::ptrdiff_t>(left));
        bins_ = bins_type::numeric(std::move(cuts), bins_.specials(), column_);
      } else {
        auto groups = bins_.groups();
        groups[left].insert(groups[left].end(), groups[left + 1].begin(), groups[left + 1].end());
        groups.erase(groups.begin() + static_cast<std::ptrdiff_t>(left) + 1);
        bins_ = bins_type::categorical(std::move(groups), bins_.unseen_policy(), column_);
      }
      counts_ = std::move(merged);
    }
  }

  std::string column_;
  bins_type bins_;
  bin_counts counts_;
  zero_cell_rule zero_cells_ = zero_cell_rule::half;
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
