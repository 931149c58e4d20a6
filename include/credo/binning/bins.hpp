// credo::binning::bins: how one column's values map to bins.
//
// A numeric column is cut at increasing points c1 < ... < ck into right-open intervals
// (-inf, c1), [c1, c2), ..., [ck, +inf). A categorical column is split into groups of
// labels. Both have one bin per user-named special value (numeric only, e.g. -999) and a
// missing bin. Bin index layout (the same in every credo table and encoder):
//
//   0 .. regular()-1                 regular bins (intervals or label groups), in order
//   regular() .. regular()+specials-1  one bin per special value, in the order given
//   size()-1                          the missing bin (always present, possibly empty)
//
// Lookup is total and never throws: NaN and missing labels go to the missing bin, a label
// never seen in training goes to the unseen-category fallback (see unseen_category).
#pragma once

#include <credo/core/error.hpp>
#include <credo/core/table.hpp>
#include <credo/detail/enum_names.hpp>
#include <credo/detail/text.hpp>
#include <credo/fwd.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace credo::binning {

/// Where a categorical label never seen in training goes.
enum class unseen_category {
  missing_bin,   ///< the missing bin (default: an unknown label carries no information)
  largest_bin,   ///< the bin with the most training rows (ties: the lowest index)
  riskiest_bin,  ///< the bin with the highest event rate (ties: the lowest index): conservative
};

}  // namespace credo::binning

template <>
struct credo::detail::enum_names<credo::binning::unseen_category> {
  using e = credo::binning::unseen_category;
  static constexpr enum_name<e> table[] = {
      {e::missing_bin, "missing_bin"}, {e::largest_bin, "largest_bin"}, {e::riskiest_bin, "riskiest_bin"}};
};

namespace credo::binning {

inline const char* to_string(unseen_category u) noexcept { return credo::detail::name_of(u); }

namespace detail {

/// The shortest round-trip text of v (credo::detail::format_shortest). Kept only for
/// model/scorecard.hpp and io/model_file.hpp, which call it by this name; binning itself
/// calls the shared formatter.
inline std::string format_number(double v) { return credo::detail::format_shortest(v); }

struct string_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

}  // namespace detail

class bins {
public:
  /// One regular bin (-inf, +inf) for a numeric column, and the missing bin.
  bins() = default;

  /// Numeric bins at `cuts` (strictly increasing, finite) with one bin per special value.
  /// Throws credo.binning.bad_cut (NaN or infinite cut), credo.binning.cuts_not_increasing,
  /// credo.binning.bad_special (NaN special) or credo.binning.duplicate_special.
  static bins numeric(std::vector<double> cuts, std::vector<double> specials = {},
                      std::string_view column = "") {
    for (std::size_t i = 0; i < cuts.size(); ++i) {
      if (!std::isfinite(cuts[i]))
        CREDO_THROW(invalid_input, "credo.binning.bad_cut",
                    "column " + credo::detail::quoted(column) + ": cut point " + std::to_string(i) +
                        " is " + credo::detail::format_shortest(cuts[i]) + "; cut points must be finite");
      if (i > 0 && !(cuts[i - 1] < cuts[i]))
        CREDO_THROW(invalid_input, "credo.binning.cuts_not_increasing",
                    "column " + credo::detail::quoted(column) + ": cut point " + std::to_string(i) +
                        " (" + credo::detail::format_shortest(cuts[i]) + ") is not above cut point " +
                        std::to_string(i - 1) + " (" + credo::detail::format_shortest(cuts[i - 1]) + ")");
    }
    for (std::size_t i = 0; i < specials.size(); ++i) {
      if (std::isnan(specials[i]))
        CREDO_THROW(invalid_input, "credo.binning.bad_special",
                    "column " + credo::detail::quoted(column) + ": special value " + std::to_string(i) +
                        " is NaN; NaN always goes to the missing bin");
      for (std::size_t j = 0; j < i; ++j)
        if (specials[j] == specials[i])
          CREDO_THROW(invalid_input, "credo.binning.duplicate_special",
                      "column " + credo::detail::quoted(column) + ": special value " +
                          credo::detail::format_shortest(specials[i]) + " is named twice");
    }
    bins b;
    b.kind_ = column_kind::numeric;
    b.cuts_ = std::move(cuts);
    b.specials_ = std::move(specials);
    b.unseen_bin_ = b.missing_bin();
    return b;
  }

  /// Categorical bins: each group is one bin holding its labels. A label may appear in one
  /// group only (credo.binning.duplicate_label); the empty label means missing and may not
  /// appear (credo.binning.empty_label). `unseen` is resolved against training counts when a
  /// binning_table is built; until then unseen labels go to the missing bin.
  static bins categorical(std::vector<std::vector<std::string>> groups,
                          unseen_category unseen = unseen_category::missing_bin,
                          std::string_view column = "") {
    bins b;
    b.kind_ = column_kind::categorical;
    for (std::size_t g = 0; g < groups.size(); ++g)
      for (const auto& label : groups[g]) {
        if (label.empty())
          CREDO_THROW(invalid_input, "credo.binning.empty_label",
                      "column " + credo::detail::quoted(column) + ", group " + std::to_string(g) +
                          ": the empty label means missing and cannot be put in a group");
        if (!b.index_.try_emplace(label, g).second)
          CREDO_THROW(invalid_input, "credo.binning.duplicate_label",
                      "column " + credo::detail::quoted(column) + ": label '" + label +
                          "' is in more than one group");
      }
    b.groups_ = std::move(groups);
    b.unseen_ = unseen;
    b.unseen_bin_ = b.missing_bin();
    return b;
  }

  column_kind kind() const noexcept { return kind_; }
  bool is_numeric() const noexcept { return kind_ == column_kind::numeric; }
  bool is_categorical() const noexcept { return kind_ == column_kind::categorical; }

  /// Regular bins: intervals (cuts + 1) or label groups.
  std::size_t regular() const noexcept { return is_numeric() ? cuts_.size() + 1 : groups_.size(); }
  /// All bins: regular, special, missing.
  std::size_t size() const noexcept { return regular() + specials_.size() + 1; }
  std::size_t special_bin(std::size_t i) const noexcept { return regular() + i; }
  std::size_t missing_bin() const noexcept { return size() - 1; }
  bool is_special_bin(std::size_t bin) const noexcept { return bin >= regular() && bin < missing_bin(); }
  /// Where labels never seen in training go (see unseen_category).
  std::size_t unseen_bin() const noexcept { return unseen_bin_; }
  unseen_category unseen_policy() const noexcept { return unseen_; }

  const std::vector<double>& cuts() const noexcept { return cuts_; }
  const std::vector<double>& specials() const noexcept { return specials_; }
  const std::vector<std::vector<std::string>>& groups() const noexcept { return groups_; }

  /// The bin of a numeric value: NaN → missing, a special value → its bin, otherwise the
  /// interval [c_{j}, c_{j+1}) holding it (±inf fall in the first and last interval).
  /// For categorical bins a number has no meaning: NaN → missing, anything else → unseen.
  std::size_t bin_of(double x) const noexcept {
    if (std::isnan(x)) return missing_bin();
    if (!is_numeric()) return unseen_bin_;
    for (std::size_t i = 0; i < specials_.size(); ++i)
      if (specials_[i] == x) return special_bin(i);
    return static_cast<std::size_t>(std::upper_bound(cuts_.begin(), cuts_.end(), x) - cuts_.begin());
  }

  /// The bin of a label: "" → missing, a training label → its group, any other → unseen.
  /// For numeric bins a label has no meaning and goes to the missing bin.
  std::size_t bin_of(std::string_view label) const noexcept {
    if (label.empty() || !is_categorical()) return missing_bin();
    const auto it = index_.find(label);
    return it == index_.end() ? unseen_bin_ : it->second;
  }

  /// A printable label: "[1400, 1800)", "(-inf, 1400)", "{A, B}", "special -999", "missing".
  std::string label(std::size_t bin) const {
    if (bin >= missing_bin()) return "missing";
    if (is_special_bin(bin)) return "special " + credo::detail::format_shortest(specials_[bin - regular()]);
    if (is_categorical()) {
      std::string s = "{";
      for (std::size_t i = 0; i < groups_[bin].size(); ++i) s += (i ? ", " : "") + groups_[bin][i];
      return s + "}";
    }
    const std::string lo = bin == 0 ? "(-inf" : "[" + credo::detail::format_shortest(cuts_[bin - 1]);
    const std::string hi = bin == cuts_.size() ? "inf)" : credo::detail::format_shortest(cuts_[bin]) + ")";
    return lo + ", " + hi;
  }

  /// Sets the unseen-category bin from training rows and event rates per bin (called by
  /// binning_table). `rows[i]` and `rate[i]` describe bin i.
  void resolve_unseen(const std::vector<double>& rows, const std::vector<double>& rate) noexcept {
    unseen_bin_ = missing_bin();
    if (!is_categorical() || unseen_ == unseen_category::missing_bin) return;
    std::size_t best = missing_bin();
    for (std::size_t i = 0; i < rows.size() && i < size(); ++i) {
      if (!(rows[i] > 0)) continue;
      const double key = unseen_ == unseen_category::largest_bin ? rows[i] : rate[i];
      const double best_key = best == missing_bin() || !(rows[best] > 0)
                                  ? -1.0
                                  : (unseen_ == unseen_category::largest_bin ? rows[best] : rate[best]);
      if (key > best_key) best = i;
    }
    unseen_bin_ = best;
  }

  friend bool operator==(const bins& a, const bins& b) {
    return a.kind_ == b.kind_ && a.cuts_ == b.cuts_ && a.specials_ == b.specials_ &&
           a.groups_ == b.groups_ && a.unseen_ == b.unseen_ && a.unseen_bin_ == b.unseen_bin_;
  }

private:
  column_kind kind_ = column_kind::numeric;
  std::vector<double> cuts_;
  std::vector<double> specials_;
  std::vector<std::vector<std::string>> groups_;
  std::unordered_map<std::string, std::size_t, detail::string_hash, std::equal_to<>> index_;
  unseen_category unseen_ = unseen_category::missing_bin;
  std::size_t unseen_bin_ = 1;  // the missing bin of the default (one interval, no specials)
};

}  // namespace credo::binning
