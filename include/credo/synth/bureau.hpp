// A seeded synthetic credit bureau: a population with latent risk, several sources with
// market shares, thin-file and no-file segments, a protected attribute correlated with
// behaviour, and outcomes driven by the latent risk.
//
// The model (all draws from one seeded stream per person, so a person's records do not
// depend on the population size or on the other persons):
//   risk z ~ N(0, 1); group "B" with probability protected_share, else "A";
//   region: one of 4 labels, uniform.
//   file: none with probability no_file_share (×protected_file_factor for group B), thin
//         (1–2 young accounts) with thin_file_share (same factor), thick otherwise with
//         1 + Poisson(mean_accounts − 1) accounts.
//   source of an account: by market share; for group B the shares of sources marked
//         `alternative` are multiplied by protected_alternative_factor (renormalised).
//   account type: the source's type, else revolving/installment by a coin.
//   opened: thick files up to 15 years back, thin files within the last 9 months;
//   closed: 25 % of accounts, reported last at closing; open accounts report in as_of's
//         month, except `stale_share` that stopped reporting 7–24 months ago.
//   payment history: up to 24 months, '0' by default ('E' for revolving with a zero
//         balance); delinquency episodes ~ Poisson(0.15·exp(z)·months/24), each a run of
//         rising levels '1','2',... of 1–4 months.
//   utilization ~ logistic(z/2 − 1 + noise); inquiries ~ Poisson(0.6·exp(0.4 z)) in the last
//         24 months.
//   bad ~ Bernoulli(logistic(bad_intercept + bad_slope·z)).
#pragma once

#include <credo/core/table.hpp>
#include <credo/features/date.hpp>
#include <credo/features/record_set.hpp>
#include <credo/features/records.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace credo::synth {

using features::account_type;
using features::date;

/// A lender or data holder that reports to the bureau.
struct source_spec {
  std::string name;
  double share = 0;  // market share of accounts (relative weight; normalised)
  account_type type = account_type::other;  // `other`: revolving or installment by a coin
  bool large = false;        // one of the large holders that may withhold records
  bool alternative = false;  // telecom, utility, fintech: used more by group B
};

inline std::vector<source_spec> default_sources() {
  return {{"bank_a", 0.30, account_type::other, true, false},
          {"bank_b", 0.25, account_type::other, true, false},
          {"card_c", 0.07, account_type::revolving, false, false},
          {"card_d", 0.06, account_type::revolving, false, false},
          {"auto_e", 0.05, account_type::installment, false, false},
          {"mortgage_f", 0.05, account_type::mortgage, false, false},
          {"telco_g", 0.05, account_type::open, false, true},
          {"utility_h", 0.04, account_type::open, false, true},
          {"fintech_i", 0.04, account_type::installment, false, true},
          {"union_j", 0.03, account_type::other, false, false},
          {"retail_k", 0.03, account_type::revolving, false, false},
          {"bnpl_l", 0.03, account_type::installment, false, true}};
}

struct bureau_options {
  std::size_t persons = 10000;
  std::uint64_t seed = 1;
  date as_of = date::from_ymd(2024, 6, 30);
  std::vector<source_spec> sources = default_sources();
  double no_file_share = 0.10;
  double thin_file_share = 0.15;
  double mean_accounts = 4;  // thick files: 1 + Poisson(mean_accounts − 1) accounts
  double stale_share = 0.10;
  double protected_share = 0.30;
  double protected_file_factor = 1.8;         // group B: no/thin file more often
  double protected_alternative_factor = 2.5;  // group B: alternative sources more often
  double bad_intercept = -2.6;
  double bad_slope = 1.1;
};

namespace detail {
/// splitmix64 (Steele, Lea & Flood 2014): a fast, well-mixed 64-bit generator.
class rng {
public:
  explicit rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() noexcept {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  int below(int n) noexcept { return static_cast<int>(uniform() * n); }
  bool coin(double p) noexcept { return uniform() < p; }
  double normal() noexcept {  // Box–Muller
    const double u = 1.0 - uniform(), v = uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
  }
  int poisson(double mean) noexcept {  // Knuth's product of uniforms; means here are small
    const double l = std::exp(-mean);
    int k = 0;
    double p = uniform();
    while (p > l) {
      ++k;
      p *= uniform();
    }
    return k;
  }

private:
  std::uint64_t s_;
};
inline double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }
}  // namespace detail

/// A generated bureau. Persons have segments "group" (A/B, the protected attribute) and "region", latent risk
/// in `risk` of the returned bureau, and a known outcome `bad`.
struct bureau {
  features::record_set records;
  std::vector<double> risk;  // latent risk per person (for checks, not a feature)
};

/// The persons first .. first + count − 1 of the bureau that generate(o) makes for
/// o.persons >= first + count (o.persons itself is not read): person i's records, id "P<i>",
/// depend only on (o.seed, i), so a bureau made block by block, in any block sizes, holds
/// the same records as the whole one. Person and record indices are local to the block
/// (person first is index 0).
inline bureau generate_block(const bureau_options& o, std::size_t first, std::size_t count) {
  using detail::rng;
  const std::size_t n = count;
  const std::size_t k = o.sources.size();
  bureau b;
  auto& r = b.records;
  r.persons.id.resize(n);
  r.persons.as_of.assign(n, o.as_of);
  r.persons.bad.resize(n);
  b.risk.resize(n);
  std::vector<std::int32_t> group(n), region(n);
  for (const auto& s : o.sources) r.sources.push_back(s.name);

  // cumulative source shares for groups A and B
  std::vector<double> cum_a(k), cum_b(k);
  double ta = 0, tb = 0;
  for (std::size_t s = 0; s < k; ++s) {
    ta += o.sources[s].share;
    tb += o.sources[s].share * (o.sources[s].alternative ? o.protected_alternative_factor : 1.0);
    cum_a[s] = ta;
    cum_b[s] = tb;
  }
  for (std::size_t s = 0; s < k; ++s) {
    cum_a[s] /= ta;
    cum_b[s] /= tb;
  }

  const std::int32_t as_of_month = o.as_of.month_index();
  auto month_date = [&](int months_back, int day) {
    const std::int32_t idx = as_of_month - months_back;
    const int y = idx / 12, m = idx % 12 + 1;
    return date::from_ymd(y, m, std::min(day, date::days_in_month(y, m)));
  };
  const int as_of_day = o.as_of.civil().day;

  std::string history;
  history.reserve(n * 12 * 20);
  std::vector<std::size_t> offsets;
  offsets.reserve(n * 12);
  r.tradelines.reserve(n * 10);
  r.inquiries.reserve(n);

  char idbuf[21];
  for (std::size_t p = 0; p < n; ++p) {
    const std::size_t global = first + p;
    rng g(o.seed * 0x9E3779B97F4A7C15ull + global * 0xD1B54A32D192ED03ull + 1);
    g.next();
    const double z = g.normal();
    b.risk[p] = z;
    const bool prot = g.coin(o.protected_share);
    group[p] = prot ? 1 : 0;
    region[p] = g.below(4);
    {
      std::size_t v = global, i = 20;
      idbuf[i] = 0;
      do {
        idbuf[--i] = static_cast<char>('0' + v % 10);
        v /= 10;
      } while (v && i > 1);
      idbuf[--i] = 'P';
      r.persons.id[p].assign(idbuf + i);
    }
    r.persons.bad[p] = g.coin(detail::logistic(o.bad_intercept + o.bad_slope * z)) ? 1 : 0;

    const double f = prot ? o.protected_file_factor : 1.0;
    const double u = g.uniform();
    int accounts;
    bool thin = false;
    if (u < o.no_file_share * f) {
      accounts = 0;
    } else if (u < (o.no_file_share + o.thin_file_share) * f) {
      thin = true;
      accounts = 1 + g.below(2);
    } else {
      accounts = 1 + g.poisson(std::max(0.0, o.mean_accounts - 1));
    }
    const auto& cum = prot ? cum_b : cum_a;
    const double delinquency_rate = 0.15 * std::exp(z);
    for (int a = 0; a < accounts; ++a) {
      features::tradeline_record t;
      t.person = static_cast<std::uint32_t>(p);
      const double us = g.uniform();
      std::size_t s = 0;
      while (s + 1 < k && us >= cum[s]) ++s;
      t.source = static_cast<std::uint16_t>(s);
      t.type = o.sources[s].type;
      if (t.type == account_type::other) t.type = g.coin(0.6) ? account_type::revolving : account_type::installment;
      const int age = thin ? g.below(9) : 1 + static_cast<int>(g.uniform() * g.uniform() * 180);
      t.opened = month_date(age, 1 + g.below(28));
      int reported_back = 0;  // months before as_of of the last report
      if (g.coin(0.25) && age > 1) {
        reported_back = g.below(age);
        t.closed = month_date(reported_back, 1 + g.below(28));
        if (*t.closed < t.opened) t.closed = t.opened;
        t.last_reported = *t.closed;
      } else {
        if (!thin && g.coin(o.stale_share)) reported_back = std::min(age, 7 + g.below(18));
        t.last_reported = reported_back == 0 ? o.as_of : month_date(reported_back, as_of_day);
        if (t.last_reported < t.opened) t.last_reported = t.opened;
      }
      // limit and balance
      const double util = detail::logistic(z * 0.5 - 1.0 + 0.8 * g.normal());
      switch (t.type) {
        case account_type::revolving:
          t.credit_limit = std::round(500 + 9500 * g.uniform() * g.uniform());
          t.balance = g.coin(0.15) ? 0 : std::round(t.credit_limit * util);
          break;
        case account_type::installment:
          t.credit_limit = std::round(2000 + 28000 * g.uniform());
          t.balance = std::round(t.credit_limit * std::max(0.0, 1.0 - age / 60.0));
          break;
        case account_type::mortgage:
          t.credit_limit = std::round(100000 + 300000 * g.uniform());
          t.balance = std::round(t.credit_limit * std::max(0.0, 1.0 - age / 360.0));
          break;
        default:
          t.credit_limit = std::numeric_limits<double>::quiet_NaN();
          t.balance = std::round(50 + 100 * g.uniform());
          break;
      }
      if (t.closed) t.balance = 0;
      // payment history: the months from opening to the last report, at most 24
      const int len = std::min(24, age - reported_back + 1);
      const std::size_t at = history.size();
      offsets.push_back(at);
      const char current = (t.type == account_type::revolving && t.balance == 0) ? 'E' : '0';
      history.append(static_cast<std::size_t>(std::max(len, 0)), current);
      if (len > 0) {
        const int episodes = g.poisson(delinquency_rate * len / 24.0);
        for (int e = 0; e < episodes; ++e) {
          const int start = g.below(len);  // oldest month of the episode (index into history)
          const int duration = 1 + g.below(4);
          for (int d = 0; d < duration && start - d >= 0; ++d) {
            char& c = history[at + static_cast<std::size_t>(start - d)];
            const char level = static_cast<char>('1' + std::min(d, 5));
            if (c == '0' || c == 'E' || c < level) c = level;
          }
        }
      }
      r.tradelines.push_back(t);
    }
    const int inquiries = accounts == 0 && g.coin(0.7) ? 0 : g.poisson(0.6 * std::exp(0.4 * z));
    for (int q = 0; q < inquiries; ++q) {
      const double us = g.uniform();
      std::size_t s = 0;
      while (s + 1 < k && us >= cum[s]) ++s;
      features::inquiry_record iq;
      iq.person = static_cast<std::uint32_t>(p);
      iq.source = static_cast<std::uint16_t>(s);
      iq.when = date::from_days(o.as_of.days() - g.below(730));
      r.inquiries.push_back(iq);
    }
  }
  offsets.push_back(history.size());
  r.set_histories(std::move(history), offsets);
  r.persons.segments.push_back(column::categorical("group", std::move(group), {"A", "B"}));
  r.persons.segments.push_back(
      column::categorical("region", std::move(region), {"north", "south", "east", "west"}));
  return b;
}

/// Generates the records of `options.persons` persons, all scored at options.as_of
/// (generate_block of them all).
inline bureau generate(const bureau_options& o = {}) { return generate_block(o, 0, o.persons); }

}  // namespace credo::synth
