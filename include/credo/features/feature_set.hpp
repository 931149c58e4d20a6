// feature_set<E...>: several extractors filled in one pass over a person's records, and
// extraction of a whole population into a credo::table, threaded across persons.
#pragma once

#include <credo/core/error.hpp>
#include <credo/core/table.hpp>
#include <credo/detail/parallel.hpp>
#include <credo/features/extractor.hpp>
#include <credo/features/records.hpp>

#include <algorithm>
#include <cstddef>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace credo::features {

struct extract_options {
  /// Worker threads; 0 means std::thread::hardware_concurrency(). Each thread fills a
  /// contiguous block of persons and every row depends on its person alone, so the table is
  /// identical for any thread count.
  unsigned threads = 0;
  /// The sources whose records are in the file (bit s = source s); default all. Re-extract
  /// with a source's bit cleared to see the features as they are without it.
  source_mask sources = all_sources;
  /// Put the persons' `bad` in the table's target when the persons carry it. Every person's
  /// outcome must then be known (credo.features.unknown_outcome otherwise).
  bool target = true;
};

template <extractor... E>
class feature_set {
public:
  using states = std::tuple<typename E::state...>;

  feature_set() { init(); }
  explicit feature_set(E... e) : e_(std::move(e)...) { init(); }

  /// The column names, in extractor order.
  const std::vector<std::string>& names() const noexcept { return names_; }
  std::size_t width() const noexcept { return names_.size(); }

  /// One row for a person scored at `as_of` from ranges of tradelines and inquiries (any
  /// types satisfying the tradeline and inquiry concepts); records unseen at as_of are skipped.
  /// The pass is flattened (every call inlined into it): each record's view and the
  /// extractors' adds are compiled into the walk, not called once per record.
  template <class Accounts, class Inquiries>
  [[gnu::flatten]] void extract(date as_of, const Accounts& accounts, const Inquiries& inquiries,
               std::span<double> row, source_mask sources = all_sources) const {
    check_row(row);
    states s{};
    auto c = person_context::at(as_of);
    account_view a;
    for (const auto& t : accounts) {
      using T = std::remove_cvref_t<decltype(t)>;
      if (!in_mask(sources, tradeline_traits<T>::source(t))) continue;
      if (view_at(t, c, a)) {
        ++c.accounts;
        add(s, a, c);
      }
    }
    for (const auto& q : inquiries) {
      using Q = std::remove_cvref_t<decltype(q)>;
      if (!in_mask(sources, inquiry_traits<Q>::source(q))) continue;
      if (auto v = view_at(q, c)) {
        ++c.inquiries;
        add(s, *v, c);
      }
    }
    finish(s, c, row);
  }

  /// The row of person p of a population (flattened like the one above).
  template <class T, class Q>
  [[gnu::flatten]] void extract(const population<T, Q>& pop, std::size_t p, std::span<double> row,
               source_mask sources = all_sources) const {
    check_row(row);
    states s{};
    const auto c = pop.visit(
        p, sources, [&](const account_view& a, const person_context& cc) { add(s, a, cc); },
        [&](const inquiry_view& q, const person_context& cc) { add(s, q, cc); });
    finish(s, c, row);
  }

  /// One row per person of the population, columns named names(); the persons' `bad` is
  /// the target when they carry it and options.target is set.
  template <class T, class Q>
  table extract(const population<T, Q>& pop, const extract_options& options = {}) const {
    const auto& persons = pop.persons();
    const std::size_t n = pop.size(), w = width();
    std::vector<std::uint8_t> target;
    if (options.target && persons.has_bad()) {
      target.resize(n);
      for (std::size_t p = 0; p < n; ++p) {
        if (persons.bad[p] != 0 && persons.bad[p] != 1)
          CREDO_THROW(invalid_input, "credo.features.unknown_outcome",
                      "person " + credo::detail::quoted(persons.id[p]) +
                          " (row " + std::to_string(p) +
                          "): outcome 'bad' is unknown; drop the person or set "
                          "extract_options::target = false");
        target[p] = static_cast<std::uint8_t>(persons.bad[p]);
      }
    }
    std::vector<std::vector<double>> cols(w, std::vector<double>(n));
    // Persons in contiguous parts, one per thread; each writes its own rows of cols.
    credo::detail::run_parts(n, credo::detail::thread_count(options.threads, n),
                             [&](unsigned, std::size_t lo, std::size_t hi) {
                               std::vector<double> row(w);
                               for (std::size_t p = lo; p < hi; ++p) {
                                 extract(pop, p, row, options.sources);
                                 for (std::size_t j = 0; j < w; ++j) cols[j][p] = row[j];
                               }
                             });
    table out;
    for (std::size_t j = 0; j < w; ++j) out.add(column::numeric(names()[j], std::move(cols[j])));
    if (!target.empty()) out.set_target(std::move(target), "bad");
    return out;
  }

  const std::tuple<E...>& extractors() const noexcept { return e_; }

  /// The single pass in steps, for a caller that walks the records itself (the engine checks
  /// its input and screens the file in the same walk): a value-initialised `states`, add()
  /// for every seen record with the context counting the records seen so far, then finish()
  /// with the final counts writes the row (width() values).
  void add(states& s, const account_view& a, const person_context& c) const {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (
          [&] {
            using X = std::tuple_element_t<I, std::tuple<E...>>;
            if constexpr (detail::takes_accounts<X>) std::get<I>(e_).add(std::get<I>(s), a, c);
          }(),
          ...);
    }(std::index_sequence_for<E...>{});
  }
  void add(states& s, const inquiry_view& q, const person_context& c) const {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (
          [&] {
            using X = std::tuple_element_t<I, std::tuple<E...>>;
            if constexpr (detail::takes_inquiries<X>) std::get<I>(e_).add(std::get<I>(s), q, c);
          }(),
          ...);
    }(std::index_sequence_for<E...>{});
  }
  void finish(const states& s, const person_context& c, std::span<double> row) const {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (std::get<I>(e_).finish(std::get<I>(s), c,
                              row.subspan(offsets_[I], (I + 1 < sizeof...(E) ? offsets_[I + 1]
                                                                               : names_.size()) -
                                                           offsets_[I])),
       ...);
    }(std::index_sequence_for<E...>{});
  }

private:
  void init() {
    names_.clear();
    offsets_.clear();
    std::apply(
        [&](const auto&... e) {
          ((offsets_.push_back(names_.size()),
            [&] {
              for (auto& nm : e.names()) names_.push_back(nm);
            }()),
           ...);
        },
        e_);
  }
  void check_row(std::span<double> row) const {
    if (row.size() != width())
      CREDO_THROW(invalid_input, "credo.features.row_size",
                  "the row has " + std::to_string(row.size()) + " values, the feature set " +
                      std::to_string(width()) + " columns");
  }

  std::tuple<E...> e_;
  std::vector<std::string> names_;
  std::vector<std::size_t> offsets_;
};

template <class... E>
feature_set(E...) -> feature_set<E...>;

}  // namespace credo::features
