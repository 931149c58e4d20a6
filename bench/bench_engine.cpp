// The composed engine: decisions per second per core for applicants with about 10 tradelines
// each and a 30-characteristic scorecard, with three monitors (PSI, approvals by group,
// coverage) and without, plus the two halves of a decision (feature extraction, scoring).
// The card is fitted once on 20,000 synthetic training persons (optimal binning + logistic
// regression on WoE); the applicants are 20,000 other synthetic persons with thick files
// (synth mean_accounts = 10, no thin or no-file persons), decided in a loop on one thread.
// Run: build/release/bench/bench_engine
#include <credo/binning.hpp>
#include <credo/engine.hpp>
#include <credo/features.hpp>
#include <credo/model.hpp>
#include <credo/synth.hpp>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <vector>

namespace {

namespace f = credo::features;
// 31 columns: the standard features and shorter or longer windows of the delinquency and
// inquiry features; accounts_other (never reported by the synthetic bureau) is not binned,
// which leaves 30 characteristics.
using bench_features =
    f::feature_set<f::account_count, f::open_account_count, f::account_age, f::balances, f::revolving_utilization,
                   f::worst_delinquency<24>, f::worst_delinquency<12>, f::worst_delinquency<6>,
                   f::months_since_delinquency<1>, f::months_since_delinquency<2>, f::months_since_delinquency<3>,
                   f::delinquency_count<1, 24>, f::delinquency_count<2, 12>,
                   f::delinquency_count<2, 24>, f::delinquency_count<1, 12>, f::delinquency_count<1, 6>,
                   f::delinquency_count<3, 24>, f::inquiry_count<3>, f::inquiry_count<6>, f::inquiry_count<12>,
                   f::inquiry_count<24>, f::on_time_share<24>, f::on_time_share<12>, f::on_time_share<6>,
                   f::accounts_by_type>;
using card_t = credo::model::scorecard<double>;
using full_engine = credo::engine::engine<bench_features, card_t, credo::decide::cutoff, credo::monitor::psi,
                                          credo::monitor::approvals_by<>, credo::monitor::coverage>;
using bare_engine = credo::engine::engine<bench_features, card_t, credo::decide::cutoff>;

struct setup {
  card_t card;
  credo::synth::bureau applicants_bureau;
  std::vector<credo::engine::applicant<>> applicants;
  double tradelines_per_applicant = 0;

  setup() {
    credo::synth::bureau_options o;
    o.persons = 20000;
    o.seed = 1;
    const auto train = credo::synth::generate(o);
    const bench_features fs;
    auto t = fs.extract(train.records.view(), {.threads = 1});
    // keep the columns with at least two distinct values (the windows of rare events may be constant)
    std::vector<std::string> cols;
    for (const auto& name : fs.names()) {
      const auto& v = t.at(*t.find(name)).values();
      double first = std::numeric_limits<double>::quiet_NaN();
      bool varies = false;
      for (double x : v) {
        if (std::isnan(x)) continue;
        if (std::isnan(first)) first = x;
        else if (x != first) { varies = true; break; }
      }
      if (varies && name != "accounts_other") cols.push_back(name);
    }
    credo::binning::encoder_options eo;
    eo.columns = cols;
    credo::binning::woe_encoder enc(eo);
    enc.fit(t);
    const Eigen::MatrixXd x = enc.transform(t);
    credo::model::logistic_regression<> lr;
    lr.fit(x, t.target(), enc.columns());
    card = card_t::from_tables(enc.tables(), lr);
    std::vector<double> scores;
    for (const auto& r : card.score(t))
      if (r.ok()) scores.push_back(r.score);
    card.set_score_distribution(credo::monitor::reference_distribution(scores, 10));

    credo::synth::bureau_options a;
    a.persons = 20000;
    a.seed = 2;
    a.mean_accounts = 10;
    a.no_file_share = 0;
    a.thin_file_share = 0;
    applicants_bureau = credo::synth::generate(a);
    const auto& r = applicants_bureau.records;
    const auto& group = r.persons.segment("group");
    std::size_t ti = 0, qi = 0;
    for (std::size_t p = 0; p < r.persons.size(); ++p) {
      std::size_t t1 = ti, q1 = qi;
      while (t1 < r.tradelines.size() && r.tradelines[t1].person == p) ++t1;
      while (q1 < r.inquiries.size() && r.inquiries[q1].person == p) ++q1;
      credo::engine::applicant<> ap;
      ap.as_of = r.persons.as_of[p];
      ap.accounts = {r.tradelines.data() + ti, t1 - ti};
      ap.inquiries = {r.inquiries.data() + qi, q1 - qi};
      ap.group = static_cast<std::uint32_t>(group.codes()[p]);
      ap.outcome = r.persons.bad[p];
      applicants.push_back(ap);
      ti = t1;
      qi = q1;
    }
    tradelines_per_applicant = static_cast<double>(r.tradelines.size()) / static_cast<double>(r.persons.size());
  }
};

const setup& data() {
  static const setup s;
  return s;
}

template <class Engine>
void run(benchmark::State& state, const Engine& eng) {
  const auto& d = data();
  auto session = eng.make_session();
  std::size_t i = 0, scored = 0;
  for (auto _ : state) {
    const auto dec = eng.decide(d.applicants[i], session);
    scored += dec.scored();
    benchmark::DoNotOptimize(dec.score);
    if (++i == d.applicants.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["characteristics"] = static_cast<double>(d.card.size());
  state.counters["tradelines"] = d.tradelines_per_applicant;
  state.counters["scored_share"] = static_cast<double>(scored) / static_cast<double>(state.iterations());
}

void BM_decide_three_monitors(benchmark::State& state) {
  const full_engine eng(bench_features{}, data().card, credo::decide::cutoff(600));
  run(state, eng);
}
BENCHMARK(BM_decide_three_monitors)->MinTime(2.0);

void BM_decide_no_monitor(benchmark::State& state) {
  const bare_engine eng(bench_features{}, data().card, credo::decide::cutoff(600));
  run(state, eng);
}
BENCHMARK(BM_decide_no_monitor)->MinTime(2.0);

// The monitors alone: the three monitors adding decisions already made (the difference of
// the two benchmarks above is within the noise of a shared machine; this isolates it).
void BM_monitors_only(benchmark::State& state) {
  const auto& d = data();
  const bare_engine eng(bench_features{}, d.card, credo::decide::cutoff(600));
  auto session = eng.make_session();
  const std::size_t n = 4096;
  std::vector<credo::engine::decision> decisions;
  for (std::size_t k = 0; k < n; ++k) decisions.push_back(eng.decide(d.applicants[k], session));
  credo::monitor::psi psi;
  credo::monitor::approvals_by<> groups;
  const credo::monitor::coverage cov;
  credo::engine::engine_info info;
  info.training = &*d.card.training_distribution();
  psi.prepare(info);
  groups.prepare(info);
  auto s1 = psi.make_state();
  auto s2 = groups.make_state();
  auto s3 = cov.make_state();
  std::size_t k = 0;
  for (auto _ : state) {
    psi.add(s1, d.applicants[k], decisions[k]);
    groups.add(s2, d.applicants[k], decisions[k]);
    cov.add(s3, d.applicants[k], decisions[k]);
    if (++k == n) k = 0;
  }
  benchmark::DoNotOptimize(s3.counts.approved);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_monitors_only)->MinTime(1.0);

// The halves: feature extraction alone, and binning + scoring + reasons of a ready row.
void BM_extract_only(benchmark::State& state) {
  const auto& d = data();
  const bench_features fs;
  std::vector<double> row(fs.width());
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& a = d.applicants[i];
    fs.extract(a.as_of, a.accounts, a.inquiries, std::span<double>(row));
    benchmark::DoNotOptimize(row.data());
    if (++i == d.applicants.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_extract_only)->MinTime(1.0);

void BM_score_only(benchmark::State& state) {
  const auto& d = data();
  const bench_features fs;
  const std::size_t n = 4096;
  std::vector<double> rows(n * fs.width());
  for (std::size_t k = 0; k < n; ++k) {
    const auto& a = d.applicants[k];
    fs.extract(a.as_of, a.accounts, a.inquiries, std::span<double>(rows.data() + k * fs.width(), fs.width()));
  }
  const credo::engine::model_binding<card_t> bind(d.card, fs.names());
  std::vector<double> scratch(d.card.size());
  std::array<credo::model::reason_code, 4> why{};
  std::size_t k = 0;
  for (auto _ : state) {
    const auto p = bind.predict(d.card, std::span<const double>(rows.data() + k * fs.width(), fs.width()), scratch, why);
    benchmark::DoNotOptimize(p.score);
    if (++k == n) k = 0;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_score_only)->MinTime(1.0);

}  // namespace

BENCHMARK_MAIN();
