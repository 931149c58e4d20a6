// fit_scorecard_stream: fit_scorecard's steps over a stream kept as bin codes. On one shard
// its passes are fit()'s blocks, so every figure equals fit_scorecard's bit for bit (German
// credit has 1,000 rows: fit() takes no warm start); on several shards the sums are grouped
// by shard, so the estimates agree to the rounding of the sums and the selection and points
// are the same.
#include "german_credit.hpp"

#include <credo/core/archive.hpp>
#include <credo/model/stream_workflow.hpp>

#include <doctest/doctest.h>

#include <numeric>

using namespace credo;
using namespace credo::model;

namespace {

table workflow_rows(const table& t, std::size_t begin, std::size_t end) {
  std::vector<std::size_t> rows(end - begin);
  std::iota(rows.begin(), rows.end(), begin);
  return t.take(rows);
}

/// The encoder of the whole table (the streamed binning equals it: tests/binning) and a store
/// filled with `shards` shards in chunks of `chunk` rows, blocks of `block` rows.
streamed_scorecard streamed_fit(const table& t, const scorecard_plan& plan, std::size_t shards, std::size_t chunk,
                                std::size_t block = fit_options{}.rows_per_block) {
  binning::woe_encoder enc(plan.binning);
  enc.fit(t);
  bin_code_store store(enc, block);
  for (std::size_t s = 0; s < shards; ++s) {
    const std::size_t lo = t.rows() * s / shards, hi = t.rows() * (s + 1) / shards;
    for (std::size_t r = lo; r < hi; r += chunk) store.add(s, workflow_rows(t, r, std::min(hi, r + chunk)));
  }
  store.close();
  CHECK(store.rows() == t.rows());
  return fit_scorecard_stream(std::move(enc), store, plan);
}

scorecard_plan german_plan() {
  scorecard_plan plan;
  plan.binning.columns = test::german_credit().names();
  std::erase(plan.binning.columns, std::string("age"));
  std::erase(plan.binning.columns, std::string("personal_status"));
  return plan;
}

void check_same_fit(const fitted_scorecard& a, const fitted_scorecard& b, double tolerance) {
  REQUIRE(a.selected == b.selected);
  REQUIRE(a.dropped.size() == b.dropped.size());
  for (std::size_t i = 0; i < a.dropped.size(); ++i) {
    CHECK(a.dropped[i].name == b.dropped[i].name);
    if (tolerance == 0) CHECK(a.dropped[i].reason == b.dropped[i].reason);
  }
  REQUIRE(a.model.coefficients.size() == b.model.coefficients.size());
  for (std::size_t i = 0; i < a.model.coefficients.size(); ++i) {
    const auto& x = a.model.coefficients[i];
    const auto& y = b.model.coefficients[i];
    CHECK(x.name == y.name);
    if (tolerance == 0) {
      CHECK(x.estimate == y.estimate);
      CHECK(x.std_error == y.std_error);
      CHECK(x.p_value == y.p_value);
      CHECK(x.conf_int == y.conf_int);
      CHECK(x.odds_ratio == y.odds_ratio);
      CHECK(x.odds_ratio_conf_int == y.odds_ratio_conf_int);
    } else {
      CHECK(x.estimate == doctest::Approx(y.estimate).epsilon(tolerance));
      CHECK(x.std_error == doctest::Approx(y.std_error).epsilon(tolerance));
    }
  }
  if (tolerance == 0) {
    CHECK(a.model.log_likelihood == b.model.log_likelihood);
    // The summary of the streamed fit comes from the same estimates: the same bits.
    CHECK(a.model.deviance == b.model.deviance);
    CHECK(a.model.null_deviance == b.model.null_deviance);
    CHECK(a.model.lr_test == b.model.lr_test);
    CHECK(a.model.r2 == b.model.r2);
  } else {
    CHECK(a.model.deviance == doctest::Approx(b.model.deviance).epsilon(tolerance));
    CHECK(a.model.lr_test.statistic == doctest::Approx(b.model.lr_test.statistic).epsilon(tolerance));
    CHECK(a.model.r2.nagelkerke == doctest::Approx(b.model.r2.nagelkerke).epsilon(tolerance));
  }
  CHECK(a.model.null_deviance == doctest::Approx(b.model.null_deviance).epsilon(1e-15));
  CHECK(a.model.lr_test.df == b.model.lr_test.df);
  CHECK(a.model.iterations == b.model.iterations);
  const auto pa = a.card.points_table(), pb = b.card.points_table();
  REQUIRE(pa.size() == pb.size());
  for (std::size_t i = 0; i < pa.size(); ++i) CHECK(pa[i].points == pb[i].points);
}

}  // namespace

TEST_CASE("fit_scorecard_stream on one shard is fit_scorecard bit for bit") {
  const auto t = test::german_credit();
  const auto plan = german_plan();
  const auto whole = fit_scorecard(t, plan);
  for (std::size_t chunk : {1000, 97, 1}) {
    CAPTURE(chunk);
    const auto s = streamed_fit(t, plan, 1, chunk);
    check_same_fit(s.fit, whole, 0);
    // The training tally gives the rows' own AUC, KS and score distribution.
    metrics::auc<double> auc(metrics::direction::higher_is_safer);
    metrics::ks<double> ks;
    for (std::size_t r = 0; r < t.rows(); ++r) {
      auc(whole.training_scores[r], t.target()[r] != 0);
      ks(whole.training_scores[r], t.target()[r] != 0);
    }
    CHECK(s.training.auc.value() == auc.value());
    CHECK(s.training.ks.value() == ks.value());
    // The concordance of the training scores from the histogram of distinct scores is the
    // one over every row, bit for bit (a card's scores take few values).
    metrics::concordance<double> conc(metrics::direction::higher_is_safer);
    for (std::size_t r = 0; r < t.rows(); ++r) conc(whole.training_scores[r], t.target()[r] != 0);
    CHECK(s.training.concordance() == conc.result());
    CHECK(s.training.concordance().somers_d == doctest::Approx(auc.gini()).epsilon(1e-14));
    CHECK(s.training.concordance().tied > 0);  // rounded points tie
    REQUIRE(s.fit.card.training_distribution());
    CHECK(*s.fit.card.training_distribution() == *whole.card.training_distribution());
  }
}

TEST_CASE("fit_scorecard_stream: stepwise, penalties and weights as fit_scorecard") {
  const auto t = test::german_credit();
  SUBCASE("stepwise by BIC") {
    auto plan = german_plan();
    plan.selection = selection_method::stepwise;
    plan.stepwise.criterion = stepwise_criterion::bic;
    check_same_fit(streamed_fit(t, plan, 1, 250).fit, fit_scorecard(t, plan), 0);
  }
  SUBCASE("l2") {
    auto plan = german_plan();
    plan.penalty = penalty::l2{2.0};
    check_same_fit(streamed_fit(t, plan, 1, 250).fit, fit_scorecard(t, plan), 0);
  }
  SUBCASE("elastic net") {
    auto plan = german_plan();
    plan.penalty = penalty::elastic_net{1.0, 0.5};
    check_same_fit(streamed_fit(t, plan, 1, 250).fit, fit_scorecard(t, plan), 0);
  }
  SUBCASE("a warm start (fit() samples runs of rows from 4 · warm_start_rows rows on)") {
    // German credit four times over, and a sample of a thousand rows.
    std::vector<std::size_t> rows;
    for (int k = 0; k < 4; ++k)
      for (std::size_t r = 0; r < t.rows(); ++r) rows.push_back(r);
    const table four = t.take(rows);
    auto plan = german_plan();
    plan.fit.warm_start_rows = 1000;
    const auto whole = fit_scorecard(four, plan);
    check_same_fit(streamed_fit(four, plan, 1, 700).fit, whole, 0);
    // The warm start was taken: another path to the optimum, so other last bits.
    CHECK(whole.model.log_likelihood != fit_scorecard(four, german_plan()).model.log_likelihood);
    check_same_fit(streamed_fit(four, plan, 3, 97, 1000).fit, streamed_fit(four, plan, 3, 50, 1000).fit, 0);
  }
  SUBCASE("weighted rows") {
    auto weights = std::vector<double>(t.rows());
    for (std::size_t r = 0; r < t.rows(); ++r) weights[r] = 0.5 + static_cast<double>(r % 7) / 4;
    table w = t;
    w.set_weights(weights);
    const auto plan = german_plan();
    const auto s = streamed_fit(w, plan, 1, 333);
    const auto whole = fit_scorecard(w, plan);
    check_same_fit(s.fit, whole, 0);
    metrics::auc<double> auc(metrics::direction::higher_is_safer);
    for (std::size_t r = 0; r < w.rows(); ++r) auc(whole.training_scores[r], w.target()[r] != 0, weights[r]);
    CHECK(s.training.auc.value() == doctest::Approx(auc.value()).epsilon(1e-14));
    metrics::concordance<double> conc(metrics::direction::higher_is_safer);
    for (std::size_t r = 0; r < w.rows(); ++r) conc(whole.training_scores[r], w.target()[r] != 0, weights[r]);
    const auto want = conc.result(), got = s.training.concordance();
    CHECK(got.observations == doctest::Approx(want.observations).epsilon(1e-14));
    CHECK(got.concordant == doctest::Approx(want.concordant).epsilon(1e-13));
    CHECK(got.tied == doctest::Approx(want.tied).epsilon(1e-13));
    CHECK(got.gamma == doctest::Approx(want.gamma).epsilon(1e-13));
    CHECK(got.tau_a == doctest::Approx(want.tau_a).epsilon(1e-13));
  }
}

TEST_CASE("fit_scorecard_stream on shards and small blocks: the same card") {
  const auto t = test::german_credit();
  const auto plan = german_plan();
  const auto whole = fit_scorecard(t, plan);
  for (std::size_t shards : {3, 7}) {
    CAPTURE(shards);
    check_same_fit(streamed_fit(t, plan, shards, 64, 100).fit, whole, 1e-9);
  }
  // Shards are summed in shard order: the same shards give the same bits every time.
  const auto a = streamed_fit(t, plan, 3, 64, 100), b = streamed_fit(t, plan, 3, 50, 100);
  check_same_fit(a.fit, b.fit, 0);
  CHECK(a.training == b.training);
}

TEST_CASE("a store filled with pre-bins in the second binning pass reads as the store of the bins") {
  auto t = test::german_credit();
  // A special value and missing cells, so that every kind of slot is used.
  std::vector<double> amount(t["credit_amount"].values().begin(), t["credit_amount"].values().end());
  for (std::size_t r = 0; r < amount.size(); r += 37) amount[r] = r % 2 ? -1.0 : std::numeric_limits<double>::quiet_NaN();
  table u;
  for (const auto& name : t.names()) u.add(name == "credit_amount" ? column::numeric(name, amount) : t[name]);
  u.set_target(std::vector<std::uint8_t>(t.target().begin(), t.target().end()), "class");
  for (auto method : {binning::binning_method::optimal, binning::binning_method::equal_frequency,
                      binning::binning_method::chimerge}) {
    CAPTURE(static_cast<int>(method));
    binning::encoder_options o;
    o.defaults.method = method;
    o.per_column["credit_amount"] = o.defaults;
    o.per_column["credit_amount"].special_values = {-1.0};
    binning::stream_binner binner(u.names(), [&] {
      std::vector<column_kind> k;
      for (const auto& n : u.names()) k.push_back(u[n].kind());
      return k;
    }(), o);
    auto first = binner.start();
    binner.fill(first, u);
    auto second = binner.next(first);
    bin_code_store pre(binner, first, second, 128);
    for (std::size_t r = 0; r < u.rows(); r += 300) {
      const auto part = workflow_rows(u, r, std::min(u.rows(), r + 300));
      binner.fill(second, part);
      pre.add(0, part);
    }
    pre.close();
    const auto enc = binner.encoder(binner.finish(first, second));
    pre.bind(enc);
    bin_code_store direct(enc, 128);
    direct.add(0, u);
    direct.close();
    std::vector<std::vector<std::uint16_t>> a, b;
    pre.for_each_block([&](const bin_code_store::block& x) { a.push_back(x.codes); });
    direct.for_each_block([&](const bin_code_store::block& x) { b.push_back(x.codes); });
    CHECK(a == b);
    CHECK(a.size() == (u.rows() + 127) / 128);
    const auto sa = pre.seen(), sb = direct.seen();
    CHECK(sa.by_class[0] == sb.by_class[0]);
    CHECK(sa.by_class[1] == sb.by_class[1]);
  }
  SUBCASE("read before bind") {
    binning::stream_binner binner({"duration"}, {column_kind::numeric}, {});
    auto first = binner.start();
    binner.fill(first, u);
    bin_code_store pre(binner, first, binner.next(first));
    CHECK_THROWS_WITH((void)pre.seen(), doctest::Contains("[credo.workflow.store_unbound]"));
  }
}

TEST_CASE("distribution_of a score histogram is distribution_of the scores") {
  const auto t = test::german_credit();
  const auto whole = fit_scorecard(t, german_plan());
  metrics::score_histogram<double> h;
  for (std::size_t r = 0; r < t.rows(); ++r) h(whole.training_scores[r], t.target()[r] != 0, 0.5 + (r % 3));
  for (std::size_t bands : {1, 4, 10, 20}) {
    CAPTURE(bands);
    CHECK(distribution_of(h, bands) == distribution_of(whole.training_scores, bands));
  }
  const auto training = streamed_fit(t, german_plan(), 2, 100).training;
  CHECK(from_bytes<training_scores>(to_bytes(training)) == training);
}

TEST_CASE("bin_code_store and fit_scorecard_stream refuse what they cannot use") {
  const auto t = test::german_credit();
  auto plan = german_plan();
  binning::woe_encoder enc(plan.binning);
  enc.fit(t);
  bin_code_store store(enc);
  SUBCASE("a chunk without the target") {
    table no_target;
    for (const auto& name : t.names()) no_target.add(t[name]);
    CHECK_THROWS_WITH(store.add(0, no_target), doctest::Contains("[credo.binning.no_target]"));
  }
  SUBCASE("add after close") {
    store.close();
    CHECK_THROWS_WITH(store.add(0, t), doctest::Contains("[credo.workflow.store_closed]"));
  }
  SUBCASE("an encoder of other columns") {
    store.add(0, t);
    store.close();
    auto other = plan;
    other.binning.columns = {"duration"};
    binning::woe_encoder e2(other.binning);
    e2.fit(t);
    CHECK_THROWS_WITH(fit_scorecard_stream(std::move(e2), store, plan), doctest::Contains("[credo.workflow.store_mismatch]"));
  }
  SUBCASE("a store without rows") {
    store.close();
    CHECK_THROWS_WITH(fit_scorecard_stream(enc, store, plan), doctest::Contains("[credo.model.no_rows]"));
  }
  SUBCASE("an interval level outside (0, 1), before any pass") {
    store.add(0, t);
    store.close();
    plan.alpha = 1;
    CHECK_THROWS_WITH(fit_scorecard_stream(enc, store, plan), doctest::Contains("[credo.model.bad_alpha] alpha = 1"));
    CHECK_THROWS_WITH(fit_scorecard(t, plan), doctest::Contains("[credo.model.bad_alpha]"));
  }
  SUBCASE("a directory that does not exist") {
    CHECK_THROWS_WITH(bin_code_store(enc, 100, "/nonexistent-credo-dir"), doctest::Contains("[credo.workflow.store_failed]"));
  }
}
