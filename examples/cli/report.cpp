// credo report MODEL.json DATA --target COL --bad VALUE [--cutoff SCORE]
//   [--group COL[:CUT,CUT...] [--reference VALUE]]... [--html report.html] [--json]
//   [--challenger OTHER.json [--challenger-cutoff SCORE]]
// Metrics, calibration, stability against the training scores kept in the model file, and
// fairness by each named group (numeric columns banded at the given cuts, e.g. age:25).
// A challenger, or the KGB card of a model fitted with reject inference, is compared in one
// more pass (challenger.cpp).
#include "challenger.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "stream_input.hpp"

#include <credo/io/model_file.hpp>
#include <credo/report/scorecard_report.hpp>

#include <algorithm>
#include <cstdint>
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

/// What a pass over DATA gathers: the audit, and the rows left out (a cell the card cannot
/// use), with the first of them, earliest shard first.
struct report_part {
  report::audit_accumulator audit;
  std::uint64_t rows = 0, left_out = 0;
  bool has_first = false;
  std::uint64_t first_shard = 0, first_row = 0;
  std::string first_columns;

  report_part& operator+=(const report_part& o) {
    audit += o.audit;
    rows += o.rows;
    left_out += o.left_out;
    if (!has_first && o.has_first) {
      has_first = true;
      first_shard = o.first_shard;
      first_row = o.first_row;
      first_columns = o.first_columns;
    }
    return *this;
  }
  template <class Archive>
  void serialize(Archive& ar) {
    ar(audit, rows, left_out, has_first, first_shard, first_row, first_columns);
  }
};

nlohmann::ordered_json interval_json(const metrics::interval& i) { return {i.lower, i.upper}; }

template <class D>
nlohmann::ordered_json disparity_json(const D& d) {
  return {{"vs_reference", d.vs_reference}, {"across", d.across}};
}

// A rate against the whole population, over all groups (fairlearn MetricFrame's to_overall).
template <class O>
nlohmann::ordered_json overall_json(const O& o) {
  return {{"overall", o.overall}, {"max_abs_difference", o.max_abs_difference}, {"min_ratio", o.min_ratio}};
}
// The same for one group: rate − overall and rate / overall.
template <class O>
nlohmann::ordered_json overall_group_json(const O& o, std::size_t g) {
  return {{"difference", o.difference[g]}, {"ratio", o.ratio[g]}};
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
    metrics::hosmer_lemeshow_grouping hl_grouping = metrics::hosmer_lemeshow_grouping::equal_count;
    bool json = false;
    std::string challenger;
    std::optional<double> challenger_cutoff;
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
  sub->add_option("--hl-grouping", o->hl_grouping,
                  "Hosmer-Lemeshow groups: equal_count (the calibration bands), r_quantile (R's hoslem.test) or "
                  "stata_xtile (Stata's estat gof, group())")
      ->transform(CLI::CheckedTransformer(credo::detail::name_map<metrics::hosmer_lemeshow_grouping>(), CLI::ignore_case));
  sub->add_flag("--json", o->json, "one JSON document on stdout");
  sub->add_option("--challenger", o->challenger, "a challenger's model file, compared on the same rows");
  sub->add_option("--challenger-cutoff", o->challenger_cutoff,
                  "the challenger approves at or above this score (default: PD at the observed bad rate)")
      ->check(finite_number());
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
    if (sub->count("--challenger-cutoff") > 0 && o->challenger.empty())
      CREDO_THROW(invalid_input, "credo.cli.needs_challenger", "--challenger-cutoff needs --challenger OTHER.json");
    if (html) outs.add("--html", o->html, {o->model, o->data.path, o->challenger.empty() ? o->model : o->challenger});
    // The card, and the fit behind it when the file records it (credo fit writes it).
    const io::model_file_limits limits;
    const std::string model_text = io::detail::reader::read_file(o->model, limits.max_file_bytes);
    const auto card = io::scorecard_from_string(model_text, limits);
    const auto fit = io::fit_record_from_string(model_text, limits);
    const report_comparisons comparisons(o->model, o->challenger);
    report::audit_options ao;
    ao.title = "credo report: " + o->data.path;
    ao.data_name = o->data.path;
    if (fit) {
      ao.model = fit->model;
      ao.dropped = fit->dropped;
    }
    ao.cutoff = o->cutoff;
    ao.hl_grouping = o->hl_grouping;
    for (std::size_t i = 0; i < o->groups.size(); ++i)
      ao.groups.push_back({parse_group(o->groups[i]), i < o->references.size() ? o->references[i] : ""});
    // DATA as a stream (a file, "-", or a glob of shards over the ranks), with the
    // characteristics' kinds from the model file. A row with a cell the card cannot use is left
    // out of the audit (and counted); the others fill the audit's accumulators, whose memory
    // does not grow with the rows (report::audit_accumulator).
    data_stream in(o->data.path, labelled_options(o->data, comparisons.schema(card)));
    in.quiet_bad_cells();  // the rows left out are announced below instead
    report_part start;
    start.audit = report::audit_accumulator(card, ao);
    std::vector<std::uint8_t> skip;
    const auto part = in.pass("auditing", start, [&](report_part& p, const io::csv_chunk& c) {
      const std::size_t n = c.data.rows();
      skip.assign(n, 0);
      std::string first_columns;
      std::size_t first = n;
      for (const auto& b : in.stream().bad_cells_found()) {
        if (b.source != in.stream().shard_name(c.shard) || !card.find(b.column)) continue;
        for (auto it = std::lower_bound(b.rows.begin(), b.rows.end(), c.first_row);
             it != b.rows.end() && *it < c.first_row + n; ++it) {
          const std::size_t r = *it - c.first_row;
          skip[r] = 1;
          if (r < first) first = r, first_columns.clear();
          if (r == first) first_columns += (first_columns.empty() ? "" : ",") + b.column;
        }
      }
      p.rows += n;
      for (auto k : skip) p.left_out += k;
      if (first < n && !p.has_first) {
        p.has_first = true;
        p.first_shard = c.shard;
        p.first_row = c.first_row + first;
        p.first_columns = first_columns;
      }
      p.audit.add(c.data, card, skip);
    });
    if (part.left_out > 0 && current_job().writes()) {
      progress_done();
      const std::string where = in.shards() > 1 ? "'" + in.stream().shard_name(part.first_shard) + "' " : "";
      std::fprintf(stderr, "credo: warning: %llu of %llu rows hold a cell that is not a number in a numeric characteristic "
                   "(the first: %srow %llu, %s); they are left out\n",
                   static_cast<unsigned long long>(part.left_out), static_cast<unsigned long long>(part.rows),
                   where.c_str(), static_cast<unsigned long long>(part.first_row), part.first_columns.c_str());
    }
    auto a = report::finish_audit(part.audit, card, ao);
    std::string compared_text;
    const auto compared = comparisons.run(in, card, a.cutoff, o->challenger_cutoff, a.html, compared_text);
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
                            {"below_four_fifths", c.below_four_fifths},
                            {"fisher_p_value", c.fisher.p_value},
                            {"z_test_p_value", c.z_test.p_value},
                            {"chi_squared_p_value", c.chi_squared.p_value},
                            {"to_overall",
                             {{"approval_rate", overall_group_json(f.report.measures.to_overall.approval_rate, g)},
                              {"true_positive_rate", overall_group_json(f.report.measures.to_overall.true_positive_rate, g)},
                              {"false_positive_rate", overall_group_json(f.report.measures.to_overall.false_positive_rate, g)},
                              {"precision", overall_group_json(f.report.measures.to_overall.precision, g)}}}});
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
                          {"true_positive_rate_ratio", disparity_json(m.true_positive_rate_ratio)},
                          {"false_positive_rate_ratio", disparity_json(m.false_positive_rate_ratio)},
                          {"false_positive_rate_difference", disparity_json(m.false_positive_rate_difference)},
                          {"equalized_odds_ratio", disparity_json(m.equalized_odds_ratio)},
                          {"below_four_fifths_across", f.report.below_four_fifths_across}}},
                        {"to_overall",
                         {{"approval_rate", overall_json(m.to_overall.approval_rate)},
                          {"true_positive_rate", overall_json(m.to_overall.true_positive_rate)},
                          {"false_positive_rate", overall_json(m.to_overall.false_positive_rate)},
                          {"precision", overall_json(m.to_overall.precision)}}}});
      }
      json hl_partition = json::array();
      for (const auto& b : a.hosmer_lemeshow.partition)
        hl_partition.push_back({{"p_min", b.p_min}, {"p_max", b.p_max}, {"rows", b.rows}, {"weight", b.weight},
                                {"observed_bads", b.observed_bads}, {"expected_bads", b.expected_bads},
                                {"entered", b.entered}});
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
                    {"ks_test", a.ks_test ? json{{"statistic", a.ks_test->statistic},
                                                 {"p_value", a.ks_test->p_value},
                                                 {"alternative", metrics::to_string(a.ks_test->alt)},
                                                 {"method", metrics::to_string(a.ks_test->method)},
                                                 {"bads", a.ks_test->n1},
                                                 {"goods", a.ks_test->n2}}
                                          : json(nullptr)},
                    {"hosmer_lemeshow",
                     {{"statistic", a.hosmer_lemeshow.statistic},
                      {"df", a.hosmer_lemeshow.df},
                      {"p_value", a.hosmer_lemeshow.p_value},
                      {"grouping", metrics::to_string(a.hosmer_lemeshow.grouping)},
                      {"groups", a.hosmer_lemeshow.groups},
                      {"partition", hl_partition}}}}},
                  {"calibration", calib},
                  {"stability", a.psi ? json{{"psi", a.psi->value}, {"verdict", metrics::to_string(a.psi->verdict)}}
                                      : json(nullptr)},
                  {"fairness", fair}};
      for (const auto& [k, v] : compared.items()) doc[k] = v;
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
                      f.report.vs_reference[g].below_four_fifths ? " below four-fifths" : "");
        out << line;
      }
    }
    out << compared_text;
    if (html && o->html != "-") out << "Wrote " << o->html << "\n";
    outs.commit(out.str());
    return 0;
  };
}

}  // namespace credo::cli
