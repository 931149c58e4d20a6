// Kernel: the points of up to three numeric characteristics with few cut points, no special
// value and a missing bin that scores points, added to a block of running sums in one pass
// (column-major input). The fast form instantiates one body per (cut count ≤ 15, terms ≤ 3)
// so cut points and points stay in registers, and on x86-64 with GCC or Clang also an AVX2
// clone chosen at run time; beside it the plain reference with the same signature and the
// same bits (tests/detail compares them). Why: several columns per pass keep the running
// sum in a register across them and read several streams at once (docs/performance.md).
#pragma once

#include <cstddef>
#include <limits>
#include <utility>

// On x86-64 with GCC or Clang the fused bodies are also compiled for AVX2 and chosen at run
// time (define CREDO_ENGINE_AVX2 0 to turn this off). The same operations on 8 lanes: compare,
// select and add give the same bits.
#ifndef CREDO_ENGINE_AVX2
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define CREDO_ENGINE_AVX2 1
#else
#define CREDO_ENGINE_AVX2 0
#endif
#endif

namespace credo::detail::kernels {

/// At most this many cut points per fused term, and this many terms per pass.
inline constexpr std::size_t max_fused_cuts = 15;
inline constexpr std::size_t max_fused_terms = 3;

/// One fused term's slice of a block: its column, its n_cuts ascending cut points and its
/// points, n_cuts + 1 regular bins then the missing bin.
template <class T, class Real>
struct fused_term {
  const T* x;
  const T* cuts;
  const Real* points;
  std::size_t n_cuts;
};

/// acc[i] += the points of row i of terms g[0], ..., g[count − 1], in that order (1 ≤ count ≤
/// max_fused_terms): the bin of x is the count of cut points ≤ x, NaN is the missing bin.
/// Reference: one row after another, one term after another.
template <class T, class Real>
void fused_add_reference(const fused_term<T, Real>* g, std::size_t count, std::size_t n, Real* acc) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    Real a = acc[i];
    for (std::size_t q = 0; q < count; ++q) {
      const T xi = g[q].x[i];
      std::size_t b = 0;
      for (std::size_t k = 0; k < g[q].n_cuts; ++k) b += xi >= g[q].cuts[k];
      a += xi != xi ? g[q].points[g[q].n_cuts + 1] : g[q].points[b];
    }
    acc[i] = a;
  }
}

namespace fused_detail {

/// G terms with at most NC cuts each, known at compile time. A term with fewer cuts is padded
/// with NaN cut points, which no comparison passes; the bin is then a select per cut
/// (v = x ≥ c_k ? p_{k+1} : v), which for ascending cuts is the reference's count. Each
/// row's sum is taken in term order, as the reference's, so the bits do not depend on the
/// grouping.
template <int NC, int G, class T, class Real>
[[gnu::always_inline]] inline void body(const fused_term<T, Real>* g, std::size_t n, Real* __restrict acc) noexcept {
  static_assert(G >= 1 && G <= 3);
  T cc[G][NC > 0 ? NC : 1];
  Real pp[G][NC + 1];
  Real pm[G];
  for (int q = 0; q < G; ++q) {
    const auto own = static_cast<int>(g[q].n_cuts);
    for (int k = 0; k < NC; ++k) cc[q][k] = k < own ? g[q].cuts[k] : std::numeric_limits<T>::quiet_NaN();
    for (int k = 0; k <= NC; ++k) pp[q][k] = k <= own ? g[q].points[k] : Real(0);
    pm[q] = g[q].points[own + 1];
  }
  // Named pointers rather than an array of them: GCC vectorises this form.
  const T* __restrict x0 = g[0].x;
  const T* __restrict x1 = g[G > 1 ? 1 : 0].x;
  const T* __restrict x2 = g[G > 2 ? 2 : 0].x;
  for (std::size_t i = 0; i < n; ++i) {
    Real a = acc[i];
    for (int q = 0; q < G; ++q) {
      const T xi = q == 0 ? x0[i] : q == 1 ? x1[i] : x2[i];
      Real v = pp[q][0];
      for (int k = 0; k < NC; ++k) v = xi >= cc[q][k] ? pp[q][k + 1] : v;
      a += xi != xi ? pm[q] : v;
    }
    acc[i] = a;
  }
}

#if CREDO_ENGINE_AVX2
template <int NC, int G, class T, class Real>
[[gnu::target("avx2")]] void body_avx2(const fused_term<T, Real>* g, std::size_t n, Real* acc) noexcept {
  body<NC, G>(g, n, acc);
}
#endif

template <int NC, int G, class T, class Real>
void run(const fused_term<T, Real>* g, std::size_t n, Real* acc) noexcept {
#if CREDO_ENGINE_AVX2
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (avx2) return body_avx2<NC, G>(g, n, acc);
#endif
  body<NC, G>(g, n, acc);
}

template <class T, class Real, int... NC>
void dispatch(std::size_t cuts, std::size_t count, const fused_term<T, Real>* g, std::size_t n, Real* acc,
              std::integer_sequence<int, NC...>) noexcept {
  const auto one = [&]<int C>() {
    if (count == 1) run<C, 1>(g, n, acc);
    else if (count == 2) run<C, 2>(g, n, acc);
    else run<C, 3>(g, n, acc);
  };
  (void)((static_cast<std::size_t>(NC) == cuts ? (one.template operator()<NC>(), true) : false) || ...);
}

}  // namespace fused_detail

/// The same sums as fused_add_reference, by the body compiled for the group's largest cut
/// count (and AVX2 where the processor has it). Every n_cuts ≤ max_fused_cuts.
template <class T, class Real>
void fused_add(const fused_term<T, Real>* g, std::size_t count, std::size_t n, Real* acc) noexcept {
  std::size_t cuts = 0;
  for (std::size_t q = 0; q < count; ++q) cuts = cuts > g[q].n_cuts ? cuts : g[q].n_cuts;
  fused_detail::dispatch(cuts, count, g, n, acc,
                         std::make_integer_sequence<int, static_cast<int>(max_fused_cuts) + 1>{});
}

}  // namespace credo::detail::kernels
