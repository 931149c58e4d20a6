// The extractor of docs/howto/write_a_feature_extractor.md, compiled and checked here.
#include <credo/features.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <span>
#include <string>
#include <vector>

// doc: extractor
// Credit seeking in the last `Months` months: accounts opened, inquiries made, and inquiries
// per account opened (a person who shops hard but gets few accounts is a worse risk).
template <int Months = 12>
struct credit_seeking {
  static_assert(Months > 0);
  struct state {
    int opened = 0, inquiries = 0;
  };
  std::vector<std::string> names() const {
    const auto m = std::to_string(Months) + "m";
    return {"accounts_opened_" + m, "inquiries_" + m, "inquiries_per_opened_" + m};
  }
  void add(state& s, const credo::features::account_view& a, const credo::features::person_context& c) const {
    s.opened += a.opened > c.as_of.add_months(-Months);  // opened in (as_of − Months, as_of]
  }
  void add(state& s, const credo::features::inquiry_view& q, const credo::features::person_context& c) const {
    s.inquiries += q.when > c.as_of.add_months(-Months);
  }
  void finish(const state& s, const credo::features::person_context& c, std::span<double> out) const {
    if (!c.has_file()) {  // no record at all: missing, never 0
      out[0] = out[1] = out[2] = credo::features::missing;
      return;
    }
    out[0] = s.opened;
    out[1] = s.inquiries;
    out[2] = s.opened > 0 ? static_cast<double>(s.inquiries) / s.opened : credo::features::missing;
  }
};
static_assert(credo::features::extractor<credit_seeking<>>);
// doc: end

TEST_CASE("write_a_feature_extractor: credit_seeking by hand") {
  using credo::features::date;
  using credo::features::tradeline_record;
  using credo::features::inquiry_record;
  // doc: use
  const credo::features::feature_set<credo::features::account_count, credit_seeking<12>> fs;
  // fs.names(): accounts_total, accounts_opened_12m, inquiries_12m, inquiries_per_opened_12m
  const date as_of = date::from_ymd(2024, 6, 30);
  auto account = [](date opened, date reported) {
    tradeline_record t;
    t.opened = opened;
    t.last_reported = reported;
    return t;
  };
  const std::vector<tradeline_record> accounts = {
      account(date::from_ymd(2015, 3, 1), date::from_ymd(2024, 6, 1)),
      account(date::from_ymd(2024, 1, 15), date::from_ymd(2024, 6, 1)),
      account(date::from_ymd(2024, 8, 1), date::from_ymd(2024, 8, 1)),  // opened after as_of: unseen
  };
  const std::vector<inquiry_record> inquiries = {
      {.when = date::from_ymd(2023, 5, 1)},  // more than 12 months ago
      {.when = date::from_ymd(2023, 12, 20)},
      {.when = date::from_ymd(2024, 1, 10)},
      {.when = date::from_ymd(2024, 2, 2)},
  };
  std::vector<double> row(fs.width());
  fs.extract(as_of, accounts, inquiries, row);  // row = {2, 1, 3, 3}
  // doc: end
  CHECK(fs.names() == std::vector<std::string>{"accounts_total", "accounts_opened_12m", "inquiries_12m",
                                               "inquiries_per_opened_12m"});
  CHECK(row == std::vector<double>{2, 1, 3, 3});

  // Only an old account: nothing opened, so the ratio is missing; no record at all: all missing.
  fs.extract(as_of, std::span(accounts).first(1), std::span<const inquiry_record>(), row);
  CHECK(row[1] == 0);
  CHECK(row[2] == 0);
  CHECK(std::isnan(row[3]));
  fs.extract(as_of, std::span<const tradeline_record>(), std::span<const inquiry_record>(), row);
  CHECK(std::isnan(row[0]));
  CHECK(std::isnan(row[1]));
}
