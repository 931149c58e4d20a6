// PSI, CSI, the empty-band policy and the verdict bands.
#include <credo/metrics.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

namespace m = credo::metrics;

TEST_CASE("PSI of three bands by hand") {
  // E = 0.5 0.3 0.2, A = 0.4 0.3 0.3:
  // PSI = (−0.1)·ln(0.8) + 0 + 0.1·ln(1.5) = 0.0223144 + 0.0405465 = 0.0628609
  const std::vector<double> e{50, 30, 20}, a{40, 30, 30};  // counts are normalised
  const auto r = m::psi(std::span<const double>(e), std::span<const double>(a));
  CHECK(r.value == doctest::Approx(-0.1 * std::log(0.8) + 0.1 * std::log(1.5)).epsilon(1e-15));
  CHECK(r.contribution[1] == 0);
  CHECK(r.verdict == m::stability_verdict::stable);
  CHECK(r.epsilon == 0);
}

TEST_CASE("verdict bands") {
  CHECK(m::verdict(0.0999) == m::stability_verdict::stable);
  CHECK(m::verdict(0.1) == m::stability_verdict::some_shift);
  CHECK(m::verdict(0.25) == m::stability_verdict::some_shift);
  CHECK(m::verdict(0.2501) == m::stability_verdict::major_shift);
  CHECK(std::string(m::to_string(m::stability_verdict::major_shift)) == "major shift");
}

TEST_CASE("an empty band is an error or an epsilon stated in the result, never dropped") {
  const std::vector<double> e{0.5, 0.5, 0}, a{0.4, 0.4, 0.2};
  CHECK_THROWS_WITH_AS(m::psi(std::span<const double>(e), std::span<const double>(a)),
                       "[credo.metrics.empty_band] psi: band 2 has no expected weight; the index is infinite (use "
                       "empty_band::add_epsilon to smooth)",
                       credo::numeric_error);
  const auto r = m::psi(std::span<const double>(e), std::span<const double>(a), m::empty_band::add_epsilon{1e-4});
  CHECK(r.epsilon == 1e-4);
  CHECK(r.smoothed_bands == std::vector<std::size_t>{2});
  // 2·(−0.1)·ln(0.8) + (0.2 − 1e-4)·ln(0.2/1e-4)
  CHECK(r.value == doctest::Approx(-0.2 * std::log(0.8) + (0.2 - 1e-4) * std::log(0.2 / 1e-4)).epsilon(1e-14));
  CHECK(r.verdict == m::stability_verdict::major_shift);
}

TEST_CASE("CSI per characteristic from bin counts") {
  std::vector<m::characteristic_bins> chars{{"age", {10, 20, 70}, {10, 20, 70}}, {"housing", {50, 50}, {30, 70}}};
  const auto r = m::csi(std::span<const m::characteristic_bins>(chars));
  REQUIRE(r.size() == 2);
  CHECK(r[0].name == "age");
  CHECK(r[0].result.value == 0);
  // (0.3 − 0.5)·ln(0.6) + (0.7 − 0.5)·ln(1.4)
  CHECK(r[1].result.value == doctest::Approx(-0.2 * std::log(0.6) + 0.2 * std::log(1.4)).epsilon(1e-15));
  std::vector<m::characteristic_bins> broken{{"housing", {50, 0}, {30, 70}}};
  CHECK_THROWS_WITH_AS(m::csi(std::span<const m::characteristic_bins>(broken)),
                       "[credo.metrics.empty_band] csi of characteristic 'housing': band 1 has no expected weight; the "
                       "index is infinite (use empty_band::add_epsilon to smooth)",
                       credo::numeric_error);
}

TEST_CASE_TEMPLATE("band counts merge exactly and feed PSI", Real, float, double) {
  m::band_counts<Real> ref({10, 20}), cur_a({10, 20}), cur_b({10, 20}), cur({10, 20});
  for (Real s : {Real(5), Real(10), Real(15), Real(25)}) ref(s);  // bands: [−∞,10) 1, [10,20) 2, [20,∞) 1
  cur_a(Real(5));
  cur_b(Real(25), Real(2));
  cur_b(Real(19.5));
  cur(Real(5));
  cur(Real(25), Real(2));
  cur(Real(19.5));
  cur_a += cur_b;
  CHECK(cur_a == cur);
  CHECK(cur.weights() == std::vector<double>{1, 1, 2});
  CHECK(cur.rows() == std::vector<std::size_t>{1, 1, 1});
  const auto r = m::psi(ref, cur);
  // E = .25 .5 .25, A = .25 .25 .5: PSI = −0.25·ln 0.5 + 0.25·ln 2 = 0.5·ln 2
  CHECK(r.value == doctest::Approx(0.5 * std::log(2.0)).epsilon(1e-15));
  m::band_counts<Real> other({10, 30});
  CHECK_THROWS_WITH_AS(cur += other, "[credo.metrics.band_mismatch] band_counts: cannot merge counts over different cut-offs",
                       credo::invalid_input);
  // Counts kept elsewhere (a saved monitor state) come back equal, and impossible ones are refused.
  CHECK(m::band_counts<Real>::from_counts({10, 20}, cur.weights(), cur.rows()) == cur);
  CHECK_THROWS_WITH_AS(m::band_counts<Real>::from_counts({10, 20}, {1, 1}, {1, 1}),
                       "[credo.metrics.bad_counts] band_counts: 3 bands need as many weights and row counts, got 2 and 2",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(m::band_counts<Real>::from_counts({10, 20}, {1, -1, 2}, {1, 1, 1}),
                       "[credo.metrics.bad_counts] band_counts: a band's weight is not a finite number >= 0",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(m::band_counts<Real>({20, 10}),
                       "[credo.metrics.bad_bands] band_counts: cut-off 1 (10) is not finite and above the previous one",
                       credo::invalid_input);
}

TEST_CASE("bad input to PSI is refused with an id") {
  const std::vector<double> e{1, 2}, a{1, 2, 3}, neg{1, -2}, zero{0, 0};
  CHECK_THROWS_WITH_AS(m::psi(std::span<const double>(e), std::span<const double>(a)),
                       "[credo.metrics.length_mismatch] psi: 2 expected bands and 3 actual bands", credo::invalid_input);
  CHECK_THROWS_WITH_AS(m::psi(std::span<const double>(e), std::span<const double>(neg)),
                       "[credo.metrics.bad_weight] psi, band 1: a count is negative or not finite", credo::invalid_input);
  CHECK_THROWS_WITH_AS(m::psi(std::span<const double>(zero), std::span<const double>(e)),
                       "[credo.metrics.empty] psi: the expected distribution has no weight", credo::numeric_error);
  const std::vector<double> s{1, 2, 3};
  CHECK_THROWS_WITH_AS(m::reference_cutoffs<double>(s, {}, 0), "[credo.metrics.bad_bands] reference_cutoffs: the number of bands is 0",
                       credo::invalid_input);
}

TEST_CASE("reference quantile cut-offs keep ties together") {
  // 10 reference scores, 5 bands: 1 1 1 1 2 3 4 5 6 7. The four 1s (midpoint 2 of 10 → band 1)
  // form one band; 2 (mid 4.5 → band 2), 3 (5.5 → 2), 4 (6.5 → 3), 5 (7.5 → 3), 6 (8.5 → 4), 7 (→ 4).
  const std::vector<double> s{1, 1, 1, 1, 2, 3, 4, 5, 6, 7};
  const auto cut = m::reference_cutoffs<double>(s, {}, 5);
  CHECK(cut == std::vector<double>{2, 4, 6});  // band 0 stays empty: 3 cut-offs, 4 bands
  m::band_counts<double> c(cut);
  CHECK_THROWS_WITH_AS(c(std::nan("")), "[credo.metrics.nan_score] band_counts: the score is NaN", credo::invalid_input);
  const std::vector<double> none;
  CHECK_THROWS_WITH_AS(m::reference_cutoffs<double>(none, {}, 5),
                       "[credo.metrics.empty] reference_cutoffs: no reference row with positive weight", credo::numeric_error);
}
