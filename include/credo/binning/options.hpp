// Options of credo's binning methods, with their defaults (docs/binning.md explains each).
#pragma once

#include <credo/binning/binning_table.hpp>
#include <credo/binning/bins.hpp>
#include <credo/core/error.hpp>
#include <credo/detail/enum_names.hpp>
#include <credo/detail/text.hpp>
#include <credo/fwd.hpp>

#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace credo::binning {

/// How the bins of a column are found.
enum class binning_method {
  optimal,          ///< exact IV-maximising merge of the pre-bins under constraints (default)
  chimerge,         ///< ChiMerge (Kerber 1992) of the pre-bins
  equal_frequency,  ///< the pre-bins themselves (quantiles; categories: event-rate order)
  distinct,         ///< one bin per distinct value or category
  fixed,            ///< the user's cut points (binning_options::cuts); numeric only
};

/// The shape of the event rate across the regular bins, from the lowest values up (numeric)
/// or along the event-rate order of the categories (categorical: always ascending).
/// Adjacent bins differ strictly.
enum class monotonic_trend {
  automatic,   ///< the better (higher IV) of ascending and descending; ties: ascending
  ascending,   ///< event rate rises from bin to bin
  descending,  ///< event rate falls from bin to bin
  peak,        ///< rises, then falls (either part may be empty)
  valley,      ///< falls, then rises (either part may be empty)
  none,        ///< no constraint on the shape
};

/// Which pairs of regular bins binning_options::max_pvalue binds (optbinning's max_pvalue_policy).
enum class pvalue_policy {
  consecutive,  ///< adjacent bins (default)
  all,          ///< every pair of bins
};

}  // namespace credo::binning

template <>
struct credo::detail::enum_names<credo::binning::pvalue_policy> {
  using e = credo::binning::pvalue_policy;
  static constexpr enum_name<e> table[] = {{e::consecutive, "consecutive"}, {e::all, "all"}};
};

template <>
struct credo::detail::enum_names<credo::binning::binning_method> {
  using e = credo::binning::binning_method;
  static constexpr enum_name<e> table[] = {
      {e::optimal, "optimal"}, {e::chimerge, "chimerge"}, {e::equal_frequency, "equal_frequency"},
      {e::distinct, "distinct"}, {e::fixed, "fixed"}};
};

namespace credo::binning {

inline const char* to_string(binning_method m) noexcept { return credo::detail::name_of(m); }
inline const char* to_string(pvalue_policy p) noexcept { return credo::detail::name_of(p); }

}  // namespace credo::binning

template <>
struct credo::detail::enum_names<credo::binning::monotonic_trend> {
  using e = credo::binning::monotonic_trend;
  static constexpr enum_name<e> table[] = {
      {e::automatic, "automatic"}, {e::ascending, "ascending"}, {e::descending, "descending"},
      {e::peak, "peak"}, {e::valley, "valley"}, {e::none, "none"}};
};

namespace credo::binning {

inline const char* to_string(monotonic_trend t) noexcept { return credo::detail::name_of(t); }

/// Run-time settings of one column's binning. Defaults follow optbinning's where it has one.
struct binning_options {
  binning_method method = binning_method::optimal;
  monotonic_trend trend = monotonic_trend::automatic;

  /// At most this many pre-bins (equal-frequency quantiles; categories in event-rate order).
  /// The optimal binning costs O(max_n_bins · n³) time for n pre-bins, hence the cap of 100.
  std::size_t max_n_prebins = 20;
  /// A numeric pre-bin with fewer than floor(min_prebin_size · n) of the n binned rows (ties
  /// pile rows on one value) is merged with its smaller neighbour. In [0, 0.5].
  double min_prebin_size = 0.05;

  /// At most this many regular bins (missing and special bins not counted); none = no limit
  /// beyond the number of pre-bins.
  std::optional<std::size_t> max_n_bins;
  /// A regular bin holds at least this share of the column's total weight. In [0, 0.5].
  double min_bin_size = 0.0;
  /// A regular bin holds at least this weight of goods / bads, and always more than 0
  /// (a bin without goods or bads has no finite WoE).
  double min_bin_n_good = 0.0;
  double min_bin_n_bad = 0.0;
  /// Optimal binning: adjacent regular bins' event rates differ by at least this (optbinning's
  /// min_event_rate_diff). In [0, 1].
  double min_event_rate_diff = 0.0;
  /// Optimal binning: the two-proportion z-test (analysis.hpp) between adjacent regular bins, or
  /// between any two with max_pvalue_policy = all, has a p-value of at most this (optbinning's
  /// max_pvalue). In (0, 1]; none = no test.
  std::optional<double> max_pvalue;
  pvalue_policy max_pvalue_policy = pvalue_policy::consecutive;

  /// ChiMerge stops merging when every adjacent pair differs at this significance level:
  /// the threshold is the (1 − α) quantile of χ² with 1 degree of freedom (3.841 at 0.05).
  double chimerge_significance = 0.05;

  /// Categories holding less than this share of the non-missing rows are pooled into one
  /// "other" pre-bin before optimal, ChiMerge or equal-frequency binning. In [0, 0.5].
  double min_category_share = 0.01;

  /// Cut points of binning_method::fixed: strictly increasing and finite.
  std::vector<double> cuts;
  /// Numeric values that get bins of their own (e.g. -999 "no record").
  std::vector<double> special_values;
  /// Where a category never seen in training goes.
  unseen_category unseen = unseen_category::missing_bin;
  /// What a bin with rows but no goods or no bads gets, for WoE and IV alike
  /// (binning_table.hpp, docs/binning.md "Zero cells").
  zero_cell_rule zero_cells = zero_cell_rule::half;
};

namespace detail {

/// Throws credo.binning.bad_option naming the first option out of its range.
inline void validate(const binning_options& o, std::string_view column) {
  auto bad = [&](const std::string& what) {
    CREDO_THROW(invalid_input, "credo.binning.bad_option",
                "column " + credo::detail::quoted(column) + ": " + what);
  };
  auto share = [&](double v, const char* name) {
    if (!(v >= 0 && v <= 0.5))
      bad(std::string(name) + " = " + credo::detail::format_shortest(v) + " is outside [0, 0.5]");
  };
  if (o.max_n_prebins < 2 || o.max_n_prebins > 100)
    bad("max_n_prebins = " + std::to_string(o.max_n_prebins) + " is outside [2, 100]");
  share(o.min_prebin_size, "min_prebin_size");
  share(o.min_bin_size, "min_bin_size");
  share(o.min_category_share, "min_category_share");
  if (o.max_n_bins && *o.max_n_bins < 1) bad("max_n_bins = 0; at least one bin is needed");
  if (!(o.min_bin_n_good >= 0 && std::isfinite(o.min_bin_n_good)))
    bad("min_bin_n_good = " + credo::detail::format_shortest(o.min_bin_n_good) + " is not a finite number >= 0");
  if (!(o.min_bin_n_bad >= 0 && std::isfinite(o.min_bin_n_bad)))
    bad("min_bin_n_bad = " + credo::detail::format_shortest(o.min_bin_n_bad) + " is not a finite number >= 0");
  if (!(o.min_event_rate_diff >= 0 && o.min_event_rate_diff <= 1))
    bad("min_event_rate_diff = " + credo::detail::format_shortest(o.min_event_rate_diff) + " is outside [0, 1]");
  if (o.max_pvalue && !(*o.max_pvalue > 0 && *o.max_pvalue <= 1))
    bad("max_pvalue = " + credo::detail::format_shortest(*o.max_pvalue) + " is outside (0, 1]");
  if (!(o.chimerge_significance > 0 && o.chimerge_significance < 1))
    bad("chimerge_significance = " + credo::detail::format_shortest(o.chimerge_significance) +
        " is outside (0, 1)");
}

}  // namespace detail

}  // namespace credo::binning
