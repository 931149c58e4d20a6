// Predictive contribution of sources: what a scorecard built on the features loses when some
// sources withhold their records — in coverage (persons scoreable) and in ranking power (AUC,
// KS on held-out persons).
//
// For each configuration (all sources; all but the withheld ones) the features are
// re-extracted from the records of the sources in use, the persons scoreable under the rule
// are split into training and test halves by a seeded hash of the person index (the same
// split for both configurations), WoE binning (binning::woe_encoder, optimal bins) and a
// logistic regression (model::logistic_regression) are fitted on the training half, and AUC
// and KS of the predicted probability of bad are measured on the test half
// (metrics::auc, metrics::ks; higher probability = riskier).
#pragma once

#include <credo/binning/woe_encoder.hpp>
#include <credo/core/error.hpp>
#include <credo/core/table.hpp>
#include <credo/coverage/report.hpp>
#include <credo/coverage/rule.hpp>
#include <credo/features/feature_set.hpp>
#include <credo/features/records.hpp>
#include <credo/metrics/auc.hpp>
#include <credo/metrics/ks.hpp>
#include <credo/model/logistic_regression.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace credo::coverage {

struct contribution_options {
  /// Seed of the training/test split (a person goes to training when a splitmix64 hash of
  /// seed and its index is even).
  std::uint64_t seed = 1;
  /// Threads for feature extraction; 0 = hardware_concurrency.
  unsigned threads = 0;
  /// Binning of the features (default: optimal binning of every feature column that takes
  /// at least two values among the training persons).
  binning::encoder_options encoder;
};

/// One configuration's coverage and held-out ranking power.
struct model_quality {
  coverage_counts coverage;     // all persons, by status with the sources in use
  std::size_t train_rows = 0;   // scoreable persons in the training half
  std::size_t test_rows = 0;    // scoreable persons in the test half
  model::fit_status fit = model::fit_status::success;
  double auc = std::numeric_limits<double>::quiet_NaN();
  double ks = std::numeric_limits<double>::quiet_NaN();
};

struct contribution_result {
  model_quality with;     // all sources
  model_quality without;  // without the withheld sources
};

namespace detail {
inline bool in_training(std::uint64_t seed, std::size_t p) noexcept {
  std::uint64_t z = seed * 0x9E3779B97F4A7C15ull + p + 0x632BE59BD9B4E019ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return ((z ^ (z >> 31)) & 1u) == 0;
}

template <class FS, class T, class Q, class Rule>
model_quality quality(const features::population<T, Q>& pop, const FS& fs, source_mask sources, const Rule& rule,
                      const contribution_options& o) {
  model_quality q;
  features::extract_options eo;
  eo.threads = o.threads;
  eo.sources = sources;
  const table t = fs.extract(pop, eo);
  if (!t.has_target())
    CREDO_THROW(invalid_input, "credo.coverage.no_outcome",
                "predictive contribution needs the persons' outcome 'bad'");
  std::vector<std::size_t> train, test;
  for (std::size_t p = 0; p < pop.size(); ++p) {
    const auto st = status_of(pop, p, rule, sources);
    q.coverage(st);
    if (st != file_status::scoreable) continue;
    (in_training(o.seed, p) ? train : test).push_back(p);
  }
  q.train_rows = train.size();
  q.test_rows = test.size();
  const table tr = t.take(train), te = t.take(test);
  binning::encoder_options eopt = o.encoder;
  if (eopt.columns.empty())  // every feature that varies in training (a constant has no bins)
    for (const auto& c : tr) {
      const auto v = c.values();
      double first = std::numeric_limits<double>::quiet_NaN();
      bool varies = false;
      for (double x : v) {
        if (std::isnan(x)) continue;
        if (std::isnan(first)) first = x;
        else if (x != first) {
          varies = true;
          break;
        }
      }
      if (varies) eopt.columns.push_back(c.name());
    }
  binning::woe_encoder enc(eopt);
  enc.fit(tr);
  const Eigen::MatrixXd x_train = enc.transform(tr), x_test = enc.transform(te);
  model::logistic_regression<> m;
  q.fit = m.fit(x_train, tr.target(), enc.columns());
  const Eigen::VectorXd p_bad = m.predict_proba(x_test);
  metrics::auc<> auc(metrics::direction::higher_is_riskier);
  metrics::ks<> ks;
  const auto y = te.target();
  for (std::size_t i = 0; i < y.size(); ++i) {
    auc(p_bad[static_cast<Eigen::Index>(i)], y[i] != 0);
    ks(p_bad[static_cast<Eigen::Index>(i)], y[i] != 0);
  }
  q.auc = auc.value();
  q.ks = ks.value();
  return q;
}
}  // namespace detail

/// Coverage and held-out AUC / KS of a WoE logistic scorecard on the features `fs`, with all
/// sources and with the sources of `withheld` removed (a mask of the sources to remove).
template <class FS, class T, class Q, class Rule = recent_and_seasoned>
contribution_result predictive_contribution(const features::population<T, Q>& pop, const FS& fs,
                                            source_mask withheld, const Rule& rule = {},
                                            const contribution_options& options = {}) {
  static_assert(scoreability_rule<Rule>, "Rule must model credo::coverage::scoreability_rule");
  contribution_result r;
  r.with = detail::quality(pop, fs, features::all_sources, rule, options);
  r.without = detail::quality(pop, fs, ~withheld, rule, options);
  return r;
}

}  // namespace credo::coverage
