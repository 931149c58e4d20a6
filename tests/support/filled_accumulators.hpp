// Accumulators filled with seeded rows, one shard at a time: the archive tests round-trip
// them, the MPI tests merge shards of them across ranks. Weights are not integers, so that
// sums depend on the order of the merge (a test that the order is fixed can fail).
#pragma once

#include <credo/binning/bin_counts.hpp>
#include <credo/core/archive.hpp>
#include <credo/coverage/report.hpp>
#include <credo/coverage/sources.hpp>
#include <credo/fairness/counts.hpp>
#include <credo/fairness/group_auc.hpp>
#include <credo/metrics/auc.hpp>
#include <credo/metrics/binned.hpp>
#include <credo/metrics/calibration.hpp>
#include <credo/metrics/ks.hpp>
#include <credo/metrics/score_histogram.hpp>
#include <credo/metrics/score_rows.hpp>
#include <credo/metrics/stability.hpp>
#include <credo/model/irls_statistics.hpp>

#include <Eigen/Core>

#include <array>
#include <cstdint>
#include <random>
#include <vector>

namespace credo_test {

/// Rows of one shard: a score in (0, 1), an outcome, a weight in [0.5, 2) and a group.
struct shard_rows {
  std::vector<double> score, weight;
  std::vector<bool> bad;
  std::vector<std::size_t> group;
};

inline shard_rows make_rows(std::size_t shard, std::size_t n = 200) {
  std::mt19937_64 rng(1234 + 7919 * shard);
  std::uniform_real_distribution<double> u(0, 1);
  shard_rows r;
  for (std::size_t i = 0; i < n; ++i) {
    const double s = u(rng);
    r.score.push_back(s);
    r.bad.push_back(u(rng) < 0.8 - 0.6 * s);
    r.weight.push_back(0.5 + 1.5 * u(rng));
    r.group.push_back(static_cast<std::size_t>(u(rng) * 3));
  }
  return r;
}

inline credo::binning::bin_counts filled_bin_counts(std::size_t shard, std::size_t bins = 20) {
  const auto r = make_rows(shard);
  credo::binning::bin_counts c(bins);
  for (std::size_t i = 0; i < r.score.size(); ++i)
    c(static_cast<std::size_t>(r.score[i] * static_cast<double>(bins)), r.bad[i], r.weight[i]);
  return c;
}

inline credo::model::irls_statistics filled_irls(std::size_t shard, Eigen::Index features = 4) {
  const auto r = make_rows(shard);
  std::mt19937_64 rng(99 + shard);
  std::normal_distribution<double> z;
  credo::model::irls_statistics s(features + 1);
  Eigen::VectorXd x(features);
  for (std::size_t i = 0; i < r.score.size(); ++i) {
    for (Eigen::Index j = 0; j < features; ++j) x[j] = z(rng);
    s(x, 0.3 * x[0] - 0.2 * x.tail(1)[0] + r.score[i], r.bad[i], r.weight[i]);
  }
  return s;
}

template <class A>
A filled_scores(std::size_t shard, A a = credo::archive_access::make<A>()) {  // auc: higher_is_safer
  const auto r = make_rows(shard);
  for (std::size_t i = 0; i < r.score.size(); ++i) a(r.score[i], r.bad[i], r.weight[i]);
  return a;
}

inline credo::metrics::paired_auc<double> filled_paired_auc(std::size_t shard) {
  const auto r = make_rows(shard);
  credo::metrics::paired_auc<double> a(credo::metrics::direction::higher_is_safer,
                                      credo::metrics::direction::higher_is_safer);
  for (std::size_t i = 0; i < r.score.size(); ++i) a(r.score[i], r.score[i] * r.weight[i], r.bad[i], r.weight[i]);
  return a;
}

inline credo::metrics::band_counts<double> filled_band_counts(std::size_t shard) {
  const auto r = make_rows(shard);
  credo::metrics::band_counts<double> b({0.2, 0.5, 0.7});
  for (std::size_t i = 0; i < r.score.size(); ++i) b(r.score[i], r.weight[i]);
  return b;
}

inline credo::fairness::group_counts<double> filled_group_counts(std::size_t shard) {
  const auto r = make_rows(shard);
  credo::fairness::group_counts<double> g({"a", "b", "c"}, 0.4, {0.25, 0.5, 0.75});
  for (std::size_t i = 0; i < r.score.size(); ++i) g(r.group[i], r.score[i], r.bad[i], r.weight[i]);
  return g;
}

inline credo::fairness::group_auc<double> filled_group_auc(std::size_t shard) {
  const auto r = make_rows(shard);
  credo::fairness::group_auc<double> g({"a", "b", "c"});
  for (std::size_t i = 0; i < r.score.size(); ++i) g(r.group[i], r.score[i], r.bad[i], r.weight[i]);
  return g;
}

inline credo::coverage::coverage_counts filled_coverage_counts(std::size_t shard) {
  const auto r = make_rows(shard);
  credo::coverage::coverage_counts c;
  for (std::size_t i = 0; i < r.score.size(); ++i)
    c(r.group[i] == 0 ? credo::coverage::file_status::invisible
      : r.bad[i]     ? credo::coverage::file_status::unscoreable
                     : credo::coverage::file_status::scoreable,
      r.weight[i]);
  return c;
}

inline credo::coverage::fill_rates filled_fill_rates(std::size_t shard) {
  const auto r = make_rows(shard);
  credo::coverage::fill_rates f({"x", "y"});
  for (std::size_t i = 0; i < r.score.size(); ++i) {
    const double row[2] = {r.score[i] < 0.3 ? std::nan("") : r.score[i], r.bad[i] ? std::nan("") : 1.0};
    f(row, r.weight[i]);
  }
  return f;
}

/// Patterns over 3 sources (one table word) and, for some persons, over 7 (two words).
inline credo::coverage::source_patterns filled_source_patterns(std::size_t shard) {
  const auto r = make_rows(shard);
  credo::coverage::source_patterns p;
  for (std::size_t i = 0; i < r.score.size(); ++i) {
    const auto present = static_cast<credo::features::source_mask>(1 + r.group[i] + 2 * (r.bad[i] ? 1 : 0));
    if (i % 17 == 0) {
      const std::uint64_t words[2] = {static_cast<std::uint64_t>(r.score[i] * 8), r.group[i]};
      p(present | 0x78, words, r.weight[i]);
    } else {
      const std::uint64_t word = static_cast<std::uint64_t>(r.score[i] * 4);
      p(present, std::span<const std::uint64_t>(&word, 1), r.weight[i]);
    }
  }
  return p;
}

inline credo::coverage::condition_patterns filled_condition_patterns(std::size_t shard) {
  const auto r = make_rows(shard);
  credo::coverage::condition_patterns p;
  for (std::size_t i = 0; i < r.score.size(); ++i)
    p({r.group[i] + 1, r.bad[i] ? 1u : 0u, static_cast<std::uint64_t>(r.score[i] * 5), 0}, r.weight[i]);
  return p;
}

}  // namespace credo_test
