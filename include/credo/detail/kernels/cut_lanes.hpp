// Kernel: the cut points of four numeric characteristics side by side ("lanes"), binned by
// one compare and one subtract per level (SSE2), beside its plain reference. And the lanes'
// running maxima of the points-below (SSE2 max), beside its plain reference.
//
// Used by the batch scorer's plain-card path (detail/kernels/plain_card.hpp). Each fast
// function has a *_reference twin with the same signature and the same results on every
// input (tests/detail compares them on random and edge input: values at and one ulp around
// each cut, NaN, ±inf, ±0, every count of cuts). Timings: docs/performance.md.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <type_traits>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace credo::detail::kernels {

/// Whether cut_lanes::places and lane_maxima use SSE2 (else they are their references).
#if defined(__SSE2__)
inline constexpr bool sse2 = true;
#else
inline constexpr bool sse2 = false;
#endif

/// The cut points of up to four terms side by side, four terms ("lanes") to a group: term j
/// is lane j mod 4 of group j / 4, and a group's values fill one SSE2 register of float or
/// two of double. Level k of a group holds the k-th cut point of each of its terms; a term
/// with fewer cuts than the group's most, and a lane past the last term, has NaN there, and
/// x ≥ NaN is false. So every lane's bin is the count over all the group's levels of
/// x ≥ cut, the count of the term's own cut points at or below x, and the whole group is
/// binned by one compare and one subtract per level and register. (Four lanes for double
/// too: the work per group, outside the levels, is then shared by four terms, for a few
/// more padded levels.)
template <class T>
struct cut_lanes {
  static_assert(std::is_floating_point_v<T>);
  static constexpr std::size_t width = 4;
  /// The integer of a lane: as wide as T, so that a register of values holds their places.
  using place = std::conditional_t<sizeof(T) == 8, std::int64_t, std::int32_t>;
  /// What a group needs besides its cut points, in one record: lane l's term's missing bin
  /// and the place of its first point (bin 0) among all terms' points; where its levels are.
  struct alignas(16) group {
    place missing[width];
    place first[width];
    std::uint32_t begin, levels;  // level k, lane l at cuts[begin + k · width + l]
  };

  std::vector<T> cuts;
  std::vector<group> groups;

  /// Adds a group of up to `width` terms: each term's cut points (ascending), missing bin
  /// and the place of its first point. A lane past the terms gets no cut point, missing bin
  /// 0 and first point `pad_first`.
  void add_group(std::span<const std::span<const T>> term_cuts, std::span<const std::uint32_t> missing_bins,
                 std::span<const std::uint32_t> first_points, std::uint32_t pad_first = 0) {
    group r{};
    std::size_t most = 0;
    for (const auto& c : term_cuts) most = std::max(most, c.size());
    r.begin = static_cast<std::uint32_t>(cuts.size());
    r.levels = static_cast<std::uint32_t>(most);
    for (std::size_t k = 0; k < most; ++k)
      for (std::size_t l = 0; l < width; ++l)
        cuts.push_back(l < term_cuts.size() && k < term_cuts[l].size() ? term_cuts[l][k]
                                                                       : std::numeric_limits<T>::quiet_NaN());
    for (std::size_t l = 0; l < width; ++l) {
      r.missing[l] = l < missing_bins.size() ? static_cast<place>(missing_bins[l]) : 0;
      r.first[l] = static_cast<place>(l < first_points.size() ? first_points[l] : pad_first);
    }
    groups.push_back(r);
  }

  /// The places of the points of group r's lanes for the values x(0), ..., x(width − 1):
  /// lane l's is its first point + its bin, the count of levels k with x(l) ≥ cut, or + its
  /// missing bin when x(l) is NaN. Writes them to out[0, width) (16-byte aligned).
  ///
  /// Reference: one lane after another, one level after another.
  template <class Get>
  void places_reference(const group& r, const Get& x, place* out) const noexcept {
    const T* c = cuts.data() + r.begin;
    for (std::size_t l = 0; l < width; ++l) {
      const T v = x(l);
      place b = 0;
      for (std::size_t k = 0; k < r.levels; ++k) b += v >= c[k * width + l];
      out[l] = r.first[l] + (v != v ? r.missing[l] : b);
    }
  }

  /// The same places (SSE2 where available). One register per level, the count kept as
  /// first − Σ masks (a true compare is −1 in its lane); a NaN fails every compare, so its
  /// count is 0 and the missing bin (and-ed with the unordered mask) is added. The same
  /// compares as the reference, counted exactly: the same places.
  template <class Get>
  [[gnu::always_inline]] inline void places(const group& r, const Get& x, place* out) const noexcept {
#if defined(__SSE2__)
    const T* c = cuts.data() + r.begin;
    const auto lanes = [](const place* v) { return _mm_load_si128(reinterpret_cast<const __m128i*>(v)); };
    if constexpr (sizeof(T) == 8) {
      const __m128d v0 = _mm_set_pd(x(1), x(0)), v1 = _mm_set_pd(x(3), x(2));
      __m128i b0 = lanes(r.first), b1 = lanes(r.first + 2);
      each_level(r.levels, c, [&](std::size_t k) {  // cut ≤ x: −1 in a 64-bit lane
        b0 = _mm_sub_epi64(b0, _mm_castpd_si128(_mm_cmple_pd(_mm_loadu_pd(c + k * width), v0)));
        b1 = _mm_sub_epi64(b1, _mm_castpd_si128(_mm_cmple_pd(_mm_loadu_pd(c + k * width + 2), v1)));
      });
      b0 = _mm_add_epi64(b0, _mm_and_si128(_mm_castpd_si128(_mm_cmpunord_pd(v0, v0)), lanes(r.missing)));
      b1 = _mm_add_epi64(b1, _mm_and_si128(_mm_castpd_si128(_mm_cmpunord_pd(v1, v1)), lanes(r.missing + 2)));
      _mm_store_si128(reinterpret_cast<__m128i*>(out), b0);
      _mm_store_si128(reinterpret_cast<__m128i*>(out + 2), b1);
    } else {
      const __m128 v = _mm_set_ps(x(3), x(2), x(1), x(0));
      __m128i b = lanes(r.first);
      each_level(r.levels, c, [&](std::size_t k) {
        b = _mm_sub_epi32(b, _mm_castps_si128(_mm_cmple_ps(_mm_loadu_ps(c + k * width), v)));
      });
      b = _mm_add_epi32(b, _mm_and_si128(_mm_castps_si128(_mm_cmpunord_ps(v, v)), lanes(r.missing)));
      _mm_store_si128(reinterpret_cast<__m128i*>(out), b);
    }
#else
    places_reference(r, x, out);
#endif
  }

private:
  /// level(k) for k = 0, ..., n − 1 of the levels from c on, in any order: a jump into
  /// straight code (no loop branch per level), after sixteen at a time while more are left.
  template <class Level>
  [[gnu::always_inline]] static void each_level(std::size_t n, const T*& c, const Level& level) noexcept {
    for (; n > 16; n -= 16, c += 16 * width) [[unlikely]]
      for (std::size_t k = 0; k < 16; ++k) level(k);
    switch (n) {
      case 16: level(15); [[fallthrough]];
      case 15: level(14); [[fallthrough]];
      case 14: level(13); [[fallthrough]];
      case 13: level(12); [[fallthrough]];
      case 12: level(11); [[fallthrough]];
      case 11: level(10); [[fallthrough]];
      case 10: level(9); [[fallthrough]];
      case 9: level(8); [[fallthrough]];
      case 8: level(7); [[fallthrough]];
      case 7: level(6); [[fallthrough]];
      case 6: level(5); [[fallthrough]];
      case 5: level(4); [[fallthrough]];
      case 4: level(3); [[fallthrough]];
      case 3: level(2); [[fallthrough]];
      case 2: level(1); [[fallthrough]];
      case 1: level(0); [[fallthrough]];
      default: break;
    }
  }
};

/// The points-below of lane groups, and the maximum of each of the four lanes over the
/// groups kept so far (−∞ before any). Reference: four scalar maxima.
struct lane_maxima_reference {
  /// The points-below d[at[0]], ..., d[at[3]] to below[0, 4), and into the maxima. No d is
  /// NaN (the caller keeps −∞ instead), so x > m ? x : m is the maximum.
  template <class Place>
  void keep(const double* d, const Place* at, double* below) noexcept {
    for (std::size_t l = 0; l < 4; ++l) {
      below[l] = d[at[l]];
      most[l] = below[l] > most[l] ? below[l] : most[l];
    }
  }
  void get(double (&out)[4]) const noexcept {
    for (std::size_t l = 0; l < 4; ++l) out[l] = most[l];
  }

private:
  double most[4] = {-std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                    -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
};

#if defined(__SSE2__)
/// The same with two SSE2 registers: _mm_max_pd is x > m ? x : m in each lane, the same
/// maxima for values that are not NaN.
struct lane_maxima {
  template <class Place>
  [[gnu::always_inline]] void keep(const double* d, const Place* at, double* below) noexcept {
    const __m128d lo = _mm_loadh_pd(_mm_load_sd(d + at[0]), d + at[1]);
    const __m128d hi = _mm_loadh_pd(_mm_load_sd(d + at[2]), d + at[3]);
    _mm_storeu_pd(below, lo);
    _mm_storeu_pd(below + 2, hi);
    most01 = _mm_max_pd(most01, lo);
    most23 = _mm_max_pd(most23, hi);
  }
  void get(double (&out)[4]) const noexcept {
    _mm_storeu_pd(out, most01);
    _mm_storeu_pd(out + 2, most23);
  }

private:
  __m128d most01 = _mm_set1_pd(-std::numeric_limits<double>::infinity()), most23 = most01;
};
#else
using lane_maxima = lane_maxima_reference;
#endif

}  // namespace credo::detail::kernels
