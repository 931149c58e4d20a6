// Seeded bootstrap intervals: deterministic per seed, consistent with DeLong.
#include <credo/metrics.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace m = credo::metrics;
using m::direction;

TEST_CASE("a bootstrap interval is deterministic for a seed and agrees with DeLong's") {
  std::mt19937_64 gen(21);
  std::normal_distribution<double> nd(0, 1);
  std::vector<double> s(600);
  std::vector<std::uint8_t> y(600);
  for (std::size_t i = 0; i < s.size(); ++i) {
    y[i] = gen() % 4 == 0;
    s[i] = nd(gen) + (y[i] ? 1.0 : 0.0);
  }
  const m::sample<double> rows{s, y, {}};
  const auto metric = m::metric_of(m::auc<double>(direction::higher_is_riskier));
  m::bootstrap_options opt;
  opt.replicates = 400;
  const auto a = m::bootstrap(metric, rows, 42, opt);
  const auto b = m::bootstrap(metric, rows, 42, opt);
  const auto c = m::bootstrap(metric, rows, 43, opt);
  CHECK(a.replicates == b.replicates);
  CHECK(a.ci == b.ci);
  CHECK(a.replicates != c.replicates);
  m::auc<double> exact(direction::higher_is_riskier);
  exact.fill(s, y);
  CHECK(a.ci.estimate == exact.value());
  CHECK(a.ci.lower < a.ci.estimate);
  CHECK(a.ci.upper > a.ci.estimate);
  // The bootstrap standard error estimates DeLong's: within 20% on 400 replicates.
  CHECK(a.standard_error == doctest::Approx(std::sqrt(exact.variance())).epsilon(0.2));
  // Stratified: every replicate keeps both classes, so KS is defined everywhere too.
  const auto k = m::bootstrap(m::metric_of(m::ks<double>()), rows, 1, opt);
  CHECK(k.replicates.size() == 400);
  // A lambda works as a metric as well (here the bad rate, which stratification keeps fixed).
  const auto rate = m::bootstrap(
      [](const m::sample<double>& r) {
        double b = 0;
        for (auto v : r.bad) b += v;
        return b / static_cast<double>(r.bad.size());
      },
      rows, 9, opt);
  CHECK(rate.ci.lower == rate.ci.upper);
}

TEST_CASE("bad input to the bootstrap is refused with an id") {
  const std::vector<double> s{1, 2, 3};
  const std::vector<std::uint8_t> y{0, 1};
  const auto metric = m::metric_of(m::auc<double>(direction::higher_is_safer));
  CHECK_THROWS_WITH_AS(m::bootstrap(metric, m::sample<double>{s, y, {}}, 1),
                       "[credo.metrics.length_mismatch] bootstrap: 3 scores, 2 targets and 0 weights", credo::invalid_input);
  const std::vector<std::uint8_t> y3{0, 1, 1};
  m::bootstrap_options o;
  o.level = 0;
  CHECK_THROWS_WITH_AS(m::bootstrap(metric, m::sample<double>{s, y3, {}}, 1, o),
                       "[credo.metrics.bad_level] bootstrap: confidence level 0 is not in (0, 1)", credo::invalid_input);
}

TEST_CASE_TEMPLATE("bootstrap over float rows with weights", Real, float, double) {
  std::vector<Real> s, w;
  std::vector<std::uint8_t> y;
  for (int i = 0; i < 200; ++i) {
    y.push_back(i % 5 == 0);
    s.push_back(static_cast<Real>((i * 37) % 101) + (y.back() ? Real(20) : Real(0)));
    w.push_back(static_cast<Real>(1 + i % 3));
  }
  m::bootstrap_options o;
  o.replicates = 50;
  const auto r = m::bootstrap(m::metric_of(m::auc<Real>(direction::higher_is_riskier)), m::sample<Real>{s, y, w}, 5, o);
  CHECK(r.replicates.size() == 50);
  CHECK(r.ci.lower <= r.ci.upper);
  o.replicates = 1;
  CHECK_THROWS_WITH_AS(m::bootstrap(m::metric_of(m::auc<Real>(direction::higher_is_safer)), m::sample<Real>{s, y, w}, 5, o),
                       "[credo.metrics.bad_replicates] bootstrap: 1 replicates; at least 2 are needed", credo::invalid_input);
}
