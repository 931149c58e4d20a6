// The user's own record structs, read in place through traits: two layouts of the same
// records give the same features as the canonical structs.
#include <credo/features.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstring>

#include "hand_file.hpp"

namespace cf = credo::features;
using credo::test::hand_file;

namespace legacy {
/// Layout 1: a mainframe-style record, dates as yyyymmdd integers, fixed char history,
/// floats, a type letter. Read through a hand-written traits specialisation.
struct loan {
  char type_letter;  // R revolving, I installment, M mortgage, O open, X other
  int closed_ymd;    // 0 while open
  float limit, bal;
  int opened_ymd, reported_ymd;
  char hist[26];
  unsigned short lender;
  int customer;
};
struct enquiry {
  int ymd;
  unsigned char lender;
  int customer;
};
inline cf::date from_ymd(int v) { return cf::date::from_ymd(v / 10000, v / 100 % 100, v % 100); }
inline int to_ymd(cf::date d) {
  const auto c = d.civil();
  return c.year * 10000 + c.month * 100 + c.day;
}
}  // namespace legacy

template <>
struct credo::features::tradeline_traits<legacy::loan> {
  static std::size_t person(const legacy::loan& l) { return static_cast<std::size_t>(l.customer); }
  static std::size_t source(const legacy::loan& l) { return l.lender; }
  static account_type type(const legacy::loan& l) {
    switch (l.type_letter) {
      case 'R': return account_type::revolving;
      case 'I': return account_type::installment;
      case 'M': return account_type::mortgage;
      case 'O': return account_type::open;
      default: return account_type::other;
    }
  }
  static date opened(const legacy::loan& l) { return legacy::from_ymd(l.opened_ymd); }
  static std::optional<date> closed(const legacy::loan& l) {
    if (l.closed_ymd == 0) return std::nullopt;
    return legacy::from_ymd(l.closed_ymd);
  }
  static date last_reported(const legacy::loan& l) { return legacy::from_ymd(l.reported_ymd); }
  static double credit_limit(const legacy::loan& l) { return l.limit; }
  static double balance(const legacy::loan& l) { return l.bal; }
  static std::string_view payment_history(const legacy::loan& l) { return l.hist; }
};
template <>
struct credo::features::inquiry_traits<legacy::enquiry> {
  static std::size_t person(const legacy::enquiry& q) { return static_cast<std::size_t>(q.customer); }
  static std::size_t source(const legacy::enquiry& q) { return q.lender; }
  static date when(const legacy::enquiry& q) { return legacy::from_ymd(q.ymd); }
};

namespace modern {
/// Layout 2: other member names and order, std::string history; read through member
/// projections (and a lambda for the source, stored 1-based).
struct account {
  std::string note;
  std::string history;
  cf::date open_date;
  std::optional<cf::date> close_date;
  cf::date report_date;
  double limit = 0, owed = 0;
  cf::account_type kind = cf::account_type::other;
  std::uint32_t lender_plus_one = 0;
  std::uint64_t client = 0;
};
struct pull {
  std::uint64_t client;
  std::uint32_t lender_plus_one;
  cf::date on;
};
// The lender index of each (stored plus one). Named functions, not lambdas: a lambda in a
// template argument of a specialisation has internal linkage in the area's unity build
// (-Wsubobject-linkage).
inline std::uint32_t account_lender(const account& a) { return a.lender_plus_one - 1; }
inline std::uint32_t pull_lender(const pull& q) { return q.lender_plus_one - 1; }
}  // namespace modern

template <>
struct credo::features::tradeline_traits<modern::account>
    : tradeline_members<&modern::account::client, &modern::account_lender,
                        &modern::account::kind, &modern::account::open_date, &modern::account::close_date,
                        &modern::account::report_date, &modern::account::limit, &modern::account::owed,
                        &modern::account::history> {};
template <>
struct credo::features::inquiry_traits<modern::pull>
    : inquiry_members<&modern::pull::client, &modern::pull_lender,
                      &modern::pull::on> {};

static_assert(cf::tradeline<legacy::loan> && cf::tradeline<modern::account> && cf::tradeline<cf::tradeline_record>);
static_assert(cf::inquiry<legacy::enquiry> && cf::inquiry<modern::pull> && cf::inquiry<cf::inquiry_record>);
static_assert(!cf::tradeline<modern::pull> && !cf::inquiry<cf::tradeline_record>);

TEST_CASE("two user layouts of the same records give the canonical features") {
  const hand_file h;
  std::vector<legacy::loan> loans;
  std::vector<modern::account> accounts;
  for (const auto& t : h.accounts) {
    legacy::loan l{};
    const char letters[] = "RIMOX";
    l.type_letter = letters[static_cast<int>(t.type)];
    l.closed_ymd = t.closed ? legacy::to_ymd(*t.closed) : 0;
    l.limit = static_cast<float>(t.credit_limit);
    l.bal = static_cast<float>(t.balance);
    l.opened_ymd = legacy::to_ymd(t.opened);
    l.reported_ymd = legacy::to_ymd(t.last_reported);
    std::memcpy(l.hist, t.payment_history.data(), t.payment_history.size());
    l.lender = t.source;
    l.customer = static_cast<int>(t.person);
    loans.push_back(l);

    modern::account a;
    a.note = "copied for the test";
    a.history = std::string(t.payment_history);
    a.open_date = t.opened;
    a.close_date = t.closed;
    a.report_date = t.last_reported;
    a.limit = t.credit_limit;
    a.owed = t.balance;
    a.kind = t.type;
    a.lender_plus_one = t.source + 1u;
    a.client = t.person;
    accounts.push_back(a);
  }
  std::vector<legacy::enquiry> enquiries;
  std::vector<modern::pull> pulls;
  for (const auto& q : h.inquiries) {
    enquiries.push_back({legacy::to_ymd(q.when), static_cast<unsigned char>(q.source), static_cast<int>(q.person)});
    pulls.push_back({q.person, q.source + 1u, q.when});
  }

  const auto fs = cf::standard_features();
  std::vector<double> canonical(fs.width()), one(fs.width()), two(fs.width());
  fs.extract(h.as_of, h.accounts, h.inquiries, canonical);
  fs.extract(h.as_of, loans, enquiries, one);
  fs.extract(h.as_of, accounts, pulls, two);
  for (std::size_t j = 0; j < fs.width(); ++j) {
    CHECK_MESSAGE(canonical[j] == one[j], fs.names()[j]);
    CHECK_MESSAGE(canonical[j] == two[j], fs.names()[j]);
  }
  CHECK(canonical[0] == 4);

  // a population over the user's own structs, without copying them
  cf::person_table persons;
  persons.id = {"p0"};
  persons.as_of = {h.as_of};
  const cf::population pop1(persons, loans, enquiries);
  const cf::population pop2(persons, accounts, pulls);
  const auto t1 = fs.extract(pop1), t2 = fs.extract(pop2);
  CHECK(&pop1.accounts()[0] == &loans[0]);
  for (std::size_t j = 0; j < fs.width(); ++j) {
    CHECK(t1.at(j).values()[0] == canonical[j]);
    CHECK(t2.at(j).values()[0] == canonical[j]);
  }
}

TEST_CASE("status levels and account types") {
  CHECK(cf::status_level('0') == 0);
  CHECK(cf::status_level('E') == 0);
  CHECK(cf::status_level('4') == 4);
  CHECK(cf::status_level('B') == -1);
  CHECK(cf::status_level('D') == -1);
  CHECK(cf::status_level('7') == -2);
  CHECK_FALSE(cf::valid_status('x'));
  CHECK(cf::parse_account_type("mortgage") == cf::account_type::mortgage);
  CHECK_FALSE(cf::parse_account_type("Mortgage"));
  CHECK(std::string(cf::to_string(cf::account_type::open)) == "open");
}

TEST_CASE("view_at's history digest equals a month-by-month reading") {
  // Histories of every length to 80 from a mix of statuses, unknown months and bytes that are
  // no status (0x80 and above too: the block compares are signed), at lags that push months
  // past the 64 the masks hold. The digest is read in blocks of 16 months (SSE2), or words.
  const char alphabet[] = {'0', '0', '0', 'E', '1', '2', '3', '4', '5', '6', 'B', 'D', 'x', '7', '/', '\xff', '\x80'};
  std::uint64_t seed = 12345;
  auto next = [&] {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::size_t>(seed >> 33);
  };
  const cf::date as_of = cf::date::from_ymd(2024, 6, 15);
  const auto c = cf::person_context::at(as_of);
  std::size_t late_seen = 0, beyond = 0;
  for (std::size_t n = 0; n <= 80; ++n)
    for (int trial = 0; trial < 40; ++trial) {
      std::string h(n, '0');
      const std::size_t changes = trial % 4 == 0 ? 0 : 1 + next() % 4;  // mostly current months
      for (std::size_t k = 0; k < changes && n > 0; ++k) h[next() % n] = alphabet[next() % sizeof alphabet];
      const int lag = static_cast<int>(next() % 70);
      cf::tradeline_record t;
      t.opened = cf::date::from_ymd(2000, 1, 1);
      t.last_reported = as_of.add_months(-lag);
      t.payment_history = h;
      cf::account_view a;
      REQUIRE(cf::view_at(t, c, a));
      int worst = 0;
      bool unknown = false, known = false;
      std::uint64_t known_months = 0;
      std::array<std::uint64_t, 6> late{};
      for (std::size_t i = 0; i < n; ++i) {
        const int level = cf::status_level(h[i]);
        worst = std::max(worst, level);
        unknown |= level < 0;
        known |= level >= 0;
        const std::size_t ago = static_cast<std::size_t>(lag) + i;
        if (ago >= 64) continue;
        if (level >= 0) known_months |= std::uint64_t{1} << ago;
        for (int l = 0; l < 6; ++l)
          if (level > l) late[static_cast<std::size_t>(l)] |= std::uint64_t{1} << ago;
      }
      INFO("history '" << h << "' at lag " << lag);
      REQUIRE(a.lag == lag);
      REQUIRE(a.worst_level == worst);
      REQUIRE(a.has_unknown == unknown);
      REQUIRE(a.any_known == known);
      REQUIRE(a.known_months == known_months);
      REQUIRE(a.late_months == late);
      REQUIRE(a.months_fit == (static_cast<std::size_t>(lag) + n <= 64));
      late_seen += worst > 0;
      beyond += !a.months_fit;
    }
  CHECK(late_seen > 1000);
  CHECK(beyond > 1000);
}
