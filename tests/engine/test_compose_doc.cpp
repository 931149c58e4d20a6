// The custom feature, decision policy and monitor of docs/engine_compose.md, assembled and run.
#include "service_fixture.hpp"

#include <credo/engine.hpp>
#include <credo/features.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cmath>

using namespace credo;
using credo::features::date;

namespace my {

// --- a feature: the share of open accounts that are revolving ---------------------------------
struct revolving_share {
  struct state { std::uint32_t open = 0, revolving = 0; };
  std::vector<std::string> names() const { return {"revolving_share"}; }
  void add(state& s, const features::account_view& a, const features::person_context&) const {
    if (!a.open()) return;
    ++s.open;
    s.revolving += a.type == features::account_type::revolving;
  }
  void finish(const state& s, const features::person_context&, std::span<double> out) const {
    out[0] = s.open ? static_cast<double>(s.revolving) / s.open : features::missing;  // no open account: missing
  }
};

// --- a decision policy: a PD ceiling per segment, with a refer band above it -----------------
struct pd_ceilings {
  std::vector<double> ceiling;  // per segment
  double refer_margin = 0.02;   // refer when ceiling < PD <= ceiling + margin
  std::string_view name() const { return "pd_ceilings"; }
  std::size_t segments() const { return ceiling.size(); }  // other segments: invalid input
  engine::verdict decide(const engine::decision_input& in) const {
    const double c = ceiling[in.segment];
    return in.pd <= c ? engine::verdict::approve
         : in.pd <= c + refer_margin ? engine::verdict::refer
                                     : engine::verdict::decline;
  }
};

// --- a monitor: how often each characteristic is the first reason ----------------------------
struct first_reasons {
  std::size_t characteristics = 0;  // an upper bound on the card size: every characteristic is a feature
  struct state {
    std::vector<std::uint64_t> count;
    state& operator+=(const state& o) {
      for (std::size_t i = 0; i < count.size(); ++i) count[i] += o.count[i];
      return *this;
    }
    bool operator==(const state&) const = default;
  };
  std::string_view name() const { return "first_reasons"; }
  void prepare(const engine::engine_info& info) { characteristics = info.features.size(); }
  state make_state() const { return {std::vector<std::uint64_t>(characteristics)}; }  // allocates once
  template <class A>
  void add(state& s, const A&, const engine::decision& d) const {
    if (d.reason_count > 0 && d.reason_codes[0].characteristic < s.count.size())
      ++s.count[d.reason_codes[0].characteristic];
  }
  std::vector<std::uint64_t> report(const state& s) const { return s.count; }
};

}  // namespace my

TEST_CASE("engine_compose.md: a feature, a policy and a monitor of one's own") {
  using my_features = features::feature_set<features::account_count, features::revolving_utilization,
                                            features::worst_delinquency<24>, features::inquiry_count<6>,
                                            my::revolving_share>;
  static_assert(features::extractor<my::revolving_share>);
  static_assert(credo::decision_policy<my::pd_ceilings>);
  static_assert(engine::monitor_policy<my::first_reasons>);

  // the hand card plus a characteristic on the new feature: (-inf, 0.5) WoE 0.2, [0.5, inf) WoE -0.3
  auto specs = test::hand_card().characteristics();
  specs.push_back({"revolving_share", binning::bins::numeric({0.5}), {0.2, -0.3, 0.0}, -1.0, {}});
  const model::scorecard<double> card(specs, -2.5);

  using my_engine = engine::engine<my_features, model::scorecard<double>, my::pd_ceilings, my::first_reasons,
                                   monitor::coverage>;
  const my_engine eng(my_features{}, card, my::pd_ceilings{{0.10, 0.30}});
  auto s = eng.make_session();

  test::hand_records h;  // one open revolving and one open installment account: share 0.5
  auto a = h.applicant();
  const auto d = eng.decide(a, s);
  REQUIRE(d.scored());
  CHECK(eng.last_row(s)[4] == 0.5);
  CHECK(d.pd > 0.4);  // the hand applicant is risky: declined in either segment
  CHECK(d.outcome == engine::verdict::decline);
  a.segment = 2;
  CHECK(eng.decide(a, s).problem == engine::input_problem::bad_segment);

  const test::synthetic_applicants pop(2000, 21);
  std::array<std::uint64_t, 3> verdicts{};
  for (auto ap : pop.applicants) {
    ap.segment = ap.segment % 2;
    const auto dd = eng.decide(ap, s);
    if (dd.scored()) ++verdicts[static_cast<std::size_t>(dd.outcome)];
  }
  CHECK(verdicts[0] > 0);  // some approved,
  CHECK(verdicts[1] > 0);  // some declined,
  CHECK(verdicts[2] > 0);  // some referred (PD within 2 points of the ceiling)
  const auto snap = eng.snapshot(s);
  const auto& firsts = snap.get<0>();
  std::uint64_t with_reason = 0;
  for (auto c : firsts) with_reason += c;
  CHECK(firsts.size() == 5);
  CHECK(with_reason > 1000);
  CHECK(snap.get<1>().decisions() == 2002);
}
