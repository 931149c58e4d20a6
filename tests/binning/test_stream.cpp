// Streamed binning (binning/stream.hpp): two passes over chunks give fit()'s bins whenever
// the value sketch is exact, and a sketch past its exact limit keeps its stated rank error.
#include "german_credit.hpp"

#include <credo/binning/stream.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <numeric>
#include <random>

using namespace credo;
using namespace credo::binning;

namespace {

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void check_same_table(const binning_table& a, const binning_table& b) {
  INFO("column " << a.column());
  REQUIRE(a.column() == b.column());
  REQUIRE(a.rows().size() == b.rows().size());
  for (std::size_t i = 0; i < a.rows().size(); ++i) {
    const auto &x = a.rows()[i], &y = b.rows()[i];
    INFO("bin " << i << " " << x.label);
    CHECK(x.label == y.label);
    CHECK(x.count == y.count);
    CHECK(same_bits(x.goods, y.goods));
    CHECK(same_bits(x.bads, y.bads));
    CHECK(same_bits(x.woe, y.woe));
    CHECK(same_bits(x.iv, y.iv));
  }
  CHECK(same_bits(a.iv(), b.iv()));
  CHECK(a.warnings() == b.warnings());
}

/// The rows [begin, end) of `t` as a chunk.
table rows_of(const table& t, std::size_t begin, std::size_t end) {
  std::vector<std::size_t> rows(end - begin);
  std::iota(rows.begin(), rows.end(), begin);
  return t.take(rows);
}

/// Streams `t` as `shards` shards of chunks of `chunk_rows` rows: each shard's passes filled
/// in row order, then merged in shard order.
std::vector<binning_table> streamed(const table& t, const encoder_options& o, std::size_t shards,
                                    std::size_t chunk_rows, std::vector<std::string> names = {}) {
  std::vector<std::string> all = t.names();
  std::vector<column_kind> kinds;
  for (const auto& n : all) kinds.push_back(t[n].kind());
  if (names.empty()) names = all;
  encoder_options eo = o;
  if (eo.columns.empty()) eo.columns = names;
  stream_binner binner(all, kinds, eo);
  auto shard_range = [&](std::size_t s) {
    return std::pair{t.rows() * s / shards, t.rows() * (s + 1) / shards};
  };
  using first = stream_binner::first_pass;
  using second = stream_binner::second_pass;
  first p1;
  for (std::size_t s = 0; s < shards; ++s) {
    auto part = binner.start();
    const auto [lo, hi] = shard_range(s);
    for (std::size_t r = lo; r < hi; r += chunk_rows) binner.fill(part, rows_of(t, r, std::min(hi, r + chunk_rows)));
    if (s == 0) p1 = std::move(part);
    else p1 += part;
  }
  second p2;
  const auto empty = binner.next(p1);
  for (std::size_t s = 0; s < shards; ++s) {
    auto part = empty;
    const auto [lo, hi] = shard_range(s);
    for (std::size_t r = lo; r < hi; r += chunk_rows) binner.fill(part, rows_of(t, r, std::min(hi, r + chunk_rows)));
    if (s == 0) p2 = std::move(part);
    else p2 += part;
  }
  return binner.finish(p1, p2);
}

std::vector<std::string> feature_names(const table& t) {
  std::vector<std::string> names;
  for (const auto& n : t.names())
    if (n != t.target_name()) names.push_back(n);
  return names;
}

}  // namespace

TEST_CASE("streamed binning of German credit equals fit() for every method, chunk size and shard count") {
  const auto t = test::german_credit();
  const auto names = feature_names(t);
  for (auto method : {binning_method::optimal, binning_method::chimerge, binning_method::equal_frequency,
                      binning_method::distinct}) {
    encoder_options o;
    o.defaults.method = method;
    o.columns = names;
    for (std::size_t shards : {1u, 3u, 7u})
      for (std::size_t chunk : {1000u, 97u, 1u}) {
        if (chunk == 1 && shards != 3) continue;  // one-row chunks once: slow and no different
        INFO("method " << to_string(method) << ", shards " << shards << ", chunk " << chunk);
        const auto got = streamed(t, o, shards, chunk);
        REQUIRE(got.size() == names.size());
        for (std::size_t j = 0; j < names.size(); ++j) check_same_table(got[j], fit(t, names[j], o.defaults));
      }
  }
}

TEST_CASE("streamed binning with weights equals fit() on one shard bit for bit") {
  auto t = test::german_credit();
  std::vector<double> w(t.rows());
  for (std::size_t r = 0; r < w.size(); ++r) w[r] = 0.1 + static_cast<double>(r % 11) / 3.0;  // not dyadic
  t.set_weights(w);
  const auto names = feature_names(t);
  encoder_options o;
  o.columns = names;
  const auto got = streamed(t, o, 1, 64);
  for (std::size_t j = 0; j < names.size(); ++j) check_same_table(got[j], fit(t, names[j], o.defaults));
}

TEST_CASE("streamed binning keeps special values, missing cells and the leak flag") {
  const std::size_t n = 600;
  std::vector<double> x(n);
  std::vector<std::uint8_t> y(n);
  std::mt19937_64 gen(7);
  for (std::size_t r = 0; r < n; ++r) {
    y[r] = static_cast<std::uint8_t>(r % 3 == 0);
    x[r] = r % 17 == 0 ? std::nan("") : r % 13 == 0 ? -1.0 : static_cast<double>(gen() % 50) + (y[r] ? 0.5 : 0.0);
  }
  std::vector<double> leak(n);
  for (std::size_t r = 0; r < n; ++r) leak[r] = y[r] ? 100.0 + static_cast<double>(r % 7) : static_cast<double>(r % 9);
  table t;
  t.add(column::numeric("x", x));
  t.add(column::numeric("leak", leak));
  t.set_target(y);
  encoder_options o;
  o.per_column["x"].special_values = {-1.0};
  o.columns = {"x", "leak"};
  const auto got = streamed(t, o, 4, 50);
  check_same_table(got[0], fit(t, "x", o.per_column["x"]));
  check_same_table(got[1], fit(t, "leak", o.defaults));
  CHECK_FALSE(got[1].warnings().empty());
}

TEST_CASE("value_sketch is exact up to its limit and within its rank error past it") {
  std::mt19937_64 gen(11);
  std::normal_distribution<double> normal(50, 20);
  const std::size_t n = 300000;
  std::vector<double> v(n);
  for (auto& x : v) x = std::round(normal(gen) * 1000) / 1000;  // ties as well
  value_sketch exact(n), small(1000, 512);
  for (double x : v) exact(x), small(x);
  CHECK(exact.exact());
  CHECK(exact.rank_error() == 0);
  REQUIRE_FALSE(small.exact());
  CHECK(small.size() == n);
  // The bound: each compaction at level h adds 2^h; with L levels of k values, about L·n/k.
  CHECK(small.rank_error() > 0);
  CHECK(small.rank_error() < n / 20);

  std::vector<double> sorted = v;
  std::sort(sorted.begin(), sorted.end());
  const std::size_t q = 20;
  // The exact sketch gives numeric_prebin_cuts' cuts.
  std::vector<double> copy = v;
  CHECK(exact.prebin_cuts(q, "x") == binning::detail::numeric_prebin_cuts(copy, q, "x"));
  // The compactor's cuts lie within rank_error() of the true positions.
  const auto cuts = small.prebin_cuts(q, "x");
  CHECK(cuts.size() >= q - 2);
  for (std::size_t j = 1; j < q && j - 1 < cuts.size(); ++j) {
    const double c = cuts[j - 1];
    const auto lo = static_cast<std::uint64_t>(std::lower_bound(sorted.begin(), sorted.end(), c) - sorted.begin());
    const auto hi = static_cast<std::uint64_t>(std::upper_bound(sorted.begin(), sorted.end(), c) - sorted.begin());
    // Some position of c in the sorted values is within the error of floor(j·n/q) (cuts that
    // repeat are dropped, so only the first cuts line up with j when none was dropped).
    INFO("cut " << c);
    const std::uint64_t err = small.rank_error();
    bool near = false;
    for (std::size_t i = 1; i < q; ++i) {
      const std::uint64_t pos = i * n / q;
      near = near || (pos + err >= lo && pos <= hi + err);
    }
    CHECK(near);
  }
}

TEST_CASE("value_sketch merges: the merge of parts equals the parts added in order, and repeats bit for bit") {
  std::mt19937_64 gen(3);
  std::vector<double> v(100000);
  for (auto& x : v) x = static_cast<double>(gen() % 1000000) / 7.0;
  auto build = [&](std::size_t parts) {
    value_sketch all(2000, 256);
    for (std::size_t p = 0; p < parts; ++p) {
      value_sketch s(2000, 256);
      for (std::size_t i = v.size() * p / parts; i < v.size() * (p + 1) / parts; ++i) s(v[i]);
      if (p == 0) all = s;
      else all += s;
    }
    return all;
  };
  const auto a = build(5), b = build(5);
  CHECK(a == b);
  CHECK(a.size() == v.size());
  CHECK(a.prebin_cuts(20, "x") == b.prebin_cuts(20, "x"));
  // Exact parts merge exactly: the union of counts, whatever the split.
  value_sketch e1(1u << 20), e2(1u << 20), e3(1u << 20);
  for (std::size_t i = 0; i < 50000; ++i) e1(v[i]);
  for (std::size_t i = 50000; i < v.size(); ++i) e2(v[i]);
  for (double x : v) e3(x);
  e1 += e2;
  CHECK(e1 == e3);
}

TEST_CASE("streamed binning refuses what fit() refuses, with the same ids") {
  table t;
  t.add(column::numeric("constant", std::vector<double>(10, 4.0)));
  t.add(column::numeric("x", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  t.set_target(std::vector<std::uint8_t>{0, 1, 0, 1, 0, 1, 0, 1, 0, 1});
  const std::vector<std::string> names = {"constant", "x"};
  const std::vector<column_kind> kinds = {column_kind::numeric, column_kind::numeric};
  CHECK_THROWS_WITH(streamed(t, {}, 2, 3), doctest::Contains("credo.binning.constant_column"));
  encoder_options twice;
  twice.columns = {"x", "x"};
  CHECK_THROWS_WITH(stream_binner(names, kinds, twice), doctest::Contains("credo.binning.duplicate_column"));
  encoder_options unknown;
  unknown.columns = {"y"};
  CHECK_THROWS_WITH(stream_binner(names, kinds, unknown), doctest::Contains("credo.table.unknown_column"));
  encoder_options fixed_cat;
  fixed_cat.defaults.method = binning_method::fixed;
  fixed_cat.defaults.cuts = {1.0};
  fixed_cat.columns = {"g"};
  CHECK_THROWS_WITH(stream_binner({"g"}, {column_kind::categorical}, fixed_cat),
                    doctest::Contains("credo.binning.wrong_kind"));

  encoder_options distinct;
  distinct.defaults.method = binning_method::distinct;
  distinct.stream_exact_limit = 4;
  distinct.columns = {"x"};
  CHECK_THROWS_WITH(streamed(t, distinct, 1, 10), doctest::Contains("credo.binning.too_many_values"));

  stream_binner binner(names, kinds, {});
  auto p = binner.start();
  table no_target;
  no_target.add(column::numeric("constant", {1.0}));
  no_target.add(column::numeric("x", {1.0}));
  CHECK_THROWS_WITH(binner.fill(p, no_target), doctest::Contains("credo.binning.no_target"));
  table wrong;
  wrong.add(column::categorical_from_labels("constant", {"a"}));
  wrong.add(column::numeric("x", {1.0}));
  wrong.set_target(std::vector<std::uint8_t>{1});
  CHECK_THROWS_WITH(binner.fill(p, wrong), doctest::Contains("credo.binning.wrong_kind"));

  table goods;
  goods.add(column::numeric("constant", {1.0, 2.0}));
  goods.add(column::numeric("x", {1.0, 2.0}));
  goods.set_target(std::vector<std::uint8_t>{0, 0});
  auto q = binner.start();
  binner.fill(q, goods);
  CHECK_THROWS_WITH(binner.next(q), doctest::Contains("credo.binning.no_events"));
  CHECK_THROWS_WITH(binner.next(binner.start()), doctest::Contains("credo.binning.empty_table"));
}
