// The main job (./dev demo): the German credit data end to end. Bins every column, selects
// characteristics, fits the logistic regression, scales the scorecard, audits it on a held-out
// part (discrimination, calibration, stability, fairness by age over 25 and by sex) and
// writes report.html.
//
//   credo_demo [path/to/german_credit.csv] [path/to/report.html]
#include <credo/credo.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace {

/// Adds a categorical column "sex" from personal_status, whose labels start with the sex
/// ("male single", "female div/dep/mar", ...).
void add_sex(credo::table& t) {
  const auto& ps = t["personal_status"];
  std::vector<std::string> sex;
  for (auto code : ps.codes())
    sex.push_back(code == credo::column::missing_code ? ""
                  : ps.dictionary()[static_cast<std::size_t>(code)].rfind("female", 0) == 0 ? "female"
                                                                                            : "male");
  t.add(credo::column::categorical_from_labels("sex", sex));
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const auto start = std::chrono::steady_clock::now();
    const std::string path = argc > 1 ? argv[1] : CREDO_DATA_DIR "/german_credit.csv";
    const std::string out = argc > 2 ? argv[2] : "report.html";
    credo::io::csv_options opt;
    opt.target = "class";
    opt.bad_value = "bad";
    auto data = credo::io::read_csv(path, opt);
    std::printf("German credit: %zu applicants, %zu characteristics, target '%s' (bad = 1)\n\n", data.rows(),
                data.columns(), data.target_name().c_str());

    // A seeded 70/30 split: the card is built on one part and audited on the other.
    std::vector<std::size_t> rows(data.rows());
    std::iota(rows.begin(), rows.end(), 0);
    std::shuffle(rows.begin(), rows.end(), std::mt19937(20261126));
    const std::size_t n_train = data.rows() * 7 / 10;
    std::vector<std::size_t> train_rows(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(n_train));
    std::vector<std::size_t> test_rows(rows.begin() + static_cast<std::ptrdiff_t>(n_train), rows.end());
    std::sort(train_rows.begin(), train_rows.end());
    std::sort(test_rows.begin(), test_rows.end());
    const auto train = data.take(train_rows);
    auto test = data.take(test_rows);

    credo::model::scorecard_plan plan;  // optimal binning, IV >= 0.02, |r| <= 0.7, no penalty
    // Protected attributes are audited, not scored: age, sex (in personal_status) and
    // nationality (foreign_worker) stay out of the characteristics.
    for (const auto& name : train.names())
      if (name != "age" && name != "personal_status" && name != "foreign_worker") plan.binning.columns.push_back(name);
    plan.binning.threads = 2;
    plan.binning.defaults.min_bin_size = 0.05;
    const auto fitted = credo::model::fit_scorecard(train, plan);

    std::printf("Binning tables (optimal binning, automatic trend, bins of 5%% or more; training part):\n\n");
    for (const auto& table : fitted.encoder.tables())
      std::printf("%s\n", credo::binning::to_string(table).c_str());
    std::printf("Characteristics by information value (training part, %zu rows):\n%s\n", train.rows(),
                credo::binning::to_string(
                    std::span<const credo::binning::iv_entry>(fitted.encoder.iv_ranking()))
                    .c_str());
    std::printf("Dropped:\n");
    for (const auto& d : fitted.dropped) std::printf("  %-24s %s\n", d.name.c_str(), d.reason.c_str());
    std::printf("\nLogistic regression on WoE (%d iterations, log-likelihood %.4f, AIC %.2f):\n",
                fitted.model.iterations, fitted.model.log_likelihood, fitted.model.aic);
    std::printf("  %-24s %10s %10s %8s %10s\n", "", "estimate", "std.err", "z", "p-value");
    for (const auto& c : fitted.model.coefficients)
      std::printf("  %-24s %10.4f %10.4f %8.3f %10.4g\n", c.name.c_str(), c.estimate, c.std_error, c.z, c.p_value);
    std::printf("\nScorecard (600 points at 50:1, 20 points to double the odds):\n%s\n",
                fitted.card.to_string().c_str());

    add_sex(test);
    credo::report::audit_options ao;
    ao.title = "German credit scorecard (held-out 30%)";
    ao.data_name = path + ", the held-out 30% (" + std::to_string(test.rows()) + " rows)";
    ao.model = fitted.model;      // coefficients with standard errors, in the report
    ao.dropped = fitted.dropped;  // and the characteristics left out, with the reason
    ao.groups.push_back({{"age", {25}}, "age > 25"});
    ao.groups.push_back({{"sex", {}}, "male"});
    const auto audit = credo::report::audit_scorecard(test, fitted.card, ao);

    credo::metrics::auc<double> train_auc(credo::metrics::direction::higher_is_safer);  // points
    for (std::size_t r = 0; r < train.rows(); ++r)
      train_auc(fitted.training_scores[r], train.target()[r] != 0, train.weight(r));
    std::printf("Discrimination: AUC %.4f on training, %.4f held out (95%% DeLong %.4f - %.4f); Gini %.4f; "
                "KS %.4f at score %.1f\n",
                train_auc.value(), audit.auc, audit.auc_ci.lower, audit.auc_ci.upper, audit.gini, audit.ks,
                audit.ks_score);
    std::printf("Calibration: Brier %.4f, Hosmer-Lemeshow %.2f (df %.0f, p %.3f)\n", audit.brier,
                audit.hosmer_lemeshow.statistic, audit.hosmer_lemeshow.df, audit.hosmer_lemeshow.p_value);
    if (audit.psi)
      std::printf("Stability: PSI %.4f held out vs training (%s)\n", audit.psi->value,
                  credo::metrics::to_string(audit.psi->verdict));
    std::printf("Fairness at cut-off %.1f:\n", audit.cutoff);
    for (const auto& f : audit.fairness) {
      const auto& rep = f.report;
      for (std::size_t g = 0; g < rep.groups.size(); ++g) {
        const auto& s = rep.groups[g];
        std::printf("  %-6s %-10s n=%-4llu approval %.3f  AIR %.3f (%.3f - %.3f)%s%s\n", f.column.c_str(),
                    s.name.c_str(), static_cast<unsigned long long>(s.rows), s.approval_rate,
                    rep.measures.adverse_impact_ratio.vs_reference[g],
                    rep.vs_reference[g].adverse_impact_ratio_ci.lower,
                    rep.vs_reference[g].adverse_impact_ratio_ci.upper, g == rep.reference() ? "  reference" : "",
                    rep.vs_reference[g].below_four_fifths ? "  below four-fifths" : "");
      }
    }
    audit.html.save(out);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("\nWrote %s (%zu charts) in %.2f s.\n", std::filesystem::absolute(out).string().c_str(),
                audit.html.charts(), seconds);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "credo_demo: %s\n", e.what());
    return 1;
  }
}
