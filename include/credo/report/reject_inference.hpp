// The report section of a scorecard fitted with reject inference (model/reject_inference.hpp):
// the known-good-bad (KGB) model beside the inferred one, their coefficients and points, and
// both cards on the audited data (AUCs, DeLong's paired test, bad rates by score band, the
// applicants one approves and the other declines) through report/challenger.hpp.
// docs/reject_inference.md says what the model file keeps for it.
#pragma once

#include <credo/detail/text.hpp>
#include <credo/report/challenger.hpp>
#include <credo/report/html.hpp>

#include <cmath>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace credo::report {

/// What the model file records of the reject inference that made the card.
struct reject_inference_record {
  std::string method;  ///< hard, fuzzy or parcel
  std::size_t accepts = 0, rejects = 0, rejects_left_out = 0;
  double accepts_bad_rate = 0, inferred_bad_rate = 0, augmented_bad_rate = 0;
  std::optional<double> cutoff_pd;            ///< hard
  double reject_weight = 1;
  std::optional<double> event_rate_increase;  ///< parcel
};

/// The section: `inferred` is the card audited (the model file's), `kgb` the known-good-bad
/// card it records, `on_data` their comparison on the audited rows (champion = inferred,
/// challenger = KGB).
template <class Card>
void add_reject_inference_section(html_document& h, const reject_inference_record& r, const Card& inferred,
                                  const Card& kgb, const challenger_comparison& on_data) {
  using credo::detail::format_fixed;
  using credo::detail::format_general;
  h.heading("Reject inference");
  std::string params = "reject weight " + format_general(r.reject_weight);
  if (r.cutoff_pd) params += ", cut-off PD " + format_general(*r.cutoff_pd);
  if (r.event_rate_increase) params += ", event rate increase " + format_general(*r.event_rate_increase);
  h.paragraph("Fitted with reject inference, method " + r.method + " (" + params + "): " + std::to_string(r.accepts) +
              " accepts with outcomes, " + std::to_string(r.rejects) + " rejects with inferred outcomes" +
              (r.rejects_left_out ? " (" + std::to_string(r.rejects_left_out) + " rejects the KGB card could not score left out)"
                                  : std::string()) +
              ".");
  h.table({"measure", "value"},
          {{"accepts' bad rate", format_fixed(r.accepts_bad_rate, 4)},
           {"rejects' inferred bad rate", format_fixed(r.inferred_bad_rate, 4)},
           {"augmented bad rate", format_fixed(r.augmented_bad_rate, 4)}},
          "Bad rates of the training data");
  // Coefficients: one line per characteristic of either card (the intercept first).
  std::vector<std::string> names;
  std::map<std::string, std::pair<std::string, std::string>> coef;
  const auto put = [&](const Card& c, bool is_kgb) {
    for (const auto& ch : c.characteristics()) {
      if (!coef.count(ch.name)) names.push_back(ch.name);
      auto& slot = coef[ch.name];
      (is_kgb ? slot.first : slot.second) = format_fixed(ch.coefficient, 4);
    }
  };
  put(kgb, true);
  put(inferred, false);
  std::vector<std::vector<std::string>> rows = {
      {"(intercept)", format_fixed(kgb.intercept(), 4), format_fixed(inferred.intercept(), 4)}};
  for (const auto& n : names)
    rows.push_back({n, coef[n].first.empty() ? "-" : coef[n].first, coef[n].second.empty() ? "-" : coef[n].second});
  h.table({"characteristic", "KGB coefficient", "inferred coefficient"}, rows,
          "Coefficients on WoE (each model on its own bins)");
  // Points, side by side: the bins differ (the binning is refitted on the augmented data).
  h.open_grid();
  for (const bool is_kgb : {true, false}) {
    std::vector<std::vector<std::string>> pts;
    for (const auto& p : (is_kgb ? kgb : inferred).points_table())
      pts.push_back({p.characteristic, p.bin, format_fixed(p.woe, 4), format_general(p.points)});
    h.table({"characteristic", "bin", "WoE", "points"}, pts, is_kgb ? "Points: KGB model" : "Points: inferred model");
  }
  h.close_grid();
  add_challenger_section(h, on_data, "inferred", "KGB", "KGB and inferred models on this data");
}

}  // namespace credo::report
