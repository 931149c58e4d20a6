// A column that separates the target (a leak of the outcome, e.g. a field filled in after the
// decision) is flagged on its binning table, never shown silently as one useless bin; a
// suspicious IV (> 0.5) is flagged too. No figure of a column without a leak moves.
#include "german_credit.hpp"
#include <credo/binning.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace credo::binning;
using credo::column;
using credo::table;

namespace {

/// 200 rows, one bad in four; `leak` lies above 100 exactly for the bads, `noise` carries
/// nothing, `grade` names the outcome by category.
table leaky() {
  std::vector<double> leak, noise;
  std::vector<std::string> grade;
  std::vector<std::uint8_t> y;
  for (int r = 0; r < 200; ++r) {
    const bool bad = r % 4 == 0;
    y.push_back(bad ? 1 : 0);
    leak.push_back(bad ? 100 + r % 13 : r % 37);
    noise.push_back(r % 10);
    grade.push_back(bad ? (r % 8 == 0 ? "D" : "E") : (r % 3 == 0 ? "A" : "B"));
  }
  table t;
  t.add(column::numeric("leak", leak));
  t.add(column::numeric("noise", noise));
  t.add(column::categorical_from_labels("grade", grade));
  t.set_target(y);
  return t;
}

}  // namespace

TEST_CASE("a numeric column that separates the target is flagged, under every method") {
  const auto t = leaky();
  for (auto method : {binning_method::optimal, binning_method::chimerge, binning_method::equal_frequency,
                      binning_method::distinct}) {
    binning_options o;
    o.method = method;
    const auto b = fit(t, "leak", o);
    CHECK(b.separates());
    const auto w = b.warnings();
    REQUIRE(!w.empty());
    CHECK(w.front() ==
          "separates the target: every good is at most 36 and every bad at least 100; likely a leak of the outcome");
  }
  const auto printed = to_string(optimal(t, "leak"));
  CHECK(printed.find("(useless, separates the target)") != std::string::npos);
  CHECK(printed.find("  warning: separates the target: every good is at most 36") != std::string::npos);
}

TEST_CASE("a categorical column whose categories are all pure is flagged") {
  const auto b = optimal(leaky(), "grade");
  CHECK(b.separates());
  CHECK(b.warnings().front() ==
        "separates the target: each category holds only goods or only bads; likely a leak of the outcome");
}

TEST_CASE("a column that does not separate carries no warning") {
  const auto b = optimal(leaky(), "noise");
  CHECK_FALSE(b.separates());
  CHECK(b.warnings().empty());
}

TEST_CASE("German credit: only checking_status is flagged, for its suspicious IV; its figures stay") {
  const auto t = credo::test::german_credit();
  woe_encoder enc;
  enc.fit(t);
  for (const auto& tab : enc.tables()) {
    CHECK_FALSE(tab.separates());
    if (tab.column() == "checking_status") {
      CHECK(tab.iv() == doctest::Approx(0.6658).epsilon(1e-3));
      REQUIRE(tab.warnings().size() == 1);
      CHECK(tab.warnings().front().starts_with("IV 0.66"));
    } else {
      CHECK_MESSAGE(tab.warnings().empty(), tab.column());
    }
  }
}
