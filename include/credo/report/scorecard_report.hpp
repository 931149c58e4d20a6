// The audit of a scorecard on a labelled data set: discrimination, calibration, stability
// against the training scores kept in the card, fairness by group, the characteristics' WoE
// and bad rates, all as numbers (scorecard_audit) and as a self-contained HTML report.
//
// This is what `credo report` and `./dev demo` print and write; a program that wants the
// numbers alone calls audit_scorecard and ignores the html member.
#pragma once

#include <credo/binning/bins.hpp>
#include <credo/core/error.hpp>
#include <credo/core/table.hpp>
#include <credo/detail/text.hpp>
#include <credo/fairness/counts.hpp>
#include <credo/fairness/group_auc.hpp>
#include <credo/fairness/groups.hpp>
#include <credo/fairness/measures.hpp>
#include <credo/metrics/auc.hpp>
#include <credo/metrics/calibration.hpp>
#include <credo/metrics/curves.hpp>
#include <credo/metrics/ks.hpp>
#include <credo/metrics/stability.hpp>
#include <credo/model/scorecard.hpp>
#include <credo/report/html.hpp>
#include <credo/report/svg.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace credo::report {

/// A protected-group column to audit, and its reference group ("" = the largest group).
struct group_request {
  fairness::group_by by;
  std::string reference;
};

struct audit_options {
  std::string title = "credo scorecard report";
  /// Approval cut-off (approve when score >= cutoff). Default: the score whose PD equals the
  /// data's observed bad rate, i.e. approve applicants predicted safer than the average.
  std::optional<double> cutoff;
  /// Quantile bands of the gains and calibration tables.
  std::size_t bands = 10;
  /// Level of every interval.
  double level = 0.95;
  std::vector<group_request> groups;
  fairness::assess_options fairness;
};

/// One characteristic's bins on the audited data.
struct characteristic_audit {
  std::string name;
  std::vector<std::string> labels;
  std::vector<double> woe;       ///< the card's WoE per bin
  std::vector<double> points;    ///< the card's points per bin
  std::vector<double> weight;    ///< rows (weighted) of the data per bin
  std::vector<double> bad_rate;  ///< observed bad rate per bin (NaN when empty)
};

struct fairness_audit {
  std::string column;
  fairness::fairness_report<double> report;
};

struct scorecard_audit {
  std::size_t rows = 0, scored = 0;
  double cutoff = 0;
  double auc = 0, gini = 0, ks = 0, ks_score = 0, accuracy_ratio = 0;
  metrics::interval auc_ci;
  double brier = 0, log_loss = 0;
  metrics::hosmer_lemeshow_result hosmer_lemeshow;
  std::vector<metrics::gains_row> gains;
  std::vector<metrics::calibration_row> calibration;
  std::optional<metrics::stability_result> psi;  ///< when the card keeps a training distribution
  std::vector<characteristic_audit> characteristics;
  std::vector<fairness_audit> fairness;
  std::vector<double> scores;  ///< per row; NaN where the row could not be scored
  html_document html{"credo scorecard report"};
};

namespace detail {

inline std::string fmt(double v, int decimals = 4) {
  return std::isnan(v) ? std::string("-") : credo::detail::format_fixed(v, decimals);
}

/// Histogram of scores over the card's training edges (open ends replaced by the data range).
inline std::vector<double> counts_over(const std::vector<double>& edges, const std::vector<double>& scores) {
  std::vector<double> c(edges.size() - 1, 0.0);
  for (double s : scores) {
    if (std::isnan(s)) continue;
    auto it = std::upper_bound(edges.begin(), edges.end(), s);
    std::size_t i = it == edges.begin() ? 0 : static_cast<std::size_t>(it - edges.begin()) - 1;
    c[std::min(i, c.size() - 1)] += 1;
  }
  return c;
}

}  // namespace detail

/// Scores every row of `data` (its target is needed) with `card` and audits the result.
/// Rows the card cannot score (status != ok) are counted and left out of the metrics.
template <class Card>
scorecard_audit audit_scorecard(const table& data, const Card& card, const audit_options& opt = {}) {
  using metrics::direction;
  const auto y = data.target();
  scorecard_audit a;
  a.html = html_document(opt.title);
  a.rows = data.rows();
  const auto results = card.score(data);
  a.scores.resize(results.size());
  std::vector<std::size_t> ok_rows;
  for (std::size_t r = 0; r < results.size(); ++r) {
    a.scores[r] = results[r].ok() ? static_cast<double>(results[r].score) : std::nan("");
    if (results[r].ok()) ok_rows.push_back(r);
  }
  a.scored = ok_rows.size();
  if (ok_rows.empty())
    CREDO_THROW(numeric_error, "credo.report.nothing_scored", "no row of the data could be scored");

  metrics::auc<double> auc(direction::higher_is_safer);
  metrics::ks<double> ks;
  metrics::brier_score<double> brier;
  metrics::log_loss<double> logloss;
  metrics::calibration<double> calib;
  double bads = 0, total = 0;
  for (auto r : ok_rows) {
    const double w = data.weight(r), s = a.scores[r], pd = card.pd_from_score(s);
    const bool bad = y[r] != 0;
    auc(s, bad, w);
    ks(s, bad, w);
    brier(pd, bad, w);
    logloss(pd, bad, w);
    calib(pd, bad, w);
    bads += bad ? w : 0;
    total += w;
  }
  a.auc = auc.value();
  a.gini = auc.gini();
  a.auc_ci = auc.confidence_interval(opt.level);
  const auto k = ks.result();
  a.ks = k.value;
  a.ks_score = k.at_score;
  a.accuracy_ratio = metrics::accuracy_ratio(auc.rows(), direction::higher_is_safer);
  a.brier = brier.value();
  a.log_loss = logloss.value();
  metrics::band_options bands;
  bands.count = opt.bands;
  a.gains = metrics::gains_table(auc.rows(), direction::higher_is_safer, bands);
  a.calibration = calib.table(bands, opt.level);
  a.hosmer_lemeshow = calib.hosmer_lemeshow(opt.bands);
  a.cutoff = opt.cutoff ? *opt.cutoff : card.score_from_pd(bads / total);

  // Stability against the training score distribution kept in the card.
  if (const auto& d = card.training_distribution(); d && d->edges.size() >= 2) {
    std::vector<double> current;
    for (auto r : ok_rows) current.push_back(a.scores[r]);
    a.psi = metrics::psi(std::span<const double>(d->counts),
                         std::span<const double>(detail::counts_over(d->edges, current)),
                         metrics::empty_band::add_epsilon{});
  }

  // Characteristics: the card's WoE and points, the data's weight and bad rate per bin.
  for (std::size_t j = 0; j < card.size(); ++j) {
    const auto& c = card.characteristic(j);
    characteristic_audit ca;
    ca.name = c.name;
    ca.woe = c.woe;
    const auto& pts = card.points(j);
    ca.points.assign(pts.begin(), pts.end());
    std::vector<double> bad_w(c.bins.size(), 0.0);
    ca.weight.assign(c.bins.size(), 0.0);
    for (std::size_t b = 0; b < c.bins.size(); ++b) ca.labels.push_back(c.bins.label(b));
    if (data.contains(c.name)) {
      const auto& col = data[c.name];
      for (std::size_t r = 0; r < data.rows(); ++r) {
        std::size_t b;
        if (col.is_numeric()) {
          b = c.bins.bin_of(col.values()[r]);
        } else {
          const auto code = col.codes()[r];
          b = code == column::missing_code ? c.bins.missing_bin()
                                           : c.bins.bin_of(std::string_view(col.dictionary()[static_cast<std::size_t>(code)]));
        }
        ca.weight[b] += data.weight(r);
        if (y[r]) bad_w[b] += data.weight(r);
      }
    }
    for (std::size_t b = 0; b < c.bins.size(); ++b)
      ca.bad_rate.push_back(ca.weight[b] > 0 ? bad_w[b] / ca.weight[b] : std::nan(""));
    a.characteristics.push_back(std::move(ca));
  }

  // Fairness by each requested group column, on the scored rows.
  if (!opt.groups.empty()) {
    const table scored = data.take(ok_rows);
    std::vector<double> s;
    for (auto r : ok_rows) s.push_back(a.scores[r]);
    for (const auto& g : opt.groups) {
      const auto groups = fairness::groups_from(scored, g.by);
      const auto counts = fairness::count_groups<double>(scored, groups, std::span<const double>(s), a.cutoff);
      const auto aucs = fairness::group_aucs<double>(groups, std::span<const double>(s), scored.target(),
                                                     scored.weights());
      auto fo = opt.fairness;
      fo.reference = g.reference;
      fo.confidence = opt.level;
      a.fairness.push_back({g.by.column, fairness::assess(counts, aucs, fo)});
    }
  }

  // --- the HTML report -----------------------------------------------------------------------
  auto& h = a.html;
  h.paragraph(std::to_string(a.rows) + " rows, " + std::to_string(a.scored) + " scored; cut-off " +
              detail::fmt(a.cutoff, 1) + " (approve at or above).");
  h.heading("Discrimination");
  h.table({"measure", "value"},
          {{"AUC", detail::fmt(a.auc)},
           {"AUC " + detail::fmt(100 * opt.level, 0) + "% interval (DeLong)",
            detail::fmt(a.auc_ci.lower) + " - " + detail::fmt(a.auc_ci.upper)},
           {"Gini", detail::fmt(a.gini)},
           {"accuracy ratio (CAP)", detail::fmt(a.accuracy_ratio)},
           {"KS", detail::fmt(a.ks)},
           {"KS reached at score", detail::fmt(a.ks_score, 2)}});
  {
    const auto roc = metrics::roc_curve(auc.rows(), direction::higher_is_safer);
    const auto cap = metrics::cap_curve(auc.rows(), direction::higher_is_safer);
    series r{"model", {}, {}}, c{"model", {}, {}}, kb{"bads", {}, {}}, kg{"goods", {}, {}};
    for (const auto& p : roc) {
      r.x.push_back(p.false_positive_rate);
      r.y.push_back(p.true_positive_rate);
    }
    for (const auto& p : cap) {
      c.x.push_back(p.population_share);
      c.y.push_back(p.bad_share);
    }
    // KS curve: cumulative shares of bads and goods at or below each score (riskiest first).
    for (std::size_t i = 1; i < roc.size(); ++i) {
      kb.x.push_back(roc[i].threshold);
      kb.y.push_back(roc[i].true_positive_rate);
      kg.x.push_back(roc[i].threshold);
      kg.y.push_back(roc[i].false_positive_rate);
    }
    if (kb.x.size() < 2) {  // one distinct score: draw the step from nothing to everything
      kb.x.insert(kb.x.begin(), kb.x.front() - 1);
      kb.y.insert(kb.y.begin(), 0.0);
      kg.x.insert(kg.x.begin(), kg.x.front() - 1);
      kg.y.insert(kg.y.begin(), 0.0);
    }
    h.open_grid();
    h.chart(line_chart({"roc", "ROC curve", "false positive rate (goods declined)", "true positive rate (bads declined)"},
                       {r}, true));
    h.chart(line_chart({"cap", "CAP curve", "share of applicants declined", "share of bads declined"}, {c}, true));
    h.chart(line_chart({"ks", "KS: cumulative share at or below the score", "score", "cumulative share"}, {kb, kg}));
    // Score distributions of goods and bads over the gains bands.
    std::vector<std::string> labels;
    bar_series gb{"goods", {}, {}, {}}, bb{"bads", {}, {}, {}};
    for (auto it = a.gains.begin(); it != a.gains.end(); ++it) {  // lowest scores first
      labels.push_back(detail::fmt(it->score_min, 0));
      gb.values.push_back(it->goods / std::max(1e-300, auc.rows().good_weight()));
      bb.values.push_back(it->bads / std::max(1e-300, auc.rows().bad_weight()));
    }
    h.chart(bar_chart({"score_distribution", "Score distribution (band's lowest score)", "score band", "share"},
                      labels, {gb, bb}));
    h.close_grid();
  }

  h.heading("Gains");
  {
    std::vector<std::vector<std::string>> rows;
    for (const auto& g : a.gains)
      rows.push_back({detail::fmt(g.score_min, 1) + " - " + detail::fmt(g.score_max, 1), std::to_string(g.rows),
                      detail::fmt(g.bads, 1), detail::fmt(g.bad_rate), detail::fmt(g.cum_bad_share),
                      detail::fmt(g.lift, 2), detail::fmt(g.approval_rate)});
    h.table({"score band (riskiest first)", "rows", "bads", "bad rate", "cumulative bads", "lift",
             "approval rate if declined up to here"},
            rows);
  }

  h.heading("Calibration");
  h.table({"measure", "value"},
          {{"Brier score", detail::fmt(a.brier)},
           {"log loss", detail::fmt(a.log_loss)},
           {"Hosmer-Lemeshow statistic", detail::fmt(a.hosmer_lemeshow.statistic, 3)},
           {"Hosmer-Lemeshow df", detail::fmt(a.hosmer_lemeshow.df, 0)},
           {"Hosmer-Lemeshow p-value", detail::fmt(a.hosmer_lemeshow.p_value)}});
  {
    series pred{"observed", {}, {}};
    std::vector<std::vector<std::string>> rows;
    for (const auto& c : a.calibration) {
      if (c.rows == 0) continue;
      pred.x.push_back(c.predicted);
      pred.y.push_back(c.observed);
      rows.push_back({detail::fmt(c.p_min) + " - " + detail::fmt(c.p_max), std::to_string(c.rows),
                      detail::fmt(c.predicted), detail::fmt(c.observed),
                      detail::fmt(c.observed_lower) + " - " + detail::fmt(c.observed_upper)});
    }
    if (pred.x.size() >= 2)
      h.chart(line_chart({"calibration", "Calibration: observed vs predicted bad rate", "predicted PD",
                          "observed bad rate"},
                         {pred}, true));
    h.table({"predicted PD band", "rows", "predicted", "observed", "Wilson interval"}, rows);
  }

  if (a.psi) {
    h.heading("Stability against the training scores");
    h.paragraph("PSI " + detail::fmt(a.psi->value) + ": " + metrics::to_string(a.psi->verdict) +
                " (< 0.1 stable, 0.1-0.25 some shift, > 0.25 major shift).");
  }

  h.heading("Characteristics");
  h.open_grid();
  for (const auto& c : a.characteristics) {
    bar_series woe{"WoE", c.woe, {}, {}}, br{"bad rate", {}, {}, {}};
    std::vector<std::string> labels;
    for (std::size_t b = 0; b < c.labels.size(); ++b) {
      if (c.weight[b] <= 0) continue;  // empty bins carry nothing to draw
      labels.push_back(c.labels[b]);
      br.values.push_back(c.bad_rate[b]);
    }
    woe.values.clear();
    for (std::size_t b = 0; b < c.labels.size(); ++b)
      if (c.weight[b] > 0) woe.values.push_back(c.woe[b]);
    if (labels.empty()) continue;
    h.chart(bar_chart({"woe_" + c.name, c.name + ": WoE and bad rate by bin", "bin", "WoE / bad rate"}, labels,
                      {woe, br}));
  }
  h.close_grid();

  for (const auto& f : a.fairness) {
    const auto& rep = f.report;
    h.heading("Fairness by " + f.column);
    std::vector<std::string> names;
    bar_series ar{"approval rate", {}, {}, {}};
    std::vector<std::vector<std::string>> rows;
    for (std::size_t g = 0; g < rep.groups.size(); ++g) {
      const auto& s = rep.groups[g];
      names.push_back(s.name);
      ar.values.push_back(s.approval_rate);
      ar.low.push_back(std::isnan(s.approval_rate_ci.lower) ? s.approval_rate : s.approval_rate_ci.lower);
      ar.high.push_back(std::isnan(s.approval_rate_ci.upper) ? s.approval_rate : s.approval_rate_ci.upper);
      rows.push_back({s.name + (g == rep.reference() ? " (reference)" : "") + (s.small ? " (small)" : ""),
                      std::to_string(s.rows), detail::fmt(s.approval_rate), detail::fmt(s.bad_rate),
                      detail::fmt(s.approval_rate_goods), detail::fmt(s.auc),
                      detail::fmt(rep.measures.adverse_impact_ratio.vs_reference[g]),
                      detail::fmt(rep.vs_reference[g].adverse_impact_ratio_ci.lower) + " - " +
                          detail::fmt(rep.vs_reference[g].adverse_impact_ratio_ci.upper),
                      rep.vs_reference[g].four_fifths ? "yes" : "no",
                      detail::fmt(rep.vs_reference[g].fisher.p_value)});
    }
    h.chart(bar_chart({"approval_" + f.column, "Approval rate by " + f.column + " (Wilson intervals)", f.column,
                       "approval rate"},
                      names, {ar}));
    h.table({"group", "rows", "approval rate", "bad rate", "approval among goods", "AUC", "adverse impact ratio",
             "AIR interval", "below four-fifths", "Fisher p-value"},
            rows);
    h.paragraph("Across groups: adverse impact ratio (min/max) " +
                detail::fmt(rep.measures.adverse_impact_ratio.across) + ", statistical parity difference (max-min) " +
                detail::fmt(rep.measures.statistical_parity_difference.across) +
                ", equal opportunity difference " + detail::fmt(rep.measures.equal_opportunity_difference.across) +
                ", equalized odds difference " + detail::fmt(rep.measures.equalized_odds_difference.across) + ".");
  }
  return a;
}

}  // namespace credo::report
