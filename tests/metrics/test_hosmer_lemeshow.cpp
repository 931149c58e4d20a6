// Hosmer–Lemeshow under its three groupings (credo's equal-count bands, R's hoslem.test,
// Stata's estat gof) with the partition exposed, against tests/reference/
// hosmer_lemeshow_reference.py (each grouping from its documented rule) and
// hosmer_lemeshow_r.json (R's own quantile() and cut(), hosmer_lemeshow_reference.R).
#include <credo/metrics.hpp>

#include "german_credit.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace {

namespace hm = credo::metrics;
using hm::hosmer_lemeshow_grouping;

nlohmann::json hl_json(const char* file) {
  std::ifstream in(credo::test::reference_path(file));
  REQUIRE(in);
  return nlohmann::json::parse(in);
}

struct hl_rows {
  std::vector<double> p, w;
  std::vector<std::uint8_t> y;
};

hl_rows hl_case(const std::string& name) {
  hl_rows r;
  if (name == "small") {
    r.p = {1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4, 4, 5, 6, 6, 6, 7, 7};
    for (auto& x : r.p) x /= 10;
    r.y = {0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 1, 1, 1};
    r.w.assign(r.p.size(), 1.0);
    return r;
  }
  const auto t = credo::test::german_credit();
  const auto dur = t["duration"].values(), amt = t["credit_amount"].values();
  for (std::size_t i = 0; i < t.rows(); ++i) {
    r.p.push_back(name == "spread" ? (5 * dur[i] + std::fmod(amt[i], 200) + 50) / 1000 : (10 * dur[i] + 20) / 1000);
    r.y.push_back(t.target()[i]);
    r.w.push_back(name == "tied_weighted" ? 1.0 + static_cast<double>(i % 3) : 1.0);
  }
  return r;
}

hosmer_lemeshow_grouping hl_grouping(const std::string& s) {
  return s == "r_quantile"    ? hosmer_lemeshow_grouping::r_quantile
         : s == "stata_xtile" ? hosmer_lemeshow_grouping::stata_xtile
                              : hosmer_lemeshow_grouping::equal_count;
}

template <class Rows>
void hl_check(const hm::hosmer_lemeshow_result& r, const nlohmann::json& c) {
  CHECK(r.statistic == doctest::Approx(c["statistic"].get<double>()).epsilon(1e-12));
  CHECK(r.groups == c["groups"].get<std::size_t>());
  CHECK(r.df == c["df"].get<double>());
  CHECK(r.p_value == doctest::Approx(c["p_value"].get<double>()).epsilon(1e-9).scale(1e-15));
  CHECK(std::string(hm::to_string(r.grouping)) == c["grouping"].get<std::string>());
  REQUIRE(r.partition.size() == c["partition"].size());
  for (std::size_t k = 0; k < r.partition.size(); ++k) {
    const auto& b = r.partition[k];
    const auto& w = c["partition"][k];
    CAPTURE(k);
    CHECK(b.rows == w["rows"].get<std::size_t>());
    CHECK(b.weight == w["weight"].get<double>());
    CHECK(b.observed_bads == w["observed_bads"].get<double>());
    CHECK(b.expected_bads == doctest::Approx(w["expected_bads"].get<double>()).epsilon(1e-13));
    CHECK(b.entered == w["entered"].get<bool>());
    if (w["p_min"].is_null()) {
      CHECK(std::isnan(b.p_min));
    } else {
      CHECK(b.p_min == w["p_min"].get<double>());
      CHECK(b.p_max == w["p_max"].get<double>());
    }
  }
}

}  // namespace

TEST_CASE("Hosmer-Lemeshow under each grouping equals the reference, every row kept or one per distinct p") {
  const auto ref = hl_json("hosmer_lemeshow_reference.json");
  REQUIRE(ref["cases"].size() == 21);
  for (const auto& c : ref["cases"]) {
    CAPTURE(c["case"].get<std::string>());
    CAPTURE(c["grouping"].get<std::string>());
    CAPTURE(c["groups_asked"].get<int>());
    const auto rows = hl_case(c["case"]);
    hm::calibration<double> every;
    hm::calibration<double, hm::score_histogram<double>> hist;
    every.fill(rows.p, rows.y, rows.w);
    hist.fill(rows.p, rows.y, rows.w);
    const auto how = hl_grouping(c["grouping"]);
    const std::size_t g = c["groups_asked"];
    hl_check<void>(every.hosmer_lemeshow(g, how), c);
    hl_check<void>(hist.hosmer_lemeshow(g, how), c);
  }
}

TEST_CASE("R's grouping is R's: partition and test as quantile() and cut() give them") {
  const auto ref = hl_json("hosmer_lemeshow_r.json");
  for (const auto& c : ref["cases"]) {
    CAPTURE(c["case"].get<std::string>());
    const auto rows = hl_case(c["case"]);
    hm::calibration<double> acc;
    acc.fill(rows.p, rows.y, rows.w);
    const auto r = acc.hosmer_lemeshow(c["groups"].get<std::size_t>(), hosmer_lemeshow_grouping::r_quantile);
    CHECK(r.statistic == doctest::Approx(c["statistic"].get<double>()).epsilon(1e-12));
    CHECK(r.df == c["df"].get<double>());
    REQUIRE(r.partition.size() == c["weight"].size());
    for (std::size_t k = 0; k < r.partition.size(); ++k) {
      CHECK(r.partition[k].weight == c["weight"][k].get<double>());
      CHECK(r.partition[k].observed_bads == c["observed_bads"][k].get<double>());
      CHECK(r.partition[k].expected_bads == doctest::Approx(c["expected_bads"][k].get<double>()).epsilon(1e-13));
      CHECK(r.partition[k].p_min == c["p_min"][k].get<double>());
      CHECK(r.partition[k].p_max == c["p_max"][k].get<double>());
    }
  }
}

TEST_CASE("the equal-count grouping is today's test, bit for bit, now with its partition") {
  const auto rows = hl_case("spread");
  hm::calibration<double> acc;
  acc.fill(rows.p, rows.y, rows.w);
  const auto old = acc.hosmer_lemeshow(10), now = acc.hosmer_lemeshow(10, hosmer_lemeshow_grouping::equal_count);
  CHECK(old.statistic == now.statistic);
  CHECK(old.p_value == now.p_value);
  CHECK(old.grouping == hosmer_lemeshow_grouping::equal_count);
  const auto table = acc.table();
  REQUIRE(now.partition.size() == table.size());
  for (std::size_t k = 0; k < table.size(); ++k) {
    CHECK(now.partition[k].weight == table[k].weight);
    CHECK(now.partition[k].expected_bads == table[k].expected_bads);
  }
  // The small sample tells the three apart: 4, 3 and 3 groups, three statistics.
  const auto s = hl_case("small");
  hm::calibration<double> small;
  small.fill(s.p, s.y, s.w);
  const auto e = small.hosmer_lemeshow(4), r = small.hosmer_lemeshow(4, hosmer_lemeshow_grouping::r_quantile),
             t = small.hosmer_lemeshow(4, hosmer_lemeshow_grouping::stata_xtile);
  CHECK(e.partition.size() == 4);
  CHECK(r.partition[1].weight != t.partition[1].weight);
  CHECK_THROWS_WITH_AS(small.hosmer_lemeshow(2, hosmer_lemeshow_grouping::stata_xtile),
                       "[credo.metrics.bad_bands] hosmer_lemeshow: 2 groups; the test needs at least 3",
                       credo::invalid_input);
  hm::calibration<double> empty;
  empty(0.5, true, 0);
  CHECK_THROWS_WITH_AS(empty.hosmer_lemeshow(3, hosmer_lemeshow_grouping::r_quantile),
                       "[credo.metrics.empty] hosmer_lemeshow: no row with positive weight", credo::numeric_error);
}
