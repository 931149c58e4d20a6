// Every statistic computed over rows models credo::accumulator (fill by call with its row
// types, merge with +=, compare with ==), and every partial result that only merges models
// credo::mergeable. docs/concepts.md lists them.
#include <credo/binning/bin_counts.hpp>
#include <credo/core/archive.hpp>
#include <credo/binning/optimal.hpp>
#include <credo/core/concepts.hpp>
#include <credo/coverage/report.hpp>
#include <credo/coverage/sources.hpp>
#include <credo/engine/engine.hpp>
#include <credo/engine/monitor.hpp>
#include <credo/fairness/counts.hpp>
#include <credo/fairness/group_auc.hpp>
#include <credo/features/extractors.hpp>
#include <credo/metrics/auc.hpp>
#include <credo/metrics/binned.hpp>
#include <credo/metrics/calibration.hpp>
#include <credo/metrics/ks.hpp>
#include <credo/metrics/score_rows.hpp>
#include <credo/metrics/stability.hpp>
#include <credo/model/irls_statistics.hpp>

#include <doctest/doctest.h>

#include <Eigen/Core>

#include <cstdint>
#include <span>
#include <vector>

namespace {

using credo::accumulator;
using credo::mergeable;

// Fill by call, with the row types each documents.
static_assert(accumulator<credo::binning::bin_counts, std::size_t, bool, double>);
static_assert(accumulator<credo::model::irls_statistics, Eigen::VectorXd, double, bool, double>);
static_assert(accumulator<credo::metrics::ks<double>, double, bool, double>);
static_assert(accumulator<credo::metrics::auc<double>, double, bool, double>);
static_assert(accumulator<credo::metrics::paired_auc<double>, double, double, bool, double>);
static_assert(accumulator<credo::metrics::score_rows<double>, double, bool, double>);
static_assert(accumulator<credo::metrics::brier_score<double>, double, bool, double>);
static_assert(accumulator<credo::metrics::log_loss<double>, double, bool, double>);
static_assert(accumulator<credo::metrics::calibration<double>, double, bool, double>);
static_assert(accumulator<credo::metrics::binned_roc<double>, double, bool, double>);
static_assert(accumulator<credo::metrics::band_counts<double>, double, double>);
static_assert(accumulator<credo::fairness::group_counts<double>, std::size_t, double, bool, double>);
static_assert(accumulator<credo::fairness::group_counts<double>, std::span<const double>, double, bool, double>);
static_assert(accumulator<credo::fairness::group_auc<double>, std::size_t, double, bool, double>);
static_assert(accumulator<credo::coverage::coverage_counts, credo::coverage::file_status, double>);
static_assert(accumulator<credo::coverage::fill_rates, std::span<const double>, double>);
static_assert(accumulator<credo::coverage::source_patterns, credo::features::source_mask,
                          std::span<const std::uint64_t>, double>);
static_assert(accumulator<credo::coverage::condition_patterns, credo::coverage::condition_patterns::key, double>);

// Merged only (filled by their owner: a report from its counts, an engine monitor's add).
static_assert(mergeable<credo::binning::prebin>);
static_assert(mergeable<credo::coverage::segment_coverage>);
static_assert(mergeable<credo::coverage::coverage_report>);
static_assert(mergeable<credo::engine::monitor::approvals_by<>::state>);
static_assert(mergeable<credo::engine::monitor::coverage::state>);
static_assert(mergeable<credo::engine::monitor::psi::state>);

// The concept refuses what is not one.
struct no_merge {
  void operator()(double) {}
  bool operator==(const no_merge&) const = default;
};
struct no_compare {
  no_compare& operator+=(const no_compare&) { return *this; }
};
static_assert(!mergeable<no_merge>);
static_assert(!mergeable<no_compare>);
static_assert(!accumulator<credo::metrics::ks<double>, std::vector<int>>);

}  // namespace

TEST_CASE_TEMPLATE("an accumulator filled in two parts and merged equals one filled whole", A,
                   credo::metrics::ks<double>, credo::metrics::auc<double>, credo::metrics::score_rows<double>,
                   credo::metrics::brier_score<double>, credo::metrics::log_loss<double>,
                   credo::metrics::calibration<double>) {
  const std::vector<double> scores{0.1, 0.7, 0.4, 0.9, 0.4, 0.2, 0.8, 0.3};
  const std::vector<bool> bad{true, false, true, false, false, true, false, true};
  A whole = credo::archive_access::make<A>(), first = whole, second = whole;  // auc: higher_is_safer
  for (std::size_t i = 0; i < scores.size(); ++i) {
    whole(scores[i], bad[i], 1.0);
    (i < 3 ? first : second)(scores[i], bad[i], 1.0);
  }
  CHECK_FALSE(first == whole);
  first += second;
  CHECK(first == whole);
}
