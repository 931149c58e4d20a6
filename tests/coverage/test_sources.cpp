#include <credo/coverage.hpp>
#include <credo/synth.hpp>

#include <doctest/doctest.h>

#include <bit>
#include <cmath>

#include "hand_population.hpp"

namespace cc = credo::coverage;
namespace cf = credo::features;
using credo::test::hand_population;

namespace {
/// Exact Shapley values by the subset formula from a full table of v(S), S < 2^k.
std::vector<double> brute_shapley(const std::vector<double>& v, std::size_t k) {
  std::vector<double> phi(k, 0.0), fact(k + 1, 1.0);
  for (std::size_t i = 1; i <= k; ++i) fact[i] = fact[i - 1] * static_cast<double>(i);
  for (std::size_t i = 0; i < k; ++i)
    for (std::uint64_t s = 0; s < v.size(); ++s) {
      if ((s >> i) & 1u) continue;
      const auto n = static_cast<std::size_t>(std::popcount(s));
      phi[i] += fact[n] * fact[k - n - 1] / fact[k] * (v[s | (std::uint64_t{1} << i)] - v[s]);
    }
  return phi;
}

/// v(S) for every S by evaluating the rule on each person's file directly.
template <class Rule>
std::vector<double> brute_values(const cf::population<>& pop, const Rule& rule, std::size_t k) {
  std::vector<double> v(std::size_t{1} << k, 0.0);
  for (std::uint64_t s = 0; s < v.size(); ++s)
    for (std::size_t p = 0; p < pop.size(); ++p) v[s] += cc::status_of(pop, p, rule, s) == cc::file_status::scoreable;
  return v;
}

/// The default rule without merge(): source_analysis then re-adds accounts per subset.
struct unmerged_default {
  cc::recent_and_seasoned r;
  using state = cc::recent_and_seasoned::state;
  void start(state& s, const cf::person_context& c) const { r.start(s, c); }
  void add(state& s, const cf::account_view& a, const cf::person_context& c) const { r.add(s, a, c); }
  bool scoreable(const state& s, const cf::person_context& c) const { return r.scoreable(s, c); }
};
static_assert(cc::scoreability_rule<unmerged_default> && !cc::mergeable_rule<unmerged_default>);
static_assert(cc::mergeable_rule<cc::recent_and_seasoned> && cc::mergeable_rule<cc::min_accounts>);
}  // namespace

TEST_CASE("two sources by hand: alone, leave-one-out, Shapley, overlap") {
  const auto h = credo::test::two_sources();
  const auto pop = h.view();
  const cc::source_analysis a(pop);
  REQUIRE(a.sources() == 2);
  // v(∅) = 0, v({0}) = 2 (P1, P2), v({1}) = 1 (P1), v({0,1}) = 3 (P0, P1, P2)
  CHECK(a.value(0b00) == 0);
  CHECK(a.value(0b01) == 2);
  CHECK(a.value(0b10) == 1);
  CHECK(a.value(0b11) == 3);
  CHECK(a.alone() == std::vector<double>{2, 1});
  CHECK(a.leave_one_out() == std::vector<double>{2, 1});  // 3 − 1, 3 − 2
  // φ0 = ½(v{0} − v∅) + ½(v{0,1} − v{1}) = ½·2 + ½·2 = 2;  φ1 = ½·1 + ½·1 = 1.
  // Coverage is not a union: P0 counts ½ for each source although neither scores it alone.
  const auto phi = a.shapley();
  CHECK(phi[0] == doctest::Approx(2));
  CHECK(phi[1] == doctest::Approx(1));
  const auto o = a.overlap();
  CHECK(o[0][0] == 3);  // P0, P1, P2
  CHECK(o[1][1] == 3);  // P0, P1, P4 (inquiry)
  CHECK(o[0][1] == 2);
  CHECK(o[1][0] == 2);
  const auto all = a.coverage(0b11);
  CHECK(all == cc::coverage_counts{1, 1, 3});
  // null player: a third source without records gets 0, and the others keep their values
  cc::source_options three;
  three.sources = 3;
  const cc::source_analysis a3(pop, cc::recent_and_seasoned{}, three);
  const auto phi3 = a3.shapley();
  REQUIRE(phi3.size() == 3);
  CHECK(phi3[2] == 0);
  CHECK(phi3[0] == doctest::Approx(2));
  CHECK(a3.leave_one_out()[2] == 0);
  const auto only0 = a.coverage(0b01);
  CHECK(only0 == cc::coverage_counts{2, 1, 2});  // P3, P4 invisible; P0 unscoreable
}

TEST_CASE("three sources by hand: the glove game, efficiency and symmetry") {
  // One person: source 0 and source 2 each supply only a recent account, source 1 only a
  // seasoned one. v(S) = 1 iff 1 ∈ S and (0 ∈ S or 2 ∈ S). Over the 6 orderings source 1
  // completes the file in 4, source 0 in 1 (1, 0, 2) and source 2 in 1 (1, 2, 0):
  // φ = (1/6, 4/6, 1/6).
  hand_population h;
  const auto p = h.person("P", "A");
  h.account(p, 0, true, false);
  h.account(p, 1, false, true);
  h.account(p, 2, true, false);
  h.finish();
  const auto pop = h.view();
  const cc::source_analysis a(pop);
  const auto phi = a.shapley();
  REQUIRE(phi.size() == 3);
  CHECK(phi[0] == doctest::Approx(1.0 / 6));
  CHECK(phi[1] == doctest::Approx(4.0 / 6));
  CHECK(phi[2] == doctest::Approx(1.0 / 6));
  CHECK(phi[0] == phi[2]);  // symmetry: sources 0 and 2 play the same part
  CHECK(phi[0] + phi[1] + phi[2] == doctest::Approx(a.value(0b111) - a.value(0)));
  CHECK(a.alone() == std::vector<double>{0, 0, 0});
  CHECK(a.leave_one_out() == std::vector<double>{0, 1, 0});
}

TEST_CASE("synthetic bureau: exact Shapley equals brute force over all 2^12 subsets") {
  credo::synth::bureau_options o;
  o.persons = 300;
  o.mean_accounts = 4;  // few sources per person, more non-union cases
  o.stale_share = 0.4;
  const auto b = credo::synth::generate(o);
  const auto pop = b.records.view();
  const std::size_t k = b.records.sources.size();
  REQUIRE(k == 12);

  const cc::recent_and_seasoned rule;
  const auto v = brute_values(pop, rule, k);
  const auto expected = brute_shapley(v, k);
  cc::source_options opt;
  opt.sources = k;
  opt.threads = 1;
  const cc::source_analysis a(pop, rule, opt);
  for (std::uint64_t s = 0; s < v.size(); s += 7) REQUIRE(a.value(s) == v[s]);
  const auto phi = a.shapley();
  double sum = 0;
  for (std::size_t i = 0; i < k; ++i) {
    CHECK(phi[i] == doctest::Approx(expected[i]).epsilon(1e-9));
    sum += phi[i];
  }
  CHECK(sum == doctest::Approx(v.back() - v.front()));  // efficiency
  // Not a union: some persons are scoreable only through two sources together.
  std::size_t together_only = 0;
  for (std::size_t p = 0; p < pop.size(); ++p) {
    if (cc::status_of(pop, p, rule) != cc::file_status::scoreable) continue;
    bool single = false;
    for (std::size_t s = 0; s < k; ++s)
      single = single || cc::status_of(pop, p, rule, cf::source_mask{1} << s) == cc::file_status::scoreable;
    together_only += !single;
  }
  CHECK(together_only > 0);
  CHECK(a.leave_one_out()[0] == v.back() - v[v.size() - 1 - 1]);

  // thread count and rule path change nothing
  // thread count and rule path (closed form by conditions, truth tables) change nothing
  static_assert(cc::condition_rule<cc::recent_and_seasoned> && !cc::condition_rule<cc::min_accounts>);
  CHECK(a.patterns().size() == 0);
  CHECK(a.conditions().size() > 0);
  opt.threads = 3;
  const cc::source_analysis a3(pop, rule, opt);
  CHECK(a3.conditions() == a.conditions());
  const cc::source_analysis<cf::tradeline_record, cf::inquiry_record, unmerged_default> au(pop, {}, opt);
  CHECK(au.patterns().size() > 0);
  opt.threads = 1;
  const cc::source_analysis<cf::tradeline_record, cf::inquiry_record, unmerged_default> au1(pop, {}, opt);
  CHECK(au1.patterns() == au.patterns());
  const auto phi_table = au.shapley();
  for (std::size_t i = 0; i < k; ++i) CHECK(phi_table[i] == doctest::Approx(phi[i]).epsilon(1e-9));
  for (std::uint64_t s = 0; s < v.size(); s += 11) REQUIRE(au.value(s) == v[s]);

  // Monte Carlo close to exact: within 4 standard errors, and seeded (repeatable)
  const auto mc = a.shapley_monte_carlo(400, 7);
  for (std::size_t i = 0; i < k; ++i) {
    CHECK(std::abs(mc[i].value - phi[i]) <= 4 * mc[i].std_error + 1e-9);
    CHECK(mc[i].std_error < 2.0);
  }
  const auto mc2 = a.shapley_monte_carlo(400, 7);
  CHECK(mc2[3].value == mc[3].value);
}

TEST_CASE("thin-file rule and a user-written rule against brute force") {
  credo::synth::bureau_options o;
  o.persons = 200;
  o.mean_accounts = 3;
  const auto b = credo::synth::generate(o);
  const auto pop = b.records.view();
  const std::size_t k = b.records.sources.size();

  const cc::min_accounts thin{3};
  const auto v = brute_values(pop, thin, k);
  const cc::source_analysis a(pop, thin);
  for (std::uint64_t s = 0; s < v.size(); s += 5) REQUIRE(a.value(s) == v[s]);
  const auto expected = brute_shapley(v, k);
  const auto phi = a.shapley();
  for (std::size_t i = 0; i < k; ++i) CHECK(phi[i] == doctest::Approx(expected[i]).epsilon(1e-9));

  // A lender's own rule: an open revolving account with a limit of at least 1000, reported in
  // the last 3 months. Not mergeable as written; source_analysis handles it anyway.
  struct card_rule {
    struct state {
      bool ok = false;
    };
    void add(state& s, const cf::account_view& a, const cf::person_context& c) const {
      s.ok = s.ok || (a.type == cf::account_type::revolving && a.open() && a.credit_limit >= 1000 &&
                      a.last_reported > c.as_of.add_months(-3));
    }
    bool scoreable(const state& s, const cf::person_context&) const { return s.ok; }
  };
  static_assert(cc::scoreability_rule<card_rule>);
  const card_rule mine;
  const auto vm = brute_values(pop, mine, k);
  const cc::source_analysis am(pop, mine);
  for (std::uint64_t s = 0; s < vm.size(); s += 5) REQUIRE(am.value(s) == vm[s]);
  const auto em = brute_shapley(vm, k);
  const auto pm = am.shapley();
  for (std::size_t i = 0; i < k; ++i) CHECK(pm[i] == doctest::Approx(em[i]).epsilon(1e-9));
  // this rule is a union over sources (one account suffices), so Shapley = alone here
  const auto alone = am.alone();
  for (std::size_t i = 0; i < k; ++i) CHECK(pm[i] <= alone[i] + 1e-9);
}

TEST_CASE("persons past the exact limit: values still exact, Shapley by Monte Carlo only") {
  const auto h = credo::test::two_sources();
  const auto pop = h.view();
  cc::source_options opt;
  opt.exact_limit = 1;  // P0 and P1 (two sources each) are evaluated directly
  // (a rule in condition form has no limit; the same rule without merge() has)
  const cc::source_analysis<cf::tradeline_record, cf::inquiry_record, unmerged_default> a(pop, {}, opt);
  CHECK(a.value(0b01) == 2);
  CHECK(a.value(0b10) == 1);
  CHECK(a.value(0b11) == 3);
  CHECK(a.overlap()[0][1] == 2);
  CHECK_THROWS_WITH_AS(a.shapley(),
                       "[credo.coverage.too_many_sources] 2 persons have records from more than 1 sources "
                       "(source_options::exact_limit); use shapley_monte_carlo",
                       credo::invalid_input);
  const auto mc = a.shapley_monte_carlo(200, 3);
  CHECK(mc[0].value + mc[1].value == doctest::Approx(3));  // every ordering sums to v(all) − v(∅)
  CHECK(std::abs(mc[0].value - 2) <= 4 * mc[0].std_error + 1e-9);
  CHECK_THROWS_WITH_AS(a.shapley_monte_carlo(1),
                       "[credo.coverage.too_few_permutations] shapley_monte_carlo needs at least 2 permutations, "
                       "got 1",
                       credo::invalid_input);
  opt.exact_limit = 21;
  CHECK_THROWS_WITH_AS(cc::source_analysis(pop, cc::recent_and_seasoned{}, opt),
                       "[credo.coverage.bad_exact_limit] source_options::exact_limit 21 is outside [0, 20]",
                       credo::invalid_input);
  opt.exact_limit = 16;
  opt.sources = 1;
  CHECK_THROWS_WITH_AS(cc::source_analysis(pop, cc::recent_and_seasoned{}, opt),
                       "[credo.coverage.too_many_sources] records come from source index 1, past "
                       "source_options::sources = 1",
                       credo::invalid_input);
}
