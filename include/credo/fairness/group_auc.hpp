// AUC within each group, from credo::metrics::auc (AUC = P(a good outscores a bad) + ½·P(tie),
// higher score = safer). Kept apart from group_counts because an exact AUC keeps every
// row's score, while the counts are a fixed number of cells.
#pragma once

#include <credo/core/error.hpp>
#include <credo/fwd.hpp>
#include <credo/fairness/counts.hpp>
#include <credo/fairness/groups.hpp>
#include <credo/fairness/zero_division.hpp>
#include <credo/metrics/auc.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace credo::fairness {

/// One credo::metrics::auc per group; mergeable like every credo accumulator. Rows: the
/// AUCs' store, every row (score_rows) or one entry per distinct score (score_histogram).
template <class Real, class Rows>
class group_auc {
public:
  using auc_type = credo::metrics::auc<Real, Rows>;
  group_auc() = default;
  explicit group_auc(std::vector<std::string> names)
      : names_(std::move(names)), aucs_(names_.size(), auc_type(credo::metrics::direction::higher_is_safer)) {}
  /// The groups' AUCs filled elsewhere (a streamed audit), one per name, in order
  /// (credo.fairness.length_mismatch).
  group_auc(std::vector<std::string> names, std::vector<auc_type> aucs)
      : names_(std::move(names)), aucs_(std::move(aucs)) {
    if (aucs_.size() != names_.size())
      CREDO_THROW(invalid_input, "credo.fairness.length_mismatch",
                  std::to_string(aucs_.size()) + " AUCs for " + std::to_string(names_.size()) + " groups");
  }

  /// Adds one row to hard group `group`.
  void operator()(std::size_t group, Real score, bool bad, Real weight = 1) {
    if (group >= aucs_.size())
      CREDO_THROW(invalid_input, "credo.fairness.bad_group",
                  "group " + std::to_string(group) + " is outside the " +
                      std::to_string(aucs_.size()) + " groups");
    if (weight > 0) aucs_[group](score, bad, weight);
  }
  /// Adds one row to every group g with weight·membership[g].
  void operator()(std::span<const double> membership, Real score, bool bad, Real weight = 1) {
    if (membership.size() != aucs_.size())
      CREDO_THROW(invalid_input, "credo.fairness.length_mismatch",
                  "membership has " + std::to_string(membership.size()) + " values, the counts " +
                      std::to_string(aucs_.size()) + " groups");
    for (std::size_t g = 0; g < aucs_.size(); ++g)
      if (membership[g] > 0 && weight > 0) aucs_[g](score, bad, weight * static_cast<Real>(membership[g]));
  }
  group_auc& operator+=(const group_auc& o) {
    if (names_ != o.names_)
      CREDO_THROW(invalid_input, "credo.fairness.merge_mismatch",
                  "cannot merge group AUCs of different groups");
    for (std::size_t g = 0; g < aucs_.size(); ++g) aucs_[g] += o.aucs_[g];
    return *this;
  }
  friend bool operator==(const group_auc& a, const group_auc& b) {
    return a.names_ == b.names_ && a.aucs_ == b.aucs_;
  }
  /// Writes or reads the state (credo/core/archive.hpp).
  template <class Archive>
  void serialize(Archive& ar) {
    ar(names_, aucs_);
    ar.check(aucs_.size() == names_.size(), "group_auc: not one AUC per group");
  }

  std::size_t groups() const noexcept { return aucs_.size(); }
  const std::vector<std::string>& names() const noexcept { return names_; }
  const auc_type& operator[](std::size_t g) const { return aucs_.at(g); }

  /// The AUC of group g; a group without goods or without bads calls the zero-division
  /// policy (the AUC compares goods with bads, so there is nothing to compare).
  template <zero_division_policy Z = zero_division::nan>
  double value(std::size_t g, const Z& z = {}) const {
    const auto& a = aucs_.at(g);
    if (!(a.rows().bad_weight() > 0) || !(a.rows().good_weight() > 0))
      return z.template on_zero<double>("group " + credo::detail::quoted(names_[g]) +
                                        ": AUC needs goods and bads");
    return a.value();
  }

private:
  std::vector<std::string> names_;
  std::vector<auc_type> aucs_;
};

/// Fills a group_auc from rows (scores[r], bad[r], weights[r]; empty weights = 1 each).
template <class Real>
group_auc<Real> group_aucs(const group_assignment& groups, std::span<const Real> scores,
                           std::span<const std::uint8_t> bad, std::span<const double> weights) {
  detail::check_rows<Real>(groups, scores, bad, weights);
  group_auc<Real> acc(groups.names());
  detail::fill_by_group(acc, groups, scores, bad, weights);
  return acc;
}

}  // namespace credo::fairness
