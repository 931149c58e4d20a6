// The code of docs/howto/thread_the_scorer.md, compiled and checked here.
#include "german_credit.hpp"
#include <credo/engine/batch_scorer.hpp>
#include <credo/io/csv.hpp>
#include <credo/metrics/auc.hpp>
#include <credo/metrics/ks.hpp>
#include <credo/model/workflow.hpp>

#include <doctest/doctest.h>
#include <test_support.hpp>

#include <span>
#include <thread>
#include <vector>

namespace {

struct german_card {
  credo::table data;
  credo::model::scorecard<> card;
};

const german_card& fixture() {
  static const german_card g = [] {
    german_card f{credo::test::german_credit(), {}};
    credo::model::scorecard_plan plan;
    plan.binning.columns = {"checking_status", "duration", "credit_history", "savings_status", "credit_amount"};
    f.card = credo::model::fit_scorecard(f.data, plan).card;
    return f;
  }();
  return g;
}

}  // namespace

TEST_CASE("thread_the_scorer: the batch scorer splits rows over threads, same bits") {
  const auto& [table, card] = fixture();
  // doc: batch
  const auto scorer = credo::engine::batch_scorer<double>::compile(card);  // immutable from here
  const std::vector<double> x = scorer.encode<double>(table);              // column-major
  const std::size_t rows = table.rows();
  std::vector<double> scores(rows);
  std::vector<credo::model::reason_code> reasons(rows * scorer.max_reasons());
  std::vector<std::uint8_t> counts(rows);
  const std::size_t failed =
      scorer.score(credo::engine::input_view<double>{x, rows},
                   {.scores = scores, .reasons = reasons, .reason_counts = counts},
                   {.threads = 2, .min_rows_per_thread = 1});  // the default, 8192, keeps small batches on one thread
  // doc: end
  CHECK(failed == 0);
  std::vector<double> one(rows);
  scorer.score(credo::engine::input_view<double>{x, rows}, {.scores = one}, {.threads = 1});
  CHECK(one == scores);
  for (std::size_t r = 0; r < rows; ++r) CHECK(card.score(table, r).score == scores[r]);
}

TEST_CASE("thread_the_scorer: one const scorer, many threads, accumulators merged with +=") {
  const auto& [table, card] = fixture();
  const auto scorer = credo::engine::batch_scorer<double>::compile(card);
  const std::vector<double> x = scorer.encode<double>(table, credo::engine::layout::row_major);
  const std::size_t rows = table.rows(), k = card.size();
  const auto bad = table.target();

  // doc: threads
  // Each thread scores its own applicants with the shared const scorer and keeps its own
  // accumulators; nothing is shared but the scorer, so nothing needs a lock.
  struct part {
    credo::metrics::auc<double> auc{credo::metrics::direction::higher_is_safer};  // points rank safety
    credo::metrics::ks<double> ks;
  };
  constexpr unsigned n_threads = 4;
  std::vector<part> parts(n_threads);
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < n_threads; ++t)
    pool.emplace_back([&, t] {
      credo::model::reason_code why[4];  // per-thread buffers: score_one allocates nothing
      for (std::size_t r = t; r < rows; r += n_threads) {
        const auto s = scorer.score_one(std::span<const double>(x).subspan(r * k, k), why);
        if (!s.ok()) continue;
        parts[t].auc(s.score, bad[r] != 0);
        parts[t].ks(s.score, bad[r] != 0);
      }
    });
  for (auto& th : pool) th.join();
  part all = parts[0];
  for (unsigned t = 1; t < n_threads; ++t) {
    all.auc += parts[t].auc;  // exact merges: the same AUC and KS as one thread over all rows
    all.ks += parts[t].ks;
  }
  // doc: end

  credo::metrics::auc<double> auc(credo::metrics::direction::higher_is_safer);
  credo::metrics::ks<double> ks;
  for (std::size_t r = 0; r < rows; ++r) {
    const double s = card.score(table, r).score;
    auc(s, bad[r] != 0);
    ks(s, bad[r] != 0);
  }
  CHECK(all.auc.value() == auc.value());
  CHECK(all.ks.result() == ks.result());
}
