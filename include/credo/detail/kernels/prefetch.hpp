// Cache hints for the IRLS pass (model/irls_statistics.hpp, linear_predictor), beside the
// plain reference that gives none. A hint never changes a result, only when memory is read;
// tests/model/test_prefetch.cpp checks that the linear predictor is the same bit for bit with
// either, and docs/performance.md has the measurements.
//
// X is read in blocks of rows, one column's slice after another, a pattern the hardware
// prefetcher follows badly, so the next block's slice of each column is requested while this
// block's is summed.
#pragma once

#include <Eigen/Core>

namespace credo::detail::kernels {

/// Reference: no hint (what a compiler without __builtin_prefetch gets).
template <class Matrix>
void prefetch_rows_reference(const Matrix&, Eigen::Index, Eigen::Index, Eigen::Index) noexcept {}

/// Asks the cache for rows [start, start + n) of column j of a column-major, directly
/// addressable X (one hint per 64-byte line, for reading, moderate temporal locality); any
/// other X gets no hint.
template <class Matrix>
void prefetch_rows(const Matrix& x, Eigen::Index j, Eigen::Index start, Eigen::Index n) noexcept {
#if defined(__GNUC__)
  if constexpr (bool(Matrix::Flags & Eigen::DirectAccessBit) && !Matrix::IsRowMajor) {
    using scalar = typename Matrix::Scalar;
    constexpr Eigen::Index per_line = 64 / sizeof(scalar);
    const scalar* col = x.data() + j * x.outerStride() + start;
    for (Eigen::Index i = 0; i < n; i += per_line) __builtin_prefetch(col + i, 0, 2);
  } else {
    prefetch_rows_reference(x, j, start, n);
  }
#else
  prefetch_rows_reference(x, j, start, n);
#endif
}

}  // namespace credo::detail::kernels
