// Nothing allocates where the docs promise it: a decision of the composed engine after
// make_session, and the scoring of one 30-characteristic applicant with reason codes
// (scorecard::score, batch_scorer::score_one and score_one_columns). A counting global
// operator new, this test program's own, sees every allocation; it is defined once, here.
#include "engine_fixture.hpp"
#include "service_fixture.hpp"

#include <credo/engine/batch_scorer.hpp>
#include <credo/engine/engine.hpp>
#include <credo/model/scorecard.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdlib>
#include <limits>
#include <new>
#include <vector>

namespace {
std::atomic<long> allocations{0};
}

// malloc/free behind new/delete on purpose (GCC cannot see that they are paired).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t n) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
// Every form of new and delete goes through malloc/free (a form left to the library would
// pair its allocation with our free: e.g. std::stable_sort's nothrow temporary buffer).
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n ? n : 1);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n ? n : 1);
}
void* operator new(std::size_t n, std::align_val_t a) {
  allocations.fetch_add(1, std::memory_order_relaxed);
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

using namespace credo;

TEST_CASE("a decision allocates nothing after make_session") {
  const test::synthetic_applicants pop(1500, 9);
  using eng_t = engine::engine<test::hand_features, model::scorecard<double>, decide::cutoff_table, monitor::psi,
                               monitor::approvals_by<>, monitor::coverage>;
  const eng_t eng(test::hand_features{}, test::hand_card(),
                  decide::cutoff_table({decide::cutoff(480), decide::cutoff(500), decide::cutoff(520, 500),
                                        decide::cutoff(490)}));
  auto s = eng.make_session();
  const long before_probe = allocations.load();
  void* probe = ::operator new(16);  // the counter counts (a direct call is never elided)
  ::operator delete(probe);
  REQUIRE(allocations.load() == before_probe + 1);

  const long before = allocations.load();
  std::size_t scored = 0, not_scoreable = 0;
  double sum = 0;
  for (const auto& a : pop.applicants) {
    const auto d = eng.decide(a, s);
    scored += d.scored();
    not_scoreable += d.status == engine::decision_status::not_scoreable;
    sum += d.scored() ? d.score : 0;
  }
  const long during = allocations.load() - before;
  CHECK(during == 0);
  CHECK(scored > 1000);
  CHECK(not_scoreable > 100);
  CHECK(sum > 0);
}

TEST_CASE("one 30-characteristic applicant with reason codes: no allocation") {
  const model::scorecard<double> card(credo::test::wide_specs(30), -1.3);
  const auto scorer = engine::batch_scorer<double>::compile(card);
  std::array<double, 30> x{};
  for (std::size_t j = 0; j < 30; ++j) x[j] = -1.5 + 0.1 * double(j);
  x[4] = std::numeric_limits<double>::quiet_NaN();
  std::array<model::input, 30> in{0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
                           0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
  for (std::size_t j = 0; j < 30; ++j) in[j] = model::input(x[j]);
  std::array<model::reason_code, 4> why{}, why2{};

  // Check the counter works at all.
  const long before_probe = allocations.load();
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
  std::array<model::reason_code, 4> why3{};

  const long before = allocations.load();
  const auto a = scorer.score_one(std::span<const double>(x), why);
  const auto b = card.score(std::span<const model::input>(in), why2);
  const auto c = scorer.score_one_columns(std::span<const double>(row), std::span<const std::size_t>(columns), why3);
  const long after = allocations.load();
  CHECK(after == before);
  REQUIRE(a.ok());
  CHECK(a.score == b.score);
  CHECK(a.reasons == 4);
  CHECK(why == why2);
  REQUIRE(c.ok());
  CHECK(c.score == a.score);
  CHECK(why3 == why);
}
