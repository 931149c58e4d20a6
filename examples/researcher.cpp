// The scorecard workflow step by step on the German credit data, each step with its own
// area's API (credo::model::fit_scorecard does the same in one call): read, bin with
// per-column options, rank by IV, select (IV, correlation, VIF, stepwise), fit the logistic
// regression, scale the card, explain one applicant, measure (AUC with DeLong CI, KS, gains,
// PSI) and check fairness by age. docs/tutorials/scorecard_german_credit.md walks through it.
//
//   researcher [DATA.csv]     (default: the repository's data/german_credit.csv)
#include <credo/binning.hpp>
#include <credo/fairness.hpp>
#include <credo/io/csv.hpp>
#include <credo/metrics.hpp>
#include <credo/model.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <map>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#ifndef CREDO_DATA_FILE
#define CREDO_DATA_FILE "data/german_credit.csv"
#endif

namespace {

/// The WoE columns `chosen` of X, whose columns are `all`.
Eigen::MatrixXd columns_of(const Eigen::MatrixXd& x, const std::vector<std::string>& all,
                           const std::vector<std::string>& chosen) {
  Eigen::MatrixXd out(x.rows(), static_cast<Eigen::Index>(chosen.size()));
  for (std::size_t j = 0; j < chosen.size(); ++j) {
    const auto at = std::find(all.begin(), all.end(), chosen[j]) - all.begin();
    out.col(static_cast<Eigen::Index>(j)) = x.col(at);
  }
  return out;
}

void print_dropped(const credo::model::selection_result& r) {
  for (const auto& d : r.dropped) std::printf("    dropped %-22s %s\n", d.name.c_str(), d.reason.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  namespace cb = credo::binning;
  namespace cm = credo::model;
  try {
    // 1. Read: target `class`, bad = 1.
    credo::io::csv_options opt;
    opt.target = "class";
    opt.bad_value = "bad";
    const auto t = credo::io::read_csv(argc > 1 ? argv[1] : CREDO_DATA_FILE, opt);
    std::printf("1. read %zu rows, %zu columns, bad rate %.3f\n", t.rows(), t.columns(),
                static_cast<double>(std::count(t.target().begin(), t.target().end(), 1)) / static_cast<double>(t.rows()));

    // 2. Bin: optimal binning (bins of at least 5 %) for every column but the protected ones,
    //    credit_amount at fixed cuts.
    cb::encoder_options eo;
    for (const auto& name : t.names())
      if (name != "age" && name != "personal_status" && name != "foreign_worker") eo.columns.push_back(name);
    eo.defaults.min_bin_size = 0.05;
    cb::binning_options amount;
    amount.method = cb::binning_method::fixed;
    amount.cuts = {1400, 1800, 4000, 9200};
    eo.per_column["credit_amount"] = amount;
    cb::woe_encoder enc(eo);
    enc.fit(t);
    std::printf("\n2. binned %zu columns; credit_amount at fixed cuts:\n%s", enc.columns().size(),
                cb::to_string(enc.table_of("credit_amount")).c_str());

    // 3. Rank by information value.
    const auto ranking = enc.iv_ranking();
    std::printf("\n3. information value:\n%s", cb::to_string(std::span<const cb::iv_entry>(ranking)).c_str());

    // 4. Select: IV >= 0.02, then |r| <= 0.7 between WoE columns (the weaker by IV leaves),
    //    VIFs, then forward stepwise by AIC.
    const Eigen::MatrixXd x_all = enc.transform(t);
    std::map<std::string, double, std::less<>> iv;
    for (const auto& e : ranking) iv[e.column] = e.iv;
    const auto by_iv = cm::iv_filter(iv, 0.02);
    std::printf("\n4. selection\n  IV >= 0.02 keeps %zu:\n", by_iv.kept.size());
    print_dropped(by_iv);
    std::map<std::string, double, std::less<>> iv_kept;
    for (const auto& c : by_iv.kept) iv_kept[c] = iv[c];
    const auto by_r = cm::correlation_filter(columns_of(x_all, enc.columns(), by_iv.kept), by_iv.kept, 0.7, iv_kept);
    std::printf("  |r| <= 0.7 keeps %zu%s\n", by_r.kept.size(), by_r.dropped.empty() ? " (none correlated above)" : ":");
    print_dropped(by_r);
    const Eigen::MatrixXd x_r = columns_of(x_all, enc.columns(), by_r.kept);
    const Eigen::VectorXd v = cm::vif(x_r);
    std::printf("  VIF: largest %.2f (%s), so no collinearity to remove at 5\n", v.maxCoeff(),
                by_r.kept[static_cast<std::size_t>(std::max_element(v.begin(), v.end()) - v.begin())].c_str());
    Eigen::VectorXd y(static_cast<Eigen::Index>(t.rows()));
    for (std::size_t r = 0; r < t.rows(); ++r) y[static_cast<Eigen::Index>(r)] = t.target()[r];
    const auto step = cm::stepwise(x_r, y, by_r.kept);  // forward, AIC
    std::printf("  forward stepwise by AIC:");
    for (const auto& s : step.path) std::printf(" +%s", s.name.c_str());
    std::printf("  (AIC %.2f)\n", step.value);

    // 5. Fit the logistic regression on the selected WoE columns.
    const auto& chosen = step.selected;
    cm::logistic_regression<> lr;
    if (lr.fit(columns_of(x_all, enc.columns(), chosen), t.target(), chosen) != cm::fit_status::success)
      throw std::runtime_error("the fit failed: " + lr.message());
    std::printf("\n5. logistic regression on WoE (%d iterations, log-likelihood %.4f, AIC %.2f)\n", lr.iterations(),
                lr.log_likelihood(), lr.aic());
    std::printf("  %-24s %9s %9s %8s %10s\n", "", "estimate", "std.err", "z", "p-value");
    const auto names = lr.param_names();
    const auto b = lr.params();
    const auto se = lr.std_errors();
    const auto z = lr.z_values();
    const auto p = lr.p_values();
    for (std::size_t i = 0; i < names.size(); ++i) {
      const auto k = static_cast<Eigen::Index>(i);
      std::printf("  %-24s %9.4f %9.4f %8.3f %10.3g\n", names[i].c_str(), b[k], se[k], z[k], p[k]);
    }

    // 6. The scorecard: 600 points at odds 50:1, 20 points to double the odds, integer points
    //    that keep the lowest and highest attainable score (largest-remainder rounding).
    std::vector<cb::binning_table> tables;
    for (const auto& c : chosen) tables.push_back(enc.table_of(c));
    cm::scorecard_options so;
    so.pdo = 20;
    so.base_score = 600;
    so.base_odds = 50;
    so.rounding = cm::rounding_method::largest_remainder;
    using card_t = cm::scorecard<double>;
    const auto card = card_t::from_tables(tables, lr, so);
    std::printf("\n6. scorecard: %zu characteristics, scores %.0f to %.0f; the first two:\n", card.size(),
                card.min_score(), card.max_score());
    const auto points = card.to_string();
    std::size_t cut = 0;
    for (int lines = 0; cut != std::string::npos && lines < 1 + static_cast<int>(card.characteristic(0).bins.size() +
                                                                                  card.characteristic(1).bins.size());
         ++lines)
      cut = points.find('\n', cut + 1);
    std::printf("%s\n", points.substr(0, cut).c_str());

    // 7. Reason codes for the first applicant.
    cm::reason_code why[4];
    const auto r0 = card.score(t, 0, why);
    std::printf("\n7. applicant 0: score %.0f, PD %.3f; reasons:\n", r0.score, card.pd_from_score(r0.score));
    for (std::uint32_t k = 0; k < r0.reasons; ++k) std::printf("    %s\n", card.describe(why[k]).c_str());

    // 8. Metrics on every applicant (in-sample).
    std::vector<double> scores;
    for (const auto& r : card.score(t)) scores.push_back(r.score);
    credo::metrics::auc<double> auc(credo::metrics::direction::higher_is_safer);  // scorecard points
    auc.fill(scores, t.target());
    credo::metrics::ks<double> ks;
    ks.fill(scores, t.target());
    const auto ci = auc.confidence_interval();
    const auto k = ks.result();
    std::printf("\n8. AUC %.4f (95%% DeLong %.4f - %.4f), Gini %.4f, KS %.4f at score %.0f\n", auc.value(), ci.lower,
                ci.upper, 2 * auc.value() - 1, k.value, k.at_score);
    credo::metrics::band_options quintiles;
    quintiles.count = 5;
    const auto gains = credo::metrics::gains_table(auc.rows(), credo::metrics::direction::higher_is_safer, quintiles);
    std::printf("  gains by quintile, riskiest first:\n  %-13s %6s %9s %13s %6s\n", "scores", "rows", "bad rate",
                "bads captured", "lift");
    for (const auto& g : gains)
      std::printf("  %5.0f - %5.0f %6zu %9.3f %13.3f %6.2f\n", g.score_min, g.score_max, g.rows, g.bad_rate,
                  g.cum_bad_share, g.lift);

    // 9. Stability: PSI of the second half's scores against the first half's (deciles).
    const std::size_t half = scores.size() / 2;
    const auto psi = credo::metrics::psi_from_scores<double>(std::span(scores).first(half),
                                                             std::span(scores).subspan(half));
    std::printf("\n9. PSI second half vs first half: %.4f (%s)\n", psi.value, credo::metrics::to_string(psi.verdict));

    // 10. Fairness by age at the cut-off of PD 25 %: approval rates, adverse impact ratio with
    //     its interval, Fisher's exact test.
    const double cutoff = std::round(card.score_from_pd(0.25));
    const auto groups = credo::fairness::groups_from(t, {"age", {25}});
    const auto counts = credo::fairness::count_groups<double>(t, groups, scores, cutoff);
    credo::fairness::assess_options ao;
    ao.reference = "age > 25";
    const auto rep = credo::fairness::assess(counts, ao);
    std::printf("\n10. fairness at cut-off %.0f (PD 25%%), reference age > 25:\n", cutoff);
    for (std::size_t g = 0; g < rep.groups.size(); ++g) {
      const auto& s = rep.groups[g];
      const auto& c = rep.vs_reference[g];
      std::printf("  %-9s n=%-4llu approval %.3f  bad rate %.3f", s.name.c_str(),
                  static_cast<unsigned long long>(s.rows), s.approval_rate, s.bad_rate);
      if (g != rep.reference())
        std::printf("  AIR %.3f (95%% %.3f - %.3f), Fisher p %.3g%s", rep.measures.adverse_impact_ratio.vs_reference[g],
                    c.adverse_impact_ratio_ci.lower, c.adverse_impact_ratio_ci.upper, c.fisher.p_value,
                    c.below_four_fifths ? ", below four-fifths" : "");
      std::printf("\n");
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "researcher: %s\n", e.what());
    return 1;
  }
}
