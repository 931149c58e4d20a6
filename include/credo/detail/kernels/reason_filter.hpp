// Kernel: which of up to 64 points-below values reach a bar, as the bits of one mask (no
// branch per value), for model::reason_ranker::offer_all. The SSE2 form (cmpnlt, pack,
// movemask) beside its plain reference with the same signature and the same bits on every
// input, NaN included (tests/detail compares them). Timings: docs/performance.md.
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace credo::detail::kernels {

/// Bit i (i < n ≤ 64) set when !(b[i] < least): b[i] ≥ least, or b[i] or least is NaN (the
/// caller's least is never NaN, and a NaN value is turned down by reason_ranker::offer).
inline std::uint64_t at_least_mask_reference(const double* b, std::size_t n, double least) noexcept {
  std::uint64_t take = 0;
  for (std::size_t i = 0; i < n; ++i) take |= static_cast<std::uint64_t>(!(b[i] < least)) << i;
  return take;
}

/// The same mask: _mm_cmpnlt_pd is !(x < least) in each lane; the 64-bit masks of four
/// values are packed to 32 bits each, one sign bit per value; the rest as the reference.
inline std::uint64_t at_least_mask(const double* b, std::size_t n, double least) noexcept {
  std::uint64_t take = 0;
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128d at_least = _mm_set1_pd(least);
  const auto four = [&](std::size_t i) {
    const __m128i lo = _mm_castpd_si128(_mm_cmpnlt_pd(_mm_loadu_pd(b + i), at_least));
    const __m128i hi = _mm_castpd_si128(_mm_cmpnlt_pd(_mm_loadu_pd(b + i + 2), at_least));
    return static_cast<std::uint64_t>(_mm_movemask_ps(_mm_castsi128_ps(_mm_packs_epi32(lo, hi))));
  };
  for (; i + 8 <= n; i += 8) take |= (four(i) | four(i + 4) << 4) << i;
  if (i + 4 <= n) take |= four(i) << i, i += 4;
#endif
  for (; i < n; ++i) take |= static_cast<std::uint64_t>(!(b[i] < least)) << i;
  return take;
}

}  // namespace credo::detail::kernels
