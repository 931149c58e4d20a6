// metrics::concordance: SAS PROC LOGISTIC's association of predicted probabilities and
// observed responses, against a direct count of every pair (tests/reference/logit_summary.py,
// with scipy's somersd and kendalltau beside it).
#include "german_credit.hpp"

#include <credo/metrics/auc.hpp>
#include <credo/metrics/concordance.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <test_support.hpp>

#include <cmath>
#include <fstream>
#include <vector>

using namespace credo;
using metrics::direction;

namespace {

const nlohmann::json& concordance_reference() {
  static const nlohmann::json j = [] {
    std::ifstream in(test::reference_path("logit_summary.json"));
    return nlohmann::json::parse(in)["concordance"];
  }();
  return j;
}

void check_association(const metrics::concordance_result& r, const nlohmann::json& ref, double tol) {
  for (const char* k : {"pairs", "concordant_pairs", "discordant_pairs", "tied_pairs", "observations", "concordant",
                        "discordant", "tied", "somers_d", "gamma", "tau_a", "c"}) {
    CAPTURE(k);
    const double want = ref[k].get<double>();
    const double got = std::string(k) == "pairs"              ? r.pairs
                       : std::string(k) == "concordant_pairs" ? r.concordant_pairs
                       : std::string(k) == "discordant_pairs" ? r.discordant_pairs
                       : std::string(k) == "tied_pairs"       ? r.tied_pairs
                       : std::string(k) == "observations"     ? r.observations
                       : std::string(k) == "concordant"       ? r.concordant
                       : std::string(k) == "discordant"       ? r.discordant
                       : std::string(k) == "tied"             ? r.tied
                       : std::string(k) == "somers_d"         ? r.somers_d
                       : std::string(k) == "gamma"            ? r.gamma
                       : std::string(k) == "tau_a"            ? r.tau_a
                                                              : r.c;
    CHECK(std::abs(got - want) <= tol * std::max(1.0, std::abs(want)));
  }
}

std::vector<std::uint8_t> german_bads() {
  const auto t = test::german_credit();
  return {t.target().begin(), t.target().end()};
}

}  // namespace

TEST_CASE("concordance of the fitted PD matches a count of every (bad, good) pair") {
  const auto bad = german_bads();
  for (const char* name : {"fitted", "rounded"}) {
    CAPTURE(name);
    const auto& ref = concordance_reference()[name];
    const auto pd = ref["scores"].get<std::vector<double>>();
    metrics::concordance<> c(direction::higher_is_riskier);
    c.fill(pd, bad);
    const auto r = c.result();
    check_association(r, ref, 1e-12);
    // scipy's somersd(y, pd) and tau-a over all N(N − 1)/2 pairs agree (the script checks).
    CHECK(r.somers_d == doctest::Approx(ref["somers_d_scipy"].get<double>()).epsilon(1e-12));
    CHECK(r.tau_a == doctest::Approx(ref["tau_a_all_pairs"].get<double>()).epsilon(1e-12));
    // Counts of unit-weight pairs are whole numbers, exact in double.
    CHECK(r.concordant_pairs == ref["concordant_pairs"].get<double>());
    CHECK(r.tied_pairs == ref["tied_pairs"].get<double>());
    // c is the AUC and Somers' D the Gini.
    metrics::auc<> auc(direction::higher_is_riskier);
    auc.fill(pd, bad);
    CHECK(r.c == doctest::Approx(auc.value()).epsilon(1e-15));
    CHECK(r.somers_d == doctest::Approx(auc.gini()).epsilon(1e-14));
    // The same PD read as points (−PD, higher is safer) gives the same table.
    std::vector<double> points(pd.size());
    for (std::size_t i = 0; i < pd.size(); ++i) points[i] = -pd[i];
    metrics::concordance<> safer(direction::higher_is_safer);
    safer.fill(points, bad);
    CHECK(safer.result() == r);
    // Read the wrong way round, concordant and discordant swap.
    metrics::concordance<> wrong(direction::higher_is_safer);
    wrong.fill(pd, bad);
    CHECK(wrong.result().concordant_pairs == r.discordant_pairs);
    CHECK(wrong.result().somers_d == -r.somers_d);
  }
}

TEST_CASE("weighted concordance counts a row of weight w as w rows") {
  const auto bad = german_bads();
  const auto& ref = concordance_reference()["weighted"];
  const auto pd = ref["scores"].get<std::vector<double>>();
  std::vector<double> w(pd.size());
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = static_cast<double>(i % 3 + 1);
  metrics::concordance<> c(direction::higher_is_riskier);
  c.fill(pd, bad, w);
  check_association(c.result(), ref, 1e-12);
  // The rows repeated give the same figures.
  metrics::concordance<> repeated(direction::higher_is_riskier);
  for (std::size_t i = 0; i < pd.size(); ++i)
    for (std::size_t k = 0; k < i % 3 + 1; ++k) repeated(pd[i], bad[i] != 0);
  CHECK(repeated.result() == c.result());

  SUBCASE("non-integer weights (the small case of the script)") {
    const auto& s = concordance_reference()["small"];
    std::ifstream in(test::reference_path("logit_summary.json"));
    const auto raw = nlohmann::json::parse(in)["small"];
    const auto x = raw["x"].get<std::vector<double>>(), y = raw["y"].get<std::vector<double>>(),
               ws = raw["w"].get<std::vector<double>>();
    metrics::concordance<> sc(direction::higher_is_riskier);
    for (std::size_t i = 0; i < x.size(); ++i) sc(x[i], y[i] == 1, ws[i]);
    check_association(sc.result(), s, 1e-13);
  }
}

TEST_CASE("concordance from a score histogram equals the one over every row, and merges") {
  const auto bad = german_bads();
  const auto pd = concordance_reference()["rounded"]["scores"].get<std::vector<double>>();
  metrics::concordance<> rows(direction::higher_is_riskier);
  metrics::concordance<double, metrics::score_histogram<double>> hist(direction::higher_is_riskier);
  rows.fill(pd, bad);
  hist.fill(pd, bad);
  CHECK(hist.rows().distinct() < 100);  // the PD rounded to 2 decimals
  CHECK(hist.result() == rows.result());
  CHECK(metrics::concordance_of(hist.rows(), direction::higher_is_riskier) == rows.result());
  // Three parts merged give the whole.
  metrics::concordance<double, metrics::score_histogram<double>> a(direction::higher_is_riskier), b = a, c = a;
  for (std::size_t i = 0; i < pd.size(); ++i) (i % 3 == 0 ? a : i % 3 == 1 ? b : c)(pd[i], bad[i] != 0);
  a += b;
  a += c;
  CHECK(a.result() == hist.result());
  CHECK(a == hist);
}

TEST_CASE_TEMPLATE("concordance by hand: ties, gamma, tau-a's denominator", Real, float, double) {
  // Bads at 0.9 and 0.5, goods at 0.5, 0.3, 0.1 (PD): pairs 2·3 = 6; (0.9, ·) concordant 3;
  // (0.5, 0.5) tied; (0.5, 0.3), (0.5, 0.1) concordant: n_c = 5, n_d = 0, one tie.
  metrics::concordance<Real> c(direction::higher_is_riskier);
  for (auto [s, b] : std::vector<std::pair<Real, bool>>{{Real(0.9), true}, {Real(0.5), true}, {Real(0.5), false},
                                                        {Real(0.3), false}, {Real(0.1), false}})
    c(s, b);
  const auto r = c.result();
  CHECK(r.pairs == 6);
  CHECK(r.concordant_pairs == 5);
  CHECK(r.discordant_pairs == 0);
  CHECK(r.tied_pairs == 1);
  CHECK(r.somers_d == doctest::Approx(5.0 / 6));
  CHECK(r.gamma == 1);
  CHECK(r.tau_a == doctest::Approx(5.0 / 10));  // N = 5: 10 pairs in all
  CHECK(r.c == doctest::Approx(5.5 / 6));
  // Every pair tied: gamma is undefined (NaN), not 0.
  metrics::concordance<Real> flat(direction::higher_is_riskier);
  flat(Real(0.2), true);
  flat(Real(0.2), false);
  CHECK(std::isnan(flat.result().gamma));
  CHECK(flat.result().somers_d == 0);
}

TEST_CASE("concordance refuses a single class and a merge across directions") {
  metrics::concordance<> c(direction::higher_is_riskier);
  CHECK_THROWS_WITH_AS(c.result(), "[credo.metrics.no_bads] concordance: no bad with positive weight", numeric_error);
  c(0.5, true);
  CHECK_THROWS_WITH_AS(c.result(), "[credo.metrics.no_goods] concordance: no good with positive weight", numeric_error);
  metrics::concordance<> other(direction::higher_is_safer);
  CHECK_THROWS_WITH_AS(c += other,
                       "[credo.metrics.direction_mismatch] cannot merge a concordance read higher_is_safer into one "
                       "read higher_is_riskier",
                       invalid_input);
  CHECK_THROWS_AS(c(std::nan(""), false), invalid_input);
}
