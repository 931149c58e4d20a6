// credo report MODEL.json DATA --target COL --bad VALUE [--cutoff SCORE]
//   [--group COL[:CUT,CUT...] [--reference VALUE]]... [--html report.html] [--json]
// Metrics, calibration, stability against the training scores kept in the model file, and
// fairness by each named group (numeric columns banded at the given cuts, e.g. age:25).
#include "commands.hpp"
#include "common.hpp"

#include <credo/io/model_file.hpp>
#include <credo/report/scorecard_report.hpp>

#include <memory>

namespace credo::cli {

namespace {

fairness::group_by parse_group(const std::string& spec) {
  fairness::group_by g;
  const auto colon = spec.find(':');
  g.column = spec.substr(0, colon);
  if (colon == std::string::npos) return g;
  std::string rest = spec.substr(colon + 1);
  std::size_t start = 0;
  while (start <= rest.size()) {
    const auto comma = rest.find(',', start);
    const std::string part = rest.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    double v;
    if (!io::detail::parse_number(part, v))
      CREDO_THROW(invalid_input, "credo.cli.bad_group",
                  "--group " + spec + ": '" + part + "' is not a number (use COLUMN or COLUMN:CUT,CUT)");
    g.cuts.push_back(v);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return g;
}

nlohmann::ordered_json interval_json(const metrics::interval& i) { return {i.lower, i.upper}; }

template <class D>
nlohmann::ordered_json disparity_json(const D& d) {
  return {{"vs_reference", d.vs_reference}, {"across", d.across}};
}

}  // namespace

command add_report(CLI::App& app) {
  auto* sub = app.add_subcommand("report", "audit a model file on labelled data: metrics, stability, fairness");
  struct opts {
    std::string model;
    data_options data;
    std::optional<double> cutoff;
    std::vector<std::string> groups, references;
    std::string html;
    bool json = false;
  };
  auto o = std::make_shared<opts>();
  sub->add_option("MODEL", o->model, "model file written by credo fit --out")->required();
  add_data_options(*sub, o->data);
  sub->add_option("--cutoff", o->cutoff, "approve at or above this score (default: PD at the observed bad rate)")
      ->check(finite_number());
  // One value per occurrence: a repeated option never swallows DATA.
  sub->add_option("--group", o->groups, "a group column, numeric ones with cuts: age:25 (repeatable)")
      ->allow_extra_args(false);
  sub->add_option("--reference", o->references, "reference group of each --group, in order (repeatable)")
      ->allow_extra_args(false);
  sub->add_option("--html", o->html, "write the self-contained HTML report here (- for stdout)");
  sub->add_flag("--json", o->json, "one JSON document on stdout");
  sub->footer(help_footer("credo report card.json data/german_credit.csv --target class --bad bad --group age:25 "
                          "--reference 'age > 25' --html report.html"));
  return [sub, o]() -> int {
    if (!sub->parsed()) return -1;
    if (o->references.size() > o->groups.size())
      CREDO_THROW(invalid_input, "credo.cli.bad_group",
                  std::to_string(o->references.size()) + " --reference for " + std::to_string(o->groups.size()) +
                      " --group");
    outputs outs;
    const bool html = sub->count("--html") > 0;
    if (html) outs.add("--html", o->html, {o->model, o->data.path});
    const auto card = io::load_scorecard(o->model);
    // The characteristics' kinds from the model file; a row with a cell the card cannot use
    // is left out of the audit (and counted), the others are audited.
    std::vector<io::bad_cells> bad;
    auto t = read_data(o->data, schema_options(card), &bad);
    const auto unusable = unusable_rows(t.rows(), bad, card);
    std::vector<std::size_t> keep;
    for (std::size_t r = 0; r < t.rows(); ++r)
      if (unusable[r].empty()) keep.push_back(r);
    if (keep.size() < t.rows()) {
      std::size_t first = 0;
      while (unusable[first].empty()) ++first;
      std::fprintf(stderr, "credo: warning: %zu of %zu rows hold a cell that is not a number in a numeric characteristic "
                   "(the first: row %zu, %s); they are left out\n",
                   t.rows() - keep.size(), t.rows(), first + 1, unusable[first].c_str());
      t = t.take(keep);
    }
    report::audit_options ao;
    ao.title = "credo report: " + o->data.path;
    ao.cutoff = o->cutoff;
    for (std::size_t i = 0; i < o->groups.size(); ++i)
      ao.groups.push_back({parse_group(o->groups[i]), i < o->references.size() ? o->references[i] : ""});
    progress("auditing");
    const auto a = report::audit_scorecard(t, card, ao);
    if (html) outs.set(o->html, a.html.str());

    if (o->json) {
      using json = nlohmann::ordered_json;
      json fair = json::array();
      for (const auto& f : a.fairness) {
        json groups = json::array();
        for (std::size_t g = 0; g < f.report.groups.size(); ++g) {
          const auto& s = f.report.groups[g];
          const auto& c = f.report.vs_reference[g];
          groups.push_back({{"value", s.name},
                            {"count", s.rows},
                            {"weight", s.weight},
                            {"small", s.small},
                            {"approval_rate", s.approval_rate},
                            {"approval_rate_interval", interval_json(s.approval_rate_ci)},
                            {"bad_rate", s.bad_rate},
                            {"approval_rate_goods", s.approval_rate_goods},
                            {"approval_rate_bads", s.approval_rate_bads},
                            {"precision", s.precision},
                            {"mean_score", s.mean_score},
                            {"auc", s.auc},
                            {"adverse_impact_ratio_interval", interval_json(c.adverse_impact_ratio_ci)},
                            {"four_fifths", c.four_fifths},
                            {"fisher_p_value", c.fisher.p_value},
                            {"z_test_p_value", c.z_test.p_value},
                            {"chi_squared_p_value", c.chi_squared.p_value}});
        }
        const auto& m = f.report.measures;
        fair.push_back({{"group_column", f.column},
                        {"reference", f.report.groups[f.report.reference()].name},
                        {"groups", groups},
                        {"measures",
                         {{"adverse_impact_ratio", disparity_json(m.adverse_impact_ratio)},
                          {"statistical_parity_difference", disparity_json(m.statistical_parity_difference)},
                          {"equal_opportunity_difference", disparity_json(m.equal_opportunity_difference)},
                          {"average_odds_difference", disparity_json(m.average_odds_difference)},
                          {"equalized_odds_difference", disparity_json(m.equalized_odds_difference)},
                          {"predictive_parity_difference", disparity_json(m.predictive_parity_difference)},
                          {"standardized_mean_difference", disparity_json(m.standardized_mean_difference)},
                          {"marginal_effect_pp", disparity_json(m.marginal_effect)},
                          {"four_fifths_across", f.report.four_fifths_across}}}});
      }
      json calib = json::array();
      for (const auto& c : a.calibration)
        calib.push_back({{"rows", c.rows}, {"predicted", c.predicted}, {"observed", c.observed},
                         {"observed_interval", {c.observed_lower, c.observed_upper}}});
      json doc = {{"rows", a.rows},
                  {"scored", a.scored},
                  {"cutoff", a.cutoff},
                  {"metrics",
                   {{"auc", a.auc},
                    {"auc_interval", interval_json(a.auc_ci)},
                    {"gini", a.gini},
                    {"ks", a.ks},
                    {"ks_score", a.ks_score},
                    {"accuracy_ratio", a.accuracy_ratio},
                    {"brier", a.brier},
                    {"log_loss", a.log_loss},
                    {"hosmer_lemeshow",
                     {{"statistic", a.hosmer_lemeshow.statistic},
                      {"df", a.hosmer_lemeshow.df},
                      {"p_value", a.hosmer_lemeshow.p_value}}}}},
                  {"calibration", calib},
                  {"stability", a.psi ? json{{"psi", a.psi->value}, {"verdict", metrics::to_string(a.psi->verdict)}}
                                      : json(nullptr)},
                  {"fairness", fair}};
      if (html) doc["html"] = o->html;
      outs.commit(doc.dump(2) + "\n");
      return 0;
    }
    char line[256];
    std::ostringstream out;
    std::snprintf(line, sizeof line, "%zu rows, %zu scored, cut-off %.2f\n", a.rows, a.scored, a.cutoff);
    out << line;
    std::snprintf(line, sizeof line, "AUC %.4f (%.4f - %.4f)  Gini %.4f  KS %.4f at %.2f\n", a.auc, a.auc_ci.lower,
                  a.auc_ci.upper, a.gini, a.ks, a.ks_score);
    out << line;
    std::snprintf(line, sizeof line, "Brier %.4f  log loss %.4f  Hosmer-Lemeshow %.3f (df %.0f, p %.4f)\n", a.brier,
                  a.log_loss, a.hosmer_lemeshow.statistic, a.hosmer_lemeshow.df, a.hosmer_lemeshow.p_value);
    out << line;
    if (a.psi) {
      std::snprintf(line, sizeof line, "PSI against training %.4f (%s)\n", a.psi->value,
                    metrics::to_string(a.psi->verdict));
      out << line;
    }
    for (const auto& f : a.fairness) {
      out << "Fairness by " << f.column << ":\n";
      for (std::size_t g = 0; g < f.report.groups.size(); ++g) {
        const auto& s = f.report.groups[g];
        std::snprintf(line, sizeof line, "  %-20s n=%-6llu approval %.4f  adverse impact ratio %.4f%s%s\n",
                      s.name.c_str(), static_cast<unsigned long long>(s.rows), s.approval_rate,
                      f.report.measures.adverse_impact_ratio.vs_reference[g],
                      g == f.report.reference() ? " (reference)" : "",
                      f.report.vs_reference[g].four_fifths ? " below four-fifths" : "");
        out << line;
      }
    }
    if (html && o->html != "-") out << "Wrote " << o->html << "\n";
    outs.commit(out.str());
    return 0;
  };
}

}  // namespace credo::cli
