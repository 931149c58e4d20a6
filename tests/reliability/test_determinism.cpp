// Determinism: the same input gives bit-identical bins, coefficients, scores, features,
// coverage and metrics with 1, 2 and 8 threads (issue 9). Thread counts change how rows are
// split and merged, so any order-dependent floating-point sum would show here.
#include <credo/binning/woe_encoder.hpp>
#include <credo/coverage/sources.hpp>
#include <credo/engine/batch_scorer.hpp>
#include <credo/features.hpp>
#include <credo/metrics/auc.hpp>
#include <credo/model/logistic_regression.hpp>
#include <credo/model/workflow.hpp>
#include <credo/synth/bureau.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

namespace {

/// 40,000 rows, 6 numeric columns with signal and a categorical one, seeded.
credo::table synthetic(std::uint64_t seed = 7) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z;
  const std::size_t n = 40000;
  std::vector<std::vector<double>> x(6, std::vector<double>(n));
  std::vector<std::string> cat(n);
  std::vector<std::uint8_t> y(n);
  std::vector<double> w(n);
  const char* labels[] = {"a", "b", "c", "d"};
  for (std::size_t r = 0; r < n; ++r) {
    double logit = -1.0;
    for (std::size_t j = 0; j < 6; ++j) {
      x[j][r] = std::round(z(rng) * 100) / 10;
      logit += (0.4 - 0.1 * static_cast<double>(j)) * x[j][r] / 10;
    }
    const auto k = static_cast<std::size_t>(rng() % 4);
    cat[r] = labels[k];
    logit += 0.3 * static_cast<double>(k);
    y[r] = std::uniform_real_distribution<double>()(rng) < 1 / (1 + std::exp(-logit)) ? 1 : 0;
    w[r] = 0.5 + static_cast<double>(rng() % 4) / 2;
  }
  credo::table t;
  for (std::size_t j = 0; j < 6; ++j) t.add(credo::column::numeric("x" + std::to_string(j), x[j]));
  t.add(credo::column::categorical_from_labels("c", cat));
  t.set_target(y);
  t.set_weights(w);
  return t;
}

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

}  // namespace

TEST_CASE("binning: identical bins and WoE with 1, 2 and 8 threads") {
  const auto t = synthetic();
  std::vector<std::vector<double>> woe_by_threads;
  for (unsigned threads : {1u, 2u, 8u}) {
    credo::binning::encoder_options o;
    o.threads = threads;
    credo::binning::woe_encoder e(o);
    e.fit(t);
    std::vector<double> all;
    for (const auto& tab : e.tables()) {
      all.push_back(tab.iv());
      for (const auto& r : tab.rows()) all.push_back(r.woe);
      for (double c : tab.bins().cuts()) all.push_back(c);
    }
    woe_by_threads.push_back(all);
  }
  CHECK(same_bits(woe_by_threads[0], woe_by_threads[1]));
  CHECK(same_bits(woe_by_threads[0], woe_by_threads[2]));
}

TEST_CASE("logistic regression: identical coefficients and standard errors with 1, 2 and 8 threads") {
  const auto t = synthetic();
  credo::binning::woe_encoder e;
  e.fit(t);
  const Eigen::MatrixXd x = e.transform(t);
  Eigen::VectorXd w = Eigen::Map<const Eigen::VectorXd>(t.weights().data(), static_cast<Eigen::Index>(t.rows()));
  std::vector<std::vector<double>> fits;
  for (unsigned threads : {1u, 2u, 8u}) {
    credo::model::fit_options fo;
    fo.threads = threads;
    fo.rows_per_block = 1000;  // small blocks, so that 8 threads really split the rows
    credo::model::logistic_regression<> m(fo);
    REQUIRE(m.fit(x, t.target(), e.columns(), w) == credo::model::fit_status::success);
    std::vector<double> v;
    for (Eigen::Index i = 0; i < m.params().size(); ++i) {
      v.push_back(m.params()[i]);
      v.push_back(m.std_errors()[i]);
    }
    v.push_back(m.log_likelihood());
    fits.push_back(v);
  }
  CHECK(same_bits(fits[0], fits[1]));
  CHECK(same_bits(fits[0], fits[2]));
}

TEST_CASE("batch scorer: identical scores and statuses with 1, 2 and 8 threads") {
  const auto t = synthetic();
  const auto f = credo::model::fit_scorecard(t);
  const auto scorer = credo::engine::batch_scorer<double>::compile(f.card);
  const auto x = scorer.encode<double>(t);
  std::vector<std::vector<double>> scores;
  for (unsigned threads : {1u, 2u, 8u}) {
    std::vector<double> s(t.rows());
    std::vector<credo::model::score_status> st(t.rows());
    credo::engine::batch_options bo;
    bo.threads = threads;
    bo.min_rows_per_thread = 100;
    const auto failed = scorer.score(credo::engine::input_view<double>{x, t.rows()}, {s, st}, bo);
    CHECK(failed == 0);
    scores.push_back(s);
  }
  CHECK(same_bits(scores[0], scores[1]));
  CHECK(same_bits(scores[0], scores[2]));
  // And the batch agrees with the card's own scores to the last bit.
  std::vector<double> card_scores;
  for (const auto& r : f.card.score(t)) card_scores.push_back(static_cast<double>(r.score));
  CHECK(same_bits(scores[0], card_scores));
}

TEST_CASE("features and coverage: identical tables and Shapley values with 1, 2 and 8 threads") {
  credo::synth::bureau_options bo;
  bo.persons = 3000;
  bo.seed = 11;
  const auto bureau = credo::synth::generate(bo);
  const auto pop = bureau.records.view();
  const auto fs = credo::features::standard_features();
  std::vector<std::vector<double>> features, shapley;
  for (unsigned threads : {1u, 2u, 8u}) {
    credo::features::extract_options eo;
    eo.threads = threads;
    const auto t = fs.extract(pop, eo);
    std::vector<double> all;
    for (const auto& c : t) all.insert(all.end(), c.values().begin(), c.values().end());
    features.push_back(all);
    credo::coverage::source_options so;
    so.threads = threads;
    const credo::coverage::source_analysis a(pop, credo::coverage::recent_and_seasoned{}, so);
    shapley.push_back(a.shapley());
  }
  CHECK(same_bits(features[0], features[1]));
  CHECK(same_bits(features[0], features[2]));
  CHECK(same_bits(shapley[0], shapley[1]));
  CHECK(same_bits(shapley[0], shapley[2]));
}

TEST_CASE("metrics: AUC merged from 1, 2 and 8 parts is the same number") {
  const auto t = synthetic();
  std::vector<double> values;
  for (std::size_t parts : {1u, 2u, 8u}) {
    std::vector<credo::metrics::auc<double>> part(parts, credo::metrics::auc<double>(credo::metrics::direction::higher_is_safer));
    for (std::size_t r = 0; r < t.rows(); ++r)
      part[r * parts / t.rows()](t["x0"].values()[r], t.target()[r] != 0, t.weight(r));
    for (std::size_t i = 1; i < parts; ++i) part[0] += part[i];
    values.push_back(part[0].value());
  }
  CHECK(same_bits(std::vector<double>{values[0]}, std::vector<double>{values[1]}));
  CHECK(same_bits(std::vector<double>{values[0]}, std::vector<double>{values[2]}));
}
