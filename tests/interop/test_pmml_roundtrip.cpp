// The round trip card → PMML → card (docs/interop.md): a credo card fitted on German credit,
// written by credo's PMML export, read back by credo's PMML import, scores every row bit for
// bit as the original, both as credo's card and through the PMML evaluator. Compiled once the
// export (credo/interop/pmml_export.hpp, built beside the import) is in the tree.
#if __has_include(<credo/interop/pmml_export.hpp>)
#include <credo/interop/pmml_export.hpp>
#include <credo/interop/pmml_import.hpp>
#include <credo/model/workflow.hpp>

#include <doctest/doctest.h>

#include "card_options.hpp"
#include "german_credit.hpp"

#include <cstring>
#include <string>
#include <vector>

namespace {

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

}  // namespace

TEST_CASE("pmml round trip: credo card → PMML export → import scores every German credit row bit for bit") {
  using credo::model::missing_action;
  using credo::model::rounding_method;
  const auto t = credo::test::german_credit();
  struct variant {
    rounding_method rounding;
    missing_action missing;
    bool keeps_pd;  // whole points: the card's own scaling comes back
  };
  for (const auto v : {variant{rounding_method::nearest, missing_action::own_bin, true},
                       variant{rounding_method::largest_remainder, missing_action::error, true},
                       variant{rounding_method::nearest, missing_action::worst, true},
                       variant{rounding_method::none, missing_action::own_bin, false}}) {
    CAPTURE(credo::model::to_string(v.rounding));
    CAPTURE(credo::model::to_string(v.missing));
    credo::model::scorecard_plan plan;
    plan.scaling = credo::test::card_options(v.rounding, v.missing);
    const auto card = credo::model::fit_scorecard(t, plan).card;
    const auto m = credo::interop::pmml_model::from_string(credo::interop::scorecard_to_pmml(card));
    const auto back = credo::interop::to_scorecard(m);
    std::size_t scored = 0;
    std::vector<std::string> labels(m.fields().size());
    for (std::size_t r = 0; r < t.rows(); ++r) {
      const auto a = card.score(t, r);
      const auto b = back.score(t, r);
      std::vector<credo::model::input> row;
      for (std::size_t i = 0; i < m.fields().size(); ++i) {
        const auto& c = t[m.fields()[i].name];
        if (c.is_numeric()) {
          row.emplace_back(c.values()[r]);
        } else {
          labels[i] = c.codes()[r] == credo::column::missing_code ? "" : c.dictionary()[static_cast<std::size_t>(c.codes()[r])];
          row.emplace_back(std::string_view(labels[i]));
        }
      }
      const auto p = m.evaluate(row);
      REQUIRE(a.ok() == b.ok());
      REQUIRE(a.ok() == p.ok());
      if (!a.ok()) continue;
      ++scored;
      CHECK(same_bits(static_cast<double>(a.score), p.value));
      CHECK(same_bits(static_cast<double>(a.score), static_cast<double>(b.score)));
      if (v.keeps_pd) CHECK(same_bits(card.pd_from_score(a.score), back.pd_from_score(b.score)));
    }
    CHECK(scored == t.rows());
  }
}
#endif
