// optbinning's binning-table analysis (analysis.hpp): a hand-derived table, and German credit
// binnings against scipy (tests/reference/binning_analysis.py).
#include "german_credit.hpp"
#include <credo/binning.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <test_support.hpp>

#include <cmath>
#include <fstream>
#include <string>

using namespace credo::binning;
using credo::test::reference_path;

namespace {

void check_against(const binning_analysis& a, const nlohmann::json& e) {
  CHECK(a.iv == doctest::Approx(e["iv"].get<double>()).epsilon(1e-12));
  CHECK(a.jensen_shannon == doctest::Approx(e["jensen_shannon"].get<double>()).epsilon(1e-12));
  CHECK(a.hellinger == doctest::Approx(e["hellinger"].get<double>()).epsilon(1e-12));
  CHECK(a.triangular == doctest::Approx(e["triangular"].get<double>()).epsilon(1e-12));
  CHECK(a.hhi == doctest::Approx(e["hhi"].get<double>()).epsilon(1e-12));
  CHECK(a.hhi_normalized == doctest::Approx(e["hhi_normalized"].get<double>()).epsilon(1e-12));
  CHECK(a.cramers_v == doctest::Approx(e["cramers_v"].get<double>()).epsilon(1e-12));
  CHECK(a.quality_score == doctest::Approx(e["quality_score"].get<double>()).epsilon(1e-10));
  REQUIRE(a.tests.size() == e["tests"].size());
  for (std::size_t i = 0; i < a.tests.size(); ++i) {
    CHECK(a.tests[i].bin_a == e["tests"][i]["bin_a"].get<std::size_t>());
    CHECK(a.tests[i].bin_b == e["tests"][i]["bin_b"].get<std::size_t>());
    CHECK(a.tests[i].z == doctest::Approx(e["tests"][i]["z"].get<double>()).epsilon(1e-12));
    CHECK(a.tests[i].p_value == doctest::Approx(e["tests"][i]["p_value"].get<double>()).epsilon(1e-10));
  }
}

}  // namespace

TEST_CASE("analysis of a hand-derived table") {
  // Two bins: (goods, bads) = (30, 10) and (10, 10); G = 40, B = 20, the missing bin empty.
  // q = (0.75, 0.25), p = (0.5, 0.5). JS = ½Σ[p ln(p/m) + q ln(q/m)], m = (0.625, 0.375).
  bin_counts c(3);
  c.add(0, 30, 10, 40);
  c.add(1, 10, 10, 20);
  const binning_table t("x", bins::numeric({1.0}), c);
  const auto a = analyze(t);
  const double js = 0.5 * (0.5 * std::log(0.5 / 0.625) + 0.75 * std::log(0.75 / 0.625) +
                           0.5 * std::log(0.5 / 0.375) + 0.25 * std::log(0.25 / 0.375));
  CHECK(a.jensen_shannon == doctest::Approx(js).epsilon(1e-15));
  CHECK(a.iv == doctest::Approx(t.iv()).epsilon(1e-15));
  const double h = 0.5 * (std::pow(std::sqrt(0.5) - std::sqrt(0.75), 2) + std::pow(std::sqrt(0.5) - std::sqrt(0.25), 2));
  CHECK(a.hellinger == doctest::Approx(h).epsilon(1e-15));
  CHECK(a.triangular == doctest::Approx(0.0625 / 1.25 + 0.0625 / 0.75).epsilon(1e-15));
  // shares 2/3, 1/3, 0: HHI = 5/9, normalised (5/9 − 1/3)/(2/3) = 1/3
  CHECK(a.hhi == doctest::Approx(5.0 / 9).epsilon(1e-15));
  CHECK(a.hhi_normalized == doctest::Approx(1.0 / 3).epsilon(1e-14));
  // pooled rate 1/3: z = (0.5 − 0.25) / √(2/9 · (1/40 + 1/20)) = 0.25 / √(1/60)
  REQUIRE(a.tests.size() == 1);
  CHECK(a.tests[0].z == doctest::Approx(0.25 * std::sqrt(60.0)).epsilon(1e-14));
  CHECK(a.tests[0].p_value == doctest::Approx(std::erfc(0.25 * std::sqrt(60.0) / std::sqrt(2.0))).epsilon(1e-14));
  // 2 × 2 χ² = z² = 3.75 (N = 60): V = √(3.75/60) = 0.25
  CHECK(a.cramers_v == doctest::Approx(0.25).epsilon(1e-14));
  constexpr double qc = 0.39573882184806863;
  const double score = t.iv() * std::exp(0.5 * (1 - std::pow(t.iv() / qc, 2))) / qc * (1 - a.tests[0].p_value) * (2.0 / 3);
  CHECK(a.quality_score == doctest::Approx(score).epsilon(1e-14));
}

TEST_CASE("analysis: a zero-cell bin is left out of the divergences, an empty one out of the tests") {
  // (goods, bads): (5, 5), empty, (5, 0), missing (0, 5). G = B = 10.
  bin_counts c(4);
  c.add(0, 5, 5, 10);
  c.add(2, 5, 0, 5);
  c.add(3, 0, 5, 5);
  const binning_table t("x", bins::numeric({1.0, 2.0}), c);
  const auto a = analyze(t);
  CHECK(a.iv == 0.0);  // only bin 0 holds both classes, and its shares are equal
  CHECK(a.jensen_shannon == 0.0);
  REQUIRE(a.tests.size() == 1);  // bins 0 and 2; the empty bin 1 is skipped
  CHECK(a.tests[0].bin_a == 0);
  CHECK(a.tests[0].bin_b == 2);
  // shares 0.5, 0, 0.25, 0.25 over n = 4 bins
  CHECK(a.hhi == doctest::Approx(0.375).epsilon(1e-15));
  CHECK(a.hhi_normalized == doctest::Approx((0.375 - 0.25) / 0.75).epsilon(1e-14));
}

TEST_CASE("analysis of German credit binnings equals scipy's figures") {
  std::ifstream in(reference_path("binning_analysis.json"));
  REQUIRE(in);
  const auto ref = nlohmann::json::parse(in);
  const auto t = credo::test::german_credit();
  for (const auto& [col, e] : ref["numeric"].items()) {
    CAPTURE(col);
    const auto b = fixed_cuts(t, col, e["cuts"].get<std::vector<double>>());
    for (std::size_t i = 0; i + 1 < b.size(); ++i) CHECK(b[i].goods == e["goods"][i].get<double>());
    check_against(analyze(b), e);
  }
  for (const auto& [col, e] : ref["categorical"].items()) {
    CAPTURE(col);
    const auto b = distinct(t, col);
    REQUIRE(b.bins().regular() == e["labels"].size());
    for (std::size_t i = 0; i < b.bins().regular(); ++i)
      CHECK(b.bins().groups()[i] == std::vector<std::string>{e["labels"][i].get<std::string>()});
    check_against(analyze(b), e);
  }
}
