// The card the report tests audit: German credit without the protected columns (age,
// personal_status, foreign_worker), optimal bins of at least 5 % of the rows; fitted once.
#pragma once

#include "german_credit.hpp"

#include <credo/model/workflow.hpp>

namespace credo::test {

struct german_card_fixture {
  credo::table data = german_credit();
  credo::model::fitted_scorecard fit = [this] {
    credo::model::scorecard_plan plan;
    for (const auto& n : data.names())
      if (n != "age" && n != "personal_status" && n != "foreign_worker") plan.binning.columns.push_back(n);
    plan.binning.defaults.min_bin_size = 0.05;
    return credo::model::fit_scorecard(data, plan);
  }();
};

inline const german_card_fixture& german_card() {
  static const german_card_fixture f;
  return f;
}

}  // namespace credo::test
