// A branchless select of doubles, beside its plain reference. The extractors sum balances and
// limits over the accounts a condition takes (revolving or not, open or not); which accounts
// those are is anybody's guess, and GCC compiles `keep ? x : 0.0` of doubles to a branch, so
// the fast path masks the bits instead. tests/detail/test_record_kernels.cpp compares the two.
#pragma once

#include <bit>
#include <cstdint>

namespace credo::detail::kernels {

/// Reference: keep ? x : +0.0.
constexpr double kept_or_zero_reference(double x, bool keep) noexcept { return keep ? x : 0.0; }

/// keep ? x : +0.0, bit for bit (NaN kept as it is), by ANDing the bits of x with all ones or
/// all zeros.
constexpr double kept_or_zero(double x, bool keep) noexcept {
  return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) & (std::uint64_t{0} - keep));
}

}  // namespace credo::detail::kernels
