#include <credo/detail/kernels/history.hpp>
#include <credo/features.hpp>
#include <credo/synth.hpp>

#include <doctest/doctest.h>

#include <cmath>

#include "hand_file.hpp"

namespace cf = credo::features;
using credo::test::d;
using credo::test::hand_file;

namespace {
std::vector<double> row_of(const auto& fs, const hand_file& h, cf::source_mask m = cf::all_sources) {
  std::vector<double> row(fs.width());
  fs.extract(h.as_of, h.accounts, h.inquiries, row, m);
  return row;
}
}  // namespace

TEST_CASE("built-in extractors on a hand-derived file") {
  const hand_file h;
  const auto fs = cf::standard_features();
  const auto row = row_of(fs, h);
  const auto& names = fs.names();
  auto at = [&](const std::string& n) {
    for (std::size_t j = 0; j < names.size(); ++j)
      if (names[j] == n) return row[j];
    FAIL("no feature " << n);
    return 0.0;
  };
  // seen: A, B, C, F (D opened and E reported after as_of)
  CHECK(at("accounts_total") == 4);
  CHECK(at("accounts_open") == 3);  // C closed in 2022; F's closing is after as_of
  CHECK(at("accounts_revolving") == 2);
  CHECK(at("accounts_installment") == 2);
  CHECK(at("accounts_mortgage") == 0);
  CHECK(at("oldest_account_months") == 71);  // 2018-07-01 + 72 months = 2024-07-01 > as_of
  CHECK(at("newest_account_months") == 15);  // 2023-03-10 + 15 months = 2024-06-10
  CHECK(at("balance_total") == 5000);        // 250 + 750 + 0 + 4000
  CHECK(at("balance_revolving") == 1000);
  CHECK(at("utilization_revolving") == doctest::Approx(0.25));  // (250 + 750) / (1000 + 3000)
  CHECK(at("worst_delinquency_24m") == 3);   // B's '3', 4 months back; C's '6' is 36 back
  CHECK(at("months_since_delinquency_1plus") == 2);  // A's and F's '1' in April
  CHECK(at("delinquencies_2plus_24m") == 2);          // A's '2' and B's '3'
  CHECK(at("inquiries_6m") == 2);                     // 2024-06-01, 2023-12-31
  CHECK(at("on_time_share_24m") == doctest::Approx(11.0 / 16.0));  // A 7/10, B 3/4, F 1/2 ('B' unknown)

  // other windows and levels
  cf::feature_set<cf::delinquency_count<1, 24>, cf::months_since_delinquency<3>, cf::worst_delinquency<3>,
                  cf::inquiry_count<12>, cf::delinquency_count<1, 3>>
      more;
  CHECK(more.names() == std::vector<std::string>{"delinquencies_1plus_24m", "months_since_delinquency_3plus",
                                                 "worst_delinquency_3m", "inquiries_12m",
                                                 "delinquencies_1plus_3m"});
  const auto r2 = row_of(more, h);
  CHECK(r2[0] == 5);  // A: Apr, Mar, Feb; B: Feb; F: Apr
  CHECK(r2[1] == 4);  // B's '3'
  CHECK(r2[2] == 1);  // June..April: A's '2' in March is 3 months back, outside; A's '1' in April
  CHECK(r2[3] == 3);
  CHECK(r2[4] == 2);  // A's and F's April

  // only source 0 (A and the 2024-06-01 inquiry)
  const auto r0 = row_of(fs, h, 0b01);
  CHECK(r0[0] == 1);
  CHECK(r0[names.size() - 1] == doctest::Approx(0.7));
}

TEST_CASE("no record is missing, not zero") {
  const hand_file h;
  const auto fs = cf::standard_features();
  std::vector<cf::tradeline_record> none;
  std::vector<cf::inquiry_record> no_inquiries;
  std::vector<double> row(fs.width());
  fs.extract(h.as_of, none, no_inquiries, row);
  for (std::size_t j = 0; j < row.size(); ++j) CHECK_MESSAGE(std::isnan(row[j]), fs.names()[j]);

  // inquiries only: a file exists, so the counts are 0, the account features missing
  fs.extract(h.as_of, none, h.inquiries, row);
  const auto& n = fs.names();
  for (std::size_t j = 0; j < row.size(); ++j) {
    if (n[j].rfind("accounts_", 0) == 0) CHECK_MESSAGE(row[j] == 0, n[j]);
    else if (n[j] == "inquiries_6m") CHECK(row[j] == 2);
    else CHECK_MESSAGE(std::isnan(row[j]), n[j]);
  }

  // a file whose months are all unknown: no delinquency features, never "0"
  cf::tradeline_record t = h.accounts[0];
  t.payment_history = "BDBD";
  std::vector<cf::tradeline_record> one{t};
  fs.extract(h.as_of, one, no_inquiries, row);
  for (std::size_t j = 0; j < row.size(); ++j)
    if (n[j] == "worst_delinquency_24m" || n[j] == "months_since_delinquency_1plus" ||
        n[j] == "on_time_share_24m")
      CHECK_MESSAGE(std::isnan(row[j]), n[j]);
    else if (n[j] == "delinquencies_2plus_24m")
      CHECK(row[j] == 0);

  // known months without a delinquency: "never", a documented special value
  t.payment_history = "000E";
  one = {t};
  fs.extract(h.as_of, one, no_inquiries, row);
  CHECK(fs.names()[13] == "months_since_delinquency_1plus");
  CHECK(row[13] == 999);
}

namespace {
/// A user-written extractor: share of the balance owed to installment loans.
struct installment_balance_share {
  struct state {
    double installment = 0, total = 0;
  };
  std::vector<std::string> names() const { return {"installment_balance_share"}; }
  void add(state& s, const cf::account_view& a, const cf::person_context&) const {
    if (std::isnan(a.balance)) return;
    s.total += a.balance;
    if (a.type == cf::account_type::installment) s.installment += a.balance;
  }
  void finish(const state& s, const cf::person_context&, std::span<double> out) const {
    out[0] = s.total > 0 ? s.installment / s.total : cf::missing;
  }
};
static_assert(cf::extractor<installment_balance_share>);
struct not_an_extractor {
  std::vector<std::string> names() const { return {}; }
};
static_assert(!cf::extractor<not_an_extractor>);
}  // namespace

TEST_CASE("accounts by source") {
  const hand_file h;
  cf::feature_set<cf::accounts_by_source> fs{cf::accounts_by_source{{"s0", "s1"}}};
  CHECK(fs.names() == std::vector<std::string>{"accounts_s0", "accounts_s1"});
  const auto row = row_of(fs, h);
  CHECK(row[0] == 1);  // A (D and E are unseen)
  CHECK(row[1] == 3);  // B, C, F
}

TEST_CASE("a user-written extractor joins the single pass") {
  const hand_file h;
  cf::feature_set<cf::account_count, installment_balance_share> fs;
  const auto row = row_of(fs, h);
  CHECK(row[0] == 4);
  CHECK(row[1] == doctest::Approx(4000.0 / 5000.0));
  std::vector<double> wrong(3);
  CHECK_THROWS_WITH_AS(fs.extract(h.as_of, h.accounts, h.inquiries, wrong),
                       "[credo.features.row_size] the row has 3 values, the feature set 2 columns",
                       credo::invalid_input);
}

TEST_CASE("population extraction: same table for any thread count, target from bad") {
  credo::synth::bureau_options o;
  o.persons = 3000;
  const auto b = credo::synth::generate(o);
  const auto pop = b.records.view();
  const auto fs = cf::standard_features();
  cf::extract_options one;
  one.threads = 1;
  const auto t1 = fs.extract(pop, one);
  REQUIRE(t1.rows() == 3000);
  REQUIRE(t1.columns() == fs.width());
  CHECK(t1.target_name() == "bad");
  for (unsigned threads : {2u, 3u, 7u}) {
    cf::extract_options many;
    many.threads = threads;
    const auto tn = fs.extract(pop, many);
    for (std::size_t j = 0; j < t1.columns(); ++j) CHECK(t1.at(j) == tn.at(j));
    CHECK(std::equal(t1.target().begin(), t1.target().end(), tn.target().begin()));
  }
  // row p of the table is the person-by-person extraction
  std::vector<double> row(fs.width());
  for (std::size_t p : {0u, 17u, 2999u}) {
    fs.extract(pop, p, row);
    for (std::size_t j = 0; j < row.size(); ++j) {
      const double v = t1.at(j).values()[p];
      CHECK((v == row[j] || (std::isnan(v) && std::isnan(row[j]))));
    }
  }
}

TEST_CASE("point in time: adding future records changes no feature") {
  credo::synth::bureau_options o;
  o.persons = 2000;
  auto b = credo::synth::generate(o);
  const auto fs = cf::standard_features();
  cf::extract_options opt;
  opt.threads = 2;
  const auto before = fs.extract(b.records.view(), opt);

  // Future records for every third person: opened after as_of, reported after as_of (with a
  // wild history), and inquiries after as_of.
  std::vector<cf::tradeline_record> accounts = b.records.tradelines;
  std::vector<cf::inquiry_record> inquiries = b.records.inquiries;
  const auto as_of = o.as_of;
  for (std::uint32_t p = 0; p < o.persons; p += 3) {
    cf::tradeline_record t;
    t.person = p;
    t.source = static_cast<std::uint16_t>(p % 12);
    t.type = cf::account_type::revolving;
    t.opened = as_of.add_months(1);
    t.last_reported = as_of.add_months(2);
    t.credit_limit = 100;
    t.balance = 100;
    t.payment_history = "666";
    accounts.push_back(t);
    t.opened = as_of.add_months(-60);  // an old account whose last report is in the future
    t.last_reported = cf::date::from_days(as_of.days() + 1);
    t.payment_history = "6666666666666666666666666";
    accounts.push_back(t);
    inquiries.push_back({p, 0, cf::date::from_days(as_of.days() + 1)});
    inquiries.push_back({p, 1, as_of.add_months(5)});
  }
  const cf::population pop(b.records.persons, accounts, inquiries);
  const auto after = fs.extract(pop, opt);
  for (std::size_t j = 0; j < before.columns(); ++j) CHECK_MESSAGE(before.at(j) == after.at(j), before.at(j).name());
}

TEST_CASE("population errors") {
  cf::person_table persons;
  persons.id = {"x"};
  persons.as_of = {d("2024-01-01")};
  persons.bad = {-1};
  std::vector<cf::tradeline_record> accounts(1);
  accounts[0].person = 3;
  std::vector<cf::inquiry_record> inquiries;
  CHECK_THROWS_WITH_AS(cf::population(persons, accounts, inquiries),
                       "[credo.records.unknown_person] tradeline 0: person index 3 is not among the 1 persons",
                       credo::invalid_input);
  accounts[0].person = 0;
  accounts[0].source = 64;
  CHECK_THROWS_WITH_AS(cf::population(persons, accounts, inquiries),
                       "[credo.records.too_many_sources] tradeline 0: source index 64 is past the 64 sources a "
                       "population supports",
                       credo::invalid_input);
  accounts[0].source = 0;
  const cf::population pop(persons, accounts, inquiries);
  const auto fs = cf::standard_features();
  CHECK_THROWS_WITH_AS(fs.extract(pop),
                       "[credo.features.unknown_outcome] person 'x' (row 0): outcome 'bad' is unknown; drop the "
                       "person or set extract_options::target = false",
                       credo::invalid_input);
  cf::extract_options no_target;
  no_target.target = false;
  CHECK_FALSE(fs.extract(pop, no_target).has_target());
  CHECK_THROWS_WITH_AS(persons.segment("region"),
                       "[credo.records.unknown_segment] no segment column 'region' (segments: )",
                       credo::invalid_input);
}

namespace {
/// The window-12 features of the fast-path test (worst level, months since a 2+ delinquency,
/// count of 1+ months, on-time share) by walking every month of the accounts added.
struct walked_features {
  int worst = -1, since = -1, count = 0, known = 0, on_time = 0, known_all = 0;
  void add(const cf::account_view& a, const cf::person_context& c) {
    a.for_each_month(c, 12, [&](int, int level) {
      worst = std::max(worst, level);
      count += level >= 1;
      known += level >= 0;
      on_time += level == 0;
    });
    a.for_each_month(c, 0, [&](int ago, int level) {
      known_all += level >= 0;
      if (level >= 2 && (since < 0 || ago < since)) since = ago;
    });
  }
  void check(const std::vector<double>& row) const {
    auto same = [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); };
    REQUIRE(same(row[0], worst >= 0 ? worst : cf::missing));
    REQUIRE(same(row[1], known_all == 0 ? cf::missing : since >= 0 ? since : 999.0));
    REQUIRE(row[2] == count);
    REQUIRE(same(row[3], known ? double(on_time) / known : cf::missing));
  }
};
}  // namespace

TEST_CASE("history fast paths agree with the month-by-month walk") {
  credo::synth::bureau_options o;
  o.persons = 1500;
  auto b = credo::synth::generate(o);
  // add unknown months to some histories
  std::vector<std::string> edited;
  edited.reserve(b.records.tradelines.size());
  std::vector<cf::tradeline_record> accounts = b.records.tradelines;
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    edited.emplace_back(accounts[i].payment_history);
    if (i % 5 == 0 && !edited.back().empty()) edited.back()[edited.back().size() / 2] = (i % 10 ? 'B' : 'D');
    // A late or unknown month in the last n mod 8 months (and in histories shorter than 8):
    // view_at tests that tail with one more SWAR word instead of walking it.
    if (i % 7 == 3 && !edited.back().empty()) edited.back().back() = (i % 14 == 3 ? '2' : 'B');
    // Some histories longer than the 64 months the masks hold: the extractors must walk.
    if (i % 4 == 1 && !edited.back().empty())
      while (edited.back().size() < 70) edited.back() += edited.back();
  }
  for (std::size_t i = 0; i < accounts.size(); ++i) accounts[i].payment_history = edited[i];
  cf::feature_set<cf::worst_delinquency<12>, cf::months_since_delinquency<2>, cf::delinquency_count<1, 12>,
                  cf::on_time_share<12>>
      fs;
  std::vector<cf::inquiry_record> none;
  std::vector<double> row(fs.width());
  std::size_t walked = 0, beyond_masks = 0;
  for (const auto& t : accounts) {
    // as_of a few months after the last report, so windows cut histories; for some persons
    // 50 months after, so that the history's older months fall out of the 64-month masks.
    const int lag = t.person % 11 == 0 ? 50 : static_cast<int>(t.person % 7);
    const auto as_of = t.last_reported.add_months(lag);
    const auto c = cf::person_context::at(as_of);
    const auto a = cf::view_at(t, c);
    REQUIRE(a);
    walked_features want;
    want.add(*a, c);
    walked += !a->clean();
    beyond_masks += !a->masks_cover(0);
    std::vector<cf::tradeline_record> one{t};
    fs.extract(as_of, one, none, row);
    want.check(row);
  }
  CHECK(walked > 100);
  CHECK(beyond_masks > 100);

  // The same over whole files: the extractors fold clean accounts into masks (worst level,
  // months since) and must agree with the walk over every account of the person.
  std::size_t persons_checked = 0, mixed = 0;
  for (std::size_t lo = 0, hi = 0; lo < accounts.size(); lo = hi) {
    while (hi < accounts.size() && accounts[hi].person == accounts[lo].person) ++hi;
    const int lag = accounts[lo].person % 11 == 0 ? 50 : static_cast<int>(accounts[lo].person % 7);
    cf::date as_of = accounts[lo].last_reported;
    for (std::size_t i = lo; i < hi; ++i) as_of = std::max(as_of, accounts[i].last_reported);
    as_of = as_of.add_months(lag);
    const auto c = cf::person_context::at(as_of);
    walked_features want;
    int clean = 0;
    for (std::size_t i = lo; i < hi; ++i) {
      const auto a = cf::view_at(accounts[i], c);
      if (!a) continue;
      clean += a->clean();
      want.add(*a, c);
    }
    mixed += clean > 0 && want.worst > 0;
    fs.extract(as_of, std::span<const cf::tradeline_record>(accounts.data() + lo, hi - lo), none, row);
    want.check(row);
    ++persons_checked;
  }
  CHECK(persons_checked > 1000);
  CHECK(mixed > 100);  // files with clean accounts next to late ones
}

TEST_CASE("a history is all current exactly when every month is '0' or 'E'") {
  // history_current reads blocks, overlapping words and, under four months, three bytes:
  // every length up to 40 with one other character at every place, and all current.
  for (std::size_t n = 0; n <= 40; ++n) {
    std::string h(n, '0');
    for (std::size_t i = 0; i < n; ++i) h[i] = i % 3 ? '0' : 'E';
    REQUIRE(credo::detail::kernels::history_current(h.data(), n));
    for (std::size_t at = 0; at < n; ++at)
      for (char other : {'1', '6', 'B', 'D', 'x', '\0'}) {
        std::string g = h;
        g[at] = other;
        INFO("n = " << n << ", month " << at << " = " << int(other));
        REQUIRE_FALSE(credo::detail::kernels::history_current(g.data(), n));
      }
  }
}
