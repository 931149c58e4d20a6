// credo::binning::woe_encoder: bins every chosen column of a table and turns tables into
// WoE matrices for the model.
#pragma once

#include <credo/binning/binning_table.hpp>
#include <credo/binning/fit.hpp>
#include <credo/binning/options.hpp>
#include <credo/core/error.hpp>
#include <credo/core/table.hpp>
#include <credo/detail/parallel.hpp>
#include <credo/fwd.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace credo::binning {

struct encoder_options {
  /// The columns to bin, in this order (the order of the WoE matrix's columns). Empty: every
  /// feature column of the table, in the table's order.
  std::vector<std::string> columns;
  /// Options of every column not named in per_column (default: optimal, automatic trend).
  binning_options defaults;
  /// Options of single columns, by name.
  std::map<std::string, binning_options, std::less<>> per_column;
  /// Threads that bin columns in parallel (each column is binned by one thread); 0 = one
  /// per hardware thread. The result does not depend on it.
  unsigned threads = 1;
  /// Streamed binning (binning/stream.hpp): a numeric column keeps its distinct values
  /// exactly (and bins exactly as fit does) up to this many, then a sketch.
  std::size_t stream_exact_limit = std::size_t{1} << 16;
};

/// Bins the chosen columns of a table (fit) and maps tables to WoE (transform).
class woe_encoder {
public:
  woe_encoder() = default;
  explicit woe_encoder(encoder_options options) : options_(std::move(options)) {}

  /// Bins every chosen column of `t` (target needed). On an error nothing changes; with
  /// several failing columns the first in column order is thrown.
  woe_encoder& fit(const table& t) {
    std::vector<std::string> names = options_.columns.empty() ? t.names() : options_.columns;
    for (const auto& n : names) (void)t.index_of(n);  // credo.table.unknown_column first
    for (std::size_t i = 0; i < names.size(); ++i)
      for (std::size_t j = 0; j < i; ++j)
        if (names[i] == names[j])
          CREDO_THROW(invalid_input, "credo.binning.duplicate_column",
                      "column " + credo::detail::quoted(names[i]) + " is chosen twice");
    std::vector<binning_table> tables(names.size());
    // Columns in contiguous parts, one per thread; the lowest failing column's error is the
    // one rethrown (run_items), as the result does not depend on the thread count.
    credo::detail::run_items(names.size(), credo::detail::thread_count(options_.threads, names.size()),
                             [&](std::size_t i) {
                               const auto it = options_.per_column.find(names[i]);
                               const auto& o = it == options_.per_column.end() ? options_.defaults : it->second;
                               tables[i] = binning::fit(t, names[i], o);
                             });
    names_ = std::move(names);
    tables_ = std::move(tables);
    return *this;
  }

  /// Takes binning tables made elsewhere (a streamed binning, a model file) for these
  /// columns, in order; throws credo.binning.size_mismatch unless there is one per column.
  woe_encoder& assign(std::vector<std::string> names, std::vector<binning_table> tables) {
    if (names.size() != tables.size())
      CREDO_THROW(invalid_input, "credo.binning.size_mismatch",
                  "woe_encoder: " + std::to_string(tables.size()) + " binning tables for " +
                      std::to_string(names.size()) + " columns");
    names_ = std::move(names);
    tables_ = std::move(tables);
    return *this;
  }

  bool fitted() const noexcept { return !names_.empty(); }
  /// The binned columns: the columns of transform's matrix, in order.
  const std::vector<std::string>& columns() const noexcept { return names_; }
  /// The binning table of a binned column; throws credo.binning.not_binned otherwise.
  const binning_table& table_of(std::string_view name) const { return tables_[position(name)]; }
  const bins& bins_of(std::string_view name) const { return tables_[position(name)].bins(); }
  const std::vector<binning_table>& tables() const noexcept { return tables_; }

  /// Columns by IV, highest first (ties: column order), with their strength bands.
  std::vector<iv_entry> iv_ranking() const {
    std::vector<iv_entry> r;
    for (const auto& tb : tables_) r.push_back({tb.column(), tb.iv(), tb.strength()});
    std::stable_sort(r.begin(), r.end(), [](const iv_entry& a, const iv_entry& b) { return a.iv > b.iv; });
    return r;
  }

  /// The WoE of every row of `t` (rows) in every binned column (columns(), in order). `t`
  /// needs the binned columns, of the same kinds, and no target. Throws credo.binning.not_fitted,
  /// credo.binning.missing_column, credo.binning.wrong_kind.
  Eigen::MatrixXd transform(const table& t) const {
    if (!fitted())
      CREDO_THROW(logic_error, "credo.binning.not_fitted", "woe_encoder: transform before fit");
    std::vector<const column*> cols;
    for (std::size_t j = 0; j < names_.size(); ++j) {
      const auto i = t.find(names_[j]);
      if (!i)
        CREDO_THROW(invalid_input, "credo.binning.missing_column",
                    "woe_encoder: column " + credo::detail::quoted(names_[j]) +
                        " was binned in fit but is not in the table to transform");
      const column& c = t.at(*i);
      if (c.kind() != tables_[j].bins().kind())
        CREDO_THROW(invalid_input, "credo.binning.wrong_kind",
                    "woe_encoder: column " + credo::detail::quoted(names_[j]) + " is " +
                        to_string(c.kind()) + " in the table to transform, " +
                        to_string(tables_[j].bins().kind()) + " in fit");
      cols.push_back(&c);
    }
    Eigen::MatrixXd out(static_cast<Eigen::Index>(t.rows()), static_cast<Eigen::Index>(names_.size()));
    for (std::size_t j = 0; j < names_.size(); ++j) {
      const binning_table& tb = tables_[j];
      const column& c = *cols[j];
      auto dst = out.col(static_cast<Eigen::Index>(j));
      if (c.is_numeric()) {
        const auto x = c.values();
        for (std::size_t r = 0; r < x.size(); ++r) dst(static_cast<Eigen::Index>(r)) = tb.woe_of(x[r]);
      } else {
        // One lookup per label of the table's dictionary, not per row.
        const auto& dict = c.dictionary();
        std::vector<double> woe(dict.size());
        for (std::size_t k = 0; k < dict.size(); ++k) woe[k] = tb.woe_of(std::string_view(dict[k]));
        const double missing = tb.woe(tb.bins().missing_bin());
        const auto codes = c.codes();
        for (std::size_t r = 0; r < codes.size(); ++r)
          dst(static_cast<Eigen::Index>(r)) =
              codes[r] == column::missing_code ? missing : woe[static_cast<std::size_t>(codes[r])];
      }
    }
    return out;
  }

private:
  std::size_t position(std::string_view name) const {
    for (std::size_t i = 0; i < names_.size(); ++i)
      if (names_[i] == name) return i;
    CREDO_THROW(invalid_input, "credo.binning.not_binned",
                "woe_encoder: column " + credo::detail::quoted(name) + " was not binned");
  }

  encoder_options options_;
  std::vector<std::string> names_;
  std::vector<binning_table> tables_;
};

}  // namespace credo::binning
