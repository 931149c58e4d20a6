// Radix sort of floating-point scores held as order-preserving unsigned keys.
//
// A float or double maps to an unsigned integer of the same width whose unsigned order is
// the numeric order (flip all bits of a negative number, set the sign bit of a positive
// one; Herf 2001, "Radix tricks"). -0.0 is stored as +0.0 so that equal scores have equal
// keys; NaN never reaches here (the accumulators refuse it).
//
// The sort is a hybrid: one most-significant-digit pass over the top 11 bits that differ
// between the smallest and the largest key splits the array into 2048 buckets (one pass
// over main memory); each bucket, now small enough for the cache, gets a second 11-bit MSD
// pass over the bits where its own keys differ, and the sub-buckets are finished by
// insertion sort (fewer than 32 keys) or 8-bit LSD passes (a pass whose digit is the same
// for every key is skipped). Every step is stable, so a payload (the
// weights) keeps the order of equal keys. Cost: O(n·bits/8) time, one scratch buffer of n
// keys (and n payloads).
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>
#include <vector>

#include <cstdlib>
#include <new>
#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace credo::metrics::detail {

/// Allocator for the large arrays of the exact metrics: a buffer of 2 MiB or more is
/// 2 MiB-aligned and, on Linux, marked MADV_HUGEPAGE so that transparent huge pages back it.
/// Filling 10 million rows then costs a few hundred page faults instead of 20,000 (about 4x
/// less time in the kernel on the benchmark machine). Other sizes use std::allocator.
template <class T>
struct big_allocator {
  using value_type = T;
  static constexpr std::size_t huge = std::size_t{1} << 21;

  big_allocator() = default;
  template <class U>
  big_allocator(const big_allocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < huge) return std::allocator<T>().allocate(n);
    const std::size_t rounded = (bytes + huge - 1) & ~(huge - 1);
    void* p = std::aligned_alloc(huge, rounded);
    if (!p) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    ::madvise(p, rounded, MADV_HUGEPAGE);  // a hint; failure only costs speed
#endif
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n * sizeof(T) < huge)
      std::allocator<T>().deallocate(p, n);
    else
      std::free(p);
  }
  template <class U>
  bool operator==(const big_allocator<U>&) const noexcept {
    return true;
  }
};

template <class T>
using big_vector = std::vector<T, big_allocator<T>>;

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

// Stable insertion sort of a[0, n) (with payload p when not null).
template <class K, class P>
inline void insertion_sort(K* a, P* p, std::size_t n) {
  for (std::size_t i = 1; i < n; ++i) {
    const K k = a[i];
    P v{};
    if (p) v = p[i];
    std::size_t j = i;
    for (; j > 0 && a[j - 1] > k; --j) {
      a[j] = a[j - 1];
      if (p) p[j] = p[j - 1];
    }
    a[j] = k;
    if (p) p[j] = v;
  }
}

// LSD passes of 8 bits over bits [0, bits) of a[0, n); b is scratch of the same size.
// The sorted keys end in a (copied back when an odd number of passes ran).
template <int digit = 8, class K, class P>
inline void lsd_sort(K* a, K* b, P* pa, P* pb, std::size_t n, int bits) {
  if (n < 48) {
    insertion_sort(a, pa, n);
    return;
  }
  constexpr std::size_t buckets = std::size_t{1} << digit;
  const int passes = (bits + digit - 1) / digit;
  constexpr int max_passes = (sizeof(K) * 8 + digit - 1) / digit;
  std::array<std::array<std::size_t, buckets>, max_passes> count{};
  for (std::size_t i = 0; i < n; ++i) {
    K k = a[i];
    for (int d = 0; d < passes; ++d, k >>= digit) ++count[d][k & (buckets - 1)];
  }
  K* src = a;
  K* dst = b;
  P* psrc = pa;
  P* pdst = pb;
  for (int d = 0; d < passes; ++d) {
    auto& c = count[d];
    const int shift = d * digit;
    if (c[(src[0] >> shift) & (buckets - 1)] == n) continue;
    std::size_t sum = 0;
    for (auto& x : c) {
      const std::size_t t = x;
      x = sum;
      sum += t;
    }
    if (psrc) {
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
  if (src != a) {
    std::memcpy(a, src, n * sizeof(K));
    if (pa) std::memcpy(pa, psrc, n * sizeof(P));
  }
}

// One MSD pass of (up to) 11 bits over the bits where a[0, n) differs, from a into b, then
// each sub-bucket is finished in b (insertion sort when small, LSD otherwise), and the result
// is copied back to a. For a bucket of the first level, which sits in cache.
template <class K, class P>
inline void msd_local(K* a, K* b, P* pa, P* pb, std::size_t n) {
  if (n < 32) {
    insertion_sort(a, pa, n);
    return;
  }
  K lo = a[0], hi = a[0];
  for (std::size_t i = 1; i < n; ++i) {
    lo = a[i] < lo ? a[i] : lo;
    hi = a[i] > hi ? a[i] : hi;
  }
  const int bits = static_cast<int>(std::bit_width(static_cast<K>(lo ^ hi)));
  if (bits == 0) return;  // all equal
  constexpr int top = 11;
  const int shift = bits > top ? bits - top : 0;
  const K base = lo >> shift;
  const std::size_t nb = static_cast<std::size_t>((hi >> shift) - base) + 1;
  std::array<std::uint32_t, (std::size_t{1} << top) + 1> start;
  std::fill_n(start.begin(), nb + 1, 0u);
  for (std::size_t i = 0; i < n; ++i) ++start[static_cast<std::size_t>((a[i] >> shift) - base) + 1];
  for (std::size_t j = 0; j < nb; ++j) start[j + 1] += start[j];
  std::array<std::uint32_t, std::size_t{1} << top> at;
  std::copy_n(start.begin(), nb, at.begin());
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t j = at[static_cast<std::size_t>((a[i] >> shift) - base)]++;
    b[j] = a[i];
    if (pa) pb[j] = pa[i];
  }
  if (shift > 0) {
    for (std::size_t j = 0; j < nb; ++j) {
      const std::size_t s = start[j], m = start[j + 1] - s;
      if (m < 2) continue;
      if (m < 32)
        insertion_sort(b + s, pb ? pb + s : nullptr, m);
      else
        lsd_sort<8>(b + s, a + s, pb ? pb + s : nullptr, pa ? pa + s : nullptr, m, shift);
    }
  }
  std::memcpy(a, b, n * sizeof(K));
  if (pa) std::memcpy(pa, pb, n * sizeof(P));
}

/// Sorts keys ascending (stable); when payload is not null it is permuted along. `lo` and
/// `hi` are the smallest and largest key when the caller knows them (saves one pass).
template <class K, class AK, class P, class AP>
void radix_sort(std::vector<K, AK>& keys, std::vector<P, AP>* payload, const K* lo = nullptr, const K* hi = nullptr) {
  static_assert(std::is_unsigned_v<K> && std::is_trivially_copyable_v<P>);
  const std::size_t n = keys.size();
  P* pk = payload ? payload->data() : nullptr;
  if (n < 512) {
    insertion_sort(keys.data(), pk, n);
    return;
  }
  // Only the bits below the highest bit where the smallest and the largest key differ matter.
  K kmin, kmax;
  if (lo && hi) {
    kmin = *lo;
    kmax = *hi;
  } else {
    auto [l, h] = std::minmax_element(keys.begin(), keys.end());
    kmin = *l;
    kmax = *h;
  }
  const int bits = static_cast<int>(std::bit_width(static_cast<K>(kmin ^ kmax)));
  if (bits == 0) return;  // all equal
  constexpr int top = 11;
  constexpr std::size_t buckets = std::size_t{1} << top;
  const int shift = bits > top ? bits - top : 0;
  const K base = kmin >> shift;
  std::vector<K, AK> scratch(n);
  std::vector<P, AP> pscratch(payload ? n : 0);
  P* ps = payload ? pscratch.data() : nullptr;
  // MSD pass: keys → scratch, bucket = (key >> shift) − (min >> shift) < 2^top, since every
  // key shares the bits above `bits` with the minimum. A bucket's keys share key >> shift.
  std::vector<std::size_t> start(buckets + 1, 0);
  for (std::size_t i = 0; i < n; ++i) ++start[static_cast<std::size_t>((keys[i] >> shift) - base) + 1];
  for (std::size_t b = 0; b < buckets; ++b) start[b + 1] += start[b];
  {
    std::vector<std::size_t> at(start.begin(), start.end() - 1);
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t b = static_cast<std::size_t>((keys[i] >> shift) - base);
      const std::size_t j = at[b]++;
      scratch[j] = keys[i];
      if (pk) ps[j] = pk[i];
    }
  }
  // Each bucket is finished inside scratch (keys serve as its scratch), then the buffers swap.
  if (shift > 0) {
    for (std::size_t b = 0; b < buckets; ++b) {
      const std::size_t s = start[b], m = start[b + 1] - s;
      if (m < 2) continue;
      if (m <= (std::size_t{1} << 31))
        msd_local(scratch.data() + s, keys.data() + s, ps ? ps + s : nullptr, pk ? pk + s : nullptr, m);
      else
        lsd_sort<8>(scratch.data() + s, keys.data() + s, ps ? ps + s : nullptr, pk ? pk + s : nullptr, m, shift);
    }
  }
  keys.swap(scratch);
  if (payload) payload->swap(pscratch);
}

}  // namespace credo::metrics::detail
