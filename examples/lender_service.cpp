// A lender's scoring service in miniature: the composed engine turns each applicant's own
// bureau records into a decision with reasons and keeps live monitors.
//
//   lender_service                    fit a scorecard on synthetic training persons, then decide
//   lender_service --save card.json   ... and keep the card (with its training scores) in a model file
//   lender_service --model card.json  load the card from a model file instead of fitting
//
// Everything is synthetic, small and seeded (credo::synth), so the output is the same on
// every run; docs/engine_compose.md shows it.
#include <credo/binning.hpp>
#include <credo/coverage.hpp>
#include <credo/engine.hpp>
#include <credo/features.hpp>
#include <credo/io/model_file.hpp>
#include <credo/model.hpp>
#include <credo/synth.hpp>

#include <cmath>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

namespace {

// The lender's characteristics: six bureau attributes from five built-in extractors. (The
// full standard set would fit too, but its delinquency columns overlap so much that some
// coefficients flip sign, and reasons then read backwards.)
namespace cf = credo::features;
using features_t = cf::feature_set<cf::account_count, cf::account_age, cf::revolving_utilization,
                                   cf::worst_delinquency<24>, cf::inquiry_count<6>>;
using card_t = credo::model::scorecard<double>;
using engine_t = credo::engine::engine<features_t, card_t, credo::decide::cutoff, credo::monitor::psi,
                                       credo::monitor::approvals_by<>, credo::monitor::coverage>;

// Bins the scoreable training persons' features, fits a logistic regression on their WoE and
// turns it into a scorecard that keeps its training score distribution (for PSI).
card_t fit_card() {
  credo::synth::bureau_options o;
  o.persons = 20000;
  o.seed = 1;
  const auto train = credo::synth::generate(o);
  const auto pop = train.records.view();
  const features_t fs;
  const auto all = fs.extract(pop, {.threads = 1});
  std::vector<std::size_t> scoreable;
  for (std::size_t p = 0; p < pop.size(); ++p)
    if (credo::coverage::status_of(pop, p, credo::coverage::recent_and_seasoned{}) ==
        credo::coverage::file_status::scoreable)
      scoreable.push_back(p);
  const auto t = all.take(scoreable);

  credo::binning::woe_encoder enc;  // every column: optimal binning, automatic trend
  enc.fit(t);
  credo::model::logistic_regression<> lr;
  lr.fit(enc.transform(t), t.target(), enc.columns());
  auto card = card_t::from_tables(enc.tables(), lr);

  std::vector<double> scores;
  for (const auto& r : card.score(t))
    if (r.ok()) scores.push_back(r.score);
  card.set_score_distribution(credo::monitor::reference_distribution(scores, 10));
  std::printf("fitted a %zu-characteristic scorecard on %zu scoreable of %zu training persons\n", card.size(),
              t.rows(), pop.size());
  return card;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::string load, save;
    for (int i = 1; i + 1 < argc; i += 2) {
      const std::string a = argv[i];
      if (a == "--model") load = argv[i + 1];
      else if (a == "--save") save = argv[i + 1];
      else throw std::invalid_argument("unknown option " + a + " (use --model FILE or --save FILE)");
    }
    const card_t card = load.empty() ? fit_card() : credo::io::load_scorecard<card_t>(load);
    if (!save.empty()) credo::io::save_scorecard(card, save);

    // Approve when the probability of bad is at most 10 %: the cut-off is the score of PD 0.10.
    const double cutoff = std::round(card.score_from_pd(0.10));
    const engine_t engine(features_t{}, card, credo::decide::cutoff(cutoff));
    std::printf("cut-off %.0f points (PD 10%%), monitors: PSI, approvals by group, coverage\n\n", cutoff);

    // The requests: 5,000 other persons of the synthetic bureau, each with the records the
    // lender pulled for them (stored person by person, so each one's records are one run).
    credo::synth::bureau_options o;
    o.persons = 5000;
    o.seed = 2;
    const auto requests = credo::synth::generate(o);
    const auto& r = requests.records;
    const auto& group = r.persons.segment("group");

    auto session = engine.make_session();  // one per serving thread
    std::size_t ti = 0, qi = 0, shown = 0;
    bool shown_unscored = false;
    for (std::size_t p = 0; p < r.persons.size(); ++p) {
      std::size_t t1 = ti, q1 = qi;
      while (t1 < r.tradelines.size() && r.tradelines[t1].person == p) ++t1;
      while (q1 < r.inquiries.size() && r.inquiries[q1].person == p) ++q1;
      credo::engine::applicant<> a;
      a.as_of = r.persons.as_of[p];
      a.accounts = {r.tradelines.data() + ti, t1 - ti};
      a.inquiries = {r.inquiries.data() + qi, q1 - qi};
      a.group = static_cast<std::uint32_t>(group.codes()[p]);
      a.outcome = r.persons.bad[p];  // known here because the data are synthetic
      ti = t1;
      qi = q1;

      const auto d = engine.decide(a, session);

      const bool show = (d.scored() && shown < 4) || (!d.scored() && !shown_unscored);
      if (!show) continue;
      if (d.scored()) ++shown;
      else shown_unscored = true;
      std::printf("%s (%zu accounts, %zu inquiries): %s", r.persons.id[p].c_str(), a.accounts.size(),
                  a.inquiries.size(), credo::engine::to_string(d.outcome));
      if (d.scored())
        std::printf(", score %.0f, PD %.3f\n", d.score, d.pd);
      else
        std::printf(", %s (%s)\n", credo::engine::to_string(d.status), credo::coverage::to_string(d.file));
      for (const auto& why : d.reasons()) std::printf("    %s\n", engine.describe(why).c_str());
    }

    std::printf("\n");
    std::cout << engine.snapshot(session);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lender_service: %s\n", e.what());
    return 1;
  }
}
