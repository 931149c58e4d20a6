// A hand-built file of one person scored at 2024-06-30, shared by the features tests.
// Expected values are derived by hand in test_extractors.cpp.
#pragma once

#include <credo/features/records.hpp>

#include <vector>

namespace credo::test {

inline features::date d(const char* s) { return *features::date::parse(s); }

struct hand_file {
  features::date as_of = d("2024-06-30");
  std::vector<features::tradeline_record> accounts;
  std::vector<features::inquiry_record> inquiries;

  hand_file() {
    using features::account_type;
    auto add = [&](std::uint16_t src, account_type t, const char* opened, const char* closed,
                   const char* reported, double limit, double balance, std::string_view h) {
      features::tradeline_record r;
      r.person = 0;
      r.source = src;
      r.type = t;
      r.opened = d(opened);
      if (closed) r.closed = d(closed);
      r.last_reported = d(reported);
      r.credit_limit = limit;
      r.balance = balance;
      r.payment_history = h;
      accounts.push_back(r);
    };
    // A: history June 2024 back to Sep 2023; '1','2','1' in Apr, Mar, Feb 2024
    add(0, account_type::revolving, "2020-01-15", nullptr, "2024-06-30", 1000, 250, "0012100000");
    // B: first status is May 2024; '3' in Feb 2024 (4 months before June)
    add(1, account_type::revolving, "2023-03-10", nullptr, "2024-05-31", 3000, 750, "0003");
    // C: closed Jan 2022, 29 months before June 2024; '6' in Jun 2021 (36 months before)
    add(1, account_type::installment, "2018-07-01", "2022-01-31", "2022-01-31", 5000, 0, "E0000006");
    // D: opened after as_of: unseen
    add(0, account_type::revolving, "2024-07-01", nullptr, "2024-07-31", 9999, 9999, "6");
    // E: reported after as_of: unseen
    add(0, account_type::mortgage, "2010-01-01", nullptr, "2024-08-31", 9999, 9999, "666");
    // F: closing after as_of is unseen, so the account is open at as_of
    add(1, account_type::installment, "2021-01-01", "2024-09-01", "2024-06-15", 10000, 4000, "0B1");
    auto inq = [&](std::uint16_t src, const char* when) {
      inquiries.push_back({0, src, d(when)});
    };
    inq(0, "2024-06-01");
    inq(1, "2023-12-31");  // within 6 months: after 2023-12-30
    inq(1, "2023-12-30");  // exactly 6 months before: outside
    inq(0, "2024-07-01");  // after as_of: unseen
  }
};

}  // namespace credo::test
