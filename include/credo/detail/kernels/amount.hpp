// Fast path of the bureau-record check's amount test, beside its plain reference.
//
// A balance or credit limit no record can have is negative (−inf too) or +inf; NaN (a missing
// amount) and −0 are allowed. The reference says so with two floating compares; the fast
// path reads the IEEE 754 bits u: the negatives below −0 down to −inf are the one unsigned
// range 0x8000000000000001 .. 0xFFF0000000000000 (the negative NaNs lie above it) and +inf is
// 0x7FF0000000000000, so one subtraction, one compare and one equality, without the parity
// tests a compiler adds to a floating compare that must reject NaN. The engine checks every
// amount of every tradeline it screens, which is why the fast path exists.
#pragma once

#include <bit>
#include <cstdint>
#include <limits>

namespace credo::detail::kernels {

/// Reference: x < 0 (−0 is not below 0) or x = +inf; NaN is neither.
constexpr bool impossible_amount_reference(double x) noexcept {
  return x < 0 || x == std::numeric_limits<double>::infinity();
}

/// Same answer as impossible_amount_reference for every double, NaNs of either sign included.
constexpr bool impossible_amount(double x) noexcept {
  const auto u = std::bit_cast<std::uint64_t>(x);
  return (u - 0x8000000000000001ull < 0x7FF0000000000000ull) | (u == 0x7FF0000000000000ull);
}

}  // namespace credo::detail::kernels
