#include <credo/coverage.hpp>
#include <credo/features.hpp>
#include <credo/synth.hpp>

#include <doctest/doctest.h>

#include <cmath>

#include "hand_population.hpp"

namespace cc = credo::coverage;
namespace cf = credo::features;

TEST_CASE("default rule: recent and seasoned may be two accounts; boundaries are inclusive") {
  credo::test::hand_population h;
  const auto p = h.person("P", "A");
  h.finish();
  const auto d = credo::test::hand_population::d;
  auto status = [&](std::vector<std::pair<const char*, const char*>> accounts) {
    h.accounts.clear();
    for (auto [opened, reported] : accounts) {
      cf::tradeline_record t;
      t.person = p;
      t.opened = d(opened);
      t.last_reported = d(reported);
      h.accounts.push_back(t);
    }
    return cc::status_of(h.view(), p, cc::recent_and_seasoned{});
  };
  // as_of 2024-06-30: recent from 2023-12-30, seasoned until 2023-12-30
  CHECK(status({{"2023-12-30", "2023-12-30"}}) == cc::file_status::scoreable);
  CHECK(status({{"2023-12-31", "2024-06-30"}}) == cc::file_status::unscoreable);  // too young
  CHECK(status({{"2015-01-01", "2023-12-29"}}) == cc::file_status::unscoreable);  // stale
  CHECK(status({{"2015-01-01", "2023-12-29"}, {"2024-01-01", "2024-06-01"}}) == cc::file_status::scoreable);
  CHECK(status({}) == cc::file_status::invisible);
  CHECK(status({{"2024-07-01", "2024-07-01"}}) == cc::file_status::invisible);  // future record is unseen

  cc::min_accounts thin{2};
  h.accounts.clear();
  h.account(p, 0, false, false);
  CHECK(cc::status_of(h.view(), p, thin) == cc::file_status::unscoreable);
  h.account(p, 1, false, false);
  CHECK(cc::status_of(h.view(), p, thin) == cc::file_status::scoreable);
  CHECK(cc::status_of(h.view(), p, thin, 0b10) == cc::file_status::unscoreable);
}

TEST_CASE("coverage report: overall and by group; counts merge") {
  const auto h = credo::test::two_sources();
  const auto pop = h.view();
  cc::report_options opt;
  opt.segments = {"group"};
  const auto r = cc::report(pop, cc::recent_and_seasoned{}, opt);
  CHECK(r.overall == cc::coverage_counts{1, 1, 3});
  CHECK(r.overall.share_scoreable() == doctest::Approx(0.6));
  CHECK(r.overall.with_file() == 4);
  const auto& g = r.segment("group");
  CHECK(g["A"] == cc::coverage_counts{0, 0, 2});  // P0, P2
  CHECK(g["B"] == cc::coverage_counts{1, 1, 1});  // P3 invisible, P4 inquiry only, P1
  opt.sources = 0b01;
  const auto r0 = cc::report(pop, cc::recent_and_seasoned{}, opt);
  CHECK(r0.segment("group")["A"] == cc::coverage_counts{0, 1, 1});
  CHECK(r0.segment("group")["B"] == cc::coverage_counts{2, 0, 1});

  auto sum = r;
  sum += r0;
  CHECK(sum.overall.total() == 10);
  CHECK(sum.segment("group")["B"] == cc::coverage_counts{3, 1, 2});
  cc::coverage_counts c;
  c(cc::file_status::scoreable, 2.5);
  c(cc::file_status::invisible);
  CHECK(c.total() == 3.5);
  CHECK(std::isnan(cc::coverage_counts{}.share_invisible()));

  CHECK_THROWS_WITH_AS(g["C"], "[credo.coverage.unknown_label] segment 'group' has no label 'C'",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(r.segment("region"), "[credo.coverage.unknown_segment] the report has no segment 'region'",
                       credo::invalid_input);
  opt.segments = {"region"};
  CHECK_THROWS_WITH_AS(cc::report(pop, cc::recent_and_seasoned{}, opt),
                       "[credo.records.unknown_segment] no segment column 'region' (segments: group)",
                       credo::invalid_input);
}

TEST_CASE("report agrees with source_analysis on a synthetic bureau, with and without the large sources") {
  credo::synth::bureau_options o;
  o.persons = 4000;
  const auto b = credo::synth::generate(o);
  const auto pop = b.records.view();
  const cc::source_analysis a(pop);
  const auto without = b.records.without({"bank_a", "bank_b"});
  for (auto m : {cf::all_sources, without}) {
    cc::report_options opt;
    opt.sources = m;
    opt.segments = {"group", "region"};
    const auto r = cc::report(pop, cc::recent_and_seasoned{}, opt);
    CHECK(r.overall == a.coverage(m & a.all()));
    CHECK(r.overall.total() == 4000);
    cc::coverage_counts by_group;
    for (const auto& c : r.segment("group").counts) by_group += c;
    CHECK(by_group == r.overall);
  }
  // withholding the two large sources costs coverage; group B (thinner files) is covered less
  const auto all = a.coverage(a.all()), less = a.coverage(without & a.all());
  CHECK(less.scoreable < all.scoreable);
  cc::report_options g;
  g.segments = {"group"};
  const auto r = cc::report(pop, cc::recent_and_seasoned{}, g);
  CHECK(r.segment("group")["B"].share_scoreable() < r.segment("group")["A"].share_scoreable());
}

TEST_CASE("fill rates of feature columns") {
  credo::table t;
  const double nan = std::nan("");
  t.add(credo::column::numeric("x", {1, nan, 3, nan}));
  t.add(credo::column::numeric("y", {1, 2, 3, 4}));
  const cc::fill_rates f(t);
  CHECK(f.rate("x") == 0.5);
  CHECK(f.rate(1) == 1.0);
  cc::fill_rates g({"x", "y"});
  const double r1[] = {nan, 1}, r2[] = {2, nan};
  g(r1);
  g(r2, 3);
  CHECK(g.rate("x") == 0.75);
  CHECK(g.rate("y") == 0.25);
  auto h = f;
  h += g;
  CHECK(h.rows() == 8);
  CHECK(h.filled(0) == 5);
  CHECK_THROWS_WITH_AS(g(std::vector<double>{1.0}),
                       "[credo.coverage.row_size] the row has 1 values, the fill rates 2 columns",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(h += cc::fill_rates({"z"}),
                       "[credo.coverage.merge_mismatch] cannot merge fill rates over different columns",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(f.rate("z"), "[credo.coverage.unknown_column] no column 'z' in the fill rates",
                       credo::invalid_input);

  // on extracted features: no-file persons leave every column empty
  credo::synth::bureau_options o;
  o.persons = 2000;
  const auto b = credo::synth::generate(o);
  const auto features = cf::standard_features().extract(b.records.view());
  const cc::fill_rates fr(features);
  const auto cov = cc::report(b.records.view());
  CHECK(fr.rate("accounts_total") == doctest::Approx(cov.overall.with_file() / 2000));
  CHECK(fr.rate("utilization_revolving") < fr.rate("accounts_total"));
}
