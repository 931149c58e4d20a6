// credo fit DATA --target COL --bad VALUE [binning options] [--penalty none|l2|elasticnet]
//   [--select none|iv|stepwise] [--pdo N --base-score N --base-odds N]
//   [--rounding none|nearest|largest_remainder] [--missing own_bin|error|worst] [--alpha F]
//   [--out MODEL.json] [--json]
//   [--rejects FILE [--reject-inference hard|fuzzy|parcel] [--reject-cutoff PD]
//    [--reject-weight W] [--event-rate-increase F]]
// Binning, selection, logistic fit with standard errors, p-values, Wald intervals and odds
// ratios, deviance, the LR test and pseudo R² (model/summary.hpp), the points table and
// training metrics with the concordance of the scores (metrics/concordance.hpp); --out saves
// the scorecard (with its training score distribution).
// DATA streams: two binning passes, the second also keeping each row's pre-bins
// (model/stream_workflow.hpp), then every fit and metric reads those; under mpirun each rank reads its shards and every
// pass merges over the ranks in shard order.
// With --rejects, reject inference (model/reject_inference.hpp, docs/reject_inference.md): DATA
// holds the accepts, FILE the rejects (no outcome); both are read in memory, the known-good-bad
// model is fitted on the accepts, the rejects get outcomes, and the card is refitted on the
// augmented rows; the JSON and the model file record it (`reject_inference`).
#include "commands.hpp"
#include "common.hpp"
#include "stream_input.hpp"

#include <credo/detail/enum_names.hpp>
#include <credo/detail/text.hpp>
#include <credo/io/model_file.hpp>
#include <credo/metrics/auc.hpp>
#include <credo/metrics/concordance.hpp>
#include <credo/metrics/ks.hpp>
#include <credo/model/reject_inference.hpp>
#include <credo/model/stream_workflow.hpp>

#include <cstdio>
#include <memory>

namespace credo::cli {

namespace {

/// What the fit JSON and the model file record of a reject inference: method, counts, rates,
/// parameters and the KGB model's coefficients and AUC on the accepts (docs/reject_inference.md).
nlohmann::ordered_json reject_inference_json(const model::reject_inference_result& r, const table& accepts) {
  using json = nlohmann::ordered_json;
  json params = {{"reject_weight", r.options.reject_weight}};
  if (r.options.method == model::reject_inference_method::hard_cutoff) params["cutoff_pd"] = *r.options.cutoff_pd;
  if (r.options.method == model::reject_inference_method::parceling) {
    params["event_rate_increase"] = r.options.event_rate_increase;
    params["bands"] = r.bands.size();
  }
  json coefs = json::array();
  for (std::size_t i = 1; i < r.kgb.model.coefficients.size(); ++i) {
    const auto& c = r.kgb.model.coefficients[i];
    coefs.push_back({{"name", c.name}, {"estimate", c.estimate}, {"std_error", c.std_error}, {"p_value", c.p_value}});
  }
  metrics::auc<double, metrics::score_histogram<double>> auc(metrics::direction::higher_is_safer);
  std::vector<double> w;
  for (std::size_t i = 0; i < accepts.rows(); ++i) w.push_back(accepts.weight(i));
  auc.fill(r.kgb.training_scores, accepts.target(), w);
  json doc = {{"method", model::to_string(r.options.method)},
              {"accepts", r.accepts},
              {"rejects", r.rejects},
              {"rejects_left_out", r.rejects_left_out},
              {"accepts_bad_rate", r.accepts_bad_rate},
              {"inferred_bad_rate", r.inferred_bad_rate},
              {"augmented_bad_rate", r.augmented_bad_rate},
              {"augmented_rows", accepts.rows() + r.outcomes.size()},
              {"parameters", params},
              {"kgb",
               {{"selected", r.kgb.selected},
                {"intercept", r.kgb.model.coefficients[0].estimate},
                {"coefficients", coefs},
                {"auc", auc.value()},
                {"gini", auc.gini()}}}};
  if (!r.bands.empty()) {
    json bands = json::array();
    for (const auto& b : r.bands)
      bands.push_back({{"lower", json(io::detail::number_json(b.lower))}, {"upper", json(io::detail::number_json(b.upper))},
                       {"accepts_weight", b.accepts_weight},
                       {"accepts_bad_rate", std::isnan(b.accepts_bad_rate) ? json(nullptr) : json(b.accepts_bad_rate)},
                       {"rejects", b.rejects}, {"rejects_weight", b.rejects_weight},
                       {"target_bad_rate", b.target_bad_rate}, {"assigned_bad_weight", b.assigned_bad_weight}});
    doc["bands"] = bands;
  }
  return doc;
}

}  // namespace

command add_fit(CLI::App& app) {
  auto* sub = app.add_subcommand("fit", "bin, select, fit and scale a scorecard");
  struct opts {
    data_options data;
    binning_cli binning;
    std::string penalty = "none";
    double lambda = 1.0;
    double l1_ratio = 0.5;
    std::string select = "iv";
    double min_iv = 0.02;
    double max_correlation = 0.7;
    double pdo = 20, base_score = 600, base_odds = 50;
    double alpha = 0.05;
    model::rounding_method rounding = model::rounding_method::nearest;
    model::missing_action missing = model::missing_action::own_bin;
    std::vector<std::string> exclude;
    std::string out;
    bool json = false;
    std::string rejects;
    model::reject_inference_method reject_inference = model::reject_inference_method::fuzzy;
    std::optional<double> reject_cutoff;
    double reject_weight = 1;
    double event_rate_increase = 2;
  };
  auto o = std::make_shared<opts>();
  add_data_options(*sub, o->data);
  add_binning_options(*sub, o->binning);
  sub->add_option("--penalty", o->penalty, "penalty of the logistic fit")
      ->check(CLI::IsMember({"none", "l2", "elasticnet"}))
      ->capture_default_str();
  sub->add_option("--lambda", o->lambda, "penalty weight")->check(finite_number(0))->capture_default_str();
  sub->add_option("--l1-ratio", o->l1_ratio, "elastic net's share of L1")->check(CLI::Range(0.0, 1.0))->capture_default_str();
  sub->add_option("--select", o->select, "characteristic selection")
      ->check(CLI::IsMember({"none", "iv", "stepwise"}))
      ->capture_default_str();
  sub->add_option("--min-iv", o->min_iv, "IV filter of --select iv/stepwise")->check(finite_number())->capture_default_str();
  sub->add_option("--max-correlation", o->max_correlation, "|r| filter between WoE columns")->check(finite_number())->capture_default_str();
  sub->add_option("--pdo", o->pdo, "points to double the odds")->check(finite_number())->capture_default_str();
  sub->add_option("--base-score", o->base_score, "score at the base odds")->check(finite_number())->capture_default_str();
  sub->add_option("--base-odds", o->base_odds, "good:bad odds at the base score")->check(finite_number())->capture_default_str();
  sub->add_option("--rounding", o->rounding, "how points are rounded")
      ->transform(CLI::CheckedTransformer(credo::detail::name_map<model::rounding_method>(), CLI::ignore_case))
      ->default_str(model::to_string(o->rounding));
  sub->add_option("--missing", o->missing, "what a missing value scores")
      ->transform(CLI::CheckedTransformer(credo::detail::name_map<model::missing_action>(), CLI::ignore_case))
      ->default_str(model::to_string(o->missing));
  sub->add_option("--exclude", o->exclude, "columns never used as characteristics (e.g. protected attributes)")
      ->delimiter(',')
      ->allow_extra_args(false);
  sub->add_option("--alpha", o->alpha, "the coefficients' Wald intervals are at level 1 - alpha")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  sub->add_option("--out", o->out, "save the scorecard as a model file (JSON; - for stdout)");
  sub->add_flag("--json", o->json, "one JSON document on stdout");
  sub->add_option("--rejects", o->rejects, "reject inference: the rejected applicants (CSV, no outcome); DATA holds the accepts");
  sub->add_option("--reject-inference", o->reject_inference, "how the rejects get outcomes")
      ->transform(CLI::CheckedTransformer(credo::detail::name_map<model::reject_inference_method>(), CLI::ignore_case))
      ->default_str(model::to_string(o->reject_inference));
  sub->add_option("--reject-cutoff", o->reject_cutoff,
                  "hard: a reject is bad when its KGB PD is above this (default: the accepts' bad rate)")
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("--reject-weight", o->reject_weight, "each reject counts as this many accepts")
      ->check(finite_number())
      ->capture_default_str();
  sub->add_option("--event-rate-increase", o->event_rate_increase,
                  "parcel: the rejects' bad rate in a score band is this times the accepts' there")
      ->check(finite_number())
      ->capture_default_str();
  sub->footer(help_footer("credo fit data/german_credit.csv --target class --bad bad --exclude age,personal_status --out card.json"));
  return [sub, o]() -> int {
    if (!sub->parsed()) return -1;
    outputs outs;
    const bool save = sub->count("--out") > 0;
    if (save) outs.add("--out", o->out, {o->data.path, o->rejects.empty() ? o->data.path : o->rejects});
    data_stream in(o->data.path, labelled_options(o->data));
    model::scorecard_plan plan;
    plan.binning = encoder_options_of(o->binning);
    if (plan.binning.columns.empty()) plan.binning.columns = in.schema().names;
    for (const auto& x : o->exclude) {
      if (x == o->data.target)
        CREDO_THROW(invalid_input, "credo.cli.exclude_target",
                    "--exclude " + x + ": that is the target column, which is never a characteristic");
      if (x == o->data.weight)
        CREDO_THROW(invalid_input, "credo.cli.exclude_weight",
                    "--exclude " + x + ": that is the weight column, which is never a characteristic");
      if (!in.has_column(x))  // a misspelt name
        CREDO_THROW(invalid_input, "credo.table.unknown_column",
                    "no column " + credo::detail::quoted(x) + " in the table (columns: " + in.column_list() + ")");
      std::erase(plan.binning.columns, x);
    }
    plan.selection = o->select == "none"       ? model::selection_method::none
                     : o->select == "stepwise" ? model::selection_method::stepwise
                                               : model::selection_method::iv;
    plan.min_iv = o->min_iv;
    plan.max_correlation = o->max_correlation;
    if (o->penalty == "l2") plan.penalty = model::penalty::l2{o->lambda};
    else if (o->penalty == "elasticnet") plan.penalty = model::penalty::elastic_net{o->lambda, o->l1_ratio};
    else plan.penalty = model::penalty::none{};
    plan.scaling.pdo = o->pdo;
    plan.scaling.base_score = o->base_score;
    plan.scaling.base_odds = o->base_odds;
    plan.scaling.rounding = o->rounding;
    plan.scaling.missing = o->missing;
    plan.alpha = o->alpha;  // 0 and 1 pass the range check; credo.model.bad_alpha refuses them
    const bool infer = !o->rejects.empty();
    for (const char* opt : {"--reject-inference", "--reject-cutoff", "--reject-weight", "--event-rate-increase"})
      if (!infer && sub->count(opt) > 0)
        CREDO_THROW(invalid_input, "credo.cli.needs_rejects",
                    std::string(opt) + " is an option of reject inference; give the rejects with --rejects FILE");
    if (infer && sub->count("--reject-cutoff") > 0 && o->reject_inference != model::reject_inference_method::hard_cutoff)
      CREDO_THROW(invalid_input, "credo.cli.reject_option",
                  "--reject-cutoff is an option of --reject-inference hard, not " +
                      std::string(model::to_string(o->reject_inference)));
    if (infer && sub->count("--event-rate-increase") > 0 &&
        o->reject_inference != model::reject_inference_method::parceling)
      CREDO_THROW(invalid_input, "credo.cli.reject_option",
                  "--event-rate-increase is an option of --reject-inference parcel, not " +
                      std::string(model::to_string(o->reject_inference)));
    model::streamed_scorecard streamed;
    std::optional<nlohmann::ordered_json> inference;
    if (infer) {
      // Reject inference holds the accepts and the rejects in memory (one file each).
      if (in.shards() != 1 || current_job().distributed() || in.stream().shard_name(0).ends_with(".gz"))
        CREDO_THROW(invalid_input, "credo.cli.rejects_one_file",
                    "--rejects: reject inference reads DATA and the rejects in memory, each one plain CSV file, in one "
                    "process (DATA '" + o->data.path + "' is " + std::to_string(in.shards()) + " shard(s))");
      const std::string accepts_path = in.stream().shard_name(0);
      table accepts;
      in.named([&] { accepts = io::read_csv(accepts_path, labelled_options(o->data)); });
      io::csv_options ropt;
      ropt.bad_numbers = labelled_options(o->data).bad_numbers;
      ropt.types_from = "the accepts (DATA)";
      for (const auto& n : accepts.names()) ropt.types[n] = accepts[n].kind();
      table rejects = io::read_csv(o->rejects, ropt);
      if (!o->data.weight.empty() && rejects.contains(o->data.weight)) rejects.set_weights(o->data.weight);
      model::reject_inference_options ri;
      ri.method = o->reject_inference;
      ri.cutoff_pd = o->reject_cutoff;
      ri.reject_weight = o->reject_weight;
      ri.event_rate_increase = o->event_rate_increase;
      progress("reject inference: " + std::string(model::to_string(ri.method)));
      auto r = model::fit_with_reject_inference(accepts, rejects, plan, ri);
      progress_done();
      inference = reject_inference_json(r, accepts);
      // The training metrics of the inferred card over the augmented rows, weighted.
      const table augmented = model::augment(accepts, rejects, r.outcomes);
      for (std::size_t i = 0; i < augmented.rows(); ++i)
        if (!std::isnan(r.inferred.training_scores[i]))
          streamed.training(r.inferred.training_scores[i], augmented.target()[i] != 0, augmented.weight(i));
      if (save) (*inference)["kgb_model"] = io::scorecard_to_json(r.kgb.card);
      streamed.fit = std::move(r.inferred);
    } else {
    // Two reads of DATA: the binning's first pass, then its second, which also keeps each
    // row's pre-bins (bin_code_store), bound to the bins once they are known.
    binning::stream_binner binner(in.schema().names, in.schema().kinds, plan.binning);
    const auto first = in.pass("binning: pass 1 of 2", binner.start(),
                               [&](auto& acc, const io::csv_chunk& c) { binner.fill(acc, c.data); });
    auto second = binner.next(first);
    model::bin_code_store store(binner, first, second);
    second = in.pass("binning: pass 2 of 2", second, [&](auto& acc, const io::csv_chunk& c) {
      binner.fill(acc, c.data);
      store.add(c.shard, c.data);
    });
    store.close();
    auto encoder = binner.encoder(binner.finish(first, second));
    store.bind(encoder);
    const auto& job = current_job();
    // Each merge ends a pass over the bin codes (moments, a Newton step, the training scores):
    // their number depends on the selection and the fits, so the line counts them.
    std::size_t passes = 0;
    streamed = model::fit_scorecard_stream(std::move(encoder), store, plan, [&](auto parts) {
      progress("fitting: pass " + std::to_string(++passes) + " over the bin codes");
      return job.merge(std::move(parts));
    });
    progress_done();
    }
    const auto& f = streamed.fit;
    const auto& auc = streamed.training.auc;
    const auto& ks = streamed.training.ks;
    const auto conc = streamed.training.concordance();
    // The card with the fit behind it (coefficients' standard errors, dropped characteristics),
    // which credo report shows.
    const io::fit_record fit{f.model, f.dropped};
    if (save && !inference) outs.set(o->out, io::scorecard_to_string(f.card, fit) + "\n");
    if (save && inference) {
      // The card's file with what the report needs of the reject inference (the KGB card whole).
      (void)io::scorecard_to_string(f.card, fit);  // credo.model_file.not_utf8 before anything is written
      nlohmann::ordered_json file = io::scorecard_to_json(f.card);
      file["fit"] = io::fit_record_to_json(fit);
      file["reject_inference"] = *inference;
      outs.set(o->out, file.dump(1) + "\n");
      inference->erase("kgb_model");
    }

    if (o->json) {
      using json = nlohmann::ordered_json;
      json vars = json::array();
      for (const auto& e : f.encoder.iv_ranking()) vars.push_back(to_json(f.encoder.table_of(e.column)));
      json coefs = json::array();
      for (std::size_t i = 1; i < f.model.coefficients.size(); ++i) {
        const auto& c = f.model.coefficients[i];
        coefs.push_back({{"name", c.name}, {"estimate", c.estimate}, {"std_error", c.std_error}, {"z", c.z},
                         {"p_value", c.p_value}, {"conf_int", {c.conf_int.lower, c.conf_int.upper}},
                         {"odds_ratio", c.odds_ratio},
                         {"odds_ratio_conf_int", {c.odds_ratio_conf_int.lower, c.odds_ratio_conf_int.upper}}});
      }
      const auto& ic = f.model.coefficients[0];
      json dropped = json::array();
      for (const auto& d : f.dropped) dropped.push_back({{"name", d.name}, {"reason", d.reason}});
      // One line per bin of every characteristic (points_table's order), the bin as bin_json
      // writes it beside the label; then the base points line of intercept_points::separate, which has no bin.
      json points = json::array();
      const auto table = f.card.points_table();
      std::size_t row = 0;
      for (std::size_t j = 0; j < f.card.size(); ++j)
        for (std::size_t b = 0; b < f.card.characteristic(j).bins.size(); ++b, ++row) {
          const auto& p = table[row];
          json e = {{"characteristic", p.characteristic}, {"bin", p.bin}};
          e.update(bin_json(f.card.characteristic(j).bins, b));
          e["woe"] = p.woe;
          e["points"] = p.points;
          points.push_back(std::move(e));
        }
      for (; row < table.size(); ++row)
        points.push_back({{"characteristic", table[row].characteristic}, {"bin", table[row].bin},
                          {"woe", table[row].woe}, {"points", table[row].points}});
      json doc = {{"variables", vars},
                  {"selected", f.selected},
                  {"dropped", dropped},
                  {"model",
                   {{"intercept", ic.estimate},
                    {"intercept_std_error", ic.std_error},
                    {"intercept_conf_int", {ic.conf_int.lower, ic.conf_int.upper}},
                    {"coefficients", coefs},
                    {"log_likelihood", f.model.log_likelihood},
                    {"aic", f.model.aic},
                    {"bic", f.model.bic},
                    {"iterations", f.model.iterations},
                    {"alpha", f.model.alpha},
                    {"deviance", f.model.deviance},
                    {"null_deviance", f.model.null_deviance},
                    {"lr_test",
                     {{"statistic", f.model.lr_test.statistic},
                      {"df", f.model.lr_test.df},
                      {"p_value", f.model.lr_test.p_value}}},
                    {"pseudo_r2",
                     {{"mcfadden", f.model.r2.mcfadden},
                      {"cox_snell", f.model.r2.cox_snell},
                      {"nagelkerke", f.model.r2.nagelkerke}}}}},
                  {"scorecard",
                   {{"pdo", f.card.scale().pdo},  // the card's own scaling, not the options echoed
                    {"base_score", f.card.scale().base_score},
                    {"base_odds", f.card.scale().base_odds},
                    {"rounding", model::to_string(f.card.rounding())},
                    {"missing", model::to_string(f.card.missing())},
                    {"points", points}}},
                  {"metrics",
                   {{"auc", auc.value()},
                    {"gini", auc.gini()},
                    {"ks", ks.value()},
                    {"concordance",
                     {{"pairs", conc.pairs},
                      {"concordant", conc.concordant},
                      {"discordant", conc.discordant},
                      {"tied", conc.tied},
                      {"somers_d", conc.somers_d},
                      {"gamma", conc.gamma},
                      {"tau_a", conc.tau_a}}}}}};
      if (inference) doc["reject_inference"] = *inference;
      if (save) doc["model_file"] = o->out;
      outs.commit(doc.dump(2) + "\n");
      return 0;
    }
    std::ostringstream out;
    out << "Characteristics by information value:\n" << binning::to_string(f.encoder.iv_ranking()) << "\n";
    out << "Dropped:\n";
    for (const auto& d : f.dropped) out << "  " << d.name << ": " << d.reason << "\n";
    bool any_warning = false;
    for (const auto& tab : f.encoder.tables())
      for (const auto& w : tab.warnings()) {
        if (!any_warning) out << "Warnings:\n";
        any_warning = true;
        out << "  " << tab.column() << ": " << w << "\n";
      }
    char line[256];
    std::snprintf(line, sizeof line, "\nLogistic regression on WoE (%d iterations, log-likelihood %.4f, AIC %.2f)\n",
                  f.model.iterations, f.model.log_likelihood, f.model.aic);
    out << line;
    std::snprintf(line, sizeof line, "  %-24s %10s %10s %8s %10s\n", "", "estimate", "std.err", "z", "p-value");
    out << line;
    for (const auto& c : f.model.coefficients) {
      std::snprintf(line, sizeof line, "  %-24s %10.4f %10.4f %8.3f %10.4g\n", c.name.c_str(), c.estimate,
                    c.std_error, c.z, c.p_value);
      out << line;
    }
    // The intervals and odds ratios (statsmodels' summary2 columns, Stata's `logit, or`).
    const std::string lo = credo::detail::format_general(f.model.alpha / 2),
                      hi = credo::detail::format_general(1 - f.model.alpha / 2);
    std::snprintf(line, sizeof line, "  %-24s %10s %10s %10s %10s %10s\n", "", ("[" + lo).c_str(), (hi + "]").c_str(),
                  "odds ratio", ("[" + lo).c_str(), (hi + "]").c_str());
    out << line;
    for (const auto& c : f.model.coefficients) {
      std::snprintf(line, sizeof line, "  %-24s %10.4f %10.4f %10.4f %10.4f %10.4f\n", c.name.c_str(), c.conf_int.lower,
                    c.conf_int.upper, c.odds_ratio, c.odds_ratio_conf_int.lower, c.odds_ratio_conf_int.upper);
      out << line;
    }
    std::snprintf(line, sizeof line,
                  "Deviance %.4f (null %.4f); LR test chi2(%g) = %.4f, p = %.4g\n"
                  "Pseudo R2: McFadden %.4f, Cox-Snell %.4f, Nagelkerke %.4f\n",
                  f.model.deviance, f.model.null_deviance, f.model.lr_test.df, f.model.lr_test.statistic,
                  f.model.lr_test.p_value, f.model.r2.mcfadden, f.model.r2.cox_snell, f.model.r2.nagelkerke);
    out << line;
    out << "\nScorecard:\n" << f.card.to_string() << "\n";
    std::snprintf(line, sizeof line, "Training: AUC %.4f, Gini %.4f, KS %.4f\n", auc.value(), auc.gini(), ks.value());
    out << line;
    std::snprintf(line, sizeof line,
                  "Training pairs (bad, good): %.1f%% concordant, %.1f%% discordant, %.1f%% tied; Somers' D %.4f, "
                  "gamma %.4f, tau-a %.4f\n",
                  100 * conc.concordant, 100 * conc.discordant, 100 * conc.tied, conc.somers_d, conc.gamma, conc.tau_a);
    out << line;
    if (inference) {
      const auto& r = *inference;
      std::snprintf(line, sizeof line,
                    "Reject inference (%s): %zu accepts, %zu rejects; bad rate of the accepts %.4f, inferred for the "
                    "rejects %.4f, augmented %.4f; KGB model's AUC on the accepts %.4f\n",
                    r["method"].get<std::string>().c_str(), r["accepts"].get<std::size_t>(),
                    r["rejects"].get<std::size_t>(), r["accepts_bad_rate"].get<double>(),
                    r["inferred_bad_rate"].get<double>(), r["augmented_bad_rate"].get<double>(),
                    r["kgb"]["auc"].get<double>());
      out << line;
    }
    if (save && o->out != "-") out << "Saved " << o->out << "\n";
    outs.commit(out.str());
    return 0;
  };
}

}  // namespace credo::cli
