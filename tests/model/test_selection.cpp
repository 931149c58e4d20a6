#include "model_data.hpp"

#include <credo/model/selection.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace model = credo::model;
using credo::test::german_design_matrix;
using credo::test::logit_reference;

TEST_CASE("IV filter keeps columns at or above the threshold, strongest first") {
  const std::map<std::string, double, std::less<>> iv{
      {"age", 0.11}, {"duration", 0.35}, {"job", 0.01}, {"purpose", 0.17}, {"checking", 0.67}};
  const auto r = model::iv_filter(iv, 0.02, 0.5);
  CHECK(r.kept == std::vector<std::string>{"duration", "purpose", "age"});
  REQUIRE(r.dropped.size() == 2);
  CHECK(r.dropped[0].name == "checking");
  CHECK(r.dropped[0].reason == "IV 0.67 > 0.5");
  CHECK(r.dropped[1].name == "job");
  CHECK(r.dropped[1].reason == "IV 0.01 < 0.02");
  CHECK_THROWS_WITH_AS(model::iv_filter({{"x", -1.0}}),
                       "[credo.model.bad_iv] column 'x': IV -1 is not a finite number >= 0", credo::invalid_input);
}

TEST_CASE("correlation filter drops the weaker of each correlated pair") {
  // b = a + small noise (r close to 1), c independent of both, d = -a exactly.
  Eigen::MatrixXd x(6, 4);
  x << 1, 1.1, 5, -1,
       2, 1.9, 3, -2,
       3, 3.2, 6, -3,
       4, 3.9, 1, -4,
       5, 5.1, 4, -5,
       6, 6.0, 2, -6;
  const std::vector<std::string> names{"a", "b", "c", "d"};
  SUBCASE("ranked by IV") {
    const std::map<std::string, double, std::less<>> iv{{"a", 0.2}, {"b", 0.3}, {"c", 0.1}, {"d", 0.05}};
    const auto r = model::correlation_filter(x, names, 0.9, iv);
    CHECK(r.kept == std::vector<std::string>{"b", "c"});
    REQUIRE(r.dropped.size() == 2);
    CHECK(r.dropped[0].name == "a");
    CHECK(r.dropped[0].reason.starts_with("|r| = 0.99"));
    CHECK(r.dropped[0].reason.ends_with(" with 'b', which ranks higher"));
    CHECK(r.dropped[1].name == "d");
  }
  SUBCASE("ranked by a given priority") {
    const auto r = model::correlation_filter(x, names, 0.9, std::vector<std::string>{"d", "c", "b", "a"});
    CHECK(r.kept == std::vector<std::string>{"d", "c"});
    CHECK(r.dropped[0].name == "b");
    CHECK(r.dropped[1].reason == "|r| = 1 with 'd', which ranks higher");
  }
  SUBCASE("a threshold of 1 keeps everything") {
    const auto r = model::correlation_filter(x, names, 1.0, std::vector<std::string>{"a", "b", "c", "d"});
    CHECK(r.kept.size() == 4);
  }
  CHECK_THROWS_WITH_AS(model::correlation_filter(x, names, 0.9, std::vector<std::string>{"a"}),
                       "[credo.model.bad_priority] the priority names 1 columns, X has 4", credo::invalid_input);
  CHECK_THROWS_WITH_AS(model::correlation_filter(x, names, 0.9, std::vector<std::string>{"a", "b", "c", "e"}),
                       "[credo.model.unknown_column] no column 'e' in X", credo::invalid_input);
}

TEST_CASE("VIF matches statsmodels' variance_inflation_factor") {
  const auto d = german_design_matrix<double>();
  const auto& ref = logit_reference()["vif"];
  const Eigen::VectorXd v = model::vif(d.x.leftCols(7));
  REQUIRE(v.size() == 7);
  for (Eigen::Index j = 0; j < 7; ++j)
    CHECK(v[j] == doctest::Approx(ref["values"][static_cast<std::size_t>(j)].get<double>()).epsilon(1e-10));

  SUBCASE("an exact linear dependence gives infinity; the VIF filter drops it first") {
    Eigen::MatrixXd x(d.x.rows(), 4);
    x << d.x.col(0), d.x.col(4), d.x.col(0) + 2 * d.x.col(4), d.x.col(1);
    const Eigen::VectorXd w = model::vif(x);
    CHECK(std::isinf(w[0]));
    CHECK(std::isinf(w[2]));
    CHECK(std::isfinite(w[3]));
    const auto r = model::vif_filter(x, {"duration", "age", "mix", "amount"}, 5);
    REQUIRE(!r.dropped.empty());
    CHECK(r.dropped[0].name == "duration");  // the first of the largest (infinite) VIFs
    CHECK(r.dropped[0].reason == "VIF inf > 5");
    CHECK(r.kept.size() + r.dropped.size() == 4);
  }
}

namespace {

/// AIC (or BIC) and p-values of every subset of the columns, by brute force.
struct subset_fit {
  double aic, bic;
  std::vector<double> p;  // per column, NaN when not in the subset
  bool ok;
};

std::vector<subset_fit> all_subsets(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                    const std::vector<std::string>& names) {
  const auto p = static_cast<unsigned>(x.cols());
  std::vector<subset_fit> out(1u << p);
  for (unsigned mask = 0; mask < (1u << p); ++mask) {
    std::vector<Eigen::Index> idx;
    std::vector<std::string> sub_names;
    for (unsigned j = 0; j < p; ++j)
      if (mask & (1u << j)) idx.push_back(j), sub_names.push_back(names[j]);
    Eigen::MatrixXd sub(x.rows(), static_cast<Eigen::Index>(idx.size()));
    for (std::size_t c = 0; c < idx.size(); ++c) sub.col(static_cast<Eigen::Index>(c)) = x.col(idx[c]);
    model::logistic_regression<> m;
    auto& f = out[mask];
    f.ok = m.fit(sub, y, sub_names) == model::fit_status::success;
    f.aic = m.aic();
    f.bic = m.bic();
    f.p.assign(p, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t c = 0; c < idx.size(); ++c) f.p[static_cast<std::size_t>(idx[c])] = m.p_values()[static_cast<Eigen::Index>(c + 1)];
  }
  return out;
}

/// The forward path by the table: from `mask`, add the column giving the lowest value while
/// it is lower than the current one.
std::vector<std::string> forward_path(const std::vector<subset_fit>& t, const std::vector<std::string>& names,
                                      bool bic, unsigned& mask) {
  std::vector<std::string> path;
  auto value = [&](unsigned m) { return bic ? t[m].bic : t[m].aic; };
  while (true) {
    int best = -1;
    for (unsigned j = 0; j < names.size(); ++j)
      if (!(mask & (1u << j)) && (best < 0 || value(mask | (1u << j)) < value(mask | (1u << best)))) best = static_cast<int>(j);
    if (best < 0 || !(value(mask | (1u << best)) < value(mask))) return path;
    mask |= 1u << best;
    path.push_back(names[static_cast<std::size_t>(best)]);
  }
}

}  // namespace

TEST_CASE("stepwise selection follows the path found by brute force over all subsets") {
  const auto d = german_design_matrix<double>();
  // 7 numeric columns and two dummies: 512 subsets.
  Eigen::MatrixXd x(d.x.rows(), 9);
  x << d.x.leftCols(7), d.x.col(7), d.x.col(10);
  std::vector<std::string> names(d.names.begin(), d.names.begin() + 7);
  names.push_back(d.names[7]);
  names.push_back(d.names[10]);
  const Eigen::VectorXd y = d.y;
  const auto table = all_subsets(x, y, names);
  const unsigned full = (1u << 9) - 1;

  for (bool bic : {false, true}) {
    CAPTURE(bic);
    model::stepwise_options opt;
    opt.criterion = bic ? model::stepwise_criterion::bic : model::stepwise_criterion::aic;
    const auto r = model::stepwise(x, y, names, opt);
    unsigned mask = 0;
    const auto want = forward_path(table, names, bic, mask);
    REQUIRE(r.path.size() == want.size());
    for (std::size_t s = 0; s < want.size(); ++s) {
      CHECK(r.path[s].name == want[s]);
      CHECK(r.path[s].added);
    }
    CHECK(r.value == doctest::Approx(bic ? table[mask].bic : table[mask].aic).epsilon(1e-12));
    CHECK(r.path.size() >= 2);  // the problem is not trivial: several steps are taken
  }

  SUBCASE("backward by AIC") {
    model::stepwise_options opt;
    opt.direction = model::stepwise_direction::backward;
    const auto r = model::stepwise(x, y, names, opt);
    unsigned mask = full;
    std::vector<std::string> want;
    while (true) {
      int best = -1;
      for (unsigned j = 0; j < 9; ++j)
        if ((mask & (1u << j)) && (best < 0 || table[mask & ~(1u << j)].aic < table[mask & ~(1u << best)].aic))
          best = static_cast<int>(j);
      if (best < 0 || !(table[mask & ~(1u << best)].aic < table[mask].aic)) break;
      mask &= ~(1u << best);
      want.push_back(names[static_cast<std::size_t>(best)]);
    }
    REQUIRE(r.path.size() == want.size());
    for (std::size_t s = 0; s < want.size(); ++s) CHECK(r.path[s].name == want[s]);
    CHECK(r.path.size() >= 1);
    CHECK(r.value == doctest::Approx(table[mask].aic).epsilon(1e-12));
  }

  SUBCASE("forward by p-value with a forced column") {
    model::stepwise_options opt;
    opt.criterion = model::stepwise_criterion::p_value;
    opt.keep = {"age"};
    const auto r = model::stepwise(x, y, names, opt);
    unsigned mask = 1u << 4;  // age
    std::vector<std::string> want;
    while (true) {
      int best = -1;
      for (unsigned j = 0; j < 9; ++j)
        if (!(mask & (1u << j)) && (best < 0 || table[mask | (1u << j)].p[j] < table[mask | (1u << best)].p[static_cast<std::size_t>(best)]))
          best = static_cast<int>(j);
      if (best < 0 || !(table[mask | (1u << best)].p[static_cast<std::size_t>(best)] < 0.05)) break;
      mask |= 1u << best;
      want.push_back(names[static_cast<std::size_t>(best)]);
    }
    REQUIRE(r.path.size() == want.size());
    for (std::size_t s = 0; s < want.size(); ++s) CHECK(r.path[s].name == want[s]);
    CHECK(std::find(r.selected.begin(), r.selected.end(), "age") != r.selected.end());
  }
}
