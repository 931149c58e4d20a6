// Pre-binning (equal frequency, distinct values) and ChiMerge.
#include <credo/binning.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <algorithm>
#include <numeric>
#include <random>
#include <string>

using namespace credo::binning;
using credo::column;
using credo::table;

namespace {

table numeric_table(std::vector<double> x) {
  table t;
  std::vector<std::uint8_t> bad(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) bad[i] = i % 3 == 0;  // both classes everywhere
  t.add(column::numeric("x", std::move(x)));
  t.set_target(std::move(bad));
  return t;
}

}  // namespace

TEST_CASE("equal-frequency pre-bins cut at the quantiles j/q") {
  std::vector<double> x(100);
  std::iota(x.begin(), x.end(), 0.0);
  std::reverse(x.begin(), x.end());  // order of rows does not matter
  binning_options o;
  o.max_n_prebins = 4;
  const auto b = equal_frequency(numeric_table(x), "x", o);
  CHECK(b.bins().cuts() == std::vector<double>{25, 50, 75});
  for (std::size_t i = 0; i < 4; ++i) CHECK(b[i].count == 25);
}

TEST_CASE("ties: a quantile equal to the minimum gives no cut") {
  // 50 zeros, then 1..50: positions 25, 50, 75 hold 0, 1 and 26.
  std::vector<double> x(50, 0.0);
  for (int v = 1; v <= 50; ++v) x.push_back(v);
  binning_options o;
  o.max_n_prebins = 4;
  const auto b = equal_frequency(numeric_table(x), "x", o);
  CHECK(b.bins().cuts() == std::vector<double>{1, 26});
  CHECK(b[0].count == 50);
  CHECK(b[1].count == 25);
}

TEST_CASE("few distinct values: one pre-bin each, small ones merged into a neighbour") {
  // Values 1 (2 rows), 2 (48 rows), 3 (50 rows); min_prebin_size 0.05 of 100 rows = 5.
  std::vector<double> x(2, 1.0);
  x.insert(x.end(), 48, 2.0);
  x.insert(x.end(), 50, 3.0);
  const auto t = numeric_table(x);
  binning_options o;
  CHECK(equal_frequency(t, "x", o).bins().cuts() == std::vector<double>{3});
  o.min_prebin_size = 0.0;
  CHECK(equal_frequency(t, "x", o).bins().cuts() == std::vector<double>{2, 3});
  CHECK(distinct(t, "x").bins().cuts() == std::vector<double>{2, 3});
}

TEST_CASE("Kerber's chi-square of two adjacent bins") {
  // (10 goods, 0 bads) vs (0, 10): every E = 10·10/20 = 5, χ² = 4·(5²/5) = 20.
  CHECK(chi_square({10, 0, 10}, {0, 10, 10}) == doctest::Approx(20.0));
  // Equal rates: χ² = 0.
  CHECK(chi_square({6, 2, 8}, {3, 1, 4}) == doctest::Approx(0.0));
  // No bads at all: E = 0 for the bad column is replaced by 0.1, each term (0 − 0.1)²/0.1.
  CHECK(chi_square({5, 0, 5}, {5, 0, 5}) == doctest::Approx(0.2));
  // (6, 4) vs (2, 8): C = (8, 12), N = 20, E = (4, 6 | 4, 6);
  // χ² = 4/4 + 4/6 + 4/4 + 4/6 = 3.3333.
  CHECK(chi_square({6, 4, 10}, {2, 8, 10}) == doctest::Approx(10.0 / 3));
  CHECK(chimerge_threshold(0.05) == doctest::Approx(3.841458820694124).epsilon(1e-12));
}

TEST_CASE("ChiMerge merges similar neighbours and keeps different ones apart") {
  const std::vector<prebin> pre{{40, 10, 50}, {41, 9, 50}, {10, 40, 50}, {11, 39, 50}};
  CHECK(chimerge_partition(pre, chimerge_threshold(0.05)) == std::vector<std::size_t>{2, 4});
  CHECK(chimerge_partition(pre, chimerge_threshold(0.05), 1) == std::vector<std::size_t>{4});
  // With a threshold of 0 nothing merges, except bins without goods or bads.
  const std::vector<prebin> zero{{40, 10, 50}, {5, 0, 5}, {10, 40, 50}};
  CHECK(chimerge_partition(zero, 0.0) == std::vector<std::size_t>{2, 3});
}

TEST_CASE("ChiMerge of a column gives bins with goods and bads") {
  std::vector<double> x;
  std::vector<std::uint8_t> bad;
  for (int v = 0; v < 20; ++v)
    for (int i = 0; i < 50; ++i) {
      x.push_back(v);
      bad.push_back(i < (v < 10 ? 10 : 30) ? 1 : 0);
    }
  table t;
  t.add(column::numeric("x", x));
  t.set_target(bad);
  const auto b = chimerge(t, "x");
  CHECK(b.bins().cuts() == std::vector<double>{10});
  binning_options o;
  o.max_n_bins = 1;
  CHECK(chimerge(t, "x", o).bins().regular() == 1);
}

TEST_CASE("order statistics of large inputs are exact, ties and all") {
  // Above 65536 values the selection goes through sampled buckets; compare with a full sort.
  std::mt19937_64 rng(7);
  for (int shape = 0; shape < 3; ++shape) {
    std::vector<double> v(200'003);
    for (auto& x : v) {
      const double u = std::uniform_real_distribution<double>(0, 1)(rng);
      x = shape == 0 ? u : shape == 1 ? std::floor(u * 7) : (u < 0.6 ? 0.0 : u);  // ties, a spike
    }
    std::vector<double> sorted = v;
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::size_t> pos;
    for (std::size_t j = 1; j < 20; ++j) pos.push_back(j * v.size() / 20);
    pos.push_back(v.size() - 1);
    const auto got = detail::order_statistics(v, pos);
    REQUIRE(got.size() == pos.size());
    for (std::size_t k = 0; k < pos.size(); ++k) CHECK(got[k] == sorted[pos[k]]);
  }
}

TEST_CASE("categorical pre-bins: rare categories pooled, ordered by event rate") {
  // a: 40 rows, 10% bad; b: 40 rows, 50% bad; c: 15 rows, 20% bad; d, e: 3 and 2 rows.
  std::vector<std::string> labels;
  std::vector<std::uint8_t> bad;
  auto add = [&](const char* l, int n, int bads) {
    for (int i = 0; i < n; ++i) {
      labels.push_back(l);
      bad.push_back(i < bads ? 1 : 0);
    }
  };
  add("a", 40, 4);
  add("b", 40, 20);
  add("c", 15, 3);
  add("d", 3, 3);
  add("e", 2, 0);
  table t;
  t.add(column::categorical_from_labels("c", labels));
  t.set_target(bad);
  binning_options o;
  o.min_category_share = 0.1;  // d and e (5 rows of 100) pool: 3 bads of 5, rate 0.6
  const auto b = equal_frequency(t, "c", o);
  REQUIRE(b.bins().regular() == 4);
  CHECK(b[0].label == "{a}");
  CHECK(b[1].label == "{c}");
  CHECK(b[2].label == "{b}");
  CHECK(b[3].label == "{d, e}");
  CHECK(b[3].event_rate == doctest::Approx(0.6));
  // ChiMerge joins a with c (0.1 vs 0.2 on 40 and 15 rows) and b with {d, e} (0.5 vs 0.6).
  const auto chi = chimerge(t, "c", o);
  CHECK(chi.bins().regular() == 2);
  CHECK(chi[0].label == "{a, c}");
  CHECK(chi[1].label == "{b, d, e}");
}
