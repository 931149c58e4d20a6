// Each fast path under detail/kernels/ against its plain reference, on random and edge input.
#include <credo/detail/kernels/amount.hpp>
#include <credo/detail/kernels/select.hpp>

#include <doctest/doctest.h>

#include <bit>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

TEST_CASE("impossible_amount: the bit test agrees with the floating compare") {
  using credo::detail::kernels::impossible_amount;
  using credo::detail::kernels::impossible_amount_reference;
  using lim = std::numeric_limits<double>;
  const std::vector<double> edges{0.0,          -0.0,          1.0,          -1.0,         lim::infinity(),
                                  -lim::infinity(), lim::quiet_NaN(), -lim::quiet_NaN(), lim::signaling_NaN(),
                                  lim::max(),   lim::lowest(), lim::min(),   -lim::min(),  lim::denorm_min(),
                                  -lim::denorm_min(), 1e300,   -1e-300};
  for (double x : edges) {
    CAPTURE(x);
    CHECK(impossible_amount(x) == impossible_amount_reference(x));
  }
  CHECK_FALSE(impossible_amount(-0.0));
  CHECK(impossible_amount(-lim::denorm_min()));
  CHECK(impossible_amount(lim::infinity()));
  CHECK_FALSE(impossible_amount(lim::quiet_NaN()));
  // Random bit patterns cover every class (NaN payloads of either sign among them), and
  // random amounts the values records hold.
  std::mt19937_64 rng(16);
  std::uniform_real_distribution<double> amount(-1e6, 1e6);
  for (int i = 0; i < 200000; ++i) {
    const double bits = std::bit_cast<double>(rng());
    REQUIRE(impossible_amount(bits) == impossible_amount_reference(bits));
    const double a = amount(rng);
    REQUIRE(impossible_amount(a) == impossible_amount_reference(a));
  }
}

TEST_CASE("kept_or_zero: the bit mask is the select, bit for bit") {
  using credo::detail::kernels::kept_or_zero;
  using credo::detail::kernels::kept_or_zero_reference;
  using lim = std::numeric_limits<double>;
  std::mt19937_64 rng(23);
  std::vector<double> xs{0.0, -0.0, 1.5, -2.25, lim::infinity(), -lim::infinity(), lim::quiet_NaN(),
                         -lim::quiet_NaN(), lim::denorm_min(), lim::max()};
  for (int i = 0; i < 100000; ++i) xs.push_back(std::bit_cast<double>(rng()));
  for (double x : xs)
    for (bool keep : {false, true})
      REQUIRE(std::bit_cast<std::uint64_t>(kept_or_zero(x, keep)) ==
              std::bit_cast<std::uint64_t>(kept_or_zero_reference(x, keep)));
}
