// The monitoring report of a scorecard over time (credo monitor --html): a self-contained HTML
// page of the figures metrics::finish_monitoring gives, period by period: the table of PSI,
// approval rate, bad rate, AUC and KS with the PSI verdicts; charts of them over the periods;
// each characteristic's CSI by period. Formulas: include/credo/metrics/monitoring.hpp and
// docs/monitoring.md.
#pragma once

#include <credo/detail/text.hpp>
#include <credo/metrics/monitoring.hpp>
#include <credo/report/html.hpp>
#include <credo/report/svg.hpp>

#include <cmath>
#include <string>
#include <vector>

namespace credo::report {

namespace detail {

inline std::string figure(double v, int decimals = 4) {
  return std::isnan(v) ? std::string("-") : credo::detail::format_fixed(v, decimals);
}

/// Whether every value can be drawn (a chart refuses NaN).
inline bool drawable(const std::vector<double>& v) {
  for (double x : v)
    if (!std::isfinite(x)) return false;
  return !v.empty();
}

}  // namespace detail

/// The monitoring page of `m` under `title`.
inline html_document monitoring_html(const metrics::monitoring_result& m, const std::string& title) {
  html_document h(title);
  using detail::figure;
  h.paragraph(std::to_string(m.rows) + " rows in " + std::to_string(m.periods.size()) + " periods, " +
              std::to_string(m.scored) + " scored; cut-off " + figure(m.cutoff, 2) +
              (m.cutoff_given ? " (given)" : " (the score whose PD is the observed bad rate)") +
              ", approve at or above. PSI and CSI against the training distribution kept in the model file: "
              "< 0.1 stable, 0.1-0.25 some shift, > 0.25 major shift.");
  if (m.periods.empty()) return h;

  std::vector<std::string> labels;
  std::vector<double> psi, approval, bad, auc, ks;
  std::vector<std::vector<std::string>> rows;
  for (const auto& p : m.periods) {
    labels.push_back(p.period);
    psi.push_back(p.psi ? p.psi->value : std::nan(""));
    approval.push_back(p.approval_rate);
    bad.push_back(p.bad_rate);
    auc.push_back(p.auc);
    ks.push_back(p.ks);
    rows.push_back({p.period, std::to_string(p.rows), std::to_string(p.scored), figure(psi.back()),
                    p.psi ? metrics::to_string(p.psi->verdict) : "-", figure(p.approval_rate), figure(p.bad_rate),
                    figure(p.auc), figure(p.ks)});
  }
  h.heading("Periods");
  h.table({"period", "rows", "scored", "PSI", "verdict", "approval rate", "bad rate", "AUC", "KS"}, rows);

  h.open_grid();
  if (detail::drawable(psi))
    h.chart(bar_chart({"monitor_psi", "PSI of the score by period", "period", "PSI"}, labels, {{"PSI", psi, {}, {}}}));
  {
    std::vector<bar_series> rates{{"approval rate", approval, {}, {}}};
    if (m.outcomes && detail::drawable(bad)) rates.push_back({"bad rate", bad, {}, {}});
    if (detail::drawable(approval))
      h.chart(bar_chart({"monitor_rates", "Approval and bad rate by period", "period", "rate"}, labels, rates));
  }
  if (m.outcomes) {
    std::vector<bar_series> power;
    if (detail::drawable(auc)) power.push_back({"AUC", auc, {}, {}});
    if (detail::drawable(ks)) power.push_back({"KS", ks, {}, {}});
    if (!power.empty())
      h.chart(bar_chart({"monitor_power", "AUC and KS by period", "period", "value"}, labels, power));
  }
  // CSI over the periods, one line per characteristic (period 1 = the first in the table).
  if (m.periods.size() >= 2) {
    std::vector<series> lines;
    const std::size_t J = m.periods.front().characteristics.size();
    for (std::size_t j = 0; j < J; ++j) {
      series s{m.periods.front().characteristics[j].name, {}, {}};
      bool ok = true;
      for (std::size_t t = 0; t < m.periods.size(); ++t) {
        const auto& c = m.periods[t].characteristics[j];
        ok = ok && c.csi.has_value();
        s.x.push_back(static_cast<double>(t + 1));
        s.y.push_back(c.csi ? c.csi->value : 0.0);
      }
      if (ok) lines.push_back(std::move(s));
    }
    if (!lines.empty())
      h.chart(line_chart({"monitor_csi", "CSI by period (1 = " + labels.front() + ")", "period", "CSI"}, lines));
  }
  h.close_grid();

  h.heading("Characteristic stability (CSI)");
  std::vector<std::string> header{"characteristic"};
  for (const auto& l : labels) header.push_back(l);
  std::vector<std::vector<std::string>> csi_rows;
  for (std::size_t j = 0; j < m.periods.front().characteristics.size(); ++j) {
    std::vector<std::string> r{m.periods.front().characteristics[j].name};
    for (const auto& p : m.periods) {
      const auto& c = p.characteristics[j];
      r.push_back(c.csi ? figure(c.csi->value) + (c.csi->verdict == metrics::stability_verdict::stable ? ""
                                                  : c.csi->verdict == metrics::stability_verdict::some_shift
                                                      ? " (some shift)"
                                                      : " (major shift)")
                        : std::string("-"));
    }
    csi_rows.push_back(std::move(r));
  }
  h.table(header, csi_rows);
  return h;
}

}  // namespace credo::report
