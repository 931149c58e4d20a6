#include <credo/coverage.hpp>
#include <credo/features.hpp>
#include <credo/synth.hpp>

#include <doctest/doctest.h>

namespace cc = credo::coverage;
namespace cf = credo::features;

TEST_CASE("predictive contribution of the two large sources: coverage and held-out AUC/KS") {
  credo::synth::bureau_options o;
  o.persons = 20000;
  const auto b = credo::synth::generate(o);
  const auto pop = b.records.view();
  const auto fs = cf::standard_features();
  const auto withheld = ~b.records.without({"bank_a", "bank_b"});
  cc::contribution_options opt;
  opt.threads = 2;
  const auto r = cc::predictive_contribution(pop, fs, withheld, cc::recent_and_seasoned{}, opt);

  const cc::source_analysis a(pop);
  CHECK(r.with.coverage == a.coverage(a.all()));
  CHECK(r.without.coverage == a.coverage(~withheld & a.all()));
  CHECK(r.with.train_rows + r.with.test_rows == r.with.coverage.scoreable);
  CHECK(r.without.train_rows + r.without.test_rows == r.without.coverage.scoreable);
  CHECK(r.with.fit == credo::model::fit_status::success);
  CHECK(r.without.fit == credo::model::fit_status::success);
  // the synthetic outcome depends on the latent risk that drives delinquencies: the scorecard
  // ranks better than chance, and KS is within [0, 1]
  CHECK(r.with.auc > 0.6);
  CHECK(r.with.auc < 0.9);
  CHECK(r.without.auc > 0.55);
  CHECK(r.with.ks > 0);
  CHECK(r.with.ks < 1);
  // same seed, same split, same result
  const auto again = cc::predictive_contribution(pop, fs, withheld, cc::recent_and_seasoned{}, opt);
  CHECK(again.with.auc == r.with.auc);
  CHECK(again.without.ks == r.without.ks);

  cf::person_table persons = b.records.persons;
  persons.bad.clear();
  const cf::population no_outcome(persons, b.records.tradelines, b.records.inquiries);
  CHECK_THROWS_WITH_AS(cc::predictive_contribution(no_outcome, fs, withheld),
                       "[credo.coverage.no_outcome] predictive contribution needs the persons' outcome 'bad'",
                       credo::invalid_input);
}
