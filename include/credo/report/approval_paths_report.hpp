// The HTML page of credo explain --html (docs/path_to_approval.md): what the paths to approval
// of model::path_to_approval say about a population of declined applicants. How many have a
// path and how many do not; how many characteristics a path changes; and, per actionable
// characteristic, how often a path changes it and the points it brings. A lender reads it to
// see which levers its declined applicants have, and a validator to see that no path leans on
// one characteristic alone. The first declined applicants' paths are listed as examples.
//
// The summary is an accumulator (fill with add, merge with +=, compare with ==), as every
// statistic over rows in credo is, so it streams over chunks in bounded memory.
#pragma once

#include <credo/detail/text.hpp>
#include <credo/model/path_to_approval.hpp>
#include <credo/report/html.hpp>
#include <credo/report/svg.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace credo::report {

class approval_path_summary {
public:
  approval_path_summary() = default;
  /// For the characteristics of `card`; keeps the first `max_examples` declined applicants' paths.
  template <class Card>
  explicit approval_path_summary(const Card& card, std::size_t max_examples = 50) : max_examples_(max_examples) {
    for (std::size_t j = 0; j < card.size(); ++j) names_.push_back(card.characteristic(j).name);
    changed_.assign(names_.size(), 0);
    points_.assign(names_.size(), 0.0);
  }

  /// An applicant the card could not score (a cell it cannot read).
  void add_not_scored() { ++rows_, ++not_scored_; }

  /// An applicant's answer from path_to_approval; `card` as given to the constructor.
  template <class Card>
  void add(std::uint64_t row, const model::approval_path& p, const Card& card) {
    ++rows_;
    if (p.status != model::score_status::ok) {
      ++not_scored_;
      return;
    }
    if (p.approved) {
      ++approved_;
      return;
    }
    ++declined_;
    if (!p.reachable) {
      ++without_path_;
    } else {
      ++with_path_;
      if (by_changes_.size() <= p.changes.size()) by_changes_.resize(p.changes.size() + 1, 0);
      ++by_changes_[p.changes.size()];
      for (const auto& c : p.changes) {
        ++changed_[c.characteristic];
        points_[c.characteristic] += c.points;
      }
    }
    if (examples_.size() < max_examples_) {
      std::string path;
      for (const auto& c : p.changes) {
        const auto& ch = card.characteristic(c.characteristic);
        path += (path.empty() ? "" : "; ") + ch.name + ": " + ch.bins.label(c.from) + " -> " + ch.bins.label(c.to) +
                " (+" + credo::detail::format_shortest(c.points) + ")";
      }
      examples_.push_back({std::to_string(row), credo::detail::format_shortest(p.score),
                           p.reachable ? path : std::string("no path"),
                           p.reachable ? credo::detail::format_shortest(p.new_score) : std::string("-")});
    }
  }

  /// Merges a summary of later rows (the examples keep the earlier rows first).
  approval_path_summary& operator+=(const approval_path_summary& o) {
    rows_ += o.rows_, not_scored_ += o.not_scored_, approved_ += o.approved_, declined_ += o.declined_;
    with_path_ += o.with_path_, without_path_ += o.without_path_;
    if (by_changes_.size() < o.by_changes_.size()) by_changes_.resize(o.by_changes_.size(), 0);
    for (std::size_t k = 0; k < o.by_changes_.size(); ++k) by_changes_[k] += o.by_changes_[k];
    for (std::size_t j = 0; j < changed_.size() && j < o.changed_.size(); ++j) {
      changed_[j] += o.changed_[j];
      points_[j] += o.points_[j];
    }
    for (const auto& e : o.examples_)
      if (examples_.size() < max_examples_) examples_.push_back(e);
    return *this;
  }
  bool operator==(const approval_path_summary&) const = default;

  std::uint64_t rows() const noexcept { return rows_; }
  std::uint64_t declined() const noexcept { return declined_; }
  std::uint64_t with_path() const noexcept { return with_path_; }
  std::uint64_t without_path() const noexcept { return without_path_; }
  /// Paths that change characteristic j.
  std::uint64_t changed(std::size_t j) const { return changed_.at(j); }
  /// Σ points the paths that change characteristic j gain from it.
  double points(std::size_t j) const { return points_.at(j); }

  /// The page: the counts, two charts and two tables. `actionable` are the characteristics'
  /// indices the paths may change (path_to_approval::actionable()).
  html_document html(const std::string& title, double cutoff, const std::vector<std::size_t>& actionable) const {
    using credo::detail::format_fixed;
    html_document h(title);
    h.heading("Summary");
    h.paragraph(std::to_string(rows_) + " applicants, " + std::to_string(not_scored_) + " not scored, " +
                std::to_string(approved_) + " approved at the cut-off " + credo::detail::format_shortest(cutoff) +
                ", " + std::to_string(declined_) + " declined: " + std::to_string(with_path_) +
                " with a path to approval, " + std::to_string(without_path_) + " without.");
    if (with_path_ == 0) {
      h.note("No declined applicant has a path: no change in the actionable characteristics reaches the cut-off.");
      return h;
    }
    h.heading("Characteristics on the paths");
    std::vector<std::string> names;
    std::vector<double> share;
    std::vector<std::vector<std::string>> rows;
    for (std::size_t j : actionable) {
      const double s = static_cast<double>(changed_[j]) / static_cast<double>(with_path_);
      names.push_back(names_[j]);
      share.push_back(s);
      rows.push_back({names_[j], std::to_string(changed_[j]), format_fixed(s, 4),
                      changed_[j] ? format_fixed(points_[j] / static_cast<double>(changed_[j]), 2) : std::string("-")});
    }
    if (!names.empty())
      h.chart(bar_chart({"paths_by_characteristic", "Share of the paths that change each characteristic",
                         "characteristic", "share of paths",
                         520, 340, "Of the " + std::to_string(with_path_) + " declined applicants with a path."},
                        names, {{"share of paths", share, {}, {}}}));
    h.table({"characteristic", "paths changing it", "share of paths", "mean points gained"}, rows);

    h.heading("Changes per path");
    std::vector<std::string> ks;
    std::vector<double> counts;
    std::vector<std::vector<std::string>> krows;
    for (std::size_t k = 1; k < by_changes_.size(); ++k) {
      ks.push_back(std::to_string(k));
      counts.push_back(static_cast<double>(by_changes_[k]));
      krows.push_back({std::to_string(k), std::to_string(by_changes_[k])});
    }
    h.chart(bar_chart({"paths_by_changes", "Paths by the number of characteristics changed", "characteristics changed",
                       "paths"},
                      ks, {{"paths", counts, {}, {}}}));
    h.table({"characteristics changed", "paths"}, krows);

    h.heading("Examples");
    h.table({"row", "score", "path to approval", "new score"}, examples_,
            "the first " + std::to_string(examples_.size()) + " declined applicants");
    return h;
  }

private:
  std::size_t max_examples_ = 50;
  std::uint64_t rows_ = 0, not_scored_ = 0, approved_ = 0, declined_ = 0, with_path_ = 0, without_path_ = 0;
  std::vector<std::uint64_t> by_changes_;  ///< [k]: paths that change k characteristics
  std::vector<std::string> names_;
  std::vector<std::uint64_t> changed_;
  std::vector<double> points_;
  std::vector<std::vector<std::string>> examples_;
};

}  // namespace credo::report
