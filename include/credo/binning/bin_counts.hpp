// credo::binning::bin_counts: weighted goods and bads and row counts per bin, mergeable.
#pragma once

#include <credo/core/error.hpp>
#include <credo/fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace credo::binning {

/// Per bin: the weighted sum of goods, of bads, and the number of rows. An accumulator
/// (DESIGN.md): `c(bin, bad, weight)` adds a row, `c += other` merges another thread's or
/// rank's part of the same bins, `==` compares. Sums of weights merge exactly when the
/// weights are integers; otherwise up to rounding, which is why == is exact comparison and
/// meant for tests of the merge.
class bin_counts {
public:
  bin_counts() = default;
  explicit bin_counts(std::size_t bins) : goods_(bins, 0.0), bads_(bins, 0.0), rows_(bins, 0) {}

  /// Adds one row to `bin` (precondition: bin < size()).
  void operator()(std::size_t bin, bool bad, double weight = 1.0) noexcept {
    (bad ? bads_ : goods_)[bin] += weight;
    ++rows_[bin];
  }

  /// Adds already aggregated counts to `bin` (e.g. a pre-bin merged into a bin).
  void add(std::size_t bin, double goods, double bads, std::uint64_t rows) noexcept {
    goods_[bin] += goods;
    bads_[bin] += bads;
    rows_[bin] += rows;
  }

  /// Merges counts of the same bins; throws credo.binning.size_mismatch otherwise.
  bin_counts& operator+=(const bin_counts& other) {
    if (other.size() != size())
      CREDO_THROW(invalid_input, "credo.binning.size_mismatch",
                  "bin_counts: cannot merge counts of " + std::to_string(other.size()) +
                      " bins into counts of " + std::to_string(size()) + " bins");
    for (std::size_t i = 0; i < size(); ++i) {
      goods_[i] += other.goods_[i];
      bads_[i] += other.bads_[i];
      rows_[i] += other.rows_[i];
    }
    return *this;
  }

  std::size_t size() const noexcept { return rows_.size(); }
  double goods(std::size_t bin) const noexcept { return goods_[bin]; }
  double bads(std::size_t bin) const noexcept { return bads_[bin]; }
  std::uint64_t rows(std::size_t bin) const noexcept { return rows_[bin]; }

  double total_goods() const noexcept { return sum(goods_); }
  double total_bads() const noexcept { return sum(bads_); }
  std::uint64_t total_rows() const noexcept {
    std::uint64_t n = 0;
    for (auto r : rows_) n += r;
    return n;
  }

  friend bool operator==(const bin_counts&, const bin_counts&) = default;

  /// Writes or reads the state (credo/core/archive.hpp).
  template <class Archive>
  void serialize(Archive& ar) {
    ar(goods_, bads_, rows_);
    ar.check(goods_.size() == rows_.size() && bads_.size() == rows_.size(), "bin_counts: goods, bads and rows of unequal lengths");
  }

private:
  static double sum(const std::vector<double>& v) noexcept {
    double s = 0;
    for (double x : v) s += x;
    return s;
  }

  std::vector<double> goods_;
  std::vector<double> bads_;
  std::vector<std::uint64_t> rows_;
};

}  // namespace credo::binning
