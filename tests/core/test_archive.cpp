// Every accumulator of test_accumulator.cpp round-trips through credo::to_bytes and
// from_bytes: the copy equals the original, gives the same bytes again, and merges as the
// original does. Damaged buffers are refused with the credo.archive.* ids.
#include "filled_accumulators.hpp"

#include <credo/core/archive.hpp>

#include <doctest/doctest.h>

#include <cstring>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

using namespace credo_test;

bool same_bytes(const std::vector<std::byte>& a, const std::vector<std::byte>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0);
}

/// Round trip of a, and the merge a += b before and after the round trip of both.
template <class A>
void check_round_trip(const A& a, const A& b, A into) {
  const auto bytes = credo::to_bytes(a);
  credo::from_bytes(bytes, into);
  CHECK(into == a);
  CHECK(same_bytes(credo::to_bytes(into), bytes));
  A before = a;
  before += b;
  A b_copy = b;
  credo::from_bytes(credo::to_bytes(b), b_copy);
  into += b_copy;
  CHECK(into == before);
  CHECK(same_bytes(credo::to_bytes(into), credo::to_bytes(before)));
  CHECK_FALSE(into == b);  // the filled parts differ, so == can fail here
}

template <class A>
void check_round_trip(const A& a, const A& b) {
  check_round_trip(a, b, credo::archive_access::make<A>());  // an empty one to read into
}

}  // namespace

TEST_CASE("every accumulator round-trips through to_bytes and merges as before") {
  check_round_trip(filled_bin_counts(0), filled_bin_counts(1));
  check_round_trip(filled_irls(0), filled_irls(1));
  check_round_trip(filled_scores<credo::metrics::ks<double>>(0), filled_scores<credo::metrics::ks<double>>(1));
  check_round_trip(filled_scores<credo::metrics::auc<double>>(0), filled_scores<credo::metrics::auc<double>>(1));
  check_round_trip(filled_scores<credo::metrics::auc<float>>(0), filled_scores<credo::metrics::auc<float>>(1));
  check_round_trip(filled_paired_auc(0), filled_paired_auc(1));
  // The compact store of the streamed audit (one entry per distinct score).
  using hist = credo::metrics::score_histogram<double>;
  check_round_trip(filled_scores<hist>(0), filled_scores<hist>(1));
  check_round_trip(filled_scores<credo::metrics::auc<double, hist>>(0), filled_scores<credo::metrics::auc<double, hist>>(1));
  check_round_trip(filled_scores<credo::metrics::calibration<double, hist>>(0),
                   filled_scores<credo::metrics::calibration<double, hist>>(1));
  check_round_trip(filled_scores<credo::metrics::score_rows<double>>(0),
                   filled_scores<credo::metrics::score_rows<double>>(1));
  check_round_trip(filled_scores<credo::metrics::brier_score<double>>(0),
                   filled_scores<credo::metrics::brier_score<double>>(1));
  check_round_trip(filled_scores<credo::metrics::log_loss<double>>(0, credo::metrics::log_loss<double>(1e-9)),
                   filled_scores<credo::metrics::log_loss<double>>(1, credo::metrics::log_loss<double>(1e-9)));
  check_round_trip(filled_scores<credo::metrics::calibration<double>>(0),
                   filled_scores<credo::metrics::calibration<double>>(1));
  const credo::metrics::binned_roc<double> roc(0, 1, 50, credo::metrics::direction::higher_is_safer);
  check_round_trip(filled_scores(0, roc), filled_scores(1, roc), credo::metrics::binned_roc<double>(-5, 5, 3, credo::metrics::direction::higher_is_safer));
  check_round_trip(filled_band_counts(0), filled_band_counts(1), credo::metrics::band_counts<double>(std::vector<double>{}));
  check_round_trip(filled_group_counts(0), filled_group_counts(1));
  check_round_trip(filled_group_auc(0), filled_group_auc(1));
  check_round_trip(filled_coverage_counts(0), filled_coverage_counts(1));
  check_round_trip(filled_fill_rates(0), filled_fill_rates(1));
  check_round_trip(filled_source_patterns(0), filled_source_patterns(1));
  check_round_trip(filled_condition_patterns(0), filled_condition_patterns(1));
}

TEST_CASE("a value read from bytes keeps its configuration and its figures") {
  const auto roc = filled_scores(2, credo::metrics::binned_roc<double>(0, 1, 40, credo::metrics::direction::higher_is_safer));
  const auto copy = credo::from_bytes<credo::metrics::binned_roc<double>>(credo::to_bytes(roc));
  CHECK(copy.bins() == 40);
  CHECK(copy.auc().value == roc.auc().value);
  const auto a = filled_scores<credo::metrics::auc<double>>(3, credo::metrics::auc<double>(credo::metrics::direction::higher_is_riskier));
  const auto b = credo::from_bytes<credo::metrics::auc<double>>(credo::to_bytes(a));
  CHECK(b.value() == a.value());
  const auto p = filled_paired_auc(4);
  CHECK(credo::from_bytes<credo::metrics::paired_auc<double>>(credo::to_bytes(p)).test().z == p.test().z);
}

TEST_CASE("equal hash-table contents give equal bytes whatever the order they were counted in") {
  // Counted in opposite orders: the tables iterate differently, the bytes do not.
  auto a = filled_source_patterns(0), b = filled_source_patterns(1);
  auto ab = a, ba = b;
  ab += b;
  ba += a;
  CHECK(ab == ba);  // each count is a[k] + b[k] or b[k] + a[k]: the same double
  CHECK(same_bytes(credo::to_bytes(ab), credo::to_bytes(ba)));
  credo::coverage::condition_patterns c1, c2;
  for (std::uint64_t k = 0; k < 3000; ++k) c1({k, 1, 2, 3}, 1.0);
  for (std::uint64_t k = 3000; k-- > 0;) c2({k, 1, 2, 3}, 1.0);
  CHECK(c1 == c2);
  CHECK(same_bytes(credo::to_bytes(c1), credo::to_bytes(c2)));
}

TEST_CASE("plain values: strings, maps and nested containers") {
  std::map<std::string, std::vector<double>> m{{"b", {1.5, -0.0}}, {"a", {}}};
  std::unordered_map<int, std::string> u{{3, "three"}, {-1, ""}};
  auto bytes = credo::to_bytes(m);
  CHECK(credo::from_bytes<decltype(m)>(bytes) == m);
  CHECK(credo::from_bytes<decltype(u)>(credo::to_bytes(u)) == u);
}

TEST_CASE("damaged or foreign buffers are refused with an id") {
  const auto bytes = credo::to_bytes(filled_bin_counts(0));
  using bc = credo::binning::bin_counts;
  SUBCASE("truncated") {
    for (std::size_t cut : {bytes.size() - 1, bytes.size() / 2, std::size_t{10}}) {
      const std::span<const std::byte> part(bytes.data(), cut);
      CHECK_THROWS_WITH_AS(credo::from_bytes<bc>(part), doctest::Contains("[credo.archive.truncated]"),
                           credo::invalid_input);
    }
  }
  SUBCASE("not an archive") {
    std::vector<std::byte> garbage(64, std::byte{0x5a});
    CHECK_THROWS_WITH_AS(credo::from_bytes<bc>(garbage), doctest::Contains("[credo.archive.format] bytes of credo::binning::bin_counts: not a credo archive"),
                         credo::invalid_input);
    CHECK_THROWS_WITH_AS(credo::from_bytes<bc>(std::span<const std::byte>()), doctest::Contains("[credo.archive.format]"),
                         credo::invalid_input);
  }
  SUBCASE("another format version") {
    auto v = bytes;
    v[4] = std::byte{9};
    CHECK_THROWS_WITH_AS(credo::from_bytes<bc>(v), doctest::Contains("[credo.archive.format]"), credo::invalid_input);
    CHECK_THROWS_WITH_AS(credo::from_bytes<bc>(v), doctest::Contains("format version 9"), credo::invalid_input);
  }
  SUBCASE("another type") {
    CHECK_THROWS_WITH_AS(credo::from_bytes<credo::coverage::coverage_counts>(bytes),
                         "[credo.archive.type_mismatch] the buffer holds a credo::binning::bin_counts, not a "
                         "credo::coverage::coverage_counts",
                         credo::invalid_input);
  }
  SUBCASE("bytes left over") {
    auto v = bytes;
    v.push_back(std::byte{0});
    CHECK_THROWS_WITH_AS(credo::from_bytes<bc>(v), doctest::Contains("[credo.archive.trailing_bytes]"), credo::invalid_input);
  }
  SUBCASE("a count larger than the buffer") {
    // The first vector's length, after the 4 + 2 + 1 header bytes and the type name.
    auto v = bytes;
    const std::size_t name = 4 + 2 + 1 + 8 + std::string("credo::binning::bin_counts").size();
    v[name + 7] = std::byte{0x10};
    CHECK_THROWS_WITH_AS(credo::from_bytes<bc>(v), doctest::Contains("[credo.archive.truncated]"), credo::invalid_input);
  }
  SUBCASE("a state no writer makes") {
    // bin_counts of 20 bins whose rows vector says 19.
    auto v = bytes;
    const std::size_t rows_at = 4 + 2 + 1 + 8 + std::string("credo::binning::bin_counts").size() + 2 * (8 + 20 * 8);
    v[rows_at] = std::byte{19};
    v.resize(v.size() - 8);
    CHECK_THROWS_WITH_AS(credo::from_bytes<bc>(v), doctest::Contains("[credo.archive.bad_value]"), credo::invalid_input);
  }
}
