// No allocation per decision after the warm-up: a counting global operator new.
#include "service_fixture.hpp"

#include <credo/engine/engine.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<long> allocations{0};
}

// GCC cannot see that these free() calls pair with the malloc() calls above.
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
