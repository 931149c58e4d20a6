// The optimal binning: exact against brute-force enumeration of every partition, and the
// constraints on German credit and synthetic columns.
#include "german_credit.hpp"
#include <credo/binning.hpp>
#include <credo/io/csv.hpp>

#include <doctest/doctest.h>
#include <test_support.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

using namespace credo::binning;
using credo::column;
using credo::table;
using credo::test::data_path;

namespace {

struct brute_result {
  bool feasible = false;
  double iv = -std::numeric_limits<double>::infinity();
};

/// Whether the sequence of group event rates has the shape of `trend` (strict steps).
bool has_shape(const std::vector<double>& r, monotonic_trend trend) {
  if (trend == monotonic_trend::none) return true;
  bool turned = false;  // peak: started falling; valley: started rising
  for (std::size_t j = 1; j < r.size(); ++j) {
    const bool up = r[j] > r[j - 1], down = r[j] < r[j - 1];
    if (!up && !down) return false;
    switch (trend) {
      case monotonic_trend::ascending: if (!up) return false; break;
      case monotonic_trend::descending: if (!down) return false; break;
      case monotonic_trend::peak:
        if (down) turned = true;
        else if (turned) return false;
        break;
      case monotonic_trend::valley:
        if (up) turned = true;
        else if (turned) return false;
        break;
      default: return false;
    }
  }
  return true;
}

/// IV of the partition with groups ending at `ends` (exclusive), or -inf when it breaks a
/// constraint. Sums run from each group's first pre-bin up, as the solver's do.
double partition_iv(const std::vector<prebin>& pre, const std::vector<std::size_t>& ends,
                    const partition_constraints& c, monotonic_trend trend) {
  const double none = -std::numeric_limits<double>::infinity();
  if (c.max_bins != 0 && ends.size() > c.max_bins) return none;
  std::vector<double> rates, goods, bads;
  double iv = 0;
  std::size_t s = 0;
  for (auto e : ends) {
    double g = 0, b = 0;
    for (std::size_t i = s; i < e; ++i) {
      g += pre[i].goods;
      b += pre[i].bads;
    }
    if (!(g > 0 && b > 0 && g >= c.min_goods && b >= c.min_bads && g + b >= c.min_weight)) return none;
    rates.push_back(b / (g + b));
    goods.push_back(g);
    bads.push_back(b);
    const double pg = g / c.total_goods, pb = b / c.total_bads;
    iv += (pg - pb) * std::log(pg / pb);
    s = e;
  }
  // optbinning's min_event_rate_diff and max_pvalue (consecutive or all pairs), by definition
  for (std::size_t j = 1; j < rates.size(); ++j) {
    if (std::abs(rates[j] - rates[j - 1]) < c.min_rate_diff) return none;
    for (std::size_t i = c.pvalue_all ? 0 : j - 1; i < j; ++i)
      if (c.max_pvalue < 1 && two_proportion_test(goods[i], bads[i], goods[j], bads[j]).p_value > c.max_pvalue)
        return none;
  }
  return has_shape(rates, trend) ? iv : none;
}

brute_result brute_force(const std::vector<prebin>& pre, const partition_constraints& c,
                         monotonic_trend trend) {
  if (trend == monotonic_trend::automatic) {
    auto a = brute_force(pre, c, monotonic_trend::ascending);
    auto d = brute_force(pre, c, monotonic_trend::descending);
    return d.feasible && (!a.feasible || d.iv > a.iv) ? d : a;
  }
  brute_result best;
  const std::size_t n = pre.size();
  for (std::uint32_t mask = 0; mask < (1u << (n - 1)); ++mask) {  // bit i: a cut after pre-bin i
    std::vector<std::size_t> ends;
    for (std::size_t i = 0; i + 1 < n; ++i)
      if (mask & (1u << i)) ends.push_back(i + 1);
    ends.push_back(n);
    const double iv = partition_iv(pre, ends, c, trend);
    if (iv > best.iv) {
      best.iv = iv;
      best.feasible = true;
    }
  }
  return best;
}

std::vector<double> regular_rates(const binning_table& t) {
  std::vector<double> r;
  for (std::size_t i = 0; i < t.bins().regular(); ++i) r.push_back(t[i].event_rate);
  return r;
}

}  // namespace

TEST_CASE("the optimal partition equals brute-force enumeration on random problems") {
  const monotonic_trend trends[] = {monotonic_trend::ascending, monotonic_trend::descending,
                                    monotonic_trend::peak,      monotonic_trend::valley,
                                    monotonic_trend::none,      monotonic_trend::automatic};
  int feasible = 0, infeasible = 0;
  for (unsigned seed = 0; seed < 600; ++seed) {
    std::mt19937_64 rng(seed);
    const std::size_t n = 1 + rng() % 10;
    std::vector<prebin> pre(n);
    double G = 0, B = 0;
    const bool weighted = rng() % 3 == 0;
    for (auto& p : pre) {
      p.goods = static_cast<double>(rng() % 9);
      p.bads = static_cast<double>(rng() % 6);
      if (weighted) {
        p.goods *= std::uniform_real_distribution<double>(0.2, 3.0)(rng);
        p.bads *= std::uniform_real_distribution<double>(0.2, 3.0)(rng);
      }
      p.rows = 1;
      G += p.goods;
      B += p.bads;
    }
    partition_constraints c;
    c.total_goods = G + 1 + static_cast<double>(rng() % 3);  // a missing bin's rows count too
    c.total_bads = B + 1 + static_cast<double>(rng() % 3);
    c.max_bins = rng() % 2 ? 0 : 1 + rng() % n;
    c.min_weight = rng() % 2 ? 0.0 : std::uniform_real_distribution<double>(0, 0.3)(rng) * (G + B);
    c.min_goods = static_cast<double>(rng() % 3);
    c.min_bads = static_cast<double>(rng() % 2);
    for (auto trend : trends) {
      c.trend = trend;
      CAPTURE(seed);
      CAPTURE(to_string(trend));
      const auto dp = optimal_partition(pre, c);
      const auto bf = brute_force(pre, c, trend);
      REQUIRE(dp.feasible == bf.feasible);
      if (!bf.feasible) {
        ++infeasible;
        continue;
      }
      ++feasible;
      CHECK(std::abs(dp.iv - bf.iv) <= 1e-12);
      // The partition returned is itself admissible and has the IV reported.
      REQUIRE(!dp.ends.empty());
      CHECK(dp.ends.back() == n);
      CHECK(std::abs(partition_iv(pre, dp.ends, c, dp.trend) - dp.iv) <= 1e-12);
      if (trend != monotonic_trend::automatic) CHECK(dp.trend == trend);
    }
  }
  // Both outcomes occur often enough for the comparison to mean something.
  CHECK(feasible > 1000);
  CHECK(infeasible > 100);
}

TEST_CASE("with a minimum rate difference and a maximum p-value the optimum still equals brute force") {
  const monotonic_trend trends[] = {monotonic_trend::ascending, monotonic_trend::descending,
                                    monotonic_trend::peak, monotonic_trend::none, monotonic_trend::automatic};
  int feasible = 0, infeasible = 0, bound = 0;
  for (unsigned seed = 0; seed < 400; ++seed) {
    std::mt19937_64 rng(seed + 7000);
    const std::size_t n = 2 + rng() % 9;
    std::vector<prebin> pre(n);
    double G = 0, B = 0;
    for (auto& p : pre) {
      p.goods = static_cast<double>(1 + rng() % 40);
      p.bads = static_cast<double>(1 + rng() % 15);
      p.rows = 1;
      G += p.goods;
      B += p.bads;
    }
    partition_constraints c;
    c.total_goods = G;
    c.total_bads = B;
    c.max_bins = rng() % 2 ? 0 : 2 + rng() % n;
    c.min_rate_diff = rng() % 2 ? 0.0 : std::uniform_real_distribution<double>(0, 0.15)(rng);
    c.max_pvalue = rng() % 4 == 0 ? 1.0 : std::uniform_real_distribution<double>(0.01, 0.5)(rng);
    c.pvalue_all = rng() % 2 == 0;
    partition_constraints loose = c;
    loose.min_rate_diff = 0;
    loose.max_pvalue = 1;
    for (auto trend : trends) {
      c.trend = loose.trend = trend;
      CAPTURE(seed);
      CAPTURE(to_string(trend));
      const auto dp = optimal_partition(pre, c);
      const auto bf = brute_force(pre, c, trend);
      REQUIRE(dp.feasible == bf.feasible);
      if (!bf.feasible) {
        ++infeasible;
        continue;
      }
      ++feasible;
      CHECK(std::abs(dp.iv - bf.iv) <= 1e-12);
      CHECK(std::abs(partition_iv(pre, dp.ends, c, dp.trend) - dp.iv) <= 1e-12);
      const auto free = optimal_partition(pre, loose);
      if (free.feasible && free.iv > dp.iv + 1e-12) ++bound;  // the constraints cost IV
    }
  }
  // One group is always admissible here (every pre-bin holds goods and bads, and a lone group
  // has no neighbour to test), so every problem is feasible; the constraints bind often.
  CHECK(feasible > 1500);
  CHECK(infeasible == 0);
  CHECK(bound > 300);
}

TEST_CASE("a minimum event-rate difference and a maximum p-value bind on a hand case") {
  // Three pre-bins (goods, bads): (90, 10), (85, 15), (50, 50); G = 225, B = 75. Rates 0.10,
  // 0.15, 0.50, ascending, so without constraints the optimum keeps all three (splitting never
  // lowers the IV). z-test of the first two: pooled rate 0.125, z = 0.05 / √(0.125·0.875·0.02)
  // = 1.069, p = 0.285. So max_pvalue 0.05 (or a rate difference of 0.1) merges a pair: of
  // the two admissible pairs, (175, 25) + (50, 50) has IV 0.8648, (90, 10) + (135, 65) 0.3910
  // (the three bins: 0.8943).
  const std::vector<prebin> pre{{90, 10, 100}, {85, 15, 100}, {50, 50, 100}};
  partition_constraints c;
  c.trend = monotonic_trend::ascending;
  c.total_goods = 225;
  c.total_bads = 75;
  CHECK(optimal_partition(pre, c).iv == doctest::Approx(0.8943000749142108).epsilon(1e-13));
  const auto z = two_proportion_test(90, 10, 85, 15);
  CHECK(z.z == doctest::Approx(0.05 / std::sqrt(0.125 * 0.875 * 0.02)).epsilon(1e-14));
  CHECK(z.p_value == doctest::Approx(0.2850).epsilon(1e-3));
  c.max_pvalue = 0.05;
  CHECK(optimal_partition(pre, c).ends == std::vector<std::size_t>{2, 3});
  CHECK(optimal_partition(pre, c).iv == doctest::Approx(0.8648489551356948).epsilon(1e-13));
  c.max_pvalue = 0.29;  // p = 0.285 passes
  CHECK(optimal_partition(pre, c).ends == std::vector<std::size_t>{1, 2, 3});
  c.max_pvalue = 1;
  c.min_rate_diff = 0.1;
  CHECK(optimal_partition(pre, c).ends == std::vector<std::size_t>{2, 3});
  c.min_rate_diff = 0.049;  // 0.15 − 0.10 passes
  CHECK(optimal_partition(pre, c).ends == std::vector<std::size_t>{1, 2, 3});
}

TEST_CASE("max_pvalue_policy all also tests groups that are not adjacent") {
  // Rates 0.2, 0.8, 0.3 under trend none (a peak): adjacent pairs differ strongly, the first
  // and the last do not (z = 0.1/√(0.25·0.75·0.04) = 1.155, p = 0.248), so `all` must merge.
  const std::vector<prebin> pre{{40, 10, 50}, {10, 40, 50}, {35, 15, 50}};
  partition_constraints c;
  c.trend = monotonic_trend::none;
  c.total_goods = 85;
  c.total_bads = 65;
  c.max_pvalue = 0.05;
  CHECK(optimal_partition(pre, c).ends == std::vector<std::size_t>{1, 2, 3});
  CHECK(two_proportion_test(40, 10, 35, 15).p_value > 0.05);
  c.pvalue_all = true;
  const auto all = optimal_partition(pre, c);
  REQUIRE(all.feasible);
  CHECK(all.ends.size() == 2);
  CHECK(all.iv == doctest::Approx(brute_force(pre, c, monotonic_trend::none).iv).epsilon(1e-14));
}

TEST_CASE("the German credit bins under the new constraints satisfy them") {
  const auto t = credo::test::german_credit();
  for (const char* col : {"duration", "credit_amount", "age", "purpose", "checking_status"}) {
    for (auto policy : {pvalue_policy::consecutive, pvalue_policy::all}) {
      binning_options o;
      o.max_pvalue = 0.05;
      o.max_pvalue_policy = policy;
      o.min_event_rate_diff = 0.02;
      CAPTURE(std::string(col));
      const auto b = optimal(t, col, o);
      const auto a = analyze(b);
      const std::size_t k = b.bins().regular();
      for (const auto& x : a.tests) CHECK(x.p_value <= 0.05);
      for (std::size_t i = 0; i + 1 < k; ++i) CHECK(std::abs(b[i + 1].event_rate - b[i].event_rate) >= 0.02);
      if (policy == pvalue_policy::all)
        for (std::size_t i = 0; i < k; ++i)
          for (std::size_t j = i + 1; j < k; ++j)
            CHECK(two_proportion_test(b[i].goods, b[i].bads, b[j].goods, b[j].bads).p_value <= 0.05);
      // and they cost IV against the unconstrained optimum, never gain it
      CHECK(b.iv() <= optimal(t, col).iv() + 1e-12);
    }
  }
  binning_options bad;
  bad.max_pvalue = 0.0;
  CHECK_THROWS_WITH_AS(optimal(t, "age", bad), "[credo.binning.bad_option] column 'age': max_pvalue = 0 is outside (0, 1]",
                       credo::invalid_input);
  bad.max_pvalue.reset();
  bad.min_event_rate_diff = 1.5;
  CHECK_THROWS_WITH_AS(optimal(t, "age", bad),
                       "[credo.binning.bad_option] column 'age': min_event_rate_diff = 1.5 is outside [0, 1]",
                       credo::invalid_input);
}

TEST_CASE("optimal binning of a numeric column meets its trend and constraints") {
  const auto t = credo::test::german_credit();
  binning_options o;
  SUBCASE("ascending") {
    o.trend = monotonic_trend::ascending;
    const auto b = optimal(t, "credit_amount", o);
    const auto r = regular_rates(b);
    REQUIRE(r.size() >= 2);
    for (std::size_t j = 1; j < r.size(); ++j) CHECK(r[j] > r[j - 1]);
  }
  SUBCASE("descending") {
    o.trend = monotonic_trend::descending;
    const auto b = optimal(t, "age", o);
    const auto r = regular_rates(b);
    REQUIRE(r.size() >= 2);
    for (std::size_t j = 1; j < r.size(); ++j) CHECK(r[j] < r[j - 1]);
  }
  SUBCASE("automatic takes the better of ascending and descending") {
    for (const char* name : {"duration", "age", "credit_amount", "installment_commitment"}) {
      CAPTURE(name);
      o.trend = monotonic_trend::ascending;
      const double up = optimal(t, name, o).iv();
      o.trend = monotonic_trend::descending;
      const double down = optimal(t, name, o).iv();
      o.trend = monotonic_trend::automatic;
      CHECK(optimal(t, name, o).iv() == std::max(up, down));
    }
  }
  SUBCASE("max_n_bins, min_bin_size, min goods and bads") {
    o.max_n_bins = 3;
    o.min_bin_size = 0.1;
    o.min_bin_n_good = 50;
    o.min_bin_n_bad = 20;
    const auto b = optimal(t, "duration", o);
    CHECK(b.bins().regular() <= 3);
    CHECK(b.bins().regular() >= 2);
    for (std::size_t i = 0; i < b.bins().regular(); ++i) {
      CHECK(b[i].goods + b[i].bads >= 100);
      CHECK(b[i].goods >= 50);
      CHECK(b[i].bads >= 20);
    }
    // Without constraints the IV can only be higher.
    CHECK(optimal(t, "duration").iv() >= b.iv());
  }
  SUBCASE("constraints that allow no split leave one regular bin") {
    o.min_bin_size = 0.5;
    o.min_bin_n_bad = 200;
    const auto b = optimal(t, "duration", o);
    CHECK(b.bins().regular() == 1);
    CHECK(b.iv() == doctest::Approx(0.0));
  }
}

TEST_CASE("a valley-shaped risk is found by the valley trend and missed by monotonic ones") {
  // Event rate by x: high at both ends, low in the middle.
  std::vector<double> x;
  std::vector<std::uint8_t> bad;
  const int bads_per_100[] = {60, 45, 30, 15, 10, 15, 30, 45, 60, 70};
  for (int v = 0; v < 10; ++v)
    for (int i = 0; i < 100; ++i) {
      x.push_back(v);
      bad.push_back(i < bads_per_100[v] ? 1 : 0);
    }
  table t;
  t.add(column::numeric("x", x));
  t.set_target(bad);
  binning_options o;
  o.trend = monotonic_trend::valley;
  const auto v = optimal(t, "x", o);
  o.trend = monotonic_trend::peak;
  const auto p = optimal(t, "x", o);
  o.trend = monotonic_trend::automatic;
  const auto a = optimal(t, "x", o);
  CHECK(v.iv() > a.iv());
  CHECK(v.iv() > p.iv());
  const auto r = regular_rates(v);
  CHECK(r.size() == 10);  // 60 > 45 > 30 > 15 > 10 < 15 < 30 < 45 < 60 < 70: every value keeps its bin
  std::size_t low = 0;
  for (std::size_t j = 1; j < r.size(); ++j)
    if (r[j] < r[low]) low = j;
  for (std::size_t j = 1; j <= low; ++j) CHECK(r[j] < r[j - 1]);
  for (std::size_t j = low + 1; j < r.size(); ++j) CHECK(r[j] > r[j - 1]);
}

TEST_CASE("optimal binning of a categorical column orders categories by event rate") {
  const auto t = credo::test::german_credit();
  binning_options o;
  o.min_category_share = 0.05;  // purpose: pools the categories under 50 rows
  const auto b = optimal(t, "purpose", o);
  const auto r = regular_rates(b);
  for (std::size_t j = 1; j < r.size(); ++j) CHECK(r[j] > r[j - 1]);
  // Every label of the data has one bin, and the rare ones share a bin.
  const auto& dict = t["purpose"].dictionary();
  for (const auto& label : dict) CHECK(b.bins().bin_of(std::string_view(label)) < b.bins().regular());
  CHECK(b.bins().bin_of(std::string_view("retraining")) == b.bins().bin_of(std::string_view("repairs")));
  o.max_n_bins = 2;
  CHECK(optimal(t, "purpose", o).bins().regular() == 2);
  o.max_n_bins.reset();
  o.max_n_prebins = 3;
  CHECK(optimal(t, "purpose", o).bins().regular() <= 3);
}
