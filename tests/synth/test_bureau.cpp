#include <credo/coverage.hpp>
#include <credo/synth.hpp>

#include <doctest/doctest.h>

#include <cmath>

namespace cf = credo::features;
namespace cs = credo::synth;

namespace {
bool same(const cf::tradeline_record& a, const cf::tradeline_record& b) {
  return a.person == b.person && a.source == b.source && a.type == b.type && a.opened == b.opened &&
         a.closed == b.closed && a.last_reported == b.last_reported && a.payment_history == b.payment_history &&
         (a.credit_limit == b.credit_limit || (std::isnan(a.credit_limit) && std::isnan(b.credit_limit))) &&
         a.balance == b.balance;
}
}  // namespace

TEST_CASE("synthetic bureau: seeded, and a person's records do not depend on the population size") {
  cs::bureau_options o;
  o.persons = 500;
  const auto a = cs::generate(o), b = cs::generate(o);
  REQUIRE(a.records.tradelines.size() == b.records.tradelines.size());
  for (std::size_t i = 0; i < a.records.tradelines.size(); ++i) REQUIRE(same(a.records.tradelines[i], b.records.tradelines[i]));
  CHECK(a.records.persons.bad == b.records.persons.bad);

  o.persons = 2000;
  const auto big = cs::generate(o);
  for (std::size_t i = 0; i < a.records.tradelines.size(); ++i) REQUIRE(same(a.records.tradelines[i], big.records.tradelines[i]));

  o.seed = 2;
  const auto other = cs::generate(o);
  CHECK(other.records.persons.bad != big.records.persons.bad);
}

TEST_CASE("synthetic bureau: valid records and the documented structure") {
  cs::bureau_options o;
  o.persons = 20000;
  const auto b = cs::generate(o);
  const auto& r = b.records;
  CHECK(r.sources.size() == 12);
  CHECK(r.persons.id[12] == "P12");
  std::vector<std::size_t> accounts(o.persons, 0), by_source(r.sources.size(), 0);
  for (const auto& t : r.tradelines) {
    REQUIRE(t.opened <= t.last_reported);
    REQUIRE(t.last_reported <= o.as_of);
    REQUIRE(t.payment_history.size() <= 24);
    REQUIRE(t.payment_history.size() >= 1);
    for (char c : t.payment_history) REQUIRE(cf::valid_status(c));
    // the oldest history month is the month of opening
    REQUIRE(t.last_reported.month_index() - static_cast<int>(t.payment_history.size()) + 1 >=
            t.opened.month_index());
    ++accounts[t.person];
    ++by_source[t.source];
  }
  const auto& group = r.persons.segment("group");
  double no_file_a = 0, no_file_b = 0, na = 0, nb = 0;
  for (std::size_t p = 0; p < o.persons; ++p) {
    const bool prot = group.codes()[p] == 1;
    (prot ? nb : na) += 1;
    if (accounts[p] == 0) (prot ? no_file_b : no_file_a) += 1;
  }
  CHECK(nb / o.persons == doctest::Approx(o.protected_share).epsilon(0.05));
  CHECK(no_file_a / na == doctest::Approx(o.no_file_share).epsilon(0.1));
  CHECK(no_file_b / nb == doctest::Approx(o.no_file_share * o.protected_file_factor).epsilon(0.1));
  // the two large sources hold the largest shares
  CHECK(by_source[0] > by_source[2]);
  CHECK(by_source[1] > by_source[2]);
  CHECK(static_cast<double>(by_source[0]) / r.tradelines.size() == doctest::Approx(0.30).epsilon(0.15));

  // outcomes follow the latent risk: bad rate rises across risk halves
  double bad_lo = 0, bad_hi = 0, lo = 0, hi = 0;
  for (std::size_t p = 0; p < o.persons; ++p) {
    if (b.risk[p] < 0) {
      lo += 1;
      bad_lo += r.persons.bad[p];
    } else {
      hi += 1;
      bad_hi += r.persons.bad[p];
    }
  }
  CHECK(bad_hi / hi > 2 * bad_lo / lo);
  const double rate = (bad_lo + bad_hi) / o.persons;
  CHECK(rate > 0.05);
  CHECK(rate < 0.2);

  // withholding the large sources leaves persons unscoreable
  const auto pop = r.view();
  const credo::coverage::source_analysis a(pop);
  const auto all = a.coverage(a.all()), less = a.coverage(r.without({"bank_a", "bank_b"}) & a.all());
  CHECK(all.share_scoreable() > 0.6);
  CHECK(less.share_scoreable() < all.share_scoreable() - 0.1);
}
