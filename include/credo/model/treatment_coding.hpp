// Treatment (dummy) coding of categorical columns for a logistic regression on raw columns,
// as patsy's C(x, Treatment(reference='A')) in a statsmodels formula.
//
//   credo::model::treatment_coding tc(train, {"duration", "housing"}, {{"housing", "own"}});
//   lr.fit(tc.transform(train), train.target(), tc.names());
//   // names: duration, housing[T.for free], housing[T.rent]
//
// A numeric column passes through under its own name. A categorical column with levels
// L_1 < ... < L_m (the labels its rows hold, sorted by byte, which is patsy's sorted() for
// ASCII and UTF-8 labels) and baseline L_b becomes m − 1 columns, one per other level in
// that order, 1 where the row holds the level and 0 elsewhere; the baseline's rows are 0 in
// every one, so each coefficient is the log odds ratio of its level against the baseline.
// The default baseline is the first level, as patsy's Treatment(). A dummy is named
// "column[T.level]": patsy's name for the term of a categorical column under its default
// coding; with an explicit reference patsy writes the term as
// "C(column, Treatment(reference='A'))[T.level]", which credo shortens to the column's name.
// References: patsy's documentation, "Coding schemes" (Treatment); Hosmer, Lemeshow &
// Sturdivant 2013, sec. 3.3 (reference-cell coding).
#pragma once

#include <credo/core/error.hpp>
#include <credo/core/table.hpp>
#include <credo/detail/text.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace credo::model {

/// Treatment coding of a table's columns (numeric ones kept, categorical ones as dummies).
class treatment_coding {
public:
  /// One column of the design matrix.
  struct design_column {
    std::string name;    ///< "duration" or "housing[T.rent]"
    std::string source;  ///< the table's column
    bool dummy = false;  ///< a level of a categorical column
    std::string level;   ///< its level (dummy only)
  };

  treatment_coding() = default;

  /// Learns the levels of the categorical columns among `columns` of `t`. `baselines` names the
  /// reference level of a categorical column (column → level); the others take their first
  /// level. Throws credo.table.unknown_column (a column not in t), credo.model.bad_baseline (a
  /// baseline for a column not among `columns` or not categorical), credo.model.missing_level
  /// (a categorical row without a level: patsy would drop the row, credo asks),
  /// credo.model.constant_column (a categorical column with one level: no contrast) and
  /// credo.model.unknown_level (a baseline level no row holds; the message lists the levels).
  treatment_coding(const table& t, std::vector<std::string> columns,
                   const std::map<std::string, std::string, std::less<>>& baselines = {}) {
    for (const auto& [col, level] : baselines)
      if (std::find(columns.begin(), columns.end(), col) == columns.end())
        CREDO_THROW(invalid_input, "credo.model.bad_baseline",
                    "a baseline level is given for column " + credo::detail::quoted(col) +
                        ", which is not among the columns to code");
    for (const auto& name : columns) {
      const column& c = t[name];
      source s;
      s.name = name;
      s.categorical = c.kind() == column_kind::categorical;
      const auto given = baselines.find(name);
      if (!s.categorical) {
        if (given != baselines.end())
          CREDO_THROW(invalid_input, "credo.model.bad_baseline",
                      "column " + credo::detail::quoted(name) + " is numeric; a baseline level is for a categorical column");
        design_.push_back({name, name, false, {}});
        sources_.push_back(std::move(s));
        continue;
      }
      // The levels the rows hold (a dictionary may keep labels no row uses).
      const auto codes = c.codes();
      std::vector<std::uint8_t> used(c.dictionary().size(), 0);
      for (std::size_t r = 0; r < codes.size(); ++r) {
        if (codes[r] == column::missing_code)
          CREDO_THROW(invalid_input, "credo.model.missing_level",
                      "column " + credo::detail::quoted(name) + ", row " + std::to_string(r) +
                          ": no level (a missing value); treatment coding needs a level in every row: drop the row or "
                          "give the missing value a label");
        used[static_cast<std::size_t>(codes[r])] = 1;
      }
      for (std::size_t k = 0; k < used.size(); ++k)
        if (used[k]) s.levels.push_back(c.dictionary()[k]);
      std::sort(s.levels.begin(), s.levels.end());
      s.levels.erase(std::unique(s.levels.begin(), s.levels.end()), s.levels.end());
      if (s.levels.size() < 2)
        CREDO_THROW(invalid_input, "credo.model.constant_column",
                    "column " + credo::detail::quoted(name) + " holds one level" +
                        (s.levels.empty() ? std::string() : " (" + credo::detail::quoted(s.levels[0]) + ")") +
                        " in every row: it has no contrast to code; drop it");
      s.baseline = s.levels.front();
      if (given != baselines.end()) {
        if (std::find(s.levels.begin(), s.levels.end(), given->second) == s.levels.end())
          CREDO_THROW(invalid_input, "credo.model.unknown_level",
                      "column " + credo::detail::quoted(name) + ": baseline level " +
                          credo::detail::quoted(given->second) + " is not among its levels " + list(s.levels));
        s.baseline = given->second;
      }
      for (const auto& level : s.levels)
        if (level != s.baseline) design_.push_back({name + "[T." + level + "]", name, true, level});
      sources_.push_back(std::move(s));
    }
    for (const auto& d : design_) names_.push_back(d.name);
  }

  /// The design matrix of `t` (rows of t, one column per names() entry). Throws
  /// credo.table.unknown_column, credo.model.missing_level, and credo.model.unknown_level for a
  /// level the coding was not made with (the row; patsy refuses it too).
  Eigen::MatrixXd transform(const table& t) const {
    const auto n = static_cast<Eigen::Index>(t.rows());
    Eigen::MatrixXd x = Eigen::MatrixXd::Zero(n, static_cast<Eigen::Index>(design_.size()));
    Eigen::Index j = 0;
    for (const auto& s : sources_) {
      const column& c = t[s.name];
      if (!s.categorical) {
        if (c.kind() != column_kind::numeric)
          CREDO_THROW(invalid_input, "credo.model.bad_baseline",
                      "column " + credo::detail::quoted(s.name) + " was numeric when the coding was made and is categorical here");
        const auto v = c.values();
        for (Eigen::Index i = 0; i < n; ++i) x(i, j) = v[static_cast<std::size_t>(i)];
        ++j;
        continue;
      }
      if (c.kind() != column_kind::categorical)
        CREDO_THROW(invalid_input, "credo.model.bad_baseline",
                    "column " + credo::detail::quoted(s.name) + " was categorical when the coding was made and is numeric here");
      // Each dictionary code's dummy column (−1: the baseline, −2: a level not coded).
      std::vector<Eigen::Index> column_of(c.dictionary().size(), -2);
      for (std::size_t k = 0; k < c.dictionary().size(); ++k) {
        const auto& label = c.dictionary()[k];
        if (label == s.baseline) {
          column_of[k] = -1;
          continue;
        }
        Eigen::Index at = j;
        for (const auto& level : s.levels) {
          if (level == s.baseline) continue;
          if (level == label) {
            column_of[k] = at;
            break;
          }
          ++at;
        }
      }
      const auto codes = c.codes();
      for (Eigen::Index i = 0; i < n; ++i) {
        const auto code = codes[static_cast<std::size_t>(i)];
        if (code == column::missing_code)
          CREDO_THROW(invalid_input, "credo.model.missing_level",
                      "column " + credo::detail::quoted(s.name) + ", row " + std::to_string(i) +
                          ": no level (a missing value); treatment coding needs a level in every row");
        const Eigen::Index at = column_of[static_cast<std::size_t>(code)];
        if (at == -2)
          CREDO_THROW(invalid_input, "credo.model.unknown_level",
                      "column " + credo::detail::quoted(s.name) + ", row " + std::to_string(i) + ": level " +
                          credo::detail::quoted(c.dictionary()[static_cast<std::size_t>(code)]) +
                          " was not among the levels the coding was made with " + list(s.levels));
        if (at >= 0) x(i, at) = 1;
      }
      j += static_cast<Eigen::Index>(s.levels.size()) - 1;
    }
    return x;
  }

  /// The design matrix's column names, in order.
  const std::vector<std::string>& names() const noexcept { return names_; }
  /// The design matrix's columns with their source column and level.
  const std::vector<design_column>& design() const noexcept { return design_; }
  /// The sorted levels of a categorical column (credo.model.bad_baseline for another column).
  const std::vector<std::string>& levels(std::string_view column) const { return categorical(column).levels; }
  /// The baseline level of a categorical column (credo.model.bad_baseline for another column).
  const std::string& baseline(std::string_view column) const { return categorical(column).baseline; }

private:
  struct source {
    std::string name;
    bool categorical = false;
    std::vector<std::string> levels;  // sorted
    std::string baseline;
  };

  const source& categorical(std::string_view column) const {
    for (const auto& s : sources_)
      if (s.name == column && s.categorical) return s;
    CREDO_THROW(invalid_input, "credo.model.bad_baseline",
                "column " + credo::detail::quoted(column) + " is not a categorical column of the coding");
  }

  static std::string list(const std::vector<std::string>& levels) {
    std::string s = "(";
    for (std::size_t i = 0; i < levels.size(); ++i) s += (i ? ", " : "") + credo::detail::quoted(levels[i]);
    return s + ")";
  }

  std::vector<source> sources_;
  std::vector<design_column> design_;
  std::vector<std::string> names_;
};

}  // namespace credo::model
