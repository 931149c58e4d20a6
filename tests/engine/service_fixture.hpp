// Shared by the engine tests: a hand-derived four-characteristic card over four features,
// one hand-built applicant, and a small seeded synthetic bureau cut into applicants.
//
// Card (PDO 20, 600 at 50:1, intercept α = −2.5 spread over n = 4, points rounded):
//   points_ij = −(β_j·WoE_ij + α/4)·Factor + Offset/4, Factor = 20/ln 2, Offset = 600 − Factor·ln 50
//   accounts_total        cuts {3, 8}     WoE {−0.5, 0.1, 0.4, 0}    β −1  → points {125, 143, 151, 140}
//   utilization_revolving cuts {0.3, 0.7} WoE {0.5, 0, −0.8, −0.1}   β −1  → points {154, 140, 117, 137}
//   worst_delinquency_24m cuts {1}        WoE {0.3, −1.0, 0.2}       β −1  → points {148, 111, 146}
//   inquiries_6m          cuts {1, 3}     WoE {0.2, −0.1, −0.6, 0}   β −1  → points {146, 137, 123, 140}
// The hand applicant (as_of 2024-06-30): a revolving account (limit 1000, balance 800) and an
// installment account with one month 30 days late, one inquiry in the last 6 months and one
// older: features 2, 0.8, 1, 1 → bins 0, 2, 1, 1 → score 125 + 117 + 111 + 137 = 490,
// PD = 1/(1 + exp((490 − Offset)/Factor)) = 0.47509225618794687. Reasons (baseline = max
// points): utilization 154 − 117 = 37, worst delinquency 148 − 111 = 37 (tie: card order),
// accounts 151 − 125 = 26, inquiries 146 − 137 = 9.
#pragma once

#include <credo/engine/engine.hpp>
#include <credo/features/extractors.hpp>
#include <credo/synth/bureau.hpp>

#include <span>
#include <vector>

namespace credo::test {

using features::date;
using hand_features = features::feature_set<features::account_count, features::revolving_utilization,
                                            features::worst_delinquency<24>, features::inquiry_count<6>>;

inline model::scorecard<double> hand_card() {
  using binning::bins;
  std::vector<model::characteristic_spec> cs{
      {"accounts_total", bins::numeric({3.0, 8.0}), {-0.5, 0.1, 0.4, 0.0}, -1.0, {}},
      {"utilization_revolving", bins::numeric({0.3, 0.7}), {0.5, 0.0, -0.8, -0.1}, -1.0, {}},
      {"worst_delinquency_24m", bins::numeric({1.0}), {0.3, -1.0, 0.2}, -1.0, {}},
      {"inquiries_6m", bins::numeric({1.0, 3.0}), {0.2, -0.1, -0.6, 0.0}, -1.0, {}},
  };
  model::scorecard<double> card(cs, -2.5);
  // A made-up training histogram (for the PSI monitor): bands (−∞,480) [480,520) [520,+∞).
  card.set_score_distribution({{-std::numeric_limits<double>::infinity(), 480, 520,
                                std::numeric_limits<double>::infinity()},
                               {30, 50, 20}});
  return card;
}

struct hand_records {
  std::vector<features::tradeline_record> accounts;
  std::vector<features::inquiry_record> inquiries;
  hand_records() {
    features::tradeline_record r;
    r.type = features::account_type::revolving;
    r.opened = date::from_ymd(2020, 1, 15);
    r.last_reported = date::from_ymd(2024, 6, 30);
    r.credit_limit = 1000;
    r.balance = 800;
    r.payment_history = "000000";
    features::tradeline_record i;
    i.type = features::account_type::installment;
    i.opened = date::from_ymd(2023, 1, 10);
    i.last_reported = date::from_ymd(2024, 6, 30);
    i.credit_limit = 5000;
    i.balance = 3000;
    i.payment_history = "1000";
    accounts = {r, i};
    inquiries = {{0, 0, date::from_ymd(2024, 5, 1)}, {0, 0, date::from_ymd(2023, 1, 1)}};
  }
  engine::applicant<> applicant(std::uint32_t group = 0, std::int8_t outcome = -1) const {
    return {date::from_ymd(2024, 6, 30), accounts, inquiries, 0, group, outcome};
  }
};

/// A seeded synthetic bureau cut into applicants (the bureau's records are stored person by
/// person, so each applicant's records are one contiguous run).
struct synthetic_applicants {
  synth::bureau bureau;
  std::vector<engine::applicant<>> applicants;

  explicit synthetic_applicants(std::size_t persons, std::uint64_t seed = 7) {
    synth::bureau_options o;
    o.persons = persons;
    o.seed = seed;
    bureau = synth::generate(o);
    const auto& r = bureau.records;
    const auto& group = r.persons.segment("group");
    const auto& region = r.persons.segment("region");
    std::size_t t = 0, q = 0;
    for (std::size_t p = 0; p < r.persons.size(); ++p) {
      std::size_t t1 = t, q1 = q;
      while (t1 < r.tradelines.size() && r.tradelines[t1].person == p) ++t1;
      while (q1 < r.inquiries.size() && r.inquiries[q1].person == p) ++q1;
      engine::applicant<> a;
      a.as_of = r.persons.as_of[p];
      a.accounts = std::span<const features::tradeline_record>(r.tradelines.data() + t, t1 - t);
      a.inquiries = std::span<const features::inquiry_record>(r.inquiries.data() + q, q1 - q);
      a.group = static_cast<std::uint32_t>(group.codes()[p]);
      a.segment = static_cast<std::uint32_t>(region.codes()[p]);
      a.outcome = r.persons.bad[p];
      applicants.push_back(a);
      t = t1;
      q = q1;
    }
  }
};

}  // namespace credo::test
