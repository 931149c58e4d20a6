// Scoring one 30-characteristic applicant with reason codes allocates nothing: a counting
// global operator new (this test program's own) sees no call during the scoring.
#include "engine_fixture.hpp"

#include <credo/engine/batch_scorer.hpp>
#include <credo/model/scorecard.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

namespace {
std::atomic<std::size_t> allocations{0};
}  // namespace

// malloc/free behind new/delete on purpose (GCC cannot see that they are paired).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t n) {
  ++allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
  ++allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
// Every form of new and delete goes through malloc/free (a form left to the library would
// pair its allocation with our free: e.g. std::stable_sort's nothrow temporary buffer).
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  ++allocations;
  return std::malloc(n ? n : 1);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  ++allocations;
  return std::malloc(n ? n : 1);
}
void* operator new(std::size_t n, std::align_val_t a) {
  ++allocations;
  const auto al = static_cast<std::size_t>(a);
  if (void* p = std::aligned_alloc(al, (n + al - 1) / al * al)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n, std::align_val_t a) { return operator new(n, a); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

using namespace credo::model;
using namespace credo::engine;

TEST_CASE("one 30-characteristic applicant with reason codes: no allocation") {
  const scorecard<double> card(credo::test::wide_specs(30), -1.3);
  const auto scorer = batch_scorer<double>::compile(card);
  std::array<double, 30> x{};
  for (std::size_t j = 0; j < 30; ++j) x[j] = -1.5 + 0.1 * double(j);
  x[4] = std::numeric_limits<double>::quiet_NaN();
  std::array<input, 30> in{0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
                           0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
  for (std::size_t j = 0; j < 30; ++j) in[j] = input(x[j]);
  std::array<reason_code, 4> why{}, why2{};

  // Check the counter works at all.
  const std::size_t before_probe = allocations.load();
  auto* probe = new std::vector<int>(3);
  delete probe;
  CHECK(allocations.load() > before_probe);

  // The engine's way: the values in place in a wider row (reversed, behind 3 other values),
  // columns padded to whole lane groups.
  std::array<double, 33> row{};
  std::vector<std::size_t> columns(scorer.padded_size());
  for (std::size_t j = 0; j < columns.size(); ++j) {
    const std::size_t k = std::min<std::size_t>(j, 29);
    columns[j] = 3 + 29 - k;
    row[columns[j]] = x[k];
  }
  std::array<reason_code, 4> why3{};

  const std::size_t before = allocations.load();
  const auto a = scorer.score_one(std::span<const double>(x), why);
  const auto b = card.score(std::span<const input>(in), why2);
  const auto c = scorer.score_one_columns(std::span<const double>(row), std::span<const std::size_t>(columns), why3);
  const std::size_t after = allocations.load();
  CHECK(after == before);
  REQUIRE(a.ok());
  CHECK(a.score == b.score);
  CHECK(a.reasons == 4);
  CHECK(why == why2);
  REQUIRE(c.ok());
  CHECK(c.score == a.score);
  CHECK(why3 == why);
}
