#include <credo/credo.hpp>
#include <cstdio>

int main() {
  credo::io::csv_options opt;
  opt.target = "class";  // the outcome column; "bad" is the event (bad = 1)
  opt.bad_value = "bad";
  auto data = credo::io::read_csv("data/german_credit.csv", opt);

  credo::model::scorecard_plan plan;  // optimal binning, IV and correlation filters, PDO 20
  for (const auto& name : data.names())
    if (name != "age" && name != "personal_status" && name != "foreign_worker")  // protected
      plan.binning.columns.push_back(name);
  const auto fitted = credo::model::fit_scorecard(data, plan);
  const auto& card = fitted.card;

  credo::model::reason_code why[4];
  const auto r = card.score(data, 0, why);  // the first applicant
  std::printf("score %.0f, PD %.3f\n", r.score, card.pd_from_score(r.score));
  for (unsigned k = 0; k < r.reasons; ++k) std::printf("  %s\n", card.describe(why[k]).c_str());
}
