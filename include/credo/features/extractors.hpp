// The built-in feature extractors. Windows are template parameters (months, counted back
// from the month of as_of: a window of N months covers as_of's month and the N − 1 before
// it). Every extractor writes NaN when the person has no file (no seen record), and where
// the feature is undefined for the records seen (e.g. utilization without a credit limit).
#pragma once

#include <credo/detail/kernels/history.hpp>
#include <credo/detail/kernels/select.hpp>
#include <credo/features/extractor.hpp>
#include <credo/features/records.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace credo::features {

/// Number of seen accounts, open or closed: "accounts_total".
struct account_count {
  struct state { std::uint32_t n = 0; };
  std::vector<std::string> names() const { return {"accounts_total"}; }
  void add(state& s, const account_view&, const person_context&) const { ++s.n; }
  void finish(const state& s, const person_context& c, std::span<double> out) const {
    out[0] = c.has_file() ? s.n : missing;
  }
};

/// Number of accounts open at as_of (no closing date on or before as_of): "accounts_open".
struct open_account_count {
  struct state { std::uint32_t n = 0; };
  std::vector<std::string> names() const { return {"accounts_open"}; }
  void add(state& s, const account_view& a, const person_context&) const { s.n += a.open(); }
  void finish(const state& s, const person_context& c, std::span<double> out) const {
    out[0] = c.has_file() ? s.n : missing;
  }
};

/// Number of seen accounts of each account_type: "accounts_revolving", "accounts_installment",
/// "accounts_mortgage", "accounts_open_ended" (type `open`), "accounts_other".
struct accounts_by_type {
  struct state { std::array<std::uint32_t, account_type_count> n{}; };
  std::vector<std::string> names() const {
    return {"accounts_revolving", "accounts_installment", "accounts_mortgage", "accounts_open_ended",
            "accounts_other"};
  }
  void add(state& s, const account_view& a, const person_context&) const {
    ++s.n[static_cast<std::size_t>(a.type)];
  }
  void finish(const state& s, const person_context& c, std::span<double> out) const {
    for (std::size_t i = 0; i < account_type_count; ++i) out[i] = c.has_file() ? s.n[i] : missing;
  }
};

/// Number of seen accounts from each source: "accounts_<source name>", one column per name
/// in `sources` (source index i is sources[i]).
struct accounts_by_source {
  std::vector<std::string> sources;
  struct state { std::array<std::uint32_t, max_sources> n{}; };
  std::vector<std::string> names() const {
    std::vector<std::string> v;
    for (const auto& s : sources) v.push_back("accounts_" + s);
    return v;
  }
  void add(state& s, const account_view& a, const person_context&) const {
    if (a.source < max_sources) ++s.n[a.source];
  }
  void finish(const state& s, const person_context& c, std::span<double> out) const {
    for (std::size_t i = 0; i < sources.size(); ++i) out[i] = c.has_file() ? s.n[i] : missing;
  }
};

/// Age in whole months (date::months_between(opened, as_of)) of the oldest and of the
/// newest seen account: "oldest_account_months", "newest_account_months".
struct account_age {
  struct state {
    date oldest = date::from_days(std::numeric_limits<std::int32_t>::max());
    date newest = date::from_days(std::numeric_limits<std::int32_t>::min());
  };
  std::vector<std::string> names() const { return {"oldest_account_months", "newest_account_months"}; }
  void add(state& s, const account_view& a, const person_context&) const {
    // on the day numbers: conditional moves, where the order of opening dates is anybody's guess
    s.oldest = date::from_days(std::min(s.oldest.days(), a.opened.days()));
    s.newest = date::from_days(std::max(s.newest.days(), a.opened.days()));
  }
  void finish(const state& s, const person_context& c, std::span<double> out) const {
    out[0] = c.accounts ? c.months_since(s.oldest) : missing;
    out[1] = c.accounts ? c.months_since(s.newest) : missing;
  }
};

/// Sum of reported balances of seen accounts (all types, and revolving only):
/// "balance_total", "balance_revolving". NaN when no account of the kind reports a balance.
struct balances {
  struct state {
    double total = 0, revolving = 0;
    bool any = false, any_revolving = false;
  };
  std::vector<std::string> names() const { return {"balance_total", "balance_revolving"}; }
  void add(state& s, const account_view& a, const person_context&) const {
    if (std::isnan(a.balance)) return;
    s.total += a.balance;
    s.any = true;
    // Without a branch on the type: adding +0.0 leaves the sum (it starts at +0.0, so it is
    // never −0.0, the one value + 0.0 would change).
    const bool revolving = a.type == account_type::revolving;
    s.revolving += credo::detail::kernels::kept_or_zero(a.balance, revolving);
    s.any_revolving = s.any_revolving | revolving;
  }
  void finish(const state& s, const person_context&, std::span<double> out) const {
    out[0] = s.any ? s.total : missing;
    out[1] = s.any_revolving ? s.revolving : missing;
  }
};

/// Revolving utilization Σ balance / Σ credit limit over open revolving accounts that report
/// both and a limit > 0 (aggregate, not mean of ratios, as bureau attributes compute it):
/// "utilization_revolving". NaN when the total limit is 0.
struct revolving_utilization {
  struct state { double balance = 0, limit = 0; };
  std::vector<std::string> names() const { return {"utilization_revolving"}; }
  void add(state& s, const account_view& a, const person_context&) const {
    // Without branches, as balances does: the sums start at +0.0 and adding +0.0 keeps them.
    const bool open = a.open(), revolving = a.type == account_type::revolving;
    const bool counts = revolving & open & !std::isnan(a.balance) & (a.credit_limit > 0);
    s.balance += credo::detail::kernels::kept_or_zero(a.balance, counts);
    s.limit += credo::detail::kernels::kept_or_zero(a.credit_limit, counts);
  }
  void finish(const state& s, const person_context&, std::span<double> out) const {
    out[0] = s.limit > 0 ? s.balance / s.limit : missing;
  }
};

/// Worst delinquency level (0 current .. 6 for 180+ days past due) in the last Months
/// months over all accounts: "worst_delinquency_<Months>m". NaN without a known month.
template <int Months = 24>
struct worst_delinquency {
  static_assert(Months > 0);
  struct state {
    int worst = -1;                  // the worst level of the accounts with a late month
    std::uint64_t known_months = 0;  // the known months of the accounts without one
  };
  std::vector<std::string> names() const { return {"worst_delinquency_" + std::to_string(Months) + "m"}; }
  void add(state& s, const account_view& a, const person_context& c) const {
    if (a.worst_level == 0 && a.masks_cover(Months)) {
      // No late month anywhere (the usual account): it adds level 0 when one of its months
      // in the window is known. Its known months are ORed in; finish() tests the window once.
      s.known_months |= a.known_months;
      return;
    }
    if (!a.masks_cover(Months)) {
      a.for_each_month(c, Months, [&](int, int level) { s.worst = std::max(s.worst, level); });
      return;
    }
    // An unknown month never raises the worst level; the late masks nest (level >= L + 1
    // implies level >= L), so the worst is the number of them with a month in the window.
    const std::uint64_t w = account_view::window_bits(Months);
    if (!(a.known_months & w)) return;
    int level = 0;  // a sum, not a loop that stops at the first empty mask: no branch per level
    for (std::size_t l = 0; l < 6; ++l) level += (a.late_months[l] & w) != 0;
    s.worst = std::max(s.worst, level);
  }
  void finish(const state& s, const person_context&, std::span<double> out) const {
    const int worst = std::max(s.worst, s.known_months & account_view::window_bits(Months) ? 0 : -1);
    out[0] = worst >= 0 ? worst : missing;
  }
};

/// Months since the most recent month with a delinquency of at least Level (0 = in as_of's
/// month): "months_since_delinquency_<Level>plus". A file with known months but no such
/// delinquency gets `never` (default 999, a bureau-style special value that sorts as
/// "long ago"); NaN without any known month.
template <int Level = 1>
struct months_since_delinquency {
  static_assert(Level >= 1 && Level <= 6);
  double never = 999;
  struct state {
    int since = -1;
    bool known = false;
  };
  std::vector<std::string> names() const {
    return {"months_since_delinquency_" + std::to_string(Level) + "plus"};
  }
  void add(state& s, const account_view& a, const person_context& c) const {
    if (a.worst_level < Level) {  // no such month anywhere in the history
      s.known = s.known | a.any_known;  // no short circuit: one or, no branch
      return;
    }
    if (a.masks_cover(0)) {
      s.known = s.known || a.known_months != 0;
      if (const std::uint64_t late = a.late_months[Level - 1]) {
        const int ago = std::countr_zero(late);  // the most recent such month
        if (s.since < 0 || ago < s.since) s.since = ago;
      }
      return;
    }
    a.for_each_month(c, 0, [&](int ago, int level) {
      if (level < 0) return;
      s.known = true;
      if (level >= Level && (s.since < 0 || ago < s.since)) s.since = ago;
    });
  }
  void finish(const state& s, const person_context&, std::span<double> out) const {
    out[0] = !s.known ? missing : s.since >= 0 ? s.since : never;
  }
};

/// Number of account-months with a delinquency of at least Level in the last Months months:
/// "delinquencies_<Level>plus_<Months>m". NaN without any seen account.
template <int Level = 1, int Months = 24>
struct delinquency_count {
  static_assert(Level >= 1 && Level <= 6 && Months > 0);
  struct state { std::uint32_t n = 0; };
  std::vector<std::string> names() const {
    return {"delinquencies_" + std::to_string(Level) + "plus_" + std::to_string(Months) + "m"};
  }
  void add(state& s, const account_view& a, const person_context& c) const {
    if (a.worst_level < Level) return;
    if (a.masks_cover(Months))
      s.n += static_cast<std::uint32_t>(
          credo::detail::kernels::bit_count(a.late_months[Level - 1] & account_view::window_bits(Months)));
    else
      a.for_each_month(c, Months, [&](int, int level) { s.n += level >= Level; });
  }
  void finish(const state& s, const person_context& c, std::span<double> out) const {
    out[0] = c.accounts ? s.n : missing;
  }
};

/// Number of seen inquiries dated after as_of − Months months (and on or before as_of):
/// "inquiries_<Months>m". NaN when the person has no file.
template <int Months = 6>
struct inquiry_count {
  static_assert(Months > 0);
  struct state {
    std::uint32_t n = 0;
    date from;  // as_of − Months months, computed at the first inquiry
    bool started = false;
  };
  std::vector<std::string> names() const { return {"inquiries_" + std::to_string(Months) + "m"}; }
  void add(state& s, const inquiry_view& q, const person_context& c) const {
    if (!s.started) {
      s.from = c.months_before(Months);
      s.started = true;
    }
    s.n += q.when > s.from;
  }
  void finish(const state& s, const person_context& c, std::span<double> out) const {
    out[0] = c.has_file() ? s.n : missing;
  }
};

/// Share of known account-months paid on time (status '0' or 'E') among known months
/// ('0'..'6', 'E') in the last Months months: "on_time_share_<Months>m". NaN without a
/// known month.
template <int Months = 24>
struct on_time_share {
  static_assert(Months > 0);
  struct state { std::uint32_t on_time = 0, known = 0; };
  std::vector<std::string> names() const { return {"on_time_share_" + std::to_string(Months) + "m"}; }
  void add(state& s, const account_view& a, const person_context& c) const {
    if (a.clean()) {  // every month known and on time: no need to look at them
      const auto m = static_cast<std::uint32_t>(a.months_within(Months));
      s.known += m;
      s.on_time += m;
      return;
    }
    if (a.masks_cover(Months)) {
      // on time = known − late (late months are known months); without an unknown month
      // every month in the window is known, and their number needs no count of bits.
      const std::uint64_t w = account_view::window_bits(Months);
      using credo::detail::kernels::bit_count;
      const auto known = static_cast<std::uint32_t>(a.has_unknown ? bit_count(a.known_months & w) : a.months_within(Months));
      s.known += known;
      s.on_time += known - static_cast<std::uint32_t>(bit_count(a.late_months[0] & w));
      return;
    }
    a.for_each_month(c, Months, [&](int, int level) {
      s.known += level >= 0;
      s.on_time += level == 0;
    });
  }
  void finish(const state& s, const person_context&, std::span<double> out) const {
    out[0] = s.known ? static_cast<double>(s.on_time) / s.known : missing;
  }
};

}  // namespace credo::features
