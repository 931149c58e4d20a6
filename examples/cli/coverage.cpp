// credo coverage --tradelines T.csv --persons P.csv [--inquiries I.csv]
//   [--rule default|thin:N] [--segment COL]... [--json]
// Who can be scored from the sources in the files, and what each source adds: alone,
// leave-one-out and Shapley value to the scoreable count, and the overlap between sources.
#include "commands.hpp"
#include "common.hpp"

#include <credo/coverage.hpp>
#include <credo/io/records.hpp>

#include <memory>

namespace credo::cli {

namespace {

struct rule_spec {
  bool thin = false;
  std::size_t minimum = 1;
};

rule_spec parse_rule(const std::string& s) {
  if (s == "default") return {};
  if (s.rfind("thin:", 0) == 0) {
    double v;
    if (io::detail::parse_number(s.substr(5), v) && v >= 1 && v == std::floor(v) && v < 1e6)
      return {true, static_cast<std::size_t>(v)};
  }
  CREDO_THROW(invalid_input, "credo.cli.bad_rule", "--rule " + s + ": use 'default' or 'thin:N' with N >= 1");
}

template <class Rule>
int run_coverage(const features::record_set& records, const Rule& rule, const std::string& rule_name,
                 const std::vector<std::string>& segments, bool as_json) {
  const auto pop = records.view();
  const coverage::source_analysis analysis(pop, rule);
  const auto all = analysis.all();
  const auto counts = analysis.coverage(all);
  const auto alone = analysis.alone();
  const auto loo = analysis.leave_one_out();
  const auto phi = analysis.shapley();
  const auto overlap = analysis.overlap();
  coverage::report_options ro;
  ro.segments = segments;
  const auto rep = coverage::report(pop, rule, ro);
  if (as_json) {
    using json = nlohmann::ordered_json;
    json sources = json::array();
    for (std::size_t s = 0; s < analysis.sources(); ++s)
      sources.push_back({{"name", records.sources[s]},
                         {"files", overlap[s][s]},
                         {"alone", alone[s]},
                         {"leave_one_out", loo[s]},
                         {"shapley", phi[s]},
                         {"overlap", overlap[s]}});
    json segs = json::array();
    for (const auto& seg : rep.segments) {
      json groups = json::array();
      for (std::size_t i = 0; i < seg.labels.size(); ++i)
        groups.push_back({{"value", seg.labels[i]},
                          {"persons", seg.counts[i].total()},
                          {"scoreable_share", seg.counts[i].share_scoreable()},
                          {"invisible_share", seg.counts[i].share_invisible()}});
      segs.push_back({{"segment", seg.column}, {"groups", groups}});
    }
    json doc = {{"coverage",
                 {{"rule", rule_name},
                  {"persons", counts.total()},
                  {"scoreable_share", counts.share_scoreable()},
                  {"unscoreable_share", counts.share_unscoreable()},
                  {"invisible_share", counts.share_invisible()},
                  {"sources", sources},
                  {"segments", segs}}}};
    emit(doc.dump(2) + "\n");
    return 0;
  }
  char line[256];
  std::ostringstream out;
  std::snprintf(line, sizeof line, "%zu persons, %zu sources, rule %s\n", pop.size(), analysis.sources(),
                rule_name.c_str());
  out << line;
  std::snprintf(line, sizeof line, "scoreable %.2f%%  with records but not scoreable %.2f%%  invisible %.2f%%\n\n",
                100 * counts.share_scoreable(), 100 * counts.share_unscoreable(), 100 * counts.share_invisible());
  out << line;
  std::snprintf(line, sizeof line, "  %-16s %10s %10s %10s %12s\n", "source", "files", "alone", "lost", "Shapley");
  out << line;
  for (std::size_t s = 0; s < analysis.sources(); ++s) {
    std::snprintf(line, sizeof line, "  %-16s %10.0f %10.0f %10.0f %12.2f\n", records.sources[s].c_str(),
                  overlap[s][s], alone[s], loo[s], phi[s]);
    out << line;
  }
  for (const auto& seg : rep.segments) {
    out << "\nby " << seg.column << ":\n";
    for (std::size_t i = 0; i < seg.labels.size(); ++i) {
      std::snprintf(line, sizeof line, "  %-16s persons %8.0f  scoreable %6.2f%%  invisible %6.2f%%\n",
                    seg.labels[i].c_str(), seg.counts[i].total(), 100 * seg.counts[i].share_scoreable(),
                    100 * seg.counts[i].share_invisible());
      out << line;
    }
  }
  emit(out.str());
  return 0;
}

}  // namespace

command add_coverage(CLI::App& app) {
  auto* sub = app.add_subcommand("coverage", "who is scoreable, and what each data source adds");
  struct opts {
    std::string tradelines, persons, inquiries, rule = "default";
    std::vector<std::string> segments;
    bool json = false;
  };
  auto o = std::make_shared<opts>();
  sub->add_option("--tradelines", o->tradelines, "tradelines CSV (canonical form)")->required();
  sub->add_option("--persons", o->persons, "persons CSV (person_id, as_of, ...)")->required();
  sub->add_option("--inquiries", o->inquiries, "inquiries CSV");
  sub->add_option("--rule", o->rule, "scoreability rule: default or thin:N")->capture_default_str();
  sub->add_option("--segment", o->segments, "break coverage down by this persons column")
      ->allow_extra_args(false);
  sub->add_flag("--json", o->json, "one JSON document on stdout");
  sub->footer(help_footer("credo coverage --tradelines tradelines.csv --persons persons.csv --segment region --json"));
  return [sub, o]() -> int {
    if (!sub->parsed()) return -1;
    const auto rule = parse_rule(o->rule);
    progress("reading records");
    const auto records = io::read_records(o->persons, o->tradelines, o->inquiries);
    progress_done();
    if (rule.thin) return run_coverage(records, coverage::min_accounts{rule.minimum}, o->rule, o->segments, o->json);
    return run_coverage(records, coverage::recent_and_seasoned{}, "default", o->segments, o->json);
  };
}

}  // namespace credo::cli
