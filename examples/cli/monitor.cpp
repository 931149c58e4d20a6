// credo monitor MODEL.json DATA --period COL [--target COL --bad VALUE] [--weight COL]
//   [--cutoff SCORE] [--json] [--html FILE]
// A scorecard watched over time: per period of DATA, the score's PSI against the training
// distribution in the model file, each characteristic's CSI against its training weights, the
// approval rate at the cut-off and, with outcomes, the bad rate, AUC and KS
// (credo/metrics/monitoring.hpp, docs/monitoring.md). Streamed: memory grows with the periods,
// not the rows; under mpirun the ranks' shards merge in shard order (docs/mpi.md).
#include "commands.hpp"
#include "common.hpp"
#include "stream_input.hpp"

#include <credo/io/model_file.hpp>
#include <credo/metrics/monitoring.hpp>
#include <credo/report/monitoring_report.hpp>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <sstream>

namespace credo::cli {

namespace {

/// What a pass over DATA gathers: the monitoring sums, and the rows left out (a cell the card
/// cannot use, as credo report leaves them out).
struct monitor_part {
  metrics::monitoring_accumulator acc;
  std::uint64_t rows = 0, left_out = 0;

  monitor_part& operator+=(const monitor_part& o) {
    acc += o.acc;
    rows += o.rows;
    left_out += o.left_out;
    return *this;
  }
  template <class Archive>
  void serialize(Archive& ar) {
    ar(acc, rows, left_out);
  }
};

}  // namespace

command add_monitor(CLI::App& app) {
  auto* sub = app.add_subcommand("monitor", "watch a model file over time: PSI, CSI, approval, bad rate, AUC, KS per period");
  struct opts {
    std::string model, period, html;
    data_options data;
    std::optional<double> cutoff;
    bool json = false;
  };
  auto o = std::make_shared<opts>();
  sub->add_option("MODEL", o->model, "model file written by credo fit --out")->required();
  add_data_argument(*sub, o->data.path, "CSV file with the card's characteristics and a period column");
  sub->add_option("--period", o->period, "the column naming each row's period (a month, a quarter, a vintage)")
      ->required();
  auto* target = sub->add_option("--target", o->data.target, "the outcome column, where outcomes are known");
  sub->add_option("--bad", o->data.bad, "the outcome value that means bad (with --target)")->needs(target);
  target->needs(sub->get_option("--bad"));
  sub->add_option("--weight", o->data.weight, "a numeric column of sample weights");
  sub->add_option("--cutoff", o->cutoff,
                  "approve at or above this score (default: PD at the observed bad rate; needs --target)")
      ->check(finite_number());
  sub->add_option("--html", o->html, "write the self-contained HTML monitoring report here (- for stdout)");
  sub->add_flag("--json", o->json, "one JSON document on stdout");
  sub->footer(help_footer("credo monitor card.json applications.csv --period month --target class --bad bad "
                          "--html monitor.html"));
  return [sub, o]() -> int {
    if (!sub->parsed()) return -1;
    outputs outs;
    const bool html = sub->count("--html") > 0;
    if (html) outs.add("--html", o->html, {o->model, o->data.path});
    const auto card = io::load_scorecard(o->model);
    const bool outcomes = !o->data.target.empty();
    if (!outcomes && !o->cutoff)
      CREDO_THROW(invalid_input, "credo.cli.no_cutoff",
                  "credo monitor without --target needs --cutoff: the default cut-off is chosen at the observed bad rate");
    io::csv_options read = schema_options(card);
    // A period is a label, whatever its cells look like (2024-01, 202401, Q3).
    if (!card.find(o->period)) {
      read.types[o->period] = column_kind::categorical;
      read.types_from = "the model file or --period";
    }
    if (outcomes) read = labelled_options(o->data, std::move(read));
    else read.weight = o->data.weight;
    data_stream in(o->data.path, std::move(read));
    in.quiet_bad_cells();  // the rows left out are announced below instead
    monitor_part start;
    start.acc = metrics::monitoring_accumulator(card, outcomes);
    std::vector<std::uint8_t> skip;
    chunk_bad_cells bad;
    const auto part = in.pass("monitoring", start, [&](monitor_part& p, const io::csv_chunk& c) {
      skip.assign(c.data.rows(), 0);
      bad.each(in.stream(), c, [&](const std::string& col, std::size_t r) {
        if (card.find(col)) skip[r] = 1;
      });
      p.rows += c.data.rows();
      for (auto k : skip) p.left_out += k;
      p.acc.add(c.data, card, o->period, skip);
    });
    if (part.left_out > 0 && current_job().writes()) {
      progress_done();
      std::fprintf(stderr, "credo: warning: %llu of %llu rows hold a cell that is not a number in a numeric "
                   "characteristic; they are left out\n",
                   static_cast<unsigned long long>(part.left_out), static_cast<unsigned long long>(part.rows));
    }
    metrics::monitoring_options mo;
    mo.cutoff = o->cutoff;
    const auto m = metrics::finish_monitoring(part.acc, card, mo);
    if (!card.training_distribution() && current_job().writes())
      std::fprintf(stderr, "credo: warning: the model file keeps no training score distribution; no PSI\n");
    if (html) outs.set(o->html, report::monitoring_html(m, "credo monitor: " + o->data.path).str());

    if (o->json) {
      using json = nlohmann::ordered_json;
      json periods = json::array();
      for (const auto& p : m.periods) {
        json chars = json::array();
        for (const auto& c : p.characteristics)
          chars.push_back({{"name", c.name},
                           {"csi", c.csi ? json(c.csi->value) : json(nullptr)},
                           {"csi_verdict", c.csi ? json(metrics::to_string(c.csi->verdict)) : json(nullptr)}});
        periods.push_back({{"period", p.period},
                           {"rows", p.rows},
                           {"scored", p.scored},
                           {"psi", p.psi ? json(p.psi->value) : json(nullptr)},
                           {"psi_verdict", p.psi ? json(metrics::to_string(p.psi->verdict)) : json(nullptr)},
                           {"approval_rate", number_or_null(p.approval_rate)},
                           {"bad_rate", number_or_null(p.bad_rate)},
                           {"auc", number_or_null(p.auc)},
                           {"ks", number_or_null(p.ks)},
                           {"characteristics", chars}});
      }
      json doc = {{"period_column", o->period},
                  {"rows", part.rows},
                  {"left_out", part.left_out},
                  {"scored", m.scored},
                  {"cutoff", m.cutoff},
                  {"cutoff_given", m.cutoff_given},
                  {"outcomes", m.outcomes},
                  {"periods", periods}};
      if (html) doc["html"] = o->html;
      outs.commit(doc.dump(2) + "\n");
      return 0;
    }
    std::ostringstream out;
    char line[320];
    std::snprintf(line, sizeof line, "%llu rows in %zu periods, %llu scored, cut-off %.2f%s\n",
                  static_cast<unsigned long long>(m.rows), m.periods.size(), static_cast<unsigned long long>(m.scored),
                  m.cutoff, m.cutoff_given ? "" : " (PD at the observed bad rate)");
    out << line;
    std::snprintf(line, sizeof line, "%-16s %8s %8s  %-12s %9s %9s %7s %7s\n", "period", "rows", "PSI", "verdict",
                  "approval", "bad rate", "AUC", "KS");
    out << line;
    auto f = [](double v, int d) { return std::isnan(v) ? std::string("-") : credo::detail::format_fixed(v, d); };
    for (const auto& p : m.periods) {
      std::snprintf(line, sizeof line, "%-16s %8llu %8s  %-12s %9s %9s %7s %7s\n", p.period.c_str(),
                    static_cast<unsigned long long>(p.rows), p.psi ? f(p.psi->value, 4).c_str() : "-",
                    p.psi ? metrics::to_string(p.psi->verdict) : "-", f(p.approval_rate, 4).c_str(),
                    f(p.bad_rate, 4).c_str(), f(p.auc, 4).c_str(), f(p.ks, 4).c_str());
      out << line;
    }
    // The characteristics that moved: CSI of 0.1 or more, period by period.
    bool any = false;
    for (const auto& p : m.periods)
      for (const auto& c : p.characteristics)
        if (c.csi && c.csi->verdict != metrics::stability_verdict::stable) {
          if (!any) out << "Characteristics that shifted (CSI >= 0.1):\n";
          any = true;
          std::snprintf(line, sizeof line, "  %-16s %-24s CSI %.4f (%s)\n", p.period.c_str(), c.name.c_str(),
                        c.csi->value, metrics::to_string(c.csi->verdict));
          out << line;
        }
    if (!any) out << "Every characteristic stable (CSI < 0.1) in every period.\n";
    if (html && o->html != "-") out << "Wrote " << o->html << "\n";
    outs.commit(out.str());
    return 0;
  };
}

}  // namespace credo::cli
