// credo::table: named numeric and categorical columns, a binary target and sample weights.
//
// A numeric column holds doubles with NaN for missing. A categorical column holds int32
// codes into a dictionary of labels, with missing_code (-1) for missing. The target is
// event = bad = 1 (DESIGN.md); weights are optional and default to 1 per row.
#pragma once

#include <credo/core/error.hpp>
#include <credo/detail/enum_names.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace credo {

enum class column_kind { numeric, categorical };

}  // namespace credo

template <>
struct credo::detail::enum_names<credo::column_kind> {
  using e = credo::column_kind;
  static constexpr enum_name<e> table[] = {{e::numeric, "numeric"}, {e::categorical, "categorical"}};
};

namespace credo {

inline const char* to_string(column_kind k) noexcept { return credo::detail::name_of(k); }

/// One named column of a table.
class column {
public:
  static constexpr std::int32_t missing_code = -1;

  column() = default;

  /// A numeric column; NaN marks a missing value.
  static column numeric(std::string name, std::vector<double> values) {
    auto owned = std::make_shared<const std::vector<double>>(std::move(values));
    const std::span<const double> view(*owned);
    return numeric_view(std::move(name), view, std::move(owned));
  }

  /// A numeric column over values it does not own, read in place: `owner` keeps them alive
  /// as long as any copy of the column (a numpy array's reference, say). The values must not
  /// change while the column is in use.
  static column numeric_view(std::string name, std::span<const double> values, std::shared_ptr<const void> owner) {
    column c;
    c.name_ = std::move(name);
    c.kind_ = column_kind::numeric;
    c.values_ = values;
    c.owner_ = std::move(owner);
    return c;
  }

  /// A categorical column from codes into a dictionary; missing_code marks a missing value.
  static column categorical(std::string name, std::vector<std::int32_t> codes,
                            std::vector<std::string> dictionary) {
    const auto n = static_cast<std::int32_t>(dictionary.size());
    for (std::size_t r = 0; r < codes.size(); ++r)
      if (codes[r] != missing_code && (codes[r] < 0 || codes[r] >= n))
        CREDO_THROW(invalid_input, "credo.table.bad_code",
                    "column " + detail::quoted(name) + ", row " + std::to_string(r) + ": code " +
                        std::to_string(codes[r]) + " is outside the dictionary of " +
                        std::to_string(n) + " labels");
    column c;
    c.name_ = std::move(name);
    c.kind_ = column_kind::categorical;
    c.codes_ = std::move(codes);
    c.dictionary_ = std::move(dictionary);
    return c;
  }

  /// A categorical column from labels; labels equal to one of `missing` become missing.
  /// Codes follow the order in which labels first appear.
  static column categorical_from_labels(std::string name, const std::vector<std::string>& labels,
                                        const std::vector<std::string>& missing = {""}) {
    std::vector<std::int32_t> codes;
    codes.reserve(labels.size());
    std::vector<std::string> dictionary;
    std::unordered_map<std::string, std::int32_t> index;
    for (const auto& l : labels) {
      if (std::find(missing.begin(), missing.end(), l) != missing.end()) {
        codes.push_back(missing_code);
        continue;
      }
      auto [it, inserted] = index.try_emplace(l, static_cast<std::int32_t>(dictionary.size()));
      if (inserted) dictionary.push_back(l);
      codes.push_back(it->second);
    }
    return categorical(std::move(name), std::move(codes), std::move(dictionary));
  }

  const std::string& name() const noexcept { return name_; }
  column_kind kind() const noexcept { return kind_; }
  bool is_numeric() const noexcept { return kind_ == column_kind::numeric; }
  bool is_categorical() const noexcept { return kind_ == column_kind::categorical; }
  std::size_t size() const noexcept { return is_numeric() ? values_.size() : codes_.size(); }

  /// The values of a numeric column; throws credo.table.wrong_kind for a categorical one.
  std::span<const double> values() const {
    expect(column_kind::numeric);
    return values_;
  }
  /// The codes of a categorical column; throws credo.table.wrong_kind for a numeric one.
  std::span<const std::int32_t> codes() const {
    expect(column_kind::categorical);
    return codes_;
  }
  /// The labels of a categorical column, indexed by code.
  const std::vector<std::string>& dictionary() const {
    expect(column_kind::categorical);
    return dictionary_;
  }
  /// The code of `label`, or nullopt when the label is not in the dictionary.
  std::optional<std::int32_t> code_of(std::string_view label) const {
    expect(column_kind::categorical);
    for (std::size_t i = 0; i < dictionary_.size(); ++i)
      if (dictionary_[i] == label) return static_cast<std::int32_t>(i);
    return std::nullopt;
  }

  bool is_missing(std::size_t row) const noexcept {
    return is_numeric() ? std::isnan(values_[row]) : codes_[row] == missing_code;
  }

  /// The rows `rows` of this column, in that order.
  column take(std::span<const std::size_t> rows) const {
    if (is_numeric()) {
      std::vector<double> v;
      v.reserve(rows.size());
      for (auto r : rows) {
        if (r >= values_.size()) throw std::out_of_range("credo::column::take: row out of range");
        v.push_back(values_[r]);
      }
      return numeric(name_, std::move(v));
    }
    column c;
    c.name_ = name_;
    c.kind_ = kind_;
    c.dictionary_ = dictionary_;
    c.codes_.reserve(rows.size());
    for (auto r : rows) c.codes_.push_back(codes_.at(r));
    return c;
  }

  friend bool operator==(const column& a, const column& b) {
    if (a.name_ != b.name_ || a.kind_ != b.kind_) return false;
    if (a.is_categorical()) return a.codes_ == b.codes_ && a.dictionary_ == b.dictionary_;
    if (a.values_.size() != b.values_.size()) return false;
    for (std::size_t i = 0; i < a.values_.size(); ++i) {
      const double x = a.values_[i], y = b.values_[i];
      if (!(x == y || (std::isnan(x) && std::isnan(y)))) return false;
    }
    return true;
  }

private:
  void expect(column_kind k) const {
    if (kind_ != k)
      CREDO_THROW(invalid_input, "credo.table.wrong_kind",
                  "column " + detail::quoted(name_) + " is " + to_string(kind_) + ", not " +
                      to_string(k));
  }

  std::string name_;
  column_kind kind_ = column_kind::numeric;
  // Numeric values: a span over memory that owner_ keeps alive (a vector of the column's own,
  // or a borrowed buffer). Columns never change, so copies share the values.
  std::span<const double> values_;
  std::shared_ptr<const void> owner_;
  std::vector<std::int32_t> codes_;
  std::vector<std::string> dictionary_;
};

/// Named columns of equal length, a binary target (bad = 1) and optional sample weights.
class table {
public:
  table() = default;

  std::size_t rows() const noexcept { return rows_; }
  std::size_t columns() const noexcept { return columns_.size(); }
  bool empty() const noexcept { return rows_ == 0; }

  /// Appends a column; its length must match the table's, its name must be new.
  void add(column c) {
    if (find(c.name()))
      CREDO_THROW(invalid_input, "credo.table.duplicate_column",
                  "column " + detail::quoted(c.name()) + " is already in the table");
    if (!columns_.empty() || has_target() || has_weights()) {
      if (c.size() != rows_) length_mismatch("column " + detail::quoted(c.name()), c.size());
    } else {
      rows_ = c.size();
    }
    index_.emplace(c.name(), columns_.size());
    columns_.push_back(std::move(c));
  }

  // Names are found through a hash index: a scan per add made reading a wide file quadratic
  // in its columns (100,000 columns took 35 s).
  std::optional<std::size_t> find(std::string_view name) const noexcept {
    const auto it = index_.find(name);
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }
  bool contains(std::string_view name) const noexcept { return find(name).has_value(); }

  /// The column called `name`; throws credo.table.unknown_column naming it.
  const column& operator[](std::string_view name) const { return columns_[index_of(name)]; }
  const column& at(std::size_t i) const { return columns_.at(i); }
  std::size_t index_of(std::string_view name) const {
    if (auto i = find(name)) return *i;
    std::string known;
    for (const auto& c : columns_) known += (known.empty() ? "" : ", ") + c.name();
    CREDO_THROW(invalid_input, "credo.table.unknown_column",
                "no column " + detail::quoted(name) + " in the table (columns: " + known + ")");
  }
  std::vector<std::string> names() const {
    std::vector<std::string> n;
    for (const auto& c : columns_) n.push_back(c.name());
    return n;
  }

  /// Removes the column called `name` and returns it.
  column remove(std::string_view name) {
    const auto i = index_of(name);
    column c = std::move(columns_[i]);
    columns_.erase(columns_.begin() + static_cast<std::ptrdiff_t>(i));
    index_.erase(index_.find(c.name()));
    for (auto& [n, k] : index_)
      if (k > i) --k;
    return c;
  }

  // --- target: bad = 1, good = 0 ----------------------------------------------------------

  /// Sets the target from 0/1 values (1 = bad).
  void set_target(std::vector<std::uint8_t> bad, std::string name = "target") {
    if (!columns_.empty() || has_weights()) {
      if (bad.size() != rows_) length_mismatch("target", bad.size());
    } else {
      rows_ = bad.size();
    }
    for (std::size_t r = 0; r < bad.size(); ++r)
      if (bad[r] > 1)
        CREDO_THROW(invalid_input, "credo.table.target_not_binary",
                    "target " + detail::quoted(name) + ", row " + std::to_string(r) +
                        ": value " + std::to_string(bad[r]) + " is neither 0 nor 1");
    target_ = std::move(bad);
    target_name_ = std::move(name);
  }

  /// Moves column `name` out of the features and makes it the target: rows equal to
  /// `bad_value` are bad (1); every other row must carry one and the same other value.
  void set_target(std::string_view name, std::string_view bad_value) {
    const column& c = (*this)[name];
    std::vector<std::uint8_t> bad(c.size());
    std::optional<std::string> good_value;
    auto not_binary = [&](std::size_t r, const std::string& v) {
      CREDO_THROW(invalid_input, "credo.table.target_not_binary",
                  "target " + detail::quoted(name) + ", row " + std::to_string(r) +
                      ": a third value '" + v + "' besides bad '" + std::string(bad_value) +
                      "' and good '" + *good_value + "'");
    };
    auto missing = [&](std::size_t r) {
      CREDO_THROW(invalid_input, "credo.table.missing_target",
                  "target " + detail::quoted(name) + ", row " + std::to_string(r) +
                      ": the target is missing");
    };
    if (c.is_categorical()) {
      const auto bad_code = c.code_of(bad_value);
      for (std::size_t r = 0; r < c.size(); ++r) {
        const auto code = c.codes()[r];
        if (code == column::missing_code) missing(r);
        if (bad_code && code == *bad_code) {
          bad[r] = 1;
          continue;
        }
        const auto& label = c.dictionary()[static_cast<std::size_t>(code)];
        if (!good_value) good_value = label;
        else if (*good_value != label) not_binary(r, label);
      }
    } else {
      double b = 0;
      try {
        b = std::stod(std::string(bad_value));
      } catch (const std::exception&) {
        CREDO_THROW(invalid_input, "credo.table.bad_value",
                    "target " + detail::quoted(name) + " is numeric; the bad value '" +
                        std::string(bad_value) + "' is not a number");
      }
      std::optional<double> g;
      for (std::size_t r = 0; r < c.size(); ++r) {
        const double v = c.values()[r];
        if (std::isnan(v)) missing(r);
        if (v == b) {
          bad[r] = 1;
          continue;
        }
        if (!g) {
          g = v;
          good_value = number_label(v);
        } else if (*g != v) {
          not_binary(r, number_label(v));
        }
      }
    }
    remove(name);
    target_ = std::move(bad);
    target_name_ = std::string(name);
  }

  bool has_target() const noexcept { return !target_name_.empty(); }
  const std::string& target_name() const noexcept { return target_name_; }
  /// The target, 1 = bad; throws credo.table.no_target when none was set.
  std::span<const std::uint8_t> target() const {
    if (!has_target())
      CREDO_THROW(logic_error, "credo.table.no_target", "the table has no target; call set_target");
    return target_;
  }

  // --- weights -----------------------------------------------------------------------------

  /// Sets sample weights; each must be finite and >= 0.
  void set_weights(std::vector<double> w, std::string name = "weight") {
    if (!columns_.empty() || has_target()) {
      if (w.size() != rows_) length_mismatch("weights", w.size());
    } else {
      rows_ = w.size();
    }
    for (std::size_t r = 0; r < w.size(); ++r)
      if (!(std::isfinite(w[r]) && w[r] >= 0))
        CREDO_THROW(invalid_input, "credo.table.bad_weight",
                    "weight " + detail::quoted(name) + ", row " + std::to_string(r) + ": " +
                        number_label(w[r]) + " is not a finite number >= 0");
    weights_ = std::move(w);
    weights_name_ = std::move(name);
  }
  /// Moves numeric column `name` out of the features and makes it the sample weights.
  void set_weights(std::string_view name) {
    std::vector<double> w((*this)[name].values().begin(), (*this)[name].values().end());
    set_weights(std::move(w), std::string(name));  // validates before anything changes
    remove(name);
  }
  bool has_weights() const noexcept { return !weights_name_.empty(); }
  const std::string& weights_name() const noexcept { return weights_name_; }
  /// The weights, or an empty span when every row weighs 1.
  std::span<const double> weights() const noexcept { return weights_; }
  double weight(std::size_t row) const noexcept { return weights_.empty() ? 1.0 : weights_[row]; }

  /// The rows `rows` of the table (features, target and weights), in that order.
  table take(std::span<const std::size_t> rows) const {
    for (auto r : rows)
      if (r >= rows_)
        CREDO_THROW(invalid_input, "credo.table.row_out_of_range",
                    "row " + std::to_string(r) + " is past the table's " + std::to_string(rows_) +
                        " rows");
    table t;
    for (const auto& c : columns_) t.columns_.push_back(c.take(rows));
    t.index_ = index_;
    t.rows_ = rows.size();
    if (has_target()) {
      t.target_name_ = target_name_;
      for (auto r : rows) t.target_.push_back(target_[r]);
    }
    if (has_weights()) {
      t.weights_name_ = weights_name_;
      for (auto r : rows) t.weights_.push_back(weights_[r]);
    }
    return t;
  }

  auto begin() const noexcept { return columns_.begin(); }
  auto end() const noexcept { return columns_.end(); }

private:
  [[noreturn]] void length_mismatch(const std::string& what, std::size_t n) const {
    CREDO_THROW(invalid_input, "credo.table.length_mismatch",
                what + " has " + std::to_string(n) + " rows, the table " + std::to_string(rows_));
  }
  static std::string number_label(double v) {
    if (std::isnan(v)) return "NaN";
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  }

  std::vector<column> columns_;
  struct name_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::size_t, name_hash, std::equal_to<>> index_;  // name -> position
  std::size_t rows_ = 0;
  std::vector<std::uint8_t> target_;
  std::string target_name_;
  std::vector<double> weights_;
  std::string weights_name_;
};

}  // namespace credo
