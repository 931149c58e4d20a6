// credo report MODEL.json DATA ... --challenger OTHER.json [--challenger-cutoff SCORE]
// The champion (MODEL) and the challenger score the same rows of DATA in one more pass: both
// AUCs with DeLong's paired test and the swap sets at the two cut-offs (report/challenger.hpp);
// a model file fitted with reject inference (credo fit --rejects) is compared the same way with
// the known-good-bad card it keeps (report/reject_inference.hpp). See docs/challenger.md.
#include "challenger.hpp"
#include "common.hpp"

#include <credo/detail/text.hpp>
#include <credo/io/model_file.hpp>

#include <cmath>
#include <cstdio>
#include <set>
#include <vector>

namespace credo::cli {

namespace {

using json = nlohmann::ordered_json;

json part_json(const report::swap_part& p) {
  return {{"rows", p.rows}, {"weight", p.weight}, {"bad_rate", number_or_null(p.bad_rate())}};
}

json comparison_json(const report::challenger_comparison& c) {
  json bands[2];
  for (int k = 0; k < 2; ++k) {
    bands[k] = json::array();
    for (const auto& b : k == 0 ? c.champion_bands : c.challenger_bands)
      bands[k].push_back({{"lower", json(io::detail::number_json(b.lower))}, {"upper", json(io::detail::number_json(b.upper))},
                          {"rows", b.part.rows}, {"weight", b.part.weight},
                          {"bad_rate", number_or_null(b.part.bad_rate())}});
  }
  return {{"rows", c.rows},
          {"compared", c.compared},
          {"champion_unscored", c.champion_unscored},
          {"challenger_unscored", c.challenger_unscored},
          {"auc", c.challenger_auc},
          {"auc_interval", {c.challenger_auc_interval.lower, c.challenger_auc_interval.upper}},
          {"champion_auc", c.champion_auc},
          {"champion_auc_interval", {c.champion_auc_interval.lower, c.champion_auc_interval.upper}},
          {"delong",
           {{"statistic", c.delong.z},
            {"p_value", c.delong.p_value},
            {"difference", c.delong.difference},
            {"difference_interval", {c.delong.difference_interval.lower, c.delong.difference_interval.upper}},
            {"covariance", c.delong.covariance}}},
          {"cutoff", c.challenger_cutoff},
          {"champion_cutoff", c.champion_cutoff},
          {"bad_rate", number_or_null(c.bad_rate)},
          {"swap_in", part_json(c.swap_in)},
          {"swap_out", part_json(c.swap_out)},
          {"both_approved", part_json(c.both_approved)},
          {"both_declined", part_json(c.both_declined)},
          {"champion_bands", bands[0]},
          {"challenger_bands", bands[1]}};
}

std::string rate_text(double v) { return std::isnan(v) ? std::string("-") : credo::detail::format_fixed(v, 4); }

std::string comparison_text(const report::challenger_comparison& c, const std::string& other) {
  char line[512];
  std::snprintf(line, sizeof line,
                "%s: AUC %.4f against %.4f (paired DeLong z %.3f, p %.4g) on %llu rows; swap-in %llu (bad rate %s), "
                "swap-out %llu (bad rate %s) at cut-offs %.2f and %.2f\n",
                other.c_str(), c.challenger_auc, c.champion_auc, c.delong.z, c.delong.p_value,
                static_cast<unsigned long long>(c.compared), static_cast<unsigned long long>(c.swap_in.rows),
                rate_text(c.swap_in.bad_rate()).c_str(), static_cast<unsigned long long>(c.swap_out.rows),
                rate_text(c.swap_out.bad_rate()).c_str(), c.champion_cutoff, c.challenger_cutoff);
  return line;
}

/// What a comparison pass gathers: one accumulator per compared card.
struct comparison_part {
  report::challenger_accumulator challenger, kgb;
  comparison_part& operator+=(const comparison_part& o) {
    challenger += o.challenger;
    kgb += o.kgb;
    return *this;
  }
  template <class Archive>
  void serialize(Archive& ar) {
    ar(challenger, kgb);
  }
};

}  // namespace

report_comparisons::report_comparisons(const std::string& model_path, const std::string& challenger_path)
    : challenger_path_(challenger_path) {
  if (!challenger_path.empty()) challenger_ = io::load_scorecard(challenger_path);
  const io::model_file_limits limits;
  const auto j = io::detail::reader::parse(io::detail::reader::read_file(model_path, limits.max_file_bytes),
                                           limits.max_file_bytes);
  if (!j.is_object() || !j.contains("reject_inference")) return;
  const auto& r = j["reject_inference"];
  try {
    record_.method = r.at("method").get<std::string>();
    record_.accepts = r.at("accepts").get<std::size_t>();
    record_.rejects = r.at("rejects").get<std::size_t>();
    record_.rejects_left_out = r.at("rejects_left_out").get<std::size_t>();
    record_.accepts_bad_rate = r.at("accepts_bad_rate").get<double>();
    record_.inferred_bad_rate = r.at("inferred_bad_rate").get<double>();
    record_.augmented_bad_rate = r.at("augmented_bad_rate").get<double>();
    const auto& p = r.at("parameters");
    record_.reject_weight = p.at("reject_weight").get<double>();
    if (p.contains("cutoff_pd")) record_.cutoff_pd = p["cutoff_pd"].get<double>();
    if (p.contains("event_rate_increase")) record_.event_rate_increase = p["event_rate_increase"].get<double>();
    (void)r.at("kgb_model");
  } catch (const nlohmann::json::exception& e) {
    CREDO_THROW(io_error, "credo.model_file.bad_reject_inference",
                "'" + model_path + "': reject_inference: " + std::string(e.what()));
  }
  kgb_ = io::scorecard_from_json(r["kgb_model"]);
}

io::csv_options report_comparisons::schema(const model::scorecard<>& card) const {
  auto opt = schema_options(card);
  for (const auto* other : {challenger_ ? &*challenger_ : nullptr, kgb_ ? &*kgb_ : nullptr}) {
    if (!other) continue;
    for (const auto& c : other->characteristics()) {
      const auto [it, inserted] = opt.types.emplace(c.name, c.bins.kind());
      if (!inserted && it->second != c.bins.kind())
        CREDO_THROW(invalid_input, "credo.cli.challenger_kind_mismatch",
                    "column " + credo::detail::quoted(c.name) + " is " + credo::to_string(it->second) +
                        " in one compared card and " + credo::to_string(c.bins.kind()) + " in another");
    }
  }
  return opt;
}

json report_comparisons::run(data_stream& in, const model::scorecard<>& card, double champion_cutoff,
                             std::optional<double> challenger_cutoff, report::html_document& html,
                             std::string& text) const {
  json out = json::object();
  if (!any()) return out;
  // A row with a cell that is not a number in a column a compared card uses is left out (the
  // audit's rule for its own card), so both cards of a comparison see the same rows.
  std::set<std::string> used;
  for (const auto* c : {&card, challenger_ ? &*challenger_ : nullptr, kgb_ ? &*kgb_ : nullptr})
    if (c)
      for (const auto& ch : c->characteristics()) used.insert(ch.name);
  chunk_bad_cells bad;
  std::vector<std::uint8_t> skip;
  const auto part = in.pass("comparing", comparison_part{}, [&](comparison_part& p, const io::csv_chunk& c) {
    skip.assign(c.data.rows(), 0);
    bad.each(in.stream(), c, [&](const std::string& column, std::size_t r) {
      if (used.count(column)) skip[r] = 1;
    });
    if (challenger_) p.challenger.add(c.data, card, *challenger_, skip);
    if (kgb_) p.kgb.add(c.data, card, *kgb_, skip);
  });
  if (kgb_) {
    const auto c = report::compare_challenger(part.kgb, card, *kgb_, champion_cutoff, std::nullopt);
    report::add_reject_inference_section(html, record_, card, *kgb_, c);
    json r = {{"method", record_.method},
              {"accepts", record_.accepts},
              {"rejects", record_.rejects},
              {"accepts_bad_rate", record_.accepts_bad_rate},
              {"inferred_bad_rate", record_.inferred_bad_rate},
              {"augmented_bad_rate", record_.augmented_bad_rate},
              {"kgb_on_data", comparison_json(c)}};
    out["reject_inference"] = std::move(r);
    text += comparison_text(c, "KGB model (reject inference " + record_.method + ")");
  }
  if (challenger_) {
    const auto c = report::compare_challenger(part.challenger, card, *challenger_, champion_cutoff, challenger_cutoff);
    report::add_challenger_section(html, c);
    json j = comparison_json(c);
    out["challenger"] = json{{"model", challenger_path_}};
    out["challenger"].update(j);
    text += comparison_text(c, "Challenger " + challenger_path_);
  }
  return out;
}

}  // namespace credo::cli
