// Binning a stream of chunks (tables of the same columns, e.g. io::csv_stream's) in memory
// that does not grow with the rows, with the bins fit() gives on the whole table.
//
// Two passes, each an accumulator per shard that merges with +=:
// 1. first_pass: per numeric column a value_sketch of the binned values (neither missing nor
//    special), per categorical column the counts of each label (final: categorical columns
//    need no second pass), and the weighted goods and bads of the target.
// 2. second_pass: per numeric column, the goods, bads and rows of each pre-bin of the cuts
//    the merged first pass gives (numeric_prebin_cuts' rule: one pre-bin per distinct value
//    when there are at most max_n_prebins, else the values at sorted positions floor(j·n/q)),
//    and the classes' extremes (the leak flag).
// finish() then runs the same code as fit() (detail::finish_numeric / finish_categorical).
//
// Equal to fit(): the cuts are those of fit() whenever the sketch is exact, i.e. while a
// column has at most value_sketch::exact_limit distinct binned values (German credit's columns
// all do, so do ages, durations, counts and rounded amounts). Past it the sketch keeps a
// deterministic compactor (Munro & Paterson 1980; Manku, Rajagopalan & Lindsay 1998) whose rank
// error it tracks: every compaction at level h moves a query's rank by at most 2^h, so the
// pre-bin cuts are the values at positions within rank_error() of floor(j·n/q) — at most
// (levels/k)·n, about 0.2 % of n for 10^9 rows and k = 8192. The counts of the second pass are
// exact for whatever cuts the first gives, so the bins, WoE and IV are exact for those cuts.
//
// Rows are added in row order within a shard and shards merge in shard order, so the sums of
// one shard equal fit()'s on that shard bit for bit (weights included), and a job spread over
// processes gives one process's figures when its merge keeps shard order (docs/scale.md).
#pragma once

#include <credo/binning/fit.hpp>
#include <credo/binning/woe_encoder.hpp>
#include <credo/core/error.hpp>
#include <credo/core/table.hpp>
#include <credo/detail/parallel.hpp>
#include <credo/detail/text.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <limits>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace credo::binning {

/// The distinct values of a numeric column with their counts, exactly while there are at most
/// exact_limit of them, then a compactor sketch with a tracked rank error. An accumulator:
/// `s(v)` adds a value (callers leave out missing and special values), `s += t` merges.
class value_sketch {
public:
  static constexpr std::size_t default_exact_limit = std::size_t{1} << 16;
  static constexpr std::size_t default_buffer = 8192;  ///< k: values per compactor level

  value_sketch() = default;
  explicit value_sketch(std::size_t exact_limit, std::size_t buffer = default_buffer)
      : exact_limit_(exact_limit), k_(std::max<std::size_t>(buffer, 2)) {}

  void operator()(double v) {
    if (v == 0) v = 0;  // -0 and +0 are one value, as in fit()'s pre-binning
    ++n_;
    if (exact()) {
      ++counts_[v];
      if (counts_.size() > exact_limit_) to_compactor();
    } else {
      insert(v, 0);
    }
  }

  value_sketch& operator+=(const value_sketch& o) {
    n_ += o.n_;
    if (exact() && o.exact()) {
      for (const auto& [v, c] : sorted_counts_of(o)) counts_[v] += c;
      if (counts_.size() > exact_limit_) to_compactor();
      return *this;
    }
    if (exact()) to_compactor();
    if (o.exact()) {
      value_sketch copy = o;
      copy.to_compactor();
      absorb(copy);
    } else {
      absorb(o);
    }
    return *this;
  }

  /// Values added (the binned rows).
  std::uint64_t size() const noexcept { return n_; }
  /// Whether the sketch still holds every distinct value with its count.
  bool exact() const noexcept { return levels_.empty(); }
  /// An upper bound on how far (in rows) a position's value may be from the true order
  /// statistic: 0 while exact.
  std::uint64_t rank_error() const noexcept { return error_; }

  /// The distinct values and their counts in increasing order (exact sketches only).
  std::vector<std::pair<double, std::uint64_t>> sorted_counts() const { return sorted_counts_of(*this); }

  /// fit()'s pre-bin cuts of these values for q = max_n_prebins: the distinct values but the
  /// first when there are at most q of them, else the values at sorted positions
  /// floor(j·n/q), j = 1..q−1, that exceed the minimum and the previous cut. Throws
  /// credo.binning.constant_column with fewer than two distinct values.
  std::vector<double> prebin_cuts(std::size_t q, std::string_view name) const {
    const auto items = weighted_items();
    if (items.size() < 2) detail::constant_column(name);
    std::vector<double> cuts;
    if (exact() && items.size() <= q) {
      for (std::size_t i = 1; i < items.size(); ++i) cuts.push_back(items[i].first);
      return cuts;
    }
    const double min = items.front().first;
    std::size_t i = 0;
    std::uint64_t below = 0;  // the weight of items[0..i)
    for (std::size_t j = 1; j < q; ++j) {
      const std::uint64_t pos = j * n_ / q;  // 0-based sorted position, as fit() takes it
      while (below + items[i].second <= pos) below += items[i++].second;
      const double v = items[i].first;
      if (v > min && (cuts.empty() || v > cuts.back())) cuts.push_back(v);
    }
    return cuts;
  }

  /// Every distinct value but the first (the cuts of binning_method::distinct); throws
  /// credo.binning.too_many_values once the sketch is no longer exact.
  std::vector<double> distinct_cuts(std::string_view name) const {
    if (!exact())
      CREDO_THROW(invalid_input, "credo.binning.too_many_values",
                  "column " + credo::detail::quoted(name) + ": more than " + std::to_string(exact_limit_) +
                      " distinct values, too many for one bin each in a stream (use another method)");
    const auto items = sorted_counts();
    if (items.size() < 2) detail::constant_column(name);
    std::vector<double> cuts;
    for (std::size_t i = 1; i < items.size(); ++i) cuts.push_back(items[i].first);
    return cuts;
  }

  friend bool operator==(const value_sketch& a, const value_sketch& b) {
    return a.n_ == b.n_ && a.error_ == b.error_ && a.levels_ == b.levels_ && a.parity_ == b.parity_ &&
           sorted_counts_of(a) == sorted_counts_of(b);
  }

  /// Writes or reads the state (credo/core/archive.hpp), so a shard's sketch can travel
  /// between MPI ranks.
  template <class Archive>
  void serialize(Archive& ar) {
    ar(exact_limit_, k_, n_, error_, counts_, levels_, parity_);
    ar.check(levels_.size() == parity_.size(), "value_sketch: levels and parities of unequal lengths");
  }

private:
  static std::vector<std::pair<double, std::uint64_t>> sorted_counts_of(const value_sketch& s) {
    std::vector<std::pair<double, std::uint64_t>> v(s.counts_.begin(), s.counts_.end());
    std::sort(v.begin(), v.end());
    return v;
  }

  /// (value, weight) in increasing order of value: the counts, or the compactor's items.
  std::vector<std::pair<double, std::uint64_t>> weighted_items() const {
    if (exact()) return sorted_counts();
    std::vector<std::pair<double, std::uint64_t>> v;
    for (std::size_t h = 0; h < levels_.size(); ++h)
      for (double x : levels_[h]) v.emplace_back(x, std::uint64_t{1} << h);
    std::sort(v.begin(), v.end());
    // Equal values become one item, so a query never lands between copies of one value.
    std::vector<std::pair<double, std::uint64_t>> merged;
    for (const auto& [x, w] : v)
      if (!merged.empty() && merged.back().first == x) merged.back().second += w;
      else merged.emplace_back(x, w);
    return merged;
  }

  /// Moves the exact counts into the compactor: a value counted c times enters level h once
  /// for each set bit h of c (weight 2^h), in increasing order of value.
  void to_compactor() {
    auto items = sorted_counts_of(*this);
    counts_.clear();
    levels_.assign(1, {});
    parity_.assign(1, 0);
    for (const auto& [v, c] : items)
      for (std::size_t h = 0; h < 64; ++h)
        if ((c >> h) & 1u) insert(v, h);
  }

  void insert(double v, std::size_t h) {
    grow(h);
    levels_[h].push_back(v);
    if (levels_[h].size() >= k_) compact(h);
  }

  void grow(std::size_t h) {
    if (levels_.size() <= h) levels_.resize(h + 1), parity_.resize(h + 1, 0);
  }

  /// Sorts level h and promotes every other value (offset alternating per compaction, which
  /// halves the worst-case bias) to level h + 1; an odd one out stays. Weight is kept exactly.
  void compact(std::size_t h) {
    auto& buf = levels_[h];
    std::sort(buf.begin(), buf.end());
    double held = 0;
    const bool odd = buf.size() % 2 != 0;
    if (odd) held = buf.back(), buf.pop_back();
    std::vector<double> up;
    up.reserve(buf.size() / 2);
    for (std::size_t i = parity_[h]; i < buf.size(); i += 2) up.push_back(buf[i]);
    parity_[h] ^= 1u;
    error_ += std::uint64_t{1} << h;
    buf.clear();
    if (odd) buf.push_back(held);
    grow(h + 1);
    auto& next = levels_[h + 1];
    next.insert(next.end(), up.begin(), up.end());
    if (next.size() >= k_) compact(h + 1);
  }

  void absorb(const value_sketch& o) {
    error_ += o.error_;
    grow(o.levels_.size() - 1);
    for (std::size_t h = 0; h < o.levels_.size(); ++h) {
      levels_[h].insert(levels_[h].end(), o.levels_[h].begin(), o.levels_[h].end());
    }
    for (std::size_t h = 0; h < levels_.size(); ++h)
      if (levels_[h].size() >= k_) compact(h);
  }

  std::size_t exact_limit_ = default_exact_limit;
  std::size_t k_ = default_buffer;
  std::uint64_t n_ = 0;
  std::uint64_t error_ = 0;
  std::unordered_map<double, std::uint64_t> counts_;
  std::vector<std::vector<double>> levels_;  // empty while exact
  std::vector<std::uint8_t> parity_;
};

/// The goods, bads and rows of each label of a categorical column, labels in order of first
/// appearance (the dictionary order fit() breaks ties with), and of its missing cells.
class category_counts {
public:
  /// Adds a chunk's column: codes into `dict` (the chunk's dictionary), target and weights.
  void add(std::span<const std::int32_t> codes, const std::vector<std::string>& dict,
           std::span<const std::uint8_t> y, std::span<const double> w) {
    std::vector<std::int32_t> slot(dict.size(), -1);  // dictionary code -> label index, on first use
    for (std::size_t r = 0; r < codes.size(); ++r) {
      prebin* p;
      if (codes[r] == column::missing_code) {
        p = &missing_;
      } else {
        auto& s = slot[static_cast<std::size_t>(codes[r])];
        if (s < 0) s = static_cast<std::int32_t>(index_of(dict[static_cast<std::size_t>(codes[r])]));
        p = &counts_[static_cast<std::size_t>(s)];
      }
      (y[r] ? p->bads : p->goods) += w.empty() ? 1.0 : w[r];
      ++p->rows;
    }
  }

  category_counts& operator+=(const category_counts& o) {
    for (std::size_t k = 0; k < o.labels_.size(); ++k) counts_[index_of(o.labels_[k])] += o.counts_[k];
    missing_ += o.missing_;
    return *this;
  }

  const std::vector<std::string>& labels() const noexcept { return labels_; }
  const std::vector<prebin>& counts() const noexcept { return counts_; }
  const prebin& missing() const noexcept { return missing_; }
  friend bool operator==(const category_counts& a, const category_counts& b) {
    return a.labels_ == b.labels_ && a.counts_ == b.counts_ && a.missing_ == b.missing_;
  }
  template <class Archive>
  void serialize(Archive& ar) {
    ar(labels_, counts_, missing_);
    ar.check(labels_.size() == counts_.size(), "category_counts: labels and counts of unequal lengths");
    if constexpr (Archive::loading) {
      index_.clear();
      for (std::size_t k = 0; k < labels_.size(); ++k) index_.emplace(labels_[k], k);
    }
  }

private:
  std::size_t index_of(const std::string& label) {
    const auto [it, added] = index_.try_emplace(label, labels_.size());
    if (added) {
      labels_.push_back(label);
      counts_.emplace_back();
    }
    return it->second;
  }

  std::vector<std::string> labels_;
  std::vector<prebin> counts_;
  prebin missing_;
  std::unordered_map<std::string, std::size_t> index_;
};

/// The pre-bin slots of one numeric column for fixed cuts (detail::numeric_slots) and the
/// extremes of each class among its binned rows.
class prebin_counts {
public:
  prebin_counts() = default;
  prebin_counts(std::vector<double> cuts, std::vector<double> specials)
      : cuts_(std::move(cuts)), specials_(std::move(specials)),
        slots_(detail::numeric_slots(cuts_, specials_).count()) {}

  void add(std::span<const double> x, std::span<const std::uint8_t> y, std::span<const double> w) {
    const detail::numeric_slots slot_of(cuts_, specials_);
    for (std::size_t r = 0; r < x.size(); ++r) {
      prebin& p = slots_[slot_of(x[r])];
      (y[r] ? p.bads : p.goods) += w.empty() ? 1.0 : w[r];
      ++p.rows;
      if (slot_of.binned(x[r]) && (w.empty() || w[r] > 0)) extremes_(x[r], y[r] != 0);
    }
  }

  prebin_counts& operator+=(const prebin_counts& o) {
    if (o.slots_.size() != slots_.size() || o.cuts_ != cuts_)
      CREDO_THROW(invalid_input, "credo.binning.size_mismatch",
                  "prebin_counts: cannot merge counts of other cut points");
    for (std::size_t i = 0; i < slots_.size(); ++i) slots_[i] += o.slots_[i];
    extremes_ += o.extremes_;
    return *this;
  }

  const std::vector<double>& cuts() const noexcept { return cuts_; }
  const std::vector<double>& specials() const noexcept { return specials_; }
  const std::vector<prebin>& slots() const noexcept { return slots_; }
  const detail::class_extremes& extremes() const noexcept { return extremes_; }
  friend bool operator==(const prebin_counts&, const prebin_counts&) = default;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(cuts_, specials_, slots_, extremes_);
  }

private:
  std::vector<double> cuts_;
  std::vector<double> specials_;
  std::vector<prebin> slots_;
  detail::class_extremes extremes_;
};

/// Bins the chosen columns of a stream of chunks in two passes (see the file comment). The
/// passes are accumulators a caller fills per shard, merges in shard order, and hands back.
class stream_binner {
public:
  /// The columns to bin (encoder_options::columns, or every name given when empty), of the
  /// names and kinds of the stream's columns.
  stream_binner(const std::vector<std::string>& names, const std::vector<column_kind>& kinds,
                encoder_options options = {})
      : options_(std::move(options)) {
    columns_ = options_.columns.empty() ? names : options_.columns;
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j)
        if (columns_[i] == columns_[j])
          CREDO_THROW(invalid_input, "credo.binning.duplicate_column",
                      "column " + credo::detail::quoted(columns_[i]) + " is chosen twice");
      const auto at = std::find(names.begin(), names.end(), columns_[i]);
      if (at == names.end())
        CREDO_THROW(invalid_input, "credo.table.unknown_column",
                    "no column " + credo::detail::quoted(columns_[i]) + " in the data");
      kinds_.push_back(kinds[static_cast<std::size_t>(at - names.begin())]);
      const auto& o = options_of(i);
      detail::validate(o, columns_[i]);
      if (kinds_.back() == column_kind::categorical) detail::check_categorical_options(columns_[i], o);
      else if (o.method == binning_method::fixed) (void)bins::numeric(o.cuts, o.special_values, columns_[i]);
      else (void)bins::numeric({}, o.special_values, columns_[i]);
    }
  }

  const std::vector<std::string>& columns() const noexcept { return columns_; }
  const std::vector<column_kind>& kinds() const noexcept { return kinds_; }

  /// What the first pass gathers (see the file comment).
  struct first_pass {
    std::vector<value_sketch> values;       // per column (numeric ones used)
    std::vector<category_counts> labels;    // per column (categorical ones used)
    double goods = 0, bads = 0;             // the target's weighted classes
    std::uint64_t rows = 0;

    first_pass& operator+=(const first_pass& o) {
      if (values.empty()) return *this = o;
      for (std::size_t j = 0; j < values.size(); ++j) values[j] += o.values[j], labels[j] += o.labels[j];
      goods += o.goods, bads += o.bads, rows += o.rows;
      return *this;
    }
    friend bool operator==(const first_pass&, const first_pass&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(values, labels, goods, bads, rows);
    }
  };

  /// What the second pass counts: per numeric column, its pre-bins.
  struct second_pass {
    std::vector<prebin_counts> prebins;
    second_pass& operator+=(const second_pass& o) {
      if (prebins.empty()) return *this = o;
      for (std::size_t j = 0; j < prebins.size(); ++j) prebins[j] += o.prebins[j];
      return *this;
    }
    friend bool operator==(const second_pass&, const second_pass&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(prebins);
    }
  };

  first_pass start() const {
    first_pass p;
    p.values.assign(columns_.size(), value_sketch(options_.stream_exact_limit));
    p.labels.resize(columns_.size());
    return p;
  }

  /// Adds a chunk (a table with the columns, a target and maybe weights) to the first pass.
  void fill(first_pass& p, const table& chunk) const {
    if (p.values.empty()) p = start();
    require_target(chunk);
    const auto y = chunk.target();
    const auto w = chunk.weights();
    for (std::size_t r = 0; r < y.size(); ++r) (y[r] ? p.bads : p.goods) += w.empty() ? 1.0 : w[r];
    p.rows += chunk.rows();
    std::vector<const column*> cols;
    for (std::size_t j = 0; j < columns_.size(); ++j) cols.push_back(&column_of(chunk, j));
    // A column's accumulator is filled by one thread in row order: the result does not
    // depend on the thread count.
    credo::detail::run_items(columns_.size(), credo::detail::thread_count(options_.threads, columns_.size()),
                             [&](std::size_t j) {
                               const column& c = *cols[j];
                               if (c.is_numeric()) {
                                 const detail::numeric_slots kind_of({}, options_of(j).special_values);
                                 auto& s = p.values[j];
                                 for (double v : c.values())
                                   if (kind_of.binned(v)) s(v);
                               } else {
                                 p.labels[j].add(c.codes(), c.dictionary(), y, w);
                               }
                             });
  }

  /// The second pass for the merged first pass: the pre-bin cuts of every numeric column. A
  /// column whose cuts cannot be found (a constant column, say) is remembered and thrown by
  /// finish, lowest column first, as fit() would.
  second_pass next(const first_pass& p) {
    check_classes(p);
    second_pass s;
    s.prebins.resize(columns_.size());
    errors_.assign(columns_.size(), nullptr);
    for (std::size_t j = 0; j < columns_.size(); ++j) {
      if (kinds_[j] != column_kind::numeric) continue;
      const auto& o = options_of(j);
      try {
        std::vector<double> cuts;
        if (o.method == binning_method::fixed) {
          cuts = o.cuts;
          if (p.values[j].exact() && p.values[j].sorted_counts().size() < 2) detail::constant_column(columns_[j]);
        } else if (o.method == binning_method::distinct) {
          cuts = p.values[j].distinct_cuts(columns_[j]);
        } else {
          cuts = p.values[j].prebin_cuts(o.max_n_prebins, columns_[j]);
        }
        s.prebins[j] = prebin_counts(std::move(cuts), o.special_values);
      } catch (...) {
        errors_[j] = std::current_exception();
      }
    }
    return s;
  }

  /// Adds a chunk to the second pass.
  void fill(second_pass& s, const table& chunk) const {
    require_target(chunk);
    std::vector<const column*> cols;
    for (std::size_t j = 0; j < columns_.size(); ++j) cols.push_back(&column_of(chunk, j));
    credo::detail::run_items(columns_.size(), credo::detail::thread_count(options_.threads, columns_.size()),
                             [&](std::size_t j) {
                               if (kinds_[j] == column_kind::numeric && !errors_[j])
                                 s.prebins[j].add(cols[j]->values(), chunk.target(), chunk.weights());
                             });
  }

  /// The binning tables of the columns, in order; throws the lowest column's error.
  std::vector<binning_table> finish(const first_pass& p, const second_pass& s) const {
    std::vector<binning_table> tables(columns_.size());
    for (std::size_t j = 0; j < columns_.size(); ++j) {
      if (j < errors_.size() && errors_[j]) std::rethrow_exception(errors_[j]);
      const auto& o = options_of(j);
      if (kinds_[j] == column_kind::numeric) {
        const auto& c = s.prebins[j];
        tables[j] = detail::finish_numeric(columns_[j], c.cuts(), c.slots(), p.goods, p.bads, o, c.extremes());
      } else {
        const auto& c = p.labels[j];
        tables[j] = detail::finish_categorical(columns_[j], c.labels(), c.counts(), c.missing(), p.goods, p.bads, o);
      }
    }
    return tables;
  }

  /// A woe_encoder holding the tables finish() gave, for transforming chunks.
  woe_encoder encoder(std::vector<binning_table> tables) const {
    woe_encoder e(options_);
    e.assign(columns_, std::move(tables));
    return e;
  }

private:
  const binning_options& options_of(std::size_t j) const {
    const auto it = options_.per_column.find(columns_[j]);
    return it == options_.per_column.end() ? options_.defaults : it->second;
  }
  const column& column_of(const table& chunk, std::size_t j) const {
    const column& c = chunk[columns_[j]];
    if (c.kind() != kinds_[j])
      CREDO_THROW(invalid_input, "credo.binning.wrong_kind",
                  "column " + credo::detail::quoted(columns_[j]) + " is " + to_string(c.kind()) +
                      " in this chunk, " + to_string(kinds_[j]) + " in the stream");
    return c;
  }
  static void require_target(const table& chunk) {
    if (!chunk.has_target())
      CREDO_THROW(invalid_input, "credo.binning.no_target",
                  "a chunk of the stream has no target; read it with a target column");
  }
  void check_classes(const first_pass& p) const {
    const std::string name = columns_.empty() ? std::string("(none)") : columns_.front();
    if (p.rows == 0)
      CREDO_THROW(invalid_input, "credo.binning.empty_table", "column " + credo::detail::quoted(name) + ": the data has no rows");
    if (!(p.bads > 0))
      CREDO_THROW(invalid_input, "credo.binning.no_events",
                  "column " + credo::detail::quoted(name) + ": no bad in any row; WoE is undefined");
    if (!(p.goods > 0))
      CREDO_THROW(invalid_input, "credo.binning.no_non_events",
                  "column " + credo::detail::quoted(name) + ": no good in any row; WoE is undefined");
  }

  encoder_options options_;
  std::vector<std::string> columns_;
  std::vector<column_kind> kinds_;
  std::vector<std::exception_ptr> errors_;
};

}  // namespace credo::binning
