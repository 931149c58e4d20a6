// credo coverage PERSONS TRADELINES [INQUIRIES]  |  --tradelines T.csv --persons P.csv [--inquiries I.csv]
//   [--rule default|thin:N] [--segment COL]... [--json]
// Who can be scored from the sources in the files, and what each source adds: alone,
// leave-one-out and Shapley value to the scoreable count, and the overlap between sources.
// Positional arguments are paths or quoted globs of shards read as a stream (the input
// contract of io/record_stream.hpp: grouped by person, each person in one shard): each
// shard's counts and source patterns are merged in shard order (job.hpp). The options read
// one set of files whole, in any order.
#include "commands.hpp"
#include "common.hpp"
#include "job.hpp"
#include "records_cli.hpp"

#include <credo/coverage.hpp>
#include <credo/io/record_stream.hpp>
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

/// One shard's (or several merged shards') coverage: the source summary and the counts by
/// segment, merged by source name and segment label. An accumulator for job::merge.
struct shard_coverage {
  coverage::source_summary sources;
  coverage::coverage_report report;
  bool filled = false;

  /// What a rank sends to rank 0 under MPI (credo/core/archive.hpp).
  template <class Archive>
  void serialize(Archive& ar) {
    ar(sources, report, filled);
  }

  shard_coverage& operator+=(const shard_coverage& o) {
    if (!o.filled) return *this;
    if (!filled) return *this = o;
    sources += o.sources;
    report.overall += o.report.overall;
    for (std::size_t j = 0; j < report.segments.size(); ++j) {
      auto& mine = report.segments[j];
      const auto& theirs = o.report.segments[j];
      for (std::size_t i = 0; i < theirs.labels.size(); ++i) {
        std::size_t at = 0;
        while (at < mine.labels.size() && mine.labels[at] != theirs.labels[i]) ++at;
        if (at == mine.labels.size()) {
          mine.labels.push_back(theirs.labels[i]);
          mine.counts.emplace_back();
        }
        mine.counts[at] += theirs.counts[i];
      }
      mine.missing += theirs.missing;
    }
    return *this;
  }
};

template <class Rule>
int print_coverage(const std::vector<std::string>& source_names,
                   const coverage::source_analysis<features::tradeline_record, features::inquiry_record, Rule>& analysis,
                   const coverage::coverage_report& rep, const std::string& rule_name, bool as_json);

template <class Rule>
int run_coverage(const features::record_set& records, const Rule& rule, const std::string& rule_name,
                 const std::vector<std::string>& segments, bool as_json) {
  const auto pop = records.view();
  const coverage::source_analysis analysis(pop, rule);
  coverage::report_options ro;
  ro.segments = segments;
  return print_coverage(records.sources, analysis, coverage::report(pop, rule, ro), rule_name, as_json);
}

template <class Rule>
int run_streamed(const std::vector<io::shard_files>& shards, const Rule& rule, const std::string& rule_name,
                 const std::vector<std::string>& segments, bool as_json, std::size_t block) {
  const job& j = current_job();  // under mpirun: this rank's block of shards
  coverage::report_options ro;
  ro.segments = segments;
  std::vector<std::pair<std::size_t, shard_coverage>> parts;
  for (const auto k : j.my_shards(shards.size())) {
    shard_coverage acc;
    io::shard_reader reader(shards[k]);
    features::record_set b;
    while (reader.next(b, block)) {
      const auto pop = b.view();
      const coverage::source_analysis analysis(pop, rule);
      shard_coverage part;
      part.sources = analysis.summary(b.sources, reader.tradeline_order(), reader.inquiry_only_order());
      part.report = coverage::report(pop, rule, ro);
      part.filled = true;
      acc += part;
      progress("coverage: shard " + std::to_string(k + 1) + " of " + std::to_string(shards.size()));
    }
    parts.emplace_back(k, std::move(acc));
  }
  auto all = j.merge(std::move(parts));
  if (!all.filled) {  // no person at all: the counts of an empty population
    for (const auto& name : segments) all.report.segments.push_back({name, {}, {}, {}});
  }
  const auto ordered = all.sources.ordered();
  const coverage::source_analysis<features::tradeline_record, features::inquiry_record, Rule> analysis(ordered, rule);
  return print_coverage(ordered.names, analysis, all.report, rule_name, as_json);
}

template <class Rule>
int print_coverage(const std::vector<std::string>& source_names,
                   const coverage::source_analysis<features::tradeline_record, features::inquiry_record, Rule>& analysis,
                   const coverage::coverage_report& rep, const std::string& rule_name, bool as_json) {
  const auto all = analysis.all();
  const auto counts = analysis.coverage(all);
  const auto alone = analysis.alone();
  const auto loo = analysis.leave_one_out();
  const auto phi = analysis.shapley();
  const auto overlap = analysis.overlap();
  if (as_json) {
    using json = nlohmann::ordered_json;
    json sources = json::array();
    for (std::size_t s = 0; s < analysis.sources(); ++s)
      sources.push_back({{"name", source_names[s]},
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
  std::snprintf(line, sizeof line, "%.0f persons, %zu sources, rule %s\n", counts.total(), analysis.sources(),
                rule_name.c_str());
  out << line;
  std::snprintf(line, sizeof line, "scoreable %.2f%%  with records but not scoreable %.2f%%  invisible %.2f%%\n\n",
                100 * counts.share_scoreable(), 100 * counts.share_unscoreable(), 100 * counts.share_invisible());
  out << line;
  std::snprintf(line, sizeof line, "  %-16s %10s %10s %10s %12s\n", "source", "files", "alone", "lost", "Shapley");
  out << line;
  for (std::size_t s = 0; s < analysis.sources(); ++s) {
    std::snprintf(line, sizeof line, "  %-16s %10.0f %10.0f %10.0f %12.2f\n", source_names[s].c_str(),
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
    std::string shard_persons, shard_tradelines, shard_inquiries;
    std::vector<std::string> segments;
    std::size_t block = 65536;
    bool json = false;
  };
  auto o = std::make_shared<opts>();
  sub->add_option("PERSONS", o->shard_persons, "persons CSV or a quoted glob of shards, read as a stream");
  sub->add_option("TRADELINES", o->shard_tradelines, "tradelines CSV or a quoted glob of shards");
  sub->add_option("INQUIRIES", o->shard_inquiries, "inquiries CSV or a quoted glob of shards");
  sub->add_option("--tradelines", o->tradelines, "tradelines CSV (canonical form), read whole");
  sub->add_option("--persons", o->persons, "persons CSV (person_id, as_of, ...), read whole");
  sub->add_option("--inquiries", o->inquiries, "inquiries CSV, read whole");
  sub->add_option("--block", o->block, "persons read at a time from a stream (memory, not the figures)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  sub->add_option("--rule", o->rule, "scoreability rule: default or thin:N")->capture_default_str();
  sub->add_option("--segment", o->segments, "break coverage down by this persons column")
      ->allow_extra_args(false);
  sub->add_flag("--json", o->json, "one JSON document on stdout");
  sub->footer(help_footer("credo coverage 'bureau/persons-*.csv' 'bureau/tradelines-*.csv' 'bureau/inquiries-*.csv' --segment region"));
  return [sub, o]() -> int {
    if (!sub->parsed()) return -1;
    const auto rule = parse_rule(o->rule);
    const bool streamed = !o->shard_persons.empty();
    if (streamed == !o->persons.empty() || (streamed && o->shard_tradelines.empty()) ||
        (!streamed && o->tradelines.empty()))
      CREDO_THROW(invalid_input, "credo.cli.coverage_input",
                  "give PERSONS TRADELINES [INQUIRIES] (streamed shards) or --persons and --tradelines, not both");
    if (streamed) {
      const auto shards = shard_list(o->shard_persons, o->shard_tradelines, o->shard_inquiries);
      if (rule.thin)
        return run_streamed(shards, coverage::min_accounts{rule.minimum}, o->rule, o->segments, o->json, o->block);
      return run_streamed(shards, coverage::recent_and_seasoned{}, "default", o->segments, o->json, o->block);
    }
    progress("reading records");
    const auto records = io::read_records(o->persons, o->tradelines, o->inquiries);
    progress_done();
    if (rule.thin) return run_coverage(records, coverage::min_accounts{rule.minimum}, o->rule, o->segments, o->json);
    return run_coverage(records, coverage::recent_and_seasoned{}, "default", o->segments, o->json);
  };
}

}  // namespace credo::cli
