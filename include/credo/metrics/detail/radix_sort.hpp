// LSD radix sort of floating-point scores held as order-preserving unsigned keys.
//
// A float or double maps to an unsigned integer of the same width whose unsigned order is
// the numeric order (flip all bits of a negative number, set the sign bit of a positive
// one; Herf 2001, "Radix tricks"). -0.0 is stored as +0.0 so that equal scores have equal
// keys; NaN never reaches here (the accumulators refuse it). The sort uses 11-bit digits
// (a 2048-entry count table stays in L1), builds every digit's histogram in one read pass,
// and skips a pass whose digit is the same for all keys (common in the high bits).
// Cost: O(n) time, one scratch buffer of n keys (and n payloads when weights are sorted).
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

namespace credo::metrics::detail {

template <class Real>
using radix_key_t = std::conditional_t<sizeof(Real) == 4, std::uint32_t, std::uint64_t>;

template <class Real>
inline radix_key_t<Real> to_key(Real x) noexcept {
  static_assert(std::is_floating_point_v<Real> && (sizeof(Real) == 4 || sizeof(Real) == 8),
                "scores are float or double");
  using K = radix_key_t<Real>;
  constexpr K sign = K{1} << (sizeof(K) * 8 - 1);
  if (x == Real(0)) x = Real(0);  // -0.0 == +0.0: one key for both
  const K u = std::bit_cast<K>(x);
  return (u & sign) ? ~u : (u | sign);
}

template <class Real>
inline Real from_key(radix_key_t<Real> k) noexcept {
  using K = radix_key_t<Real>;
  constexpr K sign = K{1} << (sizeof(K) * 8 - 1);
  return std::bit_cast<Real>((k & sign) ? (k & ~sign) : ~k);
}

/// Sorts keys ascending; when payload is not null it is permuted along (stable).
template <class K, class P>
void radix_sort(std::vector<K>& keys, std::vector<P>* payload) {
  constexpr int digit_bits = 11;
  constexpr std::size_t buckets = std::size_t{1} << digit_bits;
  constexpr int passes = (sizeof(K) * 8 + digit_bits - 1) / digit_bits;
  const std::size_t n = keys.size();
  if (n < 2) return;
  if (n < 256) {  // small inputs: insertion sort beats clearing the count tables
    for (std::size_t i = 1; i < n; ++i) {
      const K k = keys[i];
      P p{};
      if (payload) p = (*payload)[i];
      std::size_t j = i;
      for (; j > 0 && keys[j - 1] > k; --j) {
        keys[j] = keys[j - 1];
        if (payload) (*payload)[j] = (*payload)[j - 1];
      }
      keys[j] = k;
      if (payload) (*payload)[j] = p;
    }
    return;
  }
  std::vector<std::array<std::size_t, buckets>> count(passes);
  for (auto& c : count) c.fill(0);
  for (std::size_t i = 0; i < n; ++i) {
    K k = keys[i];
    for (int d = 0; d < passes; ++d) {
      ++count[d][k & (buckets - 1)];
      k >>= digit_bits;
    }
  }
  std::vector<K> scratch(n);
  std::vector<P> pscratch(payload ? n : 0);
  K* src = keys.data();
  K* dst = scratch.data();
  P* psrc = payload ? payload->data() : nullptr;
  P* pdst = payload ? pscratch.data() : nullptr;
  for (int d = 0; d < passes; ++d) {
    auto& c = count[d];
    const int shift = d * digit_bits;
    if (c[(src[0] >> shift) & (buckets - 1)] == n) continue;  // one digit value: nothing moves
    std::size_t sum = 0;
    for (auto& x : c) {
      const std::size_t t = x;
      x = sum;
      sum += t;
    }
    if (payload) {
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t at = c[(src[i] >> shift) & (buckets - 1)]++;
        dst[at] = src[i];
        pdst[at] = psrc[i];
      }
      std::swap(psrc, pdst);
    } else {
      for (std::size_t i = 0; i < n; ++i) dst[c[(src[i] >> shift) & (buckets - 1)]++] = src[i];
    }
    std::swap(src, dst);
  }
  if (src != keys.data()) {
    keys.swap(scratch);
    if (payload) payload->swap(pscratch);
  }
}

}  // namespace credo::metrics::detail
