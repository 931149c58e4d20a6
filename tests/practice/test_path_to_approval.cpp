// credo::model::path_to_approval (include/credo/model/path_to_approval.hpp): hand-derived
// paths, exactness against brute-force enumeration on random cards, rescoring the changed
// row of German credit applicants through the card, and the errors.
#include "german_credit.hpp"
#include "test_support.hpp"

#include <credo/io/model_file.hpp>
#include <credo/model/path_to_approval.hpp>
#include <credo/model/scorecard.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace path_to_approval_test {

using credo::binning::bins;
using credo::model::approval_options;
using credo::model::characteristic_spec;
using credo::model::path_to_approval;
using card_t = credo::model::scorecard<>;

// Points equal to WoE: PDO ln 2 (Factor 1), odds 1:1 at the base score (Offset = base score),
// a separate base-points line, intercept 0 and every coefficient −1 (points = −β·WoE·Factor).
credo::model::scorecard_options unit_points(double base = 100) {
  credo::model::scorecard_options o;
  o.pdo = std::log(2.0);
  o.base_odds = 1;
  o.base_score = base;
  o.intercept = credo::model::intercept_points::separate;
  return o;
}

// a: numeric, cuts 1, 2, 3, special −1:  points 0, 3, 5, 6 | special 10 | missing 0
// b: categorical {x}, {y}, {z}:          points 0, 4, 1    | missing 50 (never a target)
card_t hand_card() {
  characteristic_spec a{"a", bins::numeric({1.0, 2.0, 3.0}, {-1.0}), {0, 3, 5, 6, 10, 0}, -1.0, {}};
  characteristic_spec b{"b", bins::categorical({{"x"}, {"y"}, {"z"}}), {0, 4, 1, 50}, -1.0, {}};
  return card_t({a, b}, 0.0, unit_points());
}

struct change_t {
  std::size_t characteristic, from, to;
  double points;
};
std::vector<change_t> changes_of(const credo::model::approval_path& p) {
  std::vector<change_t> v;
  for (const auto& c : p.changes) v.push_back({c.characteristic, c.from, c.to, c.points});
  return v;
}
bool operator==(const change_t& x, const change_t& y) {
  return x.characteristic == y.characteristic && x.from == y.from && x.to == y.to && x.points == y.points;
}

TEST_CASE("path to approval: hand-derived paths on a two-characteristic card") {
  const card_t card = hand_card();
  REQUIRE(card.base_points() == 100);
  const std::vector<std::uint32_t> start{0, 0};  // a < 1, b = x: score 100
  auto path = [&](double cutoff, std::vector<std::string> actionable = {}, bool specials = false) {
    return path_to_approval<>(card, approval_options{cutoff, std::move(actionable), specials})(start);
  };
  SUBCASE("already approved") {
    const auto p = path(100);
    CHECK(p.score == 100);
    CHECK(p.approved);
    CHECK(p.reachable);
    CHECK(p.changes.empty());
    CHECK(p.new_score == 100);
  }
  SUBCASE("need 1: one step, the most points (b to y, +4, over a to [1, 2), +3)") {
    const auto p = path(101);
    CHECK_FALSE(p.approved);
    REQUIRE(p.reachable);
    CHECK(changes_of(p) == std::vector<change_t>{{1, 0, 1, 4}});
    CHECK(p.steps == 1);
    CHECK(p.new_score == 104);
  }
  SUBCASE("need 5: two steps in one characteristic (a to [2, 3), +5) over two (a +3, b +4)") {
    const auto p = path(105);
    CHECK(changes_of(p) == std::vector<change_t>{{0, 0, 2, 5}});
    CHECK(p.steps == 2);
    CHECK(p.new_score == 105);
  }
  SUBCASE("need 8: three steps, a to [2, 3) and b to y") {
    const auto p = path(108);
    CHECK(changes_of(p) == std::vector<change_t>{{0, 0, 2, 5}, {1, 0, 1, 4}});
    CHECK(p.steps == 3);
    CHECK(p.points == 9);
    CHECK(p.new_score == 109);
  }
  SUBCASE("need 10: a to [3, inf) and b to y, four steps") {
    const auto p = path(110);
    CHECK(changes_of(p) == std::vector<change_t>{{0, 0, 3, 6}, {1, 0, 1, 4}});
    CHECK(p.new_score == 110);
  }
  SUBCASE("only a actionable: at most +6, so 108 is out of reach; the missing bin of b is never a target") {
    const auto p = path(108, {"a"});
    CHECK_FALSE(p.reachable);
    CHECK(p.changes.empty());
    CHECK(std::isnan(p.new_score));
    CHECK_FALSE(path(111).reachable);  // +6 + 4: b's missing bin (+50) would, but is no target
  }
  SUBCASE("special values are targets only when asked") {
    CHECK_FALSE(path(108, {"a"}).reachable);
    const auto p = path(108, {"a"}, true);
    CHECK(changes_of(p) == std::vector<change_t>{{0, 0, 4, 10}});
    CHECK(p.steps == 1);  // a special value has no place on the axis: one step
    CHECK(p.new_score == 110);
  }
  SUBCASE("from the special bin a move to an interval is one step") {
    const std::vector<std::uint32_t> special{4, 2};  // a = −1 (10), b = z (1): 111
    const auto p = path_to_approval<>(card, approval_options{114, {}, false})(special);
    CHECK(p.score == 111);
    CHECK(changes_of(p) == std::vector<change_t>{{1, 2, 1, 3}});
  }
}

TEST_CASE("path to approval: bin steps") {
  const bins n = bins::numeric({1.0, 2.0, 3.0}, {-1.0});
  CHECK(credo::model::bin_steps(n, 0, 3) == 3);
  CHECK(credo::model::bin_steps(n, 3, 1) == 2);
  CHECK(credo::model::bin_steps(n, 2, 2) == 0);
  CHECK(credo::model::bin_steps(n, 4, 0) == 1);  // from the special value
  CHECK(credo::model::bin_steps(n, 5, 3) == 1);  // from missing
  const bins c = bins::categorical({{"x"}, {"y"}, {"z"}});
  CHECK(credo::model::bin_steps(c, 0, 2) == 1);
  CHECK(credo::model::example_value(n, 0) == "0");
  CHECK(credo::model::example_value(n, 2) == "2");
  CHECK(credo::model::example_value(n, 4) == "-1");
  CHECK(credo::model::example_value(n, 5) == "");
  CHECK(credo::model::example_value(c, 1) == "y");
  for (std::size_t b = 0; b + 1 < n.size(); ++b) CHECK(n.bin_of(std::stod(credo::model::example_value(n, b))) == b);
}

// --- exactness: brute force over every combination on random small cards ----------------------

struct objective {
  std::size_t steps = 0, changed = 0;
  double points = 0;
};

// Every choice of one bin per actionable characteristic (keep, or any target), the best by
// (steps, changed, −points) among those reaching `need`; none when nothing does.
std::optional<objective> brute_force(const card_t& card, const std::vector<std::uint32_t>& start,
                                     const std::vector<std::size_t>& actionable, double cutoff, bool specials) {
  std::optional<objective> best;
  std::vector<std::uint32_t> pick(start);
  const double score = card.score_bins(start).score;
  auto visit = [&](auto&& self, std::size_t a, objective o) -> void {
    if (a == actionable.size()) {
      if (!(score + o.points >= cutoff)) return;
      if (!best || std::tie(o.steps, o.changed) < std::tie(best->steps, best->changed) ||
          (o.steps == best->steps && o.changed == best->changed && o.points > best->points))
        best = o;
      return;
    }
    const std::size_t j = actionable[a];
    const auto& b = card.characteristic(j).bins;
    self(self, a + 1, o);  // keep
    const std::size_t last = specials ? b.missing_bin() : b.regular();
    for (std::size_t t = 0; t < last; ++t) {
      if (t == start[j]) continue;
      objective m = o;
      m.steps += credo::model::bin_steps(b, start[j], t);
      m.changed += 1;
      m.points += card.scored_points(j, t) - card.scored_points(j, start[j]);
      self(self, a + 1, m);
    }
  };
  visit(visit, 0, {});
  return best;
}

card_t random_card(std::mt19937& rng, bool rounded) {
  std::uniform_int_distribution<int> nchar(1, 4), nbins(1, 4), woe(-8, 8), kind(0, 2), nspecial(0, 1);
  std::uniform_real_distribution<double> real_woe(-3, 3);
  std::vector<characteristic_spec> specs;
  const int n = nchar(rng);
  for (int j = 0; j < n; ++j) {
    characteristic_spec s;
    s.name = "c" + std::to_string(j);
    s.coefficient = -1;
    if (kind(rng) == 0) {
      std::vector<std::vector<std::string>> groups(static_cast<std::size_t>(nbins(rng) + 1));
      for (std::size_t g = 0; g < groups.size(); ++g) groups[g] = {"g" + std::to_string(g)};
      s.bins = bins::categorical(groups);
    } else {
      std::vector<double> cuts;
      for (int i = 0, k = nbins(rng); i < k; ++i) cuts.push_back(10.0 * (i + 1));
      std::vector<double> sp;
      if (nspecial(rng)) sp.push_back(-1);
      s.bins = bins::numeric(cuts, sp);
    }
    for (std::size_t b = 0; b < s.bins.size(); ++b) s.woe.push_back(rounded ? woe(rng) : real_woe(rng));
    specs.push_back(std::move(s));
  }
  auto o = unit_points();
  if (!rounded) {
    o.rounding = credo::model::rounding_method::none;
    o.pdo = 20;  // Factor 20/ln 2: points with many decimals
  }
  return card_t(std::move(specs), 0.25, o);
}

void check_exact(bool rounded, std::uint32_t seed) {
  std::mt19937 rng(seed);
  int reachable = 0, unreachable = 0, multi = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const card_t card = random_card(rng, rounded);
    std::vector<std::uint32_t> start(card.size());
    for (std::size_t j = 0; j < card.size(); ++j)
      start[j] = std::uniform_int_distribution<std::uint32_t>(0, static_cast<std::uint32_t>(card.characteristic(j).bins.size() - 1))(rng);
    const double score = card.score_bins(start).score;
    std::vector<std::string> names;
    std::vector<std::size_t> actionable;
    for (std::size_t j = 0; j < card.size(); ++j)
      if (rng() % 4 != 0) {
        names.push_back(card.characteristic(j).name);
        actionable.push_back(j);
      }
    if (names.empty()) actionable.clear();
    if (names.empty())
      for (std::size_t j = 0; j < card.size(); ++j) actionable.push_back(j);  // empty = every one
    const bool specials = rng() % 2 == 0;
    const double cutoff = score + std::uniform_real_distribution<double>(0.5, rounded ? 20.0 : 200.0)(rng);
    const auto p = path_to_approval<>(card, approval_options{cutoff, names, specials})(start);
    const auto want = brute_force(card, start, actionable, cutoff, specials);
    INFO("seed " << seed << " trial " << trial);
    REQUIRE(p.reachable == want.has_value());
    CHECK_FALSE(p.approved);
    if (!want) {
      ++unreachable;
      continue;
    }
    ++reachable;
    multi += p.changes.size() > 1;
    CHECK(p.steps == want->steps);
    CHECK(p.changes.size() == want->changed);
    if (rounded) CHECK(p.points == want->points);
    else CHECK(p.points == doctest::Approx(want->points).epsilon(1e-12));
    // The changes add up, touch only actionable characteristics, never the missing bin, and
    // the changed bins rescored reach the cut-off with the score + the points.
    std::vector<std::uint32_t> changed(start);
    std::size_t steps = 0;
    for (const auto& c : p.changes) {
      CHECK(std::find(actionable.begin(), actionable.end(), c.characteristic) != actionable.end());
      CHECK(c.from == start[c.characteristic]);
      CHECK(c.to != card.characteristic(c.characteristic).bins.missing_bin());
      CHECK(c.points > 0);
      steps += c.steps;
      changed[c.characteristic] = static_cast<std::uint32_t>(c.to);
    }
    CHECK(steps == p.steps);
    CHECK(p.new_score == card.score_bins(changed).score);
    CHECK(p.new_score >= cutoff);
    if (rounded) CHECK(p.new_score == p.score + p.points);
  }
  // The random cards exercise both outcomes and paths of several changes.
  CHECK(reachable > 100);
  CHECK(unreachable > 20);
  CHECK(multi > 30);
}

TEST_CASE("path to approval: exact against brute force on random cards, rounded points") {
  check_exact(true, 20261203);
}

TEST_CASE("path to approval: exact against brute force on random cards, unrounded points") {
  check_exact(false, 7);
}

// --- German credit: rescoring the changed row --------------------------------------------------

TEST_CASE("path to approval: German credit, the changed row rescored gives new_score") {
  const auto card = credo::io::load_scorecard(credo::test::reference_path("monitoring_card.json"));
  const credo::table t = credo::test::german_credit();
  const std::vector<std::string> actionable{"duration", "credit_amount", "savings_status", "checking_status"};
  const double cutoff = 540;
  const path_to_approval<> explain(card, approval_options{cutoff, actionable, false});
  std::size_t declined = 0, found = 0, none = 0;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const auto p = explain(t, r);
    REQUIRE(p.status == credo::model::score_status::ok);
    CHECK(p.score == card.score(t, r).score);
    CHECK(p.approved == (p.score >= cutoff));
    if (p.approved) continue;
    ++declined;
    if (!p.reachable) {
      ++none;
      continue;
    }
    ++found;
    // The row with each changed characteristic's value replaced by a value of its new bin.
    credo::table changed;
    for (std::size_t j = 0; j < card.size(); ++j) {
      const auto& c = card.characteristic(j);
      const auto& col = t[c.name];
      const credo::model::bin_change* move = nullptr;
      for (const auto& ch : p.changes)
        if (ch.characteristic == j) move = &ch;
      if (col.is_numeric()) {
        const double v = move ? std::stod(credo::model::example_value(c.bins, move->to)) : col.values()[r];
        changed.add(credo::column::numeric(c.name, {v}));
      } else {
        const std::string v = move ? credo::model::example_value(c.bins, move->to)
                                   : col.dictionary()[static_cast<std::size_t>(col.codes()[r])];
        changed.add(credo::column::categorical_from_labels(c.name, {v}));
      }
      if (move) CHECK(c.bins.label(move->from) != c.bins.label(move->to));
    }
    const auto rescored = card.score(changed, 0);
    REQUIRE(rescored.ok());
    CHECK(rescored.score == p.new_score);
    CHECK(p.new_score >= cutoff);
    CHECK(p.new_score == p.score + p.points);
  }
  CHECK(declined > 300);
  CHECK(found > 100);
  CHECK(none > 10);
}

TEST_CASE("path to approval: errors and unscored rows") {
  const card_t card = hand_card();
  CHECK_THROWS_WITH_AS(path_to_approval<>(card, approval_options{credo::test::NaN, {}, false}),
                       doctest::Contains("[credo.scorecard.bad_cutoff]"), credo::invalid_input);
  CHECK_THROWS_WITH_AS(path_to_approval<>(card, approval_options{100, {"a", "c"}, false}),
                       doctest::Contains("[credo.scorecard.unknown_actionable] actionable characteristic 'c' is not on "
                                         "the card (a, b)"),
                       credo::invalid_input);
  const path_to_approval<> explain(card, approval_options{120, {}, false});
  const std::vector<std::uint32_t> one{0};
  CHECK_THROWS_WITH_AS(explain(one), doctest::Contains("[credo.scorecard.size_mismatch]"), credo::invalid_input);
  credo::table t;
  t.add(credo::column::numeric("a", {0.5}));
  t.add(credo::column::categorical_from_labels("b", {"x"}));
  CHECK_THROWS_WITH_AS(explain(t, 1), doctest::Contains("[credo.table.row_out_of_range]"), credo::invalid_input);
  CHECK(explain(t, 0).score == 100);
  // A code outside the bins: the scoring status, no path.
  const std::vector<std::uint32_t> bad{9, 0};
  const auto p = explain(bad);
  CHECK(p.status == credo::model::score_status::bad_code);
  CHECK_FALSE(p.reachable);
  // missing_action::error: an applicant with a missing value is not scored, so has no path.
  auto o = unit_points();
  o.missing = credo::model::missing_action::error;
  const card_t strict({card.characteristic(0), card.characteristic(1)}, 0.0, o);
  const std::vector<std::uint32_t> missing{0, 3};
  const auto q = path_to_approval<>(strict, approval_options{120, {}, false})(missing);
  CHECK(q.status == credo::model::score_status::missing_value);
  CHECK_FALSE(q.reachable);
}

}  // namespace path_to_approval_test
