// Coverage counts and reports: how many persons a bureau cannot see, sees but cannot score,
// and can score — overall, by segment (any categorical column of the persons, a protected
// attribute among them) — and how full each feature column is.
#pragma once

#include <credo/core/error.hpp>
#include <credo/core/table.hpp>
#include <credo/coverage/rule.hpp>
#include <credo/features/records.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace credo::coverage {

/// Weighted counts of persons by file_status. An accumulator: add persons, merge partial
/// counts (threads, ranks, batches) with +=.
struct coverage_counts {
  double invisible = 0;
  double unscoreable = 0;
  double scoreable = 0;

  void operator()(file_status s, double weight = 1) {
    (s == file_status::invisible ? invisible : s == file_status::unscoreable ? unscoreable : scoreable) += weight;
  }
  coverage_counts& operator+=(const coverage_counts& o) {
    invisible += o.invisible;
    unscoreable += o.unscoreable;
    scoreable += o.scoreable;
    return *this;
  }
  friend bool operator==(const coverage_counts&, const coverage_counts&) = default;
  /// Writes or reads the state (credo/core/archive.hpp).
  template <class Archive>
  void serialize(Archive& ar) {
    ar(invisible, unscoreable, scoreable);
  }

  double total() const noexcept { return invisible + unscoreable + scoreable; }
  /// Persons with at least one seen record.
  double with_file() const noexcept { return unscoreable + scoreable; }
  /// Shares of the total; NaN for an empty count.
  double share_invisible() const noexcept { return share(invisible); }
  double share_unscoreable() const noexcept { return share(unscoreable); }
  double share_scoreable() const noexcept { return share(scoreable); }

private:
  double share(double x) const noexcept {
    const double t = total();
    return t > 0 ? x / t : std::numeric_limits<double>::quiet_NaN();
  }
};

/// Coverage counts by the labels of one categorical column (a segment or protected group).
struct segment_coverage {
  std::string column;
  std::vector<std::string> labels;      // by code
  std::vector<coverage_counts> counts;  // by code
  coverage_counts missing;              // persons whose label is missing

  /// Writes or reads the state (credo/core/archive.hpp).
  template <class Archive>
  void serialize(Archive& ar) {
    ar(column, labels, counts, missing);
  }

  /// The counts of label `label`; throws credo.coverage.unknown_label.
  const coverage_counts& operator[](std::string_view label) const {
    for (std::size_t i = 0; i < labels.size(); ++i)
      if (labels[i] == label) return counts[i];
    CREDO_THROW(invalid_input, "credo.coverage.unknown_label",
                "segment " + credo::detail::quoted(column) + " has no label " +
                    credo::detail::quoted(label));
  }
  segment_coverage& operator+=(const segment_coverage& o) {
    if (o.column != column || o.labels != labels)
      CREDO_THROW(invalid_input, "credo.coverage.merge_mismatch",
                  "segment " + credo::detail::quoted(column) + ": cannot merge counts of segment " +
                      credo::detail::quoted(o.column) + " with other labels");
    for (std::size_t i = 0; i < counts.size(); ++i) counts[i] += o.counts[i];
    missing += o.missing;
    return *this;
  }
  friend bool operator==(const segment_coverage&, const segment_coverage&) = default;
};

/// Overall coverage and coverage by each requested segment column.
struct coverage_report {
  coverage_counts overall;
  std::vector<segment_coverage> segments;

  /// Writes or reads the state (credo/core/archive.hpp).
  template <class Archive>
  void serialize(Archive& ar) {
    ar(overall, segments);
  }

  const segment_coverage& segment(std::string_view name) const {
    for (const auto& s : segments)
      if (s.column == name) return s;
    CREDO_THROW(invalid_input, "credo.coverage.unknown_segment",
                "the report has no segment " + credo::detail::quoted(name));
  }
  coverage_report& operator+=(const coverage_report& o) {
    overall += o.overall;
    if (o.segments.size() != segments.size())
      CREDO_THROW(invalid_input, "credo.coverage.merge_mismatch",
                  "cannot merge reports over different segment columns");
    for (std::size_t i = 0; i < segments.size(); ++i) segments[i] += o.segments[i];
    return *this;
  }
  friend bool operator==(const coverage_report&, const coverage_report&) = default;
};

struct report_options {
  /// Sources in use (bit s = source s); default all.
  source_mask sources = features::all_sources;
  /// Segment columns of the persons to break the counts down by (e.g. {"region", "group"}).
  std::vector<std::string> segments;
};

/// Coverage of a population under a rule: each person's file_status from the sources in
/// use, counted overall and by segment.
template <scoreability_rule Rule = recent_and_seasoned, class T, class Q>
coverage_report report(const features::population<T, Q>& pop, const Rule& rule = {},
                       const report_options& options = {}) {
  coverage_report r;
  std::vector<const column*> cols;
  for (const auto& name : options.segments) {
    const column& c = pop.persons().segment(name);
    if (!c.is_categorical())
      CREDO_THROW(invalid_input, "credo.coverage.segment_not_categorical",
                  "segment " + credo::detail::quoted(name) + " is numeric; coverage by segment "
                  "needs a categorical column");
    cols.push_back(&c);
    r.segments.push_back({name, c.dictionary(), std::vector<coverage_counts>(c.dictionary().size()), {}});
  }
  for (std::size_t p = 0; p < pop.size(); ++p) {
    const auto st = status_of(pop, p, rule, options.sources);
    r.overall(st);
    for (std::size_t j = 0; j < cols.size(); ++j) {
      const auto code = cols[j]->codes()[p];
      if (code == column::missing_code) r.segments[j].missing(st);
      else r.segments[j].counts[static_cast<std::size_t>(code)](st);
    }
  }
  return r;
}

/// Fill rate of each column of a feature table: the share of rows that are not missing.
/// An accumulator over rows of values (NaN = missing), mergeable with +=.
class fill_rates {
public:
  fill_rates() = default;
  explicit fill_rates(std::vector<std::string> names)
      : names_(std::move(names)), filled_(names_.size(), 0.0) {}
  /// The fill counts of every column of `t` (numeric NaN or categorical missing code = empty).
  explicit fill_rates(const table& t) : fill_rates(t.names()) {
    for (std::size_t j = 0; j < t.columns(); ++j)
      for (std::size_t r = 0; r < t.rows(); ++r) filled_[j] += t.at(j).is_missing(r) ? 0 : t.weight(r);
    for (std::size_t r = 0; r < t.rows(); ++r) rows_ += t.weight(r);
  }

  void operator()(std::span<const double> row, double weight = 1) {
    if (row.size() != filled_.size())
      CREDO_THROW(invalid_input, "credo.coverage.row_size",
                  "the row has " + std::to_string(row.size()) + " values, the fill rates " +
                      std::to_string(filled_.size()) + " columns");
    for (std::size_t j = 0; j < row.size(); ++j) filled_[j] += std::isnan(row[j]) ? 0 : weight;
    rows_ += weight;
  }
  fill_rates& operator+=(const fill_rates& o) {
    if (o.names_ != names_)
      CREDO_THROW(invalid_input, "credo.coverage.merge_mismatch",
                  "cannot merge fill rates over different columns");
    for (std::size_t j = 0; j < filled_.size(); ++j) filled_[j] += o.filled_[j];
    rows_ += o.rows_;
    return *this;
  }
  friend bool operator==(const fill_rates&, const fill_rates&) = default;
  /// Writes or reads the state (credo/core/archive.hpp).
  template <class Archive>
  void serialize(Archive& ar) {
    ar(names_, filled_, rows_);
    ar.check(filled_.size() == names_.size(), "fill_rates: not one count per column");
  }

  const std::vector<std::string>& names() const noexcept { return names_; }
  double rows() const noexcept { return rows_; }
  double filled(std::size_t j) const { return filled_.at(j); }
  /// filled / rows of column j; NaN with no rows.
  double rate(std::size_t j) const {
    return rows_ > 0 ? filled_.at(j) / rows_ : std::numeric_limits<double>::quiet_NaN();
  }
  double rate(std::string_view name) const {
    for (std::size_t j = 0; j < names_.size(); ++j)
      if (names_[j] == name) return rate(j);
    CREDO_THROW(invalid_input, "credo.coverage.unknown_column",
                "no column " + credo::detail::quoted(name) + " in the fill rates");
  }

private:
  std::vector<std::string> names_;
  std::vector<double> filled_;
  double rows_ = 0;
};

}  // namespace credo::coverage
