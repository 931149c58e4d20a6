// The monitors: PSI, approvals by group, coverage; against direct computations with
// credo::metrics and hand counts, and merged across threads.
#include "service_fixture.hpp"

#include <credo/engine/engine.hpp>
#include <credo/metrics/stability.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <thread>
#include <vector>

using namespace credo;
using credo::features::date;
using credo::test::hand_card;
using credo::test::hand_features;
using credo::test::hand_records;

namespace {
using card_t = model::scorecard<double>;
using monitored_engine = engine::engine<hand_features, card_t, decide::cutoff, monitor::psi,
                                        monitor::approvals_by<>, monitor::coverage>;

void check_same(const monitored_engine::snapshot_type& a, const monitored_engine::snapshot_type& b) {
  const auto &pa = a.get<0>(), &pb = b.get<0>();
  CHECK(pa.scored == pb.scored);
  CHECK(pa.value == pb.value);
  CHECK(pa.actual_share == pb.actual_share);
  const auto &ga = a.get<1>(), &gb = b.get<1>();
  REQUIRE(ga.groups.size() == gb.groups.size());
  for (std::size_t g = 0; g < ga.groups.size(); ++g) {
    CHECK(ga.groups[g].decisions == gb.groups[g].decisions);
    CHECK(ga.groups[g].approved == gb.groups[g].approved);
    CHECK(ga.groups[g].approval_rate == gb.groups[g].approval_rate);
    CHECK(ga.groups[g].outcomes == gb.groups[g].outcomes);
    CHECK(ga.groups[g].bad_rate == gb.groups[g].bad_rate);
    CHECK(ga.groups[g].bad_rate_approved == gb.groups[g].bad_rate_approved);
    CHECK(ga.groups[g].adverse_impact_ratio == gb.groups[g].adverse_impact_ratio);
  }
  CHECK(ga.reference == gb.reference);
  CHECK(ga.adverse_impact_ratio_across == gb.adverse_impact_ratio_across);
  const auto &ca = a.get<2>(), &cb = b.get<2>();
  CHECK(ca.files == cb.files);
  CHECK(ca.invalid == cb.invalid);
  CHECK(ca.approved == cb.approved);
  CHECK(ca.declined == cb.declined);
  CHECK(ca.referred == cb.referred);
}
}  // namespace

TEST_CASE("hand counts: five applicants in two groups") {
  const monitored_engine eng(hand_features{}, hand_card(), decide::cutoff(480));
  auto s = eng.make_session();
  hand_records h;
  eng.decide(h.applicant(0, 0), s);  // A, scored 490, approved, good
  eng.decide(h.applicant(0, 1), s);  // A, approved, bad
  eng.decide(h.applicant(1, -1), s); // B, approved, outcome unknown
  const engine::applicant<> nofile{date::from_ymd(2024, 6, 30), {}, {}, 0, 1, 0};
  eng.decide(nofile, s);             // B, not scoreable (refer), good
  auto bad = h;
  bad.accounts[0].payment_history = "0?";
  eng.decide(bad.applicant(1, 0), s);  // invalid input: counted by coverage only

  const auto snap = eng.snapshot(s);
  const auto& p = snap.get<monitor::psi_report>();
  CHECK(p.scored == 3);
  // E = (30, 50, 20)/100, A = (0, 3, 0)/3 → zero shares become ε = 1e-4
  const double e = 1e-4;
  const double expect = (e - 0.3) * std::log(e / 0.3) + (1 - 0.5) * std::log(1 / 0.5) + (e - 0.2) * std::log(e / 0.2);
  CHECK(p.value == doctest::Approx(expect).epsilon(1e-12));
  CHECK(p.smoothed_bands == std::vector<std::size_t>{0, 2});

  const auto& g = snap.get<monitor::approvals_report>();
  REQUIRE(g.groups.size() == 2);
  CHECK(g.groups[0].name == "A");
  CHECK(g.groups[0].decisions == 2);
  CHECK(g.groups[0].approval_rate == 1.0);
  CHECK(g.groups[0].outcomes == 2);
  CHECK(g.groups[0].bad_rate == 0.5);
  CHECK(g.groups[0].bad_rate_approved == 0.5);
  CHECK(g.groups[1].decisions == 2);
  CHECK(g.groups[1].approval_rate == 0.5);
  CHECK(g.groups[1].outcomes == 1);
  CHECK(g.groups[1].bad_rate == 0.0);
  CHECK(std::isnan(g.groups[1].bad_rate_approved));  // the only approved B has no outcome
  CHECK(g.reference == 0);                            // a tie on decisions: the first group
  CHECK(g.groups[1].adverse_impact_ratio == 0.5);
  CHECK(g.groups[1].below_four_fifths);
  CHECK_FALSE(g.groups[0].below_four_fifths);
  CHECK(g.adverse_impact_ratio_across == 0.5);

  const auto& c = snap.get<monitor::coverage_report>();
  CHECK(c.decisions() == 5);
  CHECK(c.files.scoreable == 3);
  CHECK(c.files.invisible == 1);
  CHECK(c.invalid == 1);
  CHECK(c.scoreable_share() == 0.75);
  CHECK(c.approved == 3);
  CHECK(c.referred == 2);
  CHECK(c.declined == 0);

  std::ostringstream os;
  os << snap;
  CHECK(os.str().find("PSI against the training scores") != std::string::npos);
  CHECK(os.str().find("scoreable share 0.7500") != std::string::npos);
}

TEST_CASE("PSI monitor equals credo::metrics::psi on the scores decided") {
  const test::synthetic_applicants pop(2000, 3);
  const monitored_engine eng(hand_features{}, hand_card(), decide::cutoff(500));
  auto s = eng.make_session();
  std::vector<double> scores;
  for (const auto& a : pop.applicants) {
    const auto d = eng.decide(a, s);
    if (d.scored()) scores.push_back(d.score);
  }
  metrics::band_counts<double> actual({480, 520});
  actual.fill(scores);
  const std::vector<double> expected{30, 50, 20};
  const auto want = metrics::psi(std::span<const double>(expected), std::span<const double>(actual.weights()),
                                 metrics::empty_band::add_epsilon{});
  const auto got = eng.snapshot(s).get<0>();
  CHECK(got.scored == scores.size());
  CHECK(got.value == want.value);
  CHECK(got.actual_share == want.actual_share);
}

TEST_CASE("reference_distribution: decile bands of training scores") {
  std::vector<double> scores;
  for (int i = 0; i < 100; ++i) scores.push_back(i);
  const auto d = monitor::reference_distribution(scores, 4);
  CHECK(d.edges == std::vector<double>{-std::numeric_limits<double>::infinity(), 25, 50, 75,
                                       std::numeric_limits<double>::infinity()});
  CHECK(d.counts == std::vector<double>{25, 25, 25, 25});
  monitor::psi m(d);
  m.prepare({});
  auto st = m.make_state();
  for (double x : scores) m.add(st, engine::applicant<>{}, [&] {
      engine::decision dd;
      dd.status = engine::decision_status::scored;
      dd.score = x;
      return dd;
    }());
  CHECK(m.report(st).value == 0.0);  // the same scores: no shift
}

TEST_CASE("4 threads then merge = one thread") {
  const test::synthetic_applicants pop(4000, 5);
  const monitored_engine eng(hand_features{}, hand_card(), decide::cutoff(500));
  auto one = eng.make_session();
  std::vector<engine::decision> serial;
  for (const auto& a : pop.applicants) serial.push_back(eng.decide(a, one));

  std::vector<monitored_engine::session> parts;
  for (int t = 0; t < 4; ++t) parts.push_back(eng.make_session());
  std::vector<engine::decision> parallel(pop.applicants.size());
  std::vector<std::thread> pool;
  const std::size_t n = pop.applicants.size();
  for (std::size_t t = 0; t < 4; ++t)
    pool.emplace_back([&, t] {
      for (std::size_t i = n * t / 4; i < n * (t + 1) / 4; ++i) parallel[i] = eng.decide(pop.applicants[i], parts[t]);
    });
  for (auto& th : pool) th.join();
  auto merged = eng.make_session();
  for (const auto& p : parts) merged += p;

  for (std::size_t i = 0; i < n; ++i) {
    CHECK(parallel[i].status == serial[i].status);
    CHECK((parallel[i].score == serial[i].score || (std::isnan(parallel[i].score) && std::isnan(serial[i].score))));
  }
  check_same(eng.snapshot(merged), eng.snapshot(one));
  const auto c = eng.snapshot(merged).get<2>();
  CHECK(c.decisions() == n);
  CHECK(c.files.scoreable > 0);
  CHECK(c.files.unscoreable > 0);
  CHECK(c.files.invisible > 0);
  // counts per group add up
  const auto g = eng.snapshot(merged).get<1>();
  CHECK(g.groups[0].decisions + g.groups[1].decisions == n);
}

TEST_CASE("merging states of different configurations fails") {
  const monitored_engine a(hand_features{}, hand_card(), decide::cutoff(500));
  const monitored_engine b(hand_features{}, hand_card(), decide::cutoff(500),
                           monitor::psi(model::score_distribution{{-1e9, 500, 1e9}, {1, 1}}),
                           monitor::approvals_by<>{}, monitor::coverage{});
  auto sa = a.make_session();
  const auto sb = b.make_session();
  CHECK_THROWS_WITH_AS(sa += sb, "[credo.metrics.band_mismatch] band_counts: cannot merge counts over different cut-offs",
                       invalid_input);
}
