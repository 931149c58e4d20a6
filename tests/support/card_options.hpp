// Scorecard options with a rounding method and a missing action set (the rest as given).
#pragma once

#include <credo/model/scorecard_policies.hpp>

namespace credo::test {

inline model::scorecard_options card_options(model::rounding_method rounding,
                                             model::missing_action missing = model::missing_action::own_bin,
                                             model::scorecard_options o = {}) {
  o.rounding = rounding;
  o.missing = missing;
  return o;
}

}  // namespace credo::test
