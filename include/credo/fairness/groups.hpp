// Groups for fairness measures: from one categorical column, from numeric columns banded by
// cut points, from several columns at once (intersectional groups such as sex x age band),
// or from membership probabilities per row (as a BISG proxy gives), which act as weights.
//
// A row whose group value is missing falls in a group of its own, "(missing)", so that no
// row is dropped silently. Groups are the values that occur in the data, in the order of
// their codes (categorical) or bands (numeric); a group column with one value is an error
// (credo.fairness.one_group), since there is nothing to compare.
#pragma once

#include <credo/core/error.hpp>
#include <credo/core/table.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace credo::fairness {

/// The label of the group that collects rows whose group value is missing.
inline constexpr std::string_view missing_group = "(missing)";

/// One column that defines groups. A categorical column gives a group per label; a numeric
/// column needs `cuts`, which band it into right-closed intervals as pandas.cut does:
/// cuts {25} give "age <= 25" and "age > 25"; cuts {25, 40} add "25 < age <= 40".
struct group_by {
  std::string column;
  std::vector<double> cuts = {};
};

/// Which group each row belongs to: either one group per row (`index`), or a probability
/// per row and group (`membership`, row-major, each row summing to 1).
class group_assignment {
public:
  group_assignment() = default;

  /// Hard groups: `index[r]` is the group of row r, an index into `names`.
  static group_assignment hard(std::vector<std::string> names, std::vector<std::int32_t> index) {
    check_names(names);
    const auto g = static_cast<std::int32_t>(names.size());
    for (std::size_t r = 0; r < index.size(); ++r)
      if (index[r] < 0 || index[r] >= g)
        CREDO_THROW(invalid_input, "credo.fairness.bad_group",
                    "row " + std::to_string(r) + ": group " + std::to_string(index[r]) +
                        " is outside the " + std::to_string(g) + " groups");
    group_assignment a;
    a.names_ = std::move(names);
    a.index_ = std::move(index);
    a.rows_ = a.index_.size();
    return a;
  }

  /// Soft groups: `membership[r * names.size() + g]` is the probability that row r belongs
  /// to group g (e.g. a BISG race/ethnicity proxy). Each row's probabilities must be >= 0
  /// and sum to 1 within 1e-6.
  static group_assignment probabilities(std::vector<std::string> names,
                                        std::vector<double> membership) {
    check_names(names);
    const std::size_t g = names.size();
    if (membership.size() % g != 0)
      CREDO_THROW(invalid_input, "credo.fairness.length_mismatch",
                  "membership has " + std::to_string(membership.size()) +
                      " values, not a multiple of the " + std::to_string(g) + " groups");
    const std::size_t rows = membership.size() / g;
    for (std::size_t r = 0; r < rows; ++r) {
      double sum = 0;
      for (std::size_t k = 0; k < g; ++k) {
        const double p = membership[r * g + k];
        if (!(p >= 0 && p <= 1))
          CREDO_THROW(invalid_input, "credo.fairness.bad_membership",
                      "row " + std::to_string(r) + ", group '" + names[k] +
                          "': membership probability is not in [0, 1]");
        sum += p;
      }
      if (std::abs(sum - 1) > 1e-6)
        CREDO_THROW(invalid_input, "credo.fairness.bad_membership",
                    "row " + std::to_string(r) + ": membership probabilities sum to " +
                        std::to_string(sum) + ", not 1");
    }
    group_assignment a;
    a.names_ = std::move(names);
    a.membership_ = std::move(membership);
    a.rows_ = rows;
    return a;
  }

  std::size_t rows() const noexcept { return rows_; }
  std::size_t groups() const noexcept { return names_.size(); }
  const std::vector<std::string>& names() const noexcept { return names_; }
  bool is_soft() const noexcept { return !membership_.empty(); }

  /// The group of row r (hard groups only).
  std::int32_t group_of(std::size_t r) const noexcept { return index_[r]; }
  std::span<const std::int32_t> index() const noexcept { return index_; }
  /// The membership probabilities of row r (soft groups only).
  std::span<const double> membership(std::size_t r) const noexcept {
    return std::span<const double>(membership_).subspan(r * names_.size(), names_.size());
  }

  /// The index of the group called `name`; throws credo.fairness.unknown_group.
  std::size_t find(std::string_view name) const {
    for (std::size_t i = 0; i < names_.size(); ++i)
      if (names_[i] == name) return i;
    std::string known;
    for (const auto& n : names_) known += (known.empty() ? "" : ", ") + detail::quoted(n);
    CREDO_THROW(invalid_input, "credo.fairness.unknown_group",
                "no group " + detail::quoted(name) + " (groups: " + known + ")");
  }

  friend bool operator==(const group_assignment&, const group_assignment&) = default;

private:
  static void check_names(const std::vector<std::string>& names) {
    if (names.size() < 2)
      CREDO_THROW(invalid_input, "credo.fairness.one_group",
                  std::to_string(names.size()) +
                      " group(s) given; a comparison needs at least two");
    for (std::size_t i = 0; i < names.size(); ++i)
      for (std::size_t j = 0; j < i; ++j)
        if (names[i] == names[j])
          CREDO_THROW(invalid_input, "credo.fairness.duplicate_group",
                      "group " + detail::quoted(names[i]) + " is named twice");
  }

  std::vector<std::string> names_;
  std::vector<std::int32_t> index_;
  std::vector<double> membership_;
  std::size_t rows_ = 0;
};

namespace detail {

inline std::string number_text(double v) {
  std::string s = std::to_string(v);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

/// Per-row codes (-1 = missing) and labels of one grouping column.
struct coded_column {
  std::vector<std::int32_t> codes;
  std::vector<std::string> labels;
};

inline coded_column code_column(const table& t, const group_by& by) {
  const column& c = t[by.column];
  coded_column out;
  if (c.is_categorical()) {
    if (!by.cuts.empty())
      CREDO_THROW(invalid_input, "credo.fairness.cuts_on_categorical",
                  "column " + credo::detail::quoted(by.column) +
                      " is categorical; cut points apply to numeric columns");
    out.codes.assign(c.codes().begin(), c.codes().end());
    out.labels = c.dictionary();
    return out;
  }
  if (by.cuts.empty())
    CREDO_THROW(invalid_input, "credo.fairness.no_cuts",
                "column " + credo::detail::quoted(by.column) +
                    " is numeric; give cut points to band it into groups");
  for (std::size_t i = 0; i < by.cuts.size(); ++i)
    if (!std::isfinite(by.cuts[i]) || (i > 0 && !(by.cuts[i] > by.cuts[i - 1])))
      CREDO_THROW(invalid_input, "credo.fairness.bad_cuts",
                  "column " + credo::detail::quoted(by.column) +
                      ": cut points must be finite and strictly increasing");
  const auto& cuts = by.cuts;
  const std::string& n = by.column;
  out.labels.push_back(n + " <= " + number_text(cuts.front()));
  for (std::size_t i = 1; i < cuts.size(); ++i)
    out.labels.push_back(number_text(cuts[i - 1]) + " < " + n + " <= " + number_text(cuts[i]));
  out.labels.push_back(n + " > " + number_text(cuts.back()));
  out.codes.reserve(c.size());
  for (double v : c.values()) {
    if (std::isnan(v)) {
      out.codes.push_back(column::missing_code);
      continue;
    }
    // Right-closed bands: the band of v is the number of cuts strictly below v.
    const auto k = std::lower_bound(cuts.begin(), cuts.end(), v) - cuts.begin();
    out.codes.push_back(static_cast<std::int32_t>(k));
  }
  return out;
}

}  // namespace detail

/// Groups from one or more columns of a table. With several columns the groups are their
/// intersections (e.g. "female & age <= 25"), joined by " & ", one per combination that
/// occurs in the data, ordered by the columns' codes. Only values that occur are groups;
/// a missing value is the group "(missing)" of its column.
inline group_assignment groups_from(const table& t, const std::vector<group_by>& by) {
  if (by.empty())
    CREDO_THROW(invalid_input, "credo.fairness.no_group_column", "no group column given");
  std::vector<detail::coded_column> cols;
  for (const auto& b : by) cols.push_back(detail::code_column(t, b));
  // Key of a row: its codes, with missing mapped past the last label so it sorts last.
  std::map<std::vector<std::int32_t>, std::int32_t> seen;
  std::vector<std::vector<std::int32_t>> keys(t.rows());
  for (std::size_t r = 0; r < t.rows(); ++r) {
    auto& key = keys[r];
    for (const auto& c : cols)
      key.push_back(c.codes[r] == column::missing_code ? static_cast<std::int32_t>(c.labels.size())
                                                       : c.codes[r]);
    seen.emplace(key, 0);
  }
  std::vector<std::string> names;
  for (auto& [key, id] : seen) {
    id = static_cast<std::int32_t>(names.size());
    std::string name;
    for (std::size_t j = 0; j < cols.size(); ++j) {
      if (j) name += " & ";
      const auto k = static_cast<std::size_t>(key[j]);
      name += k < cols[j].labels.size() ? cols[j].labels[k] : std::string(missing_group);
    }
    names.push_back(std::move(name));
  }
  if (names.size() < 2) {
    std::string cs;
    for (const auto& b : by) cs += (cs.empty() ? "" : ", ") + credo::detail::quoted(b.column);
    CREDO_THROW(invalid_input, "credo.fairness.one_group",
                "column(s) " + cs + ": every row is in the one group " +
                    (names.empty() ? std::string("(none: the table is empty)")
                                   : credo::detail::quoted(names.front())) +
                    "; a comparison needs at least two");
  }
  std::vector<std::int32_t> index(t.rows());
  for (std::size_t r = 0; r < t.rows(); ++r) index[r] = seen.at(keys[r]);
  return group_assignment::hard(std::move(names), std::move(index));
}

/// Groups from one column (categorical, or numeric with cut points).
inline group_assignment groups_from(const table& t, const group_by& by) {
  return groups_from(t, std::vector<group_by>{by});
}

}  // namespace credo::fairness
